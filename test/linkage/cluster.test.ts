import { describe, expect, it } from 'vitest';
import { PairList } from '../../src/linkage/blocking.js';
import { clusterPairs, type ClusterOptions } from '../../src/linkage/cluster.js';
import { DisjointSets } from '../../src/linkage/disjoint-sets.js';
import { permutation, rng } from './fixtures.js';

type Scored = [number, number, number]; // a, b, weight (bits)

const STRONG = 20; // probability ≈ 1 - 1e-6
const CLEARLY_DIFFERENT = -20;

/**
 * A small scoring world: candidate pairs with their weights, and every other pair of records
 * scored by `other` (default: clearly different) unless listed.
 */
function world(candidates: Scored[], extra: Scored[] = [], other = CLEARLY_DIFFERENT) {
  const pairs = new PairList(2);
  const weights = new Float32Array(candidates.length);
  candidates.forEach(([a, b, w], k) => {
    pairs.push(a, b, 0);
    weights[k] = w;
  });
  const known = new Map<string, number>();
  for (const [a, b, w] of [...candidates, ...extra]) known.set(`${Math.min(a, b)}-${Math.max(a, b)}`, w);
  const checked: string[] = [];
  const check = (a: number, b: number) => {
    const key = `${Math.min(a, b)}-${Math.max(a, b)}`;
    checked.push(key);
    return { weight: known.get(key) ?? other, gate: true };
  };
  return { pairs, weights, check, checked };
}

function options(check: ClusterOptions['check'], more: Partial<ClusterOptions> = {}): ClusterOptions {
  return { threshold: 0.99, minPairProbability: 0.5, maxClusterSize: 12, check, ...more };
}

/** The partition as sorted groups of 2+ records, e.g. [[0, 1, 2], [4, 5]]. */
function groups(sets: DisjointSets, n: number): number[][] {
  const byRoot = new Map<number, number[]>();
  for (let x = 0; x < n; x++) {
    const r = sets.find(x);
    byRoot.set(r, [...(byRoot.get(r) ?? []), x]);
  }
  return [...byRoot.values()].filter((g) => g.length > 1).sort((a, b) => a[0] - b[0]);
}

