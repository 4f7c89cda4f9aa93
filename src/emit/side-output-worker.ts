// Worker thread: writes discrepancies.csv and the commune worklists while the main thread writes the
// other CSV outputs.
import { parentPort, workerData } from 'node:worker_threads';
import { writeSideOutputs, type SideOutputOptions } from './side-outputs.js';

writeSideOutputs(workerData as SideOutputOptions).then(
  (result) => parentPort!.postMessage({ ok: true, result }),
  (err: unknown) => parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) }),
);
