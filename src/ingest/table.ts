// Reads a table file (CSV/TSV in any encoding, XLSX, XLS) row by row, streaming where the format allows.
// It knows nothing about fields: it hands every row's cells, with its spreadsheet row number, to a sink.
import { createReadStream, openSync, readSync, closeSync, statSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { decodeBuffer, looksBinary, type FileEncoding } from './decode.js';
import { InputError } from '../pipeline/errors.js';

export type TableFormat = 'csv' | 'tsv' | 'xlsx' | 'xls';

export interface TableReadOptions {
  format?: 'auto' | TableFormat;
  encoding?: 'auto' | FileEncoding;
  sheet?: string | number;
  /** Name shown in error messages (usually the path relative to the config). */
  displayName?: string;
}

export interface TableMeta {
  format: TableFormat;
  encoding: string;
  bom: boolean;
  delimiter?: string;
  sheet?: string;
  /** Rows handed to the sink (blank rows are skipped and not counted). */
  rows: number;
  blankRows: number;
}

/**
 * Receives each non-blank row. `row` is the 1-based spreadsheet row number (what Excel shows);
 * `problem` is set when the row could not be parsed cleanly (e.g. an unclosed quote).
 */
export type RowSink = (row: number, cells: string[], problem?: string) => void;

const SAMPLE_BYTES = 256 * 1024;
/** A cell longer than this is not child data; the row is reported instead of being parsed further. */
export const MAX_CELL_CHARS = 10_000;

export async function readTable(path: string, opts: TableReadOptions, sink: RowSink): Promise<TableMeta> {
  const name = opts.displayName ?? path;
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new InputError(`${name}: file not found or not readable`);
  }
  if (size === 0) throw new InputError(`${name}: the file is empty (0 bytes)`);
  const format = opts.format && opts.format !== 'auto' ? opts.format : detectFormat(path, name);
  if (format === 'xlsx') return readXlsx(path, name, opts.sheet, sink);
  if (format === 'xls') return readXls(path, name, opts.sheet, sink);
  return readDelimited(path, name, format, opts.encoding ?? 'auto', sink);
}

function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Chooses the format from the file's first bytes, then its extension. */
function detectFormat(path: string, name: string): TableFormat {
  const head = readHead(path, 8);
  // XLSX is a ZIP archive; XLS (Excel 97) is an OLE2 compound file.
  if (head[0] === 0x50 && head[1] === 0x4b) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'xls';
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx' || ext === '.xls') {
    throw new InputError(`${name}: named ${ext} but the content is not an Excel workbook (it may be truncated or a renamed file)`);
  }
  return ext === '.tsv' || ext === '.tab' ? 'tsv' : 'csv';
}

const ICONV_NAME: Record<FileEncoding, string> = {
  'utf-8': 'utf8',
  'utf-16le': 'utf16le',
  'utf-16be': 'utf16be',
  'windows-1258': 'windows1258',
  'windows-1252': 'windows1252',
};

async function readDelimited(
  path: string,
  name: string,
  format: 'csv' | 'tsv',
  encodingOption: 'auto' | FileEncoding,
  sink: RowSink,
): Promise<TableMeta> {
  const head = trimToLastLine(readHead(path, SAMPLE_BYTES));
  if (looksBinary(head)) {
    throw new InputError(`${name}: this is not a text table (the content looks binary); export the sheet as CSV, Unicode text or XLSX`);
  }
  const detected = decodeBuffer(head);
  const encoding = encodingOption === 'auto' ? detected.encoding : encodingOption;
  const sampleText = encodingOption === 'auto' ? detected.text : iconv.decode(head, ICONV_NAME[encoding]);
  const delimiter = format === 'tsv' ? '\t' : detectDelimiter(sampleText);

  let rowNumber = 0;
  let rows = 0;
  let blankRows = 0;
  const decoded = createReadStream(path).pipe(iconv.decodeStream(ICONV_NAME[encoding], { stripBOM: true }));
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(decoded as unknown as File, {
      delimiter,
      header: false,
      skipEmptyLines: false,
      step(result, parser) {
        rowNumber++;
        const cells = result.data;
        if (cells.every((c) => c.trim() === '')) {
          blankRows++;
          return;
        }
        rows++;
        const problem = describeParseProblem(result.errors, cells);
        try {
          // A row with a huge cell is reported without its cells: they are not child data.
          sink(rowNumber, problem && cells.some((c) => c.length > MAX_CELL_CHARS) ? [] : cells, problem);
        } catch (err) {
          parser.abort();
          reject(err);
        }
      },
      complete: () => resolve(),
      error: (err: Error) => reject(new InputError(`${name}: cannot be read (${err.message})`)),
    });
    decoded.on('error', (err: Error) => reject(new InputError(`${name}: cannot be decoded as ${encoding} (${err.message})`)));
  });
  return { format, encoding, bom: detected.bom, delimiter, rows, blankRows };
}

