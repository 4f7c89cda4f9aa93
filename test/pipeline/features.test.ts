// Feature tables: every row's ids read back as its own name, parent and ID values, whichever path
// the table took to find them (a parsed name's serial number, or a map for names built by hand).
import { describe, expect, it } from 'vitest';
import { childFeatureTable, linkFeatureTables } from '../../src/pipeline/features.js';
import type { ChildRecord, IdPerson } from '../../src/pipeline/types.js';
import type { FeatureTable, StringColumn } from '../../src/linkage/table.js';
import { clearNameCaches, nameKeys, nameSerial, parseName, type ParsedName } from '../../src/vietnamese/names.js';

const NOWHERE = { village: '', villageKey: '', oldCommune: null, newCommune: null, confidence: 'none', crosswalkConfidence: 'none', problems: [], notes: [], candidates: [] };

function child(name: ParsedName, mother: ParsedName | null, idx = 0): ChildRecord {
  return {
    idx,
    name,
    nameKeys: nameKeys(name),
    birth: null,
    sex: 'M',
    ethnicity: null,
    idCheck: null,
    mother,
    motherKeys: mother ? nameKeys(mother) : null,
    father: null,
    fatherKeys: null,
    place: NOWHERE,
  } as unknown as ChildRecord;
}

/** The string a row holds in a string column, or null when missing. */
function text(t: FeatureTable, column: string, row: number): string | null {
  const c = t.columns[column] as StringColumn;
  const id = c.ids[row];
  return id < 0 ? null : c.dict.values[id];
}

/** A copy with the same fields that parseName did not make (as after crossing a worker boundary). */
function handBuilt(p: ParsedName): ParsedName {
  return { ...p, tokens: [...p.tokens], removed: [...p.removed], flags: [...p.flags] };
}

describe('nameSerial', () => {
  it('is shared by equal inputs, differs between names, and is never reused after the memos are cleared', () => {
    const a = parseName('Lò Văn Phong');
    expect(nameSerial(parseName('Lò Văn Phong'))).toBe(nameSerial(a));
    expect(nameSerial(parseName('Lường Thị Hoa'))).not.toBe(nameSerial(a));
    clearNameCaches();
    const again = parseName('Lò Văn Phong');
    expect(again).not.toBe(a);
    expect(nameSerial(again)).toBeGreaterThan(nameSerial(a));
  });

  it('is -1 for a ParsedName that parseName did not make', () => {
    expect(nameSerial(handBuilt(parseName('Giàng A Páo')))).toBe(-1);
  });
});

describe('feature tables', () => {
  it('name and parent features read back per row, through serials and through the map alike', () => {
    // Enough distinct names to grow the per-name rows and the serial slots several times.
    const given = ['Phong', 'Hoa', 'Páo', 'Dế', 'Mỷ', 'Ơn', 'Ún', 'Ích', 'Thủy', 'Hòa'];
    const family = ['Lò', 'Lường', 'Giàng', 'Sùng', 'Vì', 'Cầm', 'Quàng', 'Hà', 'Mùa', 'Tòng'];
    const records: ChildRecord[] = [];
    for (let i = 0; i < 3000; i++) {
      // 3,000 distinct names: family × two given-name syllables × a last one.
      const name = parseName(`${family[i % 10]} ${given[Math.floor(i / 10) % 10]} ${given[Math.floor(i / 100) % 10]} ${['An', 'Bình', 'Chi'][Math.floor(i / 1000)]}`);
      const mother = i % 7 === 0 ? null : parseName(`${family[(i + 3) % 10]} Thị ${given[i % 10]}`);
      records.push(child(i % 5 === 0 ? handBuilt(name) : name, i % 11 === 0 && mother ? handBuilt(mother) : mother, i));
    }
    // A record with parent keys but no parsed parent (built by a caller that only kept the keys).
    const keysOnly = child(parseName('Sùng A Dế'), null, records.length);
    records.push({ ...keysOnly, motherKeys: nameKeys(parseName('Vàng Thị Mỷ')) });

    const t = childFeatureTable(records);
    records.forEach((r, row) => {
      const k = r.nameKeys;
      expect([text(t, 'name_canonical', row), text(t, 'name_ascii', row), text(t, 'name_sound', row), text(t, 'given_ascii', row)]).toEqual([
        r.name.canonical, k.ascii, k.sound, k.givenAscii,
      ]);
      expect([text(t, 'mother_ascii', row), text(t, 'mother_sound', row)]).toEqual(r.motherKeys ? [r.motherKeys.ascii, r.motherKeys.sound] : [null, null]);
    });
    expect(text(t, 'mother_ascii', records.length - 1)).toBe('vang thi my');
  });

  it('the two tables of a link job give the same ids to the same values', () => {
    const name = parseName('Hà Thị Thủy');
    const records = [child(name, parseName('Lò Thị Ơn')), child(parseName('Lò Văn Phong'), null, 1)];
    const person = { ...child(handBuilt(parseName('Hà Thị Thủy')), null), citizenId: '014316000456' } as unknown as IdPerson;
    const { left, right } = linkFeatureTables(records, [person]);
    const l = left.columns.name_ascii as StringColumn;
    const r = right.columns.name_ascii as StringColumn;
    expect(r.dict).toBe(l.dict);
    expect(r.ids[0]).toBe(l.ids[0]);
    expect(r.ids[0]).not.toBe(l.ids[1]);
  });
});
