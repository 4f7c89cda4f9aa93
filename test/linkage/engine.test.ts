import { beforeAll, describe, expect, it } from 'vitest';
import type { ComparisonSpec, LinkageSettings, TrainedModel } from '../../schemas/linkage.js';
import {
  biasedComparisons,
  compileAll,
  explainPair,
  probabilityOfWeight,
  runLinkage,
  scorePair,
  scoringContext,
  tfAdjustment,
  weightOfProbability,
  type LinkResult,
} from '../../src/linkage/engine.js';
import { featuresOf } from '../../src/linkage/comparisons.js';
import { buildModel } from '../../src/linkage/model.js';
import { comparedFeatures, compareRange, portable } from '../../src/linkage/parallel.js';
import type { FeatureTable, StringColumn } from '../../src/linkage/table.js';
import { day, FAMILY, GIVEN, MIDDLE, pick, randomInt, rng, settings, table, tablePair, typo, type Kinds, type Row } from './fixtures.js';

const KINDS: Kinds = { name: 'string', family: 'string', given: 'string', birth: 'date', birth_year: 'number', sex: 'number', village: 'string', cid: 'string' };

interface Dataset {
  rows: Row[];
  /** Person of each record (ground truth). */
  person: number[];
}

/**
 * `people` children, a quarter of them entered twice with the mistakes of re-entered records: a
 * typo in the name, a birth date off by a day or with day and month swapped, a missing birth date.
 * 70% carry a citizen ID; a duplicate repeats it 60% of the time.
 */
function synthetic(seed: number, people: number): Dataset {
  const rand = rng(seed);
  const rows: Row[] = [];
  const person: number[] = [];
  for (let p = 0; p < people; p++) {
    const family = pick(rand, FAMILY);
    const given = pick(rand, GIVEN);
    const name = `${family} ${pick(rand, MIDDLE)} ${given}`;
    const year = 2012 + randomInt(rand, 9);
    const month = 1 + randomInt(rand, 12);
    const dom = 1 + randomInt(rand, 28);
    const cid = rand() < 0.7 ? `0141${String(year % 100).padStart(2, '0')}${String(100000 + p).padStart(6, '0')}` : null;
    const base: Row = { name, family, given, birth: day(year, month, dom), birth_year: year, sex: 1 + randomInt(rand, 2), village: `v${randomInt(rand, 40)}`, cid };
    rows.push(base);
    person.push(p);
    if (rand() < 0.25) {
      const dup: Row = { ...base, cid: cid && rand() < 0.6 ? cid : null };
      if (rand() < 0.5) {
        const n = typo(rand, name);
        dup.name = n;
        dup.given = n.split(' ').at(-1) ?? given;
      }
      const r = rand();
      if (r < 0.15) dup.birth = day(year, month, dom < 28 ? dom + 1 : dom - 1);
      else if (r < 0.25 && dom <= 12 && dom !== month) dup.birth = day(year, dom, month);
      else if (r < 0.3) dup.birth = null;
      if (rand() < 0.1) dup.village = `v${randomInt(rand, 40)}`;
      rows.push(dup);
      person.push(p);
    }
  }
  return { rows, person };
}

const COMPARISONS: ComparisonSpec[] = [
  {
    name: 'name',
    requires: ['name'],
    levels: [
      { label: 'exact', when: { exact: 'name' }, tf: 'name' },
      { label: 'one typo', when: { levenshtein: 'name', max: 1 } },
      { label: 'similar', when: { jaroWinkler: 'name', min: 0.9 } },
      { label: 'different', when: 'else' },
    ],
  },
  {
    name: 'birth date',
    requires: ['birth'],
    levels: [
      { label: 'exact', when: { date: 'birth', is: 'exact' } },
      { label: 'swapped', when: { date: 'birth', is: 'swapped' } },
      { label: 'one day apart', when: { date: 'birth', is: 'withinDays', days: 1 } },
      { label: 'same year', when: { date: 'birth', is: 'sameYear' } },
      { label: 'different', when: 'else' },
    ],
  },
  { name: 'sex', requires: ['sex'], levels: [{ label: 'same', when: { exact: 'sex' } }, { label: 'different', when: 'else' }] },
  { name: 'village', requires: ['village'], levels: [{ label: 'same', when: { exact: 'village' } }, { label: 'different', when: 'else' }] },
];

