// The linkage engine: blocking → comparison vectors → training (u by sampling, m by EM) → scoring.
// Generic: it sees only feature tables and the settings (data), so it links any people dataset,
// within one table (dedupe) or between two (link).
import type { ComparisonSpec, LinkageSettings, TrainedModel } from '../../schemas/linkage.js';
import { blockingJob, type LinkMode, type PairList, type RuleStats } from './blocking.js';
import { blockPairs } from './blocking-parallel.js';
import { compileComparison, featuresOf, type CompiledComparison } from './comparisons.js';
import { buildModel, defaultM, emSession, expectedMatches, mFromCounts, modelMatchesSpecs, PatternCodec, uFromCounts, type Params } from './model.js';
import { MISSING, displayValue, type FeatureTable, type StringColumn } from './table.js';
import { mulberry32 } from './random.js';
import { compareAllPairs } from './parallel.js';

export interface LinkJob {
  mode: LinkMode;
  left: FeatureTable;
  /** The second table (link mode); the same table in dedupe mode. */
  right: FeatureTable;
  settings: LinkageSettings;
  /** Pairs that share this feature's value are known matches, used to start training. */
  labelFeature?: string;
  /** A saved model to use as is (no training). */
  pinnedModel?: TrainedModel;
  /** Threads for blocking and comparing pairs (1 = this thread only). */
  threads?: number;
}

export interface LinkResult {
  pairs: PairList;
  /** Level of each comparison for each pair: levels[p * C + c], -1 when missing. */
  levels: Int8Array;
  /** Total match weight (log2 Bayes factor plus prior) of each pair. */
  weights: Float32Array;
  model: TrainedModel;
  blocking: RuleStats[];
  timings: { blockingMs: number; comparingMs: number; trainingMs: number; scoringMs: number };
  comparisonsPerSecond: number;
}

export function probabilityOfWeight(w: number): number {
  return 1 / (1 + Math.pow(2, -w));
}

export function weightOfProbability(p: number): number {
  return Math.log2(p / (1 - p));
}

const root = (feature: string): string => feature.split('_')[0];

/**
 * A blocking rule biases a comparison when they share a feature root (the part of a feature name
 * before the first underscore): blocking on given_sound biases the name comparison, on birth_year the
 * birth date comparison. EM does not train a comparison on the pairs of a rule that biases it.
 */
export function biasedComparisons(specs: readonly ComparisonSpec[], keys: readonly string[]): boolean[] {
  const keyRoots = new Set(keys.map(root));
  return specs.map((s) => {
    const f = new Set<string>(s.requires);
    s.levels.forEach((l) => featuresOf(l.when, f));
    return [...f].some((x) => keyRoots.has(root(x)));
  });
}

export function compileAll(specs: readonly ComparisonSpec[], left: FeatureTable, right: FeatureTable): CompiledComparison[] {
  return specs.map((s) => compileComparison(s, left, right));
}

/** Frequencies of string values over both tables, for term-frequency adjustments. */
export class TermFrequencies {
  private readonly freq = new Map<string, Float64Array>();
  private readonly floor = new Map<string, number>();

  constructor(
    private readonly left: FeatureTable,
    right: FeatureTable,
    mode: LinkMode,
    features: Iterable<string>,
  ) {
    for (const f of features) {
      const cl = left.columns[f] as StringColumn | undefined;
      const cr = right.columns[f] as StringColumn | undefined;
      if (!cl || cl.kind !== 'string' || !cr || cr.kind !== 'string') throw new Error(`term frequencies need a string feature: '${f}'`);
      const counts = new Float64Array(cl.dict.values.length);
      let total = 0;
      for (const id of cl.ids) if (id !== MISSING) (counts[id]++, total++);
      if (mode === 'link') for (const id of cr.ids) if (id !== MISSING) (counts[id]++, total++);
      for (let k = 0; k < counts.length; k++) counts[k] = counts[k] / Math.max(total, 1);
      this.freq.set(f, counts);
      this.floor.set(f, 1 / Math.max(total, 1));
    }
  }

  /** Share of records with this row's value of the feature (left table). */
  of(feature: string, row: number): number {
    const col = this.left.columns[feature] as StringColumn;
    const id = col.ids[row];
    const f = this.freq.get(feature)!;
    return id === MISSING || id >= f.length ? this.floor.get(feature)! : Math.max(f[id], this.floor.get(feature)!);
  }
}

/**
 * Weight adjustment of a term-frequency level: the level's u is replaced by the share of records with
 * this value, so agreeing on a common value ("Lò Văn …") counts for less than on a rare one.
 */
