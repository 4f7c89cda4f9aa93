// Birth dates as they appear in Vietnamese child records: dd/mm/yyyy and its variants, ISO, Excel
// serial numbers and Date cells, "ngày 5 tháng 3 năm 2015", month/year, year only and ages ("5 tuổi").
// The result keeps how precisely the date is known and flags placeholders (01/01/yyyy, 00/00/yyyy,
// dates derived from an age) as weak evidence. Pure functions; the only state is a bounded memo cache.
import { collapseSpaces, stripDiacritics } from './text.js';
import { StringMemo } from './string-memo.js';
import type { DateFormat, DateParseResult, DatePrecision, PartialDate } from './types.js';

export type DateOrder = 'dmy' | 'mdy';

export interface SimpleDate {
  year: number;
  month: number;
  day: number;
}

export interface DateParseOptions {
  /** Order of day and month in numeric dates with the year last. Default 'dmy' (Vietnamese usage). */
  order?: DateOrder;
  /** "Today" of the run: ages ("5 tuổi") and two-digit years are resolved against it. */
  referenceDate: SimpleDate;
}

/** Birth years outside this range are rejected: they are typing errors, not children. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2099;
/** Excel serials accepted as dates: 10000 = 1927-05-18 … 73050 = 2099-12-31 (plausible birth dates). */
export const MIN_EXCEL_SERIAL = 10000;
export const MAX_EXCEL_SERIAL = 73050;
/** Ages above this are not plausible and are rejected ("150 tuổi"). */
const MAX_AGE_YEARS = 120;

const MS_PER_DAY = 86_400_000;
/** Days from 1899-12-30 (Excel's effective day 0 for serials ≥ 61) to 1970-01-01. */
const EXCEL_EPOCH_OFFSET = 25569;

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic (no Date objects on the hot path)

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1];
}

/** Civil date of a day count since 1970-01-01 (H. Hinnant's algorithm; proleptic Gregorian). */
function civilFromDays(days: number): SimpleDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/**
 * Converts an Excel serial (1900 date system) to the calendar date Excel shows for it.
 * Excel inherited Lotus 1-2-3's bug of treating 1900 as a leap year: serial 60 is the non-existent
 * 29 February 1900 (returned as such; parseDate rejects it), serials 1-59 are 1900-01-01..1900-02-28,
 * and from 61 on every serial is one day "late", i.e. day 0 is effectively 1899-12-30.
 * A fractional part (time of day) is ignored. Throws RangeError below 1 or for non-finite input.
 */
export function excelSerialToDate(serial: number): SimpleDate {
  if (!Number.isFinite(serial) || serial < 1) throw new RangeError('Excel serial must be a finite number ≥ 1');
  const whole = Math.floor(serial);
  if (whole === 60) return { year: 1900, month: 2, day: 29 };
  return civilFromDays(whole < 60 ? whole - EXCEL_EPOCH_OFFSET + 1 : whole - EXCEL_EPOCH_OFFSET);
}

/**
 * Calendar date of a JS Date from a spreadsheet library. Libraries build date cells at UTC midnight
 * (exceljs) or at local midnight (SheetJS with cellDates), so the instant is rounded to the nearest
 * UTC midnight: correct for either convention in any time zone within ±12 h.
 */
export function dateObjectToSimpleDate(d: Date): SimpleDate | null {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return null;
  return civilFromDays(Math.round(ms / MS_PER_DAY));
}

/** Parses 'yyyy-mm-dd' (e.g. the config's referenceDate); null when it is not a real date. */
export function simpleDateFromIso(iso: string): SimpleDate | null {
  const m = ISO_DAY_RE.exec(iso);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}
const ISO_DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Building results

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

function fail(reason: string): DateParseResult {
  return { ok: false, empty: false, reason };
}

