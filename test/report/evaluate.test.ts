import { describe, expect, it } from 'vitest';
import { pairCounts } from '../../src/report/evaluate.js';

describe('pairCounts', () => {
  it('counts pairs from two labelings without enumerating them', () => {
    // truth: {1,2,3} {4,5}; predicted: {1,2} {3} {4,5}
    const c = pairCounts(['a', 'a', 'b', 'c', 'c'], ['x', 'x', 'x', 'y', 'y']);
    expect(c).toEqual({ truePairs: 4, predictedPairs: 2, correctPairs: 2 });
  });

  it('counts a wrong merge as a predicted pair that is not correct', () => {
    const c = pairCounts(['a', 'a'], ['x', 'y']);
    expect(c).toEqual({ truePairs: 0, predictedPairs: 1, correctPairs: 0 });
  });
});
