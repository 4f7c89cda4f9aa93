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

  /** Appends all of another list's pairs. */
  append(other: PairList): void {
    this.reserve(other.count);
    this.left.set(other.left.subarray(0, other.count), this.count);
    this.right.set(other.right.subarray(0, other.count), this.count);
    this.rule.set(other.rule.subarray(0, other.count), this.count);
    this.count += other.count;
  }

  /** A list on existing arrays (a list received from a worker thread). */
  static of(left: Int32Array, right: Int32Array, rule: Uint8Array, count: number): PairList {
    const list = new PairList(0);
    list.left = left;
    list.right = right;
    list.rule = rule;
    list.count = count;
    return list;
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
  /** Threads that formed the pairs (the pairs are the same with any number). */
  threads: number;
}


/** What blocking reads of a feature column: dense interned ids, or integer values. */
export type BlockingColumn = { kind: 'string'; ids: Int32Array; dictSize: number } | { kind: 'number'; values: Int32Array };

/**
 * Everything blocking reads, checked: each rule key's column in each table (one table in dedupe mode;
 * in link mode the right table's rows follow the left's). Plain typed arrays, so a worker thread
 * receives it whole (the feature tables' columns are on SharedArrayBuffers: nothing is copied).
 */
export interface BlockingJob {
  mode: LinkMode;
  rules: readonly BlockingRule[];
  maxBlockSize: number;
  leftSize: number;
  /** Rows of all tables together. */
  rows: number;
  columns: Record<string, BlockingColumn[]>;
}

export function blockingJob(mode: LinkMode, left: FeatureTable, right: FeatureTable, rules: readonly BlockingRule[], maxBlockSize: number): BlockingJob {
  if (rules.length > 255) throw new SpecError('at most 255 blocking rules');
  const tables = mode === 'dedupe' ? [left] : [left, right];
  const columns: Record<string, BlockingColumn[]> = {};
  for (const rule of rules) {
    for (const key of rule.keys) {
      if (columns[key]) continue;
      columns[key] = tables.map((t) => {
        const c = t.columns[key];
        if (!c) throw new SpecError(`blocking rule '${rule.name}': unknown feature '${key}'`);
        if (c.kind === 'date') throw new SpecError(`blocking rule '${rule.name}': '${key}' is a date; block on a derived string or number feature instead`);
        return c.kind === 'string' ? { kind: 'string', ids: c.ids.subarray(0, t.size), dictSize: c.dict.values.length } : { kind: 'number', values: c.values.subarray(0, t.size) };
      });
    }
  }
  return { mode, rules, maxBlockSize, leftSize: left.size, rows: tables.reduce((n, t) => n + t.size, 0), columns };
}

