import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  ETHNIC_GROUPS,
  FOREIGN_NATIONAL,
  ethnicGroupByCode,
  ethnicityLookupStats,
  parseEthnicity,
} from '../../src/vietnamese/ethnicity.js';
import { stripDiacritics } from '../../src/vietnamese/text.js';
import { encodeTcvn3, encodeVni } from '../../src/vietnamese/encoding.js';

/** The 54 groups with their Decision 121-TCTK/PPCĐ (1979) codes, written out independently of the data module. */
const OFFICIAL: Array<[string, string]> = [
  ['01', 'Kinh'], ['02', 'Tày'], ['03', 'Thái'], ['04', 'Hoa'], ['05', 'Khơ-me'], ['06', 'Mường'], ['07', 'Nùng'],
  ['08', 'HMông'], ['09', 'Dao'], ['10', 'Gia-rai'], ['11', 'Ngái'], ['12', 'Ê-đê'], ['13', 'Ba-na'], ['14', 'Xơ-đăng'],
  ['15', 'Sán Chay'], ['16', 'Cơ-ho'], ['17', 'Chăm'], ['18', 'Sán Dìu'], ['19', 'Hrê'], ['20', 'Mnông'],
  ['21', 'Ra-glai'], ['22', 'Xtiêng'], ['23', 'Bru-Vân Kiều'], ['24', 'Thổ'], ['25', 'Giáy'], ['26', 'Cơ-tu'],
  ['27', 'Gié-Triêng'], ['28', 'Mạ'], ['29', 'Khơ-mú'], ['30', 'Co'], ['31', 'Tà-ôi'], ['32', 'Chơ-ro'], ['33', 'Kháng'],
  ['34', 'Xinh-mun'], ['35', 'Hà Nhì'], ['36', 'Chu-ru'], ['37', 'Lào'], ['38', 'La Chí'], ['39', 'La Ha'], ['40', 'Phù Lá'],
  ['41', 'La Hủ'], ['42', 'Lự'], ['43', 'Lô Lô'], ['44', 'Chứt'], ['45', 'Mảng'], ['46', 'Pà Thẻn'], ['47', 'Cơ Lao'],
  ['48', 'Cống'], ['49', 'Bố Y'], ['50', 'Si La'], ['51', 'Pu Péo'], ['52', 'Brâu'], ['53', 'Ơ-đu'], ['54', 'Rơ-măm'],
];

describe('ETHNIC_GROUPS', () => {
  it('holds the 54 groups in 1979 code order', () => {
    expect(ETHNIC_GROUPS.map((g) => [g.code, g.name])).toEqual(OFFICIAL);
  });
  it('is frozen', () => {
    expect(Object.isFrozen(ETHNIC_GROUPS)).toBe(true);
    expect(Object.isFrozen(ETHNIC_GROUPS[0])).toBe(true);
  });
  it('has no spelling that folds to two groups', () => {
    expect(ethnicityLookupStats().ambiguousFoldedKeys).toEqual([]);
  });
  it('is in sync with refdata (generated module up to date)', () => {
    execFileSync(process.execPath, ['scripts/build-reference-tables.mjs', '--check'], { stdio: 'pipe' });
  });
});

describe('parseEthnicity: all 54 groups by official name', () => {
  it.each(OFFICIAL)('%s %s', (code, name) => {
    expect(parseEthnicity(name)).toEqual({ group: { code, name }, recognised: true });
  });
  it.each(OFFICIAL)('%s %s without diacritics, upper case', (code, name) => {
    expect(parseEthnicity(stripDiacritics(name).toUpperCase()).group?.code).toBe(code);
  });
  it.each(OFFICIAL)('%s %s by code', (code) => {
    expect(parseEthnicity(code).group?.code).toBe(code);
  });
  it.each(OFFICIAL)('%s %s with the "Dân tộc" prefix', (code, name) => {
    expect(parseEthnicity(`Dân tộc ${name}`).group?.code).toBe(code);
  });
});