function ok(
  year: number,
  month: number | undefined,
  day: number | undefined,
  precision: DatePrecision,
  format: DateFormat,
  placeholder: boolean,
  fromAge = false,
): DateParseResult {
  const iso =
    precision === 'day'
      ? `${year}-${pad2(month as number)}-${pad2(day as number)}`
      : precision === 'month'
        ? `${year}-${pad2(month as number)}`
        : String(year);
  const date: PartialDate = { year, precision, iso, placeholder, format };
  if (precision !== 'year') date.month = month;
  if (precision === 'day') date.day = day;
  if (fromAge) date.fromAge = true;
  return { ok: true, date };
}

function yearOutOfRange(year: number): string {
  return `year ${year} is out of range (${MIN_YEAR}-${MAX_YEAR})`;
}

/**
 * Validates a numeric day/month/year and applies the placeholder rules:
 * 00/00/yyyy and 01/01/yyyy → year precision, placeholder; 00/mm/yyyy → month precision, placeholder.
 * `swapHint` is appended to a bad-month reason when reading the other order would have worked.
 */
function fromParts(year: number, month: number, day: number, format: DateFormat, swapHint = ''): DateParseResult {
  if (isNoDateSentinel(year, month, day)) return NO_DATE_SENTINEL;
  if (year < MIN_YEAR || year > MAX_YEAR) return fail(yearOutOfRange(year));
  if (month === 0) {
    return day === 0 ? ok(year, undefined, undefined, 'year', format, true) : fail('month 0 is not a month');
  }
  if (month > 12) return fail(`month ${month} is not a month${swapHint}`);
  if (day === 0) return ok(year, month, undefined, 'month', format, true);
  if (day > 31) return fail(`day ${day} is not a day`);
  if (day > daysInMonth(year, month)) {
    return fail(
      month === 2 && day === 29
        ? `day 29 does not exist in month 2 of ${year} (not a leap year)`
        : `day ${day} does not exist in month ${month}`,
    );
  }
  if (day === 1 && month === 1) return ok(year, undefined, undefined, 'year', format, true);
  return ok(year, month, day, 'day', format, false);
}

/**
 * Filler values other systems write for "no date": 00/00/0000, 0001-01-01 (.NET), 1900-01-01 (SQL
 * Server, Excel serial 1), 1899-12-30/31 (Excel serial 0 as a Date). No child is born then, so they
 * are reported as empty rather than as impossible dates.
 */
function isNoDateSentinel(year: number, month: number, day: number): boolean {
  if (year === 0) return true;
  if (month !== 1 && month !== 12) return false;
  return (
    (year === 1 && month === 1 && day === 1) ||
    (year === 1900 && month === 1 && day === 1) ||
    (year === 1899 && month === 12 && (day === 30 || day === 31))
  );
}
const NO_DATE_SENTINEL: DateParseResult = { ok: false, empty: true, reason: "a filler value meaning 'no date'" };

/** Whether day/month/year would be accepted by fromParts (placeholders included). */
function partsValid(year: number, month: number, day: number): boolean {
  if (month === 0) return day === 0;
  if (month > 12) return false;
  return day === 0 || day <= daysInMonth(year, month);
}

/** Two-digit year: the latest century that does not put the year after the reference year. */
function pivotYear(yy: number, ref: SimpleDate): number {
  const century = Math.floor(ref.year / 100) * 100;
  const y = century + yy;
  return y > ref.year ? y - 100 : y;
}

function fromMonthYear(year: number, month: number): DateParseResult {
  if (year < MIN_YEAR || year > MAX_YEAR) return fail(yearOutOfRange(year));
  if (month === 0) return ok(year, undefined, undefined, 'year', 'month-year', true);
  if (month > 12) return fail(`month ${month} is not a month`);
  return ok(year, month, undefined, 'month', 'month-year', false);
}

function fromYear(year: number, format: DateFormat): DateParseResult {
  if (year < MIN_YEAR || year > MAX_YEAR) return fail(yearOutOfRange(year));
  return ok(year, undefined, undefined, 'year', format, false);
}