function describeParseProblem(errors: Papa.ParseError[], cells: string[]): string | undefined {
  const longest = cells.reduce((m, c) => Math.max(m, c.length), 0);
  if (longest > MAX_CELL_CHARS) {
    return `a cell is ${longest} characters long (at most ${MAX_CELL_CHARS} expected); the row may be broken by an unclosed quote or is not child data`;
  }
  if (errors.length === 0) return undefined;
  const e = errors[0];
  if (e.code === 'MissingQuotes') return 'a quoted cell is not closed; the rest of the row (or file) could not be split into cells';
  if (e.code === 'InvalidQuotes') return 'a quote appears inside an unquoted cell';
  return e.message;
}

/** Cuts a byte sample after its last line feed so no character is split at the end. */
function trimToLastLine(buf: Buffer): Buffer {
  const lf = buf.lastIndexOf(0x0a);
  if (lf < 0 || lf === buf.length - 1) return buf;
  let cut = lf + 1;
  if (cut % 2 === 1 && buf[cut] === 0) cut++; // UTF-16LE: keep the line feed's second byte
  return buf.subarray(0, cut);
}

/** Picks the delimiter that splits the first lines most consistently. */
export function detectDelimiter(sample: string): string {
  const lines = sample.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 20);
  let best = ',';
  let bestScore = 0;
  for (const d of [',', ';', '\t', '|']) {
    const counts = lines.map((l) => countOutsideQuotes(l, d));
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const consistent = counts.filter((c) => c === header).length;
    const score = header * consistent;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}

// ---------- workbooks ----------

/** Turns a workbook cell value into the text a person would see in that cell. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const y = value.getUTCFullYear();
    const m = String(value.getUTCMonth() + 1).padStart(2, '0');
    const d = String(value.getUTCDate()).padStart(2, '0');
    return `${y}-${m}-${d}`;
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join('');
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(value);
}

async function readXlsx(path: string, name: string, sheet: string | number | undefined, sink: RowSink): Promise<TableMeta> {
  let rows = 0;
  let sheetName: string | undefined;
  let sheetIndex = 0;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
    });
    for await (const ws of reader) {
      sheetIndex++;
      const wsName = (ws as unknown as { name?: string }).name ?? `Sheet${sheetIndex}`;
      const wanted = sheet === undefined ? sheetIndex === 1 : typeof sheet === 'number' ? sheet === sheetIndex : sheet === wsName;
      if (!wanted) continue;
      sheetName = wsName;
      for await (const row of ws) {
        const values = (row as ExcelJS.Row).values as unknown[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        if (cells.every((c) => c.trim() === '')) continue;
        rows++;
        const long = cells.some((c) => c.length > MAX_CELL_CHARS);
        sink((row as ExcelJS.Row).number, long ? [] : cells, long ? `a cell is longer than ${MAX_CELL_CHARS} characters` : undefined);
      }
      break;
    }
  } catch (err) {
    throw new InputError(`${name}: not a readable XLSX workbook (${(err as Error).message}); the file may be truncated or damaged`);
  }
  if (sheetName === undefined) {
    throw new InputError(
      sheet === undefined ? `${name}: the workbook has no worksheet` : `${name}: the workbook has no sheet ${JSON.stringify(sheet)}`,
    );
  }
  return { format: 'xlsx', encoding: 'xlsx', bom: false, sheet: sheetName, rows, blankRows: 0 };
}

async function readXls(path: string, name: string, sheet: string | number | undefined, sink: RowSink): Promise<TableMeta> {
  const XLSX = await import('@e965/xlsx');
  let wb: import('@e965/xlsx').WorkBook;
  try {
    wb = XLSX.read(readFileSync(path), { type: 'buffer', cellDates: true, dense: true });
  } catch (err) {
    throw new InputError(`${name}: not a readable Excel 97 (.xls) workbook (${(err as Error).message})`);
  }
  const sheetName =
    sheet === undefined ? wb.SheetNames[0] : typeof sheet === 'number' ? wb.SheetNames[sheet - 1] : wb.SheetNames.find((s) => s === sheet);
  if (!sheetName) throw new InputError(`${name}: the workbook has no sheet ${JSON.stringify(sheet ?? 1)}`);
  const ws = wb.Sheets[sheetName];
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1:A1');
  const matrix = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: '', blankrows: true });
  let rows = 0;
  matrix.forEach((values, i) => {
    const cells = values.map(cellText);
    if (cells.every((c) => c.trim() === '')) return;
    rows++;
    sink(range.s.r + i + 1, cells);
  });
  return { format: 'xls', encoding: 'xls', bom: false, sheet: sheetName, rows, blankRows: 0 };
}
