import { describe, expect, it } from 'vitest';
import {
  checkCitizenId,
  provinceNameOfIdPrefix,
  provinceOfIdPrefix,
  type IdCheck,
  type IdNumberKind,
  type IdProblemCode,
  type IdRecordContext,
} from '../../src/vietnamese/citizen-id.js';
import type { Sex } from '../../src/vietnamese/types.js';

const codes = (c: IdCheck): IdProblemCode[] => c.problems.map((p) => p.code);
const severityOf = (c: IdCheck, code: IdProblemCode) => c.problems.find((p) => p.code === code)?.severity;

describe('checkCitizenId: well-formed numbers', () => {
  // [raw, digits, province code, province name, sex, birth year]
  const cases: Array<[string, string, string, string, Sex, number]> = [
    ['014215001234', '014215001234', '014', 'Sơn La', 'M', 2015],
    ['014316004321', '014316004321', '014', 'Sơn La', 'F', 2016],
    ['011210000001', '011210000001', '011', 'Điện Biên', 'M', 2010],
    ['001325999999', '001325999999', '001', 'Hà Nội', 'F', 2025],
    ['010220123456', '010220123456', '010', 'Lào Cai', 'M', 2020],
    ['096300123456', '096300123456', '096', 'Cà Mau', 'F', 2000],
    // separators and spreadsheet artefacts
    ['014 215 001 234', '014215001234', '014', 'Sơn La', 'M', 2015],
    ['014.215.001.234', '014215001234', '014', 'Sơn La', 'M', 2015],
    ['014-215-001234', '014215001234', '014', 'Sơn La', 'M', 2015],
    ["'014215001234", '014215001234', '014', 'Sơn La', 'M', 2015],
    ['  014215001234\u00a0', '014215001234', '014', 'Sơn La', 'M', 2015],
  ];
  it.each(cases)('%s', (raw, digits, provinceCode, provinceName, sexFromId, birthYearFromId) => {
    const c = checkCitizenId(raw);
    expect(c).toMatchObject({
      raw, digits, kind: 'personal-id', wellFormed: true, consistent: true, provinceCode, provinceName, sexFromId, birthYearFromId,
    });
    expect(c.problems).toEqual([]);
  });
});

describe('checkCitizenId: century digit', () => {
  // [4th digit, sex, birth year from "15" or null, problem]
  const cases: Array<[string, Sex | null, number | null, IdProblemCode | null]> = [
    ['0', 'M', 1915, 'adult-id'],
    ['1', 'F', 1915, 'adult-id'],
    ['2', 'M', 2015, null],
    ['3', 'F', 2015, null],
    ['4', null, null, 'bad-century-digit'],
    ['5', null, null, 'bad-century-digit'],
    ['6', null, null, 'bad-century-digit'],
    ['7', null, null, 'bad-century-digit'],
    ['8', null, null, 'bad-century-digit'],
    ['9', null, null, 'bad-century-digit'],
  ];
  it.each(cases)('digit %s', (g, sex, year, code) => {
    const c = checkCitizenId(`014${g}15001234`);
    expect(c.sexFromId).toBe(sex);
    expect(c.birthYearFromId).toBe(year);
    expect(codes(c)).toEqual(code ? [code] : []);
    expect(c.wellFormed).toBe(code !== 'bad-century-digit');
    expect(c.consistent).toBe(code === null);
  });
  it('explains a bad century digit', () => {
    expect(checkCitizenId('014615001234').problems[0].message).toBe(
      '4th digit 6 means born in 2200-2299, impossible for a living person (expected 0-3)',
    );
  });
  it('accepts a 1900s number when the record itself is of someone born before 2000', () => {
    const c = checkCitizenId('014098001234', { birthYear: 1998, sex: 'M' });
    expect(c).toMatchObject({ wellFormed: true, consistent: true, birthYearFromId: 1998 });
  });
  it('accepts a 1900s number when the caller does not expect a child', () => {
    expect(checkCitizenId('014098001234', { expectChild: false }).consistent).toBe(true);
  });
});

