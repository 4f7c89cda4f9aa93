// The dedupe stage: probabilistic record linkage of the child export against itself, then clustering
// into entities. Precision first: a pair merges only above the threshold, and a merge never brings
// together records that carry different valid citizen IDs or that clearly disagree (chaining guard).
import type { ChildRecord } from '../pipeline/types.js';
import type { LinkageSettings, TrainedModel } from '../../schemas/linkage.js';
import { childFeatureTable } from '../pipeline/features.js';
import { runLinkage, compileAll, scoringContext, scorePair, probabilityOfWeight, weightOfProbability, explainPair, type LinkResult, type PairExplanation } from '../linkage/engine.js';
import { clusterPairs } from '../linkage/cluster.js';
import { compileGates } from '../linkage/gates.js';
import { entitiesFromSets, type Entity } from './entities.js';
import type { FeatureTable } from '../linkage/table.js';

export interface DedupeOptions {
  settings: LinkageSettings;
  /** The records' feature table (built once and shared with reconcile); built here when absent. */
  table?: FeatureTable;
  threads: number;
  pinnedModel?: TrainedModel;
  /** Record index pairs a person said are the same child. */
  mustLink?: Array<[number, number]>;
  /** Record index pairs a person said are different children. */
  cannotLink?: Array<[number, number]>;
  /**
   * For each record, the person of an authoritative list it exactly is (-1: none): two records that
   * are exactly two different persons are never merged.
   */
  knownIdentity?: Int32Array;
  /**
   * Citizen IDs known to be real (those of the ID list). Two records with different IDs are kept
   * apart only when both IDs are known: a mistyped ID must not split a child's records.
   * When absent, any two different well-formed IDs keep records apart.
   */
  knownIds?: ReadonlySet<string>;
}

export interface DedupeStats {
  records: number;
  entities: number;
  recordsMerged: number;
  candidatePairs: number;
  pairsAboveThreshold: number;
  possibleDuplicates: number;
  mergesRefused: number;
  comparisonsPerSecond: number;
  blocking: Array<{ rule: string; pairs: number; largestBlocks: number[]; skippedBlocks: number }>;
  ms: { blocking: number; comparing: number; training: number; scoring: number; clustering: number };
}

export interface DedupeOutcome {
  /** Without ids ('') until the caller runs assignStableIds. */
  entities: Entity[];
  entityOf: Int32Array;
  model: TrainedModel;
  table: FeatureTable;
  link: LinkResult;
  stats: DedupeStats;
  /** Match weight of any two records (for explanations and checks). */
  weightOf: (a: number, b: number) => number;
  /** The explanation of any two records, comparison by comparison. */
  explain: (a: number, b: number) => PairExplanation;
  /** Candidate pairs left in different entities that may still be one child (strongest first). */
  possibleDuplicates: Array<{ a: number; b: number; weight: number }>;
}