function fromExcelSerial(serial: number): DateParseResult {
  const whole = Math.floor(serial);
  if (whole === 60) {
    return fail("Excel serial 60 is 29 February 1900, a date that does not exist (Excel's 1900 leap-year bug)");
  }
  if (whole < MIN_EXCEL_SERIAL) {
    return fail(`the number ${whole} is not a date (too small for an Excel date serial; an age must be written like '5 tuổi')`);
  }
  if (whole > MAX_EXCEL_SERIAL) {
    return fail(`${yearOutOfRange(excelSerialToDate(whole).year)} (as an Excel date serial)`);
  }
  const d = excelSerialToDate(whole);
  return fromParts(d.year, d.month, d.day, 'excel-serial');
}

/** A birth date derived from an age in full years / months at the reference date (weak evidence). */
function fromAge(years: number, months: number | null, ref: SimpleDate): DateParseResult {
  if (years > MAX_AGE_YEARS) return fail(`age ${years} is not plausible`);
  if (months === null) return ok(ref.year - years, undefined, undefined, 'year', 'age', true, true);
  if (months > 11 && years > 0) return fail(`${months} months is not a valid part of an age in years and months`);
  // Born about `total` months before the reference month; the month itself is uncertain by one.
  const total = years * 12 + months;
  const index = ref.year * 12 + (ref.month - 1) - total;
  const year = Math.floor(index / 12);
  return ok(year, (index % 12) + 1, undefined, 'month', 'age', true, true);
}

// ---------------------------------------------------------------------------------------------
// Text parsing. The text is folded first (NFC, lower case, no diacritics) so "Ngày 05 Tháng 03
// Năm 2015" and "ngay 5 thang 3 nam 2015" take the same path.

/** Values that say "no date": treated as empty, not as errors. */
const UNKNOWN_MARKERS = new Set([
  '-', '--', '---', '?', '??', '...', '.', 'x', '0', 'null', 'none', 'n/a', 'na', 'nan', 'unknown',
  'khong ro', 'chua ro', 'khong biet', 'chua biet', 'khong xac dinh', 'chua xac dinh', 'kxd', 'kr', 'khong',
]);

