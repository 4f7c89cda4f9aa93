// Timing helper for name canonicalisation + match keys (called from `npm run bench`). Pure timing:
// no I/O, no logging of the names themselves.
import { clearNameCaches, nameKeys, parseName, parseNameUncached } from '../src/vietnamese/names.js';
import { clearSoundKeyCache } from '../src/vietnamese/soundkey.js';

export interface NameBenchResult {
  /** parseName + nameKeys with their memos, starting cold (as one pipeline run does). */
  namesPerSecond: number;
  /**
   * parseName + nameKeys without the per-name memos: every name is parsed as if seen for the first
   * time. The per-syllable memo stays on (it is part of the uncached path), starting cold.
   */
  uncachedNamesPerSecond: number;
}

function clearAll(): void {
  clearNameCaches();
  clearSoundKeyCache();
}

function perSecond(count: number, ms: number): number {
  return ms > 0 ? Math.round((count * 1000) / ms) : Number.POSITIVE_INFINITY;
}

export function benchNames(names: string[]): NameBenchResult {
  if (names.length === 0) return { namesPerSecond: 0, uncachedNamesPerSecond: 0 };
  let sink = 0;
  // Warm-up so that both measurements run optimised code.
  const warm = names.slice(0, Math.min(names.length, 20_000));
  for (const n of warm) sink += nameKeys(parseNameUncached(n)).ascii.length;
  for (const n of warm) sink += nameKeys(parseName(n)).sound.length;

  clearAll();
  let t0 = performance.now();
  for (const n of names) sink += nameKeys(parseNameUncached(n)).ascii.length;
  const uncachedMs = performance.now() - t0;

  clearAll();
  t0 = performance.now();
  for (const n of names) sink += nameKeys(parseName(n)).ascii.length;
  const cachedMs = performance.now() - t0;

  clearAll();
  if (sink < 0) throw new Error('unreachable'); // keeps the work observable to the optimiser
  return { namesPerSecond: perSecond(names.length, cachedMs), uncachedNamesPerSecond: perSecond(names.length, uncachedMs) };
}
