// Repair of Vietnamese text that arrives in legacy encodings or damaged by a wrong decoding:
// TCVN3 (ABC, .VnTime fonts) and VNI-Windows text whose bytes were read as Windows-1252 / Latin-1,
// VIQR (ASCII "Nguye^~n"), UTF-8 read as Windows-1252 ("Nguyá»…n"), and NFD / mixed normal forms.
//
// Principle: a field is only changed when the evidence says so. Garbled text is recognised because
// its tokens are not Vietnamese syllables while the decoded tokens are; genuine Unicode text (whose
// tokens are already valid syllables) is never "repaired" unless the caller tells us the whole file
// is in a legacy encoding. Pure functions; the only module state is bounded memo caches.

import { CP1252_HIGH, LEGACY_LETTERS, TCVN5712_BYTES } from './legacy-tables.js';

export type TextRepairKind = 'none' | 'nfc' | 'utf8-mojibake' | 'tcvn3' | 'vni' | 'viqr';
export interface TextRepair {
  text: string;
  kind: TextRepairKind;
  confident: boolean;
  /**
   * Only in a mixed file: the field reads as Vietnamese both as written and decoded with the file's
   * legacy encoding ('Võ A Dõ' as written, 'Vừ A Dế' in TCVN3). `text` is as written; the caller
   * decides from the rest of the row (normalize's repairFields), or keeps it and flags it.
   */
  alternative?: { text: string; kind: 'tcvn3' | 'vni' };
}
export interface TextRepairOptions {
  /**
   * The file mixes encodings (see detectTextEncoding): detect per field, and use `fileKind` (the
   * detection's `tieBreak`) only to decide a field that both TCVN3 and VNI would explain.
   * `fieldRepairer(detection)` passes these for you.
   */
  mixed?: boolean;
}
export interface TextEncodingDetection {
  kind: TextRepairKind;
  confidence: number;
  mixed: boolean;
  /**
   * For a mixed file whose only legacy encoding is TCVN3 or VNI (the rest Unicode): that encoding,
   * used to decide fields that both TCVN3 and VNI would explain. Absent when two legacy encodings
   * compete (then such fields stay unrepaired and unsure).
   */
  tieBreak?: 'tcvn3' | 'vni';
  /** Counts only (no field content), safe to log. */
  evidence: string;
}

// ---------------------------------------------------------------------------------------------
// Letters: every Vietnamese letter as (base with hat/breve/horn, tone). Derived from Unicode NFD.
// ---------------------------------------------------------------------------------------------

/** 0 none, 1 grave (huyền), 2 acute (sắc), 3 hook (hỏi), 4 tilde (ngã), 5 dot (nặng). */
type Tone = 0 | 1 | 2 | 3 | 4 | 5;
const TONE_OF_MARK: ReadonlyMap<string, Tone> = new Map<string, Tone>([
  ['\u0300', 1],
  ['\u0301', 2],
  ['\u0309', 3],
  ['\u0303', 4],
  ['\u0323', 5],
]);

interface LetterInfo {
  /** Lower-case letter without tone, e.g. 'â' for 'Ấ'. */
  readonly base: string;
  readonly tone: Tone;
  readonly upper: boolean;
}

const LETTER_INFO = new Map<string, LetterInfo>();
/** base + tone digit -> lower-case letter, e.g. 'â2' -> 'ấ'. */
const COMPOSE = new Map<string, string>();

function registerLetter(ch: string): void {
  const lower = ch.toLowerCase();
  let tone: Tone = 0;
  let rest = '';
  for (const part of lower.normalize('NFD')) {
    const t = TONE_OF_MARK.get(part);
    if (t !== undefined) tone = t;
    else rest += part;
  }
  const base = rest.normalize('NFC');
  LETTER_INFO.set(ch, { base, tone, upper: ch !== lower });
  COMPOSE.set(base + tone, lower);
}
for (const ch of 'aeiouyAEIOUY') registerLetter(ch);
for (const row of LEGACY_LETTERS) registerLetter(row[0]);

/** All Vietnamese letters (lower + upper case, including đ/Đ and the plain vowels), for char classes. */
export const VIETNAMESE_LETTERS: readonly string[] = [...LETTER_INFO.keys()];

/** 'ấ' etc. from a base and a tone, in the case asked for. */
function composeLetter(base: string, tone: Tone, upper: boolean): string | undefined {
  const lower = COMPOSE.get(base + tone);
  return lower === undefined ? undefined : upper ? lower.toUpperCase() : lower;
}

// ---------------------------------------------------------------------------------------------
// Windows-1252 <-> bytes
// ---------------------------------------------------------------------------------------------

/** Windows-1252 specials (U+20AC …) -> byte 0x80-0x9F. Latin-1 chars map to their own code. */
const CP1252_SPECIAL_TO_BYTE = new Map<number, number>();
CP1252_HIGH.forEach((ch, i) => {
  if (ch !== '') CP1252_SPECIAL_TO_BYTE.set(ch.charCodeAt(0), 0x80 + i);
});

/** Byte a char stands for when text was produced by reading bytes as cp1252 (or Latin-1); -1 if none. */
function cp1252Byte(code: number): number {
  if (code <= 0xff) return code;
  return CP1252_SPECIAL_TO_BYTE.get(code) ?? -1;
}

