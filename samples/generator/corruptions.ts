// Small text corruptions seen in hand-entered Vietnamese records. Pure functions of (text, rng).
import type { Rng } from './prng.js';
import { NEARBY_KEYS, SPELLING_VARIANTS } from './name-lists.js';
import type { Village } from './places.js';
import { stripDiacritics } from '../../src/vietnamese/text.js';

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/;
const LETTER = /\p{L}/u;

/** Moves the tone mark of `from` onto `to` (both single letters, NFC in and out). */
function moveTone(from: string, to: string): [string, string] {
  const a = from.normalize('NFD');
  const m = TONE_MARKS.exec(a);
  if (!m) return [from, to];
  return [a.replace(m[0], '').normalize('NFC'), (to.normalize('NFD') + m[0]).normalize('NFC')];
}

// Old style puts the tone on the first vowel of open 'oa', 'oe', 'uy' (hòa, khỏe, thủy); new style on the
// second (hoà, khoẻ, thuỷ). Only at the end of a syllable: 'hoàng', 'thuyết' have one placement only.
const OLD_STYLE = /([òóỏõọÒÓỎÕỌ])([aeAE])(?!\p{L})|([ùúủũụÙÚỦŨỤ])([yY])(?!\p{L})/gu;
const NEW_STYLE = /([oO])([àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ])(?!\p{L})|(?<![qQ])([uU])([ỳýỷỹỵỲÝỶỸỴ])(?!\p{L})/gu;

export function toNewTonePlacement(s: string): string {
  return s.replace(OLD_STYLE, (_m, o1: string, a1: string, u2: string, y2: string) => {
    const [x, y] = o1 ? moveTone(o1, a1) : moveTone(u2, y2);
    return x + y;
  });
}

export function toOldTonePlacement(s: string): string {
  return s.replace(NEW_STYLE, (_m, o1: string, a1: string, u2: string, y2: string) => {
    const [y, x] = o1 ? moveTone(a1, o1) : moveTone(y2, u2);
    return x + y;
  });
}

/** Flips the convention of every open oa/oe/uy syllable (hòa ↔ hoà, thủy ↔ thuỷ). */
export function swapTonePlacement(s: string): string {
  const newer = toNewTonePlacement(s);
  return newer !== s ? newer : toOldTonePlacement(s);
}

export function hasTonePlacementChoice(s: string): boolean {
  OLD_STYLE.lastIndex = 0;
  NEW_STYLE.lastIndex = 0;
  const found = OLD_STYLE.test(s) || NEW_STYLE.test(s);
  OLD_STYLE.lastIndex = 0;
  NEW_STYLE.lastIndex = 0;
  return found;
}

function matchCase(replacement: string, original: string): string {
  return original === original.toUpperCase() && original !== original.toLowerCase()
    ? replacement.toUpperCase()
    : replacement;
}

/** One-character typo on a letter: a nearby key, a dropped letter, an extra letter or a doubled letter. */
export function typo(s: string, rng: Rng): string {
  const chars = [...s];
  const positions: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    // Only inside words of two letters or more, so a one-letter middle name ('A') is not deleted.
    if (LETTER.test(chars[i]) && (LETTER.test(chars[i - 1] ?? '') || LETTER.test(chars[i + 1] ?? ''))) positions.push(i);
  }
  if (positions.length === 0) return s;
  const i = rng.pick(positions);
  const base = stripDiacritics(chars[i]).toLowerCase();
  const near = NEARBY_KEYS[base] ?? 'aeinot';
  const neighbour = matchCase(near[rng.int(near.length)], chars[i]);
  const r = rng.next();
  if (r < 0.4) chars[i] = neighbour;
  else if (r < 0.7) chars.splice(i, 1);
  else if (r < 0.9) chars.splice(i + 1, 0, matchCase(near[rng.int(near.length)], chars[i]).toLowerCase());
  else chars.splice(i, 0, chars[i]);
  return chars.join('');
}

/** A second space somewhere, or a leading/trailing space. */
export function extraSpaces(s: string, rng: Rng): string {
  const r = rng.next();
  if (r < 0.5) {
    const spaces: number[] = [];
    for (let i = 0; i < s.length; i++) if (s[i] === ' ') spaces.push(i);
    if (spaces.length > 0) {
      const at = rng.pick(spaces);
      return s.slice(0, at) + '  ' + s.slice(at + 1);
    }
  }
  return r < 0.8 ? s + ' ' : ' ' + s;
}

