// Compiles comparison specs (data) into fast functions over two feature tables.
// A comparison returns the index of the first level whose predicate holds, or -1 when a required
// feature is missing on either side (the comparison then contributes nothing).
import type { ComparisonSpec, Predicate } from '../../schemas/linkage.js';
import { MISSING, MISSING_NUMBER, type Column, type DateColumn, type FeatureTable, type NumberColumn } from './table.js';
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

/**
 * Features a predicate reads. With `textOnly`, only those whose dictionary strings it compares (string
 * similarity): the others are compared by their ids alone.
 */
export function featuresOf(p: Predicate, out: Set<string>, textOnly = false): Set<string> {
  if (p === 'else') return out;
  if ('all' in p) p.all.forEach((q) => featuresOf(q, out, textOnly));
  else if ('any' in p) p.any.forEach((q) => featuresOf(q, out, textOnly));
  else if ('not' in p) featuresOf(p.not, out, textOnly);
  else if ('jaroWinkler' in p) out.add(p.jaroWinkler);
  else if ('levenshtein' in p) out.add(p.levenshtein);
  else if (textOnly) return out;
  else if ('exact' in p) out.add(p.exact);
  else if ('differs' in p) out.add(p.differs);
  else if ('date' in p) out.add(p.date);
  else if ('either' in p) out.add(p.either);
  else if ('both' in p) out.add(p.both);
  return out;
}

/** Within one edit (substitution, insertion or deletion): cheaper than a full edit distance. */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let diff = 0;
    for (let k = 0; k < la; k++) if (a.charCodeAt(k) !== b.charCodeAt(k) && ++diff > 1) return false;
    return true;
  }
  if (la - lb === 1 || lb - la === 1) {
    const [s, t] = la < lb ? [a, b] : [b, a];
    let k = 0;
    while (k < s.length && s.charCodeAt(k) === t.charCodeAt(k)) k++;
    for (let m = k; m < s.length; m++) if (s.charCodeAt(m) !== t.charCodeAt(m + 1)) return false;
    return true;
  }
  return false;
}

/**
 * Compiles predicates into one JavaScript function per comparison: straight-line code over the
 * feature arrays, so the hot loop makes one call per comparison instead of one per predicate.
 * Only references to arrays and helper functions and validated numbers are written into the
 * generated code, never text from the config or the data.
 */
class CodeGen {
  private readonly refs: unknown[] = [];

  constructor(
    private readonly a: FeatureTable,
    private readonly b: FeatureTable,
  ) {}

  private ref(value: unknown): string {
    let k = this.refs.indexOf(value);
    if (k < 0) {
      k = this.refs.length;
      this.refs.push(value);
    }
    return `r${k}`;
  }

  private num(n: number): string {
    if (!Number.isFinite(n)) throw new SpecError(`not a number: ${n}`);
    return String(n);
  }

  presence(name: string, side: 'a' | 'b'): string {
    const c = column(side === 'a' ? this.a : this.b, name);
    const v = side === 'a' ? 'i' : 'j';
    if (c.kind === 'string') return `${this.ref(c.ids)}[${v}] !== ${MISSING}`;
    if (c.kind === 'number') return `${this.ref(c.values)}[${v}] !== ${MISSING_NUMBER}`;
    return `${this.ref(c.year)}[${v}] !== 0`;
  }

