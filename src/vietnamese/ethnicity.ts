// Ethnicity (dân tộc) → one of the 54 official groups, from the names, spellings, older names and
// codes found in child records: "Thái", "thai", "Dân tộc Thái", "Táy", "H'Mông", "Mèo", "Khơ Mú",
// "Xá Cẩu", "03", "03 - Thái". Codes are those of Decision 121-TCTK/PPCĐ (1979), the ordering the
// MOH/BHXH data standards cite; the GSO 2008 ordering (Mường 04, Hoa 06 …) is NOT used for codes.
// Pure functions with a bounded memo cache.
import { collapseSpaces, stripDiacritics } from './text.js';
import { decodeTcvn3, decodeVni } from './encoding.js';
import { ETHNIC_GROUP_ROWS, FOREIGN_NATIONAL_ROW } from './data/ethnic-groups.js';

export interface EthnicGroup {
  /** '01'..'54' (Decision 121-TCTK/PPCĐ 1979 codes); '55' only for FOREIGN_NATIONAL. */
  code: string;
  /** Official name as written in the code list, e.g. 'Thái', 'HMông', 'Khơ-mú'. */
  name: string;
}

export interface EthnicityParseResult {
  /** The group, or null for an empty / "unknown" value or an unrecognised one. */
  group: EthnicGroup | null;
  /** False when the value is not a recognisable way of writing an ethnic group (or unknown). */
  recognised: boolean;
}

export const ETHNIC_GROUPS: readonly EthnicGroup[] = Object.freeze(
  ETHNIC_GROUP_ROWS.map((r) => Object.freeze({ code: r.code, name: r.name })),
);

/**
 * Code 55 of the MOH/BHXH extension of the 1979 list: foreign nationals. Not an ethnic group and
 * not in ETHNIC_GROUPS, but returned by parseEthnicity so that "Người nước ngoài" is not reported
 * as unrecognised.
 */
export const FOREIGN_NATIONAL: EthnicGroup = Object.freeze({ code: FOREIGN_NATIONAL_ROW.code, name: FOREIGN_NATIONAL_ROW.name });

/**
 * Spellings in use that the reference CSV does not list (added by this project): English/Latin
 * ethnonyms and the sub-group names under which Sơn La records write Dao and H'Mông children.
 * Case, diacritics, hyphens and apostrophes need no entries: lookup ignores them (after an exact
 * try with diacritics, which keeps "Táy" (Thái) apart from "Tày").
 */
const EXTRA_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  '03': ['Tai', 'Tai Dam', 'Tai Don', 'Thái Mường'],
  '08': ['Hmong', 'Mông Trắng', 'Mông Hoa', 'Mông Đen', 'Mông Xanh', 'Mông Đỏ', 'Mông Đơ', 'Mông Lềnh'],
  '09': ['Dao Đỏ', 'Dao Tiền', 'Dao Quần Chẹt', 'Dao Quần Trắng', 'Dao Thanh Y', 'Dao Lô Gang', 'Dao Áo Dài'],
  '29': ['Kmhmu', 'Khơ Mụ'],
  '34': ['Xinh Mun Dạ', 'Xinh Mun Nghẹt'],
};

const FOREIGN_NAMES = ['Người nước ngoài', 'Nước ngoài', 'Ngoại quốc', 'Ngoại kiều'];
const UNKNOWN_NAMES = [
  'Không rõ', 'Chưa rõ', 'Không biết', 'Chưa biết', 'Không xác định', 'Chưa xác định', 'Khác', 'KXĐ', 'Unknown',
  'N/A', 'NA', 'Null', 'None', '-', '--', '?', '??',
];

/** Everything that separates or decorates words in a name: spaces, hyphens, apostrophes, dots … */
const SEPARATORS_RE = /[\s\-‐-―'’‘`´ʼ.,:;_]+/g;
/** "dân tộc Thái", "DT: Thái", "người Mông" (prefix removed before lookup). */
const PREFIX_RE = /^(?:d[aâ]n\s*t[oộ]c|dt|ng[uư][oờ]i)(?:\s*[:.\-]\s*|\s+)/;
const CODE_RE = /^(\d{1,2})(?:\.0+)?$/;
/** "03 - Thái", "03. Thái", "3) Thái": a code followed by a name (dropdown exports). */
const CODE_AND_NAME_RE = /^(\d{1,2})\s*[-.:)]\s*(.+)$/;
const PARENS_RE = /\(([^)]*)\)/g;

function exactKey(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(SEPARATORS_RE, '');
}

type Target = EthnicGroup | 'unknown' | 'ambiguous';

const EXACT = new Map<string, EthnicGroup | 'unknown'>();
const FOLDED = new Map<string, Target>();
/** Folded keys that come from an official name: they win a collision against a variant's key. */
const FOLDED_FROM_OFFICIAL = new Set<string>();
const BY_CODE = new Map<string, EthnicGroup>();

function addName(name: string, target: EthnicGroup | 'unknown', official: boolean): void {
  const ek = exactKey(name);
  if (!EXACT.has(ek)) EXACT.set(ek, target);
  const fk = stripDiacritics(ek);
  const prior = FOLDED.get(fk);
  if (prior === undefined) {
    FOLDED.set(fk, target);
    if (official) FOLDED_FROM_OFFICIAL.add(fk);
  } else if (prior !== target) {
    // Two groups share the folded spelling (e.g. Tày and the Thái self-name Táy both fold to "tay"):
    // the official name wins; two variants cancel out (only the exact spelling decides then).
    if (official && !FOLDED_FROM_OFFICIAL.has(fk)) {
      FOLDED.set(fk, target);
      FOLDED_FROM_OFFICIAL.add(fk);
    } else if (!FOLDED_FROM_OFFICIAL.has(fk)) {
      FOLDED.set(fk, 'ambiguous');
    }
  }
}

