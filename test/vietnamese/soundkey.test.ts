import { describe, expect, it } from 'vitest';
import { soundKey, soundKeyOfName } from '../../src/vietnamese/soundkey.js';
import { foldKey } from '../../src/vietnamese/text.js';

// Spellings of one name that must share a key.
const AGREE: string[][] = [
  ['Mỷ', 'Mỉ', 'Mỹ', 'My', 'Mi', 'MỸ', 'mị'], // i/y, tones
  ['Sùng', 'Xùng', 'Sung', 'XÙNG'], // s/x
  ['Dế', 'Dề', 'Giề', 'Giế', 'De'], // d/gi
  ['Páo', 'Pao', 'Páu', 'PÁO'], // ao/au
  ['Chứ', 'Trứ', 'Chừ', 'Chư'], // ch/tr
  ['Dua', 'Giua', 'Dúa', 'Giúa'], // d/gi before a vowel
  ['Sình', 'Xình', 'Sinh', 'Xinh'], // s/x
  ['Giàng', 'Dàng'], // gi/d
  ['Thào', 'Thàu'], // ao/au
  ['Lử', 'Lừ', 'Lữ'], // tones
  ['Vừ', 'Vư'],
  ['Súa', 'Xúa', 'Sua', 'Xua'],
  ['Say', 'Xay', 'Sai'], // s/x, ay/ai
  ['Chông', 'Trông'],
  ['Lầu', 'Lâu'],
  ['Khăm', 'Khằm', 'Khâm'], // breve and hat dropped
  ['Lường', 'Lương', 'Luong'],
  ['Quý', 'Quí', 'Quy'], // i/y after qu
  ['Phương', 'Fương'], // ph/f
  ['Kiên', 'Ciên'], // c/k
  ['Nghĩa', 'Ngĩa'], // ngh/ng
  ['Ghê', 'Gê'], // gh before e/ê/i
  ['Dinh', 'Ginh', 'Dình', 'Rinh'], // d/gi/r; 'gi' + consonant: the i is the vowel
  ['Điêu', 'Dieu', 'DIÊU'], // đ/d: what agrees without diacritics agrees here too
  ['Páoo', 'Pao'], // doubled letters
  ['Phongg', 'Phong'],
  ['Ly', 'Li', 'Lỳ', 'Lì'],
  ['Nủ', 'Nù', 'Nụ'],
];

describe('soundKey: spellings that must agree', () => {
  const cases = AGREE.map((group): [string, string[]] => [group.join('/'), group]);
  it.each(cases)('%s', (_label, group) => {
    const keys = group.map(soundKey);
    expect(new Set(keys).size).toBe(1);
  });
});

// Different names that must stay apart.
const DISAGREE: Array<[string, string]> = [
  ['Phong', 'Hoa'],
  ['Lò', 'Lường'],
  ['Giàng', 'Vàng'], // gi vs v
  ['Páo', 'Pó'],
  ['Hoàn', 'Hoàng'], // n/ng not merged
  ['Ín', 'Ính'], // n/nh not merged
  ['Phúc', 'Phút'], // c/t not merged
  ['Gia', 'Dia'], // gi+a vs d+ia
  ['Thào', 'Tào'], // th vs t
  ['Khua', 'Cua'], // kh vs k
  ['Giàng', 'Gàng'], // gi vs g
  ['Nhìa', 'Nìa'], // nh vs n
  ['Pàng', 'Bàng'], // p vs b
  ['Lò', 'Nò'],
  ['Mỷ', 'Mái'],
  ['Dua', 'Dia'],
  ['Sùng', 'Sông'],
  ['Vừ', 'Vì'],
  ['Chứ', 'Chi'],
  ['Xuân', 'Xuyên'],
  ['Thu', 'Thơ'],
  ['Hùng', 'Hương'],
  ['Tuấn', 'Tuôn'],
  ['Lan', 'Lành'],
];

describe('soundKey: names that must stay apart', () => {
  it.each(DISAGREE)('%s ≠ %s', (a, b) => {
    expect(soundKey(a)).not.toBe(soundKey(b));
  });
});

