// Surviving values of an entity (entities.csv): the most complete, most agreed value of each field;
// the ID list's identity fields when the entity is linked. A one-record entity takes a shortcut, which
// must give exactly what the general rule gives.
import { describe, expect, it } from 'vitest';
import { bestValues } from '../../src/dedupe/survivorship.js';
import type { ChildRecord, IdPerson } from '../../src/pipeline/types.js';
import { parseName } from '../../src/vietnamese/names.js';
import { parseDate } from '../../src/vietnamese/dates.js';
import { ethnicGroupByCode } from '../../src/vietnamese/ethnicity.js';
import type { NewCommune } from '../../src/vietnamese/places.js';
import type { PartialDate, Sex } from '../../src/vietnamese/types.js';

const CHIENG_MUNG: NewCommune = { code: '14185', name: 'Xã Chiềng Mung', provinceCode: '14', provinceName: 'Tỉnh Sơn La' };

function date(raw: string): PartialDate {
  const r = parseDate(raw, { referenceDate: { year: 2026, month: 6, day: 30 } });
  if (!r.ok) throw new Error(`test date ${raw}: ${r.reason}`);
  return r.date;
}

interface Fields {
  name?: string;
  birth?: string;
  sex?: Sex;
  ethnicity?: string;
  mother?: string;
  father?: string;
  village?: string;
  commune?: NewCommune | null;
}

function record(f: Fields): ChildRecord {
  return {
    name: parseName(f.name ?? ''),
    birth: f.birth ? date(f.birth) : null,
    sex: f.sex ?? 'U',
    ethnicity: f.ethnicity ? ethnicGroupByCode(f.ethnicity) : null,
    mother: f.mother ? parseName(f.mother) : null,
    father: f.father ? parseName(f.father) : null,
    place: { village: f.village ?? '', newCommune: f.commune ?? null },
  } as unknown as ChildRecord;
}

describe('one-record entities', () => {
  const shapes: Array<[string, Fields]> = [
    ['every field', { name: 'Lò Văn Phong', birth: '05/03/2019', sex: 'M', ethnicity: '03', mother: 'Lò Thị Ơn', father: 'Lò Văn Hặc', village: 'Bản Nà Sản', commune: CHIENG_MUNG }],
    ['nothing but a name', { name: 'Giàng A Páo' }],
    ['unknown sex, year only', { name: 'Vàng Thị Mỷ', birth: '2018', sex: 'U' }],
    ['placeholder date', { name: 'Sùng A Chứ', birth: '01/01/2017', sex: 'M' }],
    ['a village without a commune (not kept)', { name: 'Quàng Thị Hoa', village: 'Bản Hụm', commune: null }],
    ['a commune without a village', { name: 'Cầm Văn Ơn', commune: CHIENG_MUNG }],
    ['an unnamed child', { name: 'Chưa đặt tên', mother: 'Lò Thị Hoa' }],
  ];
  it.each(shapes)('%s: the shortcut gives what the general rule gives', (_, f) => {
    const r = record(f);
    // Two copies of one record go through the general rule and must choose that record's values.
    expect(bestValues([r], null)).toEqual(bestValues([r, r], null));
  });

  it('takes the record values as they are', () => {
    const r = record(shapes[0][1]);
    expect(bestValues([r], null)).toEqual({
      fullName: 'Lò Văn Phong', birth: r.birth, sex: 'M', ethnicity: r.ethnicity, motherName: 'Lò Thị Ơn', fatherName: 'Lò Văn Hặc',
      village: 'Bản Nà Sản', communeCode: '14185', commune: 'Xã Chiềng Mung', source: 'records',
    });
    const bare = bestValues([record({ name: 'Quàng Thị Hoa', village: 'Bản Hụm' })], null);
    expect([bare.village, bare.communeCode, bare.motherName, bare.birth, bare.sex, bare.ethnicity]).toEqual(['', '', '', null, 'U', null]);
  });
});

describe('several records', () => {
  it('prefers diacritics, a middle name and agreement; day precision; known sex; a placed record', () => {
    const members = [
      record({ name: 'Lo Van Phong', birth: '2019', sex: 'U', mother: 'Lo Thi On' }),
      record({ name: 'Lò Phong', birth: '05/03/2019', sex: 'M', village: 'Bản Nà Sản', commune: CHIENG_MUNG }),
      record({ name: 'Lò Văn Phong', birth: '03/2019', sex: 'M', mother: 'Lò Thị Ơn', ethnicity: '03' }),
    ];
    const best = bestValues(members, null);
    expect(best.fullName).toBe('Lò Văn Phong');
    expect(best.birth?.iso).toBe('2019-03-05');
    expect(best.sex).toBe('M');
    expect(best.ethnicity?.code).toBe('03');
    expect(best.motherName).toBe('Lò Thị Ơn');
    expect([best.village, best.communeCode]).toEqual(['Bản Nà Sản', '14185']);
    expect(best.source).toBe('records');
  });
});

describe('an entity linked to the ID list', () => {
  const person = {
    name: parseName('Lò Văn Phóng'),
    birth: date('06/03/2019'),
    sex: 'M',
    ethnicity: null,
  } as unknown as IdPerson;

  it.each([1, 2])('takes name, birth date and sex from the list (%i record(s))', (copies) => {
    const r = record({ name: 'Lò Văn Phong', birth: '05/03/2019', sex: 'U', ethnicity: '03', village: 'Bản Nà Sản', commune: CHIENG_MUNG });
    const best = bestValues(Array.from({ length: copies }, () => r), person);
    expect([best.fullName, best.birth?.iso, best.sex, best.source]).toEqual(['Lò Văn Phóng', '2019-03-06', 'M', 'id-list']);
    // What the list lacks comes from the records.
    expect(best.ethnicity?.code).toBe('03');
    expect(best.village).toBe('Bản Nà Sản');
  });
});
