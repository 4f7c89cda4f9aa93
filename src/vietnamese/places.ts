// Place text in child records → official administrative units, before and after the reform of
// 1 July 2025 (63 provinces / districts / communes → 34 provinces / communes, no districts).
//
// Records name a place in many ways: 'X. Chiềng Mung', 'chieng mung', 'TT Hát Lót', 'P1', an old
// commune with its district, a post-reform unit with no district, a name from before a 2013 split or
// a 2025 rename, a spelling that differs between official lists, or one free-text address. The
// resolver turns that into the old unit (pre-2025 commune + district) and the new unit, with how
// sure it is and why. Villages have no official list: they are only put into one canonical form.
//
// Pure: the index is built from parsed reference rows (places-data.ts does the file I/O); the only
// state is bounded memo caches inside each resolver.
import { distance } from 'fastest-levenshtein';
import { collapseSpaces, stripDiacritics, toNfc } from './text.js';

// ─── Public types ────────────────────────────────────────────────────────────────────────────────

export type AdminPrefix =
  | 'xã' | 'phường' | 'thị trấn' | 'đặc khu'
  | 'huyện' | 'thị xã' | 'thành phố' | 'quận'
  | 'tỉnh'
  | 'bản' | 'thôn' | 'tổ' | 'tổ dân phố' | 'tiểu khu' | 'xóm' | 'khối' | 'ấp' | 'làng';

/** Which kind of unit a prefix may introduce; 'any' accepts them all. */
export type AdminLevel = 'province' | 'district' | 'commune' | 'village' | 'any';

export interface PlaceInput {
  province?: string;
  district?: string;
  commune?: string;
  village?: string;
  /** Free text such as 'Bản Nà Sản, xã Chiềng Mung, huyện Mai Sơn, tỉnh Sơn La'. Fills the fields left empty. */
  address?: string;
}

/** A commune-level unit as it stood before 1 July 2025. */
export interface OldCommune {
  code: string;
  /** Full official name, e.g. 'Xã Chiềng Mung'. */
  name: string;
  districtCode: string;
  districtName: string;
  provinceCode: string;
  provinceName: string;
  /**
   * True for a unit that no longer existed on 30 June 2025 (merged earlier, e.g. Xã Chiềng Ly on
   * 1 January 2025). Records written before its merger still name it.
   */
  dissolved?: boolean;
}

/** A commune-level unit in force since 1 July 2025 (xã, phường or đặc khu). */
export interface NewCommune {
  code: string;
  /** Full official name, e.g. 'Xã Chiềng Mung'. */
  name: string;
  provinceCode: string;
  provinceName: string;
}

export type PlaceConfidence = 'exact' | 'normalized' | 'fuzzy' | 'ambiguous' | 'none';

/**
 * How the new unit was obtained from the old one: 'verified' = Sơn La crosswalk checked against
 * Resolution 1681/NQ-UBTVQH15; 'high' / 'low' = national (LLM-made) crosswalk row that passes / fails
 * its name checks; 'ambiguous' = the old commune was split over several new units; 'not-needed' = the
 * record named the new unit itself; 'none' = no new unit.
 */
export type CrosswalkConfidence = 'verified' | 'high' | 'low' | 'ambiguous' | 'not-needed' | 'none';

/** A unit the resolver could not choose between (for review lists). */
export interface PlaceCandidate {
  level: 'old' | 'new';
  code: string;
  name: string;
  /** District of an old unit, province of a new one. */
  parentName: string;
}

export interface PlaceResolution {
  /** Canonical village text: NFC, title case, prefix in canonical form ('Bản Nà Sản', 'Tổ 5'); '' if none. */
  village: string;
  /** ASCII fold of the village name without its prefix ('na san'), for matching. */
  villageKey: string;
  /** The unit before 1 July 2025 (null when the record names a new unit that cannot be traced back uniquely). */
  oldCommune: OldCommune | null;
  /** The unit in force since 1 July 2025 (via the crosswalk when the record names an old one). */
  newCommune: NewCommune | null;
  confidence: PlaceConfidence;
  crosswalkConfidence: CrosswalkConfidence;
  /** Short English reasons why the result is uncertain or incomplete. */
  problems: readonly string[];
  /** Short English remarks that do not lower trust, e.g. 'matched historical name Xã Phổng Lăng'. */
  notes: readonly string[];
  /** The competing units when confidence is 'ambiguous', or the new units of a split old commune. */
  candidates: readonly PlaceCandidate[];
}

// Parsed reference rows (places-data.ts reads them from refdata/admin).

/** One row of the last pre-reform list (63 provinces / 696 districts / 10,035 communes). */
export interface PreReformUnitRow {
  provinceCode: string;
  provinceName: string;
  districtCode: string;
  districtName: string;
  communeCode: string;
  /** 'Xã Chiềng Mung' */
  communeFullName: string;
  /** 'Chiềng Mung' (optional: saves splitting the prefix off communeFullName). */
  communeName?: string;
}

/** One row of the post-reform list (34 provinces, 3,321 units). */
export interface PostReformUnitRow {
  provinceCode: string;
  provinceName: string;
  wardCode: string;
  /** 'Xã Chiềng Mung' */
  wardFullName: string;
  /** 'Chiềng Mung' (optional, as communeName above). */
  wardName?: string;
}

/** One old-commune → new-unit row of a crosswalk. */
export interface CrosswalkRow {
  oldProvinceCode: string;
  oldProvinceName: string;
  oldDistrictCode: string;
  oldDistrictName: string;
  oldCommuneCode: string;
  oldCommuneName: string;
  newProvinceCode: string;
  newWardCode: string;
  newWardName: string;
  /** How many new units the old commune was spread over. */
  newTargets: number;
  /** National crosswalk only: did the old / new name appear exactly in the clause the LLM cited? */
  oldNameChecked?: boolean;
  newNameChecked?: boolean;
  /** National crosswalk only: 'high', 'manual:high', 'manual:low'. */
  llmConfidence?: string;
}

/** One (code, name, district) version of a commune seen in older lists. */
export interface CommuneHistoryRow {
  communeCode: string;
  communeName: string;
  districtCode: string;
  districtName: string;
  lastSeen: string;
  validAtCutoff: boolean;
}

/** Other official spellings of one commune. */
export interface CommuneVariantRow {
  communeCode: string;
  names: readonly string[];
}

export interface AdminTables {
  preReform: readonly PreReformUnitRow[];
  postReform: readonly PostReformUnitRow[];
  /** National crosswalk (LLM-made; flags decide its confidence). Ignored for provinces in `verifiedCrosswalk`. */
  nationalCrosswalk: readonly CrosswalkRow[];
  /** Crosswalk rows checked against the resolutions (Sơn La). */
  verifiedCrosswalk: readonly CrosswalkRow[];
  history: readonly CommuneHistoryRow[];
  variants: readonly CommuneVariantRow[];
}

type NameKind = 'official' | 'variant' | 'historical';

interface NameRef<U> {
  unit: U;
  /** Tone-placement-independent lower-case key with diacritics (see toneKey). */
  tone: string;
  prefix: AdminPrefix | null;
  kind: NameKind;
  /** The name as the source writes it, for notes. */
  label: string;
}

interface OldUnitInfo {
  unit: OldCommune;
  /** Current district plus the districts it belonged to in older lists (Vân Hồ communes: also Mộc Châu). */
  districtCodes: readonly string[];
  lastSeen?: string;
}

interface DistrictRef {
  code: string;
  name: string;
  provinceCode: string;
  tone: string;
  prefix: AdminPrefix | null;
}

interface ProvinceRef {
  /** Old provinces to search for old communes. */
  oldCodes: readonly string[];
  /** New provinces to search for new units. */
  newCodes: readonly string[];
  name: string;
  /**
   * A new province's name that is also an old province's ('Đồng Tháp' = old 87, part of new 82): the
   * old one, searched first for districts (a record with a district was written before the reform).
   */
  sameNameOldCode?: string;
}

interface CrosswalkEntry {
  targets: readonly NewCommune[];
  confidence: 'verified' | 'high' | 'low' | 'ambiguous';
}

/** Name lookups of the old communes of one pre-reform province. */
interface OldShard {
  byKey: ReadonlyMap<string, readonly NameRef<OldUnitInfo>[]>;
  byCode: ReadonlyMap<string, OldUnitInfo>;
  crosswalk: ReadonlyMap<string, CrosswalkEntry>;
  /** Name keys per district (current and former districts), for fuzzy matching. */
  keysByDistrict: ReadonlyMap<string, readonly string[]>;
  keys: readonly string[];
}

/** Name lookups of the new units of one post-reform province. */
interface NewShard {
  byKey: ReadonlyMap<string, readonly NameRef<NewCommune>[]>;
  keys: readonly string[];
  /** New unit code → old commune codes merged (wholly or partly) into it. */
  sources: ReadonlyMap<string, readonly string[]>;
}

/**
 * Lookup structures over the reference tables (build with buildPlaceIndex). Provinces, districts and
 * the new units' codes are indexed at once; the name lookups of each province are built the first
 * time a record needs that province and then kept (a Sơn La run never pays for Hà Nội's 500 wards).
 */
