// Basic Vietnamese text helpers shared by every normalizer. Pure functions; the lookup tables below
// are built once at module load and never change.

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Unicode NFC; Vietnamese text must be compared in one normal form. */
export function toNfc(s: string): string {
  return s.normalize('NFC');
}

/**
 * Removes every diacritic (tones, hats, horns, breve) and maps đ/Đ to d/D:
 * "Đỗ Thị Hoà" → "Do Thi Hoa". Case is kept.
 */
export function stripDiacritics(s: string): string {
  return s.normalize('NFD').replace(COMBINING_MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** Collapses runs of whitespace (including NBSP and tabs) to one space and trims. */
export function collapseSpaces(s: string): string {
  return s.replace(/[\s\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/** The 12 Vietnamese vowel letters without tone: a ă â e ê i o ô ơ u ư y. */
export const VIETNAMESE_VOWELS: readonly string[] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/**
 * The tone marks as combining characters, indexed by tone: 0 ngang (none), 1 huyền (grave),
 * 2 sắc (acute), 3 hỏi (hook above), 4 ngã (tilde), 5 nặng (dot below).
 */
export const TONE_MARKS: readonly string[] = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];

/**
 * True for whitespace as it appears in spreadsheets: ASCII blanks, NBSP, the Unicode spaces,
 * zero-width space and BOM.
 */
export function isSpaceCode(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x202f ||
    c === 0x205f || c === 0x3000 || c === 0xfeff || c === 0x1680 || c === 0x85
  );
}

// Folding table for the two blocks that hold every precomposed Vietnamese letter (Latin-1 + Latin
// Extended-A/B, and Latin Extended Additional). Index = code point - block start; value = the lower-case
// ASCII base letter, or '' when the character is not a letter with a plain base.
const FOLD_LATIN_START = 0xc0;
const FOLD_LATIN_END = 0x24f;
const FOLD_EXT_START = 0x1e00;
const FOLD_EXT_END = 0x1eff;

function buildFoldBlock(start: number, end: number): string[] {
  const out: string[] = [];
  for (let c = start; c <= end; c++) out.push(foldCharSlow(String.fromCharCode(c)));
  return out;
}

function foldCharSlow(ch: string): string {
  return stripDiacritics(ch).toLowerCase();
}

const FOLD_LATIN = buildFoldBlock(FOLD_LATIN_START, FOLD_LATIN_END);
const FOLD_EXT = buildFoldBlock(FOLD_EXT_START, FOLD_EXT_END);

/**
 * One character (UTF-16 unit) folded: lower case, no diacritics; '' for a combining mark. Characters
 * outside the Latin blocks are lower-cased only.
 */
function foldCode(c: number, ch: string): string {
  if (c >= FOLD_LATIN_START && c <= FOLD_LATIN_END) return FOLD_LATIN[c - FOLD_LATIN_START];
  if (c >= FOLD_EXT_START && c <= FOLD_EXT_END) return FOLD_EXT[c - FOLD_EXT_START];
  if (c >= 0x300 && c <= 0x36f) return '';
  return foldCharSlow(ch);
}

/**
 * Matching form of a text: lower case, no diacritics (đ → d), whitespace runs collapsed to one space,
 * trimmed. Works on NFC and NFD input alike. Other characters (apostrophes, digits) are kept.
 * 'LÒ  Văn phong' → 'lo van phong'.
 */
export function foldKey(s: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let folded: string;
    if (c < 128) {
      if (c === 32 || (c >= 9 && c <= 13)) {
        pendingSpace = out.length > 0;
        continue;
      }
      folded = c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : s[i];
    } else if (isSpaceCode(c)) {
      pendingSpace = out.length > 0;
      continue;
    } else {
      folded = foldCode(c, s[i]);
      if (folded === '') continue;
    }
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    out += folded;
  }
  return out;
}

/** Characters after which the next letter starts a new capitalised part: "h'mông" → "H'Mông". */
function startsPart(prev: string): boolean {
  return prev === ' ' || prev === "'" || prev === '\u2019' || prev === '-' || prev === '\t' || prev === '\u00a0';
}

/**
 * Title case per syllable: lower case, then the first letter of every syllable (and of every part
 * after an apostrophe or hyphen) upper case. 'LÒ VĂN ĐỨC' → 'Lò Văn Đức', "h'mông" → "H'Mông".
 * Spacing is kept; the result is NFC.
 */
export function titleCaseSyllables(s: string): string {
  const lower = s.normalize('NFC').toLowerCase();
  let out = '';
  let prev = ' ';
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i];
    out += startsPart(prev) ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}