const SETTINGS: LinkageSettings = settings({
  blocking: [
    { name: 'same id', keys: ['cid'] },
    { name: 'given + year', keys: ['given', 'birth_year'] },
    { name: 'family + village', keys: ['family', 'village'] },
  ],
  comparisons: COMPARISONS,
  training: ['same id', 'given + year', 'family + village'],
  uSamplePairs: 100_000,
  seed: 5,
});

const DATA = synthetic(2026, 2000);
const T = table(KINDS, DATA.rows);

describe('runLinkage, dedupe, on 2,000 synthetic children with duplicates', () => {
  let res: LinkResult;
  beforeAll(async () => {
    res = await runLinkage({ mode: 'dedupe', left: T, right: T, settings: SETTINGS, labelFeature: 'cid' });
  });

  it('produces candidate pairs from every rule, and one level per comparison and pair', () => {
    expect(res.pairs.count).toBeGreaterThan(5000);
    expect(res.blocking.map((b) => b.name)).toEqual(['same id', 'given + year', 'family + village']);
    for (const b of res.blocking) expect(b.pairs).toBeGreaterThan(0);
    expect(res.levels.length).toBe(res.pairs.count * COMPARISONS.length);
    expect(res.weights.length).toBe(res.pairs.count);
    const compiled = compileAll(COMPARISONS, T, T);
    const C = COMPARISONS.length;
    for (let p = 0; p < res.pairs.count; p += 7) {
      for (let c = 0; c < C; c++) if (res.levels[p * C + c] !== compiled[c](res.pairs.left[p], res.pairs.right[p])) throw new Error(`pair ${p} comparison ${c}`);
    }
  });

  it('trains weights: agreeing levels count for a pair, different levels against it', () => {
    for (const c of res.model.comparisons) {
      const first = c.levels[0].weight;
      const last = c.levels[c.levels.length - 1].weight;
      expect(first, c.name).toBeGreaterThan(last);
      expect(first, c.name).toBeGreaterThan(0);
      expect(last, c.name).toBeLessThan(0);
      for (const l of c.levels) {
        expect(l.weight).toBeCloseTo(Math.log2(l.m / l.u), 9);
        expect(l.m).toBeGreaterThan(0);
        expect(l.u).toBeGreaterThan(0);
      }
    }
    const name = res.model.comparisons[0].levels;
    expect(name[1].weight).toBeGreaterThan(name[3].weight); // one typo is evidence of a match
    expect(res.model.lambda).toBeGreaterThan(0);
    expect(res.model.lambda).toBeLessThan(0.01);
    expect(res.model.training.sessions).toEqual(['same id', 'given + year', 'family + village']);
    expect(res.model.training.candidatePairs).toBe(res.pairs.count);
    expect(res.model.training.uSamplePairs).toBe(100_000);
  });

  it('counts the labelled pairs (candidate pairs sharing the label feature)', () => {
    const byId = new Map<string, number>();
    for (const r of DATA.rows) if (typeof r.cid === 'string') byId.set(r.cid, (byId.get(r.cid) ?? 0) + 1);
    let expected = 0;
    for (const n of byId.values()) expected += (n * (n - 1)) / 2;
    expect(expected).toBeGreaterThan(50);
    expect(res.model.training.labelledPairs).toBe(expected);
  });

  it('separates duplicates from other candidate pairs', () => {
    let dupPairs = 0;
    let dupFound = 0;
    let others = 0;
    let othersAbove = 0;
    for (let p = 0; p < res.pairs.count; p++) {
      const same = DATA.person[res.pairs.left[p]] === DATA.person[res.pairs.right[p]];
      const prob = probabilityOfWeight(res.weights[p]);
      if (same) {
        dupPairs++;
        if (prob >= 0.5) dupFound++;
      } else {
        others++;
        if (prob >= 0.5) othersAbove++;
      }
    }
    expect(dupPairs).toBeGreaterThan(400);
    expect(dupFound / dupPairs).toBeGreaterThan(0.9);
    expect(othersAbove / others).toBeLessThan(0.01);
  });

  it('weights are the prior plus the level weights and term-frequency adjustments (scorePair)', () => {
    const ctx = scoringContext(COMPARISONS, res.model, T, T, 'dedupe');
    expect(ctx.prior).toBeCloseTo(Math.log2(res.model.lambda / (1 - res.model.lambda)), 9);
    const C = COMPARISONS.length;
    for (let p = 0; p < res.pairs.count; p += 13) {
      const w = scorePair(ctx, res.levels, p * C, res.pairs.left[p]);
      if (Math.abs(w - res.weights[p]) > 1e-3) throw new Error(`pair ${p}: ${w} vs ${res.weights[p]}`);
    }
  });

  it('explainPair: prior + rows = total weight = the pair’s weight; missing comparisons weigh 0', () => {
    const ctx = scoringContext(COMPARISONS, res.model, T, T, 'dedupe');
    const compiled = compileAll(COMPARISONS, T, T);
    let missingSeen = 0;
    let tfSeen = 0;
    for (let p = 0; p < res.pairs.count; p += 11) {
      const i = res.pairs.left[p];
      const j = res.pairs.right[p];
      const e = explainPair(ctx, compiled, T, T, i, j);
      const sum = e.prior + e.rows.reduce((s, r) => s + r.weight + r.tfAdjustment, 0);
      expect(e.totalWeight).toBeCloseTo(sum, 9);
      expect(Math.abs(e.totalWeight - res.weights[p])).toBeLessThan(1e-3);
      expect(e.probability).toBeCloseTo(probabilityOfWeight(e.totalWeight), 12);
      expect(e.rows.map((r) => r.comparison)).toEqual(COMPARISONS.map((c) => c.name));
      expect(e.rows[0].left).toBe(DATA.rows[i].name);
      expect(e.rows[0].right).toBe(DATA.rows[j].name);
      const birth = e.rows[1];
      if (!DATA.rows[i].birth || !DATA.rows[j].birth) {
        missingSeen++;
        expect(birth.level).toBe('(missing)');
        expect(birth.weight).toBe(0);
      } else expect(birth.level).toBe(COMPARISONS[1].levels[res.levels[p * COMPARISONS.length + 1]].label);
      if (e.rows[0].tfAdjustment !== 0) tfSeen++;
    }
    expect(missingSeen).toBeGreaterThan(0);
    expect(tfSeen).toBeGreaterThan(0);
  });

  it('a pinned model is used as is (no training)', async () => {
    const pinned: TrainedModel = { ...res.model, lambda: res.model.lambda * 4, training: { ...res.model.training, sessions: ['pinned'] } };
    const again = await runLinkage({ mode: 'dedupe', left: T, right: T, settings: SETTINGS, labelFeature: 'cid', pinnedModel: pinned });
    expect(again.model).toBe(pinned);
    expect(again.pairs.count).toBe(res.pairs.count);
    // Same level weights, a different prior: every weight moves by the difference of the priors.
    const shift = Math.log2(pinned.lambda / (1 - pinned.lambda)) - Math.log2(res.model.lambda / (1 - res.model.lambda));
    for (let p = 0; p < again.pairs.count; p += 17) expect(again.weights[p] - res.weights[p]).toBeCloseTo(shift, 3);
  });

  it('a pinned model with other levels is refused, saying what differs', async () => {
    const other: TrainedModel = {
      ...res.model,
      comparisons: res.model.comparisons.map((c, k) => (k === 2 ? { ...c, levels: [{ ...c.levels[0], label: 'equal' }, c.levels[1]] } : c)),
    };
    await expect(runLinkage({ mode: 'dedupe', left: T, right: T, settings: SETTINGS, pinnedModel: other })).rejects.toThrow(/pinned model does not fit.*'sex' has levels equal\|different/);
  });

  it('threads > 1 gives the same levels and weights as one thread', async () => {
    const parallel = await runLinkage({ mode: 'dedupe', left: T, right: T, settings: SETTINGS, labelFeature: 'cid', threads: 4 });
    expect(parallel.pairs.count).toBe(res.pairs.count);
    expect(Buffer.from(parallel.levels.buffer, parallel.levels.byteOffset, parallel.levels.byteLength).equals(Buffer.from(res.levels.buffer, res.levels.byteOffset, res.levels.byteLength))).toBe(true);
    expect(parallel.weights).toEqual(res.weights);
  });

  it('sends comparison workers only the columns compared, with strings only where compared by similarity', () => {
    const features = comparedFeatures(SETTINGS);
    expect([...features.read].sort()).toEqual(['birth', 'name', 'sex', 'village']);
    expect([...features.text]).toEqual(['name']);
    // As a worker receives it: a structured clone of its workerData (shared arrays stay shared).
    const sent = structuredClone(portable(T, features)) as unknown as FeatureTable;
    expect(Object.keys(sent.columns).sort()).toEqual(['birth', 'name', 'sex', 'village']);
    expect((sent.columns.village as StringColumn).dict.values).toEqual([]);
    const n = res.pairs.count;
    const here = new Int8Array(n * COMPARISONS.length);
    const there = new Int8Array(n * COMPARISONS.length);
    compareRange({ left: T, right: T, settings: SETTINGS }, res.pairs.left, res.pairs.right, 0, n, here);
    compareRange({ left: sent, right: sent, settings: SETTINGS }, res.pairs.left, res.pairs.right, 0, n, there);
    expect(Buffer.from(there.buffer).equals(Buffer.from(here.buffer))).toBe(true);
  });

  it('is deterministic: the same inputs and seed give the same model', async () => {
    const again = await runLinkage({ mode: 'dedupe', left: T, right: T, settings: SETTINGS, labelFeature: 'cid' });
    expect(again.model).toEqual(res.model);
  });

  it('a training rule that is not a blocking rule is an error', async () => {
    const bad = { ...SETTINGS, training: ['no such rule'] };
    const small = table(KINDS, DATA.rows.slice(0, 200));
    await expect(runLinkage({ mode: 'dedupe', left: small, right: small, settings: bad })).rejects.toThrow(/'no such rule'/);
  });
});