export interface PlaceIndex {
  readonly provincesByKey: ReadonlyMap<string, ProvinceRef>;
  readonly provinceByCode: ReadonlyMap<string, ProvinceRef>;
  /** Province keys of centrally-run cities ('ha noi'): 'TP Hà Nội' is a province, 'TP Sơn La' a district. */
  readonly cityProvinceKeys: ReadonlySet<string>;
  readonly oldProvinceCodes: readonly string[];
  readonly newProvinceCodes: readonly string[];
  readonly districtsByKey: ReadonlyMap<string, readonly DistrictRef[]>;
  readonly districtKeysByProvince: ReadonlyMap<string, readonly string[]>;
  /** District code → its province code. */
  readonly districtProvince: ReadonlyMap<string, string>;
  /** Old commune code → its province code (current, dissolved in 2025 and older Sơn La units). */
  readonly oldCommuneProvince: ReadonlyMap<string, string>;
  readonly newByCode: ReadonlyMap<string, NewCommune>;
  oldShard(provinceCode: string): OldShard;
  newShard(provinceCode: string): NewShard;
  oldCommune(code: string): OldUnitInfo | undefined;
  crosswalkOf(oldCode: string): CrosswalkEntry | undefined;
  sourcesOf(newCode: string): readonly string[];
}

// ─── Text keys ───────────────────────────────────────────────────────────────────────────────────

const foldCharCache = new Map<string, string>();

/** Lower-case, diacritic-free, đ→d; exactly one output char per input UTF-16 unit (so indexes line up). */
function foldSameLength(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : s[i];
      continue;
    }
    const ch = s[i];
    let f = foldCharCache.get(ch);
    if (f === undefined) {
      const stripped = stripDiacritics(ch).toLowerCase();
      // A lone combining mark (left over after NFC) folds to nothing; keep it as is to hold the length.
      f = stripped.length === 1 ? stripped : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
      foldCharCache.set(ch, f);
    }
    out += f;
  }
  return out;
}

const APOSTROPHES = "'’‘`´";
const NONG_TRUONG_RE = /\bnong truong\b/g;
const NONG_TRUONG_TONE_RE = /(^| )(?:nông trương\u00022|nong truong)(?= |$)/g;
const LEADING_ZEROS_RE = /(^| )0+(?=\d)/g;

const TONE_DIGIT: Readonly<Record<string, string>> = {
  '\u0300': '2', // huyền
  '\u0301': '1', // sắc
  '\u0303': '4', // ngã
  '\u0309': '3', // hỏi
  '\u0323': '5', // nặng
};

/** How one UTF-16 unit enters the name keys: its ASCII fold, its lower-case form without tone, its tone. */
interface CharKeys {
  /** '' = separator (punctuation, space); otherwise an ASCII letter or digit ('' also for a lone mark, see `mark`). */
  fold: string;
  base: string;
  tone: string;
  mark: boolean;
}
const charKeysCache = new Map<string, CharKeys>();

function charKeys(ch: string): CharKeys {
  let k = charKeysCache.get(ch);
  if (k === undefined) {
    const lower = ch.toLowerCase();
    const d = lower.normalize('NFD');
    let base = '';
    let tone = '';
    for (let i = 0; i < d.length; i++) {
      const t = TONE_DIGIT[d[i]];
      if (t !== undefined) tone = '\u0002' + t;
      else base += d[i];
    }
    const fold = stripDiacritics(lower);
    const alnum = fold.length === 1 && /[a-z0-9]/.test(fold);
    const mark = fold.length === 0; // a combining mark left over after NFC
    k = { fold: alnum ? fold : '', base: alnum || mark ? base.normalize('NFC') : '', tone, mark };
    charKeysCache.set(ch, k);
  }
  return k;
}

/**
 * Both matching keys of a unit name (without its prefix), in one pass:
 * - key: ASCII, lower case, punctuation → one space, apostrophes dropped ('Chiềng Mung' → 'chieng mung');
 * - tone: keeps diacritics but not where the tone mark sits — each word's tone moves to its end — so
 *   'Hoà' and 'Hòa' (old / new placement) agree while 'Mường Bằng' and 'Mường Bang' stay apart.
 * Numbers lose leading zeros ('01' → '1'); 'nông trường' → 'nt' ('Thị trấn NT Mộc Châu').
 */
function nameKeys(name: string): { key: string; tone: string } {
  const text = toNfc(name);
  let key = '';
  let tone = '';
  let wordTone = '';
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const c = text.charCodeAt(i);
    let fold: string;
    let base: string;
    if (c < 128) {
      fold = c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? ch : '';
      base = fold;
      if (!fold) {
        if (!APOSTROPHES.includes(ch)) gap = key.length > 0 || tone.length > 0;
        continue;
      }
    } else {
      const k = charKeys(ch);
      if (APOSTROPHES.includes(ch)) continue;
      if (k.mark) {
        if (k.tone) wordTone = k.tone;
        else tone += k.base;
        continue;
      }
      if (!k.fold) {
        gap = key.length > 0 || tone.length > 0;
        continue;
      }
      fold = k.fold;
      base = k.base;
      if (k.tone) wordTone = k.tone;
    }
    if (gap) {
      key += ' ';
      tone += wordTone + ' ';
      wordTone = '';
      gap = false;
    }
    key += fold;
    tone += base;
  }
  tone += wordTone;
  if (key.includes('0')) {
    key = key.replace(LEADING_ZEROS_RE, '$1');
    tone = tone.replace(LEADING_ZEROS_RE, '$1');
  }
  if (key.includes('nong truong')) {
    key = key.replace(NONG_TRUONG_RE, 'nt');
    tone = tone.replace(NONG_TRUONG_TONE_RE, '$1nt');
  }
  return { key, tone };
}

/** True when a text or tone key was written with diacritics. */
function hasDiacritics(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127 || c === 2) return true; // \u0002 marks a tone moved to the word's end (see nameKeys)
  }
  return false;
}

/** The ASCII matching key of a unit name without its prefix: 'Chiềng Mung' → 'chieng mung' (see nameKeys). */
export function placeNameKey(name: string): string {
  return nameKeys(name).key;
}

/** The tone-placement-independent key of a unit name (see nameKeys). */
function toneKey(name: string): string {
  return nameKeys(name).tone;
}

/** Per precomposed character: [the character without its tone mark, '\u0002' + tone digit or '']. */
const toneSplitCache = new Map<string, readonly [string, string]>();

function splitTone(ch: string): readonly [string, string] {
  let hit = toneSplitCache.get(ch);
  if (hit === undefined) {
    const d = ch.normalize('NFD');
    let base = '';
    let tone = '';
    for (let i = 0; i < d.length; i++) {
      const t = TONE_DIGIT[d[i]];
      if (t !== undefined) tone = '\u0002' + t;
      else base += d[i];
    }
    hit = [base.normalize('NFC'), tone];
    toneSplitCache.set(ch, hit);
  }
  return hit;
}

/**
 * Moves each space-separated word's tone mark to its end, as '\u0002' + tone digit; other text is
 * kept. Expects NFC text (a tone written as a separate combining mark is moved too).
 */
function moveTonesToWordEnds(text: string): string {
  let out = '';
  let tone = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c === 32) {
        out += tone + ' ';
        tone = '';
      } else out += text[i];
      continue;
    }
    const [base, t] = splitTone(text[i]);
    out += base;
    if (t) tone = t;
  }
  return out + tone;
}

// ─── Prefixes ────────────────────────────────────────────────────────────────────────────────────

interface PrefixForm {
  /** Folded text of the form: 'thi tran', 'tt', 'x'. */
  folded: string;
  prefix: AdminPrefix;
  levels: readonly Exclude<AdminLevel, 'any'>[];
  /** Full words ('thị trấn'): each word must be written either without diacritics or exactly so. */
  canonical?: string;
  /** An abbreviation that needs a following dot ('X.', 'H.'); otherwise a space or dot ends it. */
  dotOnly?: boolean;
  /** May be followed directly by a number ('P1', 'TDP5', 'TK3', 'Q.1'). */
  digitAfter?: boolean;
}

const word = (canonical: string, prefix: AdminPrefix, levels: PrefixForm['levels'], digitAfter = false): PrefixForm => ({
  folded: placeNameKey(canonical),
  prefix,
  levels,
  canonical,
  digitAfter,
});
const abbr = (folded: string, prefix: AdminPrefix, levels: PrefixForm['levels'], opts: Partial<PrefixForm> = {}): PrefixForm => ({
  folded,
  prefix,
  levels,
  ...opts,
});

// Longer forms first: 'tổ dân phố' before 'tổ', 'tt' before 't.'.
const PREFIX_FORMS: readonly PrefixForm[] = [
  word('tổ dân phố', 'tổ dân phố', ['village'], true),
  word('tổ dp', 'tổ dân phố', ['village'], true),
  word('tiểu khu', 'tiểu khu', ['village'], true),
  word('thị trấn', 'thị trấn', ['commune']),
  word('thị xã', 'thị xã', ['district']),
  word('thành phố', 'thành phố', ['province', 'district']),
  word('đặc khu', 'đặc khu', ['commune']),
  word('phường', 'phường', ['commune'], true),
  word('huyện', 'huyện', ['district']),
  word('quận', 'quận', ['district'], true),
  word('tỉnh', 'tỉnh', ['province']),
  word('xã', 'xã', ['commune']),
  word('bản', 'bản', ['village']),
  word('thôn', 'thôn', ['village'], true),
  word('xóm', 'xóm', ['village'], true),
  word('khối', 'khối', ['village'], true),
  word('ấp', 'ấp', ['village'], true),
  word('làng', 'làng', ['village']),
  word('tổ', 'tổ', ['village'], true),
  abbr('tdp', 'tổ dân phố', ['village'], { digitAfter: true }),
  abbr('tk', 'tiểu khu', ['village'], { digitAfter: true }),
  abbr('tt', 'thị trấn', ['commune']),
  abbr('tx', 'thị xã', ['district']),
  abbr('tp', 'thành phố', ['province', 'district']),
  abbr('x', 'xã', ['commune'], { dotOnly: true }),
  abbr('p', 'phường', ['commune'], { dotOnly: true, digitAfter: true }),
  abbr('f', 'phường', ['commune'], { dotOnly: true, digitAfter: true }),
  abbr('h', 'huyện', ['district'], { dotOnly: true }),
  abbr('q', 'quận', ['district'], { dotOnly: true, digitAfter: true }),
  abbr('t', 'tỉnh', ['province'], { dotOnly: true }),
  abbr('b', 'bản', ['village'], { dotOnly: true }),
];

