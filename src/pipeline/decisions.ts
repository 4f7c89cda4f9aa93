// Officers' decisions: imported from filled-in worklists into the run store, and turned into
// constraints for the next run — a confirmed link is assigned, a rejected link is never proposed
// again, 'same child' / 'different child' override the dedupe. A decision whose records changed (or
// disappeared) is reported, not applied.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { ChildRecord, IdPerson } from './types.js';
import { OUTPUT_FILES } from '../../schemas/outputs.js';
import type { DecisionRow, RunStore } from '../store/run-store.js';
import { readWorklistDecisions, type DecisionProblem } from '../report/decisions-reader.js';
import { DECISIONS } from '../emit/worklists.js';
import { describeRecord, type ReconcileDecisions } from '../reconcile/reconcile.js';

export interface ImportResult {
  imported: number;
  problems: DecisionProblem[];
  files: Array<{ file: string; run: string | null; decisions: number }>;
}

interface DiscrepancyRow {
  kind: string;
  record_ids: string;
  citizen_id: string;
  child_value: string;
}

function readDiscrepancies(outputDir: string): Map<string, DiscrepancyRow> {
  const text = readFileSync(join(outputDir, OUTPUT_FILES.discrepancies), 'utf8').replace(/^\ufeff/, '');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  return new Map(rows.map((r) => [r.discrepancy_id, { kind: r.kind, record_ids: r.record_ids, citizen_id: r.citizen_id, child_value: r.child_value }]));
}

/** Reads filled-in worklists and stores their decisions, each checked against the run it came from. */
export async function importDecisions(files: readonly string[], store: RunStore, opts: { who?: string; now?: Date } = {}): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, problems: [], files: [] };
  const byRun = new Map<string, Map<string, DiscrepancyRow>>();
  const importedAt = (opts.now ?? new Date()).toISOString();
  for (const file of files) {
    const read = await readWorklistDecisions(file);
    result.problems.push(...read.problems);
    const run = read.runId ? store.runByKey(read.runId) : undefined;
    if (read.runId && !run) {
      result.problems.push({ file, message: `${file}: the worklist comes from a run this state folder does not know (run key ${read.runId})` });
    }
    if (!run?.output_dir) {
      if (run) result.problems.push({ file, message: `${file}: the outputs of run ${run.id} were removed; decisions cannot be checked` });
      result.files.push({ file, run: run?.id ?? null, decisions: 0 });
      continue;
    }
    let rows = byRun.get(run.id);
    if (!rows) {
      rows = readDiscrepancies(run.output_dir);
      byRun.set(run.id, rows);
    }
    const accepted: DecisionRow[] = [];
    for (const d of read.decisions) {
      const row = rows.get(d.rowKey);
      if (!row) {
        result.problems.push({ file, sheet: d.sheet, row: d.row, message: `${file}, sheet '${d.sheet}', row ${d.row}: the row key is not in run ${run.id}; the row was edited or comes from another run` });
        continue;
      }
      accepted.push({
        row_key: d.rowKey,
        kind: row.kind,
        decision: d.decision,
        record_ids: JSON.stringify(row.record_ids ? row.record_ids.split(';') : []),
        citizen_id: row.citizen_id,
        child_value: row.child_value,
        note: d.note,
        who: d.who || opts.who || '',
        file,
        sheet: d.sheet,
        row: d.row,
        from_run: run.id,
        imported_at: importedAt,
      });
    }
    store.addDecisions(accepted);
    result.imported += accepted.length;
    result.files.push({ file, run: run.id, decisions: accepted.length });
  }
  return result;
}

export type DecisionOutcome = 'applied' | 'stale' | 'recorded';

export interface AppliedDecision {
  row: DecisionRow;
  outcome: DecisionOutcome;
  reason: string;
}

export interface DecisionConstraints {
  reconcile: ReconcileDecisions;
  mustLink: Array<[number, number]>;
  cannotLink: Array<[number, number]>;
  outcomes: AppliedDecision[];
}

/**
 * Turns the stored decisions into constraints for this run's records and ID list, and says for each
 * one whether it is applied, stale (records changed or gone) or only recorded (decisions such as
 * 'Đã sửa' that need no action from the pipeline).
 */
export function decisionConstraints(rows: readonly DecisionRow[], records: readonly ChildRecord[], persons: readonly IdPerson[]): DecisionConstraints {
  // Indexes of every record and listed ID only when there are decisions to check (most nights none).
  const byId = rows.length === 0 ? new Map<string, ChildRecord>() : new Map(records.map((r) => [r.recordId, r]));
  const listIds = rows.length === 0 ? new Set<string>() : new Set(persons.map((p) => p.citizenId));
  const confirmed = new Map<string, string>();
  const rejected = new Set<string>();
  const mustLink: Array<[number, number]> = [];
  const cannotLink: Array<[number, number]> = [];
  const outcomes: AppliedDecision[] = [];

  for (const row of rows) {
    const ids = JSON.parse(row.record_ids) as string[];
    const found = ids.map((id) => byId.get(id));
    const stale = (reason: string): void => void outcomes.push({ row, outcome: 'stale', reason });
    const applied = (reason: string): void => void outcomes.push({ row, outcome: 'applied', reason });
    if (found.some((r) => !r)) {
      stale('a record of the decision is no longer in the child export');
      continue;
    }
    const present = found as ChildRecord[];
    if (row.decision === DECISIONS.confirmLink || row.decision === DECISIONS.rejectLink) {
      if (!row.citizen_id || !listIds.has(row.citizen_id)) {
        stale('the citizen ID is not in the current ID lists');
        continue;
      }
      if (row.child_value && present.length > 0 && describeRecord(present[0]) !== row.child_value) {
        stale("the record's name, birth date or sex changed since the decision");
        continue;
      }
      for (const r of present) {
        if (row.decision === DECISIONS.confirmLink) confirmed.set(r.recordId, row.citizen_id);
        else rejected.add(`${r.recordId}|${row.citizen_id}`);
      }
      applied(row.decision === DECISIONS.confirmLink ? 'link assigned' : 'link never proposed again');
    } else if (row.decision === DECISIONS.sameChild || row.decision === DECISIONS.differentChild) {
      if (present.length < 2) {
        stale('fewer than two records');
        continue;
      }
      for (let a = 0; a < present.length; a++) {
        for (let b = a + 1; b < present.length; b++) {
          (row.decision === DECISIONS.sameChild ? mustLink : cannotLink).push([present[a].idx, present[b].idx]);
        }
      }
      applied(row.decision === DECISIONS.sameChild ? 'records kept together' : 'records kept apart');
    } else {
      outcomes.push({ row, outcome: 'recorded', reason: 'no action needed from the pipeline' });
    }
  }
  return { reconcile: { confirmed, rejected }, mustLink, cannotLink, outcomes };
}
