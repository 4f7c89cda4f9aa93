// `childlink inspect FILE`: what the pipeline would make of an unknown export, before it is put into a
// pipeline config. It runs the real ingest and normalize functions on the file (nothing here detects
// encodings, headers or date orders on its own) and reports what they decided, with counts and a
// few sample rows showing each raw value beside its normalized value. Sample rows are personal data:
// they go to the officer's terminal on purpose and nowhere else (no logging).
import { statSync } from 'node:fs';
import { pipelineConfigSchema, type ChildField, type PipelineConfig, type TableInputConfig } from '../../schemas/config.js';
import { referenceDateOf } from '../pipeline/config.js';
import { EXIT, InputError, UserError } from '../pipeline/errors.js';
import type { ChildRecord, FieldIssue, IdPerson, InputRole, RawFields, RawRow, Reject } from '../pipeline/types.js';
import { ingestTable, sha256File, type IngestedTable, type SexCodesSource } from '../ingest/ingest.js';
import { readTable, type TableFormat, type TableMeta } from '../ingest/table.js';
import { countKnownHeaders, mapHeaders, missingExplicitHeaders, type HeaderMapping } from '../ingest/headers.js';
import { normalizeChildren, normalizeIdList, repairFields, TEXT_FIELDS, type NormalizeContext, type TextRepairer } from '../normalize/normalize.js';
import { fieldRepairer, type TextRepairKind } from '../vietnamese/encoding.js';
import { detectDateOrder, formatDateVi, isFutureDate, parseDate, type DateOrder, type SimpleDate } from '../vietnamese/dates.js';
import type { DateFormat } from '../vietnamese/types.js';
import { parseSex, type SexCodeScheme } from '../vietnamese/sex.js';
import { parseEthnicity } from '../vietnamese/ethnicity.js';
import type { IdNumberKind, IdProblemCode } from '../vietnamese/citizen-id.js';
import type { NameFlag } from '../vietnamese/names.js';
import type { CrosswalkConfidence, PlaceConfidence, PlaceResolution } from '../vietnamese/places.js';
import { createPlaceResolver } from '../vietnamese/places.js';
import { loadPlaceIndex } from '../vietnamese/places-data.js';
import { FIELD_VI, SEX_VI } from './vi.js';

export interface InspectOptions {
  /** How to read the file; 'auto' (default): an ID list if the header has a citizen-id column but no record-id column. */
  role?: 'children' | 'idlist' | 'auto';
  /** Sample rows shown with raw and normalized values (default 8). */
  sampleRows?: number;
  /** Ages and two-digit years are resolved at this date (default: today in Vietnam). */
  referenceDate?: SimpleDate;
  /** Field → exact header text, as `inputs.*.columns` in a pipeline config. */
  columns?: Partial<Record<ChildField, string>>;
  /** Sheet name or 1-based number for workbooks. */
  sheet?: string | number;
  /** The config keys of the same names, to try a setting before writing it into a config. */
  format?: TableInputConfig['format'];
  encoding?: TableInputConfig['encoding'];
  dateOrder?: TableInputConfig['dateOrder'];
  sexCodes?: TableInputConfig['sexCodes'];
  /** 2-digit province code places are resolved in first (default as the config: '14', Sơn La). */
  province?: string;
  /** Over-age limit (default as the config: 16). */
  maxAge?: number;
}

export interface InspectColumn {
  /** 1-based column number. */
  column: number;
  header: string;
  field: ChildField | null;
}

export interface InspectSampleField {
  field: ChildField;
  header: string;
  raw: string;
  normalized: string;
  /** Problems found on this field of this row (English). */
  note: string;
}

export interface InspectSampleRow {
  /** Spreadsheet row number (the row Excel shows). */
  row: number;
  status: 'used' | 'rejected';
  rejectCode: string | null;
  rejectReason: string | null;
  fields: InspectSampleField[];
}

/** The first row where a problem occurs, so the officer can open the file at it. */
export interface InspectExample {
  code: string;
  row: number;
  field: ChildField | null;
  raw: string;
  message: string;
}