const PREFIX_LEVEL_OF: ReadonlyMap<AdminPrefix, Exclude<AdminLevel, 'any'>> = new Map([
  ['xã', 'commune'], ['phường', 'commune'], ['thị trấn', 'commune'], ['đặc khu', 'commune'],
  ['huyện', 'district'], ['thị xã', 'district'], ['thành phố', 'district'], ['quận', 'district'],
  ['tỉnh', 'province'],
  ['bản', 'village'], ['thôn', 'village'], ['tổ', 'village'], ['tổ dân phố', 'village'], ['tiểu khu', 'village'],
  ['xóm', 'village'], ['khối', 'village'], ['ấp', 'village'], ['làng', 'village'],
]);

const SEPARATOR_AFTER_PREFIX_RE = /^[\s.:]+/;

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Each word of `written` (lower case) is either diacritic-free or the canonical word ('Xá' ≠ 'xã'). */
function wordsAgree(written: string, canonical: string): boolean {
  const w = written.split(' ');
  const c = canonical.split(' ');
  if (w.length !== c.length) return false;
  for (let i = 0; i < w.length; i++) {
    if (w[i] !== c[i] && stripDiacritics(w[i]) !== w[i]) return false;
  }
  return true;
}

interface PrefixMatch {
  form: PrefixForm;
  /** Where the name starts in the (NFC, collapsed) text. */
  nameStart: number;
}

function matchPrefix(text: string, folded: string, level: AdminLevel, loose = false): PrefixMatch | null {
  for (const form of PREFIX_FORMS) {
    if (level !== 'any' && !form.levels.includes(level)) continue;
    if (!folded.startsWith(form.folded)) continue;
    const end = form.folded.length;
    const next = folded[end];
    let ok: boolean;
    if (form.canonical !== undefined) {
      ok = next === undefined || next === ' ' || next === '.' || next === ':' || (form.digitAfter === true && isDigit(next));
      if (ok) ok = wordsAgree(text.slice(0, end).toLowerCase(), form.canonical);
    } else {
      ok =
        next === '.' ||
        ((!form.dotOnly || loose) && (next === ' ' || next === ':')) ||
        (form.digitAfter === true && (isDigit(next) || (next === ' ' && isDigit(folded[end + 1])))); // 'P1', 'P 1'
    }
    if (!ok) continue;
    const sep = SEPARATOR_AFTER_PREFIX_RE.exec(text.slice(end));
    return { form, nameStart: end + (sep ? sep[0].length : 0) };
  }
  return null;
}

/**
 * Splits the administrative prefix off a unit or village name: 'X. Chiềng Mung' → ('xã', 'Chiềng Mung'),
 * 'TT Hát Lót' → ('thị trấn', 'Hát Lót'), 'P1' → ('phường', '1'), 'TDP 5' → ('tổ dân phố', '5').
 * Prefixes are recognised in any case, with or without diacritics, but a word written with other
 * diacritics is a name ('Tĩnh Gia' keeps its 'Tĩnh'). `level` limits which prefixes count, so that a
 * commune called 'Bản Lầm' is not read as a village prefix. The name comes back NFC, spaces collapsed.
 */
export function splitAdminPrefix(text: string, level: AdminLevel = 'any'): { prefix: AdminPrefix | null; name: string } {
  return splitPrefix(text, level, false);
}

/** `loose` also takes one-letter abbreviations without their dot ('x Chiềng Mung'): a second try only. */
function splitPrefix(text: string, level: AdminLevel, loose: boolean): { prefix: AdminPrefix | null; name: string } {
  const t = collapseSpaces(toNfc(text));
  const m = matchPrefix(t, foldSameLength(t), level, loose);
  if (!m) return { prefix: null, name: t };
  return { prefix: m.form.prefix, name: t.slice(m.nameStart).trim() };
}