// Official names first so they claim their folded keys before any variant does.
ETHNIC_GROUPS.forEach((g) => {
  addName(g.name, g, true);
  BY_CODE.set(g.code, g);
});
ETHNIC_GROUP_ROWS.forEach((r, i) => {
  const g = ETHNIC_GROUPS[i];
  for (const v of r.variants) addName(v, g, false);
  for (const v of EXTRA_VARIANTS[r.code] ?? []) addName(v, g, false);
});
BY_CODE.set(FOREIGN_NATIONAL.code, FOREIGN_NATIONAL);
for (const n of FOREIGN_NAMES) addName(n, FOREIGN_NATIONAL, true);
for (const n of UNKNOWN_NAMES) addName(n, 'unknown', true);

function lookupName(s: string): Target | undefined {
  const ek = exactKey(s);
  if (ek === '') return 'unknown';
  return EXACT.get(ek) ?? FOLDED.get(stripDiacritics(ek));
}

/** Tries the whole text, then the text outside parentheses, then each parenthesis: "Thái (Tày Đăm)". */
function lookupWithParens(s: string): Target | undefined {
  const whole = lookupName(s);
  if (whole !== undefined || !s.includes('(')) return whole;
  const outside = lookupName(s.replace(PARENS_RE, ' '));
  if (outside !== undefined && outside !== 'unknown') return outside;
  for (const m of s.matchAll(PARENS_RE)) {
    const inner = lookupName(m[1]);
    if (inner !== undefined && inner !== 'unknown') return inner;
  }
  return undefined;
}

const UNKNOWN_OK: EthnicityParseResult = Object.freeze({ group: null, recognised: true });
const UNRECOGNISED: EthnicityParseResult = Object.freeze({ group: null, recognised: false });
const RESULT_BY_CODE = new Map<string, EthnicityParseResult>();
for (const g of BY_CODE.values()) RESULT_BY_CODE.set(g.code, Object.freeze({ group: g, recognised: true }));

function resultOf(t: Target | undefined): EthnicityParseResult {
  if (t === undefined || t === 'ambiguous') return UNRECOGNISED;
  if (t === 'unknown') return UNKNOWN_OK;
  return RESULT_BY_CODE.get(t.code) as EthnicityParseResult;
}

function parseUncached(raw: string, tryLegacyFonts = true): EthnicityParseResult {
  let s = collapseSpaces(raw.normalize('NFC')).toLowerCase();
  if (s === '') return UNKNOWN_OK;
  s = s.replace(PREFIX_RE, '');
  const code = CODE_RE.exec(s);
  if (code) return RESULT_BY_CODE.get(code[1].padStart(2, '0')) ?? UNRECOGNISED;
  const codeAndName = CODE_AND_NAME_RE.exec(s);
  if (codeAndName) {
    // The name is what the officer saw and chose; a code that disagrees may come from another
    // ordering (GSO 2008), so the name wins and the code is only a fallback.
    const byName = resultOf(lookupWithParens(codeAndName[2]));
    if (byName.group !== null) return byName;
    return RESULT_BY_CODE.get(codeAndName[1].padStart(2, '0')) ?? byName;
  }
  const named = resultOf(lookupWithParens(s));
  return named.recognised || !tryLegacyFonts ? named : (fromLegacyFont(raw) ?? named);
}

/**
 * A group name typed in a TCVN3 or VNI font and read as Windows-1252 ('Kh¬mó' is TCVN3 'Khơmú').
 * Text repair cannot always undo such a field on its own ('Khơmú' is two syllables written as one
 * word), but the 54 names are a closed list: the reading that names a group, when exactly one does,
 * is the group. Only text with characters of the legacy range (U+0080–U+00FF) is tried.
 */
function fromLegacyFont(raw: string): EthnicityParseResult | null {
  if (!/[\u0080-\u00ff]/.test(raw)) return null;
  const found = new Set<EthnicityParseResult>();
  for (const decoded of [decodeTcvn3(raw), decodeVni(raw)]) {
    if (decoded === raw) continue;
    const r = parseUncached(decoded, false);
    if (r.group !== null) found.add(r);
  }
  return found.size === 1 ? [...found][0] : null;
}

const MAX_CACHE_ENTRIES = 10_000;
const cache = new Map<string, EthnicityParseResult>();

/**
 * Reads one raw ethnicity value. Empty or "Không rõ" → group null, recognised; the 54 groups by
 * official name, variant or 1979 code → the group; foreign nationals → FOREIGN_NATIONAL; anything
 * else → null, not recognised. Returned objects are frozen and shared.
 */
export function parseEthnicity(raw: string | null | undefined): EthnicityParseResult {
  if (raw === null || raw === undefined) return UNKNOWN_OK;
  let r = cache.get(raw);
  if (r === undefined) {
    r = parseUncached(raw);
    if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
    cache.set(raw, r);
  }
  return r;
}

/** The group with a 1979 code ('03' or '3'), FOREIGN_NATIONAL for '55', else null. */
export function ethnicGroupByCode(code: string): EthnicGroup | null {
  return BY_CODE.get(code.padStart(2, '0')) ?? null;
}

/**
 * Every spelling the lookup knows, by target (for tests and for `inspect`): folded keys that map to
 * more than one group are reported as ambiguous.
 */
export function ethnicityLookupStats(): { exactKeys: number; foldedKeys: number; ambiguousFoldedKeys: string[] } {
  const ambiguous: string[] = [];
  for (const [k, v] of FOLDED) if (v === 'ambiguous') ambiguous.push(k);
  return { exactKeys: EXACT.size, foldedKeys: FOLDED.size, ambiguousFoldedKeys: ambiguous.sort() };
}