/** How a byte looks when read as Windows-1252 (undefined bytes pass through as C1 controls, as Windows does). */
function byteAsCp1252(b: number): string {
  if (b >= 0x80 && b <= 0x9f) return CP1252_HIGH[b - 0x80] || String.fromCharCode(b);
  return String.fromCharCode(b);
}

// ---------------------------------------------------------------------------------------------
// TCVN3 (ABC)
// ---------------------------------------------------------------------------------------------

/** Char as seen (Latin-1 and cp1252 renderings of the byte) -> Unicode. Whole TCVN 5712 table. */
const TCVN3_DECODE = new Map<number, string>();
for (const [byte, unicode] of TCVN5712_BYTES) {
  TCVN3_DECODE.set(byte, unicode);
  if (byte >= 0x80 && byte <= 0x9f && CP1252_HIGH[byte - 0x80] !== '') {
    TCVN3_DECODE.set(CP1252_HIGH[byte - 0x80].charCodeAt(0), unicode);
  }
}
const TCVN3_ENCODE = new Map<string, string>(LEGACY_LETTERS.map((r) => [r[0], r[2]]));
const HAS_COMBINING = /[\u0300-\u036f]/;

/** Unicode -> TCVN3 as Latin-1 text. Capital toned vowels use the base + lower-case-tone convention. */
export function encodeTcvn3(unicode: string): string {
  let out = '';
  for (const ch of unicode.normalize('NFC')) out += TCVN3_ENCODE.get(ch) ?? ch;
  return out;
}

/**
 * TCVN3 text seen as Latin-1/cp1252 -> Unicode NFC. Also decodes the TCVN 5712 VN1 capitals and
 * the "A¸" (capital base + lower-case toned vowel) convention. A field typed wholly in a capital
 * font (.VnTimeH: ASCII letters all upper case, toned letters stored as lower-case codes) is
 * returned upper-cased so it reads as what the user saw; it is recognised by having no ASCII
 * lower case and a word with two ASCII capitals or an ASCII capital after a TCVN3 letter.
 */
export function decodeTcvn3(garbled: string): string {
  let out = '';
  let prev = '';
  let asciiLower = false;
  let upperInWord = 0;
  let capitalWord = false;
  let afterNonAscii = false;
  let combining = false;
  for (let i = 0; i < garbled.length; i++) {
    const code = garbled.charCodeAt(i);
    if (code >= 0x41 && code <= 0x5a) {
      // Two ASCII capitals in a word ("PHONG"), or one after a TCVN3 letter ("©N" = ÂN).
      if (++upperInWord >= 2 || afterNonAscii) capitalWord = true;
    } else if (code >= 0x61 && code <= 0x7a) asciiLower = true;
    else if (code <= 0x40) upperInWord = 0; // space, digit, punctuation: a new word
    afterNonAscii = code >= 0x80;
    let ch = TCVN3_DECODE.get(code) ?? garbled[i];
    if (ch !== garbled[i] && ch.charCodeAt(0) >= 0x300 && ch.charCodeAt(0) <= 0x36f) combining = true;
    const info = LETTER_INFO.get(ch);
    const prevInfo = prev === '' ? undefined : LETTER_INFO.get(prev);
    if (info && info.tone !== 0 && !info.upper && prevInfo && prevInfo.upper && prevInfo.tone === 0 && prevInfo.base === info.base) {
      // "A¸" -> "Á": drop the emitted capital base, emit the capital toned letter.
      out = out.slice(0, -prev.length);
      ch = composeLetter(info.base, info.tone, true) ?? ch;
      prev = '';
      out += ch;
      continue;
    }
    out += ch;
    prev = ch;
  }
  if (combining) out = out.normalize('NFC');
  // .VnTimeH: no ASCII lower case at all, and a word with two ASCII capitals ("PHONG") or an ASCII
  // capital after a TCVN3 letter ("V¨N").
  // "B¸ Kú" (Bá Kỳ) has capitals only as initials, so it stays title case.
  if (capitalWord && !asciiLower) out = out.toUpperCase();
  return out;
}

// ---------------------------------------------------------------------------------------------
// VNI-Windows
// ---------------------------------------------------------------------------------------------

/** Single-char VNI letters (ì í ỉ ĩ ị ỵ đ ơ ư and capitals). */
const VNI_SINGLE = new Map<string, string>();
/** Base + modifier pairs (aù -> á, ôù -> ớ), plus the modifier in the other case (typing slips). */
const VNI_PAIR = new Map<string, string>();
const VNI_ENCODE = new Map<string, string>();
for (const [unicode, vni] of LEGACY_LETTERS) {
  VNI_ENCODE.set(unicode, vni);
  if (vni.length === 1) VNI_SINGLE.set(vni, unicode);
  else VNI_PAIR.set(vni, unicode);
}
for (const [pair, unicode] of [...VNI_PAIR]) {
  const mod = pair[1];
  const swapped = mod === mod.toLowerCase() ? mod.toUpperCase() : mod.toLowerCase();
  if (swapped !== mod && swapped.length === 1 && !VNI_PAIR.has(pair[0] + swapped)) VNI_PAIR.set(pair[0] + swapped, unicode);
}

/** Unicode -> VNI-Windows bytes as they look when read as Windows-1252. */
export function encodeVni(unicode: string): string {
  let out = '';
  for (const ch of unicode.normalize('NFC')) out += VNI_ENCODE.get(ch) ?? ch;
  return out;
}

