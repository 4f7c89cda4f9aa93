// Reads chosen columns of one of childlink's own CSV outputs, row by row. A million-row output parsed
// into header-keyed objects does not fit in Node's default heap; arrays of the few columns needed do.
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { InputError } from '../pipeline/errors.js';

/** Rows with just `columns` (a column the file lacks reads as ''); `missing` completes the not-found error. */
export function readColumns<K extends string>(path: string, columns: readonly K[], missing: string): Array<Record<K, string>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`${path}: ${missing}`);
  }
  const rows: Array<Record<K, string>> = [];
  let indexes: number[] | undefined;
  Papa.parse<string[]>(text.replace(/^\ufeff/, ''), {
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
  return rows;
}
