import { describe, expect, it } from 'vitest';
import { jaroWinkler, jaroWinklerUpperBound, levenshtein } from '../../src/linkage/strings.js';
import { withinOneEdit } from '../../src/linkage/comparisons.js';
import { randomInt, randomName, rng, typo } from './fixtures.js';

/** Textbook Jaro–Winkler (Winkler 1990), written independently of the engine's, for cross-checks. */
function referenceJaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const usedA: boolean[] = Array.from({ length: a.length }, () => false);
  const usedB: boolean[] = Array.from({ length: b.length }, () => false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
      if (!usedB[j] && a[i] === b[j]) {
        usedA[i] = usedB[j] = true;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  const sa = [...a].filter((_, i) => usedA[i]);
  const sb = [...b].filter((_, j) => usedB[j]);
  const halfTranspositions = sa.filter((c, k) => c !== sb[k]).length;
  const jaro = (matches / a.length + matches / b.length + (matches - halfTranspositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

describe('jaroWinkler: published values', () => {
  // Winkler (1990) and the usual textbook examples, to the 3-4 decimals they are published with.
  const cases: Array<[string, string, number]> = [
    ['MARTHA', 'MARHTA', 0.9611],
    ['DWAYNE', 'DUANE', 0.84],
    ['DIXON', 'DICKSONX', 0.8133],
    ['JONES', 'JOHNSON', 0.8324],
    ['SHACKLEFORD', 'SHACKELFORD', 0.9818],
    ['DUNNINGHAM', 'CUNNIGHAM', 0.8963],
    ['NICHLESON', 'NICHULSON', 0.9556],
    ['MASSEY', 'MASSIE', 0.9333],
    ['CRATE', 'TRACE', 0.7333],
    ['JON', 'JAN', 0.8],
  ];
  it.each(cases)('%s / %s ≈ %f', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 4);
  });

  it('identical strings are 1, a string against the empty string is 0', () => {
    expect(jaroWinkler('lo van minh', 'lo van minh')).toBe(1);
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('', 'minh')).toBe(0);
    expect(jaroWinkler('minh', '')).toBe(0);
  });

  it('strings with no common character are 0', () => {
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('the prefix bonus rewards a common start (up to 4 characters)', () => {
    // Same Jaro similarity (one transposition in the middle vs at the start), different prefixes.
    expect(jaroWinkler('thanh', 'thnah')).toBeGreaterThan(jaroWinkler('htanh', 'thanh'));
    // A 5th common character adds nothing: prefix capped at 4.
    // Jaro = (1 + 1 + 7/8) / 3; with a prefix of 4: + 0.4 (1 - Jaro) = 0.975 (a prefix of 6 would give 0.9833).
    expect(jaroWinkler('abcdefxy', 'abcdefyx')).toBeCloseTo(0.975, 12);
  });
});

describe('jaroWinkler: properties over random Vietnamese-looking names', () => {
  const rand = rng(20260101);
  const pairs: Array<[string, string]> = [];
  for (let k = 0; k < 3000; k++) {
    const a = randomName(rand);
    const roll = rand();
    // Mix of unrelated names, names with typos, and concatenations longer than the 64-char buffer.
    const b = roll < 0.4 ? randomName(rand) : roll < 0.9 ? typo(rand, typo(rand, a)) : `${a} ${randomName(rand)} ${randomName(rand)} ${randomName(rand)} ${randomName(rand)}`;
    pairs.push(rand() < 0.1 ? [b, a] : [a, b]);
  }

  it('agrees with the textbook algorithm (also after strings longer than the scratch buffers)', () => {
    const wrong = pairs.filter(([a, b]) => Math.abs(jaroWinkler(a, b) - referenceJaroWinkler(a, b)) > 1e-12);
    expect(wrong).toEqual([]);
  });

  it('is symmetric and within [0, 1]', () => {
    const wrong = pairs.filter(([a, b]) => {
      const s = jaroWinkler(a, b);
      return Math.abs(jaroWinkler(b, a) - s) > 1e-12 || s < 0 || s > 1;
    });
    expect(wrong).toEqual([]);
    // The sample is not degenerate: it spans low and high similarities.
    const sims = pairs.map(([a, b]) => jaroWinkler(a, b));
    expect(Math.min(...sims)).toBeLessThan(0.6);
    expect(sims.filter((x) => x > 0.9 && x < 1).length).toBeGreaterThan(500);
  });

  it('jaroWinklerUpperBound is never below the real similarity', () => {
    const wrong = pairs.filter(([a, b]) => jaroWinklerUpperBound(a.length, b.length) < jaroWinkler(a, b) - 1e-12);
    expect(wrong).toEqual([]);
    // Also for strings that share everything but their lengths (the bound is tight there).
    for (let n = 1; n < 30; n++) {
      const a = 'ab'.repeat(n);
      const b = a + 'x'.repeat(n % 7);
      expect(jaroWinklerUpperBound(a.length, b.length)).toBeGreaterThanOrEqual(jaroWinkler(a, b) - 1e-12);
    }
  });

  it('jaroWinklerUpperBound: equal lengths give 1, very different lengths a low bound, empty strings', () => {
    expect(jaroWinklerUpperBound(7, 7)).toBe(1);
    expect(jaroWinklerUpperBound(2, 20)).toBeLessThan(0.88);
    expect(jaroWinklerUpperBound(0, 0)).toBe(1);
    expect(jaroWinklerUpperBound(0, 5)).toBe(0);
    expect(jaroWinklerUpperBound(5, 0)).toBe(0);
  });
});

describe('withinOneEdit agrees with levenshtein(a, b) <= 1', () => {
  it('on the edge cases', () => {
    const cases: Array<[string, string, boolean]> = [
      ['', '', true],
      ['', 'a', true],
      ['a', '', true],
      ['', 'ab', false],
      ['minh', 'minh', true],
      ['minh', 'mính', true], // one substitution (a precomposed letter is one code unit)
      ['minh', 'mnh', true],
      ['minh', 'minhh', true],
      ['minh', 'xminh', true],
      ['minh', 'imnh', false], // a transposition is two edits
      ['minh', 'manhx', false],
      ['huong', 'hung', true],
      ['huong', 'hong', true],
      ['huong', 'hang', false],
    ];
    for (const [a, b, expected] of cases) {
      expect(withinOneEdit(a, b), `${a} / ${b}`).toBe(expected);
      expect(levenshtein(a, b) <= 1).toBe(expected);
    }
  });

  it('on thousands of random pairs (half of them one edit apart)', () => {
    const rand = rng(7);
    let close = 0;
    let far = 0;
    const wrong: Array<[string, string]> = [];
    for (let k = 0; k < 20_000; k++) {
      const a = rand() < 0.5 ? randomName(rand) : 'abcab'.slice(0, randomInt(rand, 6));
      const edits = randomInt(rand, 3);
      let b = a;
      for (let e = 0; e < edits; e++) b = typo(rand, b);
      if (rand() < 0.1) b = randomName(rand);
      const expected = levenshtein(a, b) <= 1;
      if (expected) close++;
      else far++;
      if (withinOneEdit(a, b) !== expected || withinOneEdit(b, a) !== expected) wrong.push([a, b]);
    }
    expect(wrong).toEqual([]);
    // Both outcomes were exercised substantially.
    expect(close).toBeGreaterThan(5000);
    expect(far).toBeGreaterThan(5000);
  });
});
