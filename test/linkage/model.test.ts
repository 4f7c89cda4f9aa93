import { describe, expect, it } from 'vitest';
import type { ComparisonSpec } from '../../schemas/linkage.js';
import { buildModel, defaultM, emSession, expectedMatches, mFromCounts, modelMatchesSpecs, PatternCodec, uFromCounts, type Params } from '../../src/linkage/model.js';
import { randomInt, rng } from './fixtures.js';

describe('PatternCodec', () => {
  it('encode/decode round trip, with missing (-1) levels and up to 15 levels, for 1 … 13 comparisons', () => {
    const rand = rng(3);
    for (let C = 1; C <= 13; C++) {
      const codec = new PatternCodec(C);
      const seen = new Map<number, string>();
      const wrong: string[] = [];
      for (let k = 0; k < 400; k++) {
        const levels = Array.from({ length: C }, () => randomInt(rand, 16) - 1); // -1 … 14
        const key = codec.encode(levels);
        const text = levels.join(',');
        if (!Number.isSafeInteger(key) || [...codec.decode(key)].join(',') !== text) wrong.push(text);
        // Different vectors never share a key.
        if ((seen.get(key) ?? text) !== text) wrong.push(`collision ${text}`);
        seen.set(key, text);
      }
      expect(wrong).toEqual([]);
    }
  });

  it('extreme vectors: all missing and all at the highest level', () => {
    const codec = new PatternCodec(13);
    for (const v of [-1, 14]) {
      const levels = new Array<number>(13).fill(v);
      expect([...codec.decode(codec.encode(levels))]).toEqual(levels);
    }
    expect(codec.encode(new Array<number>(13).fill(-1))).toBe(0);
  });

  it('encodes from an offset into a flat levels array (levels[p * C + c])', () => {
    const codec = new PatternCodec(3);
    const flat = Int8Array.from([0, 1, 2, -1, 4, 0, 3, -1, -1]);
    expect([...codec.decode(codec.encode(flat, 3))]).toEqual([-1, 4, 0]);
    expect([...codec.decode(codec.encode(flat, 6))]).toEqual([3, -1, -1]);
    expect(codec.encode(flat, 3)).not.toBe(codec.encode(flat, 0));
  });

  it('refuses more than 13 comparisons (keys would lose precision)', () => {
    expect(() => new PatternCodec(14)).toThrow();
  });
});

