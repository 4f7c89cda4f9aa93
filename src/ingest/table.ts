// Reads a table file (CSV/TSV in any encoding, XLSX, XLS) row by row, streaming where the format allows.
// It knows nothing about fields: it hands every row's cells, with its spreadsheet row number, to a sink.
import { createReadStream, openSync, readSync, closeSync, statSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import { xlsxSheets } from './xlsx-sheets.js';
import { decodeBuffer, looksBinary, type FileEncoding } from './decode.js';
import { InputError } from '../pipeline/errors.js';
import { excelSerialToDate } from '../vietnamese/dates.js';

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
  const where = name === path ? '' : ` (${path})`;
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new InputError(`${name}: is a folder, not a table file${where}`);
    size = stat.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${name}: file not found or not readable${where}`);
  }
  if (size === 0) throw new InputError(`${name}: the file is empty (0 bytes)`);
  try {
    readHead(path, 1);
  } catch (err) {
    throw new InputError(`${name}: the file cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})${where}`);
  }
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
  const newline = detectNewline(sampleText);
  // Windows-1258 writes most toned letters as a base letter + a combining tone mark; compose them so
  // every later stage sees the same NFC text as from a UTF-8 file.
  const compose = encoding === 'windows-1258';

  let rowNumber = 0;
  let rows = 0;
  let blankRows = 0;
  const file = createReadStream(path);
  const decoded = file.pipe(iconv.decodeStream(ICONV_NAME[encoding], { stripBOM: true }));
  const guarded = Readable.from(guardRows(decoded as AsyncIterable<string>, delimiter, newline));
  await new Promise<void>((resolve, reject) => {
    // Papa Parse counts records, so a quoted cell with line breaks inside is one row, as in Excel:
    // the row number is the record number in the file (title rows and blank lines included).
    Papa.parse<string[]>(guarded as unknown as File, {
      delimiter,
      newline,
      header: false,
      skipEmptyLines: false,
      step(result, parser) {
        rowNumber++;
        const cells = result.data;
        const marked = cells.length === 1 ? guardProblem(cells[0]) : undefined;
        if (marked === undefined && cells.every((c) => c.trim() === '')) {
          blankRows++;
          return;
        }
        rows++;
        const problem = marked ?? describeParseProblem(result.errors, cells);
        if (compose && problem === undefined) for (let i = 0; i < cells.length; i++) cells[i] = cells[i].normalize('NFC');
        try {
          // A row with a huge cell is reported without its cells: they are not child data.
          sink(rowNumber, marked !== undefined || (problem && cells.some((c) => c.length > MAX_CELL_CHARS)) ? [] : cells, problem);
        } catch (err) {
          parser.abort();
          file.destroy();
          reject(err);
        }
      },
      complete: () => resolve(),
      error: (err: Error) => reject(err instanceof InputError ? err : new InputError(`${name}: cannot be read (${err.message})`)),
    });
    const failed = (what: string) => (err: Error) => reject(new InputError(`${name}: ${what} (${err.message})`));
    // pipe() does not forward the source's errors: without this a read error would leave the run waiting forever.
    file.on('error', failed('cannot be read'));
    decoded.on('error', failed(`cannot be decoded as ${encoding}`));
  });
  return { format, encoding, bom: detected.bom, delimiter, rows, blankRows };
}

function describeParseProblem(errors: Papa.ParseError[], cells: string[]): string | undefined {
  const longest = cells.reduce((m, c) => Math.max(m, c.length), 0);
  if (longest > MAX_CELL_CHARS) {
    return `a cell is ${longest} characters long (at most ${MAX_CELL_CHARS} expected); the row may be broken by an unclosed quote or is not child data`;
  }
  if (errors.length === 0) return undefined;
  if (errors.some((e) => e.code === 'MissingQuotes')) {
    return 'a quoted cell opened in this row is not closed before the end of the file; the row could not be split into cells';
  }
  const e = errors[0];
  if (e.code === 'InvalidQuotes') return 'a quoted cell has a quote inside that is not doubled (""), so its cells may be split wrongly';
  return e.message;
}

// ---------- rows of bounded length ----------

/**
 * The longest row a delimited file may hold. Child rows are a few hundred characters; a longer row
 * is a damaged file (a quote that is never closed, lost line breaks) or not child data.
 */
export const MAX_ROW_CHARS = 64 * 1024;

const QUOTE = 0x22;
const SPACE = 0x20;
/** Starts a marker row the guard puts in place of a row it gave up; never found in a text export. */
const MARK = '\u0000childlink-row\u0000';

/**
 * Hands Papa Parse only rows of bounded length. Papa keeps an unfinished row and parses it again with
 * every chunk, so one 50 MB line, or a quote that is never closed, costs time and memory quadratic in
 * its length, and an unclosed quote swallows the rest of the file into one cell. The guard follows
 * Papa's quoting rules (a quote opens a cell only at its start; "" inside is a quote; a quote closes
 * the cell when spaces and then a delimiter or the line end follow) to find where rows end, and puts a
 * one-cell marker row in place of:
 * - a line longer than MAX_ROW_CHARS: the line is skipped to its end, never held in memory;
 * - a row whose quote is still open MAX_ROW_CHARS later or at the end of the file: its first line is
 *   skipped and the lines after it are read again as rows of their own, so one stray quote costs one row.
 * Rows that are not given up pass through unchanged, and Papa numbers every row, markers included.
 */
export class RowGuard {
  /** The unfinished row (and, while skipping a long line, at most a cut line break). */
  private carry = '';
  /** Offset in `carry` of its first line not scanned yet. */
  private scanned = 0;
  /** Quote state at that offset. */
  private inQuotes = false;
  /** Characters of a long line skipped so far; -1 when not skipping. */
  private skipped = -1;

  constructor(
    private readonly delimiter: string,
    private readonly newline: '\n' | '\r' | '\r\n',
    private readonly maxRowChars = MAX_ROW_CHARS,
  ) {}

  /** Takes the next piece of text; returns the text that can go to the parser now. */
  push(chunk: string): string {
    return this.process(this.carry + chunk, false);
  }

  /** Returns the rest of the text at the end of the file. */
  end(): string {
    return this.process(this.carry, true);
  }

  private process(text: string, eof: boolean): string {
    const nl = this.newline;
    let out = '';
    let emitFrom = 0;
    let rowStart = 0;
    let line = this.scanned;
    let inQuotes = this.inQuotes;
    this.carry = '';
    this.scanned = 0;
    this.inQuotes = false;

    if (this.skipped >= 0) {
      const at = text.indexOf(nl);
      if (at < 0 && !eof) {
        // Keep a CR that may be the first half of a CRLF cut by the chunk boundary.
        const keep = nl.length > 1 && text.endsWith('\r') ? 1 : 0;
        this.skipped += text.length - keep;
        this.carry = text.slice(text.length - keep);
        return '';
      }
      const end = at < 0 ? text.length : at;
      out = marker('long', this.skipped + end) + nl;
      this.skipped = -1;
      emitFrom = rowStart = line = at < 0 ? text.length : at + nl.length;
    }

    let quoteAt = text.indexOf('"', line);
    for (;;) {
      const at = text.indexOf(nl, line);
      const lineEnd = at >= 0 ? at : eof ? text.length : -1;
      if (lineEnd < 0 || line >= text.length) {
        // No complete line left: the rest is the unfinished row. It spans lines only inside a quote.
        const tooLong = text.length - rowStart > this.maxRowChars;
        if (rowStart < line && (tooLong || eof)) {
          out += text.slice(emitFrom, rowStart) + marker('quote', eof ? -1 : this.maxRowChars) + nl;
          emitFrom = rowStart = line = text.indexOf(nl, rowStart) + nl.length;
          inQuotes = false;
          quoteAt = text.indexOf('"', line);
          continue;
        }
        if (!tooLong || eof) break;
        // One line longer than a row can be: skip it to its end.
        out += text.slice(emitFrom, rowStart);
        const keep = nl.length > 1 && text.endsWith('\r') ? 1 : 0;
        this.skipped = text.length - rowStart - keep;
        this.carry = text.slice(text.length - keep);
        return out;
      }
      if (quoteAt >= 0 && quoteAt < line) quoteAt = text.indexOf('"', line);
      if (inQuotes || (quoteAt >= 0 && quoteAt < lineEnd)) {
        inQuotes = quoteStateAfter(text, line, lineEnd, inQuotes, this.delimiter);
      }
      const next = at >= 0 ? at + nl.length : text.length;
      if (!inQuotes) {
        rowStart = next;
      } else if (rowStart < line && (next - rowStart > this.maxRowChars || (eof && at < 0))) {
        // A quote opened in the row's first line is still open: give that line up, read on after it.
        out += text.slice(emitFrom, rowStart) + marker('quote', eof && at < 0 ? -1 : this.maxRowChars) + nl;
        emitFrom = rowStart = line = text.indexOf(nl, rowStart) + nl.length;
        inQuotes = false;
        quoteAt = text.indexOf('"', line);
        continue;
      }
      line = next;
      if (at < 0) break;
    }
    if (eof) return out + text.slice(emitFrom);
    out += text.slice(emitFrom, rowStart);
    this.carry = text.slice(rowStart);
    this.scanned = line - rowStart;
    this.inQuotes = inQuotes;
    return out;
  }
}

/** Quote state at the end of text[start, end) (one line), following Papa Parse's rules. */
function quoteStateAfter(text: string, start: number, end: number, inQuotes: boolean, delimiter: string): boolean {
  let i = start;
  let fieldStart = !inQuotes;
  while (i < end) {
    if (inQuotes) {
      const q = text.indexOf('"', i);
      if (q < 0 || q >= end) return true;
      if (q + 1 < end && text.charCodeAt(q + 1) === QUOTE) {
        i = q + 2;
        continue;
      }
      let k = q + 1;
      while (k < end && text.charCodeAt(k) === SPACE) k++;
      if (k === end) return false;
      if (text.startsWith(delimiter, k)) {
        inQuotes = false;
        fieldStart = true;
        i = k + delimiter.length;
      } else {
        i = q + 1; // a stray quote inside a quoted cell: Papa keeps looking for the closing one
      }
      continue;
    }
    if (fieldStart && text.charCodeAt(i) === QUOTE) {
      inQuotes = true;
      fieldStart = false;
      i++;
      continue;
    }
    const d = text.indexOf(delimiter, i);
    if (d < 0 || d >= end) return false;
    i = d + delimiter.length;
    fieldStart = true;
  }
  return inQuotes;
}

function marker(kind: 'long' | 'quote', n: number): string {
  return `${MARK}${kind}:${n}`;
}

/** The reason for a marker row, or undefined for an ordinary cell. */
function guardProblem(cell: string): string | undefined {
  if (!cell.startsWith(MARK)) return undefined;
  const [kind, n] = cell.slice(MARK.length).split(':');
  if (kind === 'long') {
    return `the row is ${n} characters long (at most ${MAX_ROW_CHARS} expected); it is not child data or the file's line breaks are lost — the row was skipped`;
  }
  const where = n === '-1' ? 'before the end of the file' : `within the next ${n} characters`;
  return `a quoted cell opened in this row is not closed ${where}; the row could not be split into cells and was skipped (any lines after it were read as rows of their own)`;
}