const CONSONANT_THEN_I_OR_Y = /^[bcdfghklmnprstvx]+[iy]$/;
const VOWEL = /[aeiouy]/i;

/** The initial or final letter pairs that minority names are transcribed with interchangeably. */
function genericSpellingVariant(word: string, rng: Rng): string {
  const options: string[] = [];
  if (/^S(?!h)/.test(word)) options.push('X' + word.slice(1));
  if (/^X/.test(word)) options.push('S' + word.slice(1));
  if (/^Ch/.test(word)) options.push('Tr' + word.slice(2));
  if (/^Tr/.test(word)) options.push('Ch' + word.slice(2));
  // d ↔ gi; before an i the 'i' of 'gi' merges ('Dinh' ↔ 'Ginh', 'Dua' ↔ 'Giua').
  const plain = stripDiacritics(word);
  if (/^Gi/.test(plain)) options.push(VOWEL.test(plain[2] ?? '') ? 'D' + word.slice(2) : 'D' + word.slice(1));
  else if (word[0] === 'D' && plain[1] === 'i') options.push('G' + word.slice(1));
  else if (word[0] === 'D') options.push('Gi' + word.slice(1));
  // Mỉ/Mỷ, Ly/Li: a lone final i or y after consonants (the tone mark stays).
  if (CONSONANT_THEN_I_OR_Y.test(stripDiacritics(word).toLowerCase())) {
    const nfd = word.normalize('NFD');
    const swapped = nfd.replace(/[iy](?=[\u0300-\u036f]*$)/, (c) => (c === 'i' ? 'y' : 'i'));
    options.push(swapped.normalize('NFC'));
  }
  return options.length > 0 ? rng.pick(options) : word;
}

/**
 * Another accepted spelling of a (minority) name syllable: Mỷ/Mỉ/Mỹ, Sùng/Xùng, Páo/Pao, Chứ/Trứ ...
 * Returns the word unchanged when nothing applies.
 */
export function spellingVariant(word: string, rng: Rng): string {
  const known = SPELLING_VARIANTS[word];
  if (known && rng.chance(0.8)) return rng.pick(known);
  const generic = genericSpellingVariant(word, rng);
  return generic === word && known ? rng.pick(known) : generic;
}

/** True when spellingVariant can change the word. */
export function hasSpellingVariant(word: string): boolean {
  return (
    word in SPELLING_VARIANTS ||
    /^(S(?!h)|X|Ch|Tr|D)/.test(word) ||
    /^Gi/.test(stripDiacritics(word)) ||
    CONSONANT_THEN_I_OR_Y.test(stripDiacritics(word).toLowerCase())
  );
}

/** How officers write the village: without 'Bản', abbreviated, numbered differently, without diacritics. */
export function villageVariant(v: Village, rng: Rng): string {
  const n = Number(v.core);
  switch (v.kind) {
    case 'to': {
      const forms = [`Tổ dân phố ${v.core}`, `TDP ${v.core}`, `TDP${v.core}`, `Tổ DP ${v.core}`, `tổ ${v.core}`];
      if (n < 10) forms.push(`Tổ 0${v.core}`);
      return rng.pick(forms);
    }
    case 'tieukhu': {
      const forms = [`TK ${v.core}`, `TK${v.core}`, `tiểu khu ${v.core}`, `Tiểu Khu ${v.core}`, `Tiểu khu số ${v.core}`];
      if (n < 10) forms.push(`Tiểu khu 0${v.core}`);
      return rng.pick(forms);
    }
    case 'ban': {
      const r = rng.int(6);
      if (r === 0) return v.core;
      if (r === 1) return 'bản ' + v.core;
      if (r === 2) return 'B. ' + v.core;
      if (r === 3) return stripDiacritics(v.name);
      if (r === 4) return 'Bản ' + typo(v.core, rng);
      return 'Bản ' + v.core.split(' ').map((w, i) => (i === 1 ? stripDiacritics(w) : w)).join(' ');
    }
  }
}