describe('clusterPairs', () => {
  it('merges pairs above the threshold, not those below', () => {
    const w = world([
      [0, 1, STRONG],
      [2, 3, 5], // p ≈ 0.97 < 0.99
      [4, 5, 7], // p ≈ 0.992
    ]);
    const res = clusterPairs(6, w.pairs, w.weights, options(w.check));
    expect(groups(res.sets, 6)).toEqual([
      [0, 1],
      [4, 5],
    ]);
    expect(res.merges).toBe(2);
    expect(res.refused).toBe(0);
  });

  it('takes the strongest pairs first', () => {
    // 1 is close to both 0 and 2; clusters of 2 at most: 1 goes with 2, the stronger pair, although
    // (0, 1) comes first in the list.
    const w = world(
      [
        [0, 1, 10],
        [1, 2, 25],
      ],
      [[0, 2, 3]],
    );
    const res = clusterPairs(3, w.pairs, w.weights, options(w.check, { maxClusterSize: 2 }));
    expect(groups(res.sets, 3)).toEqual([[1, 2]]);
    expect(res.refused).toBe(1);
  });

  it('chaining guard: A~B and B~C strong, A vs C clearly different → C stays apart', () => {
    const w = world(
      [
        [0, 1, STRONG + 5],
        [1, 2, STRONG],
      ],
      [[0, 2, CLEARLY_DIFFERENT]],
    );
    const res = clusterPairs(3, w.pairs, w.weights, options(w.check));
    expect(groups(res.sets, 3)).toEqual([[0, 1]]);
    expect(res.refused).toBe(1);
    expect(res.refusedByConstraint).toBe(0);
    expect(w.checked).toContain('0-2');
  });

  it('without the guard failing, the same pairs chain into one entity', () => {
    const w = world(
      [
        [0, 1, STRONG + 5],
        [1, 2, STRONG],
      ],
      [[0, 2, 2]], // plausible: p = 0.8 ≥ 0.5
    );
    const res = clusterPairs(3, w.pairs, w.weights, options(w.check));
    expect(groups(res.sets, 3)).toEqual([[0, 1, 2]]);
  });

  it('the guard uses minPairProbability', () => {
    const w = world(
      [
        [0, 1, STRONG + 5],
        [1, 2, STRONG],
      ],
      [[0, 2, 2]], // p = 0.8
    );
    const res = clusterPairs(3, w.pairs, w.weights, options(w.check, { minPairProbability: 0.9 }));
    expect(groups(res.sets, 3)).toEqual([[0, 1]]);
  });

  it('merging two clusters checks every cross pair, not only the candidate pair', () => {
    // {0,1} and {2,3}, joined by the pair (1, 2); only (0, 3) is clearly different.
    const w = world(
      [
        [0, 1, 30],
        [2, 3, 30],
        [1, 2, STRONG],
      ],
      [
        [0, 2, 5],
        [1, 3, 5],
        [0, 3, CLEARLY_DIFFERENT],
      ],
    );
    const res = clusterPairs(4, w.pairs, w.weights, options(w.check));
    expect(groups(res.sets, 4)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    const ok = world(
      [
        [0, 1, 30],
        [2, 3, 30],
        [1, 2, STRONG],
      ],
      [
        [0, 2, 5],
        [1, 3, 5],
        [0, 3, 5],
      ],
    );
    expect(groups(clusterPairs(4, ok.pairs, ok.weights, options(ok.check)).sets, 4)).toEqual([[0, 1, 2, 3]]);
  });

  it('a cross pair that fails the agreement gates refuses the merge', () => {
    const w = world([
      [0, 1, STRONG + 5],
      [1, 2, STRONG],
    ]);
    const check = (a: number, b: number) => ({ weight: 10, gate: !(Math.min(a, b) === 0 && Math.max(a, b) === 2) });
    const res = clusterPairs(3, w.pairs, w.weights, options(check));
    expect(groups(res.sets, 3)).toEqual([[0, 1]]);
  });

  it('cannotLink blocks a merge, also between members of the two clusters', () => {
    const w = world(
      [
        [0, 1, STRONG],
        [2, 3, STRONG],
      ],
      [],
    );
    const direct = clusterPairs(4, w.pairs, w.weights, options(w.check, { cannotLink: (a, b) => a + b === 5 })); // (2, 3)
    expect(groups(direct.sets, 4)).toEqual([[0, 1]]);
    expect(direct.refusedByConstraint).toBe(1);
    expect(direct.refused).toBe(1);

    const across = world(
      [
        [0, 1, 30],
        [1, 2, STRONG],
      ],
      [[0, 2, 10]],
    );
    const res = clusterPairs(3, across.pairs, across.weights, options(across.check, { cannotLink: (a, b) => (a === 0 && b === 2) || (a === 2 && b === 0) }));
    expect(groups(res.sets, 3)).toEqual([[0, 1]]);
    expect(res.refusedByConstraint).toBe(1);
  });

  it('mustLink merges first, below the threshold and without the probability guard', () => {
    // 0 and 1 score clearly different, but a person confirmed them; 2 would rather join 1 on its own
    // (strong pair), but 0 vs 2 is clearly different, so after the confirmed merge it stays apart.
    const w = world(
      [
        [0, 1, CLEARLY_DIFFERENT],
        [1, 2, STRONG],
      ],
      [[0, 2, CLEARLY_DIFFERENT]],
    );
    const res = clusterPairs(3, w.pairs, w.weights, options(w.check, { mustLink: [[0, 1]] }));
    expect(groups(res.sets, 3)).toEqual([[0, 1]]);
    expect(res.merges).toBe(1);
    expect(res.refused).toBe(1);
    // Without the confirmation, 1 and 2 are merged.
    expect(groups(clusterPairs(3, w.pairs, w.weights, options(w.check)).sets, 3)).toEqual([[1, 2]]);
  });

  it('mustLink of records that are not candidate pairs, and mustLink against cannotLink', () => {
    const w = world([]);
    const res = clusterPairs(5, w.pairs, w.weights, options(w.check, { mustLink: [[3, 4], [0, 4]] }));
    expect(groups(res.sets, 5)).toEqual([[0, 3, 4]]);
    const refused = clusterPairs(5, w.pairs, w.weights, options(w.check, { mustLink: [[3, 4]], cannotLink: (a, b) => a + b === 7 }));
    expect(groups(refused.sets, 5)).toEqual([]);
  });

  // A regression guard: cannotLink used to be checked only between the two records a person linked,
  // so confirmations 0~1 and 1~2 put 0 and 2 in one entity although cannotLink(0, 2) holds (e.g. they
  // carry different valid citizen IDs, which the README says are never merged).
  it('mustLink never joins two records that cannot be linked, even through a third', () => {
    const w = world([]);
    const res = clusterPairs(3, w.pairs, w.weights, options(w.check, { mustLink: [[0, 1], [1, 2]], cannotLink: (a, b) => a + b === 2 && a !== b }));
    expect(res.sets.find(0)).not.toBe(res.sets.find(2));
  });

  it('maxClusterSize: a cluster never grows beyond it', () => {
    const candidates: Scored[] = [];
    for (let a = 0; a < 6; a++) for (let b = a + 1; b < 6; b++) candidates.push([a, b, STRONG + a + b]);
    const w = world(candidates);
    const res = clusterPairs(6, w.pairs, w.weights, options(w.check, { maxClusterSize: 4 }));
    const sizes = groups(res.sets, 6).map((g) => g.length);
    expect(Math.max(...sizes)).toBe(4);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(6);
    expect(res.refused).toBeGreaterThan(0);
    // The limit is the only thing that kept them apart.
    expect(groups(clusterPairs(6, w.pairs, w.weights, options(w.check)).sets, 6)).toEqual([[0, 1, 2, 3, 4, 5]]);
  });

  it('the gate array: candidate pairs that fail the gates are not merged', () => {
    const w = world([
      [0, 1, STRONG],
      [2, 3, STRONG],
      [4, 5, STRONG],
    ]);
    const res = clusterPairs(6, w.pairs, w.weights, options(w.check, { gate: Uint8Array.from([1, 0, 1]) }));
    expect(groups(res.sets, 6)).toEqual([
      [0, 1],
      [4, 5],
    ]);
    expect(res.refused).toBe(0); // not refused: never considered
  });

  it('the result does not depend on the order of the candidate pairs', () => {
    const rand = rng(12);
    const candidates: Scored[] = [];
    const extra: Scored[] = [];
    for (let a = 0; a < 40; a++)
      for (let b = a + 1; b < 40; b++) {
        // Integer weights with many ties; clusters of records with the same a % 5, mostly.
        const w = a % 5 === b % 5 ? 10 + Math.floor(rand() * 4) : rand() < 0.1 ? 8 : -10;
        (rand() < 0.5 ? candidates : extra).push([a, b, w]);
      }
    const base = world(candidates, extra);
    const expected = groups(clusterPairs(40, base.pairs, base.weights, options(base.check, { maxClusterSize: 5 })).sets, 40);
    expect(expected.length).toBeGreaterThan(3);
    for (const seed of [1, 2, 3]) {
      const perm = permutation(rng(seed), candidates.length);
      const shuffled = world(
        perm.map((k) => candidates[k]),
        extra,
      );
      expect(groups(clusterPairs(40, shuffled.pairs, shuffled.weights, options(shuffled.check, { maxClusterSize: 5 })).sets, 40)).toEqual(expected);
    }
  });
});

describe('DisjointSets', () => {
  it('union and find, set sizes, repeated unions', () => {
    const s = new DisjointSets(6);
    expect(s.union(0, 1)).toBe(true);
    expect(s.union(2, 3)).toBe(true);
    expect(s.union(1, 0)).toBe(false);
    expect(s.union(1, 3)).toBe(true);
    expect(s.find(0)).toBe(s.find(3));
    expect(s.find(4)).not.toBe(s.find(0));
    expect(s.setSize(2)).toBe(4);
    expect(s.setSize(5)).toBe(1);
  });
});