// ─── Index ───────────────────────────────────────────────────────────────────────────────────────

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function addUnique(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

function addToSet(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function setsToArrays(map: ReadonlyMap<string, ReadonlySet<string>>): Map<string, string[]> {
  return new Map([...map].map(([k, v]) => [k, [...v]]));
}

const COMMUNE_PREFIX_BY_TEXT: ReadonlyMap<string, AdminPrefix> = new Map<string, AdminPrefix>([
  ['xã', 'xã'], ['phường', 'phường'], ['thị trấn', 'thị trấn'], ['đặc khu', 'đặc khu'],
]);

/**
 * Prefix and name of a full commune name. When the source also gives the bare name ('Chiềng Mung'
 * beside 'Xã Chiềng Mung') the prefix is what precedes it, which is much cheaper than parsing.
 */
function splitKnownName(fullName: string, bareName: string | undefined): { prefix: AdminPrefix | null; name: string } {
  if (bareName && fullName.endsWith(bareName)) {
    const prefix = COMMUNE_PREFIX_BY_TEXT.get(fullName.slice(0, fullName.length - bareName.length).trim().toLowerCase());
    if (prefix) return { prefix, name: bareName };
  }
  return splitAdminPrefix(fullName, 'commune');
}

/** The prefix of a full unit name as written: 'Thị trấn Hát Lót' → 'Thị trấn'. */
function prefixTextOf(fullName: string): string {
  const t = collapseSpaces(toNfc(fullName));
  const { name } = splitAdminPrefix(t, 'commune');
  return t.slice(0, t.length - name.length).trim();
}

/** 'Tỉnh Sơn La' → 'son la'; 'Thành phố Hồ Chí Minh' → 'ho chi minh'. */
function provinceKey(name: string): string {
  return placeNameKey(splitAdminPrefix(name, 'province').name);
}

// Common ways of writing a few province names that folding does not reach. Keys → old province names.
const PROVINCE_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['hcm', 'ho chi minh'], ['tphcm', 'ho chi minh'], ['tp hcm', 'ho chi minh'], ['sai gon', 'ho chi minh'],
  ['saigon', 'ho chi minh'], ['thua thien hue', 'hue'], ['tt hue', 'hue'], ['brvt', 'ba ria vung tau'],
  ['dak lak', 'dak lak'], ['daklak', 'dak lak'], ['dac lac', 'dak lak'], ['dak nong', 'dak nong'], ['daknong', 'dak nong'],
];

interface VerifiedRow {
  row: CrosswalkRow;
  verified: boolean;
}

/**
 * Builds the lookup index from the reference tables. Joins are checked at once (every crosswalk
 * target must be a post-reform unit, every variant a known commune): it throws on reference data
 * that does not fit together. Per-province name lookups are built on first use.
 */
export function buildPlaceIndex(tables: AdminTables): PlaceIndex {
  const oldProvinceNames = new Map<string, string>();
  const newProvinceNames = new Map<string, string>();
  const districtNames = new Map<string, string>();
  const districtProvince = new Map<string, string>();
  const oldCommuneProvince = new Map<string, string>();
  const preByProvince = new Map<string, PreReformUnitRow[]>();
  for (const r of tables.preReform) {
    if (!oldProvinceNames.has(r.provinceCode)) oldProvinceNames.set(r.provinceCode, r.provinceName);
    if (!districtNames.has(r.districtCode)) {
      districtNames.set(r.districtCode, r.districtName);
      districtProvince.set(r.districtCode, r.provinceCode);
    }
    oldCommuneProvince.set(r.communeCode, r.provinceCode);
    pushTo(preByProvince, r.provinceCode, r);
  }

  const newByCode = new Map<string, NewCommune>();
  const postByProvince = new Map<string, NewCommune[]>();
  const newBareName = new Map<string, string>();
  for (const r of tables.postReform) {
    if (!newProvinceNames.has(r.provinceCode)) newProvinceNames.set(r.provinceCode, r.provinceName);
    const unit: NewCommune = Object.freeze({ code: r.wardCode, name: r.wardFullName, provinceCode: r.provinceCode, provinceName: r.provinceName });
    newByCode.set(r.wardCode, unit);
    if (r.wardName) newBareName.set(r.wardCode, r.wardName);
    pushTo(postByProvince, r.provinceCode, unit);
  }

  // Crosswalks: the verified one replaces the national one for its provinces.
  const verifiedProvinces = new Set(tables.verifiedCrosswalk.map((r) => r.oldProvinceCode));
  const rowsByOldProvince = new Map<string, VerifiedRow[]>();
  const rowsByNewProvince = new Map<string, CrosswalkRow[]>();
  const oldToNewProvince = new Map<string, string[]>();
  const useRow = (row: CrosswalkRow, verified: boolean): void => {
    const target = newByCode.get(row.newWardCode);
    if (!target) throw new Error(`crosswalk target ${row.newWardCode} (${row.newWardName}) is not in the post-reform list`);
    pushTo(rowsByOldProvince, row.oldProvinceCode, { row, verified });
    pushTo(rowsByNewProvince, target.provinceCode, row);
    addUnique(oldToNewProvince, row.oldProvinceCode, target.provinceCode);
    if (!oldCommuneProvince.has(row.oldCommuneCode)) oldCommuneProvince.set(row.oldCommuneCode, row.oldProvinceCode);
  };
  for (const r of tables.verifiedCrosswalk) useRow(r, true);
  for (const r of tables.nationalCrosswalk) if (!verifiedProvinces.has(r.oldProvinceCode)) useRow(r, false);

  // History (older names, districts and dissolved units) and spelling variants, by province.
  const historyByProvince = new Map<string, CommuneHistoryRow[]>();
  for (const h of tables.history) {
    const province = districtProvince.get(h.districtCode) ?? oldCommuneProvince.get(h.communeCode);
    if (!province) throw new Error(`history row ${h.communeCode} ${h.communeName}: unknown district ${h.districtCode}`);
    pushTo(historyByProvince, province, h);
    if (!oldCommuneProvince.has(h.communeCode)) oldCommuneProvince.set(h.communeCode, province);
  }
  const variantsByProvince = new Map<string, CommuneVariantRow[]>();
  for (const v of tables.variants) {
    const province = oldCommuneProvince.get(v.communeCode);
    if (!province) throw new Error(`name variant for unknown commune code ${v.communeCode}`);
    pushTo(variantsByProvince, province, v);
  }

  // Districts, with their older names ('Thị xã Sơn La' before 2008, 'Huyện Mộc Châu' before 2025).
  const districtsByKey = new Map<string, DistrictRef[]>();
  const districtKeys = new Map<string, Set<string>>();
  const addDistrict = (code: string, fullName: string, provinceCode: string): void => {
    const { prefix, name } = splitAdminPrefix(fullName, 'district');
    const { key, tone } = nameKeys(name);
    const refs = districtsByKey.get(key) ?? [];
    if (refs.some((r) => r.code === code && r.tone === tone && r.prefix === prefix)) return;
    refs.push({ code, name: districtNames.get(code) ?? collapseSpaces(toNfc(fullName)), provinceCode, tone, prefix });
    districtsByKey.set(key, refs);
    addToSet(districtKeys, provinceCode, key);
  };
  for (const [code, name] of districtNames) addDistrict(code, name, districtProvince.get(code) as string);
  for (const [province, rows] of historyByProvince) for (const h of rows) addDistrict(h.districtCode, h.districtName, province);

  const provinces = buildProvinces(oldProvinceNames, newProvinceNames, oldToNewProvince);

  const oldShards = new Map<string, OldShard>();
  const newShards = new Map<string, NewShard>();
  const oldShard = (provinceCode: string): OldShard => {
    let shard = oldShards.get(provinceCode);
    if (!shard) {
      shard = buildOldShard({
        pre: preByProvince.get(provinceCode) ?? [],
        crosswalk: rowsByOldProvince.get(provinceCode) ?? [],
        history: historyByProvince.get(provinceCode) ?? [],
        variants: variantsByProvince.get(provinceCode) ?? [],
        newByCode,
        districtNames,
        provinceName: oldProvinceNames.get(provinceCode) ?? '',
      });
      oldShards.set(provinceCode, shard);
    }
    return shard;
  };
  const newShard = (provinceCode: string): NewShard => {
    let shard = newShards.get(provinceCode);
    if (!shard) {
      shard = buildNewShard(postByProvince.get(provinceCode) ?? [], newBareName, rowsByNewProvince.get(provinceCode) ?? []);
      newShards.set(provinceCode, shard);
    }
    return shard;
  };
  const oldCommune = (code: string): OldUnitInfo | undefined => {
    const province = oldCommuneProvince.get(code);
    return province === undefined ? undefined : oldShard(province).byCode.get(code);
  };
  return {
    ...provinces,
    oldProvinceCodes: [...oldProvinceNames.keys()],
    newProvinceCodes: [...newProvinceNames.keys()],
    districtsByKey,
    districtKeysByProvince: setsToArrays(districtKeys),
    districtProvince,
    oldCommuneProvince,
    newByCode,
    oldShard,
    newShard,
    oldCommune,
    crosswalkOf: (code) => {
      const province = oldCommuneProvince.get(code);
      return province === undefined ? undefined : oldShard(province).crosswalk.get(code);
    },
    sourcesOf: (code) => {
      const unit = newByCode.get(code);
      return unit ? (newShard(unit.provinceCode).sources.get(code) ?? []) : [];
    },
  };
}

interface OldShardInput {
  pre: readonly PreReformUnitRow[];
  crosswalk: readonly VerifiedRow[];
  history: readonly CommuneHistoryRow[];
  variants: readonly CommuneVariantRow[];
  newByCode: ReadonlyMap<string, NewCommune>;
  districtNames: ReadonlyMap<string, string>;
  provinceName: string;
}

function buildOldShard(input: OldShardInput): OldShard {
  const byKey = new Map<string, NameRef<OldUnitInfo>[]>();
  const byCode = new Map<string, OldUnitInfo>();
  const addName = (info: OldUnitInfo, fullName: string, kind: NameKind, bareName?: string): void => {
    const { prefix, name } = splitKnownName(fullName, bareName);
    const { key, tone } = nameKeys(name);
    if (!key) return;
    const refs = byKey.get(key) ?? [];
    // The same spelling again (a variant equal to the official name) adds nothing.
    if (refs.some((r) => r.unit === info && r.tone === tone && r.prefix === prefix)) return;
    refs.push({ unit: info, tone, prefix, kind, label: collapseSpaces(toNfc(fullName)) });
    byKey.set(key, refs);
  };

  for (const r of input.pre) {
    const info: OldUnitInfo = {
      unit: Object.freeze({
        code: r.communeCode,
        name: r.communeFullName,
        districtCode: r.districtCode,
        districtName: r.districtName,
        provinceCode: r.provinceCode,
        provinceName: r.provinceName,
      }),
      districtCodes: [r.districtCode],
    };
    byCode.set(r.communeCode, info);
    addName(info, r.communeFullName, 'official', r.communeName);
  }

  const rowsByOld = new Map<string, VerifiedRow[]>();
  for (const x of input.crosswalk) {
    const r = x.row;
    pushTo(rowsByOld, r.oldCommuneCode, x);
    const info = byCode.get(r.oldCommuneCode);
    if (!info) {
      // An old commune of the crosswalk's older source list, merged in spring 2025 before the cut-off.
      const dissolved: OldUnitInfo = {
        unit: Object.freeze({
          code: r.oldCommuneCode,
          name: collapseSpaces(toNfc(r.oldCommuneName)),
          districtCode: r.oldDistrictCode,
          districtName: input.districtNames.get(r.oldDistrictCode) ?? r.oldDistrictName,
          provinceCode: r.oldProvinceCode,
          provinceName: input.provinceName || r.oldProvinceName,
          dissolved: true,
        }),
        districtCodes: [r.oldDistrictCode],
      };
      byCode.set(r.oldCommuneCode, dissolved);
      addName(dissolved, r.oldCommuneName, 'official');
    } else if (r.oldCommuneName !== info.unit.name) {
      // The crosswalk's source list sometimes spells a name differently (GSO typos): keep it findable.
      addName(info, r.oldCommuneName, 'variant');
    }
  }
  const crosswalk = new Map<string, CrosswalkEntry>();
  for (const [oldCode, rows] of rowsByOld) {
    const targets = rows.map((x) => input.newByCode.get(x.row.newWardCode) as NewCommune);
    let confidence: CrosswalkEntry['confidence'];
    if (rows.length > 1 || rows[0].row.newTargets > 1) confidence = 'ambiguous';
    else if (rows[0].verified) confidence = 'verified';
    else {
      const r = rows[0].row;
      const passes = r.oldNameChecked === true && r.newNameChecked === true && (r.llmConfidence ?? '').endsWith('high');
      confidence = passes ? 'high' : 'low';
    }
    crosswalk.set(oldCode, { targets, confidence });
  }

  for (const v of input.variants) {
    const info = byCode.get(v.communeCode);
    if (!info) continue;
    for (const name of v.names) {
      // Resolution 1681 writes names without their prefix: give them the unit's own ('Xã').
      const full = splitAdminPrefix(name, 'commune').prefix ? name : `${prefixTextOf(info.unit.name)} ${name}`;
      addName(info, full.trim(), 'variant');
    }
  }

  // History: older names and districts of the same code; codes that disappeared before the cut-off.
  const historyByCode = new Map<string, CommuneHistoryRow[]>();
  for (const h of input.history) pushTo(historyByCode, h.communeCode, h);
  for (const [code, versions] of historyByCode) {
    let info = byCode.get(code);
    if (!info) {
      const latest = versions.reduce((a, b) => (b.lastSeen > a.lastSeen ? b : a));
      info = {
        unit: Object.freeze({
          code,
          name: collapseSpaces(toNfc(latest.communeName)),
          districtCode: latest.districtCode,
          districtName: input.districtNames.get(latest.districtCode) ?? latest.districtName,
          provinceCode: input.pre[0]?.provinceCode ?? '',
          provinceName: input.provinceName,
          dissolved: true,
        }),
        districtCodes: [latest.districtCode],
        lastSeen: latest.lastSeen,
      };
      byCode.set(code, info);
      addName(info, info.unit.name, 'official');
    }
    const districtCodes = new Set(info.districtCodes);
    for (const v of versions) {
      addName(info, v.communeName, 'historical');
      districtCodes.add(v.districtCode);
    }
    info.districtCodes = [...districtCodes];
  }

  const keysByDistrict = new Map<string, Set<string>>();
  for (const [key, refs] of byKey) for (const r of refs) for (const d of r.unit.districtCodes) addToSet(keysByDistrict, d, key);
  return { byKey, byCode, crosswalk, keysByDistrict: setsToArrays(keysByDistrict), keys: [...byKey.keys()] };
}

function buildNewShard(units: readonly NewCommune[], bareNames: ReadonlyMap<string, string>, rows: readonly CrosswalkRow[]): NewShard {
  const byKey = new Map<string, NameRef<NewCommune>[]>();
  for (const unit of units) {
    const { prefix, name } = splitKnownName(unit.name, bareNames.get(unit.code));
    const { key, tone } = nameKeys(name);
    pushTo(byKey, key, { unit, tone, prefix, kind: 'official', label: unit.name });
  }
  const sources = new Map<string, string[]>();
  for (const r of rows) addUnique(sources, r.newWardCode, r.oldCommuneCode);
  return { byKey, keys: [...byKey.keys()], sources };
}

/**
 * Province lookups. A name may be an old province, a new one, or both, even with different codes
 * ('Lào Cai' is old 10 and new 15): old-commune lookups search every old province inside the new one.
 */
function buildProvinces(
  oldNames: ReadonlyMap<string, string>,
  newNames: ReadonlyMap<string, string>,
  oldToNew: ReadonlyMap<string, readonly string[]>,
): Pick<PlaceIndex, 'provincesByKey' | 'provinceByCode' | 'cityProvinceKeys'> {
  const newToOld = new Map<string, string[]>();
  for (const [oldCode, newCodes] of oldToNew) for (const n of newCodes) addUnique(newToOld, n, oldCode);
  const refOfNew = (code: string): ProvinceRef => ({ oldCodes: newToOld.get(code) ?? [], newCodes: [code], name: newNames.get(code) ?? '' });
  const refOfOld = (code: string): ProvinceRef => ({ oldCodes: [code], newCodes: oldToNew.get(code) ?? [], name: oldNames.get(code) ?? '' });

  const provincesByKey = new Map<string, ProvinceRef>();
  const cityProvinceKeys = new Set<string>();
  const newKeyCode = new Map<string, string>();
  for (const [code, name] of newNames) newKeyCode.set(provinceKey(name), code);
  for (const [code, name] of oldNames) {
    const key = provinceKey(name);
    if (!newKeyCode.has(key)) provincesByKey.set(key, refOfOld(code));
  }
  const oldKeyCode = new Map<string, string>();
  for (const [code, name] of oldNames) oldKeyCode.set(provinceKey(name), code);
  for (const [key, code] of newKeyCode) {
    const ref = refOfNew(code);
    const sameName = oldKeyCode.get(key);
    provincesByKey.set(key, sameName !== undefined && ref.oldCodes.length > 1 ? { ...ref, sameNameOldCode: sameName } : ref);
  }
  for (const [key, ref] of provincesByKey) if (ref.name.startsWith('Thành phố')) cityProvinceKeys.add(key);
  for (const [alias, target] of PROVINCE_ALIASES) {
    const ref = provincesByKey.get(target);
    if (ref && !provincesByKey.has(alias)) provincesByKey.set(alias, ref);
  }
  // Codes: a new code wins over an old one (provinceCode '15' is today's Lào Cai, not Yên Bái).
  const provinceByCode = new Map<string, ProvinceRef>();
  for (const code of oldNames.keys()) provinceByCode.set(code, refOfOld(code));
  for (const code of newNames.keys()) provinceByCode.set(code, refOfNew(code));
  return { provincesByKey, provinceByCode, cityProvinceKeys };
}

// ─── Villages ────────────────────────────────────────────────────────────────────────────────────

const VILLAGE_PREFIX_TEXT: Readonly<Partial<Record<AdminPrefix, string>>> = {
  'bản': 'Bản', 'thôn': 'Thôn', 'tổ': 'Tổ', 'tổ dân phố': 'Tổ dân phố', 'tiểu khu': 'Tiểu khu', 'xóm': 'Xóm',
  'khối': 'Khối', 'ấp': 'Ấp', 'làng': 'Làng',
};
const EDGE_PUNCTUATION_RE = /^[\s.,:;\-–—_/]+|[\s.,:;\-–—_/]+$/g;
const SO_BEFORE_NUMBER_RE = /^(?:số|so|Số|So|SỐ|SO)\.?\s*(?=\d)/;
const ROMAN_RE = /^[IVX]+$/;
const ALL_DIGITS_RE = /^\d+$/;
const EMPTY_VILLAGE_KEYS: ReadonlySet<string> = new Set(['khong', 'khong ro', 'khong co', 'chua ro', 'null', 'none', 'na', 'n a']);

function titleWord(w: string): string {
  if (ALL_DIGITS_RE.test(w)) return w.length <= 6 ? String(Number(w)) : w;
  if (isDigit(w[0])) return w.toUpperCase(); // '5a' → '5A'
  if (ROMAN_RE.test(w)) return w; // 'Tiểu khu II'
  const lower = w.toLowerCase();
  // Capitalise after hyphens too: 'nà-sản' → 'Nà-Sản'.
  return lower.replace(/(^|-)(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

interface VillageText {
  village: string;
  villageKey: string;
}

const NO_VILLAGE: VillageText = Object.freeze({ village: '', villageKey: '' });

/** 'bản Nà sản' → { 'Bản Nà Sản', 'na san' }; 'TDP 05' → { 'Tổ dân phố 5', '5' }; 'Nà Sản' → { 'Nà Sản', 'na san' }. */
export function canonicalVillage(raw: string | undefined): VillageText {
  if (!raw) return NO_VILLAGE;
  const t = collapseSpaces(toNfc(raw));
  if (!t) return NO_VILLAGE;
  const { prefix, name } = splitAdminPrefix(t, 'village');
  const core = name.replace(EDGE_PUNCTUATION_RE, '').replace(SO_BEFORE_NUMBER_RE, '');
  const key = placeNameKey(core);
  if (!prefix && (key === '' || EMPTY_VILLAGE_KEYS.has(key))) return NO_VILLAGE;
  const titled = core ? core.split(' ').map(titleWord).join(' ') : '';
  const prefixText = prefix ? (VILLAGE_PREFIX_TEXT[prefix] ?? '') : '';
  const village = prefixText && titled ? `${prefixText} ${titled}` : prefixText || titled;
  return { village, villageKey: key };
}

// ─── Resolver ────────────────────────────────────────────────────────────────────────────────────

export interface PlaceResolverOptions {
  /** Province assumed when a record names none, e.g. '14' (Sơn La). A new province code wins over an old one. */
  provinceCode?: string;
  /**
   * When a record names a commune without a district and the name is both an old and a new unit:
   * 'auto' (default) reads it as the new unit unless the readings disagree (then 'ambiguous');
   * 'old' / 'new' prefer that reading (for files known to be written before / after 1 July 2025).
   */
  era?: 'auto' | 'old' | 'new';
  /** Entries per memo cache (default 100,000). */
  cacheSize?: number;
}

type UnitOutcome = Omit<PlaceResolution, 'village' | 'villageKey'>;
type MatchHow = 'exact' | 'normalized' | 'fuzzy';

interface Scope {
  /** null = every old province. */
  oldProvinces: ReadonlySet<string> | null;
  /** null = every new province. */
  newProvinces: ReadonlySet<string> | null;
  /** The old province to look in first for a district (see ProvinceRef.sameNameOldCode). */
  districtFirst: ReadonlySet<string> | null;
}

interface Picked {
  olds: OldUnitInfo[];
  news: NewCommune[];
  notes: string[];
  /** Tone key of the name each unit was matched by (an old unit may match by a former name). */
  matchedTone: ReadonlyMap<OldUnitInfo | NewCommune, string>;
  /** How well the text matched that unit's name: exact only for its official name. */
  howOf(unit: OldUnitInfo | NewCommune): MatchHow;
}

/**
 * Memo keyed by three strings without building a joined key (no allocation on a hit). Cleared
 * whole when it reaches its bound: simple, and values repeat heavily between clears.
 */
class TupleCache<V> {
  private readonly root = new Map<string, Map<string, Map<string, V>>>();
  private size = 0;
  constructor(private readonly max: number) {}
  get(a: string, b: string, c: string): V | undefined {
    return this.root.get(a)?.get(b)?.get(c);
  }
  set(a: string, b: string, c: string, value: V): void {
    if (this.size >= this.max) {
      this.root.clear();
      this.size = 0;
    }
    let level1 = this.root.get(a);
    if (!level1) this.root.set(a, (level1 = new Map()));
    let level2 = level1.get(b);
    if (!level2) level1.set(b, (level2 = new Map()));
    if (!level2.has(c)) this.size++;
    level2.set(c, value);
  }
}

/** Bounded memo; the oldest entry goes first. */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.max) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, value);
  }
}

