import { describe, expect, it } from 'vitest';
import type { ComparisonSpec, DateRelation, Predicate } from '../../schemas/linkage.js';
import { compileComparison, compilePredicate, SpecError } from '../../src/linkage/comparisons.js';
import { day, placeholder, table, tablePair, type Kinds, type Row } from './fixtures.js';

const KINDS: Kinds = { name: 'string', given: 'string', year: 'number', flag: 'number', birth: 'date' };

// Rows as they come out of a Sơn La child export: accents already folded, some fields missing.
const ROWS: Row[] = [
  /* 0 */ { name: 'lo van minh', given: 'minh', year: 2015, flag: 1, birth: day(2015, 3, 5) },
  /* 1 */ { name: 'lo van minh', given: 'minh', year: 2015, flag: 0, birth: day(2015, 3, 5) },
  /* 2 */ { name: 'lo van mihn', given: 'mihn', year: 2016, flag: 0, birth: day(2015, 5, 3) },
  /* 3 */ { name: 'lo van minhh', given: 'minhh', year: 2015, birth: day(2015, 3, 6) },
  /* 4 */ { name: 'lo vn mnhx', given: 'manh', year: 2015, flag: 1, birth: day(2015, 3, 20) },
  /* 5 */ { name: 'ca thi huong', given: 'huong', year: 2015, flag: 0, birth: day(2015, 3) },
  /* 6 */ { name: 'ca thi huong', given: 'huong', birth: day(2015) },
  /* 7 */ { given: 'hung', year: 2016, flag: 0, birth: placeholder(2015) },
  /* 8 */ { name: 'sung a pao', given: 'pao', year: 2016, flag: 0, birth: day(2016, 3, 5) },
  /* 9 */ { name: 'sung a pao', given: 'pao', year: 2018, flag: 0, birth: day(2018, 3, 5) },
  /* 10 */ { name: 'lo van minh', year: 2015, flag: 1 },
  /* 11 */ { name: 'lo van minh', birth: placeholder(2015, 3, 5) },
  /* 12 */ { name: 'lo thi mai', birth: day(2015, 3, 3) },
  /* 13 */ { name: 'lo thi mai', birth: day(2014, 12, 31) },
  /* 14 */ { name: 'lo thi mai', birth: day(2015, 1, 1) },
];

const T = table(KINDS, ROWS);
const pred = (p: Predicate) => compilePredicate(p, T, T);

describe('string and number predicates', () => {
  const cases: Array<[string, Predicate, number, number, boolean]> = [
    ['exact string, equal', { exact: 'name' }, 0, 1, true],
    ['exact string, different', { exact: 'name' }, 0, 2, false],
    ['exact string, missing on the right', { exact: 'name' }, 0, 7, false],
    ['exact string, missing on the left', { exact: 'name' }, 7, 0, false],
    ['exact string, missing on both sides', { exact: 'given' }, 10, 11, false],
    ['differs string, different', { differs: 'name' }, 0, 2, true],
    ['differs string, equal', { differs: 'name' }, 0, 1, false],
    ['differs string, missing on one side is not "differs"', { differs: 'name' }, 0, 7, false],
    ['exact number, equal', { exact: 'year' }, 0, 1, true],
    ['exact number, different', { exact: 'year' }, 0, 2, false],
    ['exact number, zero equals zero', { exact: 'flag' }, 1, 2, true],
    ['exact number, missing', { exact: 'year' }, 0, 6, false],
    ['exact number, missing on both sides', { exact: 'year' }, 6, 11, false],
    ['differs number, different', { differs: 'year' }, 0, 8, true],
    ['differs number, missing', { differs: 'year' }, 0, 6, false],
    ['jaroWinkler: transposition above 0.95', { jaroWinkler: 'given', min: 0.95 }, 0, 2, false],
    ['jaroWinkler: transposition above 0.9', { jaroWinkler: 'given', min: 0.9 }, 0, 2, true],
    ['jaroWinkler: identical values pass any threshold', { jaroWinkler: 'given', min: 1 }, 0, 1, true],
    ['jaroWinkler: unrelated names', { jaroWinkler: 'given', min: 0.8 }, 0, 8, false],
    ['jaroWinkler: missing', { jaroWinkler: 'given', min: 0 }, 0, 10, false],
    ['levenshtein 1: insertion', { levenshtein: 'name', max: 1 }, 0, 3, true],
    ['levenshtein 1: transposition is two edits', { levenshtein: 'name', max: 1 }, 0, 2, false],
    ['levenshtein 2: transposition', { levenshtein: 'name', max: 2 }, 0, 2, true],
    ['levenshtein 2: three edits', { levenshtein: 'name', max: 2 }, 0, 4, false],
    ['levenshtein 1: equal', { levenshtein: 'name', max: 1 }, 0, 1, true],
    ['levenshtein 0: equal', { levenshtein: 'name', max: 0 }, 0, 1, true],
    ['levenshtein 0: one edit', { levenshtein: 'name', max: 0 }, 0, 3, false],
    ['levenshtein 1: missing', { levenshtein: 'name', max: 1 }, 0, 7, false],
    ['either: left flag set', { either: 'flag' }, 0, 1, true],
    ['either: right flag set', { either: 'flag' }, 1, 0, true],
    ['either: both zero', { either: 'flag' }, 1, 2, false],
    ['either: one missing, other zero', { either: 'flag' }, 3, 2, false],
    ['either: one missing, other set', { either: 'flag' }, 3, 4, true],
    ['both: both set', { both: 'flag' }, 0, 4, true],
    ['both: one zero', { both: 'flag' }, 0, 1, false],
    ['both: one missing', { both: 'flag' }, 0, 3, false],
  ];
  it.each(cases)('%s', (_label, p, i, j, expected) => {
    expect(pred(p)(i, j)).toBe(expected);
  });
});

