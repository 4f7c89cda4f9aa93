// The ingest stage: reads the child export and the ID lists into raw rows with provenance.
// Header rows may sit below title rows (police lists often start with "DANH SÁCH ..."); the header is
// the first row among the first rows that names known columns. Unusable rows become rejects.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { ChildField, TableInputConfig } from '../../schemas/config.js';
import type { InputFileInfo, InputRole, RawFields, RawRow, Reject } from '../pipeline/types.js';
import { InputError } from '../pipeline/errors.js';
import { readTable, type TableMeta } from './table.js';
import { countKnownHeaders, mapHeaders, missingExplicitHeaders } from './headers.js';
import { detectTextEncoding, repairText, type TextEncodingDetection } from '../vietnamese/encoding.js';
import { detectDateOrder } from '../vietnamese/dates.js';
import { countSexCodes, schemeOfCounts, type SexCodeScheme } from '../vietnamese/sex.js';

/** The header must be among the first rows. */
const HEADER_SEARCH_ROWS = 30;

export interface IngestedTable {
  info: InputFileInfo;
  rows: RawRow[];
  rejects: Reject[];
  /** Headers that were not mapped to any field (reported, not fatal). */
  unknownHeaders: string[];
  /** Title rows above the header. */
  preambleRows: number;
  /** Non-fatal observations about the file as a whole (no personal data). */
  notes: string[];
  /** Legacy text encodings detected on the file's text cells (applied field by field in normalize). */
  textDetection: TextEncodingDetection;
  /**
   * Where info.sexCodes comes from: the file's digit codes, the sexCodes option, or the default
   * (1 = Nam, 2 = Nữ) when the file has no codes to go by, or both 0 and 2.
   */
  sexCodesSource: SexCodesSource;
}

export type SexCodesSource = 'detected' | 'configured' | 'default';

export interface TableSpec {
  role: InputRole;
  index: number;
  path: string;
  displayPath: string;
  config: TableInputConfig;
  /** Called now and then with the number of rows read so far (progress reporting). */
  onRows?: (rows: number) => void;
}

const REQUIRED: Record<InputRole, Array<{ anyOf: ChildField[]; label: string }>> = {
  children: [
    { anyOf: ['record_id'], label: "'Mã trẻ em' (record id)" },
    { anyOf: ['full_name', 'given_name'], label: "'Họ và tên' (full name)" },
  ],
  idlist: [
    { anyOf: ['citizen_id'], label: "'Số định danh cá nhân' (personal ID)" },
    { anyOf: ['full_name', 'given_name'], label: "'Họ và tên' (full name)" },
  ],
};

const FIELD_NAME = /^[a-z_]+$/;

/**
 * Builds a row's fields from its cells. Every row of a file gets the same fields in the same order
 * (undefined for an empty cell), so all its field objects share one shape and the later stages read
 * them with monomorphic property loads. Objects built by adding only the filled fields took a
 * different shape for each pattern of empty cells, and reading those was a large part of normalize
 * at provincial scale. When two columns map to one field the last filled one wins.
 */