describe('checkCitizenId: against the record', () => {
  const ID_BOY_2015 = '014215001234';
  const cases: Array<[string, IdRecordContext, IdProblemCode[], boolean, 'error' | 'warning' | undefined]> = [
    [ID_BOY_2015, { sex: 'M', birthYear: 2015 }, [], true, undefined],
    [ID_BOY_2015, { sex: 'U', birthYear: 2015 }, [], true, undefined],
    [ID_BOY_2015, {}, [], true, undefined],
    [ID_BOY_2015, { sex: 'F', birthYear: 2015 }, ['sex-mismatch'], false, 'error'],
    [ID_BOY_2015, { sex: 'M', birthYear: 2016 }, ['birth-year-mismatch'], false, 'error'],
    [ID_BOY_2015, { sex: 'M', birthYear: 2016, birthYearPrecise: false }, ['birth-year-mismatch'], true, 'warning'],
    [ID_BOY_2015, { sex: 'F', birthYear: 2012 }, ['sex-mismatch', 'birth-year-mismatch'], false, 'error'],
    [ID_BOY_2015, { birthYear: 1915, expectChild: false }, ['century-mismatch'], false, 'error'],
    ['014298001234', { birthYear: 1998 }, ['century-mismatch'], false, 'error'],
    ['014200001234', { birthYear: 1999, birthYearPrecise: false }, ['birth-year-mismatch'], true, 'warning'],
    ['014200001234', { birthYear: 1990, birthYearPrecise: false }, ['century-mismatch'], false, 'error'],
    // a parent's number on a child's record
    ['014088001234', { sex: 'M', birthYear: 2015 }, ['adult-id'], false, 'error'],
    ['014188001234', { sex: 'F', birthYear: 2015, birthYearPrecise: false }, ['adult-id'], false, 'error'],
    ['014188001234', { sex: 'M' }, ['sex-mismatch', 'adult-id'], false, 'error'],
  ];
  it.each(cases)('%s with %o → %o', (raw, record, expected, consistent, severity) => {
    const c = checkCitizenId(raw, record);
    expect(codes(c)).toEqual(expected);
    expect(c.consistent).toBe(consistent);
    expect(c.wellFormed).toBe(true);
    if (expected.length > 0) expect(severityOf(c, expected[expected.length - 1])).toBe(severity);
  });
  it('writes short messages with the years, not the number', () => {
    const c = checkCitizenId(ID_BOY_2015, { sex: 'F', birthYear: 2016 });
    expect(c.problems.map((p) => p.message)).toEqual([
      'the ID says male, the record female',
      'the ID gives birth year 2015, the record 2016',
    ]);
    for (const p of c.problems) expect(p.message).not.toContain('001234');
  });
});

describe('checkCitizenId: province prefix', () => {
  it('warns about an unknown prefix but keeps the number', () => {
    const c = checkCitizenId('013215001234');
    expect(c).toMatchObject({ wellFormed: true, consistent: true, provinceCode: '013', provinceName: null });
    expect(c.problems).toEqual([
      { code: 'unknown-province', severity: 'warning', message: 'province code 013 is not one of the 63 province codes' },
    ]);
  });
  it.each([
    ['014', 'Sơn La'], ['011', 'Điện Biên'], ['001', 'Hà Nội'], ['010', 'Lào Cai'], ['012', 'Lai Châu'], ['015', 'Yên Bái'],
    ['079', 'Hồ Chí Minh'], ['096', 'Cà Mau'], ['14', 'Sơn La'], ['1', 'Hà Nội'],
  ])('%s → %s', (prefix, name) => {
    expect(provinceNameOfIdPrefix(prefix)).toBe(name);
  });
  it.each(['000', '003', '013', '097', '100', 'abc', '', '0140'])('%s → null', (prefix) => {
    expect(provinceNameOfIdPrefix(prefix)).toBeNull();
  });
  it('gives the 2025 merger target', () => {
    expect(provinceOfIdPrefix('015')).toMatchObject({ name: 'Yên Bái', mergedInto2025Name: 'Lào Cai' });
  });
});

