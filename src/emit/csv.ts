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

const BUFFER_BYTES = 1 << 20;

/**
 * Writes a CSV file row by row, owner-readable only. Lines are encoded straight into one reused
 * buffer: a run writes millions of lines, and keeping them as strings until a flush made the
 * garbage collector move them to the old generation and then mark them there.
 */
export class CsvWriter {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  rows = 0;

  constructor(path: string, header: readonly string[]) {
    this.fd = openSync(path, 'wx', 0o600);
    this.append('\ufeff' + csvLine(header));
  }

  write(cells: ReadonlyArray<string | number | boolean | null | undefined>): void {
    this.append(csvLine(cells));
    this.rows++;
  }

  private append(text: string): void {
    // A UTF-16 unit takes at most 3 bytes in UTF-8 (a surrogate pair: 4 bytes for 2 units).
    if (text.length * 3 > BUFFER_BYTES - this.used) {
      this.flush();
      if (text.length * 3 > BUFFER_BYTES) {
        this.writeAll(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  private writeAll(bytes: Buffer): void {
    for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off, bytes.length - off);
  }

  private flush(): void {
    if (this.used === 0) return;
    this.writeAll(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
