// The final discrepancy list: a stable order and a stable key per row.
import { hash } from 'node:crypto';
import { DISCREPANCY_KINDS, type Discrepancy, type DiscrepancyDraft } from '../pipeline/types.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;
const KIND_ORDER = new Map(DISCREPANCY_KINDS.map((k, i) => [k, i]));

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Commune, kind (in the officers' order), severity, then the records concerned. */
export function compareDiscrepancies(a: DiscrepancyDraft, b: DiscrepancyDraft): number {
  return (
    cmp(a.communeCode, b.communeCode) ||
    KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    cmp(a.recordIds.join(';'), b.recordIds.join(';')) ||
    cmp(a.citizenId, b.citizenId) ||
    cmp(a.field, b.field) ||
    cmp(a.explanation, b.explanation)
  );
}

/**
 * The key depends only on what the problem is about (kind, records, ID, field) — not on wording or
 * entity ids — so it survives re-runs. Rows without records (rejected rows, list-only children) also
 * use their explanation, which names the file and row or the ID.
 */
function keyOf(d: DiscrepancyDraft): string {
  const basis = [d.kind, d.recordIds.join(';'), d.citizenId, d.field, d.recordIds.length === 0 ? d.explanation : ''].join('|');
  return 'D' + hash('sha256', basis, 'hex').slice(0, 16).toUpperCase();
}

export function finalizeDiscrepancies(drafts: readonly DiscrepancyDraft[]): Discrepancy[] {
  const sorted = [...drafts].sort(compareDiscrepancies);
  const seen = new Map<string, number>();
  return sorted.map((d) => {
    let id = keyOf(d);
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    if (n > 0) id = `${id}-${n + 1}`;
    return { id, ...d };
  });
}
