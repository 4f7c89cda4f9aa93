// Personal names: canonical form, family / middle / given parts, and match keys. Pure functions with
// bounded memo caches (names repeat a lot: few family names, 'Văn'/'Thị'/'A', short given-name lists).
//
// Canonical form: NFC, the project's tone convention ('classic': Hòa, Thủy), title case per syllable,
// single spaces, junk removed (kin-word prefixes 'Cháu', 'Bé', 'Em'; bracketed notes '(con)',
// '(sinh đôi)'; parent references 'con bà X'; digits and record codes; punctuation). A placeholder
// for a child not yet named ('Chưa đặt tên', 'Bé gái', 'Con bà Lò Thị Hoa') yields an empty name
// flagged 'unnamed' — the mother's name must not be compared as the child's.
// Nothing is guessed: a '?' or U+FFFD left by a broken encoding stays in the name and is flagged.
import { foldKey, isSpaceCode, titleCaseSyllables } from './text.js';
import { normalizeTonePlacement } from './tones.js';
import { soundKey } from './soundkey.js';
import { StringMemo } from './string-memo.js';

export type NameFlag =
  | 'empty'
  | 'junk-removed'
  | 'digits-removed'
  | 'single-token'
  | 'non-vietnamese-letters'
  | 'very-long'
  /** A placeholder for a child without a name yet ('Chưa đặt tên', 'Con bà X'); canonical is ''. */
  | 'unnamed';

export interface ParsedName {
  /** NFC, tone convention, title case per syllable, single spaces, junk removed: 'Lò Văn Phong'. */
  canonical: string;
  /** 'Lò'; '' for a one-token name. */
  family: string;
  /** Everything between family and given: 'Văn', 'Thị Thu', 'A'; '' when absent. */
  middle: string;
  /** The last syllable: 'Phong'. */
  given: string;
  /** Canonical syllables. */
  tokens: string[];
  /** Junk that was removed, as written: 'Cháu', '(con)', 'con bà Lò Thị Hoa', '123', '-'. */
  removed: string[];
  flags: NameFlag[];
}

export interface NameKeys {
  /** 'lo van phong' */
  ascii: string;
  familyAscii: string;
  middleAscii: string;
  givenAscii: string;
  /** Sound key of the full name, syllables joined by ' '. */
  sound: string;
  familySound: string;
  givenSound: string;
  /** Full name without the middle part, ascii: 'lo phong' (middle names are often dropped on re-entry). */
  noMiddleAscii: string;
}

/** More syllables than this is not one person's name (or is several names in one cell). */
const VERY_LONG_TOKENS = 5;
const VERY_LONG_CHARS = 40;

// ---------------------------------------------------------------------------------------------------
// Junk vocabulary. Matched on the lower-cased word WITH its diacritics where a folded form could be a
// real name ('bé' vs the Tày family name 'Bế', 'cháu' vs the family name 'Châu'), on the folded form
// where no name could collide.

/** Kin words and titles written before a name: 'Cháu Lò Văn Phong', 'Bé Hoa', 'Bà Lò Thị Ơn'. */
const PREFIX_WORDS = new Set(['cháu', 'bé', 'em', 'con', 'trẻ', 'bà', 'chị', 'ông', 'mẹ', 'bố', 'bác']);
/**
 * 'Ông' is also a (rare) family name ('Ông Văn Tùng'): removed as a title only before a full
 * three-word name ('Ông Lò Văn Ơn').
 */
const PREFIX_WORDS_NEED_THREE = new Set(['ông']);

/** 'con' + one of these starts a parent reference: 'con bà Lò Thị Hoa', 'con của anh Ơn' (folded). */
const PARENT_WORDS = new Set(['ong', 'ba', 'anh', 'chi', 'co', 'chu', 'me', 'bo', 'cua', 'o', 'bac', 'di']);

/** Whole-name placeholders for a child without a name yet, folded. */
const PLACEHOLDERS_FOLDED = new Set([
  'chua dat ten', 'chua co ten', 'chua ten', 'khong ten', 'khong co ten', 'chua ro', 'khong ro', 'kxd',
  'tre so sinh', 'chua dat', 'vo danh', 'n a',
]);
/** Placeholders whose folded form could be a name ('Bế Trai'): matched with diacritics. */
const PLACEHOLDERS_EXACT = new Set(['bé trai', 'bé gái', 'con trai', 'con gái', 'sơ sinh', 'bé', 'cháu', 'con']);

