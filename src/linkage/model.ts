// Fellegi–Sunter model: m- and u-probabilities per comparison level, trained from the data.
//  - u: level frequencies among random record pairs (almost all non-matches);
//  - m: expectation–maximisation over candidate pairs, one session per training blocking rule, each
//    session updating only the comparisons its rule does not bias (as Splink does); pairs that share a
//    label (a valid citizen ID) give the starting values;
//  - lambda: the share of matches among all possible pairs.
import type { ComparisonSpec, TrainedModel } from '../../schemas/linkage.js';

export interface LevelCounts {
  /** Pattern key → number of pairs with that pattern. */
  patterns: Map<number, number>;
}

/** Encodes a vector of levels (-1 = missing) as one number; at most 10 comparisons × 15 levels. */
export class PatternCodec {
  readonly base = 16;
  constructor(readonly comparisons: number) {
    if (comparisons > 13) throw new Error('at most 13 comparisons');
  }

  encode(levels: ArrayLike<number>, offset = 0): number {
    let key = 0;
    for (let c = this.comparisons - 1; c >= 0; c--) key = key * this.base + (levels[offset + c] + 1);
    return key;
  }

  decode(key: number): Int8Array {
    const out = new Int8Array(this.comparisons);
    for (let c = 0; c < this.comparisons; c++) {
      out[c] = (key % this.base) - 1;
      key = Math.floor(key / this.base);
    }
    return out;
  }
}

export interface Params {
  lambda: number;
  m: number[][];
  u: number[][];
}

const FLOOR = 1e-9;

function normalise(v: number[]): number[] {
  const s = v.reduce((a, b) => a + b, 0);
  return s > 0 ? v.map((x) => Math.max(x / s, FLOOR)) : v.map(() => 1 / v.length);
}

/** Default m before any training: the strongest level likely, then decreasing. */
export function defaultM(levels: number): number[] {
  const v: number[] = [];
  for (let l = 0; l < levels; l++) v.push(l === levels - 1 ? 0.05 : 0.9 / Math.pow(3, l));
  return normalise(v);
}

/** u-probabilities from level counts of random pairs, with add-half smoothing so no level is impossible. */
export function uFromCounts(counts: number[][]): number[][] {
  return counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((n) => (n + 0.5) / (total + 0.5 * row.length));
  });
}

/** m-probabilities from the levels of labelled (known matching) pairs. */
export function mFromCounts(counts: number[][], minPairs: number): Array<number[] | null> {
  return counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    if (total < minPairs) return null;
    return row.map((n) => (n + 0.5) / (total + 0.5 * row.length));
  });
}

interface Pattern {
  levels: Int8Array;
  count: number;
}

function toPatterns(codec: PatternCodec, counts: Map<number, number>): Pattern[] {
  return [...counts].map(([key, count]) => ({ levels: codec.decode(key), count }));
}

function posterior(p: Pattern, lambda: number, m: number[][], u: number[][], use?: readonly boolean[]): number {
  let logRatio = Math.log(lambda) - Math.log(1 - lambda);
  for (let c = 0; c < p.levels.length; c++) {
    const l = p.levels[c];
    if (l < 0 || (use && !use[c])) continue;
    logRatio += Math.log(m[c][l]) - Math.log(u[c][l]);
  }
  if (logRatio > 50) return 1;
  if (logRatio < -50) return 0;
  const r = Math.exp(logRatio);
  return r / (1 + r);
}

/** Pseudo-pairs pulling m towards its starting value: keeps EM stable on small samples. */
const PRIOR_PAIRS = 10;

/**
 * One EM session: updates lambda (local to the session) and m of the comparisons in `trainable`.
 * The comparisons the session's blocking rule biases are left out of the posterior altogether (all
 * its pairs agree on them, so they carry no information there), as Splink does.
 * Returns the session's m for the trained comparisons.
 */
export function emSession(
  codec: PatternCodec,
  counts: Map<number, number>,
  start: Params,
  trainable: boolean[],
  iterations: number,
): { m: Array<number[] | null>; lambda: number; iterations: number } {
  const patterns = toPatterns(codec, counts);
  const m = start.m.map((row) => [...row]);
  let lambda = Math.min(Math.max(start.lambda, 1e-6), 0.5);
  let it = 0;
  for (; it < iterations; it++) {
    const sums = m.map((row) => row.map(() => 0));
    let matched = 0;
    let total = 0;
    for (const p of patterns) {
      const w = posterior(p, lambda, m, start.u, trainable) * p.count;
      matched += w;
      total += p.count;
      for (let c = 0; c < p.levels.length; c++) {
        const l = p.levels[c];
        if (l >= 0) sums[c][l] += w;
      }
    }
    let change = Math.abs(matched / total - lambda);
    lambda = Math.min(Math.max(matched / total, 1e-9), 1 - 1e-9);
    for (let c = 0; c < m.length; c++) {
      if (!trainable[c]) continue;
      const next = normalise(sums[c].map((v, l) => v + PRIOR_PAIRS * start.m[c][l]));
      for (let l = 0; l < next.length; l++) change = Math.max(change, Math.abs(next[l] - m[c][l]));
      m[c] = next;
    }
    if (change < 1e-6) break;
  }
  return { m: m.map((row, c) => (trainable[c] ? row : null)), lambda, iterations: it };
}

/** Expected number of matches among pairs with the given pattern counts (lambda re-estimated by EM). */
export function expectedMatches(codec: PatternCodec, counts: Map<number, number>, params: Params, iterations = 50): { matches: number; lambda: number } {
  const patterns = toPatterns(codec, counts);
  let lambda = Math.min(Math.max(params.lambda, 1e-6), 0.5);
  let matches = 0;
  for (let it = 0; it < iterations; it++) {
    matches = 0;
    let total = 0;
    for (const p of patterns) {
      matches += posterior(p, lambda, params.m, params.u) * p.count;
      total += p.count;
    }
    const next = Math.min(Math.max(matches / total, 1e-9), 1 - 1e-9);
    if (Math.abs(next - lambda) < 1e-9) break;
    lambda = next;
  }
  return { matches, lambda };
}

export function buildModel(specs: readonly ComparisonSpec[], params: Params, training: TrainedModel['training']): TrainedModel {
  return {
    version: 1,
    lambda: params.lambda,
    comparisons: specs.map((s, c) => ({
      name: s.name,
      levels: s.levels.map((l, k) => ({ label: l.label, m: params.m[c][k], u: params.u[c][k], weight: Math.log2(params.m[c][k] / params.u[c][k]) })),
    })),
    training,
  };
}

/** Checks that a saved model fits the comparisons of the config (same names and level labels). */
export function modelMatchesSpecs(model: TrainedModel, specs: readonly ComparisonSpec[]): string | null {
  if (model.comparisons.length !== specs.length) return `the model has ${model.comparisons.length} comparisons, the config ${specs.length}`;
  for (let c = 0; c < specs.length; c++) {
    const a = model.comparisons[c];
    const b = specs[c];
    if (a.name !== b.name) return `comparison ${c + 1} is '${a.name}' in the model but '${b.name}' in the config`;
    const la = a.levels.map((l) => l.label).join('|');
    const lb = b.levels.map((l) => l.label).join('|');
    if (la !== lb) return `comparison '${b.name}' has levels ${la} in the model but ${lb} in the config`;
  }
  return null;
}
