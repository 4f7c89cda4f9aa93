// The pipeline config (pipelines/*.json). Paths are relative to the config file.
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as yyyy-mm-dd');

/** Canonical fields an input column can be mapped to. */
export const CHILD_FIELDS = [
  'record_id',
  'full_name',
  'family_name',
  'middle_name',
  'given_name',
  'birth_date',
  'sex',
  'ethnicity',
  'citizen_id',
  'mother_name',
  'father_name',
  'guardian_name',
  'village',
  'commune',
  'district',
  'province',
  'address',
] as const;
export type ChildField = (typeof CHILD_FIELDS)[number];

const columnMapping = z
  .partialRecord(z.enum(CHILD_FIELDS), z.string().min(1))
  .describe('explicit mapping from a field to the exact header text in the file');

const tableInput = z
  .object({
    path: z.string().min(1),
    /** 'auto' detects from the extension and content. */
    format: z.enum(['auto', 'csv', 'tsv', 'xlsx', 'xls']).default('auto'),
    /** 'auto' detects BOMs, UTF-16, UTF-8, Windows-1258/1252. */
    encoding: z.enum(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1258', 'windows-1252']).default('auto'),
    /** Sheet name or 1-based index for workbooks; the first sheet by default. */
    sheet: z.union([z.string(), z.number().int().positive()]).optional(),
    columns: columnMapping.optional(),
    /** Day-first is the Vietnamese norm; 'auto' detects it per file and stops on real ambiguity. */
    dateOrder: z.enum(['auto', 'dmy', 'mdy']).default('auto'),
    /**
     * How digits in the sex column code sex: 1 = Nam / 2 = Nữ (health-data standard) or 1 = Nam /
     * 0 = Nữ (yes/no columns). 'auto' detects it per file from the values.
     */
    sexCodes: z.enum(['auto', '1-male-2-female', '1-male-0-female']).default('auto'),
  })
  .strict();

const idListInput = tableInput
  .extend({
    /** The police unit that supplied the list (recorded with the list's version). */
    supplier: z.string().min(1).optional(),
    /** The date the list was exported from the population database. */
    listDate: isoDate.optional(),
    /** The list is rejected as a whole when more than this share of its rows cannot be used. */
    maxRejectedShare: z.number().min(0).max(1).optional(),
  })
  .strict();

export const pipelineConfigSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).default('pipeline'),
    /** The province the records belong to (2-digit GSO code, e.g. "14" for Sơn La). */
    province: z.string().regex(/^\d{2}$/, 'expected a 2-digit province code such as "14"').default('14'),
    /** The date ages are computed at; "today" for nightly runs, a fixed date for reproducible samples. */
    referenceDate: z.union([z.literal('today'), isoDate]).default('today'),
    /** Children aged this many full years or more at the reference date are reported as over age. */
    maxAge: z.number().int().positive().default(16),
    inputs: z
      .object({
        children: tableInput,
        idLists: z.array(idListInput).default([]),
      })
      .strict(),
    output: z.object({ dir: z.string().min(1) }).strict(),
    state: z.object({ dir: z.string().min(1) }).strict(),
    /** Threads for the heavy stages (blocking and comparing candidate pairs, worklists). */
    threads: z.number().int().min(1).max(64).default(2),
    /** Options of the dedupe and reconcile stages; the defaults are tuned on Sơn La data. */
    dedupe: z.record(z.string(), z.unknown()).default({}),
    reconcile: z.record(z.string(), z.unknown()).default({}),
    worklists: z.object({ enabled: z.boolean().default(true) }).strict().default({ enabled: true }),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
        file: z.string().optional(),
      })
      .strict()
      .default({}),
    /** Folder with a synthetic sample's ground truth (truth.csv): the run is scored against it. */
    truth: z.string().min(1).optional(),
    retention: z.object({ keepRuns: z.number().int().min(1).default(30) }).strict().default({ keepRuns: 30 }),
  })
  .strict();

export type PipelineConfigInput = z.input<typeof pipelineConfigSchema>;
export type PipelineConfig = z.output<typeof pipelineConfigSchema>;
export type TableInputConfig = z.output<typeof tableInput>;
export type IdListInputConfig = z.output<typeof idListInput>;
