// The final discrepancy list: a stable order and a stable key per row.
import { hash } from 'node:crypto';
import { DISCREPANCY_KINDS, type Discrepancy, type DiscrepancyDraft } from '../pipeline/types.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
const KIND_ORDER = new Map(DISCREPANCY_KINDS.map((k, i) => [k, i]));

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A draft with what the order compares, computed once: a province's list sorts 400,000 rows. */
interface Sortable {
  d: DiscrepancyDraft;
  kind: number;
  severity: number;
  records: string;
}

/** Commune, kind (in the officers' order), severity, then the records concerned. */
function compare(a: Sortable, b: Sortable): number {
  return (
    cmp(a.d.communeCode, b.d.communeCode) ||
    a.kind - b.kind ||
    a.severity - b.severity ||
    cmp(a.records, b.records) ||
    cmp(a.d.citizenId, b.d.citizenId) ||
    cmp(a.d.field, b.d.field) ||
    cmp(a.d.explanation, b.d.explanation)
  );
}

/**
 * The key depends only on what the problem is about (kind, records, ID, field) — not on wording or
 * entity ids — so it survives re-runs. Rows without records (rejected rows, list-only children) also
 * use their explanation, which names the file and row or the ID.
 */
function keyOf(d: DiscrepancyDraft, records: string): string {
  const basis = [d.kind, records, d.citizenId, d.field, d.recordIds.length === 0 ? d.explanation : ''].join('|');
  return 'D' + hash('sha256', basis, 'hex').slice(0, 16).toUpperCase();
}

export function finalizeDiscrepancies(drafts: readonly DiscrepancyDraft[]): Discrepancy[] {
  const sorted = drafts
    .map((d): Sortable => ({ d, kind: KIND_ORDER.get(d.kind)!, severity: SEVERITY_ORDER[d.severity], records: d.recordIds.join(';') }))
    .sort(compare);
  const seen = new Map<string, number>();
  return sorted.map(({ d, records }) => {
    let id = keyOf(d, records);
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    if (n > 0) id = `${id}-${n + 1}`;
    return { id, ...d };
  });
}
