// Worker thread: writes the commune worklists while the main thread writes the CSV outputs.
import { parentPort, workerData } from 'node:worker_threads';
import { writeWorklists, type WorklistOptions } from './worklists.js';

writeWorklists(workerData as WorklistOptions).then(
  (result) => parentPort!.postMessage({ ok: true, result }),
  (err: unknown) => parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) }),
);
