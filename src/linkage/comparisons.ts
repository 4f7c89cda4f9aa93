// Compiles comparison specs (data) into fast functions over two feature tables.
// A comparison returns the index of the first level whose predicate holds, or -1 when a required
// feature is missing on either side (the comparison then contributes nothing).
import type { ComparisonSpec, Predicate } from '../../schemas/linkage.js';
import { MISSING, MISSING_NUMBER, type Column, type DateColumn, type FeatureTable, type NumberColumn, type StringColumn } from './table.js';
import { jaroWinkler, jaroWinklerUpperBound, levenshtein } from './strings.js';

export type PairPredicate = (i: number, j: number) => boolean;
export type CompiledComparison = (i: number, j: number) => number;

export class SpecError extends Error {}

function column(t: FeatureTable, name: string): Column {
  const c = t.columns[name];
  if (!c) throw new SpecError(`unknown feature '${name}'; known features: ${Object.keys(t.columns).sort().join(', ')}`);
  return c;
}

function pairOf<K extends Column['kind']>(a: FeatureTable, b: FeatureTable, name: string, kind: K, what: string): [Extract<Column, { kind: K }>, Extract<Column, { kind: K }>] {
  const ca = column(a, name);
  const cb = column(b, name);
  if (ca.kind !== kind || cb.kind !== kind) throw new SpecError(`${what} needs a ${kind} feature, but '${name}' is a ${ca.kind} feature`);
  return [ca as Extract<Column, { kind: K }>, cb as Extract<Column, { kind: K }>];
}

/** Memoised string similarity between interned ids (names repeat a lot). */
function similarityCache(fn: (a: string, b: string) => number, dict: string[]): (x: number, y: number) => number {
  const cache = new Map<number, number>();
  return (x, y) => {
    const key = x < y ? x * 67108864 + y : y * 67108864 + x;
    let v = cache.get(key);
    if (v === undefined) {
      v = fn(dict[x], dict[y]);
      // Bounded: once full, new pairs are computed but not kept (random pairs rarely repeat).
      if (cache.size < 1_000_000) cache.set(key, v);
    }
    return v;
  };
}

export function compilePredicate(p: Predicate, a: FeatureTable, b: FeatureTable): PairPredicate {
  if (p === 'else') return () => true;
  if ('all' in p) {
    const parts = p.all.map((q) => compilePredicate(q, a, b));
    return (i, j) => {
      for (const f of parts) if (!f(i, j)) return false;
      return true;
    };
  }
  if ('any' in p) {
    const parts = p.any.map((q) => compilePredicate(q, a, b));
    return (i, j) => {
      for (const f of parts) if (f(i, j)) return true;
      return false;
    };
  }
  if ('not' in p) {
    const inner = compilePredicate(p.not, a, b);
    return (i, j) => !inner(i, j);
  }
  if ('exact' in p) {
    const ca = column(a, p.exact);
    const cb = column(b, p.exact);
    if (ca.kind === 'string' && cb.kind === 'string') {
      const x = ca.ids;
      const y = cb.ids;
      return (i, j) => x[i] !== MISSING && x[i] === y[j];
    }
    if (ca.kind === 'number' && cb.kind === 'number') {
      const x = ca.values;
      const y = cb.values;
      return (i, j) => x[i] !== MISSING_NUMBER && x[i] === y[j];
    }
    throw new SpecError(`'exact' on '${p.exact}' needs a string or number feature`);
  }
  if ('differs' in p) {
    const ca = column(a, p.differs);
    const cb = column(b, p.differs);
    if (ca.kind === 'string' && cb.kind === 'string') {
      const x = ca.ids;
      const y = cb.ids;
      return (i, j) => x[i] !== MISSING && y[j] !== MISSING && x[i] !== y[j];
    }
    if (ca.kind === 'number' && cb.kind === 'number') {
      const x = ca.values;
      const y = cb.values;
      return (i, j) => x[i] !== MISSING_NUMBER && y[j] !== MISSING_NUMBER && x[i] !== y[j];
    }
    throw new SpecError(`'differs' on '${p.differs}' needs a string or number feature`);
  }
  if ('jaroWinkler' in p) {
    const [ca, cb] = pairOf(a, b, p.jaroWinkler, 'string', "'jaroWinkler'");
    const dict = ca.dict.values;
    const sim = similarityCache(jaroWinkler, dict);
    const x = ca.ids;
    const y = cb.ids;
    const min = p.min;
    return (i, j) => {
      const u = x[i];
      const v = y[j];
      if (u === MISSING || v === MISSING) return false;
      if (u === v) return true;
      if (jaroWinklerUpperBound(dict[u].length, dict[v].length) < min) return false;
      return sim(u, v) >= min;
    };
  }
  if ('levenshtein' in p) {
    const [ca, cb] = pairOf(a, b, p.levenshtein, 'string', "'levenshtein'");
    const dict = ca.dict.values;
    const dist = similarityCache(levenshtein, dict);
    const x = ca.ids;
    const y = cb.ids;
    const max = p.max;
    return (i, j) => {
      const u = x[i];
      const v = y[j];
      if (u === MISSING || v === MISSING) return false;
      if (u === v) return true;
      if (Math.abs(dict[u].length - dict[v].length) > max) return false;
      return dist(u, v) <= max;
    };
  }
  if ('either' in p || 'both' in p) {
    const name = 'either' in p ? p.either : p.both;
    const [ca, cb] = pairOf(a, b, name, 'number', `'${'either' in p ? 'either' : 'both'}'`) as [NumberColumn, NumberColumn];
    const x = ca.values;
    const y = cb.values;
    const on = (v: number): boolean => v !== MISSING_NUMBER && v !== 0;
    return 'either' in p ? (i, j) => on(x[i]) || on(y[j]) : (i, j) => on(x[i]) && on(y[j]);
  }
  if ('date' in p) {
    const [ca, cb] = pairOf(a, b, p.date, 'date', "'date'") as [DateColumn, DateColumn];
    return compileDate(ca, cb, p.is, p.days ?? 1, p.years ?? 1);
  }
  throw new SpecError(`unknown predicate ${JSON.stringify(p)}`);
}

