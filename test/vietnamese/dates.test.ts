import { describe, expect, it } from 'vitest';
import {
  ageRange,
  dateObjectToSimpleDate,
  detectDateOrder,
  excelSerialToDate,
  formatDateVi,
  isFutureDate,
  parseDate,
  simpleDateFromIso,
  type DateOrder,
  type SimpleDate,
} from '../../src/vietnamese/dates.js';
import type { DateFormat, DatePrecision, PartialDate } from '../../src/vietnamese/types.js';

const REF: SimpleDate = { year: 2026, month: 3, day: 15 };

function parsed(raw: string | number | Date | null | undefined, order: DateOrder = 'dmy', ref = REF): PartialDate {
  const r = parseDate(raw, { order, referenceDate: ref });
  if (!r.ok) throw new Error(`expected ${String(raw)} to parse, got: ${r.reason}`);
  return r.date;
}

function reasonOf(raw: string | number | Date | null | undefined, order: DateOrder = 'dmy'): string {
  const r = parseDate(raw, { order, referenceDate: REF });
  if (r.ok) throw new Error(`expected ${String(raw)} to fail, got ${r.date.iso}`);
  return r.reason;
}

/** [raw, iso, precision, format, placeholder] */
type Case = [string | number, string, DatePrecision, DateFormat, boolean];

