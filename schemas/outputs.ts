// The output contract: file names and column orders. Changing these breaks the users' imports.
import { z } from 'zod';

export const OUTPUT_FILES = {
  clean: 'children.clean.csv',
  entities: 'entities.csv',
  discrepancies: 'discrepancies.csv',
  assignments: 'id_assignments.csv',
  rejects: 'rejects.csv',
  summary: 'summary.json',
  run: 'run.json',
  model: 'model.json',
  decisions: 'decisions.csv',
  worklists: 'worklists',
} as const;

/** The first four columns are fixed by the design; canonical fields follow. */
export const CLEAN_COLUMNS = [
  'record_id',
  'entity_id',
  'citizen_id',
  'link_status',
  'link_method',
  'proposed_citizen_id',
  'full_name',
  'family_name',
  'middle_name',
  'given_name',
  'birth_date',
  'birth_date_precision',
  'birth_date_placeholder',
  'sex',
  'ethnicity_code',
  'ethnicity',
  'mother_name',
  'father_name',
  'village',
  'commune_code',
  'commune',
  'old_commune_code',
  'old_commune',
  'old_district',
  'citizen_id_in_record',
  'issues',
  'source_file',
  'source_row',
] as const;

/** One row per child (entity): the surviving best value of each field. */
export const ENTITY_COLUMNS = [
  'entity_id',
  'records',
  'record_ids',
  'citizen_id',
  'link_status',
  'full_name',
  'birth_date',
  'birth_date_precision',
  'sex',
  'ethnicity_code',
  'ethnicity',
  'mother_name',
  'father_name',
  'village',
  'commune_code',
  'commune',
  'values_from',
] as const;

export const DISCREPANCY_COLUMNS = [
  'discrepancy_id',
  'kind',
  'kind_vi',
  'severity',
  'record_ids',
  'entity_id',
  'citizen_id',
  'field',
  'child_value',
  'id_list_value',
  'commune_code',
  'commune',
  'explanation',
] as const;

export const ASSIGNMENT_COLUMNS = ['record_id', 'citizen_id', 'entity_id', 'method', 'id_list_file', 'id_list_sha256'] as const;

export const DECISION_COLUMNS = ['row_key', 'kind', 'decision', 'record_ids', 'citizen_id', 'who', 'note', 'file', 'imported_at', 'outcome', 'reason'] as const;

export const REJECT_COLUMNS = ['input', 'file', 'row', 'code', 'reason', 'record_id'] as const;

export const LINK_STATUSES = ['assigned', 'review', 'unmatched', 'conflict'] as const;

/** summary.json: deterministic (no times, no run id: those are in run.json). */
export const summarySchema = z.object({
  pipeline: z.string(),
  referenceDate: z.string(),
  inputs: z.array(
    z.object({
      role: z.enum(['children', 'idlist']),
      file: z.string(),
      sha256: z.string(),
      format: z.string(),
      encoding: z.string(),
      textRepair: z.string(),
      dateOrder: z.string(),
      sexCodes: z.string(),
      rows: z.number().int(),
      accepted: z.number().int(),
      rejected: z.number().int(),
      notes: z.array(z.string()),
      /** ID lists: the supplying unit and export date from the config. */
      supplier: z.string().optional(),
      listDate: z.string().optional(),
    }),
  ),
  stages: z.record(z.string(), z.record(z.string(), z.unknown())),
  outcomes: z.object({ assigned: z.number(), review: z.number(), unmatched: z.number(), conflict: z.number() }),
  entities: z.number().int(),
  idsAssigned: z.number().int(),
  discrepancies: z.record(z.string(), z.number().int()),
  rejects: z.number().int(),
  /** Officers' decisions from earlier worklists: applied, stale (records changed), recorded only. */
  decisions: z.object({ applied: z.number().int(), stale: z.number().int(), recorded: z.number().int() }),
  /** Changes since the last successful run (null for the first run of a state folder). */
  changes: z
    .object({
      since: z.string(),
      records: z.object({ new: z.number(), removed: z.number() }),
      idsNewlyAssigned: z.number(),
      idsNoLongerAssigned: z.number(),
      idsChanged: z.number(),
      discrepancies: z.object({ new: z.number(), resolved: z.number() }),
      byCommune: z.record(z.string(), z.object({ newDiscrepancies: z.number(), resolvedDiscrepancies: z.number(), idsNewlyAssigned: z.number() })),
    })
    .nullable(),
  check: z.object({ inputRows: z.number().int(), cleanRows: z.number().int(), rejectedRows: z.number().int(), ok: z.boolean() }),
});
export type Summary = z.infer<typeof summarySchema>;