const HOW_RANK: Readonly<Record<MatchHow, number>> = { exact: 0, normalized: 1, fuzzy: 2 };
const weaker = (a: MatchHow, b: MatchHow): MatchHow => (HOW_RANK[a] >= HOW_RANK[b] ? a : b);
const CROSSWALK_RANK: Readonly<Record<CrosswalkConfidence, number>> = {
  'not-needed': 0, verified: 1, high: 2, low: 3, ambiguous: 4, none: 5,
};
const FUZZY_MIN_KEY_LENGTH = 5;
const MAX_CANDIDATES = 10;
const COUNTRY_KEYS: ReadonlySet<string> = new Set(['viet nam', 'vietnam', 'vn']);
const ADDRESS_SPLIT_RE = /\s*[,;|\n]+\s*/;

function freezeOutcome(o: UnitOutcome): UnitOutcome {
  Object.freeze(o.problems);
  Object.freeze(o.notes);
  for (const c of o.candidates) Object.freeze(c);
  Object.freeze(o.candidates);
  return Object.freeze(o);
}

function oldCandidate(info: OldUnitInfo): PlaceCandidate {
  return { level: 'old', code: info.unit.code, name: info.unit.name, parentName: info.unit.districtName };
}
function newCandidate(unit: NewCommune): PlaceCandidate {
  return { level: 'new', code: unit.code, name: unit.name, parentName: unit.provinceName };
}