describe('parseDate: accepted forms (day-first files)', () => {
  const cases: Case[] = [
    // dd/mm/yyyy and its separators
    ['05/03/2015', '2015-03-05', 'day', 'dmy', false],
    ['5/3/2015', '2015-03-05', 'day', 'dmy', false],
    ['25/12/2019', '2019-12-25', 'day', 'dmy', false],
    ['05-03-2015', '2015-03-05', 'day', 'dmy', false],
    ['05.03.2015', '2015-03-05', 'day', 'dmy', false],
    [' 05 / 03 / 2015 ', '2015-03-05', 'day', 'dmy', false],
    ['05 03 2015', '2015-03-05', 'day', 'dmy', false],
    ["'05/03/2015", '2015-03-05', 'day', 'dmy', false],
    ['05/03/2015 00:00:00', '2015-03-05', 'day', 'dmy', false],
    // d/m/yy: pivot on the reference year (2026)
    ['5/3/15', '2015-03-05', 'day', 'dmy-short-year', false],
    ['05/03/26', '2026-03-05', 'day', 'dmy-short-year', false],
    ['5/3/27', '1927-03-05', 'day', 'dmy-short-year', false],
    ['5/3/30', '1930-03-05', 'day', 'dmy-short-year', false],
    ['5/3/99', '1999-03-05', 'day', 'dmy-short-year', false],
    ['5/3/00', '2000-03-05', 'day', 'dmy-short-year', false],
    // ISO and year-first
    ['2015-03-05', '2015-03-05', 'day', 'iso', false],
    ['2015-03-05T00:00:00', '2015-03-05', 'day', 'iso', false],
    ['2015-03-05T00:00:00.000Z', '2015-03-05', 'day', 'iso', false],
    ['2015-03-05 07:30', '2015-03-05', 'day', 'iso', false],
    ['2015/03/05', '2015-03-05', 'day', 'iso', false],
    ['2015.3.5', '2015-03-05', 'day', 'iso', false],
    // yyyymmdd and separator-less ddmmyyyy
    ['20150305', '2015-03-05', 'day', 'compact', false],
    ['05032015', '2015-03-05', 'day', 'dmy', false],
    // Excel serials as text (CSV) and as numbers (XLSX)
    ['42068', '2015-03-05', 'day', 'excel-serial', false],
    ['42068.0', '2015-03-05', 'day', 'excel-serial', false],
    ['42068.75', '2015-03-05', 'day', 'excel-serial', false],
    [42068, '2015-03-05', 'day', 'excel-serial', false],
    [43890, '2020-02-29', 'day', 'excel-serial', false],
    [36526.5, '2000', 'year', 'excel-serial', true],
    [2015, '2015', 'year', 'year', false],
    [20150305, '2015-03-05', 'day', 'compact', false],
    // words, with and without diacritics, any case
    ['ngày 5 tháng 3 năm 2015', '2015-03-05', 'day', 'words', false],
    ['Ngày 05 Tháng 03 Năm 2015', '2015-03-05', 'day', 'words', false],
    ['NGÀY 5 THÁNG 3 NĂM 2015', '2015-03-05', 'day', 'words', false],
    ['ngay 05 thang 03 nam 2015', '2015-03-05', 'day', 'words', false],
    ['5 tháng 3 năm 2015', '2015-03-05', 'day', 'words', false],
    ['ngày 5, tháng 3, năm 2015', '2015-03-05', 'day', 'words', false],
    ['ngày 05/03/2015', '2015-03-05', 'day', 'dmy', false],
    ['sinh ngày 05/03/2015', '2015-03-05', 'day', 'dmy', false],
    // month and year
    ['tháng 3/2015', '2015-03', 'month', 'month-year', false],
    ['Tháng 03 năm 2015', '2015-03', 'month', 'month-year', false],
    ['thang 3-2015', '2015-03', 'month', 'month-year', false],
    ['03/2015', '2015-03', 'month', 'month-year', false],
    ['3/2015', '2015-03', 'month', 'month-year', false],
    ['3-2015', '2015-03', 'month', 'month-year', false],
    ['T3/2015', '2015-03', 'month', 'month-year', false],
    ['t03/2015', '2015-03', 'month', 'month-year', false],
    ['2015-03', '2015-03', 'month', 'month-year', false],
    ['00/2015', '2015', 'year', 'month-year', true],
    // year only
    ['2015', '2015', 'year', 'year', false],
    ['năm 2015', '2015', 'year', 'year', false],
    ['Năm sinh: 2015', '2015', 'year', 'year', false],
    ['nam 2015', '2015', 'year', 'year', false],
    ['2015.0', '2015', 'year', 'year', false],
    // placeholders: weak evidence
    ['01/01/2015', '2015', 'year', 'dmy', true],
    ['1/1/2015', '2015', 'year', 'dmy', true],
    ['00/00/2015', '2015', 'year', 'dmy', true],
    ['0/0/2015', '2015', 'year', 'dmy', true],
    ['00/03/2015', '2015-03', 'month', 'dmy', true],
    ['2015-01-01', '2015', 'year', 'iso', true],
    ['2015-00-00', '2015', 'year', 'iso', true],
    ['20150300', '2015-03', 'month', 'compact', true],
    ['ngày 1 tháng 1 năm 2015', '2015', 'year', 'words', true],
    // leap years
    ['29/02/2016', '2016-02-29', 'day', 'dmy', false],
    ['29/02/2000', '2000-02-29', 'day', 'dmy', false],
    ['28/02/2015', '2015-02-28', 'day', 'dmy', false],
    ['31/12/2015', '2015-12-31', 'day', 'dmy', false],
    // future dates parse; isFutureDate flags them
    ['05/03/2027', '2027-03-05', 'day', 'dmy', false],
  ];
  it.each(cases)('%s → %s', (raw, iso, precision, format, placeholder) => {
    const d = parsed(raw);
    expect(d).toMatchObject({ iso, precision, format, placeholder });
    expect(d.fromAge).toBeUndefined();
  });

  it('keeps year/month/day fields consistent with the precision', () => {
    expect(parsed('05/03/2015')).toMatchObject({ year: 2015, month: 3, day: 5 });
    const m = parsed('03/2015');
    expect([m.year, m.month, m.day]).toEqual([2015, 3, undefined]);
    const y = parsed('01/01/2015');
    expect([y.year, y.month, y.day]).toEqual([2015, undefined, undefined]);
  });
});

describe('parseDate: month-first files', () => {
  const cases: Array<[string, string, DateFormat]> = [
    ['03/25/2015', '2015-03-25', 'mdy'],
    ['3/25/2015', '2015-03-25', 'mdy'],
    ['3/5/2015', '2015-03-05', 'mdy'],
    ['3/25/15', '2015-03-25', 'mdy'],
    ['3/25/2015 12:00:00 AM', '2015-03-25', 'mdy'],
    ['2015-03-25', '2015-03-25', 'iso'],
  ];
  it.each(cases)('%s → %s', (raw, iso, format) => {
    expect(parsed(raw, 'mdy')).toMatchObject({ iso, format, precision: 'day' });
  });

  it('reads 03/25/2015 as an error in a day-first file, hinting at the order', () => {
    expect(reasonOf('03/25/2015', 'dmy')).toBe('month 25 is not a month; the file may be month-first');
  });
  it('reads 25/03/2015 as an error in a month-first file, hinting at the order', () => {
    expect(reasonOf('25/03/2015', 'mdy')).toBe('month 25 is not a month; the file may be day-first');
  });
  it('defaults to day-first', () => {
    expect(parseDate('05/03/2015', { referenceDate: REF })).toMatchObject({ ok: true, date: { iso: '2015-03-05' } });
  });
});

