// Who a record is, according to the ID list alone: the one person listed with exactly the same name
// (letters and marks), birth date and sex. Dedupe uses it as a constraint: two records that are each
// exactly a different listed person are different children, however alike they look (twins named
// Hương and Hường, born the same day to the same parents).
import { MISSING, type FeatureTable, type StringColumn } from '../linkage/table.js';

function keyColumns(t: FeatureTable): [Int32Array, Int32Array, Int32Array] {
  const col = (name: string): Int32Array => (t.columns[name] as StringColumn).ids;
  return [col('name_canonical'), col('birth_iso'), col('sex')];
}

/**
 * For each record (left table), the index of the unique person (right table) with exactly the same
 * canonical name, exact birth date and sex, or -1. The tables must share dictionaries.
 */
export function exactListIdentities(records: FeatureTable, persons: FeatureTable): Int32Array {
  const [pn, pd, ps] = keyColumns(persons);
  const dates = (persons.columns.birth_iso as StringColumn).dict.values.length;
  const key = (n: number, d: number, s: number): number => (n * dates + d) * 4 + s;
  const byKey = new Map<number, number>();
  for (let j = 0; j < persons.size; j++) {
    if (pn[j] === MISSING || pd[j] === MISSING || ps[j] === MISSING) continue;
    const k = key(pn[j], pd[j], ps[j]);
    byKey.set(k, byKey.has(k) ? -1 : j);
  }
  const [rn, rd, rs] = keyColumns(records);
  const out = new Int32Array(records.size).fill(-1);
  for (let i = 0; i < records.size; i++) {
    if (rn[i] === MISSING || rd[i] === MISSING || rs[i] === MISSING) continue;
    out[i] = byKey.get(key(rn[i], rd[i], rs[i])) ?? -1;
  }
  return out;
}
