// Blocking: candidate pairs are the records that agree exactly on all keys of at least one rule.
// Rules are applied in order; a pair already produced by an earlier rule is not produced again, so
// the candidate set is the union of the rules without repeats.
import type { BlockingRule } from '../../schemas/linkage.js';
import { MISSING_NUMBER, type FeatureTable } from './table.js';
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

let scratch = new Int32Array(0);

/**
 * A zeroed table reused from call to call: allocating a fresh 100 MB table per rule in a heap of
 * several GB costs more than filling the old one (each allocation can start a full collection).
 */
function scratchSlots(length: number): Int32Array {
  if (scratch.length < length) scratch = new Int32Array(length);
  else scratch.fill(0, 0, length);
  return scratch.subarray(0, length);
}

/** Frees the reused table (after blocking, so it does not sit in memory through the rest of the run). */
function releaseBlockingScratch(): void {
  scratch = new Int32Array(0);
}

/**
 * Dense ids (0 … size-1, in order of first appearance) of the rows' key tuples; -1 when any key is
 * missing. One pass over the rows with an open-addressing hash table of the tuples, so each row
 * touches the table about once: at provincial scale this is several times faster than a radix sort
 * per key, whose passes over permuted rows are all cache misses.
 */
export function tupleIds(columns: readonly Int32Array[]): { values: Int32Array; size: number } {
  const n = columns[0].length;
  const width = columns.length;
  let capacity = 16;
  while (capacity < n * 2) capacity *= 2;
  const mask = capacity - 1;
  // A slot is [id + 1 (0 when empty), key 1, …, key width]: one cache line per probe.
  const stride = width + 1;
  const slots = scratchSlots(capacity * stride);
  const out = new Int32Array(n);
  let size = 0;
  rows: for (let r = 0; r < n; r++) {
    let h = 0x811c9dc5 | 0;
    for (let j = 0; j < width; j++) {
      const v = columns[j][r];
      if (v < 0) {
        out[r] = -1;
        continue rows;
      }
      h = Math.imul(h ^ v, 0x01000193);
    }
    // murmur3's finaliser: FNV alone clusters small dense integers.
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const base = slot * stride;
      const id = slots[base] - 1;
      if (id < 0) {
        slots[base] = size + 1;
        for (let j = 0; j < width; j++) slots[base + 1 + j] = columns[j][r];
        out[r] = size++;
        break;
      }
      let same = true;
      for (let j = 0; j < width && same; j++) same = slots[base + 1 + j] === columns[j][r];
      if (same) {
        out[r] = id;
        break;
      }
    }
  }
  return { values: out, size };
}

/**
 * One integer per row for a rule: equal when all the rule's keys are equal, -1 when any is missing.
 * Keys are dense (0 … size-1) so blocks can be formed by counting sort.
 */
function ruleKeys(rule: BlockingRule, tables: FeatureTable[]): { keys: Int32Array[]; size: number } {
  const columns = rule.keys.map((key) => denseColumn(rule, key, tables));
  const acc = columns.length === 1 ? columns[0] : tupleIds(columns.map((c) => c.values));
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
  releaseBlockingScratch();
  return { pairs, rules: stats };
}
