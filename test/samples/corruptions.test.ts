import { describe, expect, it } from 'vitest';
import { distance } from 'fastest-levenshtein';
import { Rng, WeightedPicker } from '../../samples/generator/prng.js';
import {
  extraSpaces, hasTonePlacementChoice, spellingVariant, swapTonePlacement, toNewTonePlacement, toOldTonePlacement,
  typo,
} from '../../samples/generator/corruptions.js';
import { encodeTcvn3Mojibake } from '../../samples/generator/tcvn3.js';
import {
  CitizenIdIssuer, centurySexDigit, digitTypo, excelDropLeadingZero, excelScientific, formatIdLoosely, transposeDigits,
} from '../../samples/generator/citizen-ids.js';
import { addYears, formatDate, fromDayNumber, parseIsoDay, toDayNumber } from '../../samples/generator/dates.js';

describe('tone placement', () => {
  it.each([
    ['Hòa', 'Hoà'],
    ['Lò Thị Thủy', 'Lò Thị Thuỷ'],
    ['Khỏe', 'Khoẻ'],
    ['Nguyễn Thúy', 'Nguyễn Thuý'],
    ['HÒA', 'HOÀ'],
    ['Đọa', 'Đoạ'],
  ])('old %s ↔ new %s', (oldStyle, newStyle) => {
    expect(toNewTonePlacement(oldStyle)).toBe(newStyle);
    expect(toOldTonePlacement(newStyle)).toBe(oldStyle);
    expect(swapTonePlacement(oldStyle)).toBe(newStyle);
    expect(swapTonePlacement(newStyle)).toBe(oldStyle);
    expect(hasTonePlacementChoice(oldStyle)).toBe(true);
  });

  it.each(['Hoàng', 'Quý', 'Thuyết', 'Toàn', 'Lò Văn Phong', 'Khoa'])('leaves %s alone (one placement only)', (s) => {
    expect(toNewTonePlacement(s)).toBe(s);
    expect(toOldTonePlacement(s)).toBe(s);
    expect(hasTonePlacementChoice(s)).toBe(false);
  });
});

describe('TCVN3 mojibake', () => {
  it.each([
    ['Lò Văn Phong', 'Lß V¨n Phong'],
    ['Lường Thị Xiêng', 'L\u00adêng ThÞ Xiªng'],
    ['Đinh', '§inh'],
    ['bản', 'b¶n'],
  ])('%s → %s', (unicode, tcvn3) => {
    expect(encodeTcvn3Mojibake(unicode)).toBe(tcvn3);
  });

  it('accepts NFD input', () => {
    expect(encodeTcvn3Mojibake('Lò Văn'.normalize('NFD'))).toBe('Lß V¨n');
  });
});

describe('typing noise', () => {
  it('a typo is one edit on a letter, never on a space', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 300; i++) {
      const s = 'Giàng A Páo';
      const t = typo(s, rng);
      expect(distance(s, t)).toBeGreaterThanOrEqual(1);
      expect(distance(s, t)).toBeLessThanOrEqual(1);
      expect(t.split(' ').length).toBe(3);
      expect(t.split(' ')[1]).toBe('A');
    }
  });

  it('extra spaces only add whitespace', () => {
    const rng = new Rng(2);
    for (let i = 0; i < 50; i++) {
      const t = extraSpaces('Lò Văn Phong', rng);
      expect(t).not.toBe('Lò Văn Phong');
      expect(t.replace(/\s+/g, ' ').trim()).toBe('Lò Văn Phong');
    }
  });

  it.each([
    ['Mỷ', ['Mỉ', 'Mỹ']],
    ['Sùng', ['Xùng']],
    ['Páo', ['Pao', 'Páu']],
    ['Chứ', ['Trứ', 'Chừ']],
    ['Dua', ['Giua']],
    ['Sang', ['Xang']],
    ['Ly', ['Li']],
    ['Chinh', ['Trinh']],
    ['Dinh', ['Ginh']],
    ['Dế', ['Dề', 'Giế']],
    ['Giàng', ['Dàng']],
    ['Gính', ['Dính']],
  ])('spelling variants of %s', (word, allowed) => {
    const rng = new Rng(3);
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) seen.add(spellingVariant(word, rng));
    for (const v of seen) expect([...allowed, word]).toContain(v);
    expect([...seen].some((v) => v !== word)).toBe(true);
  });

  it('returns the word when no variant exists', () => {
    expect(spellingVariant('Phong', new Rng(4))).toBe('Phong');
  });
});

describe('citizen IDs', () => {
  it('encodes century and sex in the 4th digit', () => {
    expect(centurySexDigit(2015, 0)).toBe(2);
    expect(centurySexDigit(2015, 1)).toBe(3);
    expect(centurySexDigit(1988, 0)).toBe(0);
    expect(centurySexDigit(1988, 1)).toBe(1);
  });

  it('issues unique, well-formed IDs', () => {
    const issuer = new CitizenIdIssuer();
    const rng = new Rng(5);
    const ids = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const id = issuer.issue(2016, 1, false, rng);
      expect(id).toMatch(/^0\d\d316\d{6}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(5000);
  });

  it('mangles IDs the way officers and Excel do', () => {
    const rng = new Rng(6);
    const id = '014215001234';
    for (let i = 0; i < 50; i++) {
      const t = digitTypo(id, rng);
      expect(t).toMatch(/^\d{12}$/);
      expect(distance(id, t)).toBe(1);
      const swapped = transposeDigits(id, rng);
      expect(swapped).not.toBe(id);
      expect([...swapped].sort().join('')).toBe([...id].sort().join(''));
      expect(formatIdLoosely(id, rng).replace(/[\s.']/g, '')).toBe(id);
    }
    expect(excelDropLeadingZero(id)).toBe('14215001234');
    expect(excelScientific(id)).toBe('1.42E+10');
  });
});

describe('dates', () => {
  it.each([
    ['dmy', '05/03/2015'],
    ['dmyUnpadded', '5/3/2015'],
    ['dmyShort', '5/3/15'],
    ['iso', '2015-03-05'],
    ['dashed', '05-03-2015'],
    ['dotted', '05.03.2015'],
    ['words', 'ngày 5 tháng 3 năm 2015'],
    ['excelSerial', '42068'],
  ] as const)('%s → %s', (format, expected) => {
    expect(formatDate(format, 2015, 3, 5)).toBe(expected);
  });

  it('round-trips day numbers and adds years', () => {
    const d = toDayNumber(2016, 2, 29);
    expect(fromDayNumber(d)).toEqual({ year: 2016, month: 2, day: 29 });
    expect(fromDayNumber(addYears(d, -16))).toEqual({ year: 2000, month: 2, day: 28 });
    expect(parseIsoDay('2026-06-30')).toBe(toDayNumber(2026, 6, 30));
    expect(() => parseIsoDay('2026-02-30')).toThrow();
  });
});

describe('seeded random numbers', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(seqA);
  });

  it('picks by weight', () => {
    const picker = new WeightedPicker(['a', 'b', 'c'], [70, 20, 10]);
    const rng = new Rng(7);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20000; i++) counts[picker.pick(rng) as 'a' | 'b' | 'c']++;
    expect(counts.a / 20000).toBeGreaterThan(0.67);
    expect(counts.a / 20000).toBeLessThan(0.73);
    expect(counts.c / 20000).toBeGreaterThan(0.08);
    expect(counts.c / 20000).toBeLessThan(0.12);
  });
});