export async function dedupeRecords(records: readonly ChildRecord[], opts: DedupeOptions): Promise<DedupeOutcome> {
  const table = opts.table ?? childFeatureTable(records);
  const link = await runLinkage({ mode: 'dedupe', left: table, right: table, settings: opts.settings, labelFeature: 'citizen_id', pinnedModel: opts.pinnedModel, threads: opts.threads });
  const ctx = scoringContext(opts.settings.comparisons, link.model, table, table, 'dedupe');
  const compiled = compileAll(opts.settings.comparisons, table, table);
  const C = compiled.length;
  const scratch = new Int8Array(C);
  const passes = compileGates(opts.settings);
  const check = (a: number, b: number): { weight: number; gate: boolean } => {
    const [i, j] = a < b ? [a, b] : [b, a];
    for (let c = 0; c < C; c++) scratch[c] = compiled[c](i, j);
    return { weight: scorePair(ctx, scratch, 0, i), gate: passes(scratch, 0) };
  };
  const weightOf = (a: number, b: number): number => check(a, b).weight;
  const explain = (a: number, b: number): PairExplanation => (a < b ? explainPair(ctx, compiled, table, table, a, b) : explainPair(ctx, compiled, table, table, b, a));
  const gate = new Uint8Array(link.pairs.count);
  for (let p = 0; p < link.pairs.count; p++) gate[p] = passes(link.levels, p * C) ? 1 : 0;

  const ids = table.columns.citizen_id;
  const forbidden = new Set((opts.cannotLink ?? []).map(([a, b]) => pairKey(a, b)));
  const known = opts.knownIdentity;
  const knownIds = opts.knownIds;
  const credible = (id: number): boolean => ids.kind === 'string' && (!knownIds || knownIds.has(ids.dict.values[id]));
  const cannotLink = (a: number, b: number): boolean => {
    if (ids.kind === 'string') {
      const x = ids.ids[a];
      const y = ids.ids[b];
      if (x >= 0 && y >= 0 && x !== y && credible(x) && credible(y)) return true;
    }
    if (known && known[a] >= 0 && known[b] >= 0 && known[a] !== known[b]) return true;
    return forbidden.size > 0 && forbidden.has(pairKey(a, b));
  };

  const t = performance.now();
  const clusters = clusterPairs(records.length, link.pairs, link.weights, {
    threshold: opts.settings.threshold,
    minPairProbability: opts.settings.clusterMinPairProbability,
    maxClusterSize: opts.settings.maxClusterSize,
    check,
    gate,
    cannotLink,
    mustLink: opts.mustLink,
  });
  const clusteringMs = performance.now() - t;
  const { entities, entityOf } = entitiesFromSets(clusters.sets, records.length);

  let above = 0;
  for (let p = 0; p < link.pairs.count; p++) if (probabilityOfWeight(link.weights[p]) >= opts.settings.threshold) above++;

  // Pairs strong enough to show a person, in different entities: one per pair of entities.
  const reviewWeight = weightOfProbability(opts.settings.reviewThreshold);
  const seen = new Set<number>();
  const possibleDuplicates: DedupeOutcome['possibleDuplicates'] = [];
  const order: number[] = [];
  for (let p = 0; p < link.pairs.count; p++) if (link.weights[p] >= reviewWeight && entityOf[link.pairs.left[p]] !== entityOf[link.pairs.right[p]]) order.push(p);
  order.sort((x, y) => link.weights[y] - link.weights[x] || link.pairs.left[x] - link.pairs.left[y] || link.pairs.right[x] - link.pairs.right[y]);
  for (const p of order) {
    const ea = entityOf[link.pairs.left[p]];
    const eb = entityOf[link.pairs.right[p]];
    const key = ea < eb ? ea * entities.length + eb : eb * entities.length + ea;
    if (seen.has(key)) continue;
    seen.add(key);
    possibleDuplicates.push({ a: link.pairs.left[p], b: link.pairs.right[p], weight: link.weights[p] });
  }
  return {
    entities,
    entityOf,
    model: link.model,
    table,
    link,
    weightOf,
    explain,
    possibleDuplicates,
    stats: {
      records: records.length,
      entities: entities.length,
      recordsMerged: records.length - entities.length,
      candidatePairs: link.pairs.count,
      pairsAboveThreshold: above,
      possibleDuplicates: possibleDuplicates.length,
      mergesRefused: clusters.refused,
      comparisonsPerSecond: Math.round(link.comparisonsPerSecond),
      blocking: link.blocking.map((b) => ({ rule: b.name, pairs: b.pairs, largestBlocks: b.largestBlocks, skippedBlocks: b.skippedBlocks })),
      ms: {
        blocking: Math.round(link.timings.blockingMs),
        comparing: Math.round(link.timings.comparingMs),
        training: Math.round(link.timings.trainingMs),
        scoring: Math.round(link.timings.scoringMs),
        clustering: Math.round(clusteringMs),
      },
    },
  };
}

function pairKey(a: number, b: number): number {
  return a < b ? a * 2 ** 26 + b : b * 2 ** 26 + a;
}