export function fieldsMaker(columns: ReadonlyArray<ChildField | null>): (cells: readonly string[]) => RawFields {
  const byField = new Map<ChildField, number[]>();
  columns.forEach((f, c) => {
    if (f === null) return;
    if (!FIELD_NAME.test(f)) throw new Error(`unexpected field name ${JSON.stringify(f)}`);
    byField.set(f, [...(byField.get(f) ?? []), c]);
  });
  const props = [...byField].map(([f, cs]) => `${f}: ${[...cs].reverse().map((c) => `cells[${c}]`).join(' || ')} || undefined`);
  return new Function('cells', `"use strict";\nreturn { ${props.join(', ')} };`) as (cells: readonly string[]) => RawFields;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function ingestTable(spec: TableSpec): Promise<IngestedTable> {
  const { role, index, path, displayPath, config } = spec;
  const pending: Array<{ row: number; cells: string[]; problem?: string }> = [];
  let header: string[] | null = null;
  let fields: Array<ChildField | null> = [];
  let makeFields: (cells: readonly string[]) => RawFields = () => ({});
  let preambleRows = 0;
  const rows: RawRow[] = [];
  const rejects: Reject[] = [];

  const reject = (row: number, code: string, reason: string, recordId = ''): void => {
    rejects.push({ role, file: displayPath, row, code, reason: `${displayPath}, row ${row}: ${reason}`, recordId });
  };

  const accept = (row: number, cells: string[], problem?: string): void => {
    if (problem) {
      reject(row, 'unparsable-row', problem, cellOf(cells, fields, 'record_id'));
      return;
    }
    const extra = cells.slice(header!.length).filter((c) => c.trim() !== '');
    if (extra.length > 0) {
      reject(row, 'too-many-cells', `the row has ${cells.length} cells but the header has ${header!.length}; a comma or tab inside a value was probably not quoted`, cellOf(cells, fields, 'record_id'));
      return;
    }
    if (cells.length < header!.length && cells.length > 1) {
      // Exports write every cell; a short row was cut off (a line break inside a value, a truncated file).
      reject(row, 'too-few-cells', `the row has ${cells.length} cells but the header has ${header!.length}; it may be cut short by a line break inside a value`, cellOf(cells, fields, 'record_id'));
      return;
    }
    rows.push({ prov: { file: index, row }, fields: makeFields(cells) });
  };

  const tryHeader = (raw: string[]): boolean => {
    // Headers typed in a legacy font (TCVN3, VNI) are repaired like any other text.
    const cells = raw.map((c) => (c === '' ? c : repairText(c).text));
    if (config.columns) {
      if (missingExplicitHeaders(cells, config.columns).length > 0) return false;
    } else if (countKnownHeaders(cells) < 2) {
      return false;
    }
    header = cells.map((c) => c.trim());
    fields = mapHeaders(header, config.columns).fields;
    makeFields = fieldsMaker(fields);
    return true;
  };

  let seen = 0;
  const meta: TableMeta = await readTable(path, { format: config.format, encoding: config.encoding, sheet: config.sheet, displayName: displayPath }, (row, cells, problem) => {
    if (spec.onRows && ++seen % 20_000 === 0) spec.onRows(seen);
    if (header) {
      accept(row, cells, problem);
      return;
    }
    if (!problem && tryHeader(cells)) {
      preambleRows = pending.length;
      return;
    }
    pending.push({ row, cells, problem });
    // The header is among the first rows or the file has none: stop reading now.
    if (pending.length >= HEADER_SEARCH_ROWS) throw noHeaderError(spec, pending);
  });

  if (!header) {
    if (meta.rows === 0) throw new InputError(`${displayPath}: the file has no rows`);
    throw noHeaderError(spec, pending);
  }
  const mapping = mapHeaders(header, config.columns);
  for (const req of REQUIRED[role]) {
    if (!req.anyOf.some((f) => mapping.fields.includes(f))) {
      throw new InputError(
        `${displayPath}: no column for ${req.label}; headers found: ${(header as string[]).map((h) => `'${h}'`).join(', ')}. ` +
          `Map it in the config with inputs.${role === 'children' ? 'children' : `idLists[${index}]`}.columns.${req.anyOf[0]}`,
      );
    }
  }

  const notes: string[] = [];
  if (mapping.duplicates.length > 0) {
    for (const d of mapping.duplicates) notes.push(`several columns look like ${d.field} (${d.headers.join(', ')}); the first one is used`);
  }
  const textDetection = detectFileRepair(rows);
  if (textDetection.kind !== 'none' && textDetection.kind !== 'nfc') notes.push(`text repaired: ${textDetection.kind} (${textDetection.evidence})`);
  if (textDetection.mixed) notes.push('text encodings are mixed within the file; each field was checked on its own');

  const dateOrder = chooseDateOrder(rows, config.dateOrder, notes);
  const { scheme: sexCodes, source: sexCodesSource } = chooseSexCodes(rows, config.sexCodes, notes);

  const info: InputFileInfo = {
    role,
    index,
    path,
    displayPath,
    sha256: await sha256File(path),
    bytes: statSync(path).size,
    format: meta.format,
    encoding: meta.encoding,
    delimiter: meta.delimiter,
    textRepair: textDetection.mixed ? 'none' : textDetection.kind,
    headerMapping: (header as string[]).map((h, i) => ({ header: h, field: mapping.fields[i] })),
    dateOrder,
    sexCodes,
    rows: meta.rows - preambleRows - 1,
  };
  return { info, rows, rejects, unknownHeaders: mapping.unknown, preambleRows, notes, textDetection, sexCodesSource };
}

function cellOf(cells: string[], fields: Array<ChildField | null>, field: ChildField): string {
  const col = fields.indexOf(field);
  return col >= 0 ? (cells[col] ?? '').trim() : '';
}

/**
 * Says why no header row was found, and, with a columns mapping, which of its headers are missing.
 * Only a row that looks like a header is quoted: the other rows may hold a child's personal data, and
 * this message goes to the log and the run store.
 */
function noHeaderError(spec: TableSpec, rows: ReadonlyArray<{ row: number; cells: string[] }>): InputError {
  const { displayPath, config } = spec;
  const key = spec.role === 'children' ? 'inputs.children' : `inputs.idLists[${spec.index}]`;
  const explicit = Object.entries(config.columns ?? {}) as Array<[ChildField, string]>;
  const score = (cells: string[]): number => {
    const known = countKnownHeaders(cells);
    return explicit.length === 0 ? known : known + explicit.length - missingExplicitHeaders(cells, config.columns).length;
  };
  let best: { row: number; cells: string[] } | undefined;
  let bestScore = 1; // one match can be a data cell (the family name Xa, the surname Ma): not quoted
  for (const r of rows) {
    const s = score(r.cells);
    if (s > bestScore) {
      best = r;
      bestScore = s;
    }
  }
  const shown = best
    ? `row ${best.row} comes closest: ${best.cells.filter((c) => c.trim() !== '').slice(0, 12).map((c) => `'${c.length > 40 ? c.slice(0, 40) + '…' : c}'`).join(', ')}`
    : `none of them has a known header`;
  const searched = `the first ${rows.length} non-blank row${rows.length === 1 ? '' : 's'}`;
  if (explicit.length > 0) {
    const absent = new Set(missingExplicitHeaders(best?.cells ?? [], config.columns));
    const missing = explicit.filter(([, h]) => absent.has(h)).map(([f, h]) => `'${h}' (${key}.columns.${f})`);
    return new InputError(
      `${displayPath}: no header row with every header named in the config's columns mapping in ${searched}; ` +
        `not found: ${missing.join(', ')}; ${shown}. Header texts must match the file (case and accents are ignored)`,
    );
  }
  return new InputError(
    `${displayPath}: no recognisable header row in ${searched} (${shown}); expected headers such as 'Mã trẻ em', 'Họ và tên', ` +
      `'Ngày sinh', 'Số định danh cá nhân', or a columns mapping in the config (${key}.columns)`,
  );
}

const TEXT_FIELDS: ChildField[] = ['full_name', 'family_name', 'given_name', 'mother_name', 'father_name', 'village', 'commune', 'district', 'address', 'ethnicity'];

/** Detects legacy text encodings on a sample of the file's text cells. */
function detectFileRepair(rows: RawRow[]): TextEncodingDetection {
  const sample: string[] = [];
  const step = Math.max(1, Math.floor(rows.length / 2000));
  for (let i = 0; i < rows.length && sample.length < 4000; i += step) {
    for (const f of TEXT_FIELDS) {
      const v = rows[i].fields[f];
      if (v) sample.push(v);
    }
  }
  return detectTextEncoding(sample);
}

/** The non-empty values of one field, in row order. */
function* filledValues(rows: readonly RawRow[], field: ChildField): Generator<string> {
  for (const r of rows) {
    const v = r.fields[field];
    if (v) yield v;
  }
}

/**
 * The file's digit code for sex. Detected from its values: 0 and 1 only → 1 = Nam, 0 = Nữ; any 2 →
 * 1 = Nam, 2 = Nữ. When 0 and 2 both occur (ISO 5218 uses 0 for "not known") nothing is guessed:
 * the health-data standard applies, the 0s are reported as unrecognised, and a note says so.
 */
function chooseSexCodes(rows: RawRow[], configured: 'auto' | SexCodeScheme, notes: string[]): { scheme: SexCodeScheme; source: SexCodesSource } {
  if (configured !== 'auto') return { scheme: configured, source: 'configured' };
  const counts = countSexCodes(filledValues(rows, 'sex'));
  const detected = schemeOfCounts(counts);
  if (detected !== null) return { scheme: detected, source: 'detected' };
  if (counts.zeros > 0 && counts.twos > 0) {
    notes.push(`the sex column holds both 0 and 2; read as 1 = Nam, 2 = Nữ and 0 as not recognised: set inputs.*.sexCodes to decide`);
  }
  return { scheme: '1-male-2-female', source: 'default' };
}

function chooseDateOrder(rows: RawRow[], configured: 'auto' | 'dmy' | 'mdy', notes: string[]): 'dmy' | 'mdy' {
  if (configured !== 'auto') return configured;
  const d = detectDateOrder(filledValues(rows, 'birth_date'));
  if (d.ambiguous && d.dmyOnly > 0 && d.mdyOnly > 0) {
    notes.push(
      `birth dates mix day-first and month-first forms (${d.dmyOnly} only valid day-first, ${d.mdyOnly} only valid month-first); ` +
        `read as ${d.order === 'dmy' ? 'day-first' : 'month-first'}: set inputs.*.dateOrder to decide`,
    );
  }
  return d.order;
}