export interface InspectReport {
  file: string;
  bytes: number;
  sha256: string;
  format: TableFormat;
  /** 'utf-8', 'utf-16le', 'windows-1258', …; 'xlsx'/'xls' for workbooks. */
  encoding: string;
  bom: boolean;
  delimiter: string | null;
  sheet: string | null;
  role: InputRole;
  /** Why the file was read in this role. */
  roleReason: string;
  referenceDate: string;
  textRepair: {
    /** The file-level detection of ingest. */
    kind: TextRepairKind;
    confidence: number;
    mixed: boolean;
    tieBreak: 'tcvn3' | 'vni' | null;
    /** Counts of the detection (no content). */
    evidence: string;
    /** Text fields of the usable rows the repair changed, by the repair that changed them. */
    repairedFields: Partial<Record<TextRepairKind, number>>;
    /** Text fields left as written because they could not be repaired with confidence. */
    unreadableFields: number;
  };
  header: {
    /** Spreadsheet row of the header; null when no header was found. */
    row: number | null;
    /** Non-blank title rows above the header. */
    preambleRows: number;
    blankRows: number;
    columns: InspectColumn[];
    unknown: string[];
    duplicates: Array<{ field: ChildField; headers: string[] }>;
    /** Required columns of the role that are missing (then `stop` is set). */
    missingRequired: string[];
    /** Useful fields no column feeds. */
    absentFields: ChildField[];
  };
  /**
   * The error a run would stop with although the file could be read (a required column is missing).
   * When set, the row statistics below are empty: a run would read no row.
   */
  stop: string | null;
  /** Ingest's remarks on the file as a whole (several columns for one field, mixed encodings, …). */
  notes: string[];
  rows: {
    /** Data rows read (header and title rows excluded, blank rows not counted). */
    data: number;
    usable: number;
    rejected: number;
    rejectedByCode: Record<string, number>;
  };
  dates: {
    /** The order the run reads numeric dates in. */
    order: DateOrder;
    /** 'detected' from the values, or 'configured' by the dateOrder option. */
    orderSource: 'detected' | 'configured';
    /** Evidence of the detection over every birth-date value read. */
    dmyOnly: number;
    mdyOnly: number;
    either: number;
    ambiguous: boolean;
    /** Birth dates of the usable rows by what they became. */
    precision: { day: number; month: number; year: number; placeholder: number; fromAge: number; invalid: number; future: number; empty: number };
    formats: Partial<Record<DateFormat, number>>;
  };
  /**
   * How digits in the sex column are read: 'detected' from the file's codes, 'configured' by the
   * sexCodes option, or 'default' (1 = Nam, 2 = Nữ) when the file has no codes to go by, or both 0 and 2.
   */
  sexCodes: { scheme: SexCodeScheme; source: SexCodesSource };
  problems: {
    invalidDates: number;
    futureDates: number;
    overAge: number;
    unrecognisedSex: number;
    unrecognisedEthnicity: number;
    unreadableText: number;
    /** Every field issue of the usable rows by code. */
    issuesByCode: Record<string, number>;
    nameFlags: Partial<Record<NameFlag, number>>;
  };
  ids: {
    /** Usable rows with a citizen-id value. */
    present: number;
    wellFormed: number;
    consistent: number;
    kinds: Partial<Record<IdNumberKind, number>>;
    problems: Partial<Record<IdProblemCode, number>>;
  };
  places: {
    /** Usable rows with any place column filled. */
    withPlace: number;
    byConfidence: Partial<Record<PlaceConfidence, number>>;
    byCrosswalk: Partial<Record<CrosswalkConfidence, number>>;
    unresolved: number;
    ambiguous: number;
    fuzzy: number;
    /** New unit from a national-crosswalk row that fails its name checks. */
    lowConfidenceCrosswalk: number;
    /** Old commune split over several new units (no single new unit). */
    splitCommune: number;
    /** The most frequent reasons the resolver gave, with counts. */
    topProblems: Array<{ problem: string; count: number }>;
  };
  examples: InspectExample[];
  samples: InspectSampleRow[];
}

const DEFAULT_SAMPLE_ROWS = 8;
/** Rows ingest searches for the header (HEADER_SEARCH_ROWS in src/ingest/ingest.ts). */
const HEADER_SEARCH_ROWS = 30;
const MAX_EXAMPLES = 20;
const TOP_PLACE_PROBLEMS = 5;

/**
 * Required columns per role. Ingest holds the same rule (and stops the run with its own message);
 * this copy only lets inspect recognise that case and still show the header mapping.
 */
const REQUIRED: Record<InputRole, Array<{ anyOf: ChildField[]; label: string }>> = {
  children: [
    { anyOf: ['record_id'], label: 'record_id (Mã trẻ em)' },
    { anyOf: ['full_name', 'given_name'], label: 'full_name (Họ và tên)' },
  ],
  idlist: [
    { anyOf: ['citizen_id'], label: 'citizen_id (Số định danh cá nhân)' },
    { anyOf: ['full_name', 'given_name'], label: 'full_name (Họ và tên)' },
  ],
};

/** Fields worth a column; reported when absent. */
const USEFUL_FIELDS: readonly ChildField[] = ['birth_date', 'sex', 'ethnicity', 'citizen_id', 'mother_name', 'father_name', 'village', 'commune', 'district'];

/** Place columns, smallest unit first (the order they are shown in). */
const PLACE_FIELDS: readonly ChildField[] = ['village', 'commune', 'district', 'province', 'address'];

// ---------------------------------------------------------------------------------------------
// Reading

/** What a first pass over the file found: the reader's metadata and the header ingest will choose. */
interface Peek {
  meta: TableMeta;
  headerRow: number | null;
  header: string[] | null;
  preambleRows: number;
}

/**
 * The reader's view of the file (encoding, BOM, delimiter, sheet, blank rows) and the header row,
 * found with ingest's own rule: the first cleanly parsed row with two known headers, or with every
 * header of an explicit mapping. Ingest does not expose these, so the file is read once more.
 */
async function peekTable(path: string, config: TableInputConfig): Promise<Peek> {
  const found: { row: number | null; header: string[] | null; before: number } = { row: null, header: null, before: 0 };
  const meta = await readTable(path, { format: config.format, encoding: config.encoding, sheet: config.sheet, displayName: path }, (row, cells, problem) => {
    // Ingest looks for the header among the first rows only.
    if (found.header !== null || found.before >= HEADER_SEARCH_ROWS) return;
    const isHeader = problem === undefined && (config.columns ? missingExplicitHeaders(cells, config.columns).length === 0 : countKnownHeaders(cells) >= 2);
    if (isHeader) {
      found.row = row;
      found.header = cells.map((c) => c.trim());
    } else {
      found.before++;
    }
  });
  return { meta, headerRow: found.row, header: found.header, preambleRows: found.header === null ? 0 : found.before };
}

