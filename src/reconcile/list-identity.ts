// Who a record is, according to the ID list alone: the one person listed with exactly the same name
// (letters and marks), birth date and sex. Dedupe uses it as a constraint: two records that are each
// exactly a different listed person are different children, however alike they look (twins named
// Hương and Hường, born the same day to the same parents).
import type { ChildRecord, IdPerson } from '../pipeline/types.js';

function exactKey(canonical: string, birthIso: string | undefined, sex: string): string | null {
  if (!canonical || !birthIso || sex === 'U') return null;
  return `${canonical.toLowerCase()}|${birthIso}|${sex}`;
}

/** For each record, the index of the unique exactly-equal person in the list, or -1. */
export function exactListIdentities(records: readonly ChildRecord[], persons: readonly IdPerson[]): Int32Array {
  const byKey = new Map<string, number>();
  for (const p of persons) {
    if (!p.birth || p.birth.precision !== 'day' || p.birth.placeholder) continue;
    const k = exactKey(p.name.canonical, p.birth.iso, p.sex);
    if (!k) continue;
    byKey.set(k, byKey.has(k) ? -1 : p.idx);
  }
  const out = new Int32Array(records.length).fill(-1);
  for (const r of records) {
    if (!r.birth || r.birth.precision !== 'day' || r.birth.placeholder) continue;
    const k = exactKey(r.name.canonical, r.birth.iso, r.sex);
    if (k) out[r.idx] = byKey.get(k) ?? -1;
  }
  return out;
}
