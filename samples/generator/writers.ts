// Streaming writers for the generated files: CSV (UTF-8 with BOM), Excel "Unicode text" (UTF-16LE TSV)
// and XLSX. Rows are buffered in small chunks and written with back-pressure, so a million rows never
// become one giant string.
import { createWriteStream, type WriteStream } from 'node:fs';
import ExcelJS from 'exceljs';

export interface RowWriter {
  /** Adds one row. `rawCell` (optional) is written as-is, without quoting — to fake a broken export. */
  writeRow(cells: readonly string[], rawCell?: number): void;
  /** Lets buffered output reach the disk when enough has piled up; call it in the row loop. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

const CSV_NEEDS_QUOTES = /[",\r\n]/;
const TSV_NEEDS_QUOTES = /[\t"\r\n]/;
const QUOTE = /"/g;
// Small chunks: big buffers of live strings survive young-generation GCs and make them slow.
const FLUSH_CHARS = 1 << 16;

function quoteIf(value: string, needs: RegExp): string {
  return needs.test(value) ? '"' + value.replace(QUOTE, '""') + '"' : value;
}

export interface DelimitedOptions {
  delimiter: ',' | '\t';
  encoding: 'utf8' | 'utf16le';
  bom: boolean;
  lineEnd: '\r\n' | '\n';
}

export class DelimitedWriter implements RowWriter {
  private readonly stream: WriteStream;
  private parts: string[] = [];
  private pendingChars = 0;
  private readonly needs: RegExp;

  constructor(
    path: string,
    private readonly opts: DelimitedOptions,
  ) {
    this.stream = createWriteStream(path);
    this.needs = opts.delimiter === ',' ? CSV_NEEDS_QUOTES : TSV_NEEDS_QUOTES;
    if (opts.bom) this.stream.write(opts.encoding === 'utf8' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.from([0xff, 0xfe]));
  }

  writeRow(cells: readonly string[], rawCell = -1): void {
    let line = '';
    for (let i = 0; i < cells.length; i++) {
      if (i > 0) line += this.opts.delimiter;
      line += i === rawCell ? cells[i] : quoteIf(cells[i], this.needs);
    }
    line += this.opts.lineEnd;
    this.parts.push(line);
    this.pendingChars += line.length;
  }

  async drain(): Promise<void> {
    if (this.pendingChars < FLUSH_CHARS) return;
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = Buffer.from(this.parts.join(''), this.opts.encoding);
    this.parts = [];
    this.pendingChars = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}

/** A fixed timestamp for the XLSX metadata and zip entries, so the same seed gives the same bytes. */
const FIXED_TIME = new Date(Date.UTC(2026, 0, 1, 0, 0, 0));

interface ZipLike {
  append(source: unknown, data: Record<string, unknown>): unknown;
}

export class XlsxWriter implements RowWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  private sinceYield = 0;

  /** `numericColumns`: columns written as numbers (e.g. the STT running number); all others stay text. */
  constructor(
    path: string,
    sheetName: string,
    private readonly numericColumns: readonly number[] = [],
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
    this.workbook.created = FIXED_TIME;
    this.workbook.modified = FIXED_TIME;
    this.workbook.creator = 'childlink sample';
    // exceljs gives every zip entry the current time; pin it (archiver accepts a `date` per entry).
    const zip = (this.workbook as unknown as { zip: ZipLike }).zip;
    const append = zip.append.bind(zip);
    zip.append = (source, data) => append(source, { ...data, date: FIXED_TIME });
    this.sheet = this.workbook.addWorksheet(sheetName);
  }

  writeRow(cells: readonly string[]): void {
    const values: Array<string | number> = [...cells];
    for (const c of this.numericColumns) {
      const n = Number(values[c]);
      if (values[c] !== '' && Number.isFinite(n)) values[c] = n;
    }
    this.sheet.addRow(values).commit();
    this.sinceYield++;
  }

  async drain(): Promise<void> {
    // Give the zip stream a chance to compress and write what the sheet has produced so far.
    if (this.sinceYield < 5000) return;
    this.sinceYield = 0;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async close(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }
}
