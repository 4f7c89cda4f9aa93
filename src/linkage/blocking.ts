// Blocking: candidate pairs are the records that agree exactly on all keys of at least one rule.
// Rules are applied in order; a pair already produced by an earlier rule is not produced again, so
// the candidate set is the union of the rules without repeats.
import type { BlockingRule } from '../../schemas/linkage.js';
import { MISSING, MISSING_NUMBER, type FeatureTable } from './table.js';
import { SpecError } from './comparisons.js';

export type LinkMode = 'dedupe' | 'link';

/** Growable list of pairs (left index, right index, rule index). */
export class PairList {
  left: Int32Array;
  right: Int32Array;
  rule: Uint8Array;
  count = 0;

  constructor(capacity = 1 << 16) {
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
    this.rule = new Uint8Array(capacity);
  }

  push(i: number, j: number, r: number): void {
    if (this.count === this.left.length) this.grow();
    this.left[this.count] = i;
    this.right[this.count] = j;
    this.rule[this.count] = r;
    this.count++;
  }

  private grow(): void {
    const n = this.left.length * 2;
    const l = new Int32Array(n);
    l.set(this.left);
    const r = new Int32Array(n);
    r.set(this.right);
    const u = new Uint8Array(n);
    u.set(this.rule);
    this.left = l;
    this.right = r;
    this.rule = u;
  }
}

export interface RuleStats {
  name: string;
  pairs: number;
  blocks: number;
  /** The largest blocks' sizes (records), largest first. No key values: they can be personal data. */
  largestBlocks: number[];
  skippedBlocks: number;
  skippedRecords: number;
}

export interface BlockingResult {
  pairs: PairList;
  rules: RuleStats[];
}


/** A column's values as dense integers 0 … size-1 (-1 when missing). */
function denseColumn(rule: BlockingRule, key: string, tables: readonly FeatureTable[]): { values: Int32Array; size: number } {
  const total = tables.reduce((n, t) => n + t.size, 0);
  const values = new Int32Array(total);
  let offset = 0;
  let size = 0;
  const numberIds = new Map<number, number>();
  for (const t of tables) {
    const c = t.columns[key];
    if (!c) throw new SpecError(`blocking rule '${rule.name}': unknown feature '${key}'`);
    if (c.kind === 'date') throw new SpecError(`blocking rule '${rule.name}': '${key}' is a date; block on a derived string or number feature instead`);
    if (c.kind === 'string') {
      // Interned ids are already dense, and shared by the tables of one job.
      values.set(c.ids, offset);
      size = Math.max(size, c.dict.values.length);
    } else {
      for (let r = 0; r < t.size; r++) {
        const v = c.values[r];
        if (v === MISSING_NUMBER) {
          values[offset + r] = -1;
          continue;
        }
        let id = numberIds.get(v);
        if (id === undefined) {
          id = numberIds.size;
          numberIds.set(v, id);
        }
        values[offset + r] = id;
      }
      size = Math.max(size, numberIds.size);
    }
    offset += t.size;
  }
  return { values, size };
}

/** Stable counting sort of `rows` by `key[row]` (keys 0 … size-1). */
function countingSort(rows: Int32Array, key: Int32Array, size: number): Int32Array {
  const start = new Int32Array(size + 1);
  for (let k = 0; k < rows.length; k++) start[key[rows[k]] + 1]++;
  for (let v = 0; v < size; v++) start[v + 1] += start[v];
  const out = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[start[key[rows[k]]]++] = rows[k];
  return out;
}

/**
 * Combines two dense keys into one dense key (-1 when either is missing), by a two-pass radix sort:
 * linear in the rows, no hashing — blocking at provincial scale stays a matter of seconds.
 */
function combineKeys(a: Int32Array, aSize: number, b: Int32Array, bSize: number): { values: Int32Array; size: number } {
  const out = new Int32Array(a.length).fill(-1);
  let present = 0;
  for (let r = 0; r < a.length; r++) if (a[r] >= 0 && b[r] >= 0) present++;
  let rows: Int32Array = new Int32Array(present);
  for (let r = 0, k = 0; r < a.length; r++) if (a[r] >= 0 && b[r] >= 0) rows[k++] = r;
  rows = countingSort(countingSort(rows, b, bSize), a, aSize);
  let size = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const prev = k > 0 ? rows[k - 1] : -1;
    if (prev < 0 || a[prev] !== a[r] || b[prev] !== b[r]) size++;
    out[r] = size - 1;
  }
  return { values: out, size };
}

/**
 * One integer per row for a rule: equal when all the rule's keys are equal, -1 when any is missing.
 * Keys are dense (0 … size-1) so blocks can be formed by counting sort.
 */
