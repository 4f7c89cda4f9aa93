// Timing helper for name canonicalisation + match keys (called from `npm run bench`). Pure timing:
// no I/O, no logging of the names themselves. Each figure is the best of a few passes, because a
// shared machine adds noise that only ever slows a pass down.
import { clearNameCaches, nameKeys, parseName, parseNameUncached, type ParsedName } from '../src/vietnamese/names.js';
import { clearSoundKeyCache } from '../src/vietnamese/soundkey.js';

export interface NameBenchResult {
  /**
   * parseName + nameKeys with their memos, starting with empty memos: one pass over the list as a
   * pipeline run sees it (the first sight of each distinct name pays the full cost).
   */
  namesPerSecond: number;
  /**
   * parseName + nameKeys without the per-name memo: every name is parsed as if seen for the first
   * time. The per-syllable memo stays on (it is part of that path) and starts empty.
   */
  uncachedNamesPerSecond: number;
  /** A second pass over the same list: every name already memoized (a long run's steady state). */
  warmNamesPerSecond: number;
}

const PASSES = 3;

function clearAll(): void {
  clearNameCaches();
  clearSoundKeyCache();
}

function perSecond(count: number, ms: number): number {
  return ms > 0 ? Math.round((count * 1000) / ms) : Number.POSITIVE_INFINITY;
}

/** Summed name lengths: keeps the timed work observable to the optimiser. */
let sink = 0;

/** Milliseconds for one pass of `parse` + keys over the list. */
function timePass(names: readonly string[], parse: (raw: string) => ParsedName): number {
  const t0 = performance.now();
  for (const n of names) sink += nameKeys(parse(n)).ascii.length;
  return performance.now() - t0;
}

function checkSink(): void {
  if (sink < 0) throw new Error('unreachable');
}

export function benchNames(names: string[]): NameBenchResult {
  if (names.length === 0) return { namesPerSecond: 0, uncachedNamesPerSecond: 0, warmNamesPerSecond: 0 };
  // Warm-up so that every measurement runs optimised code.
  const warm = names.slice(0, Math.min(names.length, 20_000));
  timePass(warm, parseNameUncached);
  timePass(warm, parseName);

  let uncachedMs = Infinity;
  let coldMs = Infinity;
  let warmMs = Infinity;
  for (let pass = 0; pass < PASSES; pass++) {
    clearAll();
    uncachedMs = Math.min(uncachedMs, timePass(names, parseNameUncached));
    clearAll();
    coldMs = Math.min(coldMs, timePass(names, parseName));
    warmMs = Math.min(warmMs, timePass(names, parseName));
  }
  clearAll();
  checkSink();
  return {
    namesPerSecond: perSecond(names.length, coldMs),
    uncachedNamesPerSecond: perSecond(names.length, uncachedMs),
    warmNamesPerSecond: perSecond(names.length, warmMs),
  };
}

/**
 * Names per second over a whole export in file order, memos empty at the start: what the normalize
 * stage sees (most names of a province repeat one seen before). Best of a few passes.
 */
export function benchNameStream(names: string[]): number {
  let best = Infinity;
  for (let pass = 0; pass < PASSES; pass++) {
    clearAll();
    best = Math.min(best, timePass(names, parseName));
  }
  clearAll();
  checkSink();
  return perSecond(names.length, best);
}
