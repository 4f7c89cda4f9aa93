// The emit stage: writes the output contract into a folder (the orchestrator makes it appear atomically).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildRecord, Discrepancy, IdPerson, InputFileInfo, Reject } from '../pipeline/types.js';
import type { Entity } from '../dedupe/entities.js';
import type { RecordLink } from '../reconcile/reconcile.js';
import { CsvWriter } from './csv.js';
import { ASSIGNMENT_COLUMNS, CLEAN_COLUMNS, DECISION_COLUMNS, ENTITY_COLUMNS, OUTPUT_FILES, REJECT_COLUMNS, type Summary } from '../../schemas/outputs.js';
import { writeSideOutputs, type SideOutputOptions, type SideOutputResult } from './side-outputs.js';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { AppliedDecision } from '../pipeline/decisions.js';
import { bestValues } from '../dedupe/survivorship.js';

export interface EmitInput {
  dir: string;
  records: readonly ChildRecord[];
  entities: readonly Entity[];
  entityOf: Int32Array;
  recordLinks: readonly RecordLink[];
  persons: readonly IdPerson[];
  childFile: InputFileInfo;
  idListFiles: readonly InputFileInfo[];
  discrepancies: readonly Discrepancy[];
  rejects: readonly Reject[];
  /** Written last, so a part of it (the changes since last night) may still be computed meanwhile. */
  summary: Summary | Promise<Summary>;
  /** The run's reference date, yyyy-mm-dd (worklists). */
  referenceDate: string;
  /** Officers' decisions and what this run did with them. */
  decisions: readonly AppliedDecision[];
  /** Per-commune worklists: written when given. */
  worklists?: { runKey: string; pipeline: string };
}

export interface EmitResult {
  files: Record<string, number>;
  /**
   * Milliseconds: the CSV files of this thread, and, written at the same time by a worker,
   * discrepancies.csv and the worklists (when written).
   */
  ms: { csv: number; discrepancies: number; worklists?: number };
}

const SIDE_OUTPUT_WORKER = fileURLToPath(new URL('./side-output-worker.js', import.meta.url));

/**
 * discrepancies.csv and the worklists in a worker thread when the compiled worker exists (not under
 * the test runner). Without worklists the CSV file alone does not repay copying the discrepancies
 * to a worker: it is written here.
 */
function writeSideOutputsConcurrently(opts: SideOutputOptions): Promise<SideOutputResult> {
  if (!opts.worklists || !existsSync(SIDE_OUTPUT_WORKER)) return writeSideOutputs(opts);
  return new Promise((resolve, reject) => {
    const w = new Worker(SIDE_OUTPUT_WORKER, { workerData: opts });
    type Reply = { ok: true; result: SideOutputResult } | { ok: false; message: string };
    w.once('message', (m: Reply) => (m.ok ? resolve(m.result) : reject(new Error(`discrepancy list and worklists: ${m.message}`))));
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`the writer of the discrepancy list and worklists exited with code ${code}`)));
  });
}

