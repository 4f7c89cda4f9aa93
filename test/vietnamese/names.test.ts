import { beforeEach, describe, expect, it } from 'vitest';
import {
  clearNameCaches, nameKeys, nameKeysUncached, parseName, parseNameUncached, type NameFlag, type ParsedName,
} from '../../src/vietnamese/names.js';

type Split = [raw: string, canonical: string, family: string, middle: string, given: string];

describe('parseName: names of Sơn La groups', () => {
  const cases: Split[] = [
    // Thái: Văn/Thị, one-syllable given names
    ['Lò Văn Phong', 'Lò Văn Phong', 'Lò', 'Văn', 'Phong'],
    ['Lường Thị Hoa', 'Lường Thị Hoa', 'Lường', 'Thị', 'Hoa'],
    ['Quàng Văn Xuân', 'Quàng Văn Xuân', 'Quàng', 'Văn', 'Xuân'],
    ['Cầm Thị Ánh', 'Cầm Thị Ánh', 'Cầm', 'Thị', 'Ánh'],
    ['Tòng Văn Thưởng', 'Tòng Văn Thưởng', 'Tòng', 'Văn', 'Thưởng'],
    ['Vì Thị Ọm', 'Vì Thị Ọm', 'Vì', 'Thị', 'Ọm'],
    ['Điêu Chính Tươi', 'Điêu Chính Tươi', 'Điêu', 'Chính', 'Tươi'],
    ['Xa Thị Ính', 'Xa Thị Ính', 'Xa', 'Thị', 'Ính'],
    ['Bạc Cầm Khăm', 'Bạc Cầm Khăm', 'Bạc', 'Cầm', 'Khăm'],
    ['Lò Phong', 'Lò Phong', 'Lò', '', 'Phong'],
    // H'Mông: 'A' for boys, 'Thị' for girls, or none
    ['Giàng A Páo', 'Giàng A Páo', 'Giàng', 'A', 'Páo'],
    ['Sùng Thị Mỷ', 'Sùng Thị Mỷ', 'Sùng', 'Thị', 'Mỷ'],
    ['Mùa A Chứ', 'Mùa A Chứ', 'Mùa', 'A', 'Chứ'],
    ['Vàng Dế', 'Vàng Dế', 'Vàng', '', 'Dế'],
    ['Thào Thị Dua', 'Thào Thị Dua', 'Thào', 'Thị', 'Dua'],
    ['Lầu A Lử', 'Lầu A Lử', 'Lầu', 'A', 'Lử'],
    ['Hờ A Sình', 'Hờ A Sình', 'Hờ', 'A', 'Sình'],
    ['Giàng Páo', 'Giàng Páo', 'Giàng', '', 'Páo'],
    ['giàng a páo', 'Giàng A Páo', 'Giàng', 'A', 'Páo'],
    // Kinh: multi-syllable middles; 'Thị' as middle vs 'Thi' as given
    ['Nguyễn Minh Anh', 'Nguyễn Minh Anh', 'Nguyễn', 'Minh', 'Anh'],
    ['Trần Thị Thu Hà', 'Trần Thị Thu Hà', 'Trần', 'Thị Thu', 'Hà'],
    ['Nguyễn Ngọc Bảo Hân', 'Nguyễn Ngọc Bảo Hân', 'Nguyễn', 'Ngọc Bảo', 'Hân'],
    ['Lê Thi', 'Lê Thi', 'Lê', '', 'Thi'],
    ['Lê Thị Thi', 'Lê Thị Thi', 'Lê', 'Thị', 'Thi'],
    ['Phạm Thị Thuỷ', 'Phạm Thị Thủy', 'Phạm', 'Thị', 'Thủy'],
    // Mường
    ['Bùi Văn Hùng', 'Bùi Văn Hùng', 'Bùi', 'Văn', 'Hùng'],
    ['Đinh Thị Hoà', 'Đinh Thị Hòa', 'Đinh', 'Thị', 'Hòa'],
    ['Quách Thị Khoẻ', 'Quách Thị Khỏe', 'Quách', 'Thị', 'Khỏe'],
    // Dao
    ['Triệu Văn Quẩy', 'Triệu Văn Quẩy', 'Triệu', 'Văn', 'Quẩy'],
    ['Bàn Thị Mẩy', 'Bàn Thị Mẩy', 'Bàn', 'Thị', 'Mẩy'],
    ['Chảo Văn Phin', 'Chảo Văn Phin', 'Chảo', 'Văn', 'Phin'],
    ['Tẩn Thị Làn', 'Tẩn Thị Làn', 'Tẩn', 'Thị', 'Làn'],
    // Xinh Mun, Khơ Mú
    ['Lò Văn Ún', 'Lò Văn Ún', 'Lò', 'Văn', 'Ún'],
    ['Quàng Văn Pấng', 'Quàng Văn Pấng', 'Quàng', 'Văn', 'Pấng'],
  ];
  it.each(cases)('%j', (raw, canonical, family, middle, given) => {
    const p = parseName(raw);
    expect([p.canonical, p.family, p.middle, p.given]).toEqual([canonical, family, middle, given]);
    expect(p.tokens).toEqual(canonical.split(' '));
    expect(p.removed).toEqual([]);
  });
});

