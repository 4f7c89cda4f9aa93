// Feature tables of child records and ID-list persons for the linkage engine. The names of these
// features are what pipeline configs use in blocking rules and comparison levels (see README).
import type { ChildRecord, IdPerson } from './types.js';
import { FeatureTableBuilder, MISSING, type Column, type DateColumn, type FeatureTable, type Interner, type NumberColumn, type StringColumn } from '../linkage/table.js';
import { stripDiacritics } from '../vietnamese/text.js';
import { nameSerial, type ParsedName, type NameKeys } from '../vietnamese/names.js';
import type { PlaceResolution } from '../vietnamese/places.js';
import type { PartialDate } from '../vietnamese/types.js';

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

type Linkable = Pick<ChildRecord, 'name' | 'nameKeys' | 'birth' | 'sex' | 'ethnicity' | 'mother' | 'motherKeys' | 'father' | 'fatherKeys' | 'place'> & {
  idCheck: ChildRecord['idCheck'];
};

/**
 * Interns a tuple of strings derived from one shared object once: dates and places come from
 * memoised normalizers, so equal values are the same object and most rows skip the dictionaries.
 */
class Memo<K extends object> {
  private readonly map = new Map<K, Int32Array>();
  constructor(
    private readonly dicts: Interner[],
    private readonly derive: (k: K) => Array<string | null | undefined>,
  ) {}

  ids(k: K): Int32Array {
    let ids = this.map.get(k);
    if (!ids) {
      const values = this.derive(k);
      ids = new Int32Array(values.length);
      values.forEach((v, i) => (ids![i] = v ? this.dicts[i].intern(v) : MISSING));
      this.map.set(k, ids);
    }
    return ids;
  }
}

/** Writes a parent's ascii and sound key ids into the row (interning each distinct parent name once). */
function parentIds(memo: NameIdRows, cols: StringColumn[], name: ParsedName | null, keys: NameKeys, row: number): void {
  let at = memo.find(name, keys);
  if (at < 0) {
    at = memo.insert(name, keys);
    memo.values[at] = keys.ascii ? cols[0].dict.intern(keys.ascii) : MISSING;
    memo.values[at + 1] = keys.sound ? cols[1].dict.intern(keys.sound) : MISSING;
  }
  cols[0].ids[row] = memo.values[at];
  cols[1].ids[row] = memo.values[at + 1];
}

/** Serials beyond this are keyed by a Map (a process that has parsed tens of millions of names). */
const MAX_SERIAL_SLOTS = 1 << 25;

/** The name's serial number when it has a slot in the arrays below, else -1 (then a Map keys it). */
function slotSerial(name: ParsedName | null): number {
  const serial = name ? nameSerial(name) : -1;
  return serial < MAX_SERIAL_SLOTS ? serial : -1;
}

/**
 * Rows of feature ids per distinct name, found by the name's serial number: an array index, where a
 * Map keyed by the parsed-name object would cost a hash-table probe and its cache misses for every
 * record of a province. Names without a serial (built by hand) go through a Map.
 */
class NameIdRows {
  /** serial → 1 + the name's row in `values`; 0 when not seen yet. */
  private slots = new Int32Array(1024);
  private readonly others = new Map<object, number>();
  /** Row r of the ids is values[r * width …]. Read again after insert (it may be reallocated). */
  values: Int32Array;
  private rows = 0;

  constructor(private readonly width: number) {
    this.values = new Int32Array(width * 1024);
  }

  /** Offset of the name's ids in `values`, or -1 when the name has not been inserted. */
  find(name: ParsedName | null, fallbackKey: object): number {
    const serial = slotSerial(name);
    const row = serial >= 0 ? (serial < this.slots.length ? this.slots[serial] - 1 : -1) : (this.others.get(fallbackKey) ?? -1);
    return row < 0 ? -1 : row * this.width;
  }

