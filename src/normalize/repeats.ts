// Finding the few repeated ids among a million without a Map of a million strings.
import { hashString } from '../vietnamese/string-memo.js';

/**
 * For each value, whether it may occur more than once among `values`: 0 means it certainly occurs
 * once; 1 means it shares its 32-bit hash with another value (a repeat, or now and then two
 * different values that collide), so the caller must look it up. At provincial scale the record ids
 * and listed IDs are a million distinct strings each; a Map of them costs a hash and several cache
 * misses per value (about 3 s per file), while sorting their hashes in a typed array finds the few
 * repeats in a fraction of that.
 */
export function mayRepeat(values: readonly string[]): Uint8Array {
  const n = values.length;
  const hashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = hashString(values[i]) >>> 0;
  const sorted = hashes.slice().sort();
  const repeated = new Set<number>();
  for (let i = 1; i < n; i++) if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i]);
  const out = new Uint8Array(n);
  if (repeated.size > 0) for (let i = 0; i < n; i++) if (repeated.has(hashes[i])) out[i] = 1;
  return out;
}