describe('parseEthnicity: variants and older names', () => {
  const cases: Array<[string, string]> = [
    // Kinh
    ['Kinh', '01'], ['kinh', '01'], ['KINH', '01'], ['Việt', '01'], ['Kinh (Việt)', '01'], ['người Kinh', '01'],
    // Thái
    ['Thái', '03'], ['thai', '03'], ['Thai', '03'], ['Tai', '03'], ['Táy', '03'], ['Thái Đen', '03'], ['thai den', '03'],
    ['Thái Trắng', '03'], ['Thai trang', '03'], ['Tày Đăm', '03'], ['Thái (Tày Đăm)', '03'], ['dân tộc Thái', '03'],
    ['Dan toc Thai', '03'], ['DT Thái', '03'], ['DT: Thái', '03'], ['dt.thai', '03'], ['03 - Thái', '03'],
    // Tày is not Thái, and folded "Tay" goes to Tày (the official name wins the collision with Táy)
    ['Tày', '02'], ['Tay', '02'], ['TÀY', '02'],
    // H'Mông
    ["H'Mông", '08'], ['Hmông', '08'], ['Mông', '08'], ['Hmong', '08'], ['HMông', '08'], ['HMONG', '08'], ["H'mong", '08'],
    ['H Mông', '08'], ['H-Mông', '08'], ['H’Mông', '08'], ['Mèo', '08'], ['meo', '08'], ['Mẹo', '08'], ['Mông Hoa', '08'],
    ['Mông Trắng', '08'], ['Mông (Mèo)', '08'], ['dân tộc Mông', '08'],
    // Mường
    ['Mường', '06'], ['Muong', '06'], ['MƯỜNG', '06'],
    // Khơ Mú
    ['Khơ Mú', '29'], ['Khmú', '29'], ['Khơ-mú', '29'], ['Khơmú', '29'], ['Kho Mu', '29'], ['khmu', '29'], ['Xá Cẩu', '29'],
    ['Xa Cau', '29'],
    // Xinh Mun
    ['Xinh Mun', '34'], ['Xinh-mun', '34'], ['xinh mun', '34'], ['Puộc', '34'], ['Puoc', '34'],
    // Dao
    ['Dao', '09'], ['Mán', '09'], ['Dao Đỏ', '09'], ['Dao Tiền', '09'],
    // others cited for Sơn La
    ['Kháng', '33'], ['Khang', '33'], ['La Ha', '39'], ['La-Ha', '39'], ['Lào', '37'], ['Lao', '37'], ['Nùng', '07'],
    ['Hoa', '04'], ['Hán', '04'], ['Sán Dìu', '18'], ['Giáy', '25'], ['Nhắng', '25'],
    // elsewhere
    ['Khmer', '05'], ['Khơ Me', '05'], ['Ê Đê', '12'], ['Êđê', '12'], ['Ede', '12'], ['Gia Rai', '10'], ['Jarai', '10'],
    ['Ba Na', '13'], ['Chàm', '17'], ['Cao Lan', '15'], ["M'Nông", '20'], ['Stiêng', '22'], ['Vân Kiều', '23'],
    ['Co Lao', '47'], ['Lô Lô', '43'], ['Lolo', '43'], ['La Chí', '38'], ['Si La', '50'],
    // codes
    ['3', '03'], ['03', '03'], ['3.0', '03'], ['dt 08', '08'],
  ];
  it.each(cases)('%s → %s', (raw, code) => {
    const r = parseEthnicity(raw);
    expect(r.recognised).toBe(true);
    expect(r.group?.code).toBe(code);
  });

  it('trusts the name over a code from another ordering ("04 - Mường" is Mường, 06 in 1979)', () => {
    expect(parseEthnicity('04 - Mường').group?.code).toBe('06');
  });
  it('falls back to the code when the name part is not recognised', () => {
    expect(parseEthnicity('03 - ???x').group?.code).toBe('03');
  });
});

describe('parseEthnicity: unknown, foreign and unrecognised', () => {
  const cases: Array<[string | null | undefined, string | null, boolean]> = [
    ['', null, true],
    [null, null, true],
    [undefined, null, true],
    ['Không rõ', null, true],
    ['khong ro', null, true],
    ['Chưa xác định', null, true],
    ['-', null, true],
    ['Người nước ngoài', '55', true],
    ['nuoc ngoai', '55', true],
    ['55', '55', true],
    ['Thái/Kinh', null, false],
    ['xyz', null, false],
    ['56', null, false],
    ['00', null, false],
    ['Việt Nam', null, false],
  ];
  it.each(cases)('%s → %s (recognised %s)', (raw, code, recognised) => {
    const r = parseEthnicity(raw);
    expect(r.recognised).toBe(recognised);
    expect(r.group?.code ?? null).toBe(code);
  });
  it('returns FOREIGN_NATIONAL, which is not one of the 54', () => {
    expect(parseEthnicity('Người nước ngoài').group).toBe(FOREIGN_NATIONAL);
    expect(ETHNIC_GROUPS).not.toContain(FOREIGN_NATIONAL);
  });
});

describe('parseEthnicity: names typed in a legacy font (TCVN3, VNI) and read as Windows-1252', () => {
  // Text repair cannot undo every such cell ('Khơmú' is two syllables written as one word), but the
  // names are a closed list: each group, written either way, is still found.
  const written = (name: string): string[] => [name, name.replace(/[- ]/g, ''), name.replace(/-/g, ' ')];
  it.each(OFFICIAL)('%s %s', (code, name) => {
    for (const form of written(name)) {
      for (const encode of [encodeTcvn3, encodeVni]) {
        const garbled = encode(form);
        if (garbled === form) continue;
        expect(parseEthnicity(garbled).group?.code, `${form} as ${garbled}`).toBe(code);
      }
    }
  });

  it.each([
    ['Kh¬mó', '29'], // TCVN3 Khơmú, as a Sơn La export holds it
    ['Th¸i', '03'],
    ['HM«ng', '08'],
    ['Thaùi', '03'], // VNI
  ])('%s → %s', (raw, code) => {
    expect(parseEthnicity(raw)).toMatchObject({ recognised: true, group: { code } });
  });

  it('text in the legacy range that names no group stays unrecognised', () => {
    expect(parseEthnicity('Kh¬ng râ ¸')).toEqual({ group: null, recognised: false });
    expect(parseEthnicity('Ngô Thị Hoa')).toEqual({ group: null, recognised: false });
  });
});

describe('ethnicGroupByCode', () => {
  it('looks up 1979 codes', () => {
    expect(ethnicGroupByCode('3')?.name).toBe('Thái');
    expect(ethnicGroupByCode('06')?.name).toBe('Mường');
    expect(ethnicGroupByCode('04')?.name).toBe('Hoa');
    expect(ethnicGroupByCode('99')).toBeNull();
  });
});