export function tfAdjustment(u: number, freq: number): number {
  const adj = Math.log2(u / freq);
  return Math.max(-8, Math.min(8, adj));
}

export interface ScoringContext {
  specs: readonly ComparisonSpec[];
  model: TrainedModel;
  prior: number;
  weights: number[][];
  u: number[][];
  tf: TermFrequencies;
  tfFeature: Array<Array<string | undefined>>;
}

export function scoringContext(specs: readonly ComparisonSpec[], model: TrainedModel, left: FeatureTable, right: FeatureTable, mode: LinkMode): ScoringContext {
  const tfFeature = specs.map((s) => s.levels.map((l) => l.tf));
  const tfSet = new Set<string>();
  tfFeature.forEach((row) => row.forEach((f) => f && tfSet.add(f)));
  return {
    specs,
    model,
    prior: Math.log2(model.lambda / (1 - model.lambda)),
    weights: model.comparisons.map((c) => c.levels.map((l) => l.weight)),
    u: model.comparisons.map((c) => c.levels.map((l) => l.u)),
    tf: new TermFrequencies(left, right, mode, tfSet),
    tfFeature,
  };
}

/** Match weight of a pair from its levels. */
export function scorePair(ctx: ScoringContext, levels: ArrayLike<number>, offset: number, i: number): number {
  let w = ctx.prior;
  for (let c = 0; c < ctx.weights.length; c++) {
    const l = levels[offset + c];
    if (l < 0) continue;
    w += ctx.weights[c][l];
    const f = ctx.tfFeature[c][l];
    if (f) w += tfAdjustment(ctx.u[c][l], ctx.tf.of(f, i));
  }
  return w;
}

function randomPairLevels(job: LinkJob, compiled: CompiledComparison[], samples: number): number[][] {
  const { left, right, settings } = job;
  const counts = settings.comparisons.map((s) => s.levels.map(() => 0));
  if (left.size < 2 || right.size < 1) return counts;
  const rand = mulberry32(settings.seed);
  for (let s = 0; s < samples; s++) {
    const i = Math.floor(rand() * left.size);
    let j = Math.floor(rand() * right.size);
    if (job.mode === 'dedupe' && j === i) j = (j + 1) % right.size;
    for (let c = 0; c < compiled.length; c++) {
      const l = compiled[c](i, j);
      if (l >= 0) counts[c][l]++;
    }
  }
  return counts;
}

export async function runLinkage(job: LinkJob): Promise<LinkResult> {
  const { settings, left, right, mode } = job;
  const specs = settings.comparisons;
  const C = specs.length;
  const codec = new PatternCodec(C);
  const compiled = compileAll(specs, left, right);

  let t = performance.now();
  const blocking = await blockPairs(blockingJob(mode, left, right, settings.blocking, settings.maxBlockSize), job.threads ?? 1);
  const pairs = blocking.pairs;
  const blockingMs = performance.now() - t;

  t = performance.now();
  const levels = await compareAllPairs(job, pairs);
  const comparingMs = performance.now() - t;

  t = performance.now();
  let model: TrainedModel;
  if (job.pinnedModel) {
    const mismatch = modelMatchesSpecs(job.pinnedModel, specs);
    if (mismatch) throw new Error(`the pinned model does not fit the comparisons: ${mismatch}`);
    model = job.pinnedModel;
  } else {
    model = train(job, compiled, codec, pairs, levels);
  }
  const trainingMs = performance.now() - t;

  t = performance.now();
  const ctx = scoringContext(specs, model, left, right, mode);
  const weights = new Float32Array(pairs.count);
  for (let p = 0; p < pairs.count; p++) weights[p] = scorePair(ctx, levels, p * C, pairs.left[p]);
  const scoringMs = performance.now() - t;

  return {
    pairs,
    levels,
    weights,
    model,
    blocking: blocking.rules,
    timings: { blockingMs, comparingMs, trainingMs, scoringMs },
    comparisonsPerSecond: comparingMs > 0 ? (pairs.count / comparingMs) * 1000 : 0,
  };
}