/** VNI-Windows text seen as cp1252 -> Unicode NFC. Chars that form no VNI letter are kept. */
export function decodeVni(garbled: string): string {
  let out = '';
  const n = garbled.length;
  for (let i = 0; i < n; i++) {
    if (i + 1 < n) {
      const pair = VNI_PAIR.get(garbled.slice(i, i + 2));
      if (pair !== undefined) {
        out += pair;
        i++;
        continue;
      }
    }
    const ch = garbled[i];
    out += VNI_SINGLE.get(ch) ?? ch;
  }
  return HAS_COMBINING.test(out) ? out.normalize('NFC') : out;
}

// ---------------------------------------------------------------------------------------------
// VIQR
// ---------------------------------------------------------------------------------------------

const VIQR_ENCODE = new Map<string, string>(LEGACY_LETTERS.map((r) => [r[0], r[3]]));
/** 'a^\'' -> 'ấ' and the tone-before-shape order 'a\'^'; 'dd' -> 'đ', 'DD'/'Dd' -> 'Đ'. */
const VIQR_DECODE = new Map<string, string>();
for (const [unicode, , , viqr] of LEGACY_LETTERS) {
  VIQR_DECODE.set(viqr, unicode);
  if (viqr.length === 3 && /^[a-zA-Z][(^+]/.test(viqr)) VIQR_DECODE.set(viqr[0] + viqr[2] + viqr[1], unicode);
}
VIQR_DECODE.set('Dd', 'Đ');
const VIQR_MARKS = "(^+'`?~.";
const VIQR_VOWELS = 'aeiouyAEIOUY';

/** Unicode -> VIQR. Mark characters that would be misread after a vowel (or a second d) are escaped with "\". */
export function encodeViqr(unicode: string): string {
  let out = '';
  let lastVowel = false;
  let lastPlainD = false;
  for (const ch of unicode.normalize('NFC')) {
    const mapped = VIQR_ENCODE.get(ch);
    if (mapped !== undefined) {
      out += mapped;
      lastVowel = ch !== 'đ' && ch !== 'Đ';
      lastPlainD = false;
      continue;
    }
    if ((lastVowel && VIQR_MARKS.includes(ch)) || (lastPlainD && (ch === 'd' || ch === 'D')) || ch === '\\') out += '\\';
    out += ch;
    lastVowel = VIQR_VOWELS.includes(ch);
    lastPlainD = ch === 'd' || ch === 'D';
  }
  return out;
}

/** VIQR -> Unicode NFC. "\" escapes a following mark character. */
export function decodeViqr(viqr: string): string {
  let out = '';
  const n = viqr.length;
  for (let i = 0; i < n; i++) {
    const ch = viqr[i];
    if (ch === '\\' && i + 1 < n && (VIQR_MARKS.includes(viqr[i + 1]) || viqr[i + 1] === 'd' || viqr[i + 1] === 'D' || viqr[i + 1] === '\\')) {
      out += viqr[i + 1];
      i++;
      continue;
    }
    if (VIQR_VOWELS.includes(ch) || ch === 'd' || ch === 'D') {
      const three = i + 2 < n ? VIQR_DECODE.get(viqr.slice(i, i + 3)) : undefined;
      if (three !== undefined) {
        out += three;
        i += 2;
        continue;
      }
      const two = i + 1 < n ? VIQR_DECODE.get(viqr.slice(i, i + 2)) : undefined;
      if (two !== undefined) {
        out += two;
        i += 1;
        continue;
      }
    }
    out += ch;
  }
  return out.normalize('NFC');
}

// ---------------------------------------------------------------------------------------------
// UTF-8 read as Windows-1252
// ---------------------------------------------------------------------------------------------

const UTF8_FATAL = new TextDecoder('utf-8', { fatal: true });
/** A UTF-8 lead byte (as cp1252 char) followed by a continuation byte (0x80-0xBF as cp1252 char). */
const MOJIBAKE_HINT =
  /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

/** UTF-8 bytes of the text read as Windows-1252 (what Excel shows for a UTF-8 CSV opened as ANSI). */
export function encodeUtf8Mojibake(unicode: string): string {
  const bytes = Buffer.from(unicode, 'utf8');
  let out = '';
  for (const b of bytes) out += byteAsCp1252(b);
  return out;
}

function undoOneMojibakeLayer(text: string): string | null {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const b = cp1252Byte(text.charCodeAt(i));
    if (b < 0) return null;
    bytes[i] = b;
  }
  try {
    return UTF8_FATAL.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * "Nguyá»…n" -> "Nguyễn" (also two layers deep). Null when the text is not UTF-8 mojibake: every
 * character must map back to a byte and the bytes must be strictly valid UTF-8 with at least one
 * multi-byte sequence. Genuine Vietnamese can never pass that test (its Latin-1 letters are not
 * followed by UTF-8 continuation bytes).
 */
export function fixUtf8Mojibake(garbled: string): string | null {
  if (!MOJIBAKE_HINT.test(garbled)) return null;
  let current = garbled;
  for (let layer = 0; layer < 3 && MOJIBAKE_HINT.test(current); layer++) {
    const next = undoOneMojibakeLayer(current);
    if (next === null || next === current) break;
    current = next;
  }
  return current === garbled ? null : current.normalize('NFC');
}

// ---------------------------------------------------------------------------------------------
// Vietnamese syllables
// ---------------------------------------------------------------------------------------------

// Rhymes (vần) without tone: [medial] nucleus [coda]. Loose enough for minority-language names
// written in Vietnamese letters (Páo, Noọng, Phìn), strict enough that decoding garbage fails.
const RHYME_LIST = (
  'a ai ao au ay âu ây e eo ê êu i ia iu o oi ô ôi ơ ơi u ua ui uy ư ưa ưi ưu y ' +
  'iêu yêu uôi ươi ươu oa oai oay oao oe oeo uê uơ uya uyu uây ' +
  'ac ach am an ang anh ap at ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât ' +
  'ec em en eng ep et êch êm ên ênh êp êt ich im in inh ip it ' +
  'oc om on ong op ot oong ooc ôc ôm ôn ông ôp ôt ơm ơn ơp ơt ' +
  'uc um un ung up ut ưc ưm ưn ưng ưt ' +
  'iêc iêm iên iêng iêp iêt yêm yên yêt uôc uôm uôn uông uôt ươc ươm ươn ương ươp ươt ' +
  'oac oach oam oan oang oanh oap oat oăc oăm oăn oăng oăt oem oen oeng oet ' +
  'uân uâng uât uêch uênh uych uyn uynh uyp uyt uyên uyêt'
).split(' ');
const RHYMES: ReadonlySet<string> = new Set(RHYME_LIST);
/** The same rhymes without diacritics, for text typed without them ("Nguyen Van Duc"). */
const RHYMES_ASCII: ReadonlySet<string> = new Set(
  RHYME_LIST.map((r) => r.normalize('NFD').replace(/[\u0300-\u036f]/g, '')),
);
// 'p f j w z' are not native initials but occur in minority names and loanwords (Páo, Fàng).
const INITIALS = 'ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x f j w z'.split(' ');
INITIALS.push('');
const STOP_CODA = /(?:c|ch|p|t)$/;

/**
 * Bounded memo: two generations of at most `max` entries each. When the young one fills up it
 * becomes the old one and the previous old one is dropped — O(1), no per-entry eviction (deleting
 * the oldest Map entry one by one degrades badly in V8).
 */
class BoundedCache<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }
  set(key: string, value: V): V {
    if (this.young.size >= this.max) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
    return value;
  }
}