describe('parseDate: ages ("date of birth or estimated age")', () => {
  const cases: Array<[string, string, DatePrecision]> = [
    ['5 tuổi', '2021', 'year'],
    ['5 tuoi', '2021', 'year'],
    ['5tuổi', '2021', 'year'],
    ['5 TUỔI', '2021', 'year'],
    ['khoảng 5 tuổi', '2021', 'year'],
    ['0 tuổi', '2026', 'year'],
    ['15 tuổi', '2011', 'year'],
    ['8 tháng', '2025-07', 'month'],
    ['8 tháng tuổi', '2025-07', 'month'],
    ['2 tháng tuổi', '2026-01', 'month'],
    ['1 tuổi 6 tháng', '2024-09', 'month'],
    ['sơ sinh', '2026-03', 'month'],
  ];
  it.each(cases)('%s → %s', (raw, iso, precision) => {
    expect(parsed(raw)).toMatchObject({ iso, precision, format: 'age', placeholder: true, fromAge: true });
  });
  it('uses the reference date, not the clock', () => {
    expect(parsed('5 tuổi', 'dmy', { year: 2030, month: 1, day: 1 }).year).toBe(2025);
  });
  it('rejects implausible ages', () => {
    expect(reasonOf('150 tuổi')).toBe('age 150 is not plausible');
  });
});

describe('parseDate: impossible and unrecognised values', () => {
  const cases: Array<[string | number, string]> = [
    ['31/04/2015', 'day 31 does not exist in month 4'],
    ['31/06/2015', 'day 31 does not exist in month 6'],
    ['30/02/2016', 'day 30 does not exist in month 2'],
    ['29/02/2015', 'day 29 does not exist in month 2 of 2015 (not a leap year)'],
    ['29/02/1900', 'day 29 does not exist in month 2 of 1900 (not a leap year)'],
    ['2015-02-29', 'day 29 does not exist in month 2 of 2015 (not a leap year)'],
    ['15/13/2015', 'month 13 is not a month'],
    ['32/01/2015', 'day 32 is not a day'],
    ['15/00/2015', 'month 0 is not a month'],
    ['05/03/1850', 'year 1850 is out of range (1900-2099)'],
    ['1850', 'year 1850 is out of range (1900-2099)'],
    ['05/03/2150', 'year 2150 is out of range (1900-2099)'],
    ['13/2015', 'month 13 is not a month'],
    ['ngày 31 tháng 4 năm 2015', 'day 31 does not exist in month 4'],
    ['20151305', 'month 13 is not a month'],
    [60, "Excel serial 60 is 29 February 1900, a date that does not exist (Excel's 1900 leap-year bug)"],
    ['5', "the number 5 is not a date (an age must be written like '5 tuổi')"],
    [5, "the number 5 is not a date (too small for an Excel date serial; an age must be written like '5 tuổi')"],
    ['99999', 'year 2173 is out of range (1900-2099) (as an Excel date serial)'],
  ];
  it.each(cases)('%s → %s', (raw, reason) => {
    expect(reasonOf(raw)).toBe(reason);
  });

  const garbage = ['abc', 'tháng 3', '05/03', '123456', '5/3/215', 'Nguyễn Văn A', '2015-2016'];
  it.each(garbage)('rejects %s as not a date', (raw) => {
    const r = parseDate(raw, { referenceDate: REF });
    expect(r).toMatchObject({ ok: false, empty: false });
    if (!r.ok) expect(r.reason).toMatch(/^not a recognised date|is not a date/);
  });

  it('never repeats the value in the reason', () => {
    expect(reasonOf('Nguyễn Văn A')).not.toContain('Nguyễn');
  });
});