describe('u and m from counts', () => {
  it('uFromCounts: add-half smoothing, no level impossible, each row sums to 1', () => {
    const u = uFromCounts([
      [0, 10, 90],
      [1000, 0],
      [0, 0, 0, 0],
    ]);
    expect(u[0][0]).toBeCloseTo(0.5 / 101.5, 12);
    expect(u[0][1]).toBeCloseTo(10.5 / 101.5, 12);
    expect(u[1][1]).toBeCloseTo(0.5 / 1001, 12);
    expect(u[2]).toEqual([0.25, 0.25, 0.25, 0.25]);
    for (const row of u) {
      for (const x of row) expect(x).toBeGreaterThan(0);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('mFromCounts: null below the minimum number of pairs, smoothed otherwise', () => {
    const m = mFromCounts(
      [
        [20, 5, 4],
        [30, 0],
      ],
      30,
    );
    expect(m[0]).toBeNull();
    expect(m[1]).toEqual([30.5 / 31, 0.5 / 31]);
  });

  it('defaultM: a distribution, strongest level first and decreasing', () => {
    for (const n of [2, 3, 8, 14]) {
      const m = defaultM(n);
      expect(m).toHaveLength(n);
      expect(m.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (let l = 1; l < n - 1; l++) expect(m[l]).toBeLessThan(m[l - 1]);
      for (const x of m) expect(x).toBeGreaterThan(0);
    }
  });
});

// A synthetic world: comparisons independent given match status, with known m, u and lambda.
const TRUE_M = [
  [0.8, 0.15, 0.05],
  [0.7, 0.2, 0.1],
  [0.95, 0.05],
  [0.6, 0.25, 0.1, 0.05],
];
const TRUE_U = [
  [0.02, 0.08, 0.9],
  [0.05, 0.15, 0.8],
  [0.5, 0.5],
  [0.01, 0.04, 0.15, 0.8],
];
const TRUE_LAMBDA = 0.2;
const CODEC = new PatternCodec(TRUE_M.length);

function draw(rand: () => number, p: readonly number[]): number {
  let x = rand();
  for (let l = 0; l < p.length; l++) {
    x -= p[l];
    if (x < 0) return l;
  }
  return p.length - 1;
}

/** Pattern counts of `n` pairs drawn from the synthetic world (seeded: the same counts every run). */
function syntheticCounts(seed: number, n: number, missingRate = 0): Map<number, number> {
  const rand = rng(seed);
  const counts = new Map<number, number>();
  const levels = new Array<number>(TRUE_M.length);
  for (let k = 0; k < n; k++) {
    const match = rand() < TRUE_LAMBDA;
    for (let c = 0; c < TRUE_M.length; c++) levels[c] = rand() < missingRate ? -1 : draw(rand, (match ? TRUE_M : TRUE_U)[c]);
    const key = CODEC.encode(levels);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function startParams(): Params {
  return { lambda: 0.1, m: TRUE_M.map((row) => defaultM(row.length)), u: TRUE_U.map((row) => [...row]) };
}

describe('emSession', () => {
  const counts = syntheticCounts(42, 100_000, 0.05);

  it('recovers m and lambda from pattern counts drawn from known parameters', () => {
    const res = emSession(CODEC, counts, startParams(), [true, true, true, true], 200);
    expect(res.lambda).toBeGreaterThan(TRUE_LAMBDA - 0.01);
    expect(res.lambda).toBeLessThan(TRUE_LAMBDA + 0.01);
    res.m.forEach((row, c) => {
      expect(row).not.toBeNull();
      // The default start is up to 0.08 off; 100,000 pairs recover m to within sampling noise.
      row!.forEach((v, l) => expect(Math.abs(v - TRUE_M[c][l]), `m[${c}][${l}] = ${v}`).toBeLessThan(0.015));
      expect(row!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    });
    expect(res.iterations).toBeLessThan(200); // converged before the limit
  });

  it('stops after the given number of iterations', () => {
    const res = emSession(CODEC, counts, startParams(), [true, true, true, true], 1);
    expect(res.iterations).toBe(1);
    // One step from the default start does not reach the truth yet.
    expect(Math.abs(res.m[0]![0] - TRUE_M[0][0]) + Math.abs(res.m[3]![0] - TRUE_M[3][0])).toBeGreaterThan(0.01);
  });

  it('leaves non-trainable comparisons untouched: no m returned, start not mutated, not in the posterior', () => {
    const start = startParams();
    const before = JSON.stringify(start);
    const trainable = [true, false, true, true];
    const res = emSession(CODEC, counts, start, trainable, 200);
    expect(res.m[1]).toBeNull();
    expect(JSON.stringify(start)).toBe(before);
    // Comparison 1 is left out of the posterior: blanking it in every pattern changes nothing.
    const blanked = new Map<number, number>();
    for (const [key, n] of counts) {
      const levels = CODEC.decode(key);
      levels[1] = -1;
      const k = CODEC.encode(levels);
      blanked.set(k, (blanked.get(k) ?? 0) + n);
    }
    const res2 = emSession(CODEC, blanked, start, trainable, 200);
    expect(res2.lambda).toBeCloseTo(res.lambda, 9);
    for (const c of [0, 2, 3]) res.m[c]!.forEach((v, l) => expect(res2.m[c]![l]).toBeCloseTo(v, 9));
    // The others are still trained well.
    for (const c of [0, 2, 3]) res.m[c]!.forEach((v, l) => expect(Math.abs(v - TRUE_M[c][l])).toBeLessThan(0.015));
  });

  it('on a handful of pairs, m stays near its start (prior pseudo-pairs)', () => {
    const few = syntheticCounts(9, 3);
    const start = startParams();
    const res = emSession(CODEC, few, start, [true, true, true, true], 50);
    res.m.forEach((row, c) => row!.forEach((v, l) => expect(Math.abs(v - start.m[c][l])).toBeLessThan(0.25)));
  });
});

describe('expectedMatches', () => {
  it('with the true parameters, about lambda × pairs', () => {
    const n = 50_000;
    const counts = syntheticCounts(8, n);
    const res = expectedMatches(CODEC, counts, { lambda: 0.1, m: TRUE_M, u: TRUE_U });
    expect(res.matches / n).toBeGreaterThan(TRUE_LAMBDA - 0.015);
    expect(res.matches / n).toBeLessThan(TRUE_LAMBDA + 0.015);
    expect(res.lambda).toBeCloseTo(res.matches / n, 2);
  });

  it('pairs that all agree everywhere are nearly all matches; all different nearly none', () => {
    const agree = new Map([[CODEC.encode([0, 0, 0, 0]), 1000]]);
    const differ = new Map([[CODEC.encode([2, 2, 1, 3]), 1000]]);
    const params = { lambda: 0.01, m: TRUE_M, u: TRUE_U };
    expect(expectedMatches(CODEC, agree, params).matches).toBeGreaterThan(990);
    expect(expectedMatches(CODEC, differ, params).matches).toBeLessThan(10);
  });
});

const SPECS: ComparisonSpec[] = [
  { name: 'name', requires: ['name'], levels: [{ label: 'exact', when: { exact: 'name' } }, { label: 'different', when: 'else' }] },
  { name: 'birth date', requires: ['birth'], levels: [{ label: 'exact', when: { date: 'birth', is: 'exact' } }, { label: 'same year', when: { date: 'birth', is: 'sameYear' } }, { label: 'different', when: 'else' }] },
];

describe('buildModel and modelMatchesSpecs', () => {
  const params: Params = {
    lambda: 0.001,
    m: [
      [0.9, 0.1],
      [0.7, 0.2, 0.1],
    ],
    u: [
      [0.01, 0.99],
      [0.001, 0.1, 0.899],
    ],
  };
  const model = buildModel(SPECS, params, { labelledPairs: 0, sessions: [], uSamplePairs: 10, candidatePairs: 5 });

  it('weights are log2(m / u), labels from the specs', () => {
    expect(model.comparisons[0].levels[0]).toEqual({ label: 'exact', m: 0.9, u: 0.01, weight: Math.log2(90) });
    expect(model.comparisons[1].levels.map((l) => l.label)).toEqual(['exact', 'same year', 'different']);
    expect(model.comparisons[1].levels[2].weight).toBeCloseTo(Math.log2(0.1 / 0.899), 12);
    expect(model.lambda).toBe(0.001);
    expect(model.version).toBe(1);
  });

  it('accepts the model of the same comparisons', () => {
    expect(modelMatchesSpecs(model, SPECS)).toBeNull();
  });

  it('says what differs: number of comparisons, a name, the levels', () => {
    expect(modelMatchesSpecs(model, SPECS.slice(0, 1))).toBe('the model has 2 comparisons, the config 1');
    expect(modelMatchesSpecs(model, [SPECS[0], { ...SPECS[1], name: 'birth' }])).toBe("comparison 2 is 'birth date' in the model but 'birth' in the config");
    const fewer = { ...SPECS[1], levels: [SPECS[1].levels[0], SPECS[1].levels[2]] };
    expect(modelMatchesSpecs(model, [SPECS[0], fewer])).toBe("comparison 'birth date' has levels exact|same year|different in the model but exact|different in the config");
    const renamed = { ...SPECS[0], levels: [{ ...SPECS[0].levels[0], label: 'same' }, SPECS[0].levels[1]] };
    expect(modelMatchesSpecs(model, [renamed, SPECS[1]])).toMatch(/comparison 'name' has levels exact\|different in the model but same\|different/);
  });
});
