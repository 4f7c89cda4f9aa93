import { describe, expect, it } from 'vitest';
import {
  decodeTcvn3,
  decodeViqr,
  decodeVni,
  detectTextEncoding,
  encodeTcvn3,
  encodeUtf8Mojibake,
  encodeViqr,
  encodeVni,
  fieldRepairer,
  fixUtf8Mojibake,
  isVietnameseSyllable,
  nonAsciiVietnameseScore,
  repairText,
  vietnameseScore,
  type TextRepairKind,
} from '../../src/vietnamese/encoding.js';

// ---------------------------------------------------------------------------------------------
// Every Vietnamese letter: 12 vowels x 6 tones, both cases, plus đ/Đ.
// ---------------------------------------------------------------------------------------------

const TONE_MARKS = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const LOWER = [...VOWELS.flatMap((v) => TONE_MARKS.map((t) => (v + t).normalize('NFC'))), 'đ'];
const ALL_LETTERS = [...LOWER, ...LOWER.map((l) => l.toUpperCase())];
/** The letters no legacy form can write as plain ASCII (everything but a e i o u y). */
const NON_ASCII_LETTERS = ALL_LETTERS.filter((l) => l.charCodeAt(0) > 0x7f);

describe('the letter inventory used by the round trips', () => {
  it('has 146 distinct letters, 134 of them non-ASCII', () => {
    expect(new Set(ALL_LETTERS).size).toBe(146);
    expect(NON_ASCII_LETTERS).toHaveLength(134);
  });
});

type Codec = { name: string; encode: (s: string) => string; decode: (s: string) => string; identity: string[] };
const CODECS: Codec[] = [
  // TCVN3 byte 0xFD is ý, as in Latin-1; VNI bytes 0xEC/0xED/0xCC/0xCD are ì í Ì Í.
  { name: 'TCVN3', encode: encodeTcvn3, decode: decodeTcvn3, identity: ['ý'] },
  { name: 'VNI', encode: encodeVni, decode: decodeVni, identity: ['ì', 'í', 'Ì', 'Í'] },
  { name: 'VIQR', encode: encodeViqr, decode: decodeViqr, identity: [] },
  { name: 'UTF-8 mojibake', encode: encodeUtf8Mojibake, decode: (s) => fixUtf8Mojibake(s) ?? s, identity: [] },
];

describe.each(CODECS)('$name: every letter round-trips', ({ encode, decode, identity }) => {
  it.each(ALL_LETTERS)('%s', (letter) => {
    const garbled = encode(letter);
    if (letter.charCodeAt(0) > 0x7f) expect(garbled === letter).toBe(identity.includes(letter));
    expect(decode(garbled)).toBe(letter);
  });

  it.each(['a', 'e', 'o'])('a letter inside a word keeps its neighbours (x%sy / N%sN)', (v) => {
    for (const letter of ALL_LETTERS.filter((l) => l.normalize('NFD')[0].toLowerCase() === v)) {
      const word = `Th${letter}ng`;
      expect(decode(encode(word))).toBe(word);
    }
  });
});

