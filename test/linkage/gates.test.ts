import { describe, expect, it } from 'vitest';
import type { ComparisonSpec } from '../../schemas/linkage.js';
import { SpecError } from '../../src/linkage/comparisons.js';
import { compileGates } from '../../src/linkage/gates.js';
import { NAME_COMPARISON, settings } from './fixtures.js';

const COMPARISONS: ComparisonSpec[] = [
  NAME_COMPARISON,
  {
    name: 'birth date',
    requires: ['birth'],
    levels: [
      { label: 'exact', when: { date: 'birth', is: 'exact' } },
      { label: 'same year', when: { date: 'birth', is: 'sameYear' } },
      { label: 'different', when: 'else' },
    ],
  },
  { name: 'sex', requires: ['sex'], levels: [{ label: 'same', when: { exact: 'sex' } }, { label: 'different', when: 'else' }] },
];

function gatesOf(mustAgree: Array<{ comparison: string; atLeast: string; allowMissing?: boolean }>) {
  return compileGates(settings({ blocking: [{ name: 'b', keys: ['name'] }], comparisons: COMPARISONS, mustAgree }));
}

describe('compileGates', () => {
  const passes = gatesOf([
    { comparison: 'name', atLeast: 'one typo' },
    { comparison: 'birth date', atLeast: 'same year', allowMissing: false },
    { comparison: 'sex', atLeast: 'same', allowMissing: true },
  ]);

  const cases: Array<[string, number[], boolean]> = [
    ['all at the strongest level', [0, 0, 0], true],
    ['every comparison exactly at its gate', [1, 1, 0], true],
    ['name one level too weak', [2, 0, 0], false],
    ['name different', [3, 0, 0], false],
    ['birth date different', [0, 2, 0], false],
    ['sex different', [0, 0, 1], false],
    ['sex missing: allowed', [0, 0, -1], true],
    ['birth date missing: not allowed (explicit false)', [0, -1, 0], false],
    ['name missing: not allowed (the default)', [-1, 0, 0], false],
  ];
  it.each(cases)('%s', (_label, levels, expected) => {
    expect(passes(levels, 0)).toBe(expected);
  });

  it('reads the levels of one pair at an offset in a flat array', () => {
    const flat = Int8Array.from([3, 3, 1, 0, 1, -1, 2, 0, 0]);
    expect(passes(flat, 0)).toBe(false);
    expect(passes(flat, 3)).toBe(true);
    expect(passes(flat, 6)).toBe(false);
  });

  it('no gates: every pair passes, even with everything missing or different', () => {
    const none = gatesOf([]);
    expect(none([3, 2, 1], 0)).toBe(true);
    expect(none([-1, -1, -1], 0)).toBe(true);
  });

  it('a gate at the last level only refuses missing comparisons', () => {
    const g = gatesOf([{ comparison: 'name', atLeast: 'different' }]);
    expect(g([3, 0, 0], 0)).toBe(true);
    expect(g([-1, 0, 0], 0)).toBe(false);
  });

  it('an unknown comparison is an error naming it', () => {
    expect(() => gatesOf([{ comparison: 'mother', atLeast: 'same' }])).toThrow(SpecError);
    expect(() => gatesOf([{ comparison: 'mother', atLeast: 'same' }])).toThrow("mustAgree: no comparison named 'mother'");
  });

  it('an unknown level is an error naming the comparison and the level', () => {
    expect(() => gatesOf([{ comparison: 'birth date', atLeast: 'one day apart' }])).toThrow(SpecError);
    expect(() => gatesOf([{ comparison: 'birth date', atLeast: 'one day apart' }])).toThrow("mustAgree: comparison 'birth date' has no level 'one day apart'");
  });
});