const SYLLABLE_CACHE = new BoundedCache<boolean>(50_000);

/**
 * True when a single word is a well-formed Vietnamese syllable (any case, NFC or NFD). Ð/ð (U+00D0
 * Eth, common in real data as a look-alike of Đ) counts as Đ/đ.
 */
export function isVietnameseSyllable(word: string): boolean {
  const cached = SYLLABLE_CACHE.get(word);
  if (cached !== undefined) return cached;
  return SYLLABLE_CACHE.set(word, checkSyllable(word));
}

function checkSyllable(word: string): boolean {
  const lower = (HAS_COMBINING.test(word) ? word.normalize('NFC') : word).toLowerCase();
  if (lower.length === 0 || lower.length > 8) return false;
  let tone: Tone = 0;
  let toneless = '';
  let diacritic = false;
  for (const ch of lower) {
    const c = ch.charCodeAt(0);
    if (c >= 0x61 && c <= 0x7a) {
      toneless += ch;
      continue;
    }
    const info = LETTER_INFO.get(ch === 'ð' ? 'đ' : ch);
    if (info === undefined) return false;
    diacritic = true;
    if (info.tone !== 0) {
      if (tone !== 0) return false;
      tone = info.tone;
    }
    toneless += info.base;
  }
  const rhymes = diacritic ? RHYMES : RHYMES_ASCII;
  for (const initial of INITIALS) {
    if (!toneless.startsWith(initial)) continue;
    const rest = toneless.slice(initial.length);
    const ok = rhymes.has(rest) || (initial === 'qu' && rest !== '' && rhymes.has('u' + rest));
    if (!ok) continue;
    // Stop codas (-c -ch -p -t) only take the acute or dot tone; the rhymes -oong/-ooc are seen
    // without tone or with acute, hook or dot (xoong, moóc, Loỏng, Noọng).
    if ((tone === 1 || tone === 3 || tone === 4) && STOP_CODA.test(rest)) continue;
    if ((tone === 1 || tone === 4) && rest.startsWith('oo')) continue;
    return true;
  }
  return false;
}