describe('parseName: how the same name arrives', () => {
  const cases: Array<[string, string]> = [
    ['LÒ VĂN PHONG', 'Lò Văn Phong'], // police lists
    ['lò văn phong', 'Lò Văn Phong'],
    ['  Lò   Văn  Phong ', 'Lò Văn Phong'],
    ['Lò\tVăn\u00a0Phong', 'Lò Văn Phong'],
    ['Lo\u0300 Va\u0306n Phong', 'Lò Văn Phong'], // NFD
    ['Lo\u0300 Thi\u0323 Hoa\u0300', 'Lò Thị Hòa'], // NFD and the modern tone placement
    ['NGUYỄN THỊ THUỶ', 'Nguyễn Thị Thủy'],
    ['Lò Thị Hòang', 'Lò Thị Hoàng'], // misplaced tone repaired
    ['Lo Van Phong', 'Lo Van Phong'], // no diacritics: nothing is invented
    ['LÒ VĂN\u200bPHONG', 'Lò Văn Phong'],
    ["H'MÔNG", "H'Mông"],
    ['H\u2019Hen Niê', "H'Hen Niê"], // typographic apostrophe
    ["'Lò Văn Phong'", 'Lò Văn Phong'], // quotes around the name
  ];
  it.each(cases)('%j → %j', (raw, canonical) => {
    expect(parseName(raw).canonical).toBe(canonical);
  });
});

