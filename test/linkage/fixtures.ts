// Helpers for the linkage engine's tests: small feature tables from plain rows, settings through
// the real schema (so defaults apply as in a pipeline), a seeded PRNG and Vietnamese-looking names.
import { linkageSettingsSchema, type ComparisonSpec, type LinkageSettings, type LinkageSettingsInput } from '../../schemas/linkage.js';
import type { PairList } from '../../src/linkage/blocking.js';
import { mulberry32 } from '../../src/linkage/random.js';
import { FeatureTableBuilder, type Column, type DateValue, type FeatureTable } from '../../src/linkage/table.js';

export type Kinds = Record<string, Column['kind']>;
export type Cell = string | number | DateValue | null | undefined;
export type Row = Record<string, Cell>;

/** A date known to the day (or month, or year when the later parts are left out). */
export function day(year: number, month?: number, dayOfMonth?: number): DateValue {
  return { year, month, day: dayOfMonth, placeholder: false };
}

/** A placeholder date (01/01/yyyy typed because the real date was unknown). */
export function placeholder(year: number, month = 1, dayOfMonth = 1): DateValue {
  return { year, month, day: dayOfMonth, placeholder: true };
}

/** Writes rows into a new table of the builder; a cell left out or null is missing. */
export function writeTable(builder: FeatureTableBuilder, kinds: Kinds, rows: readonly Row[]): FeatureTable {
  const w = builder.table(rows.length, kinds);
  rows.forEach((row, r) => {
    for (const [name, kind] of Object.entries(kinds)) {
      const v = row[name];
      if (v === null || v === undefined) continue;
      if (kind === 'string') {
        if (typeof v !== 'string') throw new Error(`fixture: '${name}' needs a string`);
        w.setString(name, r, v);
      } else if (kind === 'number') {
        if (typeof v !== 'number') throw new Error(`fixture: '${name}' needs a number`);
        w.setNumber(name, r, v);
      } else {
        if (typeof v !== 'object') throw new Error(`fixture: '${name}' needs a date`);
        w.setDate(name, r, v);
      }
    }
  });
  return w.table;
}

/** One table (dedupe mode). */
export function table(kinds: Kinds, rows: readonly Row[]): FeatureTable {
  return writeTable(new FeatureTableBuilder(), kinds, rows);
}

/** Two tables of one job (link mode): string dictionaries are shared. */
export function tablePair(kinds: Kinds, leftRows: readonly Row[], rightRows: readonly Row[]): { left: FeatureTable; right: FeatureTable } {
  const b = new FeatureTableBuilder();
  return { left: writeTable(b, kinds, leftRows), right: writeTable(b, kinds, rightRows) };
}

/** Settings through the schema, with its defaults. */
export function settings(input: LinkageSettingsInput): LinkageSettings {
  return linkageSettingsSchema.parse(input);
}

export const rng = mulberry32;

export function randomInt(rand: () => number, n: number): number {
  return Math.floor(rand() * n);
}

export function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)];
}

/** Fisher–Yates permutation of 0 … n-1. */
export function permutation(rand: () => number, n: number): number[] {
  const p = Array.from({ length: n }, (_, k) => k);
  for (let k = n - 1; k > 0; k--) {
    const r = Math.floor(rand() * (k + 1));
    [p[k], p[r]] = [p[r], p[k]];
  }
  return p;
}

/** Pairs as "i-j" strings, sorted: compares pair sets whatever their order. */
export function pairKeys(pairs: PairList, withRule = false): string[] {
  const out: string[] = [];
  for (let p = 0; p < pairs.count; p++) out.push(withRule ? `${pairs.left[p]}-${pairs.right[p]}@${pairs.rule[p]}` : `${pairs.left[p]}-${pairs.right[p]}`);
  return out.sort();
}

/** A full-name comparison: exact, one typo, similar (Jaro-Winkler 0.9), different. */
export const NAME_COMPARISON: ComparisonSpec = {
  name: 'name',
  requires: ['name'],
  levels: [
    { label: 'exact', when: { exact: 'name' } },
    { label: 'one typo', when: { levenshtein: 'name', max: 1 } },
    { label: 'similar', when: { jaroWinkler: 'name', min: 0.9 } },
    { label: 'different', when: 'else' },
  ],
};

export const FAMILY = ['lo', 'ca', 'quang', 'lu', 'vi', 'ha', 'sung', 'giang', 'vang', 'thao', 'nguyen', 'tran', 'le', 'hoang', 'dinh', 'cam', 'lo', 'lo', 'ca'];
export const MIDDLE = ['van', 'thi', 'a', 'thi', 'van', 'duc', 'minh', 'ngoc', 'thanh', 'seo'];
export const GIVEN = ['minh', 'huong', 'hung', 'pao', 'mai', 'sinh', 'chu', 'lan', 'tuan', 'dung', 'my', 'thao', 'khanh', 'xuan', 'quynh', 'phuong', 'nghia', 'dinh', 'vang', 'tong', 'sua', 'cuong', 'duyen', 'nhung', 'linh'];

/** A Vietnamese-looking ascii full name ("lo van minh"). */
export function randomName(rand: () => number): string {
  return `${pick(rand, FAMILY)} ${pick(rand, MIDDLE)} ${pick(rand, GIVEN)}`;
}

const LETTERS = [...'abcdeghiklmnopqrstuvxy'];

/** One typo: a letter replaced, inserted, deleted, or two neighbours swapped. */
export function typo(rand: () => number, s: string): string {
  const k = randomInt(rand, Math.max(1, s.length));
  switch (randomInt(rand, 4)) {
    case 0:
      return s.slice(0, k) + pick(rand, LETTERS) + s.slice(k + 1);
    case 1:
      return s.slice(0, k) + pick(rand, LETTERS) + s.slice(k);
    case 2:
      return s.length > 1 ? s.slice(0, k) + s.slice(k + 1) : s;
    default:
      return k + 1 < s.length ? s.slice(0, k) + s[k + 1] + s[k] + s.slice(k + 2) : s;
  }
}