// Words: runs of anything but whitespace, ASCII punctuation, digits and general punctuation.
// Latin-1 symbols stay inside words because TCVN3 uses them as letters (¸ µ ¨ « ­ ...).
const WORD_RE = /[^\s!-/:-@[-`{-~0-9\u2000-\u206f]+/g;
const SINGLE_CONSONANT = /^[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]$/;
const ASCII_ONLY = /^[\x00-\x7f]*$/;

function words(text: string): string[] {
  // Single ASCII consonants are initials ("V.") or the "H" of "H'Mông": not syllables, not evidence.
  return (text.match(WORD_RE) ?? []).filter((w) => !SINGLE_CONSONANT.test(w));
}

/** Scores how Vietnamese a text looks: share of tokens that are valid Vietnamese syllables (0..1). */
export function vietnameseScore(text: string): number {
  const ws = words(text);
  if (ws.length === 0) return 0;
  let valid = 0;
  for (const w of ws) if (isVietnameseSyllable(w)) valid++;
  return valid / ws.length;
}

/**
 * Like vietnameseScore, over the words that contain non-ASCII characters only (the only words an
 * encoding choice can change). Returns the score and the number of such words.
 */
export function nonAsciiVietnameseScore(text: string): { score: number; words: number } {
  let total = 0;
  let valid = 0;
  for (const w of words(text)) {
    if (ASCII_ONLY.test(w)) continue;
    total++;
    if (isVietnameseSyllable(w)) valid++;
  }
  return { score: total === 0 ? 0 : valid / total, words: total };
}

// ---------------------------------------------------------------------------------------------
// Evidence for one field
// ---------------------------------------------------------------------------------------------

/** What a decoder does to the words of a field. */
interface DecodeEvidence {
  /** Words the decoder changed. */
  changed: number;
  /** Changed words that were invalid before and are valid syllables after. */
  fixed: number;
  /**
   * Changed words that were unmistakably garbled: a fixed word that held a character that is no
   * Vietnamese letter (¸ µ ß ¨ …) or a capital after a lower-case letter (TCVN3 "TuÊn"), or a word
   * in which the decoder merged letter + mark pairs (VNI "Baù"). A Unicode typo such as "Phùc" is
   * only a fixed word (TCVN3 would read "Phực"), not a strong one.
   */
  strong: number;
  /** Changed words that are not valid syllables after decoding. */
  broken: number;
  /** Words (changed or not) that are not valid syllables after decoding. */
  invalidAfter: number;
}

/** A character that is no Vietnamese letter (¸ µ ß ¨ …): the word is garbled, not a typo. */
function hasForeignChar(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    if (w.charCodeAt(i) >= 0x80 && !LETTER_INFO.has(w[i])) return true;
  }
  return false;
}

/**
 * A lower-case letter followed by a capital, one of them non-ASCII ("TuÊn", "DòNG"): what TCVN3
 * text looks like, never how a Vietnamese word is written.
 */
function hasCaseAnomaly(w: string): boolean {
  for (let i = 1; i < w.length; i++) {
    const a = w[i - 1];
    const b = w[i];
    if (a.charCodeAt(0) < 0x80 && b.charCodeAt(0) < 0x80) continue;
    if (a !== a.toUpperCase() && b !== b.toLowerCase()) return true;
  }
  return false;
}

function evidenceOf(ws: readonly string[], decode: (w: string) => string): DecodeEvidence {
  const e: DecodeEvidence = { changed: 0, fixed: 0, strong: 0, broken: 0, invalidAfter: 0 };
  for (const w of ws) {
    const d = decode(w);
    if (d === w) {
      if (!isPlainWord(w)) e.invalidAfter++;
      continue;
    }
    e.changed++;
    if (!isDecodedWord(d)) {
      e.broken++;
      e.invalidAfter++;
    } else {
      const anomaly = hasCaseAnomaly(w);
      if (anomaly || !isVietnameseSyllable(w)) {
        e.fixed++;
        if (anomaly || hasForeignChar(w)) e.strong++;
      }
    }
    if (d.length < w.length) e.strong++;
  }
  return e;
}

/**
 * A word a decoder may produce: a Vietnamese syllable, or one ASCII consonant written before a
 * capitalised syllable, as minority group names are written in civil records: 'HMông' (H'Mông
 * without its apostrophe). Only decoded words are judged this way: the consonant alone is
 * no evidence of garbling.
 */
function isDecodedWord(d: string): boolean {
  if (isVietnameseSyllable(d)) return true;
  if (d.length < 3) return false;
  const c0 = d.charCodeAt(0);
  const c1 = d.charCodeAt(1);
  const consonant = SINGLE_CONSONANT.test(d[0]);
  const capital = c1 >= 0x41 && c1 <= 0x5a;
  return consonant && c0 >= 0x41 && c0 <= 0x5a && capital && isVietnameseSyllable(d.slice(1));
}

/** The decoding explains the field: it fixes a word, shows a sign of garbling, breaks nothing. */
function repairs(e: DecodeEvidence): boolean {
  return e.fixed > 0 && e.strong > 0 && e.broken === 0;
}

/** A word that reads as written: a Vietnamese syllable with a normal letter case. */
function isPlainWord(w: string): boolean {
  return isVietnameseSyllable(w) && !hasCaseAnomaly(w);
}

type LegacyVerdict = 'tcvn3' | 'vni' | 'both' | 'neither';

/** Which legacy font encoding explains the (non-ASCII) words of a field. */
function legacyVerdict(ws: readonly string[]): { verdict: LegacyVerdict; tcvn3: DecodeEvidence; vni: DecodeEvidence } {
  const tcvn3 = evidenceOf(ws, decodeTcvn3);
  const vni = evidenceOf(ws, decodeVni);
  let t = repairs(tcvn3);
  let v = repairs(vni);
  if (t && v && tcvn3.invalidAfter !== vni.invalidAfter) {
    // Both explain something; the one that leaves fewer non-Vietnamese words explains the field.
    t = tcvn3.invalidAfter < vni.invalidAfter;
    v = !t;
  }
  const verdict: LegacyVerdict = t && v ? 'both' : t ? 'tcvn3' : v ? 'vni' : 'neither';
  return { verdict, tcvn3, vni };
}

type FieldClass = 'ascii' | 'unicode' | 'latin';

/**
 * 'unicode': has characters that no cp1252/Latin-1 reading of legacy bytes can produce (ă ơ đ ...
 * combining marks), so it is Unicode already. 'latin': every char is cp1252/Latin-1 and some are
 * not ASCII — may be TCVN3, VNI or mojibake. 'ascii': may be VIQR.
 */
function classify(text: string): FieldClass {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    ascii = false;
    if (cp1252Byte(c) < 0) return 'unicode';
  }
  return ascii ? 'ascii' : 'latin';
}

// Strong VIQR marks: ( ^ + ` ~ after a vowel; ' after a vowel unless a capital follows (Y'Ngông);
// ? or . after a vowel inside a word (Ba?o, Thi.nh); word-initial dd. A ? or . that ends a word
// may be punctuation: weak.
const VIQR_STRONG = /[aeiouyAEIOUY](?:[(^+`~]|'(?![A-Z])|[?.][a-z])|(?:^|[^A-Za-z\\])(?:dd|DD|Dd)[aeiouyAEIOUY]/;
const VIQR_WEAK = /[aeiouyAEIOUY][?.]/;

interface ViqrEvidence {
  changed: number;
  broken: number;
  strongWords: number;
  weakWords: number;
}

function viqrEvidence(text: string): ViqrEvidence {
  const ev: ViqrEvidence = { changed: 0, broken: 0, strongWords: 0, weakWords: 0 };
  for (const token of text.split(/\s+/)) {
    if (token === '') continue;
    const d = decodeViqr(token);
    if (d === token) continue;
    ev.changed++;
    const ws = words(d);
    if (ws.length === 0 || !ws.every(isVietnameseSyllable)) ev.broken++;
    if (VIQR_STRONG.test(token)) ev.strongWords++;
    else if (VIQR_WEAK.test(token)) ev.weakWords++;
  }
  return ev;
}

/** VIQR only when marks are unmistakable: one strong mark (^ ( + ` ~ dd) or weak marks on two words. */
function viqrRepairs(e: ViqrEvidence): boolean {
  return e.changed > 0 && e.broken === 0 && (e.strongWords > 0 || e.weakWords >= 2);
}

function nonAsciiWords(text: string): string[] {
  return words(text).filter((w) => !ASCII_ONLY.test(w));
}

function unchanged(value: string, nfc: string, confident: boolean): TextRepair {
  return { text: nfc, kind: nfc === value ? 'none' : 'nfc', confident };
}

/** Mojibake is applied when strictly valid UTF-8 came back and the words it changed are Vietnamese. */
function acceptMojibake(nfc: string, fixed: string): boolean {
  const before = new Set(words(nfc));
  return words(fixed).every((w) => before.has(w) || isVietnameseSyllable(w));
}

/** Field-level detection without trusting any file-level kind (hint only breaks TCVN3/VNI ties). */
function detectField(value: string, hint: TextRepairKind | undefined): TextRepair {
  const nfc = HAS_COMBINING.test(value) ? value.normalize('NFC') : value;
  const cls = classify(nfc);
  if (cls === 'unicode') return unchanged(value, nfc, true);
  if (cls === 'ascii') {
    const ev = viqrEvidence(nfc);
    if (viqrRepairs(ev)) return { text: decodeViqr(nfc), kind: 'viqr', confident: true };
    return unchanged(value, nfc, true);
  }
  const moji = fixUtf8Mojibake(nfc);
  if (moji !== null && acceptMojibake(nfc, moji)) return { text: moji, kind: 'utf8-mojibake', confident: true };
  const ws = nonAsciiWords(nfc);
  if (ws.every(isPlainWord)) {
    const plain = unchanged(value, nfc, true);
    if (hint !== 'tcvn3' && hint !== 'vni') return plain;
    // A mixed file holding this legacy encoding: the field may be one of its cells that happens to
    // read as Vietnamese ('Vừ A Dế' in TCVN3 reads 'Võ A Dõ'). Say so; the row decides.
    const decoded = hint === 'tcvn3' ? decodeTcvn3(nfc) : decodeVni(nfc);
    if (decoded === nfc || !nonAsciiWords(decoded).every(isPlainWord)) return plain;
    return { ...plain, alternative: { text: decoded, kind: hint } };
  }
  const { verdict, tcvn3, vni } = legacyVerdict(ws);
  if (verdict === 'both') {
    if (hint === 'tcvn3') return { text: decodeTcvn3(nfc), kind: 'tcvn3', confident: true };
    if (hint === 'vni') return { text: decodeVni(nfc), kind: 'vni', confident: true };
    return unchanged(value, nfc, false);
  }
  if (verdict === 'tcvn3') return { text: decodeTcvn3(nfc), kind: 'tcvn3', confident: true };
  if (verdict === 'vni') return { text: decodeVni(nfc), kind: 'vni', confident: true };
  // No confident repair. Words made of Vietnamese letters in a normal case, which no decoder can
  // turn into Vietnamese either, are taken as written (minority names: "Krông", "Ia Mláh").
  // Unsure: symbols or odd capitals (garbling we cannot undo), or a decoder that would explain the
  // field without a sign of garbling (VNI "Thònh" = Thịnh, or the Unicode typo "Phùc").
  const couldBeLegacy = (e: DecodeEvidence): boolean => e.fixed > 0 && e.broken === 0;
  const asWritten =
    !couldBeLegacy(tcvn3) && !couldBeLegacy(vni) && !ws.some((w) => hasForeignChar(w) || hasCaseAnomaly(w));
  return unchanged(value, nfc, asWritten);
}

/** Applies the file's kind to one field; null when the field contradicts it (then detect per field). */
function applyFileKind(value: string, kind: TextRepairKind): TextRepair | null {
  const nfc = HAS_COMBINING.test(value) ? value.normalize('NFC') : value;
  const cls = classify(nfc);
  if (cls === 'unicode') return unchanged(value, nfc, true);
  if (kind === 'viqr') {
    if (cls !== 'ascii') return null;
    const ev = viqrEvidence(nfc);
    if (ev.changed === 0) return unchanged(value, nfc, true);
    return ev.broken === 0 ? { text: decodeViqr(nfc), kind: 'viqr', confident: true } : null;
  }
  if (cls === 'ascii') return unchanged(value, nfc, true);
  if (kind === 'utf8-mojibake') {
    const moji = fixUtf8Mojibake(nfc);
    return moji !== null && acceptMojibake(nfc, moji) ? { text: moji, kind, confident: true } : null;
  }
  const decode = kind === 'tcvn3' ? decodeTcvn3 : decodeVni;
  const decoded = decode(nfc);
  if (decoded === nfc) return null; // nothing of this encoding here: let detection look at it
  // Every word the decoder changes must come out as Vietnamese (a case-only change of a
  // .VnTimeH field such as "MINH Lý" -> "MINH LÝ" changes no word).
  const ev = evidenceOf(nonAsciiWords(nfc), decode);
  return ev.broken === 0 ? { text: decoded, kind, confident: true } : null;
}

// ---------------------------------------------------------------------------------------------
// Field-level repair (hot path)
// ---------------------------------------------------------------------------------------------

// Character classes for the one-pass scan of the fast path (codes 0x00-0xFF).
const C_PLAIN = 0; // ASCII that cannot start or carry a VIQR mark
const C_VOWEL = 1; // a e i o u y (either case): a VIQR mark may follow
const C_MARK = 2; // ( ^ + ' ` ? ~ .
const C_D = 3; // d D: "dd" is VIQR đ
const C_LATIN_VIET = 4; // à á â ã è é ê ì í ò ó ô õ ù ú ý (and capitals): Vietnamese, or VNI/TCVN3 bytes
const C_OTHER = 5; // control chars, Latin-1 symbols: needs the full check
const CHAR_CLASS = new Uint8Array(256).fill(C_OTHER);
for (let c = 0x20; c < 0x7f; c++) CHAR_CLASS[c] = C_PLAIN;
CHAR_CLASS[0x09] = C_PLAIN;
for (const ch of 'aeiouyAEIOUY') CHAR_CLASS[ch.charCodeAt(0)] = C_VOWEL;
for (const ch of VIQR_MARKS) CHAR_CLASS[ch.charCodeAt(0)] = C_MARK;
CHAR_CLASS[0x64] = C_D;
CHAR_CLASS[0x44] = C_D;
for (const ch of VIETNAMESE_LETTERS) {
  const c = ch.charCodeAt(0);
  if (c >= 0x80 && c <= 0xff) CHAR_CLASS[c] = C_LATIN_VIET;
}

/** Vietnamese letters above U+00FF: no Latin-1/cp1252 reading of legacy bytes produces them. */
function isUnicodeOnlyLetter(c: number): boolean {
  return (
    (c >= 0x1ea0 && c <= 0x1ef9) ||
    c === 0x102 || c === 0x103 || c === 0x110 || c === 0x111 || c === 0x128 || c === 0x129 ||
    c === 0x168 || c === 0x169 || c === 0x1a0 || c === 0x1a1 || c === 0x1af || c === 0x1b0
  );
}

/**
 * True when the text holds a Vietnamese letter that only Unicode has (ă ơ ư đ ạ …): it was not typed
 * in TCVN3 or VNI, whose bytes read as cp1252 characters. Evidence about the row it came in.
 */
export function hasUnicodeOnlyLetter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isUnicodeOnlyLetter(text.charCodeAt(i))) return true;
  return false;
}

/**
 * One pass over the field: true when it is certainly fine as it is — ASCII with nothing that looks
 * like a VIQR mark, or ASCII + Vietnamese letters including at least one that only Unicode has
 * (ă ơ ư đ ạ ...), which rules out TCVN3/VNI/mojibake (those are all cp1252 characters) and VIQR.
 */
function isCertainlyClean(v: string): boolean {
  let proof = false;
  let ambiguous = false; // Latin-1 Vietnamese letters or VIQR-looking marks
  let prev = C_PLAIN;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c <= 0xff) {
      const k = CHAR_CLASS[c];
      if (k === C_OTHER) return false;
      if (k === C_LATIN_VIET || (k === C_MARK && prev === C_VOWEL) || (k === C_D && prev === C_D)) ambiguous = true;
      prev = k;
    } else if (isUnicodeOnlyLetter(c)) {
      proof = true;
      prev = C_PLAIN;
    } else return false;
  }
  return proof || !ambiguous;
}