describe('parseName: junk in real child records', () => {
  const cases: Array<[raw: string, canonical: string, removed: string[], flags: NameFlag[]]> = [
    ['Cháu Lò Văn Phong', 'Lò Văn Phong', ['Cháu'], ['junk-removed']],
    ['CHÁU LÒ VĂN PHONG', 'Lò Văn Phong', ['CHÁU'], ['junk-removed']],
    ['Bé Lò Thị Hoa', 'Lò Thị Hoa', ['Bé'], ['junk-removed']],
    ['Em Giàng A Páo', 'Giàng A Páo', ['Em'], ['junk-removed']],
    ['Cháu bé Lò Thị Hoa', 'Lò Thị Hoa', ['Cháu', 'bé'], ['junk-removed']],
    ['Bà Lò Thị Ơn', 'Lò Thị Ơn', ['Bà'], ['junk-removed']],
    ['Ông Lò Văn Ơn', 'Lò Văn Ơn', ['Ông'], ['junk-removed']],
    ['Ông Văn Tùng', 'Ông Văn Tùng', [], []], // Ông is also a family name
    ['Bế Văn Đàn', 'Bế Văn Đàn', [], []], // Bế is a family name, not 'Bé'
    ['Châu Thị Hoa', 'Châu Thị Hoa', [], []], // Châu is a family name, not 'Cháu'
    ['Lò Văn Phong (con)', 'Lò Văn Phong', ['(con)'], ['junk-removed']],
    ['Lò Thị Hoa (sinh đôi)', 'Lò Thị Hoa', ['(sinh đôi)'], ['junk-removed']],
    ['Lò Thị Hoa sinh đôi', 'Lò Thị Hoa', ['sinh đôi'], ['junk-removed']],
    ['Lò Thị Hoa SĐ', 'Lò Thị Hoa', ['SĐ'], ['junk-removed']],
    ['Lò Văn Phong con', 'Lò Văn Phong', ['con'], ['junk-removed']],
    ['Lò Thị Hoa [SL-0012]', 'Lò Thị Hoa', ['[SL-0012]'], ['junk-removed']],
    ['Lò Thị Hoa (', 'Lò Thị Hoa', ['('], ['junk-removed']],
    ['Lò Văn Phong con bà Lò Thị Hoa', 'Lò Văn Phong', ['con bà Lò Thị Hoa'], ['junk-removed']],
    ['Lò Văn Phong - con ông Lò Văn Ơn', 'Lò Văn Phong', ['-', 'con ông Lò Văn Ơn'], ['junk-removed']],
    ['LO VAN PHONG CON ONG LO VAN ON', 'Lo Van Phong', ['CON ONG LO VAN ON'], ['junk-removed']],
    ['Lò Văn Phong 123', 'Lò Văn Phong', ['123'], ['digits-removed']],
    ['Lò Văn Phong1', 'Lò Văn Phong', ['1'], ['digits-removed']],
    ['Lò Văn Phong TE001', 'Lò Văn Phong', ['TE001'], ['digits-removed']],
    ['Lò Văn Phong - 0123', 'Lò Văn Phong', ['-', '0123'], ['junk-removed', 'digits-removed']],
    ['1. Lò Văn Phong', 'Lò Văn Phong', ['1', '.'], ['junk-removed', 'digits-removed']],
    ['Lò Văn Phong.', 'Lò Văn Phong', ['.'], ['junk-removed']],
    ['Lò.Văn.Phong', 'Lò Văn Phong', ['.', '.'], ['junk-removed']],
    ['Lò Văn Phong -', 'Lò Văn Phong', ['-'], ['junk-removed']],
    ['"Lò Văn Phong"', 'Lò Văn Phong', ['"', '"'], ['junk-removed']],
    ['Lò Văn Phong; Lò Văn Phóng', 'Lò Văn Phong Lò Văn Phóng', [';'], ['junk-removed', 'very-long']],
  ];
  it.each(cases)('%j', (raw, canonical, removed, flags) => {
    const p = parseName(raw);
    expect(p.canonical).toBe(canonical);
    expect(p.removed).toEqual(removed);
    expect(p.flags).toEqual(flags);
  });
});

describe('parseName: children without a name yet', () => {
  const cases: Array<[string, string[]]> = [
    ['Con bà Lò Thị Hoa', ['Con bà Lò Thị Hoa']],
    ['con của chị Lò Thị Hoa', ['con của chị Lò Thị Hoa']],
    ['Chưa đặt tên', ['Chưa đặt tên']],
    ['CHUA DAT TEN', ['CHUA DAT TEN']],
    ['Không tên', ['Không tên']],
    ['Bé trai', ['Bé trai']],
    ['Bé gái con bà Lò Thị Hoa', ['con bà Lò Thị Hoa', 'Bé gái']],
    ['Cháu bé trai', ['Cháu', 'bé trai']],
    ['Trẻ sơ sinh', ['Trẻ sơ sinh']],
    ['Con', ['Con']],
  ];
  it.each(cases)('%j → empty, unnamed', (raw, removed) => {
    const p = parseName(raw);
    expect(p.canonical).toBe('');
    expect(p.tokens).toEqual([]);
    expect(p.removed).toEqual(removed);
    expect(p.flags).toEqual(['junk-removed', 'unnamed', 'empty']);
  });
});