/** Time of day after a date: ISO 'T00:00:00.000Z', '12:00:00 AM', ' 00:00'. Only stripped after a digit. */
const TIME_SUFFIX_RE = /(?<=\d)(?:t|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?(?:z|[+-]\d{2}:?\d{2})?$/;
/** Leading words such as "sinh ngày", "ngày sinh:", "ns". */
const LEADING_WORDS_RE = /^(?:sinh\s+ngay|ngay\s+sinh|ns|ngay)\s*[:.]?\s*/;
const COMMAS_RE = /,/g;
const APPROX_RE = /^(?:khoang|tam|chung|~|≈)\s*/;

/** Digits with an optional decimal part ('42064.5' from a date-time serial, '2015.0' from a float). */
const DIGITS_RE = /^(\d+)(?:[.,](\d+))?$/;
const ALL_ZEROS_RE = /^0+$/;
const THREE_PART_RE = /^(\d{1,4})\s*(?:[/.-]|\s)\s*(\d{1,2})\s*(?:[/.-]|\s)\s*(\d{1,4})$/;
const MONTH_YEAR_RE = /^(?:(?:thang|th|t)\s*)?(\d{1,2})\s*(?:[/.-]|\s|nam)\s*(\d{4})$/;
const YEAR_MONTH_RE = /^(\d{4})\s*[/.-]\s*(\d{1,2})$/;
const WORDS_RE = /^(\d{1,2})\s*(?:thang|th)\s*(\d{1,2})\s*(?:nam|[/.-])?\s*(\d{4}|\d{2})$/;
const YEAR_WORD_RE = /^nam(?:\s*sinh)?\s*[:.]?\s*(\d{4})$/;
const AGE_RE = /^(\d{1,3})\s*tuoi(?:\s*(\d{1,2})\s*thang)?$/;
const AGE_MONTHS_RE = /^(\d{1,2})\s*thang(?:\s*tuoi)?$/;
const NEWBORN_RE = /^(?:so sinh|moi sinh|tre so sinh)$/;

function parseText(raw: string, order: DateOrder, ref: SimpleDate): DateParseResult {
  let s = stripDiacritics(collapseSpaces(raw.normalize('NFC'))).toLowerCase();
  if (s === '') return { ok: false, empty: true, reason: 'empty' };
  if (UNKNOWN_MARKERS.has(s)) return { ok: false, empty: true, reason: 'marked as unknown' };
  s = s.replace(COMMAS_RE, ' ').replace(LEADING_WORDS_RE, '').replace(TIME_SUFFIX_RE, '').trim();
  if (s.startsWith("'")) s = s.slice(1); // Excel text marker

  let m = DIGITS_RE.exec(s);
  if (m) return parseDigits(m[1], m[2] !== undefined && !ALL_ZEROS_RE.test(m[2]));

  m = THREE_PART_RE.exec(s);
  if (m) return parseThreeParts(m[1], m[2], m[3], order, ref);

  m = WORDS_RE.exec(s);
  if (m) {
    const yearText = m[3];
    const year = yearText.length === 2 ? pivotYear(Number(yearText), ref) : Number(yearText);
    return fromParts(year, Number(m[2]), Number(m[1]), 'words');
  }

  m = MONTH_YEAR_RE.exec(s);
  if (m) return fromMonthYear(Number(m[2]), Number(m[1]));
  m = YEAR_MONTH_RE.exec(s);
  if (m) return fromMonthYear(Number(m[1]), Number(m[2]));

  m = YEAR_WORD_RE.exec(s);
  if (m) return fromYear(Number(m[1]), 'year');

  const age = s.replace(APPROX_RE, '');
  m = AGE_RE.exec(age);
  if (m) return fromAge(Number(m[1]), m[2] === undefined ? null : Number(m[2]), ref);
  m = AGE_MONTHS_RE.exec(age);
  if (m) return fromAge(0, Number(m[1]), ref);
  if (NEWBORN_RE.test(age)) return fromAge(0, 0, ref);

  return fail(
    "not a recognised date (expected e.g. dd/mm/yyyy, yyyy-mm-dd, 'ngày 5 tháng 3 năm 2015', mm/yyyy, yyyy or '5 tuổi')",
  );
}

/** A run of digits: a year (4), an Excel serial (5), yyyymmdd or ddmmyyyy (8). */
function parseDigits(digits: string, hasFraction: boolean): DateParseResult {
  const n = digits.length;
  if (ALL_ZEROS_RE.test(digits)) return NO_DATE_SENTINEL;
  if (n === 5 || (hasFraction && n <= 5)) return fromExcelSerial(Number(digits));
  if (hasFraction) return fail('not a recognised date (a decimal number)');
  if (n === 4) return fromYear(Number(digits), 'year');
  if (n === 8) {
    const y = Number(digits.slice(0, 4));
    const mo = Number(digits.slice(4, 6));
    const d = Number(digits.slice(6, 8));
    if (y >= MIN_YEAR && y <= MAX_YEAR) return fromParts(y, mo, d, 'compact');
    // ddmmyyyy: "05032015" from a cell that lost its separators.
    const y2 = Number(digits.slice(4, 8));
    if (y2 >= MIN_YEAR && y2 <= MAX_YEAR) return fromParts(y2, Number(digits.slice(2, 4)), Number(digits.slice(0, 2)), 'dmy');
    return fail(yearOutOfRange(y));
  }
  if (n <= 3) return fail(`the number ${Number(digits)} is not a date (an age must be written like '5 tuổi')`);
  return fail(`not a recognised date (${n} digits without separators)`);
}

function parseThreeParts(a: string, b: string, c: string, order: DateOrder, ref: SimpleDate): DateParseResult {
  if (a.length === 4) {
    // yyyy-mm-dd, yyyy/mm/dd, yyyy.mm.dd (never year-day-month in practice).
    if (c.length > 2) return fail('not a recognised date (two 4-digit numbers)');
    return fromParts(Number(a), Number(b), Number(c), 'iso');
  }
  if (a.length > 2) return fail('not a recognised date (3-digit first number)');
  let year: number;
  let format: DateFormat;
  if (c.length === 4) {
    year = Number(c);
    format = order;
  } else if (c.length === 2) {
    year = pivotYear(Number(c), ref);
    format = order === 'dmy' ? 'dmy-short-year' : 'mdy';
  } else {
    return fail('not a recognised date (the year must have 2 or 4 digits)');
  }
  const first = Number(a);
  const second = Number(b);
  const [day, month] = order === 'dmy' ? [first, second] : [second, first];
  const hint =
    month > 12 && partsValid(year, day, month)
      ? order === 'dmy'
        ? '; the file may be month-first'
        : '; the file may be day-first'
      : '';
  return fromParts(year, month, day, format, hint);
}

// ---------------------------------------------------------------------------------------------
// Memo cache: birth dates repeat heavily (tens of thousands of distinct spellings per province), so parsed
// results are cached per (order, reference date). Results are frozen because they are shared.

const MAX_CACHE_ENTRIES = 100_000;
const MAX_CONTEXTS = 4;

interface CacheContext {
  order: DateOrder;
  y: number;
  m: number;
  d: number;
  cache: StringMemo<DateParseResult>;
}
const contexts: CacheContext[] = [];

function cacheFor(order: DateOrder, ref: SimpleDate): StringMemo<DateParseResult> {
  for (const c of contexts) {
    if (c.order === order && c.y === ref.year && c.m === ref.month && c.d === ref.day) return c.cache;
  }
  if (contexts.length >= MAX_CONTEXTS) contexts.shift();
  const c: CacheContext = { order, y: ref.year, m: ref.month, d: ref.day, cache: new StringMemo() };
  contexts.push(c);
  return c.cache;
}

function freeze(r: DateParseResult): DateParseResult {
  if (r.ok) Object.freeze(r.date);
  return Object.freeze(r);
}

const EMPTY_RESULT: DateParseResult = Object.freeze({ ok: false, empty: true, reason: 'empty' });

/**
 * Parses one raw birth-date value (text from CSV, number or Date from XLSX).
 * Never throws. Future dates parse (check them with isFutureDate); impossible dates fail with an
 * English reason that does not repeat the value. The returned objects are frozen and may be shared.
 */
export function parseDate(raw: string | number | Date | null | undefined, opts: DateParseOptions): DateParseResult {
  if (raw === null || raw === undefined) return EMPTY_RESULT;
  const order = opts.order ?? 'dmy';
  const ref = opts.referenceDate;
  if (typeof raw === 'number') return freeze(parseNumber(raw));
  if (raw instanceof Date) {
    const d = dateObjectToSimpleDate(raw);
    return freeze(d ? fromParts(d.year, d.month, d.day, 'excel-serial') : fail('invalid date value'));
  }
  if (raw.length === 0) return EMPTY_RESULT;
  const cache = cacheFor(order, ref);
  let r = cache.get(raw);
  if (r === undefined) {
    r = freeze(parseText(raw, order, ref));
    if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
    cache.set(raw, r);
  }
  return r;
}

/** An XLSX numeric cell: a year typed as a number, yyyymmdd, or an Excel date serial. */
function parseNumber(n: number): DateParseResult {
  if (!Number.isFinite(n)) return fail('not a recognised date (not a finite number)');
  if (n === 0) return EMPTY_RESULT; // an empty numeric cell exported as 0
  if (Number.isInteger(n)) {
    if (n >= MIN_YEAR && n <= MAX_YEAR) return fromYear(n, 'year');
    if (n >= 10_000_000 && n <= 99_999_999) {
      const s = String(n);
      return fromParts(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)), 'compact');
    }
  }
  if (n < 1) return fail(`the number ${n} is not a date`);
  return fromExcelSerial(n);
}