function missingRequired(role: InputRole, mapping: HeaderMapping): string[] {
  return REQUIRED[role].filter((r) => !r.anyOf.some((f) => mapping.fields.includes(f))).map((r) => r.label);
}

function chooseRole(requested: InspectOptions['role'], mapping: HeaderMapping | null): { role: InputRole; reason: string } {
  if (requested === 'children' || requested === 'idlist') return { role: requested, reason: 'as requested' };
  if (mapping === null) return { role: 'children', reason: 'auto: no header found; read as a child export' };
  const hasRecordId = mapping.fields.includes('record_id');
  const hasCitizenId = mapping.fields.includes('citizen_id');
  if (hasCitizenId && !hasRecordId) return { role: 'idlist', reason: 'auto: the header has a personal-ID column and no record-id column' };
  if (hasRecordId) return { role: 'children', reason: 'auto: the header has a record-id column' };
  return { role: 'children', reason: 'auto: the header has neither a record-id nor a personal-ID column; read as a child export' };
}

/** The table part of a pipeline config with the pipeline's defaults, validated by the config schema. */
function buildConfig(path: string, opts: InspectOptions): PipelineConfig {
  const children: Record<string, unknown> = { path };
  for (const key of ['format', 'encoding', 'sheet', 'columns', 'dateOrder', 'sexCodes'] as const) {
    if (opts[key] !== undefined) children[key] = opts[key];
  }
  const raw: Record<string, unknown> = { inputs: { children }, output: { dir: '.' }, state: { dir: '.' } };
  if (opts.province !== undefined) raw.province = opts.province;
  if (opts.maxAge !== undefined) raw.maxAge = opts.maxAge;
  const parsed = pipelineConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${optionName(i.path)}: ${i.message}`);
    throw new UserError(`invalid inspect option\n${lines.join('\n')}`, EXIT.usage);
  }
  return parsed.data;
}

function optionName(path: ReadonlyArray<PropertyKey>): string {
  const parts = path.map(String);
  return parts[0] === 'inputs' ? parts.slice(2).join('.') : parts.join('.');
}

/** The run's place resolver; a province code the reference tables do not know is a usage error here. */
function placeResolver(province: string): NormalizeContext['resolvePlace'] {
  const index = loadPlaceIndex();
  if (!index.provinceByCode.has(province)) throw new UserError(`invalid inspect option\n  province: '${province}' is not a province code of the reference tables`, EXIT.usage);
  return createPlaceResolver(index, { provinceCode: province });
}

function isoOf(d: SimpleDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// The usable rows of either role, seen the same way

/** What inspect reads of a usable row: a child record as it is, or a list person with its field issues. */
type UsableRow = Pick<ChildRecord, 'prov' | 'raw' | 'name' | 'birth' | 'sex' | 'ethnicity' | 'idCheck' | 'mother' | 'father' | 'place' | 'issues'>;

/**
 * The ID-list normalizer keeps no field issues (a list row is either accepted or rejected), so the
 * same parsers normalize applies are run again on the row to say what they would have found.
 */
function fromPerson(p: IdPerson, repair: TextRepairer, order: DateOrder, sexCodes: SexCodeScheme, ref: SimpleDate): UsableRow {
  const issues: FieldIssue[] = [];
  const fixed = repairFields(p.raw, repair, issues);
  if (p.raw.birth_date !== undefined) {
    const parsed = parseDate(p.raw.birth_date, { order, referenceDate: ref });
    if (!parsed.ok && !parsed.empty) issues.push({ field: 'birth_date', code: 'invalid-date', severity: 'error', message: parsed.reason });
  }
  if (p.birth && isFutureDate(p.birth, ref)) issues.push({ field: 'birth_date', code: 'future-date', severity: 'error', message: 'birth date is after the reference date' });
  if (!parseSex(fixed.sex, { codes: sexCodes }).recognised) issues.push({ field: 'sex', code: 'unrecognised-sex', severity: 'warning', message: 'sex value not recognised' });
  if (fixed.ethnicity !== undefined && !parseEthnicity(fixed.ethnicity).recognised) {
    issues.push({ field: 'ethnicity', code: 'unrecognised-ethnicity', severity: 'warning', message: 'ethnic group not recognised' });
  }
  return { prov: p.prov, raw: p.raw, name: p.name, birth: p.birth, sex: p.sex, ethnicity: p.ethnicity, idCheck: p.idCheck, mother: p.mother, father: p.father, place: p.place, issues };
}

// ---------------------------------------------------------------------------------------------
// The report

export async function inspectFile(path: string, opts: InspectOptions = {}): Promise<InspectReport> {
  const config = buildConfig(path, opts);
  const tableConfig = config.inputs.children;
  const referenceDate = opts.referenceDate ?? referenceDateOf(config);
  const sampleRows = Math.max(0, Math.floor(opts.sampleRows ?? DEFAULT_SAMPLE_ROWS));
  const resolvePlace = placeResolver(config.province);

  // Errors of an unreadable file come from the reader, with the message a run would print.
  const peek = await peekTable(path, tableConfig);
  const peekMapping = peek.header ? mapHeaders(peek.header, tableConfig.columns) : null;
  const { role, reason: roleReason } = chooseRole(opts.role, peekMapping);
  const missing = peekMapping ? missingRequired(role, peekMapping) : [];

  let ingested: IngestedTable;
  try {
    ingested = await ingestTable({ role, index: 0, path, displayPath: path, config: tableConfig });
  } catch (err) {
    // A readable file without a required column: show what was found and the error a run stops with.
    if (err instanceof InputError && peekMapping !== null && missing.length > 0) {
      return stoppedReport(path, peek, peekMapping, role, roleReason, referenceDate, missing, err.message);
    }
    throw err;
  }

  const { info } = ingested;
  const repair = fieldRepairer(ingested.textDetection);
  const ctx: NormalizeContext = {
    referenceDate,
    maxAge: config.maxAge,
    resolvePlace,
  };
  let usable: UsableRow[];
  let normalizeRejects: Reject[];
  if (role === 'children') {
    const n = normalizeChildren(ingested.rows, info, repair, ctx);
    usable = n.records;
    normalizeRejects = n.rejects;
  } else {
    const n = normalizeIdList(ingested.rows, info, repair, ctx, 0);
    usable = n.persons.map((p) => fromPerson(p, repair, info.dateOrder, info.sexCodes, referenceDate));
    normalizeRejects = n.rejects;
  }
  const rejects = [...ingested.rejects, ...normalizeRejects].sort((a, b) => a.row - b.row);

  const report = emptyReport(path, peek, mapHeaders(info.headerMapping.map((h) => h.header), tableConfig.columns), role, roleReason, referenceDate);
  report.bytes = info.bytes;
  report.sha256 = info.sha256;
  report.format = info.format;
  report.encoding = info.encoding;
  report.delimiter = info.delimiter ?? null;
  report.header.columns = info.headerMapping.map((h, i) => ({ column: i + 1, header: h.header, field: h.field }));
  report.header.unknown = ingested.unknownHeaders;
  report.header.preambleRows = ingested.preambleRows;
  // The peek follows ingest's header rule; if they ever disagree, the row number is not known.
  if (peek.header === null || peek.header.join('\u0000') !== info.headerMapping.map((h) => h.header).join('\u0000')) report.header.row = null;
  report.notes = ingested.notes;
  report.textRepair.kind = ingested.textDetection.kind;
  report.textRepair.confidence = ingested.textDetection.confidence;
  report.textRepair.mixed = ingested.textDetection.mixed;
  report.textRepair.tieBreak = ingested.textDetection.tieBreak ?? null;
  report.textRepair.evidence = ingested.textDetection.evidence;

  report.rows.data = info.rows;
  report.rows.usable = usable.length;
  report.rows.rejected = rejects.length;
  for (const r of rejects) bump(report.rows.rejectedByCode, r.code);

  const order = detectDateOrder(birthValues(ingested.rows));
  report.dates.order = info.dateOrder;
  report.dates.orderSource = tableConfig.dateOrder === 'auto' ? 'detected' : 'configured';
  report.dates.dmyOnly = order.dmyOnly;
  report.dates.mdyOnly = order.mdyOnly;
  report.dates.either = order.either;
  report.dates.ambiguous = order.ambiguous;
  report.sexCodes = { scheme: info.sexCodes, source: ingested.sexCodesSource };

  countRows(report, usable, repair, referenceDate);
  report.examples = collectExamples(usable, rejects, info.headerMapping);
  report.samples = collectSamples(ingested.rows, usable, rejects, info.headerMapping, repair, sampleRows);
  return report;
}

function* birthValues(rows: readonly RawRow[]): Generator<string> {
  for (const r of rows) {
    const v = r.fields.birth_date;
    if (v) yield v;
  }
}

function bump<K extends string>(counts: Partial<Record<K, number>>, key: K, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

function emptyReport(path: string, peek: Peek, mapping: HeaderMapping, role: InputRole, roleReason: string, referenceDate: SimpleDate): InspectReport {
  const mapped = new Set(mapping.fields.filter((f): f is ChildField => f !== null));
  return {
    file: path,
    bytes: 0,
    sha256: '',
    format: peek.meta.format,
    encoding: peek.meta.encoding,
    bom: peek.meta.bom,
    delimiter: peek.meta.delimiter ?? null,
    sheet: peek.meta.sheet ?? null,
    role,
    roleReason,
    referenceDate: isoOf(referenceDate),
    textRepair: { kind: 'none', confidence: 1, mixed: false, tieBreak: null, evidence: '', repairedFields: {}, unreadableFields: 0 },
    header: {
      row: peek.headerRow,
      preambleRows: peek.preambleRows,
      blankRows: peek.meta.blankRows,
      columns: (peek.header ?? []).map((header, i) => ({ column: i + 1, header, field: mapping.fields[i] ?? null })),
      unknown: mapping.unknown,
      duplicates: mapping.duplicates,
      missingRequired: missingRequired(role, mapping),
      absentFields: USEFUL_FIELDS.filter((f) => !mapped.has(f)),
    },
    stop: null,
    notes: [],
    rows: { data: 0, usable: 0, rejected: 0, rejectedByCode: {} },
    dates: {
      order: 'dmy',
      orderSource: 'detected',
      dmyOnly: 0,
      mdyOnly: 0,
      either: 0,
      ambiguous: true,
      precision: { day: 0, month: 0, year: 0, placeholder: 0, fromAge: 0, invalid: 0, future: 0, empty: 0 },
      formats: {},
    },
    sexCodes: { scheme: '1-male-2-female', source: 'default' },
    problems: { invalidDates: 0, futureDates: 0, overAge: 0, unrecognisedSex: 0, unrecognisedEthnicity: 0, unreadableText: 0, issuesByCode: {}, nameFlags: {} },
    ids: { present: 0, wellFormed: 0, consistent: 0, kinds: {}, problems: {} },
    places: { withPlace: 0, byConfidence: {}, byCrosswalk: {}, unresolved: 0, ambiguous: 0, fuzzy: 0, lowConfidenceCrosswalk: 0, splitCommune: 0, topProblems: [] },
    examples: [],
    samples: [],
  };
}

async function stoppedReport(
  path: string,
  peek: Peek,
  mapping: HeaderMapping,
  role: InputRole,
  roleReason: string,
  referenceDate: SimpleDate,
  missing: string[],
  message: string,
): Promise<InspectReport> {
  const report = emptyReport(path, peek, mapping, role, roleReason, referenceDate);
  report.bytes = statSync(path).size;
  report.sha256 = await sha256File(path);
  report.header.missingRequired = missing;
  report.stop = message;
  // Rows after the header (ingest would have read them); blank rows are not counted.
  report.rows.data = peek.meta.rows - peek.preambleRows - 1;
  return report;
}

function countRows(report: InspectReport, usable: readonly UsableRow[], repair: TextRepairer, referenceDate: SimpleDate): void {
  const { dates, problems, ids, places, textRepair } = report;
  const placeProblems = new Map<string, number>();
  for (const u of usable) {
    const fixed = repairFields(u.raw, repair, []);
    for (const f of TEXT_FIELDS) {
      const v = u.raw[f];
      if (v === undefined || fixed[f] === v) continue;
      const r = repair(v);
      bump(textRepair.repairedFields, r.alternative !== undefined && fixed[f] === r.alternative.text ? r.alternative.kind : r.kind);
    }
    let invalidDate = false;
    for (const issue of u.issues) {
      bump(problems.issuesByCode, issue.code);
      if (issue.code === 'invalid-date') {
        problems.invalidDates++;
        invalidDate = true;
      } else if (issue.code === 'future-date') problems.futureDates++;
      else if (issue.code === 'over-age') problems.overAge++;
      else if (issue.code === 'unrecognised-sex') problems.unrecognisedSex++;
      else if (issue.code === 'unrecognised-ethnicity') problems.unrecognisedEthnicity++;
      else if (issue.code === 'unreadable-text') problems.unreadableText++;
    }
    for (const flag of u.name.flags) bump(problems.nameFlags, flag);

    const p = dates.precision;
    if (u.birth) {
      p[u.birth.precision]++;
      if (u.birth.fromAge) p.fromAge++;
      else if (u.birth.placeholder) p.placeholder++;
      if (isFutureDate(u.birth, referenceDate)) p.future++;
      bump(dates.formats, u.birth.format);
    } else if (invalidDate) p.invalid++;
    else p.empty++;

    if (u.idCheck) {
      ids.present++;
      if (u.idCheck.wellFormed) ids.wellFormed++;
      if (u.idCheck.consistent) ids.consistent++;
      bump(ids.kinds, u.idCheck.kind);
      for (const pr of u.idCheck.problems) bump(ids.problems, pr.code);
    }

    if (PLACE_FIELDS.some((f) => (u.raw[f] ?? '').trim() !== '')) {
      places.withPlace++;
      const pl = u.place;
      bump(places.byConfidence, pl.confidence);
      bump(places.byCrosswalk, pl.crosswalkConfidence);
      if (pl.confidence === 'none') places.unresolved++;
      else if (pl.confidence === 'ambiguous') places.ambiguous++;
      else if (pl.confidence === 'fuzzy') places.fuzzy++;
      if (pl.crosswalkConfidence === 'low') places.lowConfidenceCrosswalk++;
      else if (pl.crosswalkConfidence === 'ambiguous') places.splitCommune++;
      for (const pr of pl.problems) placeProblems.set(pr, (placeProblems.get(pr) ?? 0) + 1);
    }
  }
  textRepair.unreadableFields = problems.unreadableText;
  places.topProblems = [...placeProblems]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_PLACE_PROBLEMS)
    .map(([problem, count]) => ({ problem, count }));
}

function headerLookup(mapping: ReadonlyArray<{ header: string; field: ChildField | null }>): (f: ChildField) => string {
  const byField = new Map<ChildField, string>();
  for (const m of mapping) if (m.field !== null && !byField.has(m.field)) byField.set(m.field, m.header);
  return (f) => byField.get(f) ?? f;
}

function collectExamples(usable: readonly UsableRow[], rejects: readonly Reject[], mapping: ReadonlyArray<{ header: string; field: ChildField | null }>): InspectExample[] {
  const seen = new Map<string, InspectExample>();
  for (const r of rejects) {
    if (!seen.has(r.code)) seen.set(r.code, { code: r.code, row: r.row, field: null, raw: r.recordId, message: r.reason });
  }
  const header = headerLookup(mapping);
  for (const u of usable) {
    for (const issue of u.issues) {
      if (seen.has(issue.code)) continue;
      seen.set(issue.code, { code: issue.code, row: u.prov.row, field: issue.field, raw: u.raw[issue.field] ?? '', message: `column '${header(issue.field)}': ${issue.message}` });
    }
    if (u.idCheck) {
      for (const pr of u.idCheck.problems) {
        const code = `id:${pr.code}`;
        if (!seen.has(code)) seen.set(code, { code, row: u.prov.row, field: 'citizen_id', raw: u.raw.citizen_id ?? '', message: `column '${header('citizen_id')}': ${pr.message}` });
      }
    }
    if (u.place.confidence === 'none' || u.place.confidence === 'ambiguous' || u.place.confidence === 'fuzzy') {
      const code = `place:${u.place.confidence}`;
      if (!seen.has(code) && PLACE_FIELDS.some((f) => u.raw[f])) {
        const field = PLACE_FIELDS.find((f) => f === 'commune' && u.raw[f]) ?? PLACE_FIELDS.find((f) => u.raw[f]) ?? null;
        seen.set(code, { code, row: u.prov.row, field, raw: placeText(u.raw), message: u.place.problems.join('; ') || u.place.notes.join('; ') || u.place.confidence });
      }
    }
  }
  return [...seen.values()].sort((a, b) => a.row - b.row || (a.code < b.code ? -1 : 1)).slice(0, MAX_EXAMPLES);
}

function placeText(raw: RawFields): string {
  return PLACE_FIELDS.map((f) => raw[f]).filter((v): v is string => Boolean(v && v.trim())).join(' | ');
}

function collectSamples(
  rows: readonly RawRow[],
  usable: readonly UsableRow[],
  rejects: readonly Reject[],
  mapping: ReadonlyArray<{ header: string; field: ChildField | null }>,
  repair: TextRepairer,
  count: number,
): InspectSampleRow[] {
  if (count === 0) return [];
  const picked = rows.slice(0, count);
  const lastRow = picked.length > 0 ? picked[picked.length - 1].prov.row : 0;
  // Both lists are in file order: only their beginning is needed.
  const usableByRow = new Map<number, UsableRow>();
  for (const u of usable) {
    if (u.prov.row > lastRow) break;
    usableByRow.set(u.prov.row, u);
  }
  const rejectByRow = new Map<number, Reject>();
  for (const r of rejects) if (r.row <= lastRow && !rejectByRow.has(r.row)) rejectByRow.set(r.row, r);
  const header = headerLookup(mapping);
  const fieldsInFileOrder = mapping.map((m) => m.field).filter((f, i, all): f is ChildField => f !== null && all.indexOf(f) === i);
  const samples: InspectSampleRow[] = [];
  for (const row of picked) {
    const u = usableByRow.get(row.prov.row);
    const rej = u ? undefined : rejectByRow.get(row.prov.row);
    const fields: InspectSampleField[] = [];
    for (const f of fieldsInFileOrder) {
      const raw = row.fields[f] ?? '';
      fields.push({
        field: f,
        header: header(f),
        raw,
        normalized: u ? normalizedValue(f, u, raw, repair) : '',
        note: u ? u.issues.filter((i) => i.field === f).map((i) => i.message).concat(f === 'citizen_id' && u.idCheck ? u.idCheck.problems.map((p) => p.message) : []).join('; ') : '',
      });
    }
    samples.push({ row: row.prov.row, status: u ? 'used' : 'rejected', rejectCode: rej?.code ?? null, rejectReason: rej?.reason ?? null, fields });
  }
  return samples;
}

const PRECISION_TEXT = { day: 'day', month: 'month only', year: 'year only' } as const;

/** The canonical value the run keeps for one field of a usable row, as a short text. */
function normalizedValue(field: ChildField, u: UsableRow, raw: string, repair: TextRepairer): string {
  if (raw === '') return '';
  switch (field) {
    case 'record_id':
      return raw.trim();
    case 'full_name':
      return u.name.canonical || '(no usable name)';
    case 'family_name':
      return u.name.family;
    case 'middle_name':
      return u.name.middle;
    case 'given_name':
      return u.name.given;
    case 'birth_date': {
      const b = u.birth;
      if (!b) return u.issues.some((i) => i.code === 'invalid-date') ? '(invalid)' : '';
      const marks: string[] = [PRECISION_TEXT[b.precision]];
      if (b.fromAge) marks.push('from age');
      else if (b.placeholder) marks.push('placeholder');
      return `${formatDateVi(b)} (${marks.join(', ')})`;
    }
    case 'sex':
      return `${u.sex} (${SEX_VI[u.sex]})${u.issues.some((i) => i.code === 'unrecognised-sex') ? ' — not recognised' : ''}`;
    case 'ethnicity':
      return u.ethnicity ? `${u.ethnicity.code} ${u.ethnicity.name}` : '(not recognised)';
    case 'citizen_id': {
      const c = u.idCheck;
      if (!c) return '';
      const state = c.consistent ? 'ok' : c.wellFormed ? 'inconsistent with the record' : 'not a valid personal ID';
      return `${c.digits || '(no digits)'} — ${c.kind}, ${state}`;
    }
    case 'mother_name':
      return u.mother?.canonical ?? '';
    case 'father_name':
      return u.father?.canonical ?? '';
    case 'guardian_name':
      return `${repair(raw).text} (kept as text)`;
    case 'village':
      return u.place.village;
    case 'district':
      return u.place.oldCommune?.districtName ?? '';
    case 'province':
      return u.place.newCommune?.provinceName ?? u.place.oldCommune?.provinceName ?? '';
    case 'commune':
    case 'address':
      return placeSummary(u.place);
  }
}

function placeSummary(p: PlaceResolution): string {
  if (p.confidence === 'none') return `(not resolved${p.problems.length > 0 ? `: ${p.problems[0]}` : ''})`;
  if (p.confidence === 'ambiguous' && !p.oldCommune && !p.newCommune) {
    return `(ambiguous: ${p.candidates.slice(0, 3).map((c) => `${c.name}, ${c.parentName}`).join(' / ')})`;
  }
  const old = p.oldCommune ? `${p.oldCommune.name}, ${p.oldCommune.districtName}` : '';
  const now = p.newCommune ? p.newCommune.name : '(no single new unit)';
  const how = p.crosswalkConfidence === 'not-needed' ? 'new unit named' : `crosswalk ${p.crosswalkConfidence}`;
  return `${old ? `${old} → ` : ''}${now} [${p.confidence}, ${how}]`;
}

// ---------------------------------------------------------------------------------------------
// Text

const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;
const COMBINING_RE = /\p{M}/gu;
const MAX_CELL = 36;

/** File content made safe for a terminal: control and bidi characters shown as escapes. */
function clean(s: string): string {
  return s.replace(CONTROL_RE, (c) => (c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Columns a string takes in a terminal (combining marks take none). */
function width(s: string): number {
  let n = 0;
  for (const _ of s.replace(COMBINING_RE, '')) n++;
  return n;
}

function cut(s: string, max: number): string {
  if (width(s) <= max) return s;
  const chars = [...s.normalize('NFC')];
  return chars.slice(0, max - 1).join('') + '…';
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

/** Aligned columns; cells are cut to `max` (the last column is not cut). */
function table(rows: string[][], indent: string, max = MAX_CELL): string[] {
  if (rows.length === 0) return [];
  const cols = Math.max(...rows.map((r) => r.length));
  const cells = rows.map((r) => r.map((c, i) => (i < cols - 1 ? cut(c, max) : c)));
  const widths: number[] = [];
  for (let c = 0; c < cols - 1; c++) widths.push(Math.max(...cells.map((r) => width(r[c] ?? ''))));
  return cells.map((r) => (indent + r.map((c, i) => (i < cols - 1 ? pad(c, widths[i]) : c)).join('  ')).trimEnd());
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function fieldLabel(f: ChildField): string {
  return `${f} (${FIELD_VI[f] ?? f})`;
}

function quote(s: string): string {
  return `'${clean(s)}'`;
}

function counts(c: Partial<Record<string, number>>): string {
  const entries = Object.entries(c).filter((e): e is [string, number] => (e[1] ?? 0) > 0);
  return entries.length === 0 ? 'none' : entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ');
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'vertical bar' };
const ROLE_TEXT: Record<InputRole, string> = { children: 'child export', idlist: 'police ID list' };
const REPAIR_TEXT: Record<TextRepairKind, string> = {
  none: 'none needed',
  nfc: 'Unicode composition only (NFC)',
  'utf8-mojibake': 'UTF-8 read as Windows-1252 (mojibake)',
  tcvn3: 'TCVN3 (ABC, .VnTime fonts)',
  vni: 'VNI-Windows',
  viqr: 'VIQR (ASCII with marks)',
};

function dateEvidence(d: InspectReport['dates']): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const counts = `${n(d.dmyOnly)} valid only day-first, ${n(d.mdyOnly)} only month-first, ${n(d.either)} either way`;
  if (d.orderSource === 'configured') return counts;
  if (d.dmyOnly > 0 && d.mdyOnly > 0) return `${counts} — MIXED: the file holds both orders; set dateOrder to decide`;
  if (d.dmyOnly === 0 && d.mdyOnly === 0) return `${counts} — no value decides; day first is the Vietnamese default`;
  return counts;
}

export function formatInspectReport(r: InspectReport): string {
  const out: string[] = [];
  const n = (x: number): string => x.toLocaleString('en-US');
  out.push(`childlink inspect: ${clean(r.file)}`);
  const fileRows: string[][] = [
    ['read as', `${ROLE_TEXT[r.role]} (${r.roleReason})`],
    ['size', `${n(r.bytes)} bytes`],
    ['SHA-256', r.sha256],
    ['format', r.format.toUpperCase() + (r.sheet !== null ? `, sheet ${quote(r.sheet)}` : '') + (r.delimiter !== null ? `, delimiter ${quote(r.delimiter)} (${DELIMITER_NAMES[r.delimiter] ?? 'other'})` : '')],
  ];
  if (r.format === 'csv' || r.format === 'tsv') fileRows.push(['encoding', `${r.encoding}, ${r.bom ? 'with' : 'no'} byte-order mark`]);
  const tr = r.textRepair;
  const applied = tr.kind === 'none' || tr.kind === 'nfc' ? REPAIR_TEXT[tr.kind] : tr.mixed ? `${REPAIR_TEXT[tr.kind]} found, mixed with other text: each field checked on its own` : `${REPAIR_TEXT[tr.kind]}: applied to every text field`;
  if (r.stop === null) {
    fileRows.push(['text repair', `${applied}; confidence ${tr.confidence.toFixed(2)}`]);
    fileRows.push(['', `evidence: ${tr.evidence}`]);
    fileRows.push(['', `fields repaired: ${counts(tr.repairedFields)}; left unreadable: ${tr.unreadableFields}`]);
  } else {
    fileRows.push(['text repair', 'not analysed (a run would stop before reading the rows)']);
  }
  fileRows.push(['reference date', r.referenceDate]);
  out.push(...table(fileRows, '  ', 40));

  const h = r.header;
  out.push('');
  if (h.row === null) out.push(h.columns.length > 0 ? 'Header: row not known' : 'Header: not found');
  else out.push(`Header: row ${h.row}` + (h.preambleRows > 0 ? ` (${h.preambleRows} title row${h.preambleRows === 1 ? '' : 's'} above)` : ''));
  const colRows: string[][] = [['col', 'header', 'field']];
  for (const c of h.columns) colRows.push([columnLetter(c.column), clean(c.header) || '(blank)', c.field ? fieldLabel(c.field) : h.unknown.includes(c.header) ? '— unknown header, not used' : '— not used']);
  out.push(...table(colRows, '  '));
  const headerFacts: string[][] = [];
  if (h.unknown.length > 0) headerFacts.push(['unknown headers', h.unknown.map(quote).join(', ')]);
  for (const d of h.duplicates) headerFacts.push(['several columns', `${d.field}: ${d.headers.map(quote).join(', ')} (the first one is used)`]);
  headerFacts.push(['missing required', h.missingRequired.length === 0 ? 'none' : h.missingRequired.join(', ')]);
  if (h.absentFields.length > 0) headerFacts.push(['not in the file', h.absentFields.map(fieldLabel).join(', ')]);
  out.push(...table(headerFacts, '  '));

  if (r.stop !== null) {
    out.push('', `A run would stop here: ${clean(r.stop)}`);
    out.push(`  (${n(r.rows.data)} data row${r.rows.data === 1 ? '' : 's'} after the header not analysed)`);
    return out.join('\n');
  }

  out.push('', 'Rows');
  const rowFacts: string[][] = [
    ['data rows', n(r.rows.data)],
    ['usable', n(r.rows.usable)],
    ['rejected', n(r.rows.rejected)],
  ];
  for (const [code, c] of Object.entries(r.rows.rejectedByCode).sort((a, b) => b[1] - a[1])) rowFacts.push([`  ${code}`, n(c)]);
  out.push(...table(rowFacts, '  '));

  const d = r.dates;
  out.push('', `Birth dates (${FIELD_VI.birth_date})`);
  const orderText = d.order === 'dmy' ? 'day first (dd/mm/yyyy)' : 'month first (mm/dd/yyyy)';
  const p = d.precision;
  const dateFacts: string[][] = [
    ['order', `${orderText}, ${d.orderSource}`],
    ['evidence', dateEvidence(d)],
    ['precision', `day ${n(p.day)}, month ${n(p.month)}, year ${n(p.year)}`],
    ['weak', `placeholder ${n(p.placeholder)}, from age ${n(p.fromAge)}`],
    ['missing', `invalid ${n(p.invalid)}, empty ${n(p.empty)}`],
    ['forms', counts(d.formats)],
  ];
  out.push(...table(dateFacts, '  '));

  const pr = r.problems;
  out.push('', 'Problems in the usable rows');
  const problemFacts: string[][] = [
    ['invalid birth dates', n(pr.invalidDates)],
    ['future birth dates', n(pr.futureDates)],
  ];
  if (r.role === 'children') problemFacts.push(['over age', n(pr.overAge)]);
  problemFacts.push(
    [`unrecognised sex (${FIELD_VI.sex})`, n(pr.unrecognisedSex)],
    [`sex written as digits`, `${r.sexCodes.scheme === '1-male-0-female' ? '1 = Nam, 0 = Nữ' : '1 = Nam, 2 = Nữ'} (${r.sexCodes.source})`],
    [`unrecognised ethnic group (${FIELD_VI.ethnicity})`, n(pr.unrecognisedEthnicity)],
    ['unreadable text (legacy font)', n(pr.unreadableText)],
    ['name remarks', counts(pr.nameFlags)],
  );
  out.push(...table(problemFacts, '  ', 44));

  const ids = r.ids;
  out.push('', `Citizen IDs (${FIELD_VI.citizen_id})`);
  out.push(
    ...table(
      [
        ['present', n(ids.present)],
        ['well-formed', n(ids.wellFormed)],
        ['consistent with the record', n(ids.consistent)],
        ['kinds', counts(ids.kinds)],
        ['problems', counts(ids.problems)],
      ],
      '  ',
    ),
  );

  const pl = r.places;
  out.push('', 'Places');
  const placeFacts: string[][] = [
    ['rows with a place', n(pl.withPlace)],
    ['match', counts(pl.byConfidence)],
    ['crosswalk', counts(pl.byCrosswalk)],
    ['unresolved', n(pl.unresolved)],
    ['ambiguous', n(pl.ambiguous)],
    ['fuzzy', n(pl.fuzzy)],
    ['low-confidence crosswalk', n(pl.lowConfidenceCrosswalk)],
    ['split commune', n(pl.splitCommune)],
  ];
  for (const t of pl.topProblems) placeFacts.push(['  reason', `${clean(t.problem)} (${n(t.count)})`]);
  out.push(...table(placeFacts, '  '));

  if (r.notes.length > 0) {
    out.push('', 'Notes');
    for (const note of r.notes) out.push(`  - ${clean(note)}`);
  }

  if (r.examples.length > 0) {
    out.push('', 'First row of each problem');
    out.push(...table([['row', 'problem', 'value', 'why'], ...r.examples.map((e) => [String(e.row), e.code, e.raw ? quote(e.raw) : '', clean(e.message)])], '  '));
  }

  if (r.samples.length > 0) {
    out.push('', `Sample rows (first ${r.samples.length}): raw → normalized`);
    for (const s of r.samples) {
      out.push(`  row ${s.row}: ${s.status === 'used' ? 'used' : `rejected (${s.rejectCode ?? '?'})`}`);
      if (s.rejectReason) out.push(`    ${clean(s.rejectReason)}`);
      const rows = s.fields.map((f) => [clean(f.header), f.field, quote(f.raw), s.status === 'used' ? `→ ${clean(f.normalized)}${f.note ? `  ! ${clean(f.note)}` : ''}` : '']);
      out.push(...table(rows, '    '));
    }
  }
  return out.join('\n');
}