describe('parseDate: empty and unknown', () => {
  const empties: Array<string | number | null | undefined> = [
    null, undefined, '', '   ', '-', 'Không rõ', 'khong ro', 'chưa rõ', 0,
    // "no date" fillers of other systems
    '00/00/0000', '0000-00-00', '00000000', '0001-01-01', '1900-01-01', '01/01/1900', '1900-01-01 00:00:00.000',
  ];
  it.each(empties)('%s is empty', (raw) => {
    expect(parseDate(raw, { referenceDate: REF })).toMatchObject({ ok: false, empty: true });
  });
});

describe('parseDate: JS Date cells from XLSX readers', () => {
  it('reads a UTC-midnight Date (exceljs)', () => {
    expect(parsed(new Date(Date.UTC(2015, 2, 5)))).toMatchObject({ iso: '2015-03-05', format: 'excel-serial' });
  });
  it('reads a local-midnight Date in UTC+7 (SheetJS cellDates)', () => {
    expect(parsed(new Date('2015-03-05T00:00:00+07:00'))).toMatchObject({ iso: '2015-03-05' });
  });
  it('reads a local-midnight Date in UTC-5', () => {
    expect(parsed(new Date('2015-03-05T00:00:00-05:00'))).toMatchObject({ iso: '2015-03-05' });
  });
  it('reads Excel day 0 (1899-12-30) as no date', () => {
    expect(parseDate(new Date(Date.UTC(1899, 11, 30)), { referenceDate: REF })).toMatchObject({ ok: false, empty: true });
  });
  it('rejects an invalid Date', () => {
    expect(reasonOf(new Date(Number.NaN))).toBe('invalid date value');
  });
  it('dateObjectToSimpleDate returns null for an invalid Date', () => {
    expect(dateObjectToSimpleDate(new Date('x'))).toBeNull();
  });
});

describe('parseDate: cache', () => {
  it('returns frozen results, shared between calls', () => {
    const a = parseDate('05/03/2015', { referenceDate: REF });
    const b = parseDate('05/03/2015', { referenceDate: REF });
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
    if (a.ok) expect(Object.isFrozen(a.date)).toBe(true);
  });
  it('keys the cache by order and reference date', () => {
    expect(parsed('5/3/2015', 'mdy').iso).toBe('2015-05-03');
    expect(parsed('5/3/2015', 'dmy').iso).toBe('2015-03-05');
    expect(parsed('5 tuổi', 'dmy', { year: 2020, month: 6, day: 1 }).iso).toBe('2015');
    expect(parsed('5 tuổi', 'dmy', REF).iso).toBe('2021');
  });
});

describe('excelSerialToDate (1900 date system)', () => {
  const cases: Array<[number, SimpleDate]> = [
    [1, { year: 1900, month: 1, day: 1 }],
    [59, { year: 1900, month: 2, day: 28 }],
    [60, { year: 1900, month: 2, day: 29 }], // Lotus 1-2-3 bug: a day that never existed
    [61, { year: 1900, month: 3, day: 1 }],
    [36526, { year: 2000, month: 1, day: 1 }],
    [42064, { year: 2015, month: 3, day: 1 }],
    [43890, { year: 2020, month: 2, day: 29 }],
    [46096, { year: 2026, month: 3, day: 15 }],
    [73050, { year: 2099, month: 12, day: 31 }],
    [42068.99, { year: 2015, month: 3, day: 5 }],
  ];
  it.each(cases)('%d → %o', (serial, date) => {
    expect(excelSerialToDate(serial)).toEqual(date);
  });
  it('agrees with Date arithmetic from 1899-12-30 for every day of 2000-2030', () => {
    for (let serial = 36526; serial <= 47483; serial++) {
      const d = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
      expect(excelSerialToDate(serial)).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
    }
  });
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('throws for %d', (serial) => {
    expect(() => excelSerialToDate(serial)).toThrow(RangeError);
  });
});

