// CSV output: UTF-8 with BOM (so Excel shows Vietnamese correctly), CRLF, RFC 4180 quoting, and
// formula neutralisation: a cell starting with = + - @ (or tab / CR) gets a leading apostrophe so a
// spreadsheet never evaluates it.
import { closeSync, openSync, writeSync } from 'node:fs';

/** Whether a spreadsheet would read the text as a formula: it starts with = + - @, tab or CR. */
export function startsLikeFormula(value: string): boolean {
  const c = value.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

export function neutralizeCell(value: string): string {
  return startsLikeFormula(value) ? `'${value}` : value;
}

/** Cells that need quotes: a delimiter, quote or line break anywhere, or space at either end (trimming-sensitive). */
const NEEDS_QUOTES = /^[ \t\n\r\v\f\u00a0\ufeff]|[ \t\n\r\v\f\u00a0\ufeff]$|[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  if (text.length === 0) return text;
  // A character test and one compiled regular expression: tens of millions of cells per run.
  const s = neutralizeCell(text);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  let line = cells.length > 0 ? csvCell(cells[0]) : '';
  for (let k = 1; k < cells.length; k++) line += ',' + csvCell(cells[k]);
  return line + '\r\n';
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