describe('runLinkage, link mode', () => {
  it('links records of a second table to the first, across tables', async () => {
    const rand = rng(77);
    const leftRows = synthetic(31, 400).rows;
    // The right table: every third left record, re-entered with a typo in half of the names, shuffled in.
    const rightRows: Row[] = [];
    const truth = new Map<number, number>(); // right row → left row
    leftRows.forEach((r, k) => {
      if (k % 3 !== 0) return;
      truth.set(rightRows.length, k);
      rightRows.push({ ...r, name: rand() < 0.5 ? typo(rand, r.name as string) : r.name });
    });
    const { left, right } = tablePair(KINDS, leftRows, rightRows);
    const res = await runLinkage({ mode: 'link', left, right, settings: { ...SETTINGS, training: ['given + year', 'family + village'] } });
    let found = 0;
    for (let p = 0; p < res.pairs.count; p++) {
      expect(res.pairs.left[p]).toBeLessThan(left.size);
      expect(res.pairs.right[p]).toBeLessThan(right.size);
      if (truth.get(res.pairs.right[p]) === res.pairs.left[p] && probabilityOfWeight(res.weights[p]) >= 0.5) found++;
    }
    expect(found / truth.size).toBeGreaterThan(0.9);
  });
});

describe('probabilities and weights', () => {
  it('probabilityOfWeight and weightOfProbability are inverse', () => {
    expect(probabilityOfWeight(0)).toBe(0.5);
    expect(probabilityOfWeight(1)).toBeCloseTo(2 / 3, 12);
    expect(weightOfProbability(0.5)).toBe(0);
    expect(weightOfProbability(0.99)).toBeCloseTo(Math.log2(99), 12);
    for (let w = -30; w <= 30; w += 0.7) expect(weightOfProbability(probabilityOfWeight(w))).toBeCloseTo(w, 6);
    for (const p of [0.001, 0.2, 0.5, 0.9, 0.999]) expect(probabilityOfWeight(weightOfProbability(p))).toBeCloseTo(p, 12);
  });

  it('tfAdjustment: a common value counts for less than a rare one; clamped to ±8 bits', () => {
    const u = 0.01;
    expect(tfAdjustment(u, 0.1)).toBeLessThan(0); // a value shared by 10% of records
    expect(tfAdjustment(u, 0.0001)).toBeGreaterThan(0);
    expect(tfAdjustment(u, 0.1)).toBeCloseTo(Math.log2(0.1), 12);
    expect(tfAdjustment(u, u)).toBe(0);
    expect(tfAdjustment(1, 1e-9)).toBe(8);
    expect(tfAdjustment(1e-9, 1)).toBe(-8);
  });

  it('term frequencies in scoring: agreeing on a common name weighs less than on a rare one', () => {
    const rows: Row[] = [];
    for (let k = 0; k < 50; k++) rows.push({ name: 'lo van minh' });
    rows.push({ name: 'quang thi khanh' }, { name: 'quang thi khanh' });
    for (let k = 0; k < 48; k++) rows.push({ name: `vi van ${k}` });
    const t = table({ name: 'string' }, rows);
    const specs: ComparisonSpec[] = [{ name: 'name', requires: ['name'], levels: [{ label: 'exact', when: { exact: 'name' }, tf: 'name' }, { label: 'different', when: 'else' }] }];
    const model = buildModel(specs, { lambda: 0.01, m: [[0.9, 0.1]], u: [[0.05, 0.95]] }, { labelledPairs: 0, sessions: [], uSamplePairs: 0, candidatePairs: 0 });
    const ctx = scoringContext(specs, model, t, t, 'dedupe');
    const common = scorePair(ctx, [0], 0, 0);
    const rare = scorePair(ctx, [0], 0, 50);
    expect(common).toBeLessThan(rare);
    // u replaced by the share of records with the value: 50 / 100 vs 2 / 100.
    expect(rare - common).toBeCloseTo(Math.log2(0.5 / 0.02), 9);
    expect(common).toBeCloseTo(ctx.prior + Math.log2(0.9 / 0.05) + Math.log2(0.05 / 0.5), 9);
    // No adjustment on a level without tf.
    expect(scorePair(ctx, [1], 0, 0)).toBeCloseTo(scorePair(ctx, [1], 0, 50), 12);
    // A missing comparison adds nothing.
    expect(scorePair(ctx, [-1], 0, 0)).toBeCloseTo(ctx.prior, 12);
  });
});

