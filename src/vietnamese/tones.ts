// Tone-mark placement. Vietnamese has two accepted conventions that differ only in open syllables whose
// nucleus is 'oa', 'oe' or 'uy' (no final consonant):
//   'classic'  hòa, khỏe, thủy, lòa, úy  — tone on the first vowel. Unikey's default, most civil records,
//                                         the project's design card. THE PROJECT CONVENTION.
//   'modern'   hoà, khoẻ, thuỷ, loà, uý  — tone on the second vowel (the 1980s school rule, "kiểu mới").
// Every other syllable is written the same in both: with a final consonant the tone goes on the last
// vowel (hoàng, toán, huỳnh); a vowel with a hat, horn or breve takes it (thuyền, khuếch, quyết, người,
// thuở); 'qu' and 'gi' are onsets, not part of the nucleus (quý, quỳnh, già, giữa).
//
// normalizeTonePlacement re-places the tone of every syllable by these rules, so it also repairs
// misplaced marks from old input methods ('hòang' → 'hoàng', 'gìa' → 'già'). Words that do not parse
// as one Vietnamese syllable (two vowel groups, several tone marks, foreign letters) are left alone.
import { TONE_MARKS, VIETNAMESE_VOWELS } from './text.js';

export type ToneStyle = 'classic' | 'modern';

/** The one convention every canonical name uses. */
export const PROJECT_TONE_STYLE: ToneStyle = 'classic';

interface VowelInfo {
  /** The vowel without its tone, in its own case: 'Ă' for 'Ằ'. */
  bare: string;
  /** The lower-case bare vowel: 'ă'. */
  lower: string;
  /** 0 = no tone, 1..5 = huyền, sắc, hỏi, ngã, nặng. */
  tone: number;
  upper: boolean;
}

const VOWEL_INFO = new Map<string, VowelInfo>();
/** compose[lowerBare][tone] for each case: the precomposed vowel. */
const COMPOSE_LOWER = new Map<string, string[]>();
const COMPOSE_UPPER = new Map<string, string[]>();

for (const v of VIETNAMESE_VOWELS) {
  const lower: string[] = [];
  const upper: string[] = [];
  for (let tone = 0; tone < TONE_MARKS.length; tone++) {
    const lc = (v + TONE_MARKS[tone]).normalize('NFC');
    const uc = (v.toUpperCase() + TONE_MARKS[tone]).normalize('NFC');
    lower.push(lc);
    upper.push(uc);
    VOWEL_INFO.set(lc, { bare: v, lower: v, tone, upper: false });
    VOWEL_INFO.set(uc, { bare: v.toUpperCase(), lower: v, tone, upper: true });
  }
  COMPOSE_LOWER.set(v, lower);
  COMPOSE_UPPER.set(v, upper);
}

/** Vowels whose hat, horn or breve attracts the tone. */
const MARKED_VOWELS = new Set(['ă', 'â', 'ê', 'ô', 'ơ', 'ư']);
/** Open two-vowel nuclei on which the two conventions differ. */
const STYLE_NUCLEI = new Set(['oa', 'oe', 'uy']);

/** The character with a tone; `tone` 0 removes it. */
export function withTone(vowel: string, tone: number): string {
  const info = VOWEL_INFO.get(vowel);
  if (!info) return vowel;
  const table = info.upper ? COMPOSE_UPPER.get(info.lower) : COMPOSE_LOWER.get(info.lower);
  return table ? table[tone] : vowel;
}

/** 0..5: the tone of one precomposed vowel (0 also for consonants). */
export function toneOf(ch: string): number {
  return VOWEL_INFO.get(ch)?.tone ?? 0;
}

/** Code points of the precomposed vowels; those that carry a tone. */
const VOWEL_CODES = new Set([...VOWEL_INFO.keys()].map((ch) => ch.charCodeAt(0)));
const TONED_CODES = new Set([...VOWEL_INFO].filter(([, info]) => info.tone !== 0).map(([ch]) => ch.charCodeAt(0)));

function isLetterCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 0x111 || c === 0x110 || (c > 127 && VOWEL_CODES.has(c));
}

/** True when some character is a vowel with a tone mark (most names: yes; codes, ASCII: no). */
function hasTonedVowel(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127 && TONED_CODES.has(c)) return true;
  }
  return false;
}

function lowerAscii(ch: string): string {
  const c = ch.charCodeAt(0);
  return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch;
}