function train(job: LinkJob, compiled: CompiledComparison[], codec: PatternCodec, pairs: PairList, levels: Int8Array): TrainedModel {
  const { settings, left, right, mode } = job;
  const specs = settings.comparisons;
  const C = specs.length;
  const u = uFromCounts(randomPairLevels(job, compiled, Math.min(settings.uSamplePairs, Math.max(10_000, left.size * right.size))));

  // Pattern counts, overall and per blocking rule.
  const all = new Map<number, number>();
  const byRule = settings.blocking.map(() => new Map<number, number>());
  for (let p = 0; p < pairs.count; p++) {
    const key = codec.encode(levels, p * C);
    all.set(key, (all.get(key) ?? 0) + 1);
    const m = byRule[pairs.rule[p]];
    m.set(key, (m.get(key) ?? 0) + 1);
  }

  // Starting m: labelled pairs (same valid ID) where there are enough of them.
  let labelled = 0;
  const labelCounts = specs.map((s) => s.levels.map(() => 0));
  const labelCol = job.labelFeature ? left.columns[job.labelFeature] : undefined;
  const labelColR = job.labelFeature ? right.columns[job.labelFeature] : undefined;
  const labelBiased = job.labelFeature ? biasedComparisons(specs, [job.labelFeature]) : specs.map(() => false);
  if (labelCol?.kind === 'string' && labelColR?.kind === 'string') {
    for (let p = 0; p < pairs.count; p++) {
      const a = labelCol.ids[pairs.left[p]];
      if (a === MISSING || a !== labelColR.ids[pairs.right[p]]) continue;
      labelled++;
      for (let c = 0; c < C; c++) {
        const l = levels[p * C + c];
        if (l >= 0 && !labelBiased[c]) labelCounts[c][l]++;
      }
    }
  }
  const fromLabels = mFromCounts(labelCounts, 30);
  const m0 = specs.map((s, c) => fromLabels[c] ?? defaultM(s.levels.length));

  const totalPairs = mode === 'dedupe' ? (left.size * (left.size - 1)) / 2 : left.size * right.size;
  const start: Params = { lambda: 0.1, m: m0, u };

  // EM sessions: each training rule trains the comparisons it does not bias.
  const sessions: string[] = [];
  const mSum = specs.map((s) => s.levels.map(() => 0));
  const mN = specs.map(() => 0);
  for (const name of settings.training) {
    const r = settings.blocking.findIndex((b) => b.name === name);
    if (r < 0) throw new Error(`training rule '${name}' is not a blocking rule`);
    const trainable = biasedComparisons(specs, settings.blocking[r].keys).map((b) => !b);
    if (byRule[r].size === 0) continue;
    const res = emSession(codec, byRule[r], start, trainable, settings.emIterations);
    sessions.push(name);
    res.m.forEach((row, c) => {
      if (!row) return;
      row.forEach((v, l) => (mSum[c][l] += v));
      mN[c]++;
    });
  }
  const m = specs.map((_, c) => (mN[c] > 0 ? mSum[c].map((v) => v / mN[c]) : m0[c]));
  const { matches } = expectedMatches(codec, all, { lambda: 0.1, m, u });
  const lambda = Math.min(Math.max(matches / Math.max(totalPairs, 1), 1e-12), 0.5);
  return buildModel(specs, { lambda, m, u }, { labelledPairs: labelled, sessions, uSamplePairs: settings.uSamplePairs, candidatePairs: pairs.count });
}

export interface ExplanationRow {
  comparison: string;
  level: string;
  left: string;
  right: string;
  m: number;
  u: number;
  weight: number;
  tfAdjustment: number;
}

export interface PairExplanation {
  prior: number;
  rows: ExplanationRow[];
  totalWeight: number;
  probability: number;
}

/** Explains one pair: each comparison's level, values, m, u and weight; total and probability. */
export function explainPair(ctx: ScoringContext, compiled: CompiledComparison[], left: FeatureTable, right: FeatureTable, i: number, j: number): PairExplanation {
  const rows: ExplanationRow[] = [];
  let total = ctx.prior;
  ctx.specs.forEach((s, c) => {
    const l = compiled[c](i, j);
    const visible = s.display ?? (s.requires.length > 0 ? s.requires : [...featuresOf(s.levels[0].when, new Set<string>())]);
    const show = (t: FeatureTable, r: number): string => visible.map((f) => (t.columns[f] ? displayValue(t.columns[f], r) : '')).filter(Boolean).join(' / ');
    if (l < 0) {
      rows.push({ comparison: s.name, level: '(missing)', left: show(left, i), right: show(right, j), m: 1, u: 1, weight: 0, tfAdjustment: 0 });
      return;
    }
    const lv = ctx.model.comparisons[c].levels[l];
    const f = ctx.tfFeature[c][l];
    const tfAdj = f ? tfAdjustment(lv.u, ctx.tf.of(f, i)) : 0;
    rows.push({ comparison: s.name, level: lv.label, left: show(left, i), right: show(right, j), m: lv.m, u: lv.u, weight: lv.weight, tfAdjustment: tfAdj });
    total += lv.weight + tfAdj;
  });
  return { prior: ctx.prior, rows, totalWeight: total, probability: probabilityOfWeight(total) };
}