describe('biasedComparisons and featuresOf', () => {
  const specs: ComparisonSpec[] = [
    { name: 'name', requires: ['name_ascii'], levels: [{ label: 'sound', when: { all: [{ exact: 'family_sound' }, { jaroWinkler: 'given_ascii', min: 0.9 }] } }, { label: 'x', when: 'else' }] },
    { name: 'birth', requires: ['birth'], levels: [{ label: 'exact', when: { date: 'birth', is: 'exact' } }, { label: 'x', when: 'else' }] },
    { name: 'sex', requires: ['sex'], levels: [{ label: 'same', when: { exact: 'sex' } }, { label: 'x', when: 'else' }] },
    { name: 'household', requires: ['village_key'], levels: [{ label: 'mother', when: { not: { any: [{ differs: 'mother_sound' }] } } }, { label: 'x', when: 'else' }] },
  ];

  it('a rule biases the comparisons that read a feature with the same root (before the first _)', () => {
    expect(biasedComparisons(specs, ['birth_year'])).toEqual([false, true, false, false]);
    expect(biasedComparisons(specs, ['given_sound', 'birth_iso'])).toEqual([true, true, false, false]); // given_ascii inside 'all'
    expect(biasedComparisons(specs, ['name_sound'])).toEqual([true, false, false, false]); // via requires
    expect(biasedComparisons(specs, ['mother_ascii'])).toEqual([false, false, false, true]); // inside not/any
    expect(biasedComparisons(specs, ['village_code'])).toEqual([false, false, false, true]);
    expect(biasedComparisons(specs, ['citizen_id'])).toEqual([false, false, false, false]);
    expect(biasedComparisons(specs, ['sex'])).toEqual([false, false, true, false]);
  });

  it('featuresOf collects every feature a predicate reads', () => {
    const f = featuresOf({ all: [{ exact: 'a' }, { any: [{ differs: 'b' }, { not: { levenshtein: 'c', max: 1 } }] }, { date: 'd', is: 'weak' }, { either: 'e' }, { both: 'f' }, { jaroWinkler: 'g', min: 0.5 }, 'else'] }, new Set());
    expect([...f].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('featuresOf with textOnly keeps the features compared as strings (edit distance, Jaro-Winkler), at any depth', () => {
    const f = featuresOf({ all: [{ exact: 'a' }, { any: [{ differs: 'b' }, { not: { levenshtein: 'c', max: 1 } }] }, { date: 'd', is: 'weak' }, { either: 'e' }, { both: 'f' }, { jaroWinkler: 'g', min: 0.5 }, 'else'] }, new Set(), true);
    expect([...f].sort()).toEqual(['c', 'g']);
  });
});
