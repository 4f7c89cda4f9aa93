// Feature tables of child records and ID-list persons for the linkage engine. The names of these
// features are what pipeline configs use in blocking rules and comparison levels (see docs/linkage.md).
import type { ChildRecord, IdPerson } from './types.js';
import { FeatureTableBuilder, type Column, type FeatureTable } from '../linkage/table.js';
import { stripDiacritics } from '../vietnamese/text.js';

export const FEATURE_KINDS: Record<string, Column['kind']> = {
  name_canonical: 'string',
  name_ascii: 'string',
  name_sound: 'string',
  name_nomiddle: 'string',
  /** 1 when the name was written without any diacritics (so only its letters can be compared). */
  name_plain: 'number',
  family_ascii: 'string',
  family_sound: 'string',
  given_ascii: 'string',
  given_sound: 'string',
  birth: 'date',
  birth_year: 'number',
  /** yyyy-mm-dd for dates known to the day that are not placeholders. */
  birth_iso: 'string',
  sex: 'string',
  ethnicity: 'string',
  mother_ascii: 'string',
  mother_sound: 'string',
  father_ascii: 'string',
  father_sound: 'string',
  /** new commune code + folded village name. */
  village_key: 'string',
  commune_code: 'string',
  old_commune_code: 'string',
  district_code: 'string',
  /** Only well-formed personal IDs. */
  citizen_id: 'string',
};

type Linkable = Pick<ChildRecord, 'name' | 'nameKeys' | 'birth' | 'sex' | 'ethnicity' | 'motherKeys' | 'fatherKeys' | 'place'> & {
  idCheck: ChildRecord['idCheck'];
};

function fill(builder: FeatureTableBuilder, items: readonly Linkable[]): FeatureTable {
  const w = builder.table(items.length, FEATURE_KINDS);
  items.forEach((r, row) => {
    const k = r.nameKeys;
    w.setString('name_canonical', row, r.name.canonical);
    w.setString('name_ascii', row, k.ascii);
    w.setString('name_sound', row, k.sound);
    w.setString('name_nomiddle', row, k.noMiddleAscii);
    if (k.ascii !== '') w.setNumber('name_plain', row, stripDiacritics(r.name.canonical) === r.name.canonical ? 1 : 0);
    w.setString('family_ascii', row, k.familyAscii);
    w.setString('family_sound', row, k.familySound);
    w.setString('given_ascii', row, k.givenAscii);
    w.setString('given_sound', row, k.givenSound);
    if (r.birth) {
      w.setDate('birth', row, r.birth);
      w.setNumber('birth_year', row, r.birth.year);
      if (r.birth.precision === 'day' && !r.birth.placeholder) w.setString('birth_iso', row, r.birth.iso);
    }
    if (r.sex !== 'U') w.setString('sex', row, r.sex);
    w.setString('ethnicity', row, r.ethnicity?.code);
    w.setString('mother_ascii', row, r.motherKeys?.ascii);
    w.setString('mother_sound', row, r.motherKeys?.sound);
    w.setString('father_ascii', row, r.fatherKeys?.ascii);
    w.setString('father_sound', row, r.fatherKeys?.sound);
    const commune = r.place.newCommune?.code;
    w.setString('commune_code', row, commune);
    if (commune && r.place.villageKey) w.setString('village_key', row, `${commune}|${r.place.villageKey}`);
    w.setString('old_commune_code', row, r.place.oldCommune?.code);
    w.setString('district_code', row, r.place.oldCommune?.districtCode);
    if (r.idCheck?.wellFormed) w.setString('citizen_id', row, r.idCheck.digits);
  });
  return w.table;
}

/** One table: the child records (dedupe). */
export function childFeatureTable(records: readonly ChildRecord[]): FeatureTable {
  return fill(new FeatureTableBuilder(), records);
}

/** Two tables sharing dictionaries: child records (left) and ID-list persons (right). */
export function linkFeatureTables(records: readonly Linkable[], persons: readonly IdPerson[]): { left: FeatureTable; right: FeatureTable } {
  const builder = new FeatureTableBuilder();
  const left = fill(builder, records);
  const right = fill(builder, persons);
  return { left, right };
}
