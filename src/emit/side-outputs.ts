// The outputs that need nothing but the discrepancy list: discrepancies.csv and the commune
// worklists. A run writes them in a worker thread from its copy of the list, beside the main
// thread's CSV files (the children, entities and assignments, which need the records).
import type { Discrepancy } from '../pipeline/types.js';
import { DISCREPANCY_COLUMNS } from '../../schemas/outputs.js';
import { KIND_VI } from '../report/vi.js';
import { CsvWriter } from './csv.js';
import { writeWorklists, type WorklistOptions, type WorklistResult } from './worklists.js';

export interface SideOutputOptions {
  /** In the run's stable order. */
  discrepancies: readonly Discrepancy[];
  /** Path of discrepancies.csv (must not exist yet). */
  discrepancyCsv: string;
  /** Worklists to write after the CSV file, when the run makes them. */
  worklists?: Omit<WorklistOptions, 'discrepancies'>;
}

export interface SideOutputResult {
  discrepancyRows: number;
  worklists?: WorklistResult;
  /** Milliseconds each took, measured where they were written. */
  ms: { discrepancies: number; worklists?: number };
}

export async function writeSideOutputs(opts: SideOutputOptions): Promise<SideOutputResult> {
  let started = performance.now();
  const csv = new CsvWriter(opts.discrepancyCsv, DISCREPANCY_COLUMNS);
  for (const d of opts.discrepancies) {
    csv.write([d.id, d.kind, KIND_VI[d.kind], d.severity, d.recordIds.join(';'), d.entityId, d.citizenId, d.field, d.childValue, d.idListValue, d.communeCode, d.communeName, d.explanation]);
  }
  csv.close();
  const discrepancyMs = Math.round(performance.now() - started);
  if (!opts.worklists) return { discrepancyRows: csv.rows, ms: { discrepancies: discrepancyMs } };
  started = performance.now();
  const worklists = await writeWorklists({ ...opts.worklists, discrepancies: opts.discrepancies });
  return { discrepancyRows: csv.rows, worklists, ms: { discrepancies: discrepancyMs, worklists: Math.round(performance.now() - started) } };
}