// The documented over-merges (docs/names.md): if a rule changes, this table and the doc change together.
const KNOWN_OVER_MERGES: Array<[string, string, string]> = [
  ['Sinh', 'Xinh', 's/x'],
  ['Sơn', 'Xơn', 's/x'],
  ['Châu', 'Trâu', 'ch/tr'],
  ['Trung', 'Chung', 'ch/tr'],
  ['Trinh', 'Chinh', 'ch/tr'],
  ['Đào', 'Giao', 'đ/d/gi'],
  ['Dung', 'Rung', 'd/r'],
  ['Mai', 'May', 'i/y'],
  ['Huy', 'Hui', 'i/y'],
  ['Lử', 'Lù', 'horn dropped'],
  ['Hùng', 'Hưng', 'horn dropped'],
  ['Tâm', 'Tám', 'hat dropped, tones ignored'],
  ['Hào', 'Hầu', 'ao/au'],
  ['Cao', 'Cau', 'ao/au'],
  ['Quang', 'Cuang', 'q/c'],
];

describe('soundKey: known over-merges (documented costs)', () => {
  it.each(KNOWN_OVER_MERGES)('%s = %s (%s)', (a, b) => {
    expect(soundKey(a)).toBe(soundKey(b));
  });
});

describe('soundKey: exact keys', () => {
  const cases: Array<[string, string]> = [
    ['Mỷ', 'mi'],
    ['Trứ', 'chu'],
    ['Giua', 'zua'],
    ['Gìn', 'zin'],
    ['Giàng', 'zang'],
    ['Phong', 'fong'],
    ['Quỳnh', 'kuinh'],
    ['Nguyễn', 'nguien'],
    ['Nghĩa', 'ngia'],
    ['Páo', 'pau'],
    ['Ánh', 'anh'],
    ['A', 'a'],
    ["H'Mông", 'hmong'],
    ['L?', 'l?'], // a lost letter is kept, never guessed
    ['', ''],
  ];
  it.each(cases)('%s → %s', (syllable, key) => {
    expect(soundKey(syllable)).toBe(key);
  });
});

describe('soundKey: tone-insensitive and normal-form-insensitive', () => {
  const words = ['Mua', 'Mùa', 'Múa', 'Mủa', 'Mũa', 'Mụa', 'MÙA', 'Mu\u0300a'];
  it.each(words)('%s → mua', (w) => {
    expect(soundKey(w)).toBe('mua');
  });
});

describe('soundKey: two spellings equal without diacritics have equal keys', () => {
  const words = [
    'Lò', 'Lộ', 'Lơ', 'Lường', 'Lương', 'Đinh', 'Dình', 'Hòa', 'Hoà', 'Thủy', 'Thuỷ', 'Thụy', 'Mỹ', 'My', 'Dế', 'Đế',
    'Giàng', 'Giảng', 'Sùng', 'Sừng', 'Vừ', 'Vũ', 'Thào', 'Thảo', 'Quỳnh', 'Quynh',
  ];
  it('ascii equal ⇒ sound equal', () => {
    for (const a of words) {
      for (const b of words) {
        if (foldKey(a) === foldKey(b)) expect([a, b, soundKey(a)]).toEqual([a, b, soundKey(b)]);
      }
    }
  });
});

describe('soundKeyOfName', () => {
  const cases: Array<[string, string]> = [
    ['Vàng Thị Mỷ', 'vang thi mi'],
    ['VÀNG  THỊ MỸ', 'vang thi mi'],
    ['Giàng A Páo', 'zang a pau'],
    ['Sùng A Chứ', 'sung a chu'],
    ['Lò Văn Phong', 'lo van fong'],
    ['Nguyễn Thị Thu Hà', 'nguien thi thu ha'],
    ['', ''],
  ];
  it.each(cases)('%j → %j', (name, key) => {
    expect(soundKeyOfName(name)).toBe(key);
  });
  it('agrees across the spellings of one H’Mông name', () => {
    expect(soundKeyOfName('Xùng A Trứ')).toBe(soundKeyOfName('Sùng A Chứ'));
    expect(soundKeyOfName('Giàng Thị Giua')).toBe(soundKeyOfName('Dàng Thị Dua'));
  });
});