describe('legacy forms are distinct per letter (no two letters share a garbled form)', () => {
  it.each(CODECS)('$name', ({ encode }) => {
    const forms = new Map<string, string>();
    for (const l of ALL_LETTERS) {
      const f = encode(l);
      expect(forms.get(f), `${l} and ${forms.get(f)} both encode to ${f}`).toBeUndefined();
      forms.set(f, l);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Real names as they appear garbled (literal strings, not produced by our encoders).
// ---------------------------------------------------------------------------------------------

// [Unicode, TCVN3 as Latin-1, VNI as cp1252, VIQR]
const NAMES: Array<[string, string, string, string]> = [
  ['Lò Văn Phong', 'Lß V¨n Phong', 'Loø Vaên Phong', 'Lo` Va(n Phong'],
  ['Lường Thị Hoa', 'L\u00adêng ThÞ Hoa', 'Löôøng Thò Hoa', 'Lu+o+`ng Thi. Hoa'],
  ['Giàng A Páo', 'Giµng A P¸o', 'Giaøng A Paùo', "Gia`ng A Pa'o"],
  ['Sùng Thị Mỷ', 'Sïng ThÞ Mû', 'Suøng Thò Myû', 'Su`ng Thi. My?'],
  ['Quàng Văn Đức', 'Quµng V¨n §øc', 'Quaøng Vaên Ñöùc', "Qua`ng Va(n DDu+'c"],
  ['Tòng Thị Xuân', 'Tßng ThÞ Xu©n', 'Toøng Thò Xuaân', 'To`ng Thi. Xua^n'],
  ['Xã Chiềng Mung', 'X· ChiÒng Mung', 'Xaõ Chieàng Mung', 'Xa~ Chie^`ng Mung'],
  ['Huyện Thuận Châu', 'HuyÖn ThuËn Ch©u', 'Huyeän Thuaän Chaâu', 'Huye^.n Thua^.n Cha^u'],
  ['Bản Nà Sản', 'B¶n Nµ S¶n', 'Baûn Naø Saûn', 'Ba?n Na` Sa?n'],
  ['Nguyễn Thị Hoa', 'NguyÔn ThÞ Hoa', 'Nguyeãn Thò Hoa', 'Nguye^~n Thi. Hoa'],
  ['Cầm Thị Duyên', 'CÇm ThÞ Duyªn', 'Caàm Thò Duyeân', 'Ca^`m Thi. Duye^n'],
  ['Điêu Chính Tươi', '§iªu ChÝnh T\u00ad¬i', 'Ñieâu Chính Töôi', "DDie^u Chi'nh Tu+o+i"],
  ['Vì Thị Ngọc', 'V× ThÞ Ngäc', 'Vì Thò Ngoïc', 'Vi` Thi. Ngo.c'],
  ['Thào A Vừ', 'Thµo A Võ', 'Thaøo A Vöø', 'Tha`o A Vu+`'],
  ['Mùa Thị Sểnh', 'Mïa ThÞ SÓnh', 'Muøa Thò Seånh', 'Mu`a Thi. Se^?nh'],
];

describe('literal TCVN3 (ABC) names', () => {
  it.each(NAMES)('%s <- %s', (unicode, tcvn3) => {
    expect(decodeTcvn3(tcvn3)).toBe(unicode);
    expect(encodeTcvn3(unicode)).toBe(tcvn3);
    expect(repairText(tcvn3)).toEqual({ text: unicode, kind: 'tcvn3', confident: true });
    expect(repairText(tcvn3, 'tcvn3')).toEqual({ text: unicode, kind: 'tcvn3', confident: true });
  });
});

describe('literal VNI-Windows names', () => {
  it.each(NAMES.map(([u, , v]) => [u, v]))('%s <- %s', (unicode, vni) => {
    expect(decodeVni(vni)).toBe(unicode);
    expect(encodeVni(unicode)).toBe(vni);
    expect(repairText(vni, 'vni')).toEqual({ text: unicode, kind: 'vni', confident: true });
  });

  // Without the file's kind, a VNI field is repaired when one of its words is garbled beyond doubt.
  it.each([
    ['Loø Vaên Phong', 'Lò Văn Phong'],
    ['Nguyeãn Thò Hoa', 'Nguyễn Thị Hoa'],
    ['Quaøng Vaên Ñöùc', 'Quàng Văn Đức'],
    ['Huyeän Thuaän Chaâu', 'Huyện Thuận Châu'],
    ['Giaøng A Paùo', 'Giàng A Páo'],
  ])('per field: %s', (vni, unicode) => {
    expect(repairText(vni)).toEqual({ text: unicode, kind: 'vni', confident: true });
  });
});

describe('literal VIQR names', () => {
  it.each(NAMES.map(([u, , , q]) => [u, q]))('%s <- %s', (unicode, viqr) => {
    expect(decodeViqr(viqr)).toBe(unicode);
    expect(encodeViqr(unicode)).toBe(viqr);
    expect(repairText(viqr)).toEqual({ text: unicode, kind: 'viqr', confident: true });
    expect(repairText(viqr, 'viqr')).toEqual({ text: unicode, kind: 'viqr', confident: true });
  });

  it.each([
    ["Nguye'^n", 'Nguyến'], // tone before the hat
    ['ddi', 'đi'],
    ['Ddinh', 'Đinh'],
    ['Hoa\\?', 'Hoa?'], // escaped mark stays a question mark
    ['dd\\d', 'đd'],
  ])('decodeViqr(%s) = %s', (viqr, unicode) => {
    expect(decodeViqr(viqr)).toBe(unicode);
  });

  it.each(['Hoa?', 'A.', 'Addison', "Nguyễn Văn A.", 'Tổ 3 - Bản Mé?', 'C:\\data\\x'])('escapes marks: %s round-trips', (s) => {
    expect(decodeViqr(encodeViqr(s))).toBe(s);
  });
});

describe('UTF-8 read as Windows-1252', () => {
  it.each([
    ['Nguyá»…n', 'Nguyễn'],
    ['LÃ² VÄƒn Phong', 'Lò Văn Phong'],
    ['LÆ°á»\u009dng Thá»‹ Hoa', 'Lường Thị Hoa'], // 0x9D undefined in cp1252: kept as U+009D
    ['QuÃ\u00a0ng VÄƒn Ä\u0090á»©c', 'Quàng Văn Đức'], // à = C3 A0 (NBSP); Đ = C4 90 (undefined)
    ['XÃ£ Chiá»\u0081ng Mung', 'Xã Chiềng Mung'],
  ])('%s -> %s', (garbled, unicode) => {
    expect(fixUtf8Mojibake(garbled)).toBe(unicode);
    expect(encodeUtf8Mojibake(unicode)).toBe(garbled);
    expect(repairText(garbled)).toEqual({ text: unicode, kind: 'utf8-mojibake', confident: true });
  });

  it('undoes two layers', () => {
    const twice = encodeUtf8Mojibake(encodeUtf8Mojibake('Sùng Thị Mỷ'));
    expect(fixUtf8Mojibake(twice)).toBe('Sùng Thị Mỷ');
  });

  it.each([
    'Nguyễn Văn Đức',
    'Giàng A Páo',
    'Hoàng Tú',
    'Lo Van Phong',
    ...NAMES.map((n) => n[1]),
    ...NAMES.map((n) => n[2]),
  ])('is null for text that is not mojibake: %s', (s) => {
    expect(fixUtf8Mojibake(s)).toBeNull();
  });

  it('a mojibake whose undefined bytes were lost is not guessed', () => {
    // "Chiềng" has byte 0x81, which some tools drop: the rest is not valid UTF-8 any more.
    const damaged = 'XÃ£ Chiá»ng Mung';
    expect(fixUtf8Mojibake(damaged)).toBeNull();
    expect(repairText(damaged)).toMatchObject({ text: damaged, confident: false });
  });
});

// ---------------------------------------------------------------------------------------------
// Things that must NOT be repaired
// ---------------------------------------------------------------------------------------------

const SON_LA_UNICODE = [
  'Lò Văn Phong',
  'Lường Thị Hoa',
  'Giàng A Páo',
  'Sùng Thị Mỷ',
  'Quàng Văn Đức',
  'Tòng Thị Xuân',
  'Xã Chiềng Mung',
  'Huyện Thuận Châu',
  'Bản Nà Sản',
  "H'Mông",
  'H’Mông',
  'Hoàng Tú',
  'Hà',
  'Mỷ',
  'Lò',
  'Hoà',
  'Thò',
  'Xã Mường Bú',
  'Phường Tô Hiệu',
  'Xã Chiềng Hặc',
  'Nậm ét',
  'Noong Lay',
  'Xinh Mun',
  'Khơ Mú',
  'Giàng Thị Dua, Bản Pá Ổ',
  'Số 5, tổ 3, Bản Nà Sản – Xã Mường Bú',
  'Lò Thị A.',
];

describe('genuine Unicode is never repaired', () => {
  it.each(SON_LA_UNICODE)('%s', (s) => {
    expect(repairText(s)).toEqual({ text: s, kind: 'none', confident: true });
  });

  it.each(['Lò Văn Phong', 'Quàng Văn Đức', 'Xã Chiềng Mung', 'Sùng Thị Mỷ'])('%s, even in a file said to be legacy', (s) => {
    for (const kind of ['tcvn3', 'vni', 'viqr', 'utf8-mojibake'] as TextRepairKind[]) {
      expect(repairText(s, kind)).toEqual({ text: s, kind: 'none', confident: true });
    }
  });

  it.each(['Giàng A Páo', 'Hoàng Tú', 'Bản Pá'])('%s in a TCVN3 file (the TCVN3 reading is not Vietnamese)', (s) => {
    expect(repairText(s, 'tcvn3')).toEqual({ text: s, kind: 'none', confident: true });
  });

  it('minority names in Vietnamese letters that no decoding explains are taken as written', () => {
    expect(repairText('Krông Klang')).toEqual({ text: 'Krông Klang', kind: 'none', confident: true });
  });
});

describe('plain ASCII is not legacy text', () => {
  it.each([
    'Lo Van Phong',
    'Giang A Pao',
    'Nguyen Van A.',
    "H'Mong",
    "Y'Ngong Nie",
    'Khong ro?',
    'Ban Na San, xa Chieng Mung',
    'A',
    'Ly',
    '05/03/2015',
    '014215001234',
    '5 tuoi',
    "O'Neil",
    '',
    '   ',
  ])('%j', (s) => {
    expect(repairText(s)).toEqual({ text: s, kind: 'none', confident: true });
  });
});

describe('normal forms', () => {
  it.each(['Nguyễn Văn Đức', 'Lường Thị Hoa', 'Giàng A Páo', 'Hoà'])('NFD %s -> NFC', (s) => {
    expect(repairText(s.normalize('NFD'))).toEqual({ text: s, kind: 'nfc', confident: true });
  });

  it('mixed NFC/NFD in one field', () => {
    const mixed = 'Lò ' + 'Văn'.normalize('NFD') + ' Phong';
    expect(repairText(mixed)).toEqual({ text: 'Lò Văn Phong', kind: 'nfc', confident: true });
  });

  it('NFD text in a file said to be TCVN3 is only normalised', () => {
    expect(repairText('Sùng Thị Mỷ'.normalize('NFD'), 'tcvn3')).toEqual({ text: 'Sùng Thị Mỷ', kind: 'nfc', confident: true });
  });
});

describe('short and ambiguous fields', () => {
  it.each([
    ['Lß', 'Lò', 'tcvn3'],
    ['Yù', 'Ý', 'vni'],
    ['Tuù', 'Tú', 'vni'],
    ['T\u00f3', 'T\u00f3', 'none'], // valid as written ("Tó"); TCVN3 would read "Tú": file context needed
  ] as Array<[string, string, TextRepairKind]>)('%s -> %s (%s)', (input, text, kind) => {
    expect(repairText(input)).toEqual({ text, kind, confident: true });
  });

  it('a field TCVN3 and VNI both explain is left alone and flagged', () => {
    // ñ is ủ in TCVN3 and đ in VNI: "ủa" and "đa" are both Vietnamese.
    expect(repairText('ña')).toEqual({ text: 'ña', kind: 'none', confident: false });
  });

  it('in a mixed file the file-level kind breaks the tie', () => {
    expect(repairText('ña', 'vni', { mixed: true })).toEqual({ text: 'đa', kind: 'vni', confident: true });
    expect(repairText('ña', 'tcvn3', { mixed: true })).toEqual({ text: 'ủa', kind: 'tcvn3', confident: true });
  });

  it('with the file kind, a field valid as written is still decoded (VNI "Thò" = Thị)', () => {
    expect(repairText('Thò')).toEqual({ text: 'Thò', kind: 'none', confident: true });
    expect(repairText('Thò', 'vni')).toEqual({ text: 'Thị', kind: 'vni', confident: true });
    expect(repairText('Tó', 'tcvn3')).toEqual({ text: 'Tú', kind: 'tcvn3', confident: true });
  });

  it('a Unicode typo that TCVN3 would "explain" is not guessed', () => {
    // "Phùc" (grave on a -c syllable) reads as TCVN3 "Phực"; nothing shows it is garbled.
    expect(repairText('Phùc')).toEqual({ text: 'Phùc', kind: 'none', confident: false });
  });

  it('garbage that no decoding explains is returned unchanged, not confident', () => {
    expect(repairText('L¸¸¸ qx§§')).toEqual({ text: 'L¸¸¸ qx§§', kind: 'none', confident: false });
    expect(repairText('Müller')).toMatchObject({ text: 'Müller', confident: false });
  });

  it('a field that contradicts the file kind falls back to detection', () => {
    // A VNI field inside a TCVN3 file: the TCVN3 reading breaks words, the VNI reading fixes them.
    expect(repairText('Nguyeãn Vaên Ñöùc', 'tcvn3')).toEqual({ text: 'Nguyễn Văn Đức', kind: 'vni', confident: true });
  });
});

describe('TCVN3 capitals', () => {
  it.each([
    ['Lß V¨N PHONG', 'LÒ VĂN PHONG'], // .VnTimeH: capitals typed, toned letters use lower-case codes
    ['NGUYÔN V¨N ®øC', 'NGUYỄN VĂN ĐỨC'],
    ['TÕ ©N', 'TẾ ÂN'], // a capital after a TCVN3 letter ("©N") marks the capital font
    ['B¸ Kú', 'Bá Kỳ'], // capitals only as initials: title case stays
    ['A¸nh', 'Ánh'], // base + lower-case tone convention
    ['\u0083nh', 'Ánh'], // TCVN 5712 VN1 capital read as Latin-1 (C1 control)
    ['ƒnh', 'Ánh'], // ... and as Windows-1252
    ['§inh', 'Đinh'],
    ['¡n', 'Ăn'],
  ])('decodeTcvn3(%s) = %s', (garbled, unicode) => {
    expect(decodeTcvn3(garbled)).toBe(unicode);
  });

  it('a capital-font field is repaired per field too', () => {
    expect(repairText('Lß V¨N PHONG')).toEqual({ text: 'LÒ VĂN PHONG', kind: 'tcvn3', confident: true });
    expect(repairText('MINH Lý', 'tcvn3')).toEqual({ text: 'MINH LÝ', kind: 'tcvn3', confident: true });
  });
});

describe('VNI typing variants', () => {
  it.each([
    ['NGUYEÃN VAÊN ÑÖÙC', 'NGUYỄN VĂN ĐỨC'],
    ['NguyeÃn', 'Nguyễn'], // modifier typed in the other case
    ['Hoaø', 'Hoà'],
    ['Ñöôøng', 'Đường'],
    ['Khuyeân', 'Khuyên'],
  ])('decodeVni(%s) = %s', (garbled, unicode) => {
    expect(decodeVni(garbled)).toBe(unicode);
  });
});

// ---------------------------------------------------------------------------------------------
// Syllables and scores
// ---------------------------------------------------------------------------------------------

describe('isVietnameseSyllable', () => {
  it.each([
    'Nguyễn', 'nghiêng', 'khuỷu', 'quốc', 'Quỳnh', 'giữa', 'gì', 'Đức', 'Ðức', 'xoong', 'Noọng', 'Páo', 'A', 'Y',
    'Mỷ', 'Chiềng', 'Mường', 'ét', 'Nguyen', 'Duc', 'Viet', 'Phong', 'NGUYỄN', 'Nguyễn'.normalize('NFD'),
  ])('valid: %s', (w) => {
    expect(isVietnameseSyllable(w)).toBe(true);
  });

  it.each(['Lß', 'Nguyeãn', 'Thònh', 'Phùc', 'Lộpp', 'H', 'xyz', 'Müller', 'tiõn', 'aa', 'ThÞ', 'Vaên', ''])('invalid: %s', (w) => {
    expect(isVietnameseSyllable(w)).toBe(false);
  });
});

describe('vietnameseScore', () => {
  it.each([
    ['Lò Văn Phong', 1],
    ['Lo Van Phong', 1],
    ["H'Mông", 1],
    ['Lß V¨n Phong', 1 / 3],
    ['Nguyeãn Thò Hoa', 2 / 3],
    ['', 0],
    ['12345 / 678', 0],
    ['xyz qwrt', 0],
  ] as Array<[string, number]>)('%j -> %d', (text, score) => {
    expect(vietnameseScore(text)).toBeCloseTo(score, 5);
  });

  it('nonAsciiVietnameseScore looks only at words with non-ASCII letters', () => {
    expect(nonAsciiVietnameseScore('Lß V¨n Phong')).toEqual({ score: 0, words: 2 });
    expect(nonAsciiVietnameseScore('Lò Văn Phong')).toEqual({ score: 1, words: 2 });
  });
});

// ---------------------------------------------------------------------------------------------
// File-level detection
// ---------------------------------------------------------------------------------------------

const CHILDREN: Array<[string, string, string]> = [
  ['Lò Văn Phong', 'Bản Nà Sản', 'Thái'],
  ['Lường Thị Hoa', 'Bản Hụm', 'Thái'],
  ['Giàng A Páo', 'Bản Pá Ổ', 'Mông'],
  ['Sùng Thị Mỷ', 'Bản Co Sản', 'Mông'],
  ['Quàng Văn Đức', 'Bản Mé', 'Thái'],
  ['Tòng Thị Xuân', 'Bản Huổi Một', 'Thái'],
  ['Cầm Văn Thắng', 'Tiểu khu 2', 'Thái'],
  ['Vì Thị Ngọc Ánh', 'Bản Lè', 'Thái'],
  ['Thào A Vừ', 'Bản Phiêng Cằm', 'Mông'],
  ['Mùa Thị Dua', 'Bản Kéo Bó', 'Mông'],
  ['Nguyễn Thị Hương', 'Tổ 5', 'Kinh'],
  ['Hoàng Văn Tú', 'Bản Bó', 'Kinh'],
  ['Đinh Thị Nga', 'Bản Chiềng', 'Mường'],
  ['Lầu A Chứ', 'Bản Nậm Giôn', 'Mông'],
  ['Điêu Chính Tươi', 'Bản Lướt', 'Thái'],
  ['Xa Văn Tiến', 'Bản Mòn', 'Khơ Mú'],
];
const CELLS = CHILDREN.flat();

function fileIn(encode: (s: string) => string): string[] {
  return CELLS.map(encode);
}

describe('detectTextEncoding', () => {
  it.each([
    ['tcvn3', encodeTcvn3],
    ['vni', encodeVni],
    ['viqr', encodeViqr],
    ['utf8-mojibake', encodeUtf8Mojibake],
  ] as Array<[TextRepairKind, (s: string) => string]>)('a %s file', (kind, encode) => {
    const d = detectTextEncoding(fileIn(encode));
    expect(d.kind).toBe(kind);
    expect(d.mixed).toBe(false);
    expect(d.confidence).toBeGreaterThan(0.8);
    // ...and every cell is then repaired exactly.
    for (const [i, cell] of fileIn(encode).entries()) expect(repairText(cell, d.kind).text).toBe(CELLS[i]);
  });

  it('a Unicode file', () => {
    expect(detectTextEncoding(CELLS)).toMatchObject({ kind: 'none', confidence: 1, mixed: false });
  });

  it('an NFD file', () => {
    expect(detectTextEncoding(CELLS.map((c) => c.normalize('NFD')))).toMatchObject({ kind: 'nfc', mixed: false });
  });

  it('an ASCII-only file (diacritics dropped) is not legacy', () => {
    const ascii = CELLS.map((c) => c.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D'));
    expect(detectTextEncoding(ascii)).toMatchObject({ kind: 'none', confidence: 1, mixed: false });
  });

  it('a file that mixes Unicode and TCVN3 rows is mixed, and per-field repair gets every cell right', () => {
    const cells = CELLS.map((c, i) => (Math.floor(i / 3) % 2 === 0 ? encodeTcvn3(c) : c));
    const d = detectTextEncoding(cells);
    expect(d).toMatchObject({ kind: 'tcvn3', mixed: true, tieBreak: 'tcvn3' });
    const repair = fieldRepairer(d);
    for (const [i, cell] of cells.entries()) expect(repair(cell).text).toBe(CELLS[i]);
  });

  it('a file that mixes TCVN3 and VNI rows is mixed; fields either reading explains stay unsure', () => {
    const cells = CELLS.map((c, i) => (Math.floor(i / 3) % 2 === 0 ? encodeTcvn3(c) : encodeVni(c)));
    const d = detectTextEncoding(cells);
    expect(d.mixed).toBe(true);
    expect(d.tieBreak).toBeUndefined();
    const repair = fieldRepairer(d);
    let unsure = 0;
    for (const [i, cell] of cells.entries()) {
      const r = repair(cell);
      if (r.confident) expect(r.text).toBe(CELLS[i]);
      else unsure++;
    }
    // "Tæ 5" is TCVN3 "Tổ 5" and VNI "Tỉ 5": it must not be guessed.
    expect(repair(encodeTcvn3('Tổ 5'))).toEqual({ text: 'Tæ 5', kind: 'none', confident: false });
    expect(unsure).toBeLessThan(cells.length / 10);
  });

  it('an unmixed file applies its kind to every field', () => {
    const d = detectTextEncoding(fileIn(encodeVni));
    const repair = fieldRepairer(d);
    expect(repair('Thò')).toEqual({ text: 'Thị', kind: 'vni', confident: true });
  });

  it('a mostly Unicode file with a few mojibake cells is mixed, not converted wholesale', () => {
    const cells = [...CELLS, ...CELLS, encodeUtf8Mojibake('Lò Văn Phong'), encodeUtf8Mojibake('Bản Mé')];
    const d = detectTextEncoding(cells);
    expect(d.mixed).toBe(true);
  });

  it('few fields give less confidence than many', () => {
    const one = detectTextEncoding([encodeTcvn3('Lò Văn Phong')]);
    const many = detectTextEncoding(fileIn(encodeTcvn3));
    expect(one.kind).toBe('tcvn3');
    expect(one.confidence).toBeLessThan(many.confidence);
  });

  it('no samples', () => {
    expect(detectTextEncoding([])).toMatchObject({ kind: 'none', confidence: 1, mixed: false });
    expect(detectTextEncoding(['', '  '])).toMatchObject({ kind: 'none', confidence: 1, mixed: false });
  });

  it('evidence holds counts only, never field content', () => {
    const d = detectTextEncoding(fileIn(encodeTcvn3));
    expect(d.evidence).toMatch(/tcvn3=\d+/);
    for (const cell of [...CELLS, ...fileIn(encodeTcvn3)]) {
      for (const word of cell.split(' ')) if (word.length > 3) expect(d.evidence).not.toContain(word);
    }
  });
});

describe('repairText results', () => {
  it('are memoised and frozen (callers cannot corrupt the cache)', () => {
    const a = repairText('Lß V¨n Phong');
    const b = repairText('Lß V¨n Phong');
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('the cache key includes the file kind', () => {
    expect(repairText('Thò', 'vni').text).toBe('Thị');
    expect(repairText('Thò').text).toBe('Thò');
  });
});

describe('cells that read as Vietnamese both as written and in the file legacy encoding', () => {
  // H'Mông names whose TCVN3 bytes, read as cp1252, are Vietnamese too; and Unicode names whose
  // letters all sit in Latin-1 and decode to other Vietnamese.
  it.each([
    ['Vừ A Dế', 'Võ A DÕ'],
    ['Vừ A Pó', 'Võ A Pã'],
    ['Hờ Xúa', 'Hê Xóa'],
    ['Vừ Dua', 'Võ Dua'],
  ])('TCVN3 of %s reads %s: in a mixed file it comes with the decoded reading', (unicode, garbled) => {
    expect(encodeTcvn3(unicode)).toBe(garbled);
    const r = repairText(garbled, 'tcvn3', { mixed: true });
    expect(r).toEqual({ text: garbled, kind: 'none', confident: true, alternative: { text: unicode, kind: 'tcvn3' } });
    // Without a legacy encoding in the file there is nothing to doubt.
    expect(repairText(garbled)).toEqual({ text: garbled, kind: 'none', confident: true });
    // In a file that is TCVN3 throughout it is decoded.
    expect(repairText(garbled, 'tcvn3')).toEqual({ text: unicode, kind: 'tcvn3', confident: true });
  });

  it.each([
    ['Giàng A Pó', 'decodes with odd capitals (GiỔng)'],
    ['Lò Văn Phong', 'has letters only Unicode has'],
    ['Bản Nà Sản', 'has letters only Unicode has'],
  ])('%s %s: no second reading', (text) => {
    expect(repairText(text, 'tcvn3', { mixed: true }).alternative).toBeUndefined();
  });

  it("TCVN3 'HM«ng' (H'Mông without its apostrophe) is repaired like 'M«ng' and \"H'M«ng\"", () => {
    expect(encodeTcvn3('HMông')).toBe('HM«ng');
    for (const [garbled, unicode] of [['HM«ng', 'HMông'], ['M«ng', 'Mông'], ["H'M«ng", "H'Mông"]]) {
      expect(repairText(garbled, 'tcvn3')).toEqual({ text: unicode, kind: 'tcvn3', confident: true });
    }
    expect(repairText('HM«ng', 'tcvn3', { mixed: true })).toEqual({ text: 'HMông', kind: 'tcvn3', confident: true });
    // The consonant alone is no evidence: a decoder must still explain a garbled letter.
    expect(repairText('HMong')).toEqual({ text: 'HMong', kind: 'none', confident: true });
  });
});
