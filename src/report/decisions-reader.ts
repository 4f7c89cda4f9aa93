// Reads the decisions data officers wrote into a commune worklist (src/emit/worklists.ts).
//
// Officers' files come back in every state: re-saved by Excel or LibreOffice, rows sorted or
// filtered, decisions typed instead of picked ("dong y", "ĐỒNG Ý"), sheets added, files truncated
// by a mail client. Everything that is wrong becomes a problem with the file, sheet and row; the
// reader never throws for a bad file. Rows are found again by their key (the "Mã dòng" column), not
// by position, and columns by their header text.
import { access } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { DiscrepancyKind } from '../pipeline/types.js';
import {
  DECISIONS,
  HEADERS,
  KIND_ORDER,
  META_KEYS,
  META_SHEET,
  PROVINCE_SUMMARY_FORMAT,
  SUMMARY_SHEET,
  WORKLIST_FORMAT,
  WORKLIST_FORMAT_VERSION,
  decisionOptionsFor,
} from '../emit/worklists.js';
import { collapseSpaces, foldKey, toNfc } from '../vietnamese/text.js';
import { KIND_SHEET_VI } from './vi.js';
import { startsLikeFormula } from '../emit/csv.js';

export interface WorklistDecision {
  file: string;
  sheet: string;
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  /** The discrepancy's id ("Mã dòng"). */
  rowKey: string;
  /** The canonical decision text, one of the row's options (e.g. 'Đồng ý'). */
  decision: string;
  note: string;
  who: string;
  runId: string;
  communeCode: string;
  kind: string;
}

export interface DecisionProblem {
  file: string;
  sheet?: string;
  row?: number;
  message: string;
}

export interface DecisionReadResult {
  decisions: WorklistDecision[];
  problems: DecisionProblem[];
  runId: string | null;
}

interface SheetInfo {
  kind: DiscrepancyKind;
  options: readonly string[];
}

interface WorklistMeta {
  format: string;
  formatVersion: number;
  runId: string;
  communeCode: string;
  sheets: Map<string, SheetInfo>;
  /** Row key → its options, for rows whose options differ from their sheet's. */
  rowOptions: Map<string, readonly string[]>;
}

