// Repeated record ids and listed IDs are found by sorting 32-bit hashes (mayRepeat); only the values
// that share a hash go through a map. Two different values with one hash must both stay usable.
import { describe, expect, it } from 'vitest';
import type { ChildField } from '../../schemas/config.js';
import { normalizeChildren, normalizeIdList, type NormalizeContext } from '../../src/normalize/normalize.js';
import { mayRepeat } from '../../src/normalize/repeats.js';
import type { InputFileInfo, RawFields, RawRow } from '../../src/pipeline/types.js';
import { fieldRepairer } from '../../src/vietnamese/encoding.js';
import { hashString } from '../../src/vietnamese/string-memo.js';
import { createPlaceResolver } from '../../src/vietnamese/places.js';
import { loadPlaceIndex } from '../../src/vietnamese/places-data.js';

// Different strings with the same 32-bit hash (found by search).
const COLLIDING_TEXT = ['Lò bmfsjwryn', 'Lò vgxuhmdoh'];
const COLLIDING_IDS = ['014213736381', '014212222508'];

describe('mayRepeat', () => {
  it('the colliding pairs do collide', () => {
    expect(hashString(COLLIDING_TEXT[0])).toBe(hashString(COLLIDING_TEXT[1]));
    expect(hashString(COLLIDING_IDS[0])).toBe(hashString(COLLIDING_IDS[1]));
  });

  it.each([
    { values: [], flags: [] },
    { values: ['TE001'], flags: [0] },
    { values: ['TE001', 'TE002', 'TE003'], flags: [0, 0, 0] },
    { values: ['TE001', 'TE002', 'TE001'], flags: [1, 0, 1] },
    { values: ['', 'TE002', '', ''], flags: [1, 0, 1, 1] },
    { values: ['te001', 'TE001', 'TE001 '], flags: [0, 0, 0] },
    { values: ['Nguyễn', 'Nguyễn', 'Nguyên'], flags: [1, 1, 0] },
    { values: [...COLLIDING_TEXT, 'TE9'], flags: [1, 1, 0] },
    { values: ['014213736381', 'x', '014212222508'], flags: [1, 0, 1] },
  ])('$values → $flags', ({ values, flags }) => {
    expect([...mayRepeat(values)]).toEqual(flags);
  });

  it('flags every value that occurs more than once', () => {
    let seed = 5;
    const rand = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let trial = 0; trial < 50; trial++) {
      const values = Array.from({ length: 500 + Math.floor(rand() * 2500) }, () => `TE${Math.floor(rand() * 4000)}`);
      const counts = new Map<string, number>();
      for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
      const flags = mayRepeat(values);
      // Every repeat flagged (an unflagged value is unique); a flag without a repeat is a collision.
      expect(values.filter((v, i) => counts.get(v)! > 1 && flags[i] === 0)).toEqual([]);
      expect(values.some((v) => counts.get(v)! > 1)).toBe(true);
    }
  });
});

const ctx: NormalizeContext = { referenceDate: { year: 2026, month: 6, day: 30 }, maxAge: 16, resolvePlace: createPlaceResolver(loadPlaceIndex(), { provinceCode: '14' }) };

function file(role: 'children' | 'idlist', headers: Array<[string, ChildField]>): InputFileInfo {
  return {
    role, index: 0, path: `/in/${role}.csv`, displayPath: `${role}.csv`, sha256: '', bytes: 0, format: 'csv', encoding: 'utf-8', textRepair: 'none',
    headerMapping: headers.map(([header, field]) => ({ header, field })), dateOrder: 'dmy', sexCodes: '1-male-2-female', rows: 0,
  } as InputFileInfo;
}

const rows = (fields: RawFields[]): RawRow[] => fields.map((f, i) => ({ prov: { file: 0, row: i + 2 }, fields: f }));

describe('repeated ids in normalize', () => {
  it('child records: two ids with one hash are both kept; a real repeat (after trimming) is rejected', () => {
    const info = file('children', [['Mã trẻ em', 'record_id'], ['Họ và tên', 'full_name']]);
    const n = normalizeChildren(
      rows([
        { record_id: COLLIDING_TEXT[0], full_name: 'Lò Văn Phong' },
        { record_id: 'TE002', full_name: 'Lường Thị Hoa' },
        { record_id: COLLIDING_TEXT[1], full_name: 'Giàng A Páo' },
        { record_id: ' TE002', full_name: 'Lường Thị Hoa' },
      ]),
      info, fieldRepairer({ kind: 'unicode', confidence: 1, mixed: false, evidence: {} } as never), ctx,
    );
    expect(n.records.map((r) => r.recordId)).toEqual([COLLIDING_TEXT[0], 'TE002', COLLIDING_TEXT[1]]);
    expect(n.rejects.map((r) => [r.row, r.code, r.reason])).toEqual([
      [5, 'duplicate-record-id', "children.csv, row 5: column 'Mã trẻ em': the id is already used by row 3; ids must be unique"],
    ]);
  });

  it('ID list: two IDs with one hash are both listed; the same person twice is listed once', () => {
    const info = file('idlist', [['Số định danh', 'citizen_id'], ['Họ và tên', 'full_name'], ['Ngày sinh', 'birth_date'], ['Giới tính', 'sex']]);
    const n = normalizeIdList(
      rows([
        { citizen_id: COLLIDING_IDS[0], full_name: 'Lò Văn Phong', birth_date: '05/03/2013', sex: 'Nam' },
        { citizen_id: COLLIDING_IDS[1], full_name: 'Giàng A Páo', birth_date: '01/02/2012', sex: 'Nam' },
        { citizen_id: COLLIDING_IDS[0], full_name: 'Lò Văn Phong', birth_date: '05/03/2013', sex: 'Nam' },
      ]),
      info, fieldRepairer({ kind: 'unicode', confidence: 1, mixed: false, evidence: {} } as never), ctx, 0,
    );
    expect(n.persons.map((p) => [p.citizenId, p.prov.row])).toEqual([[COLLIDING_IDS[0], 2], [COLLIDING_IDS[1], 3]]);
    expect(n.rejects.map((r) => [r.row, r.code])).toEqual([[4, 'duplicate-id']]);
  });
});
