// Sound key: one syllable → a coarse key on which the common spellings of one name agree
// (Mỷ/Mỉ/Mỹ/My/Mi, Sùng/Xùng, Chứ/Trứ, Dua/Giua, Dế/Dề/Giề, Páo/Pao) while different names stay
// apart as far as possible. The rules and the names each rule wrongly merges are listed in
// docs/names.md; keep the two in step.
//
// The key is computed from the folded (ASCII) form only, so two spellings that agree without
// diacritics always agree on the sound key too (ascii equal ⇒ sound equal): tones, hats, horns and
// the breve are ignored, and đ is d.
import { foldKey } from './text.js';

/** Onset spellings → key, longest first. 'gi' is handled apart (its 'i' may be the vowel). */
const ONSET_RULES: ReadonlyArray<readonly [string, string]> = [
  ['ngh', 'ng'],
  ['ng', 'ng'],
  ['nh', 'nh'],
  ['ch', 'ch'],
  ['tr', 'ch'], // ch/tr: Chứ/Trứ
  ['th', 'th'],
  ['ph', 'f'], // ph/f
  ['kh', 'kh'],
  ['gh', 'g'], // gh is g before i/e/ê
  ['b', 'b'],
  ['c', 'k'], // c/k/q: one /k/ sound
  ['k', 'k'],
  ['q', 'k'],
  ['d', 'z'], // d/gi/r (/z/ in the North); đ folds to d and so joins them
  ['r', 'z'],
  ['j', 'z'],
  ['z', 'z'],
  ['f', 'f'],
  ['g', 'g'],
  ['h', 'h'],
  ['l', 'l'],
  ['m', 'm'],
  ['n', 'n'],
  ['p', 'p'],
  ['s', 's'], // s/x: Sùng/Xùng
  ['x', 's'],
  ['t', 't'],
  ['v', 'v'],
  ['w', 'w'],
];

const VOWELS = 'aeiouy';

function isVowel(ch: string | undefined): boolean {
  return ch !== undefined && VOWELS.includes(ch);
}

/** aa → a, mii → mi, phongg → phong: a doubled letter is a typo or a transcription habit. */
function collapseDoubles(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) out += s[i];
  return out;
}

/** Key of a folded syllable (lower-case ASCII, no spaces). */
function keyOfFolded(folded: string): string {
  // i/y: one vowel (Mỷ/Mỉ, Ly/Li, Quý/Quí; also ay/ai: Say/Sai).
  let s = collapseDoubles(folded.replace(/y/g, 'i'));
  let onset = '';
  if (s.startsWith('gi')) {
    // 'gi' + vowel: the i belongs to the onset (Giua = D+ua); 'gi' + consonant or end: the i is the
    // vowel (Gìn, Gì = D+in, D+i).
    onset = 'z';
    s = isVowel(s[2]) ? s.slice(2) : s.slice(1);
  } else {
    for (const [spelling, key] of ONSET_RULES) {
      if (s.startsWith(spelling)) {
        onset = key;
        s = s.slice(spelling.length);
        break;
      }
    }
  }
  // ao/au at the end of the syllable: Thào/Thàu, Páo/Páu.
  if (s.endsWith('ao')) s = s.slice(0, -1) + 'u';
  return onset + s;
}

const SOUND_CACHE_LIMIT = 50_000;
const soundCache = new Map<string, string>();

/**
 * Sound key of one syllable, tone-insensitive: 'Mỷ' → 'mi', 'Trứ' → 'chu', 'Giua' → 'zua'.
 * Letters that are not a-z (a '?' from a broken encoding) are kept, so a broken name never agrees
 * with a sound one by accident.
 */
export function soundKey(syllable: string): string {
  const cached = soundCache.get(syllable);
  if (cached !== undefined) return cached;
  const folded = foldKey(syllable).replace(/['\s]/g, '');
  const key = folded === '' ? '' : keyOfFolded(folded);
  if (soundCache.size >= SOUND_CACHE_LIMIT) soundCache.clear();
  soundCache.set(syllable, key);
  return key;
}

/** Sound key of a whole name: one key per syllable, joined by single spaces. */
export function soundKeyOfName(name: string): string {
  const folded = foldKey(name);
  if (folded === '') return '';
  let out = '';
  for (const syllable of folded.split(' ')) {
    const key = soundKey(syllable);
    if (key === '') continue;
    out = out === '' ? key : out + ' ' + key;
  }
  return out;
}

/** Empties the memo (for benchmarks and tests). */
export function clearSoundKeyCache(): void {
  soundCache.clear();
}