/**
 * Creates a memoizing resolver over an index. Call it once per record; identical inputs (and inputs
 * that differ only in case, spacing, Unicode form or tone placement) are answered from a bounded cache.
 * Results are frozen and shared between calls: do not mutate them.
 */
export function createPlaceResolver(index: PlaceIndex, opts: PlaceResolverOptions = {}): (input: PlaceInput) => PlaceResolution {
  const era = opts.era ?? 'auto';
  const cacheSize = opts.cacheSize ?? 100_000;
  const defaultProvince = opts.provinceCode ? index.provinceByCode.get(opts.provinceCode) : undefined;
  if (opts.provinceCode && !defaultProvince) throw new Error(`unknown province code ${opts.provinceCode}`);
  const defaultScope: Scope = defaultProvince ? scopeOf(defaultProvince) : { oldProvinces: null, newProvinces: null, districtFirst: null };

  const rawCache = new TupleCache<UnitOutcome>(cacheSize);
  const foldedCache = new TupleCache<UnitOutcome>(cacheSize);
  const addressCache = new BoundedCache<AddressParts>(cacheSize);
  // Unit outcome → village text → answer. Outcomes are shared, so the number of units is small.
  const resultCache = new Map<UnitOutcome, Map<string, PlaceResolution>>();
  let resultCount = 0;

  function scopeOf(ref: ProvinceRef): Scope {
    return {
      oldProvinces: new Set(ref.oldCodes),
      newProvinces: new Set(ref.newCodes),
      districtFirst: ref.sameNameOldCode !== undefined ? new Set([ref.sameNameOldCode]) : null,
    };
  }

  // ── Province ──
  function resolveProvince(text: string, problems: string[]): Scope {
    if (!text) return defaultScope;
    const t = collapseSpaces(toNfc(text));
    if (ALL_DIGITS_RE.test(t)) {
      const byCode = index.provinceByCode.get(t.padStart(2, '0'));
      if (byCode) return scopeOf(byCode);
    }
    const { name } = splitAdminPrefix(t, 'province');
    const key = placeNameKey(name);
    const ref = index.provincesByKey.get(key) ?? index.provincesByKey.get(placeNameKey(t)) ?? fuzzyProvince(key);
    if (ref) return scopeOf(ref);
    if (key && !COUNTRY_KEYS.has(key)) problems.push('province not recognised');
    return defaultScope;
  }
  function fuzzyProvince(key: string): ProvinceRef | undefined {
    if (key.length < FUZZY_MIN_KEY_LENGTH) return undefined;
    let found: ProvinceRef | undefined;
    for (const [k, ref] of index.provincesByKey) {
      if (Math.abs(k.length - key.length) > 1 || distance(k, key) !== 1) continue;
      if (found && found !== ref) return undefined;
      found = ref;
    }
    return found;
  }

  // ── District ── (null = not given or not recognised)
  function resolveDistrict(text: string, scope: Scope, problems: string[]): { codes: ReadonlySet<string>; how: MatchHow } | null {
    if (!text) return null;
    const found = (scope.districtFirst ? findDistrict(text, scope.districtFirst) : null) ?? findDistrict(text, scope.oldProvinces);
    if (!found) problems.push('district not recognised');
    return found;
  }

  function findDistrict(text: string, provinces: ReadonlySet<string> | null): { codes: ReadonlySet<string>; how: MatchHow } | null {
    const inScope = (d: DistrictRef): boolean => provinces === null || provinces.has(d.provinceCode);
    const split = splitAdminPrefix(text, 'district');
    const attempt = (name: string, prefix: AdminPrefix | null): { codes: ReadonlySet<string>; how: MatchHow } | null => {
      const { key, tone } = nameKeys(name);
      if (!key) return null;
      let refs = (index.districtsByKey.get(key) ?? []).filter(inScope);
      if (refs.length === 0) return null;
      const toned = refs.filter((d) => d.tone === tone);
      if (toned.length) refs = toned;
      if (prefix) {
        const typed = refs.filter((d) => d.prefix === prefix);
        if (typed.length) refs = typed;
      }
      return { codes: new Set(refs.map((d) => d.code)), how: toned.length ? 'exact' : 'normalized' };
    };
    const loose = split.prefix ? null : splitPrefix(text, 'district', true);
    const found =
      attempt(split.name, split.prefix) ??
      (split.prefix ? attempt(collapseSpaces(toNfc(text)), null) : null) ??
      (loose?.prefix ? attempt(loose.name, loose.prefix) : null);
    if (found) return found;
    // Fuzzy, within the province only.
    const key = placeNameKey(split.name);
    if (provinces !== null && key.length >= FUZZY_MIN_KEY_LENGTH && !/\d/.test(key)) {
      const hits = new Set<string>();
      for (const p of provinces) {
        for (const k of index.districtKeysByProvince.get(p) ?? []) {
          if (Math.abs(k.length - key.length) <= 1 && distance(k, key) === 1) hits.add(k);
        }
      }
      if (hits.size === 1) {
        const [k] = hits;
        const refs = (index.districtsByKey.get(k) ?? []).filter(inScope);
        return { codes: new Set(refs.map((d) => d.code)), how: 'fuzzy' };
      }
    }
    return null;
  }

  // ── Commune candidates ──
  const oldProvincesOf = (scope: Scope): Iterable<string> => scope.oldProvinces ?? index.oldProvinceCodes;
  const newProvincesOf = (scope: Scope): Iterable<string> => scope.newProvinces ?? index.newProvinceCodes;

  /**
   * Old units (of `oldProvinces`, optionally only those ever in one of `districts`) and new units (of
   * `newProvinces`, none when null) whose name has one of `keys`, narrowed jointly: when the text
   * carries diacritics and some names agree with them (tone placement aside) only those stay; then
   * the written prefix narrows further; current units win over units dissolved before the cut-off.
   */
  function pick(
    keys: readonly string[],
    tone: string | null,
    trustTone: boolean,
    prefix: AdminPrefix | null,
    oldProvinces: Iterable<string>,
    districts: ReadonlySet<string> | null,
    newProvinces: Iterable<string> | null,
    how: MatchHow,
  ): Picked {
    let olds: NameRef<OldUnitInfo>[] = [];
    let news: NameRef<NewCommune>[] = [];
    for (const p of oldProvinces) {
      const shard = index.oldShard(p);
      for (const key of keys) {
        for (const r of shard.byKey.get(key) ?? []) {
          if (!districts || r.unit.districtCodes.some((d) => districts.has(d))) olds.push(r);
        }
      }
    }
    if (newProvinces) {
      for (const p of newProvinces) {
        const shard = index.newShard(p);
        for (const key of keys) for (const r of shard.byKey.get(key) ?? []) news.push(r);
      }
    }
    let toneMatched = false;
    if (tone !== null) {
      const o = olds.filter((r) => r.tone === tone);
      const n = news.filter((r) => r.tone === tone);
      // A record written without any diacritics ('Nga Thanh, Nga Son') says nothing about them:
      // keep 'Nga Thành' beside 'Nga Thanh'. One written with them means what it wrote.
      if (o.length + n.length > 0 && (trustTone || o.length + n.length === olds.length + news.length)) {
        olds = o;
        news = n;
        toneMatched = true;
      }
    }
    let prefixMatched = prefix === null;
    if (prefix !== null) {
      const o = olds.filter((r) => r.prefix === prefix);
      const n = news.filter((r) => r.prefix === prefix);
      if (o.length + n.length > 0) {
        olds = o;
        news = n;
        prefixMatched = true;
      }
    }
    if (olds.some((r) => !r.unit.unit.dissolved)) olds = olds.filter((r) => !r.unit.unit.dissolved);
    // One entry per unit, preferring its official name.
    const oldUnits = new Map<string, NameRef<OldUnitInfo>>();
    for (const r of olds) {
      const seen = oldUnits.get(r.unit.unit.code);
      if (!seen || (seen.kind !== 'official' && r.kind === 'official')) oldUnits.set(r.unit.unit.code, r);
    }
    const newUnits = new Map<string, NameRef<NewCommune>>();
    for (const r of news) if (!newUnits.has(r.unit.code)) newUnits.set(r.unit.code, r);
    const chosen = [...oldUnits.values(), ...newUnits.values()];
    const kindOf = new Map<OldUnitInfo | NewCommune, NameKind>(chosen.map((r) => [r.unit, r.kind]));
    const howOf = (unit: OldUnitInfo | NewCommune): MatchHow =>
      weaker(toneMatched && prefixMatched && kindOf.get(unit) === 'official' ? 'exact' : 'normalized', how);
    const notes: string[] = [];
    for (const r of oldUnits.values()) {
      if (r.kind !== 'official') notes.push(`matched ${r.kind === 'historical' ? 'historical' : 'variant'} name '${r.label}' of ${r.unit.unit.name}`);
    }
    const matchedTone = new Map<OldUnitInfo | NewCommune, string>();
    for (const r of chosen) matchedTone.set(r.unit, r.tone);
    return {
      olds: [...oldUnits.values()].map((r) => r.unit),
      news: [...newUnits.values()].map((r) => r.unit),
      notes,
      matchedTone,
      howOf,
    };
  }

  function fuzzyKeys(key: string, pools: Iterable<readonly string[] | undefined>): string[] {
    if (key.length < FUZZY_MIN_KEY_LENGTH || /\d/.test(key)) return [];
    const hits = new Set<string>();
    for (const pool of pools) {
      if (!pool) continue;
      for (const k of pool) {
        if (Math.abs(k.length - key.length) <= 1 && k !== key && distance(k, key) === 1) hits.add(k);
      }
    }
    return [...hits];
  }

  // ── Outcomes ──
  function fromOld(info: OldUnitInfo, how: MatchHow, problems: string[], notes: string[]): UnitOutcome {
    const cw = index.crosswalkOf(info.unit.code);
    if (!cw) {
      if (info.lastSeen) problems.push(`commune dissolved before July 2025 (last listed ${info.lastSeen}); its successor is not in the reference data`);
      else problems.push('no crosswalk row for the old commune');
      return { oldCommune: info.unit, newCommune: null, confidence: how, crosswalkConfidence: 'none', problems, notes, candidates: [] };
    }
    if (cw.confidence === 'ambiguous') {
      problems.push(`old commune maps to ${cw.targets.length} new units`);
      return {
        oldCommune: info.unit, newCommune: null, confidence: how, crosswalkConfidence: 'ambiguous', problems, notes,
        candidates: cw.targets.map(newCandidate),
      };
    }
    if (cw.confidence === 'low') problems.push('national crosswalk row fails its name check (low confidence)');
    return { oldCommune: info.unit, newCommune: cw.targets[0], confidence: how, crosswalkConfidence: cw.confidence, problems, notes, candidates: [] };
  }

  /** The only old commune a new unit came from, if it came from exactly one. */
  function soleSource(unit: NewCommune): OldCommune | null {
    const sources = index.sourcesOf(unit.code);
    if (sources.length !== 1) return null;
    const info = index.oldCommune(sources[0]);
    const cw = index.crosswalkOf(sources[0]);
    return info && cw && cw.targets.length === 1 ? info.unit : null;
  }

  function fromNew(unit: NewCommune, how: MatchHow, problems: string[], notes: string[]): UnitOutcome {
    return { oldCommune: soleSource(unit), newCommune: unit, confidence: how, crosswalkConfidence: 'not-needed', problems, notes, candidates: [] };
  }

  /** True when the old commune's crosswalk sends it (wholly or partly) to `unit`. */
  function mapsTo(info: OldUnitInfo, unit: NewCommune): boolean {
    const cw = index.crosswalkOf(info.unit.code);
    return cw !== undefined && cw.targets.some((t) => t.code === unit.code);
  }

  function ambiguousOld(infos: OldUnitInfo[], problem: string, problems: string[], notes: string[]): UnitOutcome {
    problems.push(problem);
    // If every candidate leads to the same new unit, the new unit is still known.
    let common: NewCommune | null = null;
    let cwConfidence: CrosswalkConfidence = 'none';
    for (const info of infos) {
      const cw = index.crosswalkOf(info.unit.code);
      if (!cw || cw.confidence === 'ambiguous' || (common && common.code !== cw.targets[0].code)) {
        common = null;
        cwConfidence = 'none';
        break;
      }
      common = cw.targets[0];
      if (CROSSWALK_RANK[cw.confidence] > CROSSWALK_RANK[cwConfidence] || cwConfidence === 'none') cwConfidence = cw.confidence;
    }
    if (common) notes.push('all candidates map to the same new unit');
    return {
      oldCommune: null, newCommune: common, confidence: 'ambiguous', crosswalkConfidence: common ? cwConfidence : 'none', problems, notes,
      candidates: infos.slice(0, MAX_CANDIDATES).map(oldCandidate),
    };
  }

  function none(problem: string, problems: string[], notes: string[], candidates: PlaceCandidate[] = []): UnitOutcome {
    problems.push(problem);
    return { oldCommune: null, newCommune: null, confidence: 'none', crosswalkConfidence: 'none', problems, notes, candidates };
  }

  function districtLabel(infos: readonly OldUnitInfo[]): string {
    return [...new Set(infos.map((i) => i.unit.districtName))].join(', ');
  }

  /** No district: choose between the old and the new reading of the name. */
  function decideWithoutDistrict(p: Picked, problems: string[], notes: string[]): UnitOutcome | null {
    const { olds, news } = p;
    notes.push(...p.notes);
    if (olds.length === 0 && news.length === 0) return null;
    if (era === 'old' && olds.length > 0) return decideOld(p, problems, notes);
    if (era === 'new' && news.length === 1) return fromNew(news[0], p.howOf(news[0]), problems, notes);
    if (news.length === 1) {
      // Without a district a name that is a new unit is read as that unit (post-reform records
      // carry no district). An old commune of the same name that went elsewhere is reported; one
      // spelled differently (only the missing diacritics make them equal) makes it ambiguous.
      const unit = news[0];
      const unitTone = p.matchedTone.get(unit);
      const elsewhere = olds.filter((o) => !mapsTo(o, unit));
      const lookAlikes = elsewhere.filter((o) => p.matchedTone.get(o) !== unitTone);
      if (lookAlikes.length > 0) {
        problems.push(`name is a post-2025 unit and also an old commune of ${districtLabel(lookAlikes)}; district missing`);
        return {
          oldCommune: null, newCommune: null, confidence: 'ambiguous', crosswalkConfidence: 'none', problems, notes,
          candidates: [newCandidate(unit), ...lookAlikes.slice(0, MAX_CANDIDATES).map(oldCandidate)],
        };
      }
      if (elsewhere.length > 0) {
        problems.push(`read as the post-2025 unit; an old commune of ${districtLabel(elsewhere)} had the same name (district missing)`);
      } else if (olds.length > 0) {
        notes.push('name is both an old commune and the new unit it became; read as the new unit (no district)');
      }
      return fromNew(unit, p.howOf(unit), problems, notes);
    }
    if (news.length > 1) {
      problems.push(`commune name matches ${news.length} post-2025 units; province missing`);
      return {
        oldCommune: null, newCommune: null, confidence: 'ambiguous', crosswalkConfidence: 'none', problems, notes,
        candidates: news.slice(0, MAX_CANDIDATES).map(newCandidate),
      };
    }
    return decideOld(p, problems, notes);
  }

  function decideOld(p: Picked, problems: string[], notes: string[]): UnitOutcome {
    const { olds } = p;
    if (olds.length === 1) return fromOld(olds[0], p.howOf(olds[0]), problems, notes);
    const districts = new Set(olds.map((o) => o.unit.districtCode));
    const problem =
      districts.size > 1
        ? `commune name matches ${districts.size} districts; district missing`
        : `commune name matches ${olds.length} units in ${olds[0].unit.districtName}; type (xã / phường / thị trấn) missing`;
    return ambiguousOld(olds, problem, problems, notes);
  }

  function resolveUnit(provinceText: string, districtText: string, communeText: string): UnitOutcome {
    const problems: string[] = [];
    const notes: string[] = [];
    const scope = resolveProvince(provinceText, problems);
    const district = resolveDistrict(districtText, scope, problems);
    const commune = collapseSpaces(toNfc(communeText));
    if (!commune || !placeNameKey(commune)) return none('commune missing', problems, notes);
    const trustTone = hasDiacritics(provinceText) || hasDiacritics(districtText) || hasDiacritics(commune);

    const split = splitAdminPrefix(commune, 'commune');
    // Names to try: without the prefix, then (for 'Phường Phường Đúc' written 'Phường Đúc') the whole text.
    const attempts: Array<{ name: string; prefix: AdminPrefix | null }> = [{ name: split.name, prefix: split.prefix }];
    if (split.prefix) attempts.push({ name: commune, prefix: null });
    else {
      const loose = splitPrefix(commune, 'commune', true);
      if (loose.prefix) attempts.push(loose);
    }
    const oldProvinces = oldProvincesOf(scope);
    const newProvinces = newProvincesOf(scope);

    if (district) {
      const districtProvinces = new Set([...district.codes].map((d) => index.districtProvince.get(d) ?? ''));
      const districtHow = district.how;
      for (const a of attempts) {
        const p = pick([placeNameKey(a.name)], toneKey(a.name), trustTone, a.prefix, districtProvinces, district.codes, null, districtHow);
        if (p.olds.length === 1) return fromOld(p.olds[0], p.howOf(p.olds[0]), problems, [...notes, ...p.notes]);
        if (p.olds.length > 1) {
          return ambiguousOld(p.olds, `commune name matches ${p.olds.length} units in the district`, problems, [...notes, ...p.notes]);
        }
      }
      const key = placeNameKey(split.name);
      const inDistrictKeys = fuzzyKeys(
        key,
        [...district.codes].map((d) => index.oldShard(index.districtProvince.get(d) ?? '').keysByDistrict.get(d)),
      );
      if (inDistrictKeys.length === 1) {
        const p = pick(inDistrictKeys, null, false, split.prefix, districtProvinces, district.codes, null, 'fuzzy');
        if (p.olds.length === 1) return fromOld(p.olds[0], 'fuzzy', problems, [...notes, ...p.notes]);
      }
      // Not in the district: the commune may be written with a wrong district, or be a new unit.
      for (const a of attempts) {
        const p = pick([placeNameKey(a.name)], toneKey(a.name), trustTone, a.prefix, oldProvinces, null, newProvinces, districtHow);
        if (p.olds.length === 1) {
          problems.push(`commune not in the given district (found in ${p.olds[0].unit.districtName})`);
          return fromOld(p.olds[0], weaker(p.howOf(p.olds[0]), 'normalized'), problems, [...notes, ...p.notes]);
        }
        if (p.olds.length > 1) {
          return ambiguousOld(p.olds, `commune not in the given district; name matches ${p.olds.length} communes elsewhere`, problems, [...notes, ...p.notes]);
        }
        if (p.news.length === 1) {
          const unit = p.news[0];
          const covers = index.sourcesOf(unit.code).some((c) => index.oldCommune(c)?.districtCodes.some((d) => district.codes.has(d)));
          if (covers) notes.push('post-2025 unit written with its pre-2025 district');
          else problems.push('post-2025 unit does not cover the given district');
          return fromNew(unit, covers ? p.howOf(unit) : weaker(p.howOf(unit), 'normalized'), problems, [...notes, ...p.notes]);
        }
      }
      const provinceKeys = fuzzyKeys(key, fuzzyPools(scope));
      if (provinceKeys.length === 1) {
        problems.push('commune not found in district; similar name elsewhere');
        const p = pick(provinceKeys, null, false, split.prefix, oldProvinces, null, newProvinces, 'fuzzy');
        const out = decideWithoutDistrict(p, problems, notes);
        if (out) return out;
      }
      return none('commune not found in district', problems, notes, similarCandidates(provinceKeys, scope));
    }

    for (const a of attempts) {
      const p = pick([placeNameKey(a.name)], toneKey(a.name), trustTone, a.prefix, oldProvinces, null, newProvinces, 'exact');
      const out = decideWithoutDistrict(p, problems, notes);
      if (out) return out;
    }
    const key = placeNameKey(split.name);
    const keys = scope.oldProvinces === null ? [] : fuzzyKeys(key, fuzzyPools(scope));
    if (keys.length === 1) {
      const p = pick(keys, null, false, split.prefix, oldProvinces, null, newProvinces, 'fuzzy');
      const out = decideWithoutDistrict(p, problems, notes);
      if (out) return out;
    }
    if (keys.length > 1) return none(`commune not found; ${keys.length} similar names`, problems, notes, similarCandidates(keys, scope));
    return none('commune not found', problems, notes);
  }

  /** Name keys to search for near-misses: only within a known province, never nationwide. */
  function fuzzyPools(scope: Scope): Array<readonly string[] | undefined> {
    if (scope.oldProvinces === null || scope.newProvinces === null) return [];
    return [...[...scope.oldProvinces].map((p) => index.oldShard(p).keys), ...[...scope.newProvinces].map((p) => index.newShard(p).keys)];
  }

  function similarCandidates(keys: readonly string[], scope: Scope): PlaceCandidate[] {
    const p = pick(keys, null, false, null, oldProvincesOf(scope), null, newProvincesOf(scope), 'fuzzy');
    return [...p.olds.map(oldCandidate), ...p.news.map(newCandidate)].slice(0, MAX_CANDIDATES);
  }

  // ── Address text ──
  interface AddressParts {
    province: string;
    district: string;
    commune: string;
    village: string;
  }

  /** Splits one part further where a unit prefix starts mid-text: 'Bản Nà Sản xã Chiềng Mung huyện Mai Sơn'. */
  function splitInline(part: string): string[] {
    const folded = foldSameLength(part);
    const out: string[] = [];
    let start = 0;
    for (let i = 1; i < part.length; i++) {
      if (part[i - 1] !== ' ') continue;
      const rest = part.slice(i);
      const m = matchPrefix(rest, folded.slice(i), 'any');
      if (!m || PREFIX_LEVEL_OF.get(m.form.prefix) === 'village') continue;
      // 'thành phố'/'tp' as part of a longer name is rare; a prefix needs a name after it.
      if (!rest.slice(m.nameStart).trim()) continue;
      out.push(part.slice(start, i - 1).trim());
      start = i;
    }
    out.push(part.slice(start).trim());
    return out.filter((s) => s.length > 0);
  }

  /**
   * Run-on text ('thị trấn Hát Lót Mai Sơn Sơn La'): peels trailing words that name a province and
   * then a district off a unit piece, keeping at least one word of its own name.
   */
  function peelTrailingNames(piece: string, parts: AddressParts): string {
    const { prefix, name } = splitAdminPrefix(piece, 'any');
    if (!prefix) return piece;
    let words = name.split(' ');
    const peel = (slot: 'province' | 'district', known: (key: string) => boolean): void => {
      if (parts[slot]) return;
      for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
        const tail = words.slice(words.length - n).join(' ');
        if (known(placeNameKey(tail))) {
          parts[slot] = tail;
          words = words.slice(0, words.length - n);
          return;
        }
      }
    };
    peel('province', (k) => index.provincesByKey.has(k));
    if (PREFIX_LEVEL_OF.get(prefix) !== 'district') peel('district', (k) => index.districtsByKey.has(k));
    return piece.slice(0, piece.length - name.length) + words.join(' ');
  }

  function parseAddress(text: string): AddressParts {
    const parts: AddressParts = { province: '', district: '', commune: '', village: '' };
    const normalized = collapseSpaces(toNfc(text));
    const separated = normalized.split(ADDRESS_SPLIT_RE);
    let pieces = separated.flatMap(splitInline);
    if (separated.length === 1 && pieces.length > 1) {
      pieces = pieces.map((piece, i) => (i === pieces.length - 1 ? peelTrailingNames(piece, parts) : piece));
    }
    type Slot = keyof AddressParts;
    const order: Slot[] = ['province', 'district', 'commune', 'village'];
    let guessedDistrict = false;
    let next = 0; // right to left: the slot the next unprefixed piece may fill
    for (let i = pieces.length - 1; i >= 0; i--) {
      const piece = pieces[i];
      const { prefix, name } = splitAdminPrefix(piece, 'any');
      const key = placeNameKey(name);
      if (!key || COUNTRY_KEYS.has(key)) continue;
      let slot: Slot | null = null;
      if (prefix) {
        const level = PREFIX_LEVEL_OF.get(prefix) as Slot;
        // 'TP Hà Nội' is a province, 'TP Sơn La' a district (city inside a province).
        slot = prefix === 'thành phố' ? (index.cityProvinceKeys.has(key) && !parts.province ? 'province' : 'district') : level;
      } else {
        while (next < order.length && !slot) {
          const s = order[next];
          if (s === 'province' && index.provincesByKey.has(key)) slot = s;
          else if (s === 'district' && index.districtsByKey.has(key) && !parts.commune) slot = s;
          else if (s === 'commune' || s === 'village') slot = s;
          else next++;
        }
      }
      if (!slot || parts[slot]) continue;
      parts[slot] = piece;
      if (slot === 'district' && !prefix) guessedDistrict = true;
      next = Math.max(next, order.indexOf(slot) + 1);
    }
    // 'Bản Pá Sang, Mường La, Sơn La': a post-reform unit named like an old district.
    if (!parts.commune && guessedDistrict) {
      parts.commune = parts.district;
      parts.district = '';
    }
    return parts;
  }

  function addressParts(text: string): AddressParts {
    let p = addressCache.get(text);
    if (!p) {
      p = Object.freeze(parseAddress(text));
      addressCache.set(text, p);
    }
    return p;
  }

  function unitOutcome(province: string, district: string, commune: string): UnitOutcome {
    let out = rawCache.get(province, district, commune);
    if (out) return out;
    // Case, spacing, Unicode form and tone placement do not change the answer.
    const p = foldedUnitText(province);
    const d = foldedUnitText(district);
    const c = foldedUnitText(commune);
    out = foldedCache.get(p, d, c);
    if (!out) {
      out = freezeOutcome(resolveUnit(province, district, commune));
      foldedCache.set(p, d, c, out);
    }
    rawCache.set(province, district, commune, out);
    return out;
  }

  /** The full answer for a unit and a village text, shared by every record that has both. */
  function resolution(unit: UnitOutcome, villageRaw: string): PlaceResolution {
    let byVillage = resultCache.get(unit);
    if (!byVillage) resultCache.set(unit, (byVillage = new Map()));
    let r = byVillage.get(villageRaw);
    if (!r) {
      const v = canonicalVillage(villageRaw);
      r = Object.freeze({
        village: v.village,
        villageKey: v.villageKey,
        oldCommune: unit.oldCommune,
        newCommune: unit.newCommune,
        confidence: unit.confidence,
        crosswalkConfidence: unit.crosswalkConfidence,
        problems: unit.problems,
        notes: unit.notes,
        candidates: unit.candidates,
      });
      if (resultCount >= cacheSize) {
        resultCache.clear();
        resultCount = 0;
        resultCache.set(unit, (byVillage = new Map()));
      }
      byVillage.set(villageRaw, r);
      resultCount++;
    }
    return r;
  }

  return (input: PlaceInput): PlaceResolution => {
    let province = input.province ?? '';
    let district = input.district ?? '';
    let commune = input.commune ?? '';
    let villageText = input.village ?? '';
    const address = input.address ?? '';
    // A commune cell holding a whole address ('xã Chiềng Mung, huyện Mai Sơn') is read like one.
    const communeIsAddress = commune.includes(',');
    if (address.length > 0 || communeIsAddress) {
      const sources = communeIsAddress ? [commune, address] : [address];
      if (communeIsAddress) commune = '';
      for (const src of sources) {
        if (!src.trim()) continue;
        const a = addressParts(src);
        if (!province.trim()) province = a.province;
        if (!district.trim()) district = a.district;
        if (!commune.trim()) commune = a.commune;
        if (!villageText.trim()) villageText = a.village;
      }
    }
    return resolution(unitOutcome(province, district, commune), villageText);
  };
}

/**
 * Cache key of a unit cell: lower case, NFC, spaces collapsed, tone marks moved to word ends. Nothing
 * the resolver looks at is lost (punctuation stays: 'X.' is a prefix where 'X ' is not).
 */
function foldedUnitText(text: string): string {
  return moveTonesToWordEnds(collapseSpaces(toNfc(text)).toLowerCase());
}
