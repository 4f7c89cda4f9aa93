import { describe, expect, it } from 'vitest';
import {
  collapseSpaces, foldKey, isSpaceCode, stripDiacritics, titleCaseSyllables, toNfc, TONE_MARKS, VIETNAMESE_VOWELS,
} from '../../src/vietnamese/text.js';

// Every toned vowel of Vietnamese: 12 vowels × 6 tones, with the plain letter it folds to.
const BASE_OF: Record<string, string> = { a: 'a', ă: 'a', â: 'a', e: 'e', ê: 'e', i: 'i', o: 'o', ô: 'o', ơ: 'o', u: 'u', ư: 'u', y: 'y' };
const TONE_NAMES = ['ngang', 'huyền', 'sắc', 'hỏi', 'ngã', 'nặng'];
const TONED_VOWELS: Array<[string, string, string]> = VIETNAMESE_VOWELS.flatMap((v) =>
  TONE_MARKS.map((mark, tone): [string, string, string] => [(v + mark).normalize('NFC'), BASE_OF[v], `${v} ${TONE_NAMES[tone]}`]),
);

describe('the vowel table', () => {
  it('has 12 vowels × 6 tones, all distinct single characters', () => {
    expect(TONED_VOWELS).toHaveLength(72);
    expect(new Set(TONED_VOWELS.map((x) => x[0])).size).toBe(72);
    for (const [ch] of TONED_VOWELS) expect(ch).toHaveLength(1);
  });
});

describe('foldKey: every vowel × tone, both cases', () => {
  it.each(TONED_VOWELS)('%s (%s) folds to %s', (ch, base) => {
    expect(foldKey(ch)).toBe(base);
    expect(foldKey(ch.toUpperCase())).toBe(base);
    expect(foldKey(`L${ch.toUpperCase()}NG`)).toBe(`l${base}ng`);
    expect(foldKey(ch.normalize('NFD'))).toBe(base);
  });
});

describe('foldKey: names as they appear', () => {
  const cases: Array<[string, string]> = [
    ['LÒ  Văn phong', 'lo van phong'],
    ['Đỗ Thị Hoà', 'do thi hoa'],
    ['ĐIÊU CHÍNH TƯƠI', 'dieu chinh tuoi'],
    ['  Giàng\tA\u00a0Páo ', 'giang a pao'],
    ['Lo\u0300 Va\u0306n Phong', 'lo van phong'], // NFD
    ['Nguyễn Thị Thu Hà', 'nguyen thi thu ha'],
    ["H'Mông", "h'mong"],
    ['Vừ Thị Mỷ', 'vu thi my'],
    ['Lường\u200bThị Ánh', 'luong thi anh'], // zero-width space between words
    ['', ''],
    ['   ', ''],
    ['Lò Văn 2', 'lo van 2'],
  ];
  it.each(cases)('%j → %j', (input, expected) => {
    expect(foldKey(input)).toBe(expected);
  });
});

describe('titleCaseSyllables: every vowel × tone', () => {
  it.each(TONED_VOWELS)('%s (%s) is upper-cased at the start and lower-cased inside', (ch) => {
    const upper = ch.toUpperCase();
    expect(titleCaseSyllables(`${upper}N`)).toBe(`${upper}n`);
    expect(titleCaseSyllables(`L${upper}`)).toBe(`L${ch}`);
    expect(titleCaseSyllables(`l${ch} ${ch}m`)).toBe(`L${ch} ${upper}m`);
  });
});

describe('titleCaseSyllables: names', () => {
  const cases: Array<[string, string]> = [
    ['LÒ VĂN ĐỨC', 'Lò Văn Đức'],
    ["h'mông", "H'Mông"],
    ['đỗ thị hoà', 'Đỗ Thị Hoà'],
    ['nGUYỄN tHỊ tHU hÀ', 'Nguyễn Thị Thu Hà'],
    ['giàng a páo', 'Giàng A Páo'],
    ['LO\u0300 VA\u0306N PHONG', 'Lò Văn Phong'], // NFD in, NFC out
    ['ĐIÊU  THỊ  ƯƠNG', 'Điêu  Thị  Ương'], // spacing kept
    ['lò-văn', 'Lò-Văn'],
  ];
  it.each(cases)('%j → %j', (input, expected) => {
    expect(titleCaseSyllables(input)).toBe(expected);
  });
});

describe('the existing helpers', () => {
  it('stripDiacritics keeps case and maps đ', () => {
    expect(stripDiacritics('Đỗ Thị Hoà')).toBe('Do Thi Hoa');
    expect(stripDiacritics('ĐẶNG ƯỚC')).toBe('DANG UOC');
  });
  it('toNfc composes NFD', () => {
    expect(toNfc('Ho\u0300a')).toBe('Hòa');
  });
  it('collapseSpaces collapses tabs, NBSP and zero-width spaces', () => {
    expect(collapseSpaces(' Lò\t\tVăn\u00a0 Phong ')).toBe('Lò Văn Phong');
  });
  it('isSpaceCode knows the spreadsheet blanks', () => {
    for (const ch of [' ', '\t', '\u00a0', '\u200b', '\ufeff', '\u3000']) expect(isSpaceCode(ch.charCodeAt(0))).toBe(true);
    for (const ch of ['a', "'", '-', '.']) expect(isSpaceCode(ch.charCodeAt(0))).toBe(false);
  });
});
