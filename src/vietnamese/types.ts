// Shared value types of the Vietnamese normalizers. Pure data; no behaviour here.

/** How precisely a birth date is known. */
export type DatePrecision = 'day' | 'month' | 'year';

/** A parsed (possibly partial) calendar date. */
export interface PartialDate {
  year: number;
  /** 1-12, absent when precision is 'year'. */
  month?: number;
  /** 1-31, absent unless precision is 'day'. */
  day?: number;
  precision: DatePrecision;
  /** Canonical text: 'yyyy-mm-dd', 'yyyy-mm' or 'yyyy'. */
  iso: string;
  /**
   * Weak evidence: a placeholder such as 01/01/yyyy, 1/1, 00/00/yyyy, or a year derived from an
   * age ("5 tuổi"). Comparators must not treat agreement on a placeholder as strong agreement.
   */
  placeholder: boolean;
  /** The date was derived from an age ("5 tuổi") at the reference date. */
  fromAge?: boolean;
  /** Which textual form was recognised (for `inspect` and for per-file format reports). */
  format: DateFormat;
}

export type DateFormat =
  | 'dmy' // dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy
  | 'mdy' // mm/dd/yyyy (only when the file's order is known to be month first)
  | 'dmy-short-year' // d/m/yy
  | 'iso' // yyyy-mm-dd (also yyyy/mm/dd)
  | 'compact' // yyyymmdd
  | 'excel-serial' // 42064
  | 'words' // ngày 5 tháng 3 năm 2015
  | 'month-year' // tháng 3/2015, 03/2015, 3-2015
  | 'year' // 2015
  | 'age'; // 5 tuổi

/** Result of parsing one raw date value. */
export type DateParseResult =
  | { ok: true; date: PartialDate }
  | { ok: false; empty: boolean; reason: string };

/** Child's sex as recorded. 'U' = unknown ("Không rõ") or missing. */
export type Sex = 'M' | 'F' | 'U';