function ruleKeys(rule: BlockingRule, tables: FeatureTable[]): { keys: Int32Array[]; size: number } {
  let acc = denseColumn(rule, rule.keys[0], tables);
  for (const key of rule.keys.slice(1)) {
    const next = denseColumn(rule, key, tables);
    acc = combineKeys(acc.values, acc.size, next.values, next.size);
  }
  const keys: Int32Array[] = [];
  let offset = 0;
  for (const t of tables) {
    keys.push(acc.values.subarray(offset, offset + t.size));
    offset += t.size;
  }
  return { keys, size: acc.size };
}

interface Groups {
  /** Rows ordered by key. */
  order: Int32Array;
  /** Rows of key k are order[start[k]] … order[start[k + 1] - 1]. */
  start: Int32Array;
}

/** Rows grouped by key with a counting sort (rows with key -1 left out). */
function groupRows(keys: Int32Array, size: number): Groups {
  const start = new Int32Array(size + 1);
  for (const k of keys) if (k >= 0) start[k + 1]++;
  for (let k = 0; k < size; k++) start[k + 1] += start[k];
  const fill = start.slice(0, size);
  const order = new Int32Array(start[size]);
  for (let row = 0; row < keys.length; row++) {
    const k = keys[row];
    if (k >= 0) order[fill[k]++] = row;
  }
  return { order, start };
}

/** The n largest values, largest first (without sorting every block size). */
function largest(values: readonly number[], n: number): number[] {
  const top: number[] = [];
  for (const v of values) {
    if (top.length < n) top.push(v);
    else if (v > top[top.length - 1]) top[top.length - 1] = v;
    else continue;
    top.sort((a, b) => b - a);
  }
  return top;
}

export function generatePairs(
  mode: LinkMode,
  left: FeatureTable,
  right: FeatureTable,
  rules: readonly BlockingRule[],
  maxBlockSize: number,
): BlockingResult {
  if (rules.length > 255) throw new SpecError('at most 255 blocking rules');
  const pairs = new PairList();
  const stats: RuleStats[] = [];
  const leftKeys: Int32Array[] = [];
  const rightKeys: Int32Array[] = [];
  // Blocks skipped for their size cover nothing: a later rule must still produce their pairs.
  const skippedKeys: Uint8Array[] = [];
  rules.forEach((rule, r) => {
    const { keys, size } = ruleKeys(rule, mode === 'dedupe' ? [left] : [left, right]);
    leftKeys.push(keys[0]);
    rightKeys.push(mode === 'dedupe' ? keys[0] : keys[1]);
    const skipped = new Uint8Array(size);
    skippedKeys.push(skipped);
    const coveredBefore = (i: number, j: number): boolean => {
      for (let q = 0; q < r; q++) {
        const a = leftKeys[q][i];
        if (a >= 0 && a === rightKeys[q][j] && skippedKeys[q][a] === 0) return true;
      }
      return false;
    };
    const s: RuleStats = { name: rule.name, pairs: 0, blocks: 0, largestBlocks: [], skippedBlocks: 0, skippedRecords: 0 };
    const sizes: number[] = [];
    const gl = groupRows(keys[0], size);
    const gr = mode === 'dedupe' ? gl : groupRows(keys[1], size);
    const before = pairs.count;
    for (let key = 0; key < size; key++) {
      const ls = gl.start[key];
      const le = gl.start[key + 1];
      const rs = gr.start[key];
      const re = gr.start[key + 1];
      if (le === ls || re === rs) continue;
      const blockSize = mode === 'dedupe' ? le - ls : le - ls + (re - rs);
      if (mode === 'dedupe' && blockSize < 2) continue;
      s.blocks++;
      sizes.push(blockSize);
      if (blockSize > maxBlockSize) {
        skipped[key] = 1;
        s.skippedBlocks++;
        s.skippedRecords += blockSize;
        continue;
      }
      if (mode === 'dedupe') {
        for (let x = ls; x < le; x++) {
          const i = gl.order[x];
          for (let y = x + 1; y < le; y++) {
            const j = gl.order[y];
            const a = i < j ? i : j;
            const b = i < j ? j : i;
            if (!coveredBefore(a, b)) pairs.push(a, b, r);
          }
        }
      } else {
        for (let x = ls; x < le; x++) {
          const i = gl.order[x];
          for (let y = rs; y < re; y++) {
            const j = gr.order[y];
            if (!coveredBefore(i, j)) pairs.push(i, j, r);
          }
        }
      }
    }
    s.pairs = pairs.count - before;
    s.largestBlocks = largest(sizes, 5);
    stats.push(s);
  });
  return { pairs, rules: stats };
}
