// Computes the comparison levels of all candidate pairs, in worker threads when it pays.
// Feature columns live on SharedArrayBuffers, so workers read them without copying; each worker
// fills its own slice of a shared output array.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { LinkageSettings } from '../../schemas/linkage.js';
import type { PairList } from './blocking.js';
import { compileComparison, featuresOf } from './comparisons.js';
import type { Column, FeatureTable } from './table.js';

/** Below this many pairs a single thread is faster than starting workers. */
const MIN_PAIRS_PER_WORKER = 200_000;

export interface CompareJob {
  left: FeatureTable;
  right: FeatureTable;
  settings: LinkageSettings;
  threads?: number;
}

/** Levels of pairs [from, to) into out[p * C + c]. */
export function compareRange(job: Pick<CompareJob, 'left' | 'right' | 'settings'>, left: Int32Array, right: Int32Array, from: number, to: number, out: Int8Array): void {
  const compiled = job.settings.comparisons.map((s) => compileComparison(s, job.left, job.right));
  const C = compiled.length;
  for (let p = from; p < to; p++) {
    const i = left[p];
    const j = right[p];
    const base = p * C;
    for (let c = 0; c < C; c++) out[base + c] = compiled[c](i, j);
  }
}

/**
 * What a worker needs to rebuild a table: the columns the comparisons read, typed arrays shared. The
 * dictionary strings are copied (serialised once per worker) only where a comparison reads them (string
 * similarity); the others compare ids. A million-child night's ID dictionary alone holds 960,000
 * strings, and every blocking key has a dictionary the comparisons never look at.
 */
export interface PortableTable {
  size: number;
  columns: Record<string, Column | { kind: 'string'; ids: Int32Array; dict: { values: string[] } }>;
}

/** The features the comparisons read, and those among them whose strings they compare. */
export function comparedFeatures(settings: Pick<LinkageSettings, 'comparisons'>): { read: Set<string>; text: Set<string> } {
  const read = new Set<string>();
  const text = new Set<string>();
  for (const spec of settings.comparisons) {
    for (const f of spec.requires) read.add(f);
    for (const level of spec.levels) {
      featuresOf(level.when, read);
      featuresOf(level.when, text, true);
    }
  }
  return { read, text };
}

export function portable(t: FeatureTable, features: { read: ReadonlySet<string>; text: ReadonlySet<string> }): PortableTable {
  const columns: PortableTable['columns'] = {};
  for (const [name, c] of Object.entries(t.columns)) {
    if (!features.read.has(name)) continue;
    columns[name] = c.kind === 'string' ? { kind: 'string', ids: c.ids, dict: { values: features.text.has(name) ? c.dict.values : [] } } : c;
  }
  return { size: t.size, columns };
}

const WORKER_FILE = fileURLToPath(new URL('./compare-worker.js', import.meta.url));

export async function compareAllPairs(job: CompareJob, pairs: PairList): Promise<Int8Array> {
  const C = job.settings.comparisons.length;
  const n = pairs.count;
  const threads = Math.max(1, Math.min(job.threads ?? 1, Math.floor(n / MIN_PAIRS_PER_WORKER)));
  // Workers need the compiled JavaScript; under the test runner (TypeScript sources) we stay in-thread.
  if (threads <= 1 || !existsSync(WORKER_FILE)) {
    const out = new Int8Array(n * C);
    compareRange(job, pairs.left, pairs.right, 0, n, out);
    return out;
  }
  const out = new Int8Array(new SharedArrayBuffer(Math.max(1, n * C)), 0, n * C);
  const left = new Int32Array(new SharedArrayBuffer(n * 4), 0, n);
  left.set(pairs.left.subarray(0, n));
  const right = new Int32Array(new SharedArrayBuffer(n * 4), 0, n);
  right.set(pairs.right.subarray(0, n));
  const features = comparedFeatures(job.settings);
  const shared = { left: portable(job.left, features), right: job.right === job.left ? null : portable(job.right, features), settings: job.settings };
  const chunk = Math.ceil(n / threads);
  await Promise.all(
    Array.from({ length: threads }, (_, k) => {
      const from = k * chunk;
      const to = Math.min(n, from + chunk);
      return new Promise<void>((resolve, reject) => {
        const w = new Worker(WORKER_FILE, { workerData: { ...shared, pairLeft: left, pairRight: right, from, to, out } });
        w.once('message', () => resolve());
        w.once('error', reject);
        w.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`comparison worker exited with code ${code}`))));
      });
    }),
  );
  return out;
}
