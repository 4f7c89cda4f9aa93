// Blocking on two threads: the compiled module (dist/, built by `npm test`) starts a real worker
// above 100,000 rows, which the test runner's TypeScript sources never do. Its pairs and statistics
// must be exactly those of one thread, in dedupe and link mode, with blocks skipped for their size
// (a later rule must still produce their pairs) and a number key.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BlockingRule } from '../../schemas/linkage.js';
import { blockingJob, generatePairs, type BlockingResult, type PairList } from '../../src/linkage/blocking.js';
import { splitByCost, type blockPairs as BlockPairs } from '../../src/linkage/blocking-parallel.js';
import { randomInt, rng, table, tablePair, type Kinds, type Row } from './fixtures.js';

const compiled = (await import(pathToFileURL(join(import.meta.dirname, '../../dist/src/linkage/blocking-parallel.js')).href)) as { blockPairs: typeof BlockPairs };

const KINDS: Kinds = { family: 'string', given: 'string', year: 'number', commune: 'string' };

const RULES: BlockingRule[] = [
  { name: 'family + given', keys: ['family', 'given'] },
  // 40 communes of ~2,500 records: every block is skipped (maximum 2,000), so later rules produce them.
  { name: 'commune', keys: ['commune'] },
  { name: 'family + year', keys: ['family', 'year'] },
  { name: 'given + year + commune', keys: ['given', 'year', 'commune'] },
  { name: 'given + commune', keys: ['given', 'commune'] },
];

function rows(seed: number, n: number): Row[] {
  const rand = rng(seed);
  const maybe = <T>(v: T): T | null => (rand() < 0.1 ? null : v);
  return Array.from({ length: n }, () => ({
    family: maybe(`f${randomInt(rand, 2000)}`),
    given: maybe(`g${randomInt(rand, 300)}`),
    year: maybe(2010 + randomInt(rand, 10)),
    commune: maybe(`c${randomInt(rand, 40)}`),
  }));
}

function expectSame(got: BlockingResult, want: BlockingResult): void {
  const arrays = (p: PairList) => [p.left, p.right, p.rule].map((a) => Buffer.from(a.buffer, a.byteOffset, p.count * a.BYTES_PER_ELEMENT));
  expect(got.pairs.count).toBe(want.pairs.count);
  const [gl, gr, gu] = arrays(got.pairs);
  const [wl, wr, wu] = arrays(want.pairs);
  expect(gl.equals(wl) && gr.equals(wr) && gu.equals(wu)).toBe(true);
  expect(got.rules).toEqual(want.rules);
}

describe('blocking on two threads (compiled)', () => {
  it('dedupe: the pairs and statistics of one thread, in the same order', async () => {
    const t = table(KINDS, rows(1, 110_000));
    const want = generatePairs('dedupe', t, t, RULES, 2000);
    expect(want.rules[1].skippedBlocks).toBe(40);
    expect(want.pairs.count).toBeGreaterThan(500_000);
    const got = await compiled.blockPairs(blockingJob('dedupe', t, t, RULES, 2000), 2);
    expect(got.threads).toBe(2); // the worker ran
    expectSame(got, want);
  });

  it('link: the pairs and statistics of one thread, in the same order', async () => {
    const { left, right } = tablePair(KINDS, rows(2, 70_000), rows(3, 40_000));
    const want = generatePairs('link', left, right, RULES, 2000);
    const got = await compiled.blockPairs(blockingJob('link', left, right, RULES, 2000), 2);
    expect(got.threads).toBe(2);
    expectSame(got, want);
  });

  it('stays on one thread for small jobs and for one thread', async () => {
    const t = table(KINDS, rows(4, 5_000));
    expect((await compiled.blockPairs(blockingJob('dedupe', t, t, RULES, 2000), 2)).threads).toBe(1);
    const big = table(KINDS, rows(5, 110_000));
    expect((await compiled.blockPairs(blockingJob('dedupe', big, big, RULES, 2000), 1)).threads).toBe(1);
  });
});

describe('splitByCost', () => {
  it.each([
    { costs: [1, 4, 3, 2, 3, 3, 3], sides: [[0, 1, 3, 5], [2, 4, 6]] },
    { costs: [10, 1, 1, 1], sides: [[0], [1, 2, 3]] },
    { costs: [5, 5], sides: [[0], [1]] },
    { costs: [7], sides: [[0], []] },
  ])('$costs → $sides', ({ costs, sides }) => {
    expect(splitByCost(costs)).toEqual(sides);
  });

  it('keeps every index once and the two loads within the largest cost', () => {
    const rand = rng(9);
    for (let trial = 0; trial < 200; trial++) {
      const costs = Array.from({ length: 1 + randomInt(rand, 12) }, () => randomInt(rand, 1000));
      const [a, b] = splitByCost(costs);
      expect([...a, ...b].sort((x, y) => x - y)).toEqual(costs.map((_, i) => i));
      const load = (s: number[]) => s.reduce((n, i) => n + costs[i], 0);
      expect(Math.abs(load(a) - load(b))).toBeLessThanOrEqual(Math.max(...costs));
    }
  });
});
