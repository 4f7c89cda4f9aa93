// The 12-digit personal identification number (số định danh cá nhân, also printed on the CCCD card):
//   PPP G YY RRRRRR — PPP province where the birth was registered (001..096, Sơn La 014),
//   G century + sex (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7, 8/9 later centuries),
//   YY birth year mod 100, RRRRRR random.
// (Nghị định 137/2015/NĐ-CP Art. 13; Thông tư 07/2016/TT-BCA; Thông tư 59/2021/TT-BCA; refdata/cccd.)
// checkCitizenId cleans what spreadsheets do to the number (text marker, '.0', dropped leading
// zeros, scientific notation), tells IDs apart from old 9-digit ID cards and phone numbers, and
// checks the number on its own and against the record's sex and birth year. Pure; no caching
// (IDs are nearly all distinct). Messages never repeat the number: the caller has it.
import { ID_PROVINCE_CODE_ROWS, type IdProvinceCodeRow } from './data/id-province-codes.js';
import type { Sex } from './types.js';

export type IdNumberKind = 'personal-id' | 'old-id-card' | 'phone-number' | 'other';

export type IdProblemCode =
  | 'empty'
  | 'not-digits'
  | 'wrong-length'
  | 'unknown-province'
  | 'bad-century-digit'
  | 'sex-mismatch'
  | 'birth-year-mismatch'
  | 'century-mismatch'
  | 'adult-id'
  | 'old-id-card'
  | 'phone-number'
  | 'repeated-digits'
  /** Excel dropped the leading zero(s) of a number stored as a number; they were put back (warning). */
  | 'leading-zero-restored';

export interface IdProblem {
  code: IdProblemCode;
  severity: 'error' | 'warning';
  message: string;
}

export interface IdCheck {
  /** The value as given. */
  raw: string;
  /** Digits after cleaning (and after restoring dropped leading zeros); '' when not digits. */
  digits: string;
  kind: IdNumberKind;
  /** 12 digits, century digit valid for a living person (0-3), not all the same digit. */
  wellFormed: boolean;
  /** wellFormed, and no error against the record (an unknown sex or birth year counts as agreeing). */
  consistent: boolean;
  /** First three digits of a 12-digit number, e.g. '014'; '' otherwise. */
  provinceCode: string;
  /** 'Sơn La'; null when the prefix is not one of the 63 codes (a warning, not a rejection). */
  provinceName: string | null;
  sexFromId: Sex | null;
  birthYearFromId: number | null;
  problems: IdProblem[];
}

export interface IdRecordContext {
  sex?: Sex;
  birthYear?: number;
  /**
   * False when the record's birth year is only estimated (from an age, or a weak placeholder):
   * then a year that differs is a warning, not an error. Default true.
   */
  birthYearPrecise?: boolean;
  /**
   * The number belongs to a child (default true: childlink checks children's records and police
   * lists of children). A 1900s century digit then means an adult's number — usually a parent's —
   * unless the record's own birth year is before 2000.
   */
  expectChild?: boolean;
}

/**
 * Highest century digit possible for a living person: 3 (born 2000-2099). 4/5 (2100s) and above
 * are defined by the scheme but cannot occur before the year 2100, so they are typing errors.
 */
const MAX_LIVING_CENTURY_DIGIT = 3;

const SHORT_PREFIX_RE = /^\d{1,3}$/;
const ALL_SAME_DIGIT_RE = /^(\d)\1*$/;

const PROVINCE_BY_PREFIX: ReadonlyMap<string, IdProvinceCodeRow> = new Map(ID_PROVINCE_CODE_ROWS.map((r) => [r.prefix, r]));

/** Province name for a 3-digit prefix ('014' → 'Sơn La'); '14' and 14-like short forms are padded. */
export function provinceNameOfIdPrefix(prefix: string): string | null {
  const p = prefix.trim();
  if (!SHORT_PREFIX_RE.test(p)) return null;
  return PROVINCE_BY_PREFIX.get(p.padStart(3, '0'))?.name ?? null;
}

/** The full reference row for a prefix (GSO name, 2025 merger target), or null. */
export function provinceOfIdPrefix(prefix: string): IdProvinceCodeRow | null {
  return PROVINCE_BY_PREFIX.get(prefix) ?? null;
}