describe('checkCitizenId: what spreadsheets do to the number', () => {
  it('restores the zero Excel dropped (11 digits)', () => {
    const c = checkCitizenId('14215001234', { sex: 'M', birthYear: 2015 });
    expect(c).toMatchObject({ digits: '014215001234', kind: 'personal-id', wellFormed: true, consistent: true, provinceName: 'Sơn La' });
    expect(c.problems).toEqual([
      { code: 'leading-zero-restored', severity: 'warning', message: 'a leading zero was missing (dropped by Excel) and restored' },
    ]);
  });
  it('restores a float rendering with a dropped zero', () => {
    expect(checkCitizenId('14215001234.0')).toMatchObject({ digits: '014215001234', wellFormed: true });
  });
  it('restores the two zeros of a Hà Nội number (10 digits)', () => {
    const c = checkCitizenId('1215001234');
    expect(c).toMatchObject({ digits: '001215001234', provinceName: 'Hà Nội', wellFormed: true });
    expect(codes(c)).toEqual(['leading-zero-restored']);
    expect(c.problems[0].message).toBe('two leading zeros were missing (dropped by Excel) and restored');
  });
  it('keeps a float-rendered 12-digit number', () => {
    expect(checkCitizenId('014215001234.0').digits).toBe('014215001234');
  });
  it.each(['1.4215E+11', '1,4215E+11', '1.42150012E+11', '1E+11'])('rejects %s as mangled into scientific notation', (raw) => {
    const c = checkCitizenId(raw);
    expect(c).toMatchObject({ kind: 'other', wellFormed: false, consistent: false, digits: '' });
    expect(codes(c)).toEqual(['not-digits']);
    expect(c.problems[0].message).toMatch(/mangled by Excel into scientific notation/);
  });
});

describe('checkCitizenId: not a personal ID', () => {
  const cases: Array<[string | null | undefined, IdNumberKind, IdProblemCode]> = [
    ['', 'other', 'empty'],
    [null, 'other', 'empty'],
    [undefined, 'other', 'empty'],
    ['   ', 'other', 'empty'],
    ['chưa có', 'other', 'not-digits'],
    ['01421500123A', 'other', 'not-digits'],
    ['014215/001234', 'other', 'not-digits'],
    ['+014215001234', 'other', 'not-digits'],
    ['050123456', 'old-id-card', 'old-id-card'],
    ['123456789', 'old-id-card', 'old-id-card'],
    ['0912345678', 'phone-number', 'phone-number'],
    ['0362345678', 'phone-number', 'phone-number'],
    ['0563456789', 'phone-number', 'phone-number'],
    ['0701234567', 'phone-number', 'phone-number'],
    ['0812345678', 'phone-number', 'phone-number'],
    ['0912 345 678', 'phone-number', 'phone-number'],
    ['84912345678', 'phone-number', 'phone-number'],
    ['+84912345678', 'phone-number', 'phone-number'],
    ['84362345678', 'phone-number', 'phone-number'],
    ['0212345678', 'other', 'wrong-length'],
    ['01421500123', 'other', 'wrong-length'],
    ['0142150012345', 'other', 'wrong-length'],
    ['12345', 'other', 'wrong-length'],
    ['9215001234', 'other', 'wrong-length'],
    ['000000000000', 'personal-id', 'repeated-digits'],
    ['111111111111', 'personal-id', 'repeated-digits'],
  ];
  it.each(cases)('%s → %s / %s', (raw, kind, code) => {
    const c = checkCitizenId(raw);
    expect(c.kind).toBe(kind);
    expect(codes(c)).toEqual([code]);
    expect(c.problems[0].severity).toBe('error');
    expect(c).toMatchObject({ wellFormed: false, consistent: false, sexFromId: null, birthYearFromId: null });
  });
  it('keeps the raw value and never echoes it', () => {
    const c = checkCitizenId('0912345678');
    expect(c.raw).toBe('0912345678');
    expect(c.problems[0].message).not.toContain('0912345678');
  });
  it('reads 84 + 3… as a dropped-zero Trà Vinh ID when the record year agrees', () => {
    const c = checkCitizenId('84315001234', { sex: 'F', birthYear: 2015 });
    expect(c).toMatchObject({ kind: 'personal-id', digits: '084315001234', provinceName: 'Trà Vinh', consistent: true });
    expect(checkCitizenId('84315001234', { sex: 'F', birthYear: 2016 }).kind).toBe('phone-number');
  });
  it('reads 84 + a non-mobile digit as a dropped-zero Trà Vinh ID', () => {
    expect(checkCitizenId('84215001234')).toMatchObject({ kind: 'personal-id', digits: '084215001234', provinceName: 'Trà Vinh' });
  });
});