const KIND_BY_SHEET_NAME = new Map<string, DiscrepancyKind>(KIND_ORDER.map((k) => [KIND_SHEET_VI[k], k]));
const KNOWN_KINDS: ReadonlySet<string> = new Set(KIND_ORDER);
const EDGE_PUNCTUATION = /^[\s.,;:!?'"“”‘’()[\]-]+|[\s.,;:!?'"“”‘’()[\]-]+$/g;

/**
 * Reads one filled-in worklist. Returns the rows whose decision cell is filled and valid; every
 * other filled row, and anything wrong with the file, is a problem. `file` in the results is `path`
 * as given.
 */
export async function readWorklistDecisions(path: string): Promise<DecisionReadResult> {
  const problems: DecisionProblem[] = [];
  const fail = (message: string): DecisionReadResult => ({ decisions: [], problems: [{ file: path, message: `${path}: ${message}` }], runId: null });

  try {
    await access(path);
  } catch {
    return fail('file not found or not readable');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch {
    return fail(
      'cannot be read as an Excel workbook (.xlsx): the file is damaged or truncated, password-protected, or in another format ' +
        '(open it in Excel and save it again as "Excel Workbook (*.xlsx)")',
    );
  }

  const metaSheet = workbook.getWorksheet(META_SHEET);
  if (!metaSheet) return fail(`not a childlink worklist (the hidden sheet "${META_SHEET}" is missing)`);
  const meta = readMeta(metaSheet);
  if (meta.format === PROVINCE_SUMMARY_FORMAT) return fail('this is the province summary workbook, not a commune worklist; it holds no decisions');
  if (meta.format !== WORKLIST_FORMAT) return fail(`not a childlink worklist (the hidden sheet "${META_SHEET}" does not describe one)`);
  if (!(meta.formatVersion >= 1 && meta.formatVersion <= WORKLIST_FORMAT_VERSION)) {
    return fail(`worklist format version ${meta.formatVersion || '?'} is not supported (this childlink reads versions 1 to ${WORKLIST_FORMAT_VERSION})`);
  }
  const runId = meta.runId === '' ? null : meta.runId;
  if (runId === null) problems.push({ file: path, message: `${path}: the hidden sheet "${META_SHEET}" has no run id` });

  const decisions: WorklistDecision[] = [];
  const byKey = new Map<string, number>();
  const conflicting = new Set<string>();
  for (const ws of workbook.worksheets) {
    if (ws.name === META_SHEET || ws.name === SUMMARY_SHEET) continue;
    const at = (row?: number): string => (row === undefined ? `${path}, sheet "${ws.name}"` : `${path}, sheet "${ws.name}", row ${row}`);
    const columns = headerColumns(ws);
    const info = meta.sheets.get(ws.name) ?? sheetInfoFromName(ws.name);
    if (!info) {
      // An officer's own sheet is fine; one that looks like a worklist sheet was probably renamed.
      if (columns.decision !== undefined) {
        problems.push({ file: path, sheet: ws.name, message: `${at()}: sheet is not part of this worklist (renamed?); its decisions were not read` });
      }
      continue;
    }
    if (columns.decision === undefined || columns.rowKey === undefined) {
      const missing = [columns.decision === undefined ? HEADERS.decision : '', columns.rowKey === undefined ? HEADERS.rowKey : ''].filter(Boolean);
      problems.push({ file: path, sheet: ws.name, message: `${at()}: header row has no column ${missing.map((h) => `"${h}"`).join(' or ')}; the sheet was not read` });
      continue;
    }
    const { decision: decisionCol, rowKey: keyCol, note: noteCol, who: whoCol } = columns;
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (rowNumber === 1) return;
      const written = cellText(row.getCell(decisionCol).value);
      if (written === '') return;
      const rowKey = unneutralize(cellText(row.getCell(keyCol).value));
      if (rowKey === '') {
        problems.push({ file: path, sheet: ws.name, row: rowNumber, message: `${at(rowNumber)}: a decision is filled in but the row key ("${HEADERS.rowKey}") is empty` });
        return;
      }
      const options = meta.rowOptions.get(rowKey) ?? info.options;
      const decision = matchDecision(written, options);
      if (decision === null) {
        problems.push({ file: path, sheet: ws.name, row: rowNumber, message: `${at(rowNumber)}: unknown decision; use one of: ${options.join(', ')}` });
        return;
      }
      if (!options.includes(decision)) {
        problems.push({
          file: path,
          sheet: ws.name,
          row: rowNumber,
          message: `${at(rowNumber)}: decision "${decision}" does not fit this kind of row; use one of: ${options.join(', ')}`,
        });
        return;
      }
      const entry: WorklistDecision = {
        file: path,
        sheet: ws.name,
        row: rowNumber,
        rowKey,
        decision,
        note: noteCol === undefined ? '' : unneutralize(cellText(row.getCell(noteCol).value)),
        who: whoCol === undefined ? '' : unneutralize(cellText(row.getCell(whoCol).value)),
        runId: meta.runId,
        communeCode: meta.communeCode,
        kind: info.kind,
      };
      const previous = byKey.get(rowKey);
      if (previous === undefined) {
        byKey.set(rowKey, decisions.length);
        decisions.push(entry);
      } else if (decisions[previous].decision !== decision) {
        // The same row twice (copied rows) with different decisions: neither can be trusted.
        conflicting.add(rowKey);
        problems.push({
          file: path,
          sheet: ws.name,
          row: rowNumber,
          message: `${at(rowNumber)}: row key also appears in sheet "${decisions[previous].sheet}", row ${decisions[previous].row} with another decision; both were ignored`,
        });
      }
    });
  }
  return { decisions: conflicting.size === 0 ? decisions : decisions.filter((d) => !conflicting.has(d.rowKey)), problems, runId };
}

