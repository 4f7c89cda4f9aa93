// String similarity measures used by comparison levels. Levenshtein comes from fastest-levenshtein.
export { distance as levenshtein } from 'fastest-levenshtein';

let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/** Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (la > flagsA.length || lb > flagsB.length) {
    flagsA = new Uint8Array(Math.max(la, lb) * 2);
    flagsB = new Uint8Array(Math.max(la, lb) * 2);
  }
  const ma = flagsA;
  const mb = flagsB;
  ma.fill(0, 0, la);
  mb.fill(0, 0, lb);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = i > window ? i - window : 0;
    const hi = i + window < lb - 1 ? i + window : lb - 1;
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (mb[j] === 0 && b.charCodeAt(j) === c) {
        ma[i] = 1;
        mb[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (ma[i] === 0) continue;
    while (mb[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / la + m / lb + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  const maxPrefix = la < lb ? (la < 4 ? la : 4) : lb < 4 ? lb : 4;
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * An upper bound of the Jaro–Winkler similarity from the lengths alone: lets a level with a high
 * threshold skip most pairs of clearly different strings without computing the similarity.
 */
export function jaroWinklerUpperBound(la: number, lb: number): number {
  if (la === 0 || lb === 0) return la === lb ? 1 : 0;
  const m = Math.min(la, lb);
  const jaro = (m / la + m / lb + 1) / 3;
  return jaro + 0.4 * (1 - jaro);
}
