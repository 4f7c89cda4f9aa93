// Helpers around exceljs's streaming writer: byte-identical files, and a fast path for data rows.
//
// Byte-identical files.
// exceljs stamps two things with the current time: the document properties (docProps/core.xml:
// created, modified) and every zip entry's modification time. The first is fixed by setting
// `created`/`modified`. The second cannot be fixed from outside reliably: the WorkbookWriter appends
// its first entries (theme, package relationships) to the zip inside its constructor, before a
// caller could intercept `zip.append`, so those entries carry "now" (a copy that patches `append`
// after construction is only stable within the same 2-second DOS time tick). Instead we rewrite the
// timestamps in the finished file: the zip's central directory lists every entry with the offset of
// its local header, and both headers hold a 4-byte DOS time/date at a fixed position. Only those
// bytes change; the CRCs cover the entry data, not the headers, so the archive stays valid.
import { closeSync, createWriteStream, fstatSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import ExcelJS from 'exceljs';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_SIZE = 22;
/** EOCD record plus the longest possible archive comment. */
const EOCD_SEARCH_SIZE = EOCD_MIN_SIZE + 0xffff;
const CENTRAL_FIXED_SIZE = 46;

/** The document date of every workbook of a run: midnight UTC of the reference date. */
export function fixedDocumentDate(referenceDate: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(referenceDate);
  if (!m) throw new Error(`referenceDate must be yyyy-mm-dd, got "${referenceDate}"`);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (date.getUTCFullYear() !== Number(m[1]) || date.getUTCMonth() !== Number(m[2]) - 1 || date.getUTCDate() !== Number(m[3])) {
    throw new Error(`referenceDate is not a calendar date: "${referenceDate}"`);
  }
  return date;
}

/** MS-DOS time and date words of a UTC date (2-second resolution; zip cannot store earlier than 1980). */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/**
 * Sets the modification time of every entry of a zip file (local and central headers) to `date`.
 * Throws when the file is not a plain zip archive (no end-of-central-directory record, zip64).
 */
export function pinZipTimestamps(path: string, date: Date): void {
  const dos = dosDateTime(date);
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const tailSize = Math.min(size, EOCD_SEARCH_SIZE);
    const tail = Buffer.alloc(tailSize);
    readSync(fd, tail, 0, tailSize, size - tailSize);
    let eocd = -1;
    for (let i = tailSize - EOCD_MIN_SIZE; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${path}: not a zip archive (no end of central directory)`);
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw new Error(`${path}: zip64 archives are not supported`);
    }
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    const local = Buffer.alloc(4);
    const stamp = Buffer.alloc(4);
    stamp.writeUInt16LE(dos.time, 0);
    stamp.writeUInt16LE(dos.date, 2);
    let p = 0;
    for (let n = 0; n < entries; n++) {
      if (p + CENTRAL_FIXED_SIZE > cdSize || cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) {
        throw new Error(`${path}: damaged central directory at entry ${n}`);
      }
      stamp.copy(cd, p + 12);
      const localOffset = cd.readUInt32LE(p + 42);
      readSync(fd, local, 0, 4, localOffset);
      if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new Error(`${path}: damaged local header of entry ${n}`);
      writeSync(fd, stamp, 0, 4, localOffset + 10);
      p += CENTRAL_FIXED_SIZE + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    writeSync(fd, cd, 0, cdSize, cdOffset);
  } finally {
    closeSync(fd);
  }
}

export interface DeterministicWorkbook {
  workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  /** Commits the workbook, waits until the file is closed, then pins the zip timestamps. */
  finish(): Promise<void>;
  /** After an error while filling the workbook: closes the file and removes it. */
  abort(): void;
}

/**
 * A streaming workbook writing to a new owner-only file (fails if the file exists), with fixed
 * document dates. Call `finish()` instead of `workbook.commit()`.
 */
export function createDeterministicWorkbook(path: string, date: Date, opts: { creator: string; title?: string }): DeterministicWorkbook {
  // Open synchronously so an existing file or a missing folder fails here, not as a stream event.
  const fd = openSync(path, 'wx', 0o600);
  const stream = createWriteStream('', { fd });
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  // exceljs listens for stream errors only once it finalises; an earlier error (disk full) must not
  // leave finish() waiting forever.
  const failed = new Promise<never>((_resolve, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.created = date;
  workbook.modified = date;
  workbook.creator = opts.creator;
  workbook.lastModifiedBy = opts.creator;
  if (opts.title) workbook.title = opts.title;
  return {
    workbook,
    async finish() {
      await Promise.race([workbook.commit(), failed]);
      await Promise.race([closed, failed]);
      pinZipTimestamps(path, date);
    },
    abort() {
      stream.destroy();
      rmSync(path, { force: true });
    },
  };
}

/** Lets the zip stream compress and write what the sheets produced so far (bounded memory). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// ---------------------------------------------------------------------------------------------
// Fast data rows.
//
// exceljs builds every cell through several objects (Row, Cell, style merge, an XML stream per
// row): about 5 µs a cell, 6 s of CPU for a province's 100k discrepancy rows. SheetRowStreamer
// writes the <row> elements itself, in exactly the form exceljs uses for plain values (numbers as
// <v>, strings as t="str" <v>, style ids from the workbook's own style table), through the
// worksheet's own stream. It relies on three internals of exceljs 4.4 (pinned in package.json):
// `workbook.styles.addStyleModel`, `worksheet.startedData` and `worksheet._write`; the constructor
// checks they exist, and the tests read the result back with exceljs and SheetJS.

export type RawCellValue = string | number | null;

interface WorkbookInternals {
  styles: { addStyleModel(style: Partial<ExcelJS.Style>, cellType: number): number };
}

interface WorksheetInternals {
  startedData: boolean;
  _write(xml: string): void;
}

// exceljs's ValueType numbers (lib/doc/enums.js).
const VALUE_TYPE_NUMBER = 2;
const VALUE_TYPE_STRING = 3;

const XML_ESCAPE_TEST = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/;
const XML_ESCAPE = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;

/** Text content for XML: & < > escaped, characters XML cannot hold dropped (as exceljs does). */
export function xmlText(s: string): string {
  if (!XML_ESCAPE_TEST.test(s)) return s;
  return s.replace(XML_ESCAPE, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ''));
}

/** Column letters A … ZZ. */
export function columnLetter(col: number): string {
  if (col < 1 || col > 702) throw new Error(`column ${col} out of range`);
  return col <= 26 ? String.fromCharCode(64 + col) : String.fromCharCode(64 + Math.floor((col - 1) / 26)) + String.fromCharCode(65 + ((col - 1) % 26));
}

const ROWS_PER_WRITE = 256;

export class SheetRowStreamer {
  private readonly sheet: WorksheetInternals;
  private readonly letters: string[];
  private readonly styleIds: number[];
  private readonly spans: string;
  private parts: string[] = [];
  private nextRow: number;

  /**
   * `columnStyles[i]` is the style of column i+1; `numberColumns` are the columns holding numbers.
   * Call after the rows above `firstRow` were committed through exceljs (at least one, so the
   * column widths and <sheetData> are already written); add no exceljs rows afterwards.
   */
  constructor(workbook: ExcelJS.Workbook, worksheet: ExcelJS.Worksheet, firstRow: number, columnStyles: ReadonlyArray<Partial<ExcelJS.Style>>, numberColumns: ReadonlySet<number>) {
    const wb = workbook as unknown as Partial<WorkbookInternals>;
    const ws = worksheet as unknown as Partial<WorksheetInternals>;
    if (typeof wb.styles?.addStyleModel !== 'function' || typeof ws._write !== 'function' || typeof ws.startedData !== 'boolean') {
      throw new Error('exceljs internals changed: SheetRowStreamer needs exceljs 4.4 (styles.addStyleModel, _write, startedData)');
    }
    if (!ws.startedData) throw new Error('SheetRowStreamer: commit the header row through exceljs first');
    this.sheet = ws as WorksheetInternals;
    this.letters = columnStyles.map((_s, i) => columnLetter(i + 1));
    const styles = wb.styles;
    this.styleIds = columnStyles.map((style, i) => styles.addStyleModel(style, numberColumns.has(i + 1) ? VALUE_TYPE_NUMBER : VALUE_TYPE_STRING));
    this.spans = `1:${columnStyles.length}`;
    this.nextRow = firstRow;
  }

  /** Appends one row; `values[i]` goes to column i+1. null or '' leaves a styled empty cell. */
  addRow(values: readonly RawCellValue[]): void {
    const r = this.nextRow++;
    let xml = `<row r="${r}" spans="${this.spans}">`;
    for (let i = 0; i < this.letters.length; i++) {
      const v = values[i];
      const style = this.styleIds[i];
      const ref = this.letters[i] + r;
      const s = style ? ` s="${style}"` : '';
      if (v === null || v === undefined || v === '') xml += style ? `<c r="${ref}"${s}/>` : '';
      else if (typeof v === 'number') xml += `<c r="${ref}"${s}><v>${v}</v></c>`;
      else xml += `<c r="${ref}"${s} t="str"><v>${xmlText(v)}</v></c>`;
    }
    this.parts.push(xml + '</row>');
    if (this.parts.length >= ROWS_PER_WRITE) this.flush();
  }

  /** The row number the next addRow() writes. */
  get rowNumber(): number {
    return this.nextRow;
  }

  /** Writes the buffered rows into the worksheet stream; call before committing the sheet. */
  flush(): void {
    if (this.parts.length === 0) return;
    this.sheet._write(this.parts.join(''));
    this.parts = [];
  }
}
