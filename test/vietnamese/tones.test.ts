import { describe, expect, it } from 'vitest';
import { applyToneStyle, detectToneStyle, normalizeTonePlacement, PROJECT_TONE_STYLE, toneOf, withTone } from '../../src/vietnamese/tones.js';
import { TONE_MARKS } from '../../src/vietnamese/text.js';

const TONES = [1, 2, 3, 4, 5]; // huyền, sắc, hỏi, ngã, nặng
const mark = (vowel: string, tone: number): string => (vowel + TONE_MARKS[tone]).normalize('NFC');

// Open syllables whose nucleus is oa, oe or uy: the two conventions differ. [onset, first vowel, second vowel]
const STYLE_SYLLABLES: Array<[string, string, string]> = [
  ['h', 'o', 'a'], ['l', 'o', 'a'], ['t', 'o', 'a'], ['', 'o', 'a'], ['kh', 'o', 'e'], ['x', 'o', 'e'], ['', 'o', 'e'],
  ['th', 'u', 'y'], ['t', 'u', 'y'], ['h', 'u', 'y'], ['', 'u', 'y'], ['l', 'u', 'y'],
];

const STYLE_CASES: Array<[string, string]> = STYLE_SYLLABLES.flatMap(([onset, v1, v2]) =>
  TONES.map((tone): [string, string] => [onset + mark(v1, tone) + v2, onset + v1 + mark(v2, tone)]),
);

describe('the project convention', () => {
  it('is classic (hòa, thủy, khỏe)', () => {
    expect(PROJECT_TONE_STYLE).toBe('classic');
  });
});

describe('oa/oe/uy × every tone: modern → classic', () => {
  it.each(STYLE_CASES)('%s ← %s', (classic, modern) => {
    expect(normalizeTonePlacement(modern)).toBe(classic);
    expect(normalizeTonePlacement(classic)).toBe(classic);
    expect(applyToneStyle(classic, 'modern')).toBe(modern);
    expect(applyToneStyle(modern, 'modern')).toBe(modern);
  });
  it.each(STYLE_CASES)('upper case and NFD: %s ← %s', (classic, modern) => {
    expect(normalizeTonePlacement(modern.toUpperCase())).toBe(classic.toUpperCase());
    expect(normalizeTonePlacement(modern.normalize('NFD'))).toBe(classic);
    const title = modern.charAt(0).toUpperCase() + modern.slice(1);
    expect(normalizeTonePlacement(title)).toBe(classic.charAt(0).toUpperCase() + classic.slice(1));
  });
});

// Syllables that are written the same in both conventions, for every tone. '*' marks the vowel that
// carries the tone.
const SAME_IN_BOTH: string[] = [
  'hoa*ng', 'toa*n', 'thuyê*n', 'khuê*ch', 'quyê*t', 'huy*nh', 'oa*nh', 'hoa*ch', 'khoe*t', // final consonant
  'quy*', 'quy*nh', 'qua*', 'quê*', 'giư*a', 'gia*', 'gi*', 'gi*n', 'gio*i', 'giê*ng', // qu/gi onsets
  'thuơ*', 'ngươ*i', 'rươ*u', 'tiê*n', 'yê*n', 'muô*n', 'khuy*u', 'ngoa*i', 'xoa*y', 'ư*a', 'u*a', 'i*a', 'mu*i',
  'ta*i', 'a*o', 'Pa*o', 'Mi*', 'My*', 'Lư*', 'Dê*', 'Chư*', 'Ly*', 'Thâ*u', 'Ngâ*n', // one vowel or marked
];

function placed(pattern: string, tone: number): string {
  const at = pattern.indexOf('*');
  const vowel = pattern[at - 1];
  return pattern.slice(0, at - 1) + mark(vowel, tone) + pattern.slice(at + 1);
}

describe('syllables that do not depend on the convention', () => {
  const cases: Array<[string, number]> = SAME_IN_BOTH.flatMap((p) => TONES.map((t): [string, number] => [p, t]));
  it.each(cases)('%s with tone %i', (pattern, tone) => {
    const word = placed(pattern, tone);
    expect(normalizeTonePlacement(word)).toBe(word);
    expect(applyToneStyle(word, 'modern')).toBe(word);
    expect(normalizeTonePlacement(word.toUpperCase())).toBe(word.toUpperCase());
  });
});

describe('misplaced tones are moved to their vowel', () => {
  const cases: Array<[string, string]> = [
    ['hòang', 'hoàng'], // old input methods
    ['HÒANG', 'HOÀNG'],
    ['tóan', 'toán'],
    ['gìa', 'già'], // the tone on the i of the gi onset
    ['gỉai', 'giải'],
    ['qúy', 'quý'],
    ['qùynh', 'quỳnh'],
    ['ngừơi', 'người'],
    ['thủơ', 'thuở'],
    ['tíên', 'tiến'],
    ['múôn', 'muốn'],
    ['ngòai', 'ngoài'],
    ['khúya', 'khuýa'], // three vowels, no mark: the middle one
  ];
  it.each(cases)('%s → %s', (input, expected) => {
    expect(normalizeTonePlacement(input)).toBe(expected);
  });
});

describe('whole texts', () => {
  const cases: Array<[string, string]> = [
    ['Lò Thị Hoà', 'Lò Thị Hòa'],
    ['Vì Văn Thuỷ, Lường Thị Khoẻ.', 'Vì Văn Thủy, Lường Thị Khỏe.'],
    ['NGUYỄN THỊ THUÝ', 'NGUYỄN THỊ THÚY'],
    ['Hoàng Thị Loan', 'Hoàng Thị Loan'],
    ["H'Mông Hoà", "H'Mông Hòa"],
    ['Lo\u0300 Thi\u0323 Hoa\u0300', 'Lò Thị Hòa'], // NFD with the modern placement
    ['tHUỶ', 'tHỦY'], // mixed case keeps each letter's case
    ['Hoà2', 'Hòa2'],
    ['', ''],
    ['Phong', 'Phong'],
  ];
  it.each(cases)('%j → %j', (input, expected) => {
    expect(normalizeTonePlacement(input)).toBe(expected);
  });
});

describe('words that are not one syllable are left alone', () => {
  const cases = ['hòà', 'hòaianh', 'Lòvăn', 'oaieu'];
  it.each(cases)('%s', (word) => {
    expect(normalizeTonePlacement(word)).toBe(word.normalize('NFC'));
  });
});

describe('detectToneStyle', () => {
  const cases: Array<[string, 'classic' | 'modern' | null]> = [
    ['Lò Thị Hòa', 'classic'],
    ['Lò Thị Hoà', 'modern'],
    ['Vì Văn Thuỷ', 'modern'],
    ['Hoàng Văn Toán', null], // no syllable tells them apart
    ['Hòa Thuỷ', null], // both: inconsistent
    ['', null],
  ];
  it.each(cases)('%j → %s', (text, style) => {
    expect(detectToneStyle(text)).toBe(style);
  });
});

describe('withTone / toneOf', () => {
  it('compose and read tones in both cases', () => {
    expect(withTone('a', 1)).toBe('à');
    expect(withTone('Ư', 4)).toBe('Ữ');
    expect(withTone('ộ', 0)).toBe('ô');
    expect(withTone('b', 2)).toBe('b');
    expect(toneOf('ỹ')).toBe(4);
    expect(toneOf('Ặ')).toBe(5);
    expect(toneOf('d')).toBe(0);
  });
});
