// Calendar days as integers (days since 1970-01-01, UTC) and the ways Vietnamese records write a date.

export type DayNumber = number;

const MS_PER_DAY = 86_400_000;

export interface Ymd {
  year: number;
  month: number;
  day: number;
}

export function toDayNumber(year: number, month: number, day: number): DayNumber {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function fromDayNumber(n: DayNumber): Ymd {
  const d = new Date(n * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Same calendar day `years` later (29 Feb → 28 Feb). */
export function addYears(n: DayNumber, years: number): DayNumber {
  const { year, month, day } = fromDayNumber(n);
  const d = month === 2 && day === 29 ? 28 : day;
  return toDayNumber(year + years, month, d);
}

/** 'yyyy-mm-dd' → day number; throws on anything else (the option comes from the command line). */
export function parseIsoDay(s: string): DayNumber {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`reference date must be yyyy-mm-dd, got '${s}'`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const n = toDayNumber(y, mo, d);
  const back = fromDayNumber(n);
  if (back.year !== y || back.month !== mo || back.day !== d) throw new Error(`reference date '${s}' is not a calendar date`);
  return n;
}

export type DateFormat = 'dmy' | 'dmyUnpadded' | 'dmyShort' | 'iso' | 'dashed' | 'dotted' | 'words' | 'excelSerial';

const EXCEL_EPOCH = toDayNumber(1899, 12, 30);

function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

export function formatDate(format: DateFormat, year: number, month: number, day: number): string {
  switch (format) {
    case 'dmy':
      return `${two(day)}/${two(month)}/${year}`;
    case 'dmyUnpadded':
      return `${day}/${month}/${year}`;
    case 'dmyShort':
      return `${day}/${month}/${two(year % 100)}`;
    case 'iso':
      return `${year}-${two(month)}-${two(day)}`;
    case 'dashed':
      return `${two(day)}-${two(month)}-${year}`;
    case 'dotted':
      return `${two(day)}.${two(month)}.${year}`;
    case 'words':
      return `ngày ${day} tháng ${month} năm ${year}`;
    case 'excelSerial':
      return String(toDayNumber(year, month, day) - EXCEL_EPOCH);
  }
}