async function* guardRows(source: AsyncIterable<string>, delimiter: string, newline: '\n' | '\r' | '\r\n'): AsyncGenerator<string> {
  const guard = new RowGuard(delimiter, newline);
  for await (const chunk of source) {
    const text = guard.push(chunk);
    if (text !== '') yield text;
  }
  const rest = guard.end();
  if (rest !== '') yield rest;
}

/** The line break of a text sample, as Papa Parse guesses it (quoted cells are not looked at). */
export function detectNewline(sample: string): '\n' | '\r' | '\r\n' {
  const text = sample.replace(QUOTED_RE, '');
  const cr = text.indexOf('\r');
  if (cr < 0) return '\n';
  const lf = text.indexOf('\n');
  if (lf >= 0 && lf < cr) return '\n';
  const parts = text.split('\r');
  let withLf = 0;
  for (const p of parts) if (p.charCodeAt(0) === 0x0a) withLf++;
  return withLf >= parts.length / 2 ? '\r\n' : '\r';
}

const QUOTED_RE = /"[^]*?"/g;

/** Cuts a byte sample after its last line feed so no character is split at the end. */
function trimToLastLine(buf: Buffer): Buffer {
  const lf = buf.lastIndexOf(0x0a);
  if (lf < 0 || lf === buf.length - 1) return buf;
  let cut = lf + 1;
  if (cut % 2 === 1 && buf[cut] === 0) cut++; // UTF-16LE: keep the line feed's second byte
  return buf.subarray(0, cut);
}

