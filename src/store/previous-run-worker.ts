// Worker thread: reads the last successful run's snapshot, hands the entity ids to the run at once,
// and computes the changes when the run sends its own snapshot (see previous-run.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { changesSince, readSnapshotFile, type CurrentSnapshot, type PreviousRunReply, type PreviousSnapshot } from './previous-run.js';

const reply = (m: PreviousRunReply): void => parentPort!.postMessage(m);
let previous: PreviousSnapshot | null = null;
try {
  previous = readSnapshotFile((workerData as { storePath: string }).storePath);
  reply({ kind: 'entities', recordIds: previous.recordIds, entityIds: previous.entityIds });
} catch (err) {
  reply({ kind: 'failed', message: (err as Error).message });
}

parentPort!.on('message', (current: CurrentSnapshot) => {
  try {
    reply({ kind: 'changes', changes: changesSince(previous!, current) });
  } catch (err) {
    reply({ kind: 'failed', message: (err as Error).message });
  }
});