/** Vietnamese mobile numbers: 0 + 3/5/7/8/9 + 8 digits (10 digits since the 2018 renumbering). */
const MOBILE_FIRST_DIGITS = '35789';

/** Excel's scientific notation: '1.4215E+11', '1,42E+11', '1E+11'. */
const SCIENTIFIC_RE = /^[+-]?\d+(?:[.,]\d+)?e[+-]?\d+$/i;
/** A float rendering of an integer: '14215001234.0', '14215001234,00'. */
const FLOAT_ZERO_RE = /^(\d+)[.,]0+$/;
/** Leading text markers: Excel's apostrophe and its typographic look-alikes. */
const LEADING_MARKS_RE = /^['‘’`´]+/;

function problem(code: IdProblemCode, severity: 'error' | 'warning', message: string): IdProblem {
  return { code, severity, message };
}

function result(
  raw: string,
  digits: string,
  kind: IdNumberKind,
  problems: IdProblem[],
): IdCheck {
  return {
    raw,
    digits,
    kind,
    wellFormed: false,
    consistent: false,
    provinceCode: '',
    provinceName: null,
    sexFromId: null,
    birthYearFromId: null,
    problems,
  };
}

/** Removes separators people and spreadsheets put in numbers; null when other characters remain. */
function digitsOnly(s: string): string | null {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
    else if (c === 32 || c === 46 || c === 45 || c === 0xa0 || c === 9 || c === 0x2010 || c === 0x2011 || c === 0x2013 || c === 0x2212) continue;
    else return null;
  }
  return out;
}

function isAsciiDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function isPhoneNumber(d: string): boolean {
  if (d.length === 10) return d[0] === '0' && MOBILE_FIRST_DIGITS.includes(d[1]);
  if (d.length === 11) return d[0] === '8' && d[1] === '4' && MOBILE_FIRST_DIGITS.includes(d[2]);
  return false;
}

/**
 * Checks one personal ID number, on its own and (optionally) against the record it was found in.
 * Never throws. See IdCheck for the meaning of the flags.
 */
export function checkCitizenId(raw: string | null | undefined, record?: IdRecordContext): IdCheck {
  const given = raw ?? '';
  // Fast path: the common case, a clean 12-digit number.
  if (given.length === 12 && isAsciiDigits(given)) return checkTwelveDigits(given, given, [], record);
  let s = given.trim().replace(LEADING_MARKS_RE, '').trim();
  if (s === '') return result(given, '', 'other', [problem('empty', 'error', 'no ID number')]);

  if (SCIENTIFIC_RE.test(s)) {
    return result(given, '', 'other', [
      problem(
        'not-digits',
        'error',
        'the number was mangled by Excel into scientific notation (e.g. 1.4215E+11); its last digits are lost — re-export the column formatted as text',
      ),
    ]);
  }
  const float = FLOAT_ZERO_RE.exec(s);
  if (float) s = float[1];
  let plus = false;
  if (s[0] === '+') {
    plus = true;
    s = s.slice(1);
  }
  const cleaned = digitsOnly(s);
  if (cleaned === null || cleaned === '') {
    return result(given, '', 'other', [problem('not-digits', 'error', 'contains characters other than digits')]);
  }
  let digits = cleaned;
  const problems: IdProblem[] = [];

  if (plus || isPhoneNumber(digits)) {
    if (plus && !(digits.length === 11 && digits.startsWith('84'))) {
      return result(given, digits, 'other', [problem('not-digits', 'error', "starts with '+', which an ID number never does")]);
    }
    // '84' + 3xxxxxxxx could also be a Trà Vinh (084) girl's ID with its zero dropped; only the
    // record's birth year can tell, so the ID reading is kept when the year agrees.
    if (plus || !couldBeTraVinhId(digits, record)) {
      return result(given, digits, 'phone-number', [problem('phone-number', 'error', 'this is a phone number, not an ID number')]);
    }
  }
  if (digits.length === 9) {
    return result(given, digits, 'old-id-card', [
      problem('old-id-card', 'error', "9 digits: an old identity card (CMND) number, not a child's 12-digit personal ID"),
    ]);
  }
  if ((digits.length === 11 || digits.length === 10) && digits[0] !== '0') {
    // Stored as a number, Excel drops the leading zeros: 014… → 14… (11 digits), 001… → 1… (10).
    const zeros = 12 - digits.length;
    const restored = '0'.repeat(zeros) + digits;
    if (digits.length === 11 || PROVINCE_BY_PREFIX.has(restored.slice(0, 3))) {
      digits = restored;
      problems.push(
        problem(
          'leading-zero-restored',
          'warning',
          `${zeros === 1 ? 'a leading zero was' : 'two leading zeros were'} missing (dropped by Excel) and restored`,
        ),
      );
    }
  }
  if (digits.length !== 12) {
    return result(given, digits, 'other', [
      problem('wrong-length', 'error', `${digits.length} digits; a personal ID has 12`),
    ]);
  }
  return checkTwelveDigits(given, digits, problems, record);
}