/**
 * Index (within the word) where the tone belongs, or -1 when the word is not one recognisable
 * syllable. `bare` is the lower-case word without its tone.
 */
function toneTarget(bare: string, style: ToneStyle): number {
  const n = bare.length;
  let i = 0;
  // Onset: consonants; 'qu' and 'gi' before a vowel take their vowel letter into the onset.
  while (i < n && !VOWEL_INFO.has(bare[i])) i++;
  if (i === 1 && i + 1 < n) {
    const c0 = bare[0];
    if (((c0 === 'q' && bare[1] === 'u') || (c0 === 'g' && bare[1] === 'i')) && VOWEL_INFO.has(bare[2] ?? '')) i = 2;
  }
  const start = i;
  while (i < n && VOWEL_INFO.has(bare[i])) i++;
  const end = i; // nucleus is [start, end)
  if (end === start) return -1;
  for (let j = end; j < n; j++) if (VOWEL_INFO.has(bare[j])) return -1; // two vowel groups
  const len = end - start;
  if (len > 3) return -1;
  let marked = -1;
  for (let j = start; j < end; j++) if (MARKED_VOWELS.has(bare[j])) marked = j;
  if (marked >= 0) return marked;
  const hasCoda = end < n;
  if (len === 1) return start;
  if (hasCoda) return end - 1;
  if (len === 3) return start + 1;
  if (style === 'modern' && STYLE_NUCLEI.has(bare.slice(start, end))) return start + 1;
  return start;
}

/** Re-places the tone of one word (letters only). Returns the word unchanged when nothing applies. */
function placeToneInWord(word: string, style: ToneStyle): string {
  let tone = 0;
  let tonePos = -1;
  let bare = '';
  for (let i = 0; i < word.length; i++) {
    const info = VOWEL_INFO.get(word[i]);
    if (info) {
      if (info.tone !== 0) {
        if (tone !== 0) return word; // two tone marks: not ours to fix
        tone = info.tone;
        tonePos = i;
      }
      bare += info.lower;
    } else {
      bare += lowerAscii(word[i]);
    }
  }
  if (tone === 0) return word;
  const target = toneTarget(bare, style);
  if (target < 0 || target === tonePos) return word;
  const chars = word.split('');
  chars[tonePos] = withTone(chars[tonePos], 0);
  chars[target] = withTone(chars[target], tone);
  return chars.join('');
}

/** Applies `style` to every syllable of a text (NFC or NFD in, NFC out). Non-letters are kept. */
export function applyToneStyle(s: string, style: ToneStyle): string {
  const text = s.normalize('NFC');
  if (!hasTonedVowel(text)) return text;
  let out = '';
  let wordStart = -1;
  let changed = false;
  for (let i = 0; i <= text.length; i++) {
    const isLetter = i < text.length && isLetterCode(text.charCodeAt(i));
    if (isLetter) {
      if (wordStart < 0) wordStart = i;
      continue;
    }
    if (wordStart >= 0) {
      const word = text.slice(wordStart, i);
      const placed = placeToneInWord(word, style);
      if (placed !== word) changed = true;
      out += placed;
      wordStart = -1;
    }
    if (i < text.length) out += text[i];
  }
  return changed ? out : text;
}

/** Every syllable to the project's convention ('classic': hòa, khỏe, thủy). NFC out. */
export function normalizeTonePlacement(s: string): string {
  return applyToneStyle(s, PROJECT_TONE_STYLE);
}

/**
 * Which convention a text shows, judged from its open oa/oe/uy syllables that carry a tone;
 * null when it has none (or, inconsistently, both).
 */
export function detectToneStyle(s: string): ToneStyle | null {
  const text = s.normalize('NFC');
  let classic = false;
  let modern = false;
  let wordStart = -1;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && isLetterCode(text.charCodeAt(i))) {
      if (wordStart < 0) wordStart = i;
      continue;
    }
    if (wordStart >= 0) {
      const word = text.slice(wordStart, i);
      const asClassic = placeToneInWord(word, 'classic');
      const asModern = placeToneInWord(word, 'modern');
      if (asClassic !== asModern) {
        if (word === asClassic) classic = true;
        else if (word === asModern) modern = true;
      }
      wordStart = -1;
    }
  }
  if (classic === modern) return null;
  return classic ? 'classic' : 'modern';
}
