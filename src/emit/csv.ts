// CSV output: UTF-8 with BOM (so Excel shows Vietnamese correctly), CRLF, RFC 4180 quoting, and
// formula neutralisation: a cell starting with = + - @ (or tab / CR) gets a leading apostrophe so a
// spreadsheet never evaluates it.
import { closeSync, openSync, writeSync } from 'node:fs';

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = neutralizeCell(typeof value === 'string' ? value : String(value));
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

const FLUSH_CHARS = 1 << 20;

/** Writes a CSV file row by row, owner-readable only. */
export class CsvWriter {
  private readonly fd: number;
  private buffer: string[] = [];
  private buffered = 0;
  rows = 0;

  constructor(path: string, header: readonly string[]) {
    this.fd = openSync(path, 'wx', 0o600);
    this.buffer.push('\ufeff' + csvLine(header));
  }

  write(cells: ReadonlyArray<string | number | boolean | null | undefined>): void {
    const line = csvLine(cells);
    this.buffer.push(line);
    this.buffered += line.length;
    this.rows++;
    if (this.buffered >= FLUSH_CHARS) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.buffered = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