/**
 * Picks the delimiter that splits the first lines most consistently. Title rows above the header
 * ("DANH SÁCH TRẺ EM ...") often hold no delimiter at all, so the count seen on the most lines wins,
 * not the first line's.
 */
export function detectDelimiter(sample: string): string {
  const lines = sample.split(/\r?\n|\r/).filter((l) => l.trim() !== '').slice(0, 30);
  let best = ',';
  let bestScore = 0;
  for (const d of [',', ';', '\t', '|']) {
    const seen = new Map<number, number>();
    for (const l of lines) {
      const c = countOutsideQuotes(l, d);
      if (c > 0) seen.set(c, (seen.get(c) ?? 0) + 1);
    }
    for (const [count, lineCount] of seen) {
      const score = count * lineCount;
      if (score > bestScore) {
        best = d;
        bestScore = score;
      }
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

/**
 * A number shown with a zero-padded format ("000000000000", how offices keep ID columns numeric)
 * reads as the padded digits a person sees; otherwise as the number.
 */
function numberText(value: number, numFmt: string | undefined): string {
  if (numFmt !== undefined && ZERO_PADDED_FORMAT_RE.test(numFmt) && Number.isInteger(value) && value >= 0) {
    return String(value).padStart(numFmt.length, '0');
  }
  return String(value);
}

const ZERO_PADDED_FORMAT_RE = /^0+$/;

/**
 * A sheet is a grid: a row has as many cells as the widest row above it (the header's width, for data
 * rows), even when its last cells are empty and the file does not store them. Without this a child
 * with an empty last column would look like a row cut short.
 */
function padRow(cells: string[], width: number): void {
  while (cells.length < width) cells.push('');
}

async function readXlsx(path: string, name: string, sheet: string | number | undefined, sink: RowSink): Promise<TableMeta> {
  let rows = 0;
  let sheetName: string | undefined;
  const sheetsSeen: string[] = [];
  let sinkError: unknown;
  try {
    for await (const ws of xlsxSheets(path)) {
      sheetsSeen.push(ws.name);
      const wanted = sheet === undefined ? ws.index === 1 : typeof sheet === 'number' ? sheet === ws.index : sheet === ws.name;
      if (!wanted) continue;
      sheetName = ws.name;
      let width = 0;
      for await (const r of ws.rows()) {
        const values = r.values as unknown[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) {
          const v = values[i];
          cells.push(typeof v === 'number' ? numberText(v, r.getCell(i).numFmt) : cellText(v));
        }
        if (cells.every((c) => c.trim() === '')) continue;
        width = Math.max(width, cells.length);
        padRow(cells, width);
        rows++;
        const long = cells.some((c) => c.length > MAX_CELL_CHARS);
        try {
          sink(r.number, long ? [] : cells, long ? `a cell is longer than ${MAX_CELL_CHARS} characters; it is not child data` : undefined);
        } catch (err) {
          sinkError = err;
          throw err;
        }
      }
      break;
    }
  } catch (err) {
    if (sinkError !== undefined) throw sinkError;
    throw new InputError(`${name}: not a readable XLSX workbook (${(err as Error).message}); the file may be truncated or damaged`);
  }
  if (sheetName === undefined) {
    throw new InputError(
      sheet === undefined
        ? `${name}: the workbook has no worksheet`
        : `${name}: the workbook has no sheet ${JSON.stringify(sheet)} (sheets: ${sheetsSeen.map((s) => `'${s}'`).join(', ')})`,
    );
  }
  return { format: 'xlsx', encoding: 'xlsx', bom: false, sheet: sheetName, rows, blankRows: 0 };
}

/** Excel 97 date serials count from 1900, or from 1904 in workbooks made on old Macs. */
const DAYS_1900_TO_1904 = 1462;

async function readXls(path: string, name: string, sheet: string | number | undefined, sink: RowSink): Promise<TableMeta> {
  const XLSX = await import('@e965/xlsx');
  let wb: import('@e965/xlsx').WorkBook;
  try {
    // Dates are read as serial numbers with their format (cellNF), not as Date objects: SheetJS builds
    // those at local midnight, which lands on the previous day in UTC east of Greenwich (Vietnam: UTC+7).
    wb = XLSX.read(readFileSync(path), { type: 'buffer', cellNF: true, dense: true });
  } catch (err) {
    throw new InputError(`${name}: not a readable Excel 97 (.xls) workbook (${(err as Error).message})`);
  }
  const sheetName =
    sheet === undefined ? wb.SheetNames[0] : typeof sheet === 'number' ? wb.SheetNames[sheet - 1] : wb.SheetNames.find((s) => s === sheet);
  if (!sheetName) {
    throw new InputError(`${name}: the workbook has no sheet ${JSON.stringify(sheet ?? 1)} (sheets: ${wb.SheetNames.map((s) => `'${s}'`).join(', ')})`);
  }
  const ws = wb.Sheets[sheetName];
  const dateOffset = wb.Workbook?.WBProps?.date1904 ? DAYS_1900_TO_1904 : 0;
  const isDateFormat = (z: string): boolean => (XLSX.SSF as { is_date(fmt: string): boolean }).is_date(z);
  const text = (cell: import('@e965/xlsx').CellObject | undefined): string => {
    if (!cell || cell.v === undefined) return '';
    if (cell.t === 'n' && typeof cell.v === 'number') {
      const z = typeof cell.z === 'string' ? cell.z : undefined;
      if (z !== undefined && isDateFormat(z) && cell.v >= 1) {
        const d = excelSerialToDate(cell.v + dateOffset);
        return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
      }
      return numberText(cell.v, z);
    }
    if (cell.t === 'e') return cell.w ?? '';
    return cellText(cell.v);
  };
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1:A1');
  const data = (ws['!data'] ?? []) as Array<Array<import('@e965/xlsx').CellObject | undefined> | undefined>;
  let rows = 0;
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row = data[r];
    if (!row) continue;
    const cells: string[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) cells.push(text(row[c]));
    if (cells.every((c) => c.trim() === '')) continue;
    rows++;
    const long = cells.some((c) => c.length > MAX_CELL_CHARS);
    sink(r + 1, long ? [] : cells, long ? `a cell is longer than ${MAX_CELL_CHARS} characters; it is not child data` : undefined);
  }
  return { format: 'xls', encoding: 'xls', bom: false, sheet: sheetName, rows, blankRows: 0 };
}
