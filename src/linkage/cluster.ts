// Clustering scored pairs into entities, strongest pairs first, with a guard against chaining:
// two clusters merge only if every record of one is at least plausibly the same person as every
// record of the other (and no cannot-link constraint holds), so A~B and B~C cannot drag a clearly
// different C into A's entity.
import { DisjointSets } from './disjoint-sets.js';
import type { PairList } from './blocking.js';
import { probabilityOfWeight, weightOfProbability } from './engine.js';

export interface ClusterOptions {
  /** Merge pairs with at least this match probability. */
  threshold: number;
  /** Every cross pair of a merge must reach this probability. */
  minPairProbability: number;
  /** A cluster never grows beyond this many records. */
  maxClusterSize: number;
  /**
   * Any two records scored on demand (pairs that were not candidates): their match weight, and
   * whether they pass the agreement gates required for an automatic merge.
   */
  check: (a: number, b: number) => { weight: number; gate: boolean };
  /** Candidate pairs that pass the agreement gates (1) or not (0); all pass when absent. */
  gate?: Uint8Array;
  /** Hard constraints (different valid IDs, a person's "different child" decision). */
  cannotLink?: (a: number, b: number) => boolean;
  /** Pairs a person confirmed as the same child: merged first, without the probability guard. */
  mustLink?: ReadonlyArray<[number, number]>;
}

export interface ClusterResult {
  sets: DisjointSets;
  merges: number;
  /** Merges refused by the chaining guard or a constraint. */
  refused: number;
  refusedByConstraint: number;
}

export function clusterPairs(n: number, pairs: PairList, weights: Float32Array, opts: ClusterOptions): ClusterResult {
  const sets = new DisjointSets(n);
  const members = new Map<number, number[]>();
  const membersOf = (root: number): number[] => members.get(root) ?? [root];
  const minWeight = weightOfProbability(Math.min(Math.max(opts.minPairProbability, 1e-12), 1 - 1e-12));
  let merges = 0;
  let refused = 0;
  let refusedByConstraint = 0;

  const join = (a: number, b: number): void => {
    const ra = sets.find(a);
    const rb = sets.find(b);
    const all = [...membersOf(ra), ...membersOf(rb)];
    sets.union(a, b);
    members.delete(ra);
    members.delete(rb);
    members.set(sets.find(a), all);
    merges++;
  };

  // A person's 'same child' decisions merge first, but never across a cannot-link constraint, not
  // even through a third record.
  for (const [a, b] of opts.mustLink ?? []) {
    const ra = sets.find(a);
    const rb = sets.find(b);
    if (ra === rb) continue;
    const blocked = opts.cannotLink && membersOf(ra).some((x) => membersOf(rb).some((y) => opts.cannotLink!(x, y)));
    if (blocked) refusedByConstraint++;
    else join(a, b);
  }

  const order: number[] = [];
  for (let p = 0; p < pairs.count; p++) if (probabilityOfWeight(weights[p]) >= opts.threshold && (!opts.gate || opts.gate[p] === 1)) order.push(p);
  // Strongest first; ties broken by record positions so the result does not depend on pair order.
  order.sort((x, y) => weights[y] - weights[x] || pairs.left[x] - pairs.left[y] || pairs.right[x] - pairs.right[y]);

  for (const p of order) {
    const a = pairs.left[p];
    const b = pairs.right[p];
    const ra = sets.find(a);
    const rb = sets.find(b);
    if (ra === rb) continue;
    const ma = membersOf(ra);
    const mb = membersOf(rb);
    if (ma.length + mb.length > opts.maxClusterSize) {
      refused++;
      continue;
    }
    let ok = true;
    for (const x of ma) {
      for (const y of mb) {
        if (opts.cannotLink?.(x, y)) {
          ok = false;
          refusedByConstraint++;
          break;
        }
        if (x === a && y === b) continue;
        const c = opts.check(x, y);
        if (c.weight < minWeight || !c.gate) {
          ok = false;
          break;
        }
      }
      if (!ok) break;
    }
    if (!ok) {
      refused++;
      continue;
    }
    join(a, b);
  }
  return { sets, merges, refused, refusedByConstraint };
}