const REPAIR_CACHE = new BoundedCache<TextRepair>(50_000);

/**
 * Field-level repair. With the file's kind it applies that repair (and re-checks the field); without
 * it (or when the file is mixed) it detects per field. A field that cannot be repaired confidently is
 * returned unchanged (NFC only) with confident=false — never guessed. Plain ASCII / already-good
 * Unicode returns kind 'none' (or 'nfc' if only normalisation changed it), confident=true.
 */
export function repairText(value: string, fileKind?: TextRepairKind, options?: TextRepairOptions): TextRepair {
  // Fast path (the common case, millions of fields): one char scan, no allocation but the result.
  if (isCertainlyClean(value)) {
    return { text: value, kind: 'none', confident: true };
  }
  const mixed = options?.mixed === true;
  const key = `${fileKind ?? ''}${mixed ? '+' : ''}\u0000${value}`;
  const cached = REPAIR_CACHE.get(key);
  if (cached !== undefined) return cached;
  let result: TextRepair | null = null;
  if (!mixed && fileKind !== undefined && fileKind !== 'none' && fileKind !== 'nfc') {
    result = applyFileKind(value, fileKind);
  }
  result ??= detectField(value, mixed ? fileKind : undefined);
  return REPAIR_CACHE.set(key, Object.freeze(result));
}

