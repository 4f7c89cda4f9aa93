// The comparison workers themselves: the compiled module (dist/, built by `npm test`) starts real
// worker threads above 200,000 candidate pairs, which the test runner's TypeScript sources never do.
// Their levels must equal the single-thread levels, for a dedupe job and a link job with a
// dictionary shared between both tables.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ComparisonSpec } from '../../schemas/linkage.js';
import { PairList } from '../../src/linkage/blocking.js';
import { compareRange, type compareAllPairs as CompareAllPairs } from '../../src/linkage/parallel.js';
import { day, FAMILY, GIVEN, MIDDLE, NAME_COMPARISON, pick, randomInt, rng, settings, table, tablePair, typo, type Kinds, type Row } from './fixtures.js';

const compiled = (await import(pathToFileURL(join(import.meta.dirname, '../../dist/src/linkage/parallel.js')).href)) as { compareAllPairs: typeof CompareAllPairs };

const KINDS: Kinds = { name: 'string', given: 'string', birth: 'date', sex: 'number', village: 'string', cid: 'string' };

// Two features compared as text (name, given), so the workers need two dictionaries.
const COMPARISONS: ComparisonSpec[] = [
  NAME_COMPARISON,
  { name: 'given name', requires: ['given'], levels: [{ label: 'similar', when: { jaroWinkler: 'given', min: 0.9 } }, { label: 'different', when: 'else' }] },
  { name: 'birth date', requires: ['birth'], levels: [{ label: 'exact', when: { date: 'birth', is: 'exact' } }, { label: 'near', when: { date: 'birth', is: 'withinDays', days: 3 } }, { label: 'different', when: 'else' }] },
  { name: 'sex', requires: ['sex'], levels: [{ label: 'same', when: { exact: 'sex' } }, { label: 'different', when: 'else' }] },
  { name: 'village', requires: ['village'], levels: [{ label: 'same', when: { exact: 'village' } }, { label: 'different', when: 'else' }] },
];
const SETTINGS = settings({ blocking: [{ name: 'village', keys: ['village'] }], comparisons: COMPARISONS, training: ['village'], seed: 3 });

function rows(seed: number, n: number): Row[] {
  const rand = rng(seed);
  return Array.from({ length: n }, () => {
    const given = pick(rand, GIVEN);
    const name = `${pick(rand, FAMILY)} ${pick(rand, MIDDLE)} ${given}`;
    return {
      name: rand() < 0.2 ? typo(rand, name) : name,
      given,
      birth: rand() < 0.1 ? null : day(2015 + randomInt(rand, 4), 1 + randomInt(rand, 12), 1 + randomInt(rand, 28)),
      sex: 1 + randomInt(rand, 2),
      village: `v${randomInt(rand, 30)}`,
      cid: `0141${String(randomInt(rand, 1e8)).padStart(8, '0')}`,
    };
  });
}

function randomPairs(seed: number, count: number, left: number, right: number): PairList {
  const rand = rng(seed);
  const pairs = new PairList(count);
  for (let p = 0; p < count; p++) pairs.push(randomInt(rand, left), randomInt(rand, right), 0);
  return pairs;
}

describe('comparison workers (compiled)', () => {
  it('a dedupe job: the levels of 2 threads equal one thread', async () => {
    const t = table(KINDS, rows(1, 3000));
    const pairs = randomPairs(2, 450_000, t.size, t.size);
    const expected = new Int8Array(pairs.count * COMPARISONS.length);
    compareRange({ left: t, right: t, settings: SETTINGS }, pairs.left, pairs.right, 0, pairs.count, expected);
    const got = await compiled.compareAllPairs({ left: t, right: t, settings: SETTINGS, threads: 2 }, pairs);
    expect(got.buffer).toBeInstanceOf(SharedArrayBuffer); // the workers ran
    expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(expected.buffer))).toBe(true);
  });

  it('a link job: the levels of 2 threads equal one thread', async () => {
    const { left, right } = tablePair(KINDS, rows(3, 2000), rows(4, 2500));
    const pairs = randomPairs(5, 450_000, left.size, right.size);
    const expected = new Int8Array(pairs.count * COMPARISONS.length);
    compareRange({ left, right, settings: SETTINGS }, pairs.left, pairs.right, 0, pairs.count, expected);
    const got = await compiled.compareAllPairs({ left, right, settings: SETTINGS, threads: 2 }, pairs);
    expect(got.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(expected.buffer))).toBe(true);
  });
});
