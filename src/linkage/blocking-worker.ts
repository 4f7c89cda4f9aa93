// Worker thread: the blocking steps of the rules the main thread hands it (see blocking-parallel.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { blockRuleStep, releaseBlockingScratch, rulePairsStep, type BlockingJob, type RuleKeys } from './blocking.js';
import type { BlockingReply, BlockingRequest } from './blocking-parallel.js';

const data = workerData as { job: BlockingJob; keys: Int32Array; skipped: Uint8Array };
const all: RuleKeys = { keys: data.keys, skipped: data.skipped, sizes: [] };

parentPort!.on('message', (m: BlockingRequest) => {
  if (m.step === 'keys') {
    const reply: BlockingReply = { step: 'keys', rules: m.rules.map((r) => ({ r, blocks: blockRuleStep(data.job, all, r), size: all.sizes[r] })) };
    parentPort!.postMessage(reply);
    return;
  }
  all.sizes = m.sizes;
  const lists = m.rules.map((r) => ({ r, list: rulePairsStep(data.job, all, r, m.pairsAtMost[r]) }));
  releaseBlockingScratch();
  const reply: BlockingReply = { step: 'pairs', rules: lists.map(({ r, list }) => ({ r, left: list.left, right: list.right, rule: list.rule, count: list.count })) };
  parentPort!.postMessage(reply, lists.flatMap(({ list }) => [list.left.buffer as ArrayBuffer, list.right.buffer as ArrayBuffer, list.rule.buffer as ArrayBuffer]));
});
