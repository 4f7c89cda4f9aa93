import { describe, expect, it } from 'vitest';
import { detectSexCodeScheme, parseSex, type SexCodeScheme } from '../../src/vietnamese/sex.js';
import type { Sex } from '../../src/vietnamese/types.js';

describe('parseSex: words', () => {
  const cases: Array<[string | null | undefined, Sex, boolean]> = [
    ['Nam', 'M', true],
    ['nam', 'M', true],
    ['NAM', 'M', true],
    [' Nam ', 'M', true],
    ['Nam.', 'M', true],
    ['Trai', 'M', true],
    ['trai', 'M', true],
    ['con trai', 'M', true],
    ['Con Trai', 'M', true],
    ['bé trai', 'M', true],
    ['M', 'M', true],
    ['male', 'M', true],
    ['Male', 'M', true],
    ['Nữ', 'F', true],
    ['nữ', 'F', true],
    ['NỮ', 'F', true],
    ['nu', 'F', true],
    ['Nu', 'F', true],
    ['Nu\u0303', 'F', true], // decomposed tilde (NFD input)
    ['Gái', 'F', true],
    ['gai', 'F', true],
    ['con gái', 'F', true],
    ['Con gai', 'F', true],
    ['F', 'F', true],
    ['female', 'F', true],
    ['Không rõ', 'U', true],
    ['khong ro', 'U', true],
    ['Chưa rõ', 'U', true],
    ['Chưa xác định', 'U', true],
    ['Khác', 'U', true],
    ['?', 'U', true],
    ['', 'U', true],
    ['   ', 'U', true],
    [null, 'U', true],
    [undefined, 'U', true],
    ['abc', 'U', false],
    ['Nam/Nữ', 'U', false],
    ['Nguyễn Văn A', 'U', false],
    ['x', 'U', false],
    ['12', 'U', false],
  ];
  it.each(cases)('%s → %s (recognised %s)', (raw, sex, recognised) => {
    expect(parseSex(raw)).toEqual({ sex, recognised });
  });
});

describe('parseSex: numeric codes', () => {
  const cases: Array<[string, SexCodeScheme | undefined, Sex, boolean]> = [
    // default: 1 = Nam, 2 = Nữ, 3 = chưa xác định (MOH standards); 0 is not trusted
    ['1', undefined, 'M', true],
    ['2', undefined, 'F', true],
    ['3', undefined, 'U', true],
    ['0', undefined, 'U', false],
    ['1.0', undefined, 'M', true],
    ['2.0', undefined, 'F', true],
    ['1', '1-male-2-female', 'M', true],
    // HR spreadsheets: 1 = Nam, 0 = Nữ
    ['1', '1-male-0-female', 'M', true],
    ['0', '1-male-0-female', 'F', true],
    ['2', '1-male-0-female', 'U', false],
    ['Nữ', '1-male-0-female', 'F', true],
  ];
  it.each(cases)('%s with %s → %s', (raw, codes, sex, recognised) => {
    expect(parseSex(raw, codes ? { codes } : undefined)).toEqual({ sex, recognised });
  });

  it('does not mix cached results between schemes', () => {
    expect(parseSex('0', { codes: '1-male-0-female' }).sex).toBe('F');
    expect(parseSex('0').sex).toBe('U');
    expect(parseSex('0', { codes: '1-male-0-female' }).sex).toBe('F');
  });
});

describe('detectSexCodeScheme', () => {
  const cases: Array<[string[], SexCodeScheme | null]> = [
    [['1', '0', '1', '1'], '1-male-0-female'],
    [['1', '2', '2', 'Nam'], '1-male-2-female'],
    [['2'], '1-male-2-female'],
    [['1', '0', '2'], null],
    [['Nam', 'Nữ'], null],
    [['0'], null],
    [[], null],
  ];
  it.each(cases)('%o → %s', (values, scheme) => {
    expect(detectSexCodeScheme(values)).toBe(scheme);
  });
});

it('returns frozen shared objects', () => {
  expect(Object.isFrozen(parseSex('Nam'))).toBe(true);
});
