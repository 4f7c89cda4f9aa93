// Sex as written in Vietnamese child records and HR/health exports: "Nam", "Nữ", "Trai", "Gái",
// "Không rõ", English letters, and numeric codes. Pure functions with a bounded memo cache.
import { collapseSpaces, stripDiacritics } from './text.js';
import type { Sex } from './types.js';

/**
 * How a file codes sex as digits. Both occur in Vietnamese exports:
 * - '1-male-2-female': 1 = Nam, 2 = Nữ, 3 = chưa xác định (MOH data standards, e.g. the GIOI_TINH
 *   field of the health-insurance XML exports; also ISO/IEC 5218 where 0 = not known). The default.
 * - '1-male-0-female': 1 = Nam, 0 = Nữ (a "Nam" yes/no column in HR spreadsheets).
 * Under the default, '0' is not trusted (female in one scheme, unknown in the other): it comes back
 * as 'U' with recognised=false, so a 1/0 file read with the wrong scheme shows up as unrecognised
 * values instead of silently turning girls into unknowns. Use detectSexCodeScheme per file.
 */
export type SexCodeScheme = '1-male-2-female' | '1-male-0-female';

export interface SexParseOptions {
  codes?: SexCodeScheme;
}

export interface SexParseResult {
  sex: Sex;
  /** False when the value is not a way of writing sex (garbage, or a code the scheme does not define). */
  recognised: boolean;
}

/** Folded forms (no diacritics, lower case, punctuation removed, spaces collapsed). */
const WORDS: ReadonlyMap<string, Sex> = new Map<string, Sex>([
  ...(['nam', 'trai', 'con trai', 'be trai', 'ctrai', 'nam gioi', 'gioi tinh nam', 'm', 'male', 'man', 'boy'] as const).map(
    (w) => [w, 'M'] as [string, Sex],
  ),
  ...(['nu', 'gai', 'con gai', 'be gai', 'cgai', 'nu gioi', 'gioi tinh nu', 'f', 'female', 'woman', 'girl'] as const).map(
    (w) => [w, 'F'] as [string, Sex],
  ),
  ...([
    '', 'u', 'khong ro', 'chua ro', 'khong biet', 'chua biet', 'khong xac dinh', 'chua xac dinh', 'kxd', 'cxd',
    'kr', 'khac', 'unknown', 'n/a', 'na', 'null', 'none', 'other', '?', '??', '-', '--',
  ] as const).map((w) => [w, 'U'] as [string, Sex]),
]);

const PUNCTUATION_RE = /[.,;:()[\]"“”'`_]+/g;
const ONE_DIGIT_RE = /^(\d)(?:\.0+)?$/; // '1', or '1.0' from a float cell

function fold(raw: string): string {
  return collapseSpaces(stripDiacritics(raw.normalize('NFC')).toLowerCase().replace(PUNCTUATION_RE, ' '));
}

const MAX_CACHE_ENTRIES = 10_000;
const cache = new Map<string, SexParseResult>();

const UNKNOWN_OK: SexParseResult = Object.freeze({ sex: 'U', recognised: true });
const UNRECOGNISED: SexParseResult = Object.freeze({ sex: 'U', recognised: false });
const MALE: SexParseResult = Object.freeze({ sex: 'M', recognised: true });
const FEMALE: SexParseResult = Object.freeze({ sex: 'F', recognised: true });
const BY_SEX: Record<Sex, SexParseResult> = { M: MALE, F: FEMALE, U: UNKNOWN_OK };

function parseCode(code: string, scheme: SexCodeScheme): SexParseResult {
  if (code === '1') return MALE;
  if (scheme === '1-male-2-female') {
    if (code === '2') return FEMALE;
    if (code === '3' || code === '9') return UNKNOWN_OK; // 3 = chưa xác định; 9 = not applicable (ISO 5218)
    return UNRECOGNISED; // '0' included: see SexCodeScheme
  }
  return code === '0' ? FEMALE : UNRECOGNISED;
}

/**
 * Reads one raw sex value. Empty and "Không rõ"-like values are 'U' and recognised (the form allows
 * "unknown"); anything else that is not a way of writing sex is 'U' with recognised=false.
 * Returned objects are frozen and shared.
 */
export function parseSex(raw: string | null | undefined, opts?: SexParseOptions): SexParseResult {
  if (raw === null || raw === undefined) return UNKNOWN_OK;
  const scheme = opts?.codes ?? '1-male-2-female';
  const key = scheme === '1-male-2-female' ? raw : '\u0000' + raw;
  let r = cache.get(key);
  if (r === undefined) {
    const digit = ONE_DIGIT_RE.exec(raw.trim());
    if (digit) r = parseCode(digit[1], scheme);
    else {
      const sex = WORDS.get(fold(raw));
      r = sex === undefined ? UNRECOGNISED : BY_SEX[sex];
    }
    if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
    cache.set(key, r);
  }
  return r;
}

/**
 * Guesses a file's numeric scheme from its sex column: values 0 and 1 only → '1-male-0-female';
 * any 2 and no 0 → '1-male-2-female'; null when there are no numeric codes or both 0 and 2 occur
 * (e.g. ISO 5218 with 0 = unknown) — then the default applies and the caller may report it.
 */
export function detectSexCodeScheme(values: Iterable<string>): SexCodeScheme | null {
  return schemeOfCounts(countSexCodes(values));
}

/** How often a sex column holds the digits 0, 1 and 2 (also as '1.0' from a float cell). */
export interface SexCodeCounts {
  zeros: number;
  ones: number;
  twos: number;
}

export function countSexCodes(values: Iterable<string>): SexCodeCounts {
  const counts: SexCodeCounts = { zeros: 0, ones: 0, twos: 0 };
  for (const v of values) {
    const t = v.trim();
    if (t === '0' || t === '0.0') counts.zeros++;
    else if (t === '1' || t === '1.0') counts.ones++;
    else if (t === '2' || t === '2.0') counts.twos++;
  }
  return counts;
}

/** detectSexCodeScheme's rule on counts already made. */
export function schemeOfCounts({ zeros, ones, twos }: SexCodeCounts): SexCodeScheme | null {
  if (zeros > 0 && twos === 0 && ones > 0) return '1-male-0-female';
  if (twos > 0 && zeros === 0) return '1-male-2-female';
  return null;
}
