// Reads chosen columns of one of childlink's own CSV outputs. A province's children.clean.csv can be
// larger than the longest string V8 can hold (about 512 MB), and a million rows parsed into
// header-keyed objects do not fit in the default heap: so the file is read in chunks cut at record
// ends, and only the columns asked for are kept.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import { InputError } from '../pipeline/errors.js';

const CHUNK_BYTES = 32 * 1024 * 1024;

/** The offset just after the last line break outside quotes (RFC 4180: `""` toggles twice), or 0. */
export function lastRecordEnd(text: string): number {
  let quotes = 0;
  let end = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quotes++;
    else if (c === 10 && (quotes & 1) === 0) end = i + 1;
  }
  return end;
}

/** Rows with just `columns` (a column the file lacks reads as ''); `missing` completes the not-found error. */
export function readColumns<K extends string>(path: string, columns: readonly K[], missing: string, chunkBytes = CHUNK_BYTES): Array<Record<K, string>> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${path}: ${missing}` : `${path}: cannot be read (${(err as Error).message})`);
  }
  const rows: Array<Record<K, string>> = [];
  let indexes: number[] | undefined;
  const parse = (text: string): void => {
    Papa.parse<string[]>(text, {
      skipEmptyLines: true,
      step: (result) => {
        const cells = result.data;
        if (!indexes) {
          indexes = columns.map((c) => cells.indexOf(c));
          return;
        }
        const row = {} as Record<K, string>;
        for (let i = 0; i < columns.length; i++) row[columns[i]] = indexes[i] >= 0 ? (cells[indexes[i]] ?? '') : '';
        rows.push(row);
      },
    });
  };
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(chunkBytes);
    let pending = '';
    let first = true;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, chunkBytes, null);
      } catch (err) {
        throw new InputError(`${path}: cannot be read (${(err as Error).message})`);
      }
      pending += n > 0 ? decoder.write(buffer.subarray(0, n)) : decoder.end();
      if (first) {
        pending = pending.replace(/^\ufeff/, '');
        first = false;
      }
      if (n === 0) break;
      const end = lastRecordEnd(pending);
      if (end > 0) {
        parse(pending.slice(0, end));
        pending = pending.slice(end);
      }
    }
    if (pending.trim() !== '') parse(pending);
  } finally {
    closeSync(fd);
  }
  return rows;
}