describe('parseName: flags', () => {
  const cases: Array<[raw: string, canonical: string, flags: NameFlag[]]> = [
    ['', '', ['empty']],
    ['   ', '', ['empty']],
    ['-', '', ['junk-removed', 'empty']],
    ['123', '', ['digits-removed', 'empty']],
    ['()', '', ['junk-removed', 'empty']],
    ['Phong', 'Phong', ['single-token']],
    ['L? Văn Phong', 'L? Văn Phong', ['non-vietnamese-letters']], // kept: the letter is unknown
    ['Lò Văn Ph\ufffdng', 'Lò Văn Ph\ufffdng', ['non-vietnamese-letters']],
    ['Lò Văn Phöng', 'Lò Văn Phöng', ['non-vietnamese-letters']],
    ['Lò Văn ?', 'Lò Văn ?', ['non-vietnamese-letters']],
    ['Nguyễn Thị Thu Hà Lò Văn Phong', 'Nguyễn Thị Thu Hà Lò Văn Phong', ['very-long']],
    ['Nguyễn Hoàng Bảo Ngọc Anh', 'Nguyễn Hoàng Bảo Ngọc Anh', []],
  ];
  it.each(cases)('%j', (raw, canonical, flags) => {
    const p = parseName(raw);
    expect(p.canonical).toBe(canonical);
    expect(p.flags).toEqual(flags);
  });

  it('a one-token name is a given name', () => {
    const p = parseName('Phong');
    expect([p.family, p.middle, p.given]).toEqual(['', '', 'Phong']);
  });
});

describe('parseName never throws', () => {
  const inputs: unknown[] = [
    '((((', '????', '😀 Lò', '\u0000', 'a'.repeat(1000), ' - . , ', 'null', undefined, null, 123, '\u0301\u0301', "''''", 'Lò\u0301\u0301',
  ];
  it.each(inputs.map((x): [unknown] => [x]))('%j', (raw) => {
    const p = parseName(raw as string);
    expect(typeof p.canonical).toBe('string');
    expect(nameKeys(p).ascii).toBe(nameKeys(p).ascii);
  });
});