function compileDate(a: DateColumn, b: DateColumn, is: string, days: number, years: number): PairPredicate {
  const { year: ya, month: ma, day: da, dayNumber: na, placeholder: pa } = a;
  const { year: yb, month: mb, day: db, dayNumber: nb, placeholder: pb } = b;
  switch (is) {
    case 'exact':
      return (i, j) => na[i] !== MISSING_NUMBER && na[i] === nb[j];
    case 'swapped':
      return (i, j) => na[i] !== MISSING_NUMBER && nb[j] !== MISSING_NUMBER && ya[i] === yb[j] && ma[i] === db[j] && da[i] === mb[j] && ma[i] !== mb[j];
    case 'withinDays':
      return (i, j) => na[i] !== MISSING_NUMBER && nb[j] !== MISSING_NUMBER && Math.abs(na[i] - nb[j]) <= days;
    case 'sameMonthYear':
      return (i, j) => ya[i] !== 0 && ya[i] === yb[j] && ma[i] !== 0 && ma[i] === mb[j] && pa[i] === 0 && pb[j] === 0;
    case 'sameYear':
      return (i, j) => ya[i] !== 0 && ya[i] === yb[j];
    case 'yearWithin':
      return (i, j) => ya[i] !== 0 && yb[j] !== 0 && Math.abs(ya[i] - yb[j]) <= years;
    case 'weak':
      return (i, j) => ya[i] !== 0 && ya[i] === yb[j] && (pa[i] === 1 || pb[j] === 1 || na[i] === MISSING_NUMBER || nb[j] === MISSING_NUMBER);
    default:
      throw new SpecError(`unknown date relation '${is}'`);
  }
}

function presence(t: FeatureTable, name: string): (row: number) => boolean {
  const c = column(t, name);
  switch (c.kind) {
    case 'string': {
      const ids = (c as StringColumn).ids;
      return (r) => ids[r] !== MISSING;
    }
    case 'number': {
      const v = c.values;
      return (r) => v[r] !== MISSING_NUMBER;
    }
    case 'date': {
      const y = c.year;
      return (r) => y[r] !== 0;
    }
  }
}

export function compileComparison(spec: ComparisonSpec, a: FeatureTable, b: FeatureTable): CompiledComparison {
  const reqA = spec.requires.map((f) => presence(a, f));
  const reqB = spec.requires.map((f) => presence(b, f));
  const levels = spec.levels.map((l) => compilePredicate(l.when, a, b));
  const n = levels.length;
  return (i, j) => {
    for (let k = 0; k < reqA.length; k++) if (!reqA[k](i) || !reqB[k](j)) return -1;
    for (let k = 0; k < n; k++) if (levels[k](i, j)) return k;
    return n - 1;
  };
}