function couldBeTraVinhId(d: string, record: IdRecordContext | undefined): boolean {
  if (d.length !== 11 || d[2] !== '3' || record?.birthYear === undefined) return false;
  return 2000 + Number(d.slice(3, 5)) === record.birthYear;
}

function checkTwelveDigits(raw: string, digits: string, problems: IdProblem[], record: IdRecordContext | undefined): IdCheck {
  const check = result(raw, digits, 'personal-id', problems);
  if (ALL_SAME_DIGIT_RE.test(digits)) {
    problems.push(problem('repeated-digits', 'error', 'all 12 digits are the same: a filler, not an ID number'));
    return check;
  }
  const prefix = digits.slice(0, 3);
  check.provinceCode = prefix;
  check.provinceName = PROVINCE_BY_PREFIX.get(prefix)?.name ?? null;
  if (check.provinceName === null) {
    problems.push(problem('unknown-province', 'warning', `province code ${prefix} is not one of the 63 province codes`));
  }

  const g = digits.charCodeAt(3) - 48;
  const century = 1900 + Math.floor(g / 2) * 100;
  if (g > MAX_LIVING_CENTURY_DIGIT) {
    problems.push(
      problem(
        'bad-century-digit',
        'error',
        `4th digit ${g} means born in ${century}-${century + 99}, impossible for a living person (expected 0-3)`,
      ),
    );
    return check; // sex and birth year are not decoded: nothing about the number can be trusted
  }
  check.sexFromId = g % 2 === 0 ? 'M' : 'F';
  check.birthYearFromId = century + Number(digits.slice(4, 6));
  check.wellFormed = true;

  if (record?.sex !== undefined && record.sex !== 'U' && record.sex !== check.sexFromId) {
    problems.push(
      problem(
        'sex-mismatch',
        'error',
        `the ID says ${check.sexFromId === 'M' ? 'male' : 'female'}, the record ${record.sex === 'M' ? 'male' : 'female'}`,
      ),
    );
  }
  checkBirthYear(check, record);
  check.consistent = !problems.some((p) => p.severity === 'error');
  return check;
}

function checkBirthYear(check: IdCheck, record: IdRecordContext | undefined): void {
  const idYear = check.birthYearFromId as number;
  const idCentury = Math.floor(idYear / 100);
  const recYear = record?.birthYear;
  const expectChild = record?.expectChild ?? true;
  const problems = check.problems;

  if (idCentury === 19 && expectChild && (recYear === undefined || recYear >= 2000)) {
    problems.push(
      problem(
        'adult-id',
        'error',
        recYear === undefined
          ? `the ID is of someone born in ${idYear} (1900s), not a child — probably a parent's number`
          : `the ID is of someone born in ${idYear}, the record's child in ${recYear} — probably a parent's number`,
      ),
    );
    return;
  }
  if (recYear === undefined || recYear === idYear) return;

  const precise = record?.birthYearPrecise ?? true;
  const diff = Math.abs(recYear - idYear);
  if (Math.floor(recYear / 100) !== idCentury && (precise || diff > 1)) {
    problems.push(
      problem('century-mismatch', 'error', `the ID gives birth year ${idYear}, the record ${recYear}: different centuries`),
    );
    return;
  }
  problems.push(
    problem(
      'birth-year-mismatch',
      precise ? 'error' : 'warning',
      precise
        ? `the ID gives birth year ${idYear}, the record ${recYear}`
        : `the ID gives birth year ${idYear}, the record an estimated ${recYear}`,
    ),
  );
}
