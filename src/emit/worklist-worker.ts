// Worker thread: writes the commune worklists while the main thread writes the CSV outputs.
import { parentPort, workerData } from 'node:worker_threads';
import { writeWorklists, type WorklistOptions } from './worklists.js';

// performance.now() here counts from this thread's start: the worker's whole time, sent with the result.
writeWorklists(workerData as WorklistOptions).then(
  (result) => parentPort!.postMessage({ ok: true, result, ms: Math.round(performance.now()) }),
  (err: unknown) => parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) }),
);