// ---------------------------------------------------------------------------------------------
// Per-file day/month order

const ORDER_PROBE_RE = /^\s*'?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})(?:[\sT].*)?$/i;

/**
 * Decides whether a file writes numeric dates day-first or month-first. Only values of the form
 * a/b/yyyy (or a/b/yy) count: those valid only as day/month, only as month/day, or either way.
 * The order is 'mdy' only when month-first-only values outnumber day-first-only ones (Vietnamese
 * files are day-first by default). `ambiguous` when both kinds of evidence occur, or neither.
 */
export function detectDateOrder(values: Iterable<string>): {
  order: DateOrder;
  ambiguous: boolean;
  dmyOnly: number;
  mdyOnly: number;
  either: number;
} {
  let dmyOnly = 0;
  let mdyOnly = 0;
  let either = 0;
  for (const v of values) {
    const m = ORDER_PROBE_RE.exec(v);
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    // Two-digit years: 20yy has the same leap-year status as 19yy except 00, close enough here.
    const y = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const asDmy = partsValid(y, b, a);
    const asMdy = partsValid(y, a, b);
    if (asDmy && asMdy) either++;
    else if (asDmy) dmyOnly++;
    else if (asMdy) mdyOnly++;
  }
  const order: DateOrder = mdyOnly > dmyOnly ? 'mdy' : 'dmy';
  const ambiguous = (dmyOnly > 0 && mdyOnly > 0) || (dmyOnly === 0 && mdyOnly === 0);
  return { order, ambiguous, dmyOnly, mdyOnly, either };
}

