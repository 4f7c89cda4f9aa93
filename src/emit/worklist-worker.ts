// Worker thread: writes the commune worklists while the main thread writes the CSV outputs.
import { parentPort, workerData } from 'node:worker_threads';
import { writeWorklists, type WorklistOptions } from './worklists.js';

// The time they took, sent with the result (performance.now() counts from the process's start here).
const started = performance.now();
writeWorklists(workerData as WorklistOptions).then(
  (result) => parentPort!.postMessage({ ok: true, result, ms: Math.round(performance.now() - started) }),
  (err: unknown) => parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) }),
);