  /** Makes a row for the name (not found before) and returns its offset in `values`. */
  insert(name: ParsedName | null, fallbackKey: object): number {
    const row = this.rows++;
    if (this.rows * this.width > this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const serial = slotSerial(name);
    if (serial >= 0) {
      if (serial >= this.slots.length) {
        let size = this.slots.length;
        while (size <= serial) size *= 2;
        const grown = new Int32Array(Math.min(size, MAX_SERIAL_SLOTS));
        grown.set(this.slots);
        this.slots = grown;
      }
      this.slots[serial] = row + 1;
    } else {
      this.others.set(fallbackKey, row);
    }
    return row * this.width;
  }
}

function fill(builder: FeatureTableBuilder, items: readonly Linkable[]): FeatureTable {
  const table = builder.table(items.length, FEATURE_KINDS).table;
  const str = (name: string): StringColumn => table.columns[name] as StringColumn;
  const num = (name: string): NumberColumn => table.columns[name] as NumberColumn;
  const nameCols = ['name_canonical', 'name_ascii', 'name_sound', 'name_nomiddle', 'family_ascii', 'family_sound', 'given_ascii', 'given_sound'].map(str);
  // One more slot per name: whether it was written without any diacritics.
  const names = new NameIdRows(nameCols.length + 1);
  const mothers = [str('mother_ascii'), str('mother_sound')];
  const fathers = [str('father_ascii'), str('father_sound')];
  const motherIds = new NameIdRows(2);
  const fatherIds = new NameIdRows(2);
  const placeCols = ['commune_code', 'village_key', 'old_commune_code', 'district_code'].map(str);
  const places = new Memo<PlaceResolution>(
    placeCols.map((c) => c.dict),
    (p) => {
      const commune = p.newCommune?.code;
      return [commune, commune && p.villageKey ? `${commune}|${p.villageKey}` : null, p.oldCommune?.code, p.oldCommune?.districtCode];
    },
  );
  const isoCol = str('birth_iso');
  const dates = new Memo<PartialDate>([isoCol.dict], (d) => [d.precision === 'day' && !d.placeholder ? d.iso : null]);
  const plain = num('name_plain').values;
  const year = num('birth_year').values;
  const birth = table.columns.birth as DateColumn;
  const sex = str('sex');
  const ethnicity = str('ethnicity');
  const citizen = str('citizen_id');
  const male = sex.dict.intern('M');
  const female = sex.dict.intern('F');

  for (let row = 0; row < items.length; row++) {
    const r = items[row];
    // Equal names are the same parsed object (parseName is memoised): intern each distinct one once.
    let at = names.find(r.name, r.name);
    if (at < 0) {
      const k = r.nameKeys;
      const values = [r.name.canonical, k.ascii, k.sound, k.noMiddleAscii, k.familyAscii, k.familySound, k.givenAscii, k.givenSound];
      at = names.insert(r.name, r.name);
      const ids = names.values;
      for (let i = 0; i < values.length; i++) ids[at + i] = values[i] ? nameCols[i].dict.intern(values[i]) : MISSING;
      ids[at + values.length] = k.ascii === '' ? -1 : stripDiacritics(r.name.canonical) === r.name.canonical ? 1 : 0;
    }
    const ids = names.values;
    for (let i = 0; i < nameCols.length; i++) nameCols[i].ids[row] = ids[at + i];
    if (ids[at + nameCols.length] >= 0) plain[row] = ids[at + nameCols.length];
    if (r.birth) {
      const d = r.birth;
      birth.year[row] = d.year;
      birth.month[row] = d.month ?? 0;
      birth.day[row] = d.day ?? 0;
      birth.placeholder[row] = d.placeholder ? 1 : 0;
      if (d.month && d.day && !d.placeholder) birth.dayNumber[row] = Math.floor(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
      year[row] = d.year;
      isoCol.ids[row] = dates.ids(d)[0];
    }
    if (r.sex !== 'U') sex.ids[row] = r.sex === 'M' ? male : female;
    if (r.ethnicity) ethnicity.ids[row] = ethnicity.dict.intern(r.ethnicity.code);
    if (r.motherKeys) parentIds(motherIds, mothers, r.mother, r.motherKeys, row);
    if (r.fatherKeys) parentIds(fatherIds, fathers, r.father, r.fatherKeys, row);
    const p = places.ids(r.place);
    for (let i = 0; i < placeCols.length; i++) placeCols[i].ids[row] = p[i];
    if (r.idCheck?.wellFormed) citizen.ids[row] = citizen.dict.intern(r.idCheck.digits);
  }
  return table;
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
