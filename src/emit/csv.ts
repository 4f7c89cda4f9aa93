// CSV output: UTF-8 with BOM (so Excel shows Vietnamese correctly), CRLF, RFC 4180 quoting, and
// formula neutralisation: a cell starting with = + - @ (or tab / CR) gets a leading apostrophe so a
// spreadsheet never evaluates it.
import { closeSync, openSync, writeSync } from 'node:fs';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A character that makes a cell need quotes (delimiter, quote, line break) or trimming-sensitive space. */
function isSpecial(c: number): boolean {
  return c === 44 || c === 34 || c === 10 || c === 13;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 160 || c === 0xfeff;
}

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'string' ? value : String(value);
  const n = s.length;
  if (n === 0) return s;
  // One scan instead of regular expressions: millions of cells per run.
  const first = s.charCodeAt(0);
  if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13) s = `'${s}`;
  let quote = isSpace(first) || isSpace(s.charCodeAt(s.length - 1));
  for (let k = 0; !quote && k < s.length; k++) if (isSpecial(s.charCodeAt(k))) quote = true;
  return quote ? `"${s.replace(/"/g, '""')}"` : s;
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