// ---------------------------------------------------------------------------------------------
// File-level detection
// ---------------------------------------------------------------------------------------------

interface Tally {
  fields: number;
  ascii: number;
  unicode: number;
  nfd: number;
  latinValid: number;
  tcvn3: number;
  vni: number;
  both: number;
  mojibake: number;
  viqr: number;
  unrepairable: number;
  tcvn3Broken: number;
  vniBroken: number;
}

function tallySamples(samples: readonly string[]): Tally {
  const t: Tally = {
    fields: 0, ascii: 0, unicode: 0, nfd: 0, latinValid: 0, tcvn3: 0, vni: 0, both: 0,
    mojibake: 0, viqr: 0, unrepairable: 0, tcvn3Broken: 0, vniBroken: 0,
  };
  for (const raw of samples) {
    if (raw.trim() === '') continue;
    t.fields++;
    const nfc = HAS_COMBINING.test(raw) ? raw.normalize('NFC') : raw;
    const cls = classify(nfc);
    if (cls === 'unicode') {
      t.unicode++;
      if (nfc !== raw) t.nfd++;
      continue;
    }
    if (cls === 'ascii') {
      if (viqrRepairs(viqrEvidence(nfc))) t.viqr++;
      else t.ascii++;
      continue;
    }
    const moji = fixUtf8Mojibake(nfc);
    if (moji !== null && acceptMojibake(nfc, moji)) {
      t.mojibake++;
      continue;
    }
    const ws = nonAsciiWords(nfc);
    const { verdict, tcvn3, vni } = legacyVerdict(ws);
    if (tcvn3.broken > 0) t.tcvn3Broken++;
    if (vni.broken > 0) t.vniBroken++;
    if (verdict === 'both') t.both++;
    else if (verdict === 'tcvn3') t.tcvn3++;
    else if (verdict === 'vni') t.vni++;
    else if (ws.every(isPlainWord)) t.latinValid++;
    else t.unrepairable++;
  }
  return t;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** File-level detection from a sample of field values (e.g. the first 2,000 non-empty cells). */
export function detectTextEncoding(samples: readonly string[]): TextEncodingDetection {
  const t = tallySamples(samples);
  const evidence =
    `fields=${t.fields} ascii=${t.ascii} unicode=${t.unicode} nfd=${t.nfd} latin-valid=${t.latinValid} ` +
    `tcvn3=${t.tcvn3} vni=${t.vni} tcvn3-or-vni=${t.both} utf8-mojibake=${t.mojibake} viqr=${t.viqr} ` +
    `unrepairable=${t.unrepairable}`;
  const legacy: [TextRepairKind, number][] = [
    ['tcvn3', t.tcvn3],
    ['vni', t.vni],
    ['utf8-mojibake', t.mojibake],
    ['viqr', t.viqr],
  ];
  legacy.sort((a, b) => b[1] - a[1]);
  const [bestKind, best] = legacy[0];
  const second = legacy[1][1];
  if (best === 0) {
    // No legacy field; fields TCVN3 and VNI both explain stay ambiguous (and count against).
    const doubtful = t.both + t.unrepairable;
    const confidence = t.fields === 0 ? 1 : 1 - doubtful / t.fields;
    return { kind: t.nfd > 0 ? 'nfc' : 'none', confidence: round2(confidence), mixed: false, evidence };
  }
  const contradicted = bestKind === 'tcvn3' ? t.tcvn3Broken : bestKind === 'vni' ? t.vniBroken : 0;
  const against = second + t.unrepairable + contradicted;
  // Few fields of evidence give less confidence than many.
  const volume = Math.min(1, best / 5);
  const confidence = (best / (best + against)) * volume;
  // Unicode-only letters (ă ơ đ …) beside legacy fields: some fields were typed in Unicode, so
  // Latin-1-only Unicode fields may be present too and the file's kind must not be forced on them.
  const unicodeMixed = t.unicode >= 2 && t.unicode >= 0.05 * best;
  const legacyMixed = second >= 2 && second >= 0.1 * best;
  const result: TextEncodingDetection = { kind: bestKind, confidence: round2(confidence), mixed: unicodeMixed || legacyMixed, evidence };
  if (result.mixed && !legacyMixed && (bestKind === 'tcvn3' || bestKind === 'vni')) result.tieBreak = bestKind;
  return result;
}

/**
 * The field repair a file's detection calls for: the file's kind applied to every field, or — in a
 * mixed file — per-field detection (with the tie-break when there is one).
 */
export function fieldRepairer(detection: TextEncodingDetection): (value: string) => TextRepair {
  if (!detection.mixed) return (value) => repairText(value, detection.kind);
  const hint = detection.tieBreak;
  return (value) => repairText(value, hint, { mixed: true });
}
