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

  /** Makes room for `extra` more pairs at once (one reallocation instead of several doublings). */
  reserve(extra: number): void {
    if (this.count + extra > this.left.length) this.grow(this.count + extra);
  }

  private grow(atLeast = 0): void {
    const n = Math.max(this.left.length * 2, atLeast);
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


/** A column's values as dense integers 0 … size-1 (-1 when missing), written into `values`. */
function denseColumn(rule: BlockingRule, key: string, tables: readonly FeatureTable[], values: Int32Array): number {
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
  return size;
}

/**
 * Typed arrays reused from rule to rule within a blocking pass, one per purpose. At provincial scale
 * each is megabytes: allocated afresh per rule and per key they added up to hundreds of MB of new
 * array buffers per blocking pass, and V8 answers that much new off-heap memory with full garbage
 * collections of a heap of several GB. Contents are stale: callers overwrite or clear what they use.
 */
const pools = new Map<string, Int32Array>();

function pooled(purpose: string, length: number): Int32Array {
  let a = pools.get(purpose);
  if (a === undefined || a.length < length) {
    a = new Int32Array(length);
    pools.set(purpose, a);
  }
  return a.subarray(0, length);
}

/** A reusable byte array, on the buffer of a pooled Int32Array. */
function pooledBytes(purpose: string, length: number): Uint8Array {
  const words = pooled(purpose, Math.ceil(length / 4));
  return new Uint8Array(words.buffer, words.byteOffset, length);
}

/** Frees the reused arrays (after blocking, so they do not sit in memory through the rest of the run). */
function releaseBlockingScratch(): void {
  pools.clear();
}

/**
 * Dense ids (0 … size-1, in order of first appearance) of the rows' key tuples; -1 when any key is
 * missing. One pass over the rows with an open-addressing hash table of the tuples, so each row
 * touches the table about once: at provincial scale this is several times faster than a radix sort
 * per key, whose passes over permuted rows are all cache misses.
 */
export function tupleIds(columns: readonly Int32Array[], out: Int32Array = new Int32Array(columns[0].length)): { values: Int32Array; size: number } {
  const n = columns[0].length;
  const width = columns.length;
  let capacity = 16;
  while (capacity < n * 2) capacity *= 2;
  const mask = capacity - 1;
  // A slot is [id + 1 (0 when empty), key 1, …, key width]: one cache line per probe.
  const stride = width + 1;
  const slots = pooled('tuple slots', capacity * stride).fill(0);
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
 * One integer per row for a rule, written into `keys` (the rows of all tables, one after another):
 * equal when all the rule's keys are equal, -1 when any is missing. Keys are dense (0 … size-1) so
 * blocks can be formed by counting sort. Returns the number of distinct keys.
 */
function ruleKeys(rule: BlockingRule, tables: readonly FeatureTable[], keys: Int32Array): number {
  if (rule.keys.length === 1) return denseColumn(rule, rule.keys[0], tables, keys);
  const columns = rule.keys.map((key, k) => {
    const values = pooled(`key column ${k}`, keys.length);
    denseColumn(rule, key, tables, values);
    return values;
  });
  return tupleIds(columns, keys).size;
}

interface Groups {
  /** Rows ordered by key. */
  order: Int32Array;
  /** Rows of key k are order[start[k]] … order[start[k + 1] - 1]. */
  start: Int32Array;
}

/** Rows grouped by key with a counting sort (rows with key -1 left out), in arrays reused per side. */
function groupRows(keys: Int32Array, size: number, side: 'left' | 'right'): Groups {
  const start = pooled(`${side} block starts`, size + 1).fill(0);
  for (const k of keys) if (k >= 0) start[k + 1]++;
  for (let k = 0; k < size; k++) start[k + 1] += start[k];
  const fill = pooled('block fill', size);
  fill.set(start.subarray(0, size));
  const order = pooled(`${side} block order`, start[size]);
  for (let row = 0; row < keys.length; row++) {
    const k = keys[row];
    if (k >= 0) order[fill[k]++] = row;
  }
  return { order, start };
}

/** More than this is left to the list's doubling (most of a huge rule may be covered already). */
const MAX_RESERVED_PAIRS = 1 << 26;

/** Records in a block of `l` left rows and `r` right rows (in dedupe both sides are the same rows). */
function blockSizeOf(mode: LinkMode, l: number, r: number): number {
  return mode === 'dedupe' ? l : l + r;
}

/** The rule's pairs before those covered by earlier rules are dropped: room to reserve. */
function pairsAtMost(gl: Groups, gr: Groups, size: number, mode: LinkMode, maxBlockSize: number): number {
  let total = 0;
  for (let key = 0; key < size; key++) {
    const l = gl.start[key + 1] - gl.start[key];
    const r = gr.start[key + 1] - gr.start[key];
    if (blockSizeOf(mode, l, r) <= maxBlockSize) total += mode === 'dedupe' ? (l * (l - 1)) / 2 : l * r;
  }
  return total;
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
  const tables = mode === 'dedupe' ? [left] : [left, right];
  const rows = tables.reduce((n, t) => n + t.size, 0);
  // Every rule's keys are kept to the end (later rules look back at them): one array for all.
  const allKeys = pooled('rule keys', rules.length * rows);
  const allSkipped = pooledBytes('skipped blocks', rules.length * rows).fill(0);
  const leftKeys: Int32Array[] = [];
  const rightKeys: Int32Array[] = [];
  // Blocks skipped for their size cover nothing: a later rule must still produce their pairs.
  const skippedKeys: Uint8Array[] = [];
  rules.forEach((rule, r) => {
    const keysOfRule = allKeys.subarray(r * rows, (r + 1) * rows);
    const size = ruleKeys(rule, tables, keysOfRule);
    const keys = mode === 'dedupe' ? [keysOfRule] : [keysOfRule.subarray(0, left.size), keysOfRule.subarray(left.size)];
    leftKeys.push(keys[0]);
    rightKeys.push(mode === 'dedupe' ? keys[0] : keys[1]);
    const skipped = allSkipped.subarray(r * rows, r * rows + size);
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
    const gl = groupRows(keys[0], size, 'left');
    const gr = mode === 'dedupe' ? gl : groupRows(keys[1], size, 'right');
    const before = pairs.count;
    pairs.reserve(Math.min(pairsAtMost(gl, gr, size, mode, maxBlockSize), MAX_RESERVED_PAIRS));
    for (let key = 0; key < size; key++) {
      const ls = gl.start[key];
      const le = gl.start[key + 1];
      const rs = gr.start[key];
      const re = gr.start[key + 1];
      if (le === ls || re === rs) continue;
      const blockSize = blockSizeOf(mode, le - ls, re - rs);
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