// ---------------------------------------------------------------------------------------------
// Ages and output

function fullYears(year: number, month: number, day: number, ref: SimpleDate): number {
  const beforeBirthday = ref.month < month || (ref.month === month && ref.day < day);
  return ref.year - year - (beforeBirthday ? 1 : 0);
}

/**
 * Age in full years at `ref`. A partial date gives a range: the youngest possible age (born on the
 * last possible day) and the oldest (born on the first). Someone born on 29 February has their
 * birthday on 1 March in common years. Negative when the birth is after `ref`.
 */
export function ageRange(birth: PartialDate, ref: SimpleDate): { min: number; max: number } {
  const { year, precision } = birth;
  if (precision === 'day') {
    const a = fullYears(year, birth.month as number, birth.day as number, ref);
    return { min: a, max: a };
  }
  if (precision === 'month') {
    const month = birth.month as number;
    return { min: fullYears(year, month, daysInMonth(year, month), ref), max: fullYears(year, month, 1, ref) };
  }
  return { min: fullYears(year, 12, 31, ref), max: fullYears(year, 1, 1, ref) };
}

/** True only when every date the partial date could stand for is after `ref`. */
export function isFutureDate(birth: PartialDate, ref: SimpleDate): boolean {
  if (birth.year !== ref.year || birth.precision === 'year') return birth.year > ref.year;
  const month = birth.month as number;
  if (month !== ref.month || birth.precision === 'month') return month > ref.month;
  return (birth.day as number) > ref.day;
}

/** Vietnamese display form: 'dd/mm/yyyy', 'mm/yyyy' or 'yyyy'. */
export function formatDateVi(d: PartialDate): string {
  if (d.precision === 'day') return `${pad2(d.day as number)}/${pad2(d.month as number)}/${d.year}`;
  if (d.precision === 'month') return `${pad2(d.month as number)}/${d.year}`;
  return String(d.year);
}
