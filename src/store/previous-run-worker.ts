// Worker thread: reads the last successful run's snapshot as soon as the run starts, then answers the
// run's questions (its entity ids; the changes from it to tonight's snapshot). See previous-run.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { changesSince, readPreviousSnapshot, type PreviousRunReply, type PreviousRunRequest, type PreviousSnapshot } from './previous-run.js';

let previous: PreviousSnapshot | null = null;
let failure = '';
try {
  previous = readPreviousSnapshot((workerData as { storePath: string }).storePath);
} catch (err) {
  failure = (err as Error).message;
}

function answer(request: PreviousRunRequest, snapshot: PreviousSnapshot): PreviousRunReply {
  if (request.kind === 'entities') return { kind: 'entities', recordIds: snapshot.recordIds, entityIds: snapshot.entityIds };
  return { kind: 'changes', changes: changesSince(snapshot, request.current) };
}

parentPort!.on('message', (request: PreviousRunRequest) => {
  let reply: PreviousRunReply;
  try {
    reply = previous === null ? { kind: 'failed', message: failure } : answer(request, previous);
  } catch (err) {
    reply = { kind: 'failed', message: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