describe('date relations', () => {
  const cases: Array<[string, DateRelation, { days?: number; years?: number }, number, number, boolean]> = [
    ['exact: same day', 'exact', {}, 0, 1, true],
    ['exact: one day apart', 'exact', {}, 0, 3, false],
    ['exact: a placeholder on the same day is not exact', 'exact', {}, 0, 11, false],
    ['exact: month precision', 'exact', {}, 0, 5, false],
    ['exact: missing', 'exact', {}, 0, 10, false],
    ['exact: missing on both sides', 'exact', {}, 10, 10, false],
    ['swapped: 05/03 vs 03/05', 'swapped', {}, 0, 2, true],
    ['swapped: symmetric', 'swapped', {}, 2, 0, true],
    ['swapped: equal dates are not swapped', 'swapped', {}, 0, 1, false],
    ['swapped: day = month (03/03) is not swapped with itself', 'swapped', {}, 12, 12, false],
    ['swapped: not with a placeholder', 'swapped', {}, 2, 11, false],
    ['swapped: different year', 'swapped', {}, 2, 8, false],
    ['withinDays 1: one day apart', 'withinDays', { days: 1 }, 0, 3, true],
    ['withinDays (default 1 day)', 'withinDays', {}, 0, 3, true],
    ['withinDays 1: across a year end', 'withinDays', { days: 1 }, 13, 14, true],
    ['withinDays 1: two days apart', 'withinDays', { days: 1 }, 12, 0, false],
    ['withinDays 2: two days apart', 'withinDays', { days: 2 }, 12, 0, true],
    ['withinDays 30: month precision never qualifies', 'withinDays', { days: 30 }, 0, 5, false],
    ['withinDays 30: placeholder never qualifies', 'withinDays', { days: 30 }, 0, 11, false],
    ['sameMonthYear: different days', 'sameMonthYear', {}, 0, 4, true],
    ['sameMonthYear: month precision', 'sameMonthYear', {}, 0, 5, true],
    ['sameMonthYear: year only', 'sameMonthYear', {}, 0, 6, false],
    ['sameMonthYear: a placeholder does not count', 'sameMonthYear', {}, 0, 11, false],
    ['sameMonthYear: different year', 'sameMonthYear', {}, 0, 8, false],
    ['sameYear: day vs year only', 'sameYear', {}, 0, 6, true],
    ['sameYear: placeholder counts', 'sameYear', {}, 0, 7, true],
    ['sameYear: different year', 'sameYear', {}, 0, 8, false],
    ['sameYear: missing', 'sameYear', {}, 10, 10, false],
    ['yearWithin 1: one year apart', 'yearWithin', { years: 1 }, 0, 8, true],
    ['yearWithin 1: three years apart', 'yearWithin', { years: 1 }, 0, 9, false],
    ['yearWithin 3: three years apart', 'yearWithin', { years: 3 }, 0, 9, true],
    ['yearWithin: missing', 'yearWithin', { years: 3 }, 0, 10, false],
    ['weak: full date vs year only', 'weak', {}, 0, 6, true],
    ['weak: full date vs month precision', 'weak', {}, 0, 5, true],
    ['weak: full date vs placeholder', 'weak', {}, 0, 7, true],
    ['weak: placeholder on the left', 'weak', {}, 11, 1, true],
    ['weak: two full dates are not weak evidence', 'weak', {}, 0, 4, false],
    ['weak: different year', 'weak', {}, 8, 7, false],
    ['weak: missing', 'weak', {}, 10, 6, false],
  ];
  it.each(cases)('%s', (_label, is, opts, i, j, expected) => {
    expect(pred({ date: 'birth', is, ...opts })(i, j)).toBe(expected);
  });
});