export async function emitOutputs(input: EmitInput): Promise<EmitResult> {
  const { dir, records, entities, entityOf, recordLinks, persons } = input;
  const files: Record<string, number> = {};
  // The discrepancy list and the workbooks need only the discrepancies: a worker writes them from its
  // copy, in parallel with the CSV files that need the records. Started first: the workbooks are slow.
  const started = performance.now();
  const side = writeSideOutputsConcurrently({
    discrepancies: input.discrepancies,
    discrepancyCsv: join(dir, OUTPUT_FILES.discrepancies),
    worklists: input.worklists
      ? { dir: join(dir, OUTPUT_FILES.worklists), runId: input.worklists.runKey, pipeline: input.worklists.pipeline, referenceDate: input.referenceDate }
      : undefined,
  });
  // Awaited below; if this thread's files fail first, the worker's outcome must not go unhandled.
  side.catch(() => undefined);
  // Let the worker start (and copy its input) before the CSV writing keeps this thread busy.
  await new Promise((r) => setImmediate(r));

  const clean = new CsvWriter(join(dir, OUTPUT_FILES.clean), CLEAN_COLUMNS);
  for (const r of records) {
    const e = entities[entityOf[r.idx]];
    const link = recordLinks[r.idx];
    clean.write([
      r.recordId,
      e.id,
      link.citizenId,
      link.status,
      link.method,
      link.proposedId,
      r.name.canonical,
      r.name.family,
      r.name.middle,
      r.name.given,
      r.birth?.iso ?? '',
      r.birth?.precision ?? '',
      r.birth ? (r.birth.placeholder ? 'yes' : 'no') : '',
      r.sex,
      r.ethnicity?.code ?? '',
      r.ethnicity?.name ?? '',
      r.mother?.canonical ?? '',
      r.father?.canonical ?? '',
      r.place.village,
      r.place.newCommune?.code ?? '',
      r.place.newCommune?.name ?? '',
      r.place.oldCommune?.code ?? '',
      r.place.oldCommune?.name ?? '',
      r.place.oldCommune?.districtName ?? '',
      r.idCheck?.digits ?? '',
      r.issues.map((i) => `${i.field}:${i.code}`).join(';'),
      input.childFile.displayPath,
      r.prov.row,
    ]);
  }
  clean.close();
  files[OUTPUT_FILES.clean] = clean.rows;

  // One row per child with the surviving value of each field (the ID list's when linked).
  const ents = new CsvWriter(join(dir, OUTPUT_FILES.entities), ENTITY_COLUMNS);
  for (const e of entities) {
    const members = e.members.map((m) => records[m]);
    let assigned: RecordLink | undefined;
    for (const m of e.members) {
      if (recordLinks[m].status === 'assigned') {
        assigned = recordLinks[m];
        break;
      }
    }
    const status = assigned ? 'assigned' : (e.members.length > 0 ? recordLinks[e.members[0]].status : 'unmatched');
    const best = bestValues(members, assigned ? persons[assigned.personIdx] : null);
    ents.write([
      e.id,
      e.members.length,
      members.map((r) => r.recordId).join(';'),
      assigned?.citizenId ?? '',
      status,
      best.fullName,
      best.birth?.iso ?? '',
      best.birth?.precision ?? '',
      best.sex,
      best.ethnicity?.code ?? '',
      best.ethnicity?.name ?? '',
      best.motherName,
      best.fatherName,
      best.village,
      best.communeCode,
      best.commune,
      best.source,
    ]);
  }
  ents.close();
  files[OUTPUT_FILES.entities] = ents.rows;

  const assign = new CsvWriter(join(dir, OUTPUT_FILES.assignments), ASSIGNMENT_COLUMNS);
  // With one ID list (the usual night) every ID comes from it: no need to visit each list person.
  const onlyList = input.idListFiles.length === 1 ? input.idListFiles[0] : undefined;
  for (const r of records) {
    const e = entities[entityOf[r.idx]];
    const link = recordLinks[r.idx];
    if (link.status !== 'assigned') continue;
    const listFile = onlyList ?? input.idListFiles[persons[link.personIdx].prov.file];
    assign.write([r.recordId, link.citizenId, e.id, link.method, listFile.displayPath, listFile.sha256]);
  }
  assign.close();
  files[OUTPUT_FILES.assignments] = assign.rows;

  const rej = new CsvWriter(join(dir, OUTPUT_FILES.rejects), REJECT_COLUMNS);
  for (const r of input.rejects) rej.write([r.role, r.file, r.row, r.code, r.reason, r.recordId]);
  rej.close();
  files[OUTPUT_FILES.rejects] = rej.rows;

  const dec = new CsvWriter(join(dir, OUTPUT_FILES.decisions), DECISION_COLUMNS);
  for (const d of input.decisions) {
    const r = d.row;
    dec.write([r.row_key, r.kind, r.decision, (JSON.parse(r.record_ids) as string[]).join(';'), r.citizen_id, r.who, r.note, r.file, r.imported_at, d.outcome, d.reason]);
  }
  dec.close();
  files[OUTPUT_FILES.decisions] = dec.rows;

  const csvMs = Math.round(performance.now() - started);
  const sideDone = await side;
  files[OUTPUT_FILES.discrepancies] = sideDone.discrepancyRows;
  if (sideDone.worklists) files[OUTPUT_FILES.worklists] = sideDone.worklists.files.length;

  writeFileSync(join(dir, OUTPUT_FILES.summary), JSON.stringify(await input.summary, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  files[OUTPUT_FILES.summary] = 1;
  return { files, ms: { csv: csvMs, ...sideDone.ms } };
}