function readMeta(ws: ExcelJS.Worksheet): WorklistMeta {
  const meta: WorklistMeta = { format: '', formatVersion: 0, runId: '', communeCode: '', sheets: new Map(), rowOptions: new Map() };
  ws.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      values[col - 1] = unneutralize(cellText(cell.value));
    });
    const [key = '', value = ''] = values;
    const rest = (from: number): string[] => values.slice(from).filter((v): v is string => typeof v === 'string' && v !== '');
    switch (key) {
      case META_KEYS.format:
        meta.format = value;
        break;
      case META_KEYS.formatVersion:
        meta.formatVersion = /^\d+$/.test(value) ? Number(value) : 0;
        break;
      case META_KEYS.runId:
        meta.runId = value;
        break;
      case META_KEYS.communeCode:
        meta.communeCode = value;
        break;
      case META_KEYS.sheet: {
        const kind = values[2] ?? '';
        if (value !== '' && KNOWN_KINDS.has(kind)) {
          const options = rest(3);
          meta.sheets.set(value, { kind: kind as DiscrepancyKind, options: options.length > 0 ? options : decisionOptionsFor(kind as DiscrepancyKind) });
        }
        break;
      }
      case META_KEYS.option: {
        const rowKey = values[2] ?? '';
        const options = rest(3);
        if (rowKey !== '' && options.length > 0) meta.rowOptions.set(rowKey, options);
        break;
      }
      default:
        break;
    }
  });
  return meta;
}

function sheetInfoFromName(name: string): SheetInfo | null {
  const kind = KIND_BY_SHEET_NAME.get(name);
  return kind ? { kind, options: decisionOptionsFor(kind) } : null;
}

interface HeaderColumns {
  decision?: number;
  rowKey?: number;
  note?: number;
  who?: number;
}

const HEADER_KEYS = {
  decision: foldKey(HEADERS.decision),
  rowKey: foldKey(HEADERS.rowKey),
  note: foldKey(HEADERS.note),
  who: foldKey(HEADERS.who),
};

/** Columns found by header text (any case, with or without diacritics), so moved columns still work. */
function headerColumns(ws: ExcelJS.Worksheet): HeaderColumns {
  const found: HeaderColumns = {};
  ws.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    const key = foldKey(cellText(cell.value));
    for (const name of Object.keys(HEADER_KEYS) as Array<keyof HeaderColumns>) {
      if (key === HEADER_KEYS[name] && found[name] === undefined) found[name] = col;
    }
  });
  return found;
}

const DECISION_BY_KEY = new Map<string, string>(Object.values(DECISIONS).map((d) => [decisionKey(d), d]));

function decisionKey(s: string): string {
  return foldKey(s.replace(EDGE_PUNCTUATION, ''));
}

/**
 * The canonical decision a typed text means, ignoring case, diacritics, spacing and surrounding
 * punctuation: 'dong y', 'ĐỒNG Ý.' → 'Đồng ý'. The row's own options win over the standard ones
 * (they may be custom); null when nothing matches.
 */
export function matchDecision(written: string, options: readonly string[]): string | null {
  const key = decisionKey(written);
  if (key === '') return null;
  for (const option of options) if (decisionKey(option) === key) return option;
  return DECISION_BY_KEY.get(key) ?? null;
}

/** Removes the apostrophe the writer put before text that starts like a formula. */
function unneutralize(s: string): string {
  return s.length > 1 && s[0] === "'" && startsLikeFormula(s.slice(1)) ? s.slice(1) : s;
}

/** Text of a cell as an officer sees it: rich text joined, formula results, hyperlinks' text. NFC, spaces collapsed. */
export function cellText(value: ExcelJS.CellValue): string {
  return collapseSpaces(toNfc(rawCellText(value)));
}

function rawCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r) => r.text ?? '').join('');
  if ('error' in value) return '';
  if ('result' in value) return rawCellText((value.result ?? null) as ExcelJS.CellValue);
  if ('text' in value) return rawCellText(value.text as ExcelJS.CellValue);
  return '';
}