  expr(p: Predicate): string {
    const { a, b } = this;
    if (p === 'else') return 'true';
    if ('all' in p) return '(' + p.all.map((q) => this.expr(q)).join(' && ') + ')';
    if ('any' in p) return '(' + p.any.map((q) => this.expr(q)).join(' || ') + ')';
    if ('not' in p) return `!${this.expr(p.not)}`;
    if ('exact' in p || 'differs' in p) {
      const name = 'exact' in p ? p.exact : p.differs;
      const ca = column(a, name);
      const cb = column(b, name);
      let x: string;
      let y: string;
      let missing: number;
      if (ca.kind === 'string' && cb.kind === 'string') [x, y, missing] = [this.ref(ca.ids), this.ref(cb.ids), MISSING];
      else if (ca.kind === 'number' && cb.kind === 'number') [x, y, missing] = [this.ref(ca.values), this.ref(cb.values), MISSING_NUMBER];
      else throw new SpecError(`'${'exact' in p ? 'exact' : 'differs'}' on '${name}' needs a string or number feature`);
      return 'exact' in p ? `(${x}[i] !== ${missing} && ${x}[i] === ${y}[j])` : `(${x}[i] !== ${missing} && ${y}[j] !== ${missing} && ${x}[i] !== ${y}[j])`;
    }
    if ('jaroWinkler' in p || 'levenshtein' in p) {
      const name = 'jaroWinkler' in p ? p.jaroWinkler : p.levenshtein;
      const [ca, cb] = pairOf(a, b, name, 'string', 'jaroWinkler' in p ? "'jaroWinkler'" : "'levenshtein'");
      const dict = ca.dict.values;
      const x = ca.ids;
      const y = cb.ids;
      let close: (s: string, t: string) => boolean;
      if ('jaroWinkler' in p) {
        const min = p.min;
        close = (s, t) => jaroWinklerUpperBound(s.length, t.length) >= min && jaroWinkler(s, t) >= min;
      } else {
        const max = p.max;
        close = max === 1 ? withinOneEdit : (s, t) => Math.abs(s.length - t.length) <= max && levenshtein(s, t) <= max;
      }
      const test = (i: number, j: number): boolean => {
        const u = x[i];
        const v = y[j];
        if (u === MISSING || v === MISSING) return false;
        return u === v || close(dict[u], dict[v]);
      };
      return `${this.ref(test)}(i, j)`;
    }
    if ('either' in p || 'both' in p) {
      const name = 'either' in p ? p.either : p.both;
      const [ca, cb] = pairOf(a, b, name, 'number', `'${'either' in p ? 'either' : 'both'}'`) as [NumberColumn, NumberColumn];
      const on = (v: string): string => `(${v} !== ${MISSING_NUMBER} && ${v} !== 0)`;
      return `(${on(`${this.ref(ca.values)}[i]`)} ${'either' in p ? '||' : '&&'} ${on(`${this.ref(cb.values)}[j]`)})`;
    }
    if ('date' in p) {
      const [ca, cb] = pairOf(a, b, p.date, 'date', "'date'") as [DateColumn, DateColumn];
      return this.date(ca, cb, p.is, this.num(p.days ?? 1), this.num(p.years ?? 1));
    }
    throw new SpecError(`unknown predicate ${JSON.stringify(p)}`);
  }

  private date(a: DateColumn, b: DateColumn, is: string, days: string, years: string): string {
    const [ya, ma, da, na, pa] = [a.year, a.month, a.day, a.dayNumber, a.placeholder].map((x) => `${this.ref(x)}[i]`);
    const [yb, mb, db, nb, pb] = [b.year, b.month, b.day, b.dayNumber, b.placeholder].map((x) => `${this.ref(x)}[j]`);
    const M = MISSING_NUMBER;
    switch (is) {
      case 'exact':
        return `(${na} !== ${M} && ${na} === ${nb})`;
      case 'swapped':
        return `(${na} !== ${M} && ${nb} !== ${M} && ${ya} === ${yb} && ${ma} === ${db} && ${da} === ${mb} && ${ma} !== ${mb})`;
      case 'withinDays':
        return `(${na} !== ${M} && ${nb} !== ${M} && Math.abs(${na} - ${nb}) <= ${days})`;
      case 'sameMonthYear':
        return `(${ya} !== 0 && ${ya} === ${yb} && ${ma} !== 0 && ${ma} === ${mb} && ${pa} === 0 && ${pb} === 0)`;
      case 'sameYear':
        return `(${ya} !== 0 && ${ya} === ${yb})`;
      case 'yearWithin':
        return `(${ya} !== 0 && ${yb} !== 0 && Math.abs(${ya} - ${yb}) <= ${years})`;
      case 'weak':
        return `(${ya} !== 0 && ${ya} === ${yb} && (${pa} === 1 || ${pb} === 1 || ${na} === ${M} || ${nb} === ${M}))`;
      default:
        throw new SpecError(`unknown date relation '${is}'`);
    }
  }

  build<T>(body: string): T {
    const names = this.refs.map((_, k) => `r${k}`);
    return new Function(...names, `"use strict";\n${body}`)(...this.refs) as T;
  }
}

export function compilePredicate(p: Predicate, a: FeatureTable, b: FeatureTable): PairPredicate {
  const g = new CodeGen(a, b);
  const e = g.expr(p);
  return g.build<PairPredicate>(`return function predicate(i, j) { return ${e}; };`);
}

export function compileComparison(spec: ComparisonSpec, a: FeatureTable, b: FeatureTable): CompiledComparison {
  const g = new CodeGen(a, b);
  const required = spec.requires.map((f) => `${g.presence(f, 'a')} && ${g.presence(f, 'b')}`);
  const lines = spec.levels.map((l, k) => `  if (${g.expr(l.when)}) return ${k};`);
  const body = [
    'return function comparison(i, j) {',
    required.length > 0 ? `  if (!(${required.join(' && ')})) return -1;` : '',
    ...lines,
    `  return ${spec.levels.length - 1};`,
    '};',
  ].join('\n');
  return g.build<CompiledComparison>(body);
}