describe('combinators', () => {
  const cases: Array<[string, Predicate, number, number, boolean]> = [
    ['else', 'else', 0, 7, true],
    ['all: both hold', { all: [{ exact: 'name' }, { exact: 'year' }] }, 0, 1, true],
    ['all: one fails', { all: [{ exact: 'name' }, { exact: 'flag' }] }, 0, 1, false],
    ['any: one holds', { any: [{ exact: 'flag' }, { exact: 'name' }] }, 0, 1, true],
    ['any: none holds', { any: [{ exact: 'flag' }, { exact: 'given' }] }, 0, 8, false],
    ['not', { not: { exact: 'name' } }, 0, 2, true],
    ['not of a match', { not: { exact: 'name' } }, 0, 1, false],
    ['not of a missing value is true', { not: { exact: 'name' } }, 0, 7, true],
    ['nested', { all: [{ any: [{ differs: 'year' }, { exact: 'flag' }] }, { not: { date: 'birth', is: 'exact' } }] }, 0, 2, true],
    ['nested, inner all fails', { all: [{ any: [{ differs: 'year' }, { exact: 'flag' }] }, { not: { date: 'birth', is: 'swapped' } }] }, 0, 2, false],
  ];
  it.each(cases)('%s', (_label, p, i, j, expected) => {
    expect(pred(p)(i, j)).toBe(expected);
  });
});

describe('compileComparison', () => {
  const nameSpec: ComparisonSpec = {
    name: 'name',
    requires: ['name'],
    levels: [
      { label: 'exact', when: { exact: 'name' } },
      { label: 'close', when: { jaroWinkler: 'name', min: 0.9 } },
      { label: 'one typo', when: { levenshtein: 'name', max: 1 } },
      { label: 'different', when: 'else' },
    ],
  };
  const name = compileComparison(nameSpec, T, T);

  it('takes the levels in order: the first that holds wins', () => {
    expect(name(0, 1)).toBe(0); // equal strings also pass jaroWinkler and levenshtein
    expect(name(0, 3)).toBe(1); // one insertion: close by Jaro–Winkler, also one typo
    expect(name(0, 12)).toBe(3);
    // Swapping the order of the two middle levels changes the answer for the same pair.
    const swapped = compileComparison({ ...nameSpec, levels: [nameSpec.levels[0], nameSpec.levels[2], nameSpec.levels[1], nameSpec.levels[3]] }, T, T);
    expect(swapped(0, 3)).toBe(1);
    expect(swapped(0, 2)).toBe(2); // transposition: not one typo, but close
  });

  it('returns -1 when a required feature is missing on either side', () => {
    expect(name(0, 7)).toBe(-1);
    expect(name(7, 0)).toBe(-1);
    expect(name(7, 7)).toBe(-1);
  });

  it('several required features: all must be present on both sides', () => {
    const c = compileComparison({ name: 'birth', requires: ['birth', 'year'], levels: [{ label: 'same', when: { date: 'birth', is: 'exact' } }, { label: 'other', when: 'else' }] }, T, T);
    expect(c(0, 1)).toBe(0);
    expect(c(0, 6)).toBe(-1); // year missing on the right
    expect(c(0, 10)).toBe(-1); // birth missing on the right
    expect(c(0, 8)).toBe(1);
  });

  it('without requires, a comparison always gives a level (missing values fall to else)', () => {
    const c = compileComparison({ name: 'flag', requires: [], levels: [{ label: 'both', when: { both: 'flag' } }, { label: 'no', when: 'else' }] }, T, T);
    expect(c(0, 4)).toBe(0);
    expect(c(0, 7)).toBe(1);
    expect(c(7, 7)).toBe(1);
  });

  it('when no level holds, the last level is given', () => {
    const c = compileComparison({ name: 'n', requires: [], levels: [{ label: 'same', when: { exact: 'name' } }, { label: 'same year', when: { exact: 'year' } }] }, T, T);
    expect(c(0, 1)).toBe(0);
    expect(c(0, 3)).toBe(1);
    expect(c(0, 12)).toBe(1); // neither name nor year: still the last level
  });
});