/** Trailing notes, folded: twin markers ('Lò Thị Hoa sinh đôi', 'SĐ') and a bare 'con'. */
const TRAILING_PHRASES_FOLDED: ReadonlyArray<readonly string[]> = [['sinh', 'doi'], ['song', 'sinh'], ['sd'], ['con']];

const BRACKETED = /\([^)]*\)?|\[[^\]]*\]?|\{[^}]*\}?/g;
const HAS_BRACKET = /[([{]/;
const OTHER_LETTER_OR_MARK = /[\p{L}\p{M}]/u;
/** The 134 letters of Vietnamese that are not plain ASCII, precomposed (NFC), both cases. */
const VIETNAMESE_LETTERS = new Set(['đ', 'Đ']);
for (const v of 'aăâeêioôơuưy') {
  for (const mark of ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323']) {
    const ch = (v + mark).normalize('NFC');
    if (ch.charCodeAt(0) > 127) VIETNAMESE_LETTERS.add(ch).add(ch.toUpperCase());
  }
}

// ---------------------------------------------------------------------------------------------------
// Tokenizer: splits a raw string into words and collects what it dropped.

const enum Kind {
  Letter,
  Space,
  Apostrophe,
  Digit,
  Unknown, // '?', U+FFFD: a letter lost to a broken encoding
  Foreign, // a letter or mark outside the Vietnamese alphabet
  Punct,
}

function kindOf(c: number, ch: string): Kind {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return Kind.Letter;
  if (c === 32) return Kind.Space;
  if (c >= 48 && c <= 57) return Kind.Digit;
  if (c === 39 || c === 0x2019 || c === 0x2018 || c === 0x2bc || c === 0x60 || c === 0xb4) return Kind.Apostrophe;
  if (c === 63 || c === 0xfffd) return Kind.Unknown;
  if (c < 128) return isSpaceCode(c) ? Kind.Space : Kind.Punct;
  if (VIETNAMESE_LETTERS.has(ch)) return Kind.Letter;
  if (isSpaceCode(c)) return Kind.Space;
  return OTHER_LETTER_OR_MARK.test(ch) ? Kind.Foreign : Kind.Punct;
}

interface Scan {
  words: string[];
  removed: string[];
  digits: boolean;
  junk: boolean;
}

/** A word mixing letters and digits is a record code ('TE001', 'SL12'), not a misspelt name part. */
function isRecordCode(letters: string, digits: number): boolean {
  if (digits < 2 || digits < letters.length) return false;
  for (let i = 0; i < letters.length; i++) if (letters.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * Splits on spaces and punctuation; drops digits (a word that is mostly digits goes whole, 'TE001');
 * keeps apostrophes only between letters, as "'". Input is NFC.
 */
function scan(s: string, out: Scan): void {
  let word = ''; // letters (and inner apostrophes) of the current word
  let raw = ''; // the current word as written, digits included
  let digits = '';
  let pendingApostrophe = false;
  let punctRun = '';
  const flushPunct = (): void => {
    if (punctRun !== '') {
      out.removed.push(punctRun);
      out.junk = true;
      punctRun = '';
    }
  };
  const endWord = (): void => {
    if (digits !== '') {
      out.digits = true;
      if (word === '' || isRecordCode(word, digits.length)) {
        out.removed.push(raw);
        word = '';
      } else {
        out.removed.push(digits); // 'Phong1' → 'Phong'
      }
    }
    if (word !== '') out.words.push(word);
    word = '';
    raw = '';
    digits = '';
    pendingApostrophe = false;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    switch (kindOf(c, ch)) {
      case Kind.Digit:
        flushPunct();
        digits += ch;
        raw += ch;
        break;
      case Kind.Letter:
      case Kind.Unknown: // kept in the word (and flagged later), never guessed
      case Kind.Foreign:
        flushPunct();
        if (pendingApostrophe) word += "'";
        pendingApostrophe = false;
        word += ch;
        raw += ch;
        break;
      case Kind.Apostrophe:
        // Kept only between two letters: "H'Mông"; a leading or trailing one is dropped.
        if (word !== '') pendingApostrophe = true;
        break;
      case Kind.Space:
        endWord();
        break;
      default:
        endWord();
        punctRun += ch;
    }
  }
  endWord();
  flushPunct();
}

// ---------------------------------------------------------------------------------------------------
// Syllables: canonical spelling, keys and junk hints, memoized (the vocabulary is small).

/** Junk hints of one word, so that clean names skip the junk rules with a few bit tests. */
const HINT_PREFIX = 1; // a kin word or title that may precede a name
const HINT_CON = 2; // 'con': may start a parent reference
const HINT_PLACEHOLDER = 4; // may start a whole-name placeholder
const HINT_TRAILING = 8; // may end a trailing note ('sinh đôi', 'con')

const PLACEHOLDER_FIRST_EXACT = new Set([...PLACEHOLDERS_EXACT].map((p) => p.split(' ')[0]));
const PLACEHOLDER_FIRST_FOLDED = new Set([...PLACEHOLDERS_FOLDED].map((p) => p.split(' ')[0]));
const TRAILING_LAST = new Set(TRAILING_PHRASES_FOLDED.map((p) => p[p.length - 1]));

interface SyllableInfo {
  /** The word as the scanner gave it (the memo key): 'HOÀ'. */
  raw: string;
  /** Title case, project tone convention: 'Hòa'. */
  canonical: string;
  /** Lower case with diacritics, as written: 'hoà' (for the junk vocabulary). */
  lower: string;
  /** Folded, apostrophes dropped: 'hoa'. */
  ascii: string;
  sound: string;
  hints: number;
  /** Holds a '?', U+FFFD or a letter outside the Vietnamese alphabet. */
  foreign: boolean;
}

function hasForeignLetter(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === 63 || (c > 127 && !VIETNAMESE_LETTERS.has(word[i]))) return true;
  }
  return false;
}

const SYLLABLE_CACHE_LIMIT = 100_000;
/**
 * Keys are clean words only (NFC letters, inner "'", '?'): what the scanner outputs and canonical
 * tokens. So a name whose every space-separated part is a key needs no cleaning (see parseKnown).
 */
const syllableCache = new Map<string, SyllableInfo>();

/** Memoized syllable info. Only for clean words (see syllableCache). */
function syllable(raw: string): SyllableInfo {
  let info = syllableCache.get(raw);
  if (info !== undefined) return info;
  info = computeSyllable(raw);
  if (syllableCache.size >= SYLLABLE_CACHE_LIMIT) syllableCache.clear();
  syllableCache.set(raw, info);
  return info;
}

function computeSyllable(raw: string): SyllableInfo {
  const canonical = normalizeTonePlacement(titleCaseSyllables(raw));
  const lower = raw.toLowerCase();
  const ascii = foldKey(canonical).replace(/'/g, '');
  let hints = 0;
  if (PREFIX_WORDS.has(lower)) hints |= HINT_PREFIX;
  if (ascii === 'con') hints |= HINT_CON;
  if (PLACEHOLDER_FIRST_EXACT.has(lower) || PLACEHOLDER_FIRST_FOLDED.has(ascii)) hints |= HINT_PLACEHOLDER;
  if (TRAILING_LAST.has(ascii)) hints |= HINT_TRAILING;
  return { raw, canonical, lower, ascii, sound: soundKey(ascii), hints, foreign: hasForeignLetter(raw) };
}

// ---------------------------------------------------------------------------------------------------
// Junk removal on words.

/** True when the junk rules could apply to these words (most names: false after a few bit tests). */
function mayHoldJunk(infos: readonly SyllableInfo[]): boolean {
  const n = infos.length;
  if ((infos[0].hints & (HINT_PREFIX | HINT_PLACEHOLDER)) !== 0) return true;
  if (n > 1 && (infos[n - 1].hints & HINT_TRAILING) !== 0) return true;
  for (let i = 0; i < n - 1; i++) if ((infos[i].hints & HINT_CON) !== 0) return true;
  return false;
}

function rawText(infos: readonly SyllableInfo[]): string {
  return infos.map((x) => x.raw).join(' ');
}

/** Index of 'con' starting a parent reference ('con bà X', 'con của ông X'), or -1. */
function parentReferenceAt(infos: readonly SyllableInfo[]): number {
  for (let i = 0; i + 1 < infos.length; i++) {
    if (infos[i].ascii === 'con' && PARENT_WORDS.has(infos[i + 1].ascii)) return i;
  }
  return -1;
}

function isPlaceholder(infos: readonly SyllableInfo[]): boolean {
  if (infos.length === 0 || infos.length > 3 || (infos[0].hints & HINT_PLACEHOLDER) === 0) return false;
  return PLACEHOLDERS_EXACT.has(infos.map((x) => x.lower).join(' ')) || PLACEHOLDERS_FOLDED.has(infos.map((x) => x.ascii).join(' '));
}

function endsWith(infos: readonly SyllableInfo[], phrase: readonly string[]): boolean {
  const at = infos.length - phrase.length;
  if (at < 1) return false; // a name is left in front of the phrase
  for (let k = 0; k < phrase.length; k++) if (infos[at + k].ascii !== phrase[k]) return false;
  return true;
}

interface Cleaned {
  infos: SyllableInfo[];
  unnamed: boolean;
}

function removeJunkWords(infos: SyllableInfo[], removed: string[]): Cleaned {
  const parentAt = parentReferenceAt(infos);
  if (parentAt >= 0) {
    removed.push(rawText(infos.slice(parentAt)));
    infos = infos.slice(0, parentAt);
    if (infos.length === 0) return { infos, unnamed: true };
  }
  for (const phrase of TRAILING_PHRASES_FOLDED) {
    if (endsWith(infos, phrase)) {
      const at = infos.length - phrase.length;
      removed.push(rawText(infos.slice(at)));
      infos = infos.slice(0, at);
    }
  }
  for (;;) {
    if (isPlaceholder(infos)) {
      removed.push(rawText(infos));
      return { infos: [], unnamed: true };
    }
    if (infos.length < 2 || (infos[0].hints & HINT_PREFIX) === 0) break;
    if (PREFIX_WORDS_NEED_THREE.has(infos[0].lower) && infos.length - 1 < 3) break;
    removed.push(infos[0].raw);
    infos = infos.slice(1);
  }
  return { infos, unnamed: false };
}

// ---------------------------------------------------------------------------------------------------
// The parsed-name record. Its match keys are computed with it and kept in a private field, so
// nameKeys() on parseName's output costs nothing; the public fields are exactly ParsedName's.
// Each record also carries a serial number, unique in the process and never reused (memos are
// cleared, serials are not), so per-name tables downstream can be arrays instead of object maps.

let nextSerial = 0;

const NO_STRINGS: string[] = Object.freeze([]) as unknown as string[];
const NO_FLAGS: NameFlag[] = Object.freeze([]) as unknown as NameFlag[];

class NameRecord implements ParsedName {
  readonly canonical: string;
  readonly family: string;
  readonly middle: string;
  readonly given: string;
  readonly tokens: string[];
  readonly removed: string[];
  readonly flags: NameFlag[];
  readonly #keys: NameKeys;
  readonly #serial: number;

  constructor(
    canonical: string, family: string, middle: string, given: string,
    tokens: string[], removed: string[], flags: NameFlag[], keys: NameKeys,
  ) {
    this.canonical = canonical;
    this.family = family;
    this.middle = middle;
    this.given = given;
    this.tokens = tokens;
    this.removed = removed;
    this.flags = flags;
    this.#keys = keys;
    this.#serial = nextSerial++;
    Object.freeze(this);
  }

  static keysOf(p: ParsedName): NameKeys | undefined {
    return #keys in p ? (p as NameRecord).#keys : undefined;
  }

  static serialOf(p: ParsedName): number {
    return #serial in p ? (p as NameRecord).#serial : -1;
  }
}

/**
 * The serial number of a name parseName made: 0, 1, 2 … in order of creation, unique in the process,
 * equal only for the same object. -1 for a ParsedName built elsewhere (by hand, or copied from a
 * worker), which callers must key by other means.
 */
export function nameSerial(p: ParsedName): number {
  return NameRecord.serialOf(p);
}

const EMPTY_KEYS: NameKeys = Object.freeze({
  ascii: '', familyAscii: '', middleAscii: '', givenAscii: '', sound: '', familySound: '', givenSound: '', noMiddleAscii: '',
});

const EMPTY_NAME: ParsedName = new NameRecord('', '', '', '', NO_STRINGS, NO_STRINGS, Object.freeze(['empty']) as unknown as NameFlag[], EMPTY_KEYS);

/**
 * The record of a non-empty name: family = first syllable, given = last, middle = between. Strings
 * are built with join (flat strings): records are retained by the memo, and a tree of concatenated
 * pieces would cost the garbage collector several objects per name.
 */
function makeRecord(infos: readonly SyllableInfo[], removed: string[], flags: NameFlag[]): ParsedName {
  const n = infos.length;
  const tokens: string[] = new Array<string>(n);
  const asciis: string[] = new Array<string>(n);
  const sounds: string[] = new Array<string>(n);
  let foreign = false;
  for (let i = 0; i < n; i++) {
    const x = infos[i];
    tokens[i] = x.canonical;
    asciis[i] = x.ascii;
    sounds[i] = x.sound;
    if (x.foreign) foreign = true;
  }
  const canonical = tokens.join(' ');
  if (n === 1) flags.push('single-token');
  if (foreign) flags.push('non-vietnamese-letters');
  if (n > VERY_LONG_TOKENS || canonical.length > VERY_LONG_CHARS) flags.push('very-long');
  const family = n > 1 ? infos[0] : undefined;
  const given = infos[n - 1];
  const keys: NameKeys = Object.freeze({
    ascii: asciis.join(' '),
    familyAscii: family ? family.ascii : '',
    middleAscii: n === 3 ? asciis[1] : n > 3 ? asciis.slice(1, -1).join(' ') : '',
    givenAscii: given.ascii,
    sound: sounds.join(' '),
    familySound: family ? family.sound : '',
    givenSound: given.sound,
    noMiddleAscii: n === 2 ? asciis.join(' ') : family ? family.ascii + ' ' + given.ascii : given.ascii,
  });
  return new NameRecord(
    canonical,
    family ? family.canonical : '',
    n === 3 ? tokens[1] : n > 3 ? tokens.slice(1, -1).join(' ') : '',
    given.canonical,
    Object.freeze(tokens) as string[],
    removed,
    flags.length === 0 ? NO_FLAGS : (Object.freeze(flags) as NameFlag[]),
    keys,
  );
}

interface Found {
  removed: string[];
  junk: boolean;
  digits: boolean;
}

const CLEAN: Found = Object.freeze({ removed: NO_STRINGS, junk: false, digits: false });

function build(infos: SyllableInfo[], found: Found): ParsedName {
  let junk = found.junk;
  let unnamed = false;
  let removed = found.removed;
  if (infos.length > 0 && mayHoldJunk(infos)) {
    if (removed === NO_STRINGS) removed = [];
    const cleaned = removeJunkWords(infos, removed);
    if (cleaned.infos.length !== infos.length) junk = true;
    infos = cleaned.infos;
    unnamed = cleaned.unnamed;
  }
  const flags: NameFlag[] = [];
  if (junk) flags.push('junk-removed');
  if (found.digits) flags.push('digits-removed');
  if (unnamed) flags.push('unnamed');
  const frozenRemoved = removed.length === 0 ? NO_STRINGS : (Object.freeze(removed) as string[]);
  if (infos.length > 0) return makeRecord(infos, frozenRemoved, flags);
  if (flags.length === 0 && removed.length === 0) return EMPTY_NAME;
  flags.push('empty');
  return new NameRecord('', '', '', '', NO_STRINGS, frozenRemoved, Object.freeze(flags) as NameFlag[], EMPTY_KEYS);
}

// ---------------------------------------------------------------------------------------------------
// parseName

/**
 * Fast path: every single-space-separated part is a known clean word (a memo key). Such a name is
 * NFC, has no digits, punctuation or stray spaces, so only the junk-word rules remain. Null otherwise.
 */
function parseKnown(raw: string): ParsedName | null {
  const infos: SyllableInfo[] = [];
  let from = 0;
  for (;;) {
    const space = raw.indexOf(' ', from);
    const info = syllableCache.get(space < 0 ? raw.slice(from) : raw.slice(from, space));
    if (info === undefined) return null;
    infos.push(info);
    if (space < 0) break;
    from = space + 1;
  }
  return build(infos, CLEAN);
}

/** parseName without the per-name memo (benchmarks; callers should use parseName). */
export function parseNameUncached(raw: string): ParsedName {
  if (typeof raw !== 'string' || raw === '') return EMPTY_NAME;
  const known = parseKnown(raw);
  if (known !== null) return known;
  let s = raw.normalize('NFC');
  const removed: string[] = [];
  let junk = false;
  if (HAS_BRACKET.test(s)) {
    s = s.replace(BRACKETED, (m) => {
      const note = m.trim();
      if (note !== '') removed.push(note);
      junk = true;
      return ' ';
    });
  }
  const scanned: Scan = { words: [], removed, digits: false, junk: false };
  scan(s, scanned);
  return build(scanned.words.map(syllable), { removed, junk: junk || scanned.junk, digits: scanned.digits });
}

const NAME_CACHE_LIMIT = 2_000_000;
/** The per-name memo (most of a province's names repeat one seen before, each as a fresh string). */
const nameCache = new StringMemo<ParsedName>();

/**
 * Parses a raw name from a child record or an ID list. Never throws; '' (or junk only) gives
 * canonical '' with the flag 'empty'. The result is frozen and shared between equal inputs.
 */
export function parseName(raw: string): ParsedName {
  if (typeof raw !== 'string') return parseNameUncached(raw);
  const hit = nameCache.get(raw);
  if (hit !== undefined) return hit;
  const parsed = parseNameUncached(raw);
  if (nameCache.size >= NAME_CACHE_LIMIT) nameCache.clear();
  nameCache.set(raw, parsed);
  return parsed;
}

// ---------------------------------------------------------------------------------------------------
// nameKeys

/** Syllable info of a word of a ParsedName that may be hand-built: read the memo, never fill it. */
function lookupSyllable(word: string): SyllableInfo {
  return syllableCache.get(word) ?? computeSyllable(word);
}

function partSyllables(part: string): SyllableInfo[] {
  return part === '' ? [] : part.split(' ').map(lookupSyllable);
}

function joinKeys(infos: readonly SyllableInfo[], field: 'ascii' | 'sound'): string {
  return infos.map((x) => x[field]).join(' ');
}

/** Keys of any ParsedName (also a hand-built one or a copy that crossed a worker boundary). */
export function nameKeysUncached(p: ParsedName): NameKeys {
  if (p.tokens.length === 0) return EMPTY_KEYS;
  const family = partSyllables(p.family);
  const middle = partSyllables(p.middle);
  const given = partSyllables(p.given);
  const tokens = p.tokens.map(lookupSyllable);
  const familyAscii = joinKeys(family, 'ascii');
  const givenAscii = joinKeys(given, 'ascii');
  return Object.freeze({
    ascii: joinKeys(tokens, 'ascii'),
    familyAscii,
    middleAscii: joinKeys(middle, 'ascii'),
    givenAscii,
    sound: joinKeys(tokens, 'sound'),
    familySound: joinKeys(family, 'sound'),
    givenSound: joinKeys(given, 'sound'),
    noMiddleAscii: familyAscii === '' ? givenAscii : givenAscii === '' ? familyAscii : familyAscii + ' ' + givenAscii,
  });
}

const KEYS_CACHE_LIMIT = 2_000_000;
/** For ParsedName objects that did not come from parseName (keyed by identity). */
const keysCache = new Map<ParsedName, NameKeys>();

/** Match keys of a parsed name (free for parseName's output; memoized otherwise). Frozen. */
export function nameKeys(p: ParsedName): NameKeys {
  const own = NameRecord.keysOf(p);
  if (own !== undefined) return own;
  const hit = keysCache.get(p);
  if (hit !== undefined) return hit;
  const keys = nameKeysUncached(p);
  if (keysCache.size >= KEYS_CACHE_LIMIT) keysCache.clear();
  keysCache.set(p, keys);
  return keys;
}

/** Empties every memo of this module (benchmarks and tests). */
export function clearNameCaches(): void {
  nameCache.clear();
  keysCache.clear();
  syllableCache.clear();
}