describe('detectDateOrder', () => {
  it('finds a day-first file', () => {
    expect(detectDateOrder(['25/03/2015', '05/03/2015', '13/1/2016', 'abc'])).toEqual({
      order: 'dmy', ambiguous: false, dmyOnly: 2, mdyOnly: 0, either: 1,
    });
  });
  it('finds a month-first file', () => {
    expect(detectDateOrder(['03/25/2015', '12/31/2016 12:00:00 AM', '01/02/2015'])).toEqual({
      order: 'mdy', ambiguous: false, dmyOnly: 0, mdyOnly: 2, either: 1,
    });
  });
  it('is ambiguous with only either-way values, and defaults to day-first', () => {
    expect(detectDateOrder(['05/03/2015', '1/2/15'])).toEqual({ order: 'dmy', ambiguous: true, dmyOnly: 0, mdyOnly: 0, either: 2 });
  });
  it('is ambiguous with no values', () => {
    expect(detectDateOrder([])).toMatchObject({ order: 'dmy', ambiguous: true, either: 0 });
  });
  it('is ambiguous with both kinds, and goes with the majority', () => {
    expect(detectDateOrder(['03/25/2015', '04/26/2015', '25/03/2015'])).toMatchObject({ order: 'mdy', ambiguous: true, dmyOnly: 1, mdyOnly: 2 });
    expect(detectDateOrder(['03/25/2015', '25/03/2015'])).toMatchObject({ order: 'dmy', ambiguous: true });
  });
  it('ignores ISO, serials, words and impossible values', () => {
    expect(detectDateOrder(['2015-03-25', '42068', 'ngày 25 tháng 3 năm 2015', '31/31/2015', '29/02/2015'])).toMatchObject({
      dmyOnly: 0, mdyOnly: 0, either: 0,
    });
  });
  it('counts 31/04 as neither (invalid both ways) and 31/01 as day-first', () => {
    expect(detectDateOrder(['31/04/2015', '31/01/2015'])).toMatchObject({ dmyOnly: 1, mdyOnly: 0, either: 0 });
  });
  it('accepts any iterable', () => {
    expect(detectDateOrder(new Set(['25/03/2015'])).dmyOnly).toBe(1);
  });
});

describe('ageRange', () => {
  const cases: Array<[string, SimpleDate, number, number]> = [
    ['15/03/2016', REF, 10, 10], // birthday today
    ['16/03/2016', REF, 9, 9], // birthday tomorrow
    ['14/03/2016', REF, 10, 10],
    ['29/02/2012', { year: 2025, month: 2, day: 28 }, 12, 12], // leap-day birthday on 1 March in common years
    ['29/02/2012', { year: 2025, month: 3, day: 1 }, 13, 13],
    ['03/2016', REF, 9, 10], // month precision, reference inside the month
    ['02/2016', REF, 10, 10],
    ['04/2016', REF, 9, 9],
    ['2016', REF, 9, 10],
    ['01/01/2010', REF, 15, 16], // placeholder → year precision → a range
    ['5 tuổi', REF, 4, 5],
    ['05/03/2027', REF, -1, -1],
  ];
  it.each(cases)('%s at %o → %d..%d', (raw, ref, min, max) => {
    expect(ageRange(parsed(raw, 'dmy', ref), ref)).toEqual({ min, max });
  });
  it('flags the over-age boundary (16 at the reference date)', () => {
    expect(ageRange(parsed('15/03/2010'), REF).min).toBe(16);
    expect(ageRange(parsed('16/03/2010'), REF).min).toBe(15);
  });
});

describe('isFutureDate', () => {
  const cases: Array<[string, boolean]> = [
    ['15/03/2026', false],
    ['16/03/2026', true],
    ['14/03/2026', false],
    ['03/2026', false],
    ['04/2026', true],
    ['2026', false],
    ['2027', true],
    ['01/01/2027', true],
    ['31/12/2025', false],
  ];
  it.each(cases)('%s → %s', (raw, future) => {
    expect(isFutureDate(parsed(raw), REF)).toBe(future);
  });
});

describe('formatDateVi', () => {
  const cases: Array<[string, string]> = [
    ['2015-03-05', '05/03/2015'],
    ['5/12/2015', '05/12/2015'],
    ['3/2015', '03/2015'],
    ['2015', '2015'],
    ['01/01/2015', '2015'],
    ['00/11/2015', '11/2015'],
  ];
  it.each(cases)('%s → %s', (raw, text) => {
    expect(formatDateVi(parsed(raw))).toBe(text);
  });
});

describe('simpleDateFromIso', () => {
  it('parses real dates and rejects others', () => {
    expect(simpleDateFromIso('2026-03-15')).toEqual(REF);
    expect(simpleDateFromIso('2026-02-29')).toBeNull();
    expect(simpleDateFromIso('15/03/2026')).toBeNull();
  });
});
