// What changed between two runs: records that appeared or disappeared, IDs newly assigned (or no
// longer assigned), and discrepancies that are new or resolved, per commune. Used for the run summary
// (against last night's snapshot in the store) and by `childlink diff`.
import { join } from 'node:path';
import { OUTPUT_FILES } from '../../schemas/outputs.js';
import { readColumns } from './read-columns.js';

export interface Snapshot {
  /** record id → assigned citizen id ('' when none). */
  records: Map<string, string>;
  /** discrepancy id → commune code. */
  discrepancies: Map<string, string>;
}

export interface CommuneChanges {
  newDiscrepancies: number;
  resolvedDiscrepancies: number;
  idsNewlyAssigned: number;
}

export interface RunDiff {
  records: { new: number; removed: number };
  idsNewlyAssigned: number;
  idsNoLongerAssigned: number;
  idsChanged: number;
  discrepancies: { new: number; resolved: number };
  byCommune: Record<string, CommuneChanges>;
}

export function diffSnapshots(before: Snapshot, after: Snapshot, communeOfRecord: (recordId: string) => string): RunDiff {
  const d: RunDiff = { records: { new: 0, removed: 0 }, idsNewlyAssigned: 0, idsNoLongerAssigned: 0, idsChanged: 0, discrepancies: { new: 0, resolved: 0 }, byCommune: {} };
  const commune = (code: string): CommuneChanges => (d.byCommune[code] ??= { newDiscrepancies: 0, resolvedDiscrepancies: 0, idsNewlyAssigned: 0 });
  for (const [r, id] of after.records) {
    const was = before.records.get(r);
    if (was === undefined) d.records.new++;
    if (id && !was) {
      d.idsNewlyAssigned++;
      commune(communeOfRecord(r)).idsNewlyAssigned++;
    } else if (id && was && id !== was) d.idsChanged++;
    else if (!id && was) d.idsNoLongerAssigned++;
  }
  for (const r of before.records.keys()) if (!after.records.has(r)) d.records.removed++;
  for (const [k, c] of after.discrepancies) {
    if (!before.discrepancies.has(k)) {
      d.discrepancies.new++;
      commune(c).newDiscrepancies++;
    }
  }
  for (const [k, c] of before.discrepancies) {
    if (!after.discrepancies.has(k)) {
      d.discrepancies.resolved++;
      commune(c).resolvedDiscrepancies++;
    }
  }
  d.byCommune = Object.fromEntries(Object.entries(d.byCommune).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return d;
}

const GONE = "not found (the run's outputs may have been removed by retention)";

/** A run's snapshot from its output folder, plus each record's commune. */
export function snapshotFromOutputs(runDir: string): { snapshot: Snapshot; communeOf: Map<string, string> } {
  const records = new Map<string, string>();
  const communeOf = new Map<string, string>();
  for (const row of readColumns(join(runDir, OUTPUT_FILES.clean), ['record_id', 'citizen_id', 'commune_code'], GONE)) {
    records.set(row.record_id, row.citizen_id);
    communeOf.set(row.record_id, row.commune_code);
  }
  const discrepancies = new Map<string, string>();
  for (const row of readColumns(join(runDir, OUTPUT_FILES.discrepancies), ['discrepancy_id', 'commune_code'], GONE)) discrepancies.set(row.discrepancy_id, row.commune_code);
  return { snapshot: { records, discrepancies }, communeOf };
}

export function formatDiff(d: RunDiff, before: string, after: string): string {
  const lines = [
    `Changes from ${before} to ${after}`,
    `  records          +${d.records.new} new, -${d.records.removed} removed`,
    `  citizen IDs      +${d.idsNewlyAssigned} newly assigned, ${d.idsChanged} changed, -${d.idsNoLongerAssigned} no longer assigned`,
    `  discrepancies    +${d.discrepancies.new} new, -${d.discrepancies.resolved} resolved`,
  ];
  const communes = Object.entries(d.byCommune);
  if (communes.length > 0) {
    lines.push('', '  commune   new disc.  resolved  IDs assigned');
    for (const [code, c] of communes) {
      lines.push(`  ${(code || '(none)').padEnd(8)}  ${String(c.newDiscrepancies).padStart(9)}  ${String(c.resolvedDiscrepancies).padStart(8)}  ${String(c.idsNewlyAssigned).padStart(12)}`);
    }
  }
  return lines.join('\n');
}
