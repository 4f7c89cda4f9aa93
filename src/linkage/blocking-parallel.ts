// Blocking on two threads. Each rule's keys depend only on the rule, and each rule's pairs only on the
// keys of the rules up to it, so the rules are shared out twice: first their keys (into shared
// arrays), then their pairs. The result is the one-thread result exactly: pairs in rule order, each
// rule's in the order one thread produces them.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WorkerClient } from '../threads/worker-client.js';
import { blockRuleStep, generatePairsOf, PairList, releaseBlockingScratch, rulePairsStep, type BlockingJob, type BlockingResult, type RuleBlocks, type RuleKeys } from './blocking.js';

/** Below this many rows one thread is faster than starting a worker. */
const MIN_ROWS_FOR_WORKER = 100_000;

const WORKER_FILE = fileURLToPath(new URL('./blocking-worker.js', import.meta.url));

export type BlockingRequest =
  | { step: 'keys'; rules: number[] }
  | { step: 'pairs'; rules: number[]; sizes: number[]; pairsAtMost: number[] };

export type BlockingReply =
  | { step: 'keys'; rules: Array<{ r: number; blocks: RuleBlocks; size: number }> }
  | { step: 'pairs'; rules: Array<{ r: number; left: Int32Array; right: Int32Array; rule: Uint8Array; count: number }> };

/**
 * Indices split between two threads so their summed costs are close: largest first, each to the
 * lighter side (ties to the first). Deterministic.
 */
export function splitByCost(costs: readonly number[]): [number[], number[]] {
  const order = costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
  const sides: [number[], number[]] = [[], []];
  const load = [0, 0];
  for (const i of order) {
    const s = load[1] < load[0] ? 1 : 0;
    sides[s].push(i);
    load[s] += costs[i];
  }
  return [sides[0].sort((a, b) => a - b), sides[1].sort((a, b) => a - b)];
}

/** Candidate pairs of a blocking job: on two threads when it pays, else on this one. */
export async function blockPairs(job: BlockingJob, threads: number): Promise<BlockingResult> {
  // The worker needs the compiled JavaScript; under the test runner (TypeScript sources) we stay in-thread.
  if (threads < 2 || job.rules.length < 2 || job.rows < MIN_ROWS_FOR_WORKER || !existsSync(WORKER_FILE)) return generatePairsOf(job);
  const cells = job.rules.length * job.rows;
  const all: RuleKeys = { keys: new Int32Array(new SharedArrayBuffer(cells * 4)), skipped: new Uint8Array(new SharedArrayBuffer(cells)), sizes: [] };
  const worker = new WorkerClient<BlockingRequest, BlockingReply>(new Worker(WORKER_FILE, { workerData: { job, keys: all.keys, skipped: all.skipped } }), 'blocking worker');
  try {
    // First step: a rule's keys cost about one pass per key.
    const [mine, theirs] = splitByCost(job.rules.map((rule) => rule.keys.length));
    const keysAnswer = worker.ask({ step: 'keys', rules: theirs });
    const blocks: RuleBlocks[] = [];
    for (const r of mine) blocks[r] = blockRuleStep(job, all, r);
    const keysReply = await keysAnswer;
    if (keysReply.step !== 'keys') throw new Error('blocking worker: unexpected reply');
    for (const x of keysReply.rules) {
      blocks[x.r] = x.blocks;
      all.sizes[x.r] = x.size;
    }
    // Second step: a rule's pairs cost about its candidate pairs times the earlier rules looked back
    // at, plus grouping its rows.
    const pairsAtMost = blocks.map((b) => b.pairsAtMost);
    const [mine2, theirs2] = splitByCost(pairsAtMost.map((p, r) => p * (r + 1) + 2 * job.rows));
    const pairsAnswer = worker.ask({ step: 'pairs', rules: theirs2, sizes: all.sizes, pairsAtMost });
    const lists: PairList[] = [];
    for (const r of mine2) lists[r] = rulePairsStep(job, all, r, pairsAtMost[r]);
    releaseBlockingScratch();
    const pairsReply = await pairsAnswer;
    if (pairsReply.step !== 'pairs') throw new Error('blocking worker: unexpected reply');
    for (const x of pairsReply.rules) lists[x.r] = PairList.of(x.left, x.right, x.rule, x.count);
    const pairs = new PairList(Math.max(16, lists.reduce((n, l) => n + l.count, 0)));
    const rules = blocks.map((b, r) => {
      pairs.append(lists[r]);
      return { ...b.stats, pairs: lists[r].count };
    });
    return { pairs, rules, threads: 2 };
  } finally {
    await worker.close();
  }
}