/** A key's values as dense integers 0 … size-1 (-1 when missing), written into `values`. */
function denseColumn(job: BlockingJob, key: string, values: Int32Array): number {
  let offset = 0;
  let size = 0;
  const numberIds = new Map<number, number>();
  for (const c of job.columns[key]) {
    if (c.kind === 'string') {
      // Interned ids are already dense, and shared by the tables of one job.
      values.set(c.ids, offset);
      size = Math.max(size, c.dictSize);
      offset += c.ids.length;
    } else {
      for (let r = 0; r < c.values.length; r++) {
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
      offset += c.values.length;
    }
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
export function releaseBlockingScratch(): void {
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
function ruleKeys(job: BlockingJob, rule: BlockingRule, keys: Int32Array): number {
  if (rule.keys.length === 1) return denseColumn(job, rule.keys[0], keys);
  const columns = rule.keys.map((key, k) => {
    const values = pooled(`key column ${k}`, keys.length);
    denseColumn(job, key, values);
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

/**
 * Every rule's row keys and the flags of its blocks skipped for their size, kept to the end of the
 * pass: a rule drops the pairs an earlier rule produced by looking back at these. Rule r's keys are
 * keys[r * rows …], its flags skipped[r * rows …] (a rule has at most one block per row).
 */
export interface RuleKeys {
  keys: Int32Array;
  skipped: Uint8Array;
  /** Distinct keys of each rule, known once its keys are computed. */
  sizes: number[];
}

function keysOfSide(job: BlockingJob, all: RuleKeys, r: number): { left: Int32Array; right: Int32Array } {
  const keys = all.keys.subarray(r * job.rows, (r + 1) * job.rows);
  return job.mode === 'dedupe' ? { left: keys, right: keys } : { left: keys.subarray(0, job.leftSize), right: keys.subarray(job.leftSize) };
}

function groupsOf(job: BlockingJob, all: RuleKeys, r: number): { gl: Groups; gr: Groups } {
  const { left, right } = keysOfSide(job, all, r);
  const gl = groupRows(left, all.sizes[r], 'left');
  return { gl, gr: job.mode === 'dedupe' ? gl : groupRows(right, all.sizes[r], 'right') };
}

/** What the first step tells about a rule: its blocks, and how many pairs it may produce at most. */
export interface RuleBlocks {
  stats: RuleStats;
  /** The rule's pairs before those covered by earlier rules are dropped. */
  pairsAtMost: number;
}

/**
 * First step for rule r, independent of the other rules: its keys, its blocks' sizes (statistics) and
 * the blocks too large to compare, flagged. Leaves the rule's groups in the scratch arrays.
 */
function blockRule(job: BlockingJob, all: RuleKeys, r: number): RuleBlocks & { groups: { gl: Groups; gr: Groups } } {
  const rule = job.rules[r];
  const size = ruleKeys(job, rule, all.keys.subarray(r * job.rows, (r + 1) * job.rows));
  all.sizes[r] = size;
  const groups = groupsOf(job, all, r);
  const { gl, gr } = groups;
  const skipped = all.skipped.subarray(r * job.rows, r * job.rows + size);
  const stats: RuleStats = { name: rule.name, pairs: 0, blocks: 0, largestBlocks: [], skippedBlocks: 0, skippedRecords: 0 };
  const sizes: number[] = [];
  let pairsAtMost = 0;
  for (let key = 0; key < size; key++) {
    const l = gl.start[key + 1] - gl.start[key];
    const rr = gr.start[key + 1] - gr.start[key];
    if (l === 0 || rr === 0) continue;
    const blockSize = blockSizeOf(job.mode, l, rr);
    if (job.mode === 'dedupe' && blockSize < 2) continue;
    stats.blocks++;
    sizes.push(blockSize);
    if (blockSize > job.maxBlockSize) {
      skipped[key] = 1;
      stats.skippedBlocks++;
      stats.skippedRecords += blockSize;
      continue;
    }
    pairsAtMost += job.mode === 'dedupe' ? (l * (l - 1)) / 2 : l * rr;
  }
  stats.largestBlocks = largest(sizes, 5);
  return { stats, pairsAtMost, groups };
}

/**
 * Second step for rule r: its pairs not produced by an earlier rule, appended to `out`. Needs the keys
 * and skipped flags of rules 0 … r (first step done for all of them) and rule r's groups.
 */
function rulePairs(job: BlockingJob, all: RuleKeys, r: number, groups: { gl: Groups; gr: Groups }, pairsAtMost: number, out: PairList): number {
  const leftKeys: Int32Array[] = [];
  const rightKeys: Int32Array[] = [];
  // Blocks skipped for their size cover nothing: a later rule must still produce their pairs.
  const skippedKeys: Uint8Array[] = [];
  for (let q = 0; q <= r; q++) {
    const k = keysOfSide(job, all, q);
    leftKeys.push(k.left);
    rightKeys.push(k.right);
    skippedKeys.push(all.skipped.subarray(q * job.rows, q * job.rows + all.sizes[q]));
  }
  const coveredBefore = (i: number, j: number): boolean => {
    for (let q = 0; q < r; q++) {
      const a = leftKeys[q][i];
      if (a >= 0 && a === rightKeys[q][j] && skippedKeys[q][a] === 0) return true;
    }
    return false;
  };
  const { gl, gr } = groups;
  const skipped = skippedKeys[r];
  const before = out.count;
  out.reserve(Math.min(pairsAtMost, MAX_RESERVED_PAIRS));
  for (let key = 0; key < all.sizes[r]; key++) {
    if (skipped[key] === 1) continue;
    const ls = gl.start[key];
    const le = gl.start[key + 1];
    const rs = gr.start[key];
    const re = gr.start[key + 1];
    if (job.mode === 'dedupe') {
      for (let x = ls; x < le; x++) {
        const i = gl.order[x];
        for (let y = x + 1; y < le; y++) {
          const j = gl.order[y];
          const a = i < j ? i : j;
          const b = i < j ? j : i;
          if (!coveredBefore(a, b)) out.push(a, b, r);
        }
      }
    } else {
      for (let x = ls; x < le; x++) {
        const i = gl.order[x];
        for (let y = rs; y < re; y++) {
          const j = gr.order[y];
          if (!coveredBefore(i, j)) out.push(i, j, r);
        }
      }
    }
  }
  return out.count - before;
}

/** Candidate pairs of a job on this thread, rule after rule. */
export function generatePairsOf(job: BlockingJob): BlockingResult {
  const pairs = new PairList();
  const all: RuleKeys = {
    keys: pooled('rule keys', job.rules.length * job.rows),
    skipped: pooledBytes('skipped blocks', job.rules.length * job.rows).fill(0),
    sizes: [],
  };
  const stats = job.rules.map((_, r) => {
    const b = blockRule(job, all, r);
    b.stats.pairs = rulePairs(job, all, r, b.groups, b.pairsAtMost, pairs);
    return b.stats;
  });
  releaseBlockingScratch();
  return { pairs, rules: stats, threads: 1 };
}

export function generatePairs(
  mode: LinkMode,
  left: FeatureTable,
  right: FeatureTable,
  rules: readonly BlockingRule[],
  maxBlockSize: number,
): BlockingResult {
  return generatePairsOf(blockingJob(mode, left, right, rules, maxBlockSize));
}

// The two steps on their own, for blocking spread over threads (blocking-parallel.ts): first every
// rule's keys on whichever thread, then every rule's pairs, each thread grouping its rules' rows again.

/** First step of rule r (writes its keys, size and skipped flags into `all`). */
export function blockRuleStep(job: BlockingJob, all: RuleKeys, r: number): RuleBlocks {
  const { stats, pairsAtMost } = blockRule(job, all, r);
  return { stats, pairsAtMost };
}

/** Second step of rule r into a list of its own; needs the first step of rules 0 … r done. */
export function rulePairsStep(job: BlockingJob, all: RuleKeys, r: number, pairsAtMost: number): PairList {
  const out = new PairList(Math.max(16, Math.min(pairsAtMost, MAX_RESERVED_PAIRS)));
  rulePairs(job, all, r, groupsOf(job, all, r), pairsAtMost, out);
  return out;
}