describe('nameKeys', () => {
  it('Lò Văn Phong', () => {
    expect(nameKeys(parseName('Lò Văn Phong'))).toEqual({
      ascii: 'lo van phong',
      familyAscii: 'lo',
      middleAscii: 'van',
      givenAscii: 'phong',
      sound: 'lo van fong',
      familySound: 'lo',
      givenSound: 'fong',
      noMiddleAscii: 'lo phong',
    });
  });
  const cases: Array<[raw: string, ascii: string, middleAscii: string, noMiddleAscii: string, sound: string]> = [
    ['Nguyễn Thị Thu Hà', 'nguyen thi thu ha', 'thi thu', 'nguyen ha', 'nguien thi thu ha'],
    ['Giàng A Páo', 'giang a pao', 'a', 'giang pao', 'zang a pau'],
    ['Vàng Thị Mỷ', 'vang thi my', 'thi', 'vang my', 'vang thi mi'],
    ['Điêu Chính Tươi', 'dieu chinh tuoi', 'chinh', 'dieu tuoi', 'zieu chinh tuoi'],
    ['Lò Phong', 'lo phong', '', 'lo phong', 'lo fong'],
    ['Phong', 'phong', '', 'phong', 'fong'],
    ["H'Hen Niê", 'hhen nie', '', 'hhen nie', 'hen nie'], // doubled letters collapse in the sound key
    ['', '', '', '', ''],
  ];
  it.each(cases)('%j', (raw, ascii, middleAscii, noMiddleAscii, sound) => {
    const k = nameKeys(parseName(raw));
    expect([k.ascii, k.middleAscii, k.noMiddleAscii, k.sound]).toEqual([ascii, middleAscii, noMiddleAscii, sound]);
  });

  const sameKeys: Array<[string, string]> = [
    ['LÒ VĂN PHONG', 'Lò Văn Phong'],
    ['Cháu Lò Văn Phong (con)', 'Lò Văn Phong'],
    ['Đinh Thị Hoà', 'Đinh Thị Hòa'],
    ['Lo\u0300 Va\u0306n Phong', 'Lò Văn Phong'],
  ];
  it.each(sameKeys)('%j has the keys of %j', (a, b) => {
    expect(nameKeys(parseName(a))).toEqual(nameKeys(parseName(b)));
  });

  const sameSound: Array<[string, string]> = [
    ['Xùng A Trứ', 'Sùng A Chứ'],
    ['Vàng Thị Mỉ', 'Vàng Thị Mỹ'],
    ['Thào Thị Giua', 'Thào Thị Dua'],
    ['Lò Văn Phong', 'Lo Van Phong'],
  ];
  it.each(sameSound)('%j sounds like %j', (a, b) => {
    expect(nameKeys(parseName(a)).sound).toBe(nameKeys(parseName(b)).sound);
  });

  it('works on a hand-built ParsedName too', () => {
    const p: ParsedName = { canonical: 'Lò Phong', family: 'Lò', middle: '', given: 'Phong', tokens: ['Lò', 'Phong'], removed: [], flags: [] };
    expect(nameKeys(p)).toEqual(nameKeys(parseName('Lò Phong')));
    expect(nameKeysUncached(parseName('Trần Thị Thu Hà'))).toEqual(nameKeys(parseName('Trần Thị Thu Hà')));
  });

  it('a copy that crossed a worker boundary (structured clone) gets the same keys', () => {
    const p = parseName('Sùng Thị Mỷ');
    expect(nameKeys(structuredClone(p))).toEqual(nameKeys(p));
  });
});

describe('memoization', () => {
  beforeEach(() => clearNameCaches());

  it('returns the same frozen object for the same input', () => {
    const a = parseName('Lò Văn Phong');
    expect(parseName('Lò Văn Phong')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.tokens)).toBe(true);
    expect(() => (a.tokens as string[]).push('x')).toThrow();
    expect(nameKeys(a)).toBe(nameKeys(a));
  });

  it('serialises to exactly the ParsedName fields', () => {
    expect(Object.keys(parseName('Lò Văn Phong')).sort()).toEqual(['canonical', 'family', 'flags', 'given', 'middle', 'removed', 'tokens']);
    expect(JSON.parse(JSON.stringify(parseName('Lò Văn Phong')))).toEqual({
      canonical: 'Lò Văn Phong', family: 'Lò', middle: 'Văn', given: 'Phong', tokens: ['Lò', 'Văn', 'Phong'], removed: [], flags: [],
    });
  });

  // The fast path (every word already known) must give what the full scan gives.
  const inputs = [
    'Lò Văn Phong', 'LÒ VĂN PHONG', 'Cháu Lò Văn Phong', 'Con bà Lò Thị Hoa', 'Lò Thị Hoa sinh đôi', 'Lò Thị Hoà',
    "H'Mông A Páo", 'L? Văn Phong', 'Bé trai', 'Phong', 'Lò Văn Phong con ông Lò Văn Ơn', 'Ông Văn Tùng',
  ];
  it.each(inputs)('cold and warm parses of %j agree', (raw) => {
    clearNameCaches();
    const cold = parseNameUncached(raw);
    for (const other of inputs) parseName(other); // fill the syllable memo
    const warm = parseNameUncached(raw);
    expect(warm).toEqual(cold);
    expect(nameKeys(warm)).toEqual(nameKeys(cold));
  });
});