describe('spec errors name the feature', () => {
  const cases: Array<[string, Predicate, RegExp]> = [
    ['unknown feature', { exact: 'nosuch' }, /unknown feature 'nosuch'/],
    ['jaroWinkler on a number', { jaroWinkler: 'year', min: 0.9 }, /'year'/],
    ['levenshtein on a date', { levenshtein: 'birth', max: 1 }, /'birth'/],
    ['date relation on a string', { date: 'name', is: 'exact' }, /'name'/],
    ['exact on a date', { exact: 'birth' }, /'birth'/],
    ['differs on a date', { differs: 'birth' }, /'birth'/],
    ['either on a string', { either: 'name' }, /'name'/],
    ['both on a date', { both: 'birth' }, /'birth'/],
    ['unknown feature inside all/any/not', { all: [{ exact: 'name' }, { any: [{ not: { exact: 'mother_sound' } }] }] }, /'mother_sound'/],
  ];
  it.each(cases)('%s', (_label, p, message) => {
    expect(() => pred(p)).toThrow(SpecError);
    expect(() => pred(p)).toThrow(message);
  });

  it('an unknown required feature', () => {
    const spec: ComparisonSpec = { name: 'x', requires: ['village_key'], levels: [{ label: 'a', when: 'else' }, { label: 'b', when: 'else' }] };
    expect(() => compileComparison(spec, T, T)).toThrow(SpecError);
    expect(() => compileComparison(spec, T, T)).toThrow(/'village_key'/);
  });

  it('the message lists the known features', () => {
    expect(() => pred({ exact: 'nosuch' })).toThrow(/birth, flag, given, name, year/);
  });

  it('an unknown date relation (config not validated by the schema)', () => {
    expect(() => pred({ date: 'birth', is: 'nearly' as DateRelation })).toThrow(SpecError);
  });
});

describe('link mode: two tables sharing dictionaries', () => {
  const kinds: Kinds = { name: 'string', year: 'number', birth: 'date' };
  // The right table has names the left one never had (interned after it) and other row counts.
  const { left, right } = tablePair(
    kinds,
    [{ name: 'lo van minh', year: 2015, birth: day(2015, 3, 5) }, { name: 'ca thi huong', year: 2016 }],
    [{ name: 'quang van tong', year: 2015 }, { name: 'lo van minh', year: 2016, birth: day(2015, 5, 3) }, { name: 'ca thi huongg', birth: day(2016) }],
  );

  it('compares left row i with right row j', () => {
    const c = compileComparison(
      {
        name: 'name',
        requires: ['name'],
        levels: [
          { label: 'exact', when: { exact: 'name' } },
          { label: 'typo', when: { levenshtein: 'name', max: 1 } },
          { label: 'close', when: { jaroWinkler: 'name', min: 0.8 } },
          { label: 'different', when: 'else' },
        ],
      },
      left,
      right,
    );
    expect(c(0, 1)).toBe(0);
    expect(c(1, 2)).toBe(1);
    expect(c(0, 0)).toBe(3);
    expect(c(1, 0)).toBe(3);
  });

  it('numbers and dates compare across the tables', () => {
    const p = (q: Predicate) => compilePredicate(q, left, right);
    expect(p({ exact: 'year' })(0, 0)).toBe(true);
    expect(p({ exact: 'year' })(0, 1)).toBe(false);
    expect(p({ date: 'birth', is: 'swapped' })(0, 1)).toBe(true);
    expect(p({ date: 'birth', is: 'weak' })(1, 2)).toBe(false); // left row 1 has no birth date
    expect(p({ date: 'birth', is: 'sameYear' })(0, 2)).toBe(false);
  });
});
