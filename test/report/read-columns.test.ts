// Reading childlink's own CSV outputs in chunks: every chunk size gives the same rows, whatever falls
// on a chunk boundary (a multi-byte letter, a quoted line break, an escaped quote, CRLF).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lastRecordEnd, readColumns } from '../../src/report/read-columns.js';
import { InputError } from '../../src/pipeline/errors.js';
import { csvLine } from '../../src/emit/csv.js';

const dir = mkdtempSync(join(tmpdir(), 'childlink-read-columns-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = ['record_id', 'full_name', 'note', 'citizen_id'];
const ROWS = [
  ['TE14-1', 'Lò Thị Hương', 'hai dòng\r\nở đây', '014215313725'],
  ['TE14-2', 'Giàng A Dế', 'có "ngoặc kép", và dấu phẩy', ''],
  ['TE14-3', 'Nguyễn Thuỳ Dương', '', '014324839615'],
  ['TE14-4', 'Quàng Văn Ánh', '=1+1', ''],
];

function writeOutput(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, '\ufeff' + [HEADER, ...ROWS].map(csvLine).join(''));
  return path;
}

describe('readColumns', () => {
  const path = writeOutput('clean.csv');
  const expected = ROWS.map((r) => ({ record_id: r[0], note: r[2], missing_column: '' }));
  expected[3].note = "'=1+1"; // as the CSV writer neutralised it

  it.each([1, 2, 3, 5, 7, 16, 64, 1 << 20])('gives the same rows with %d-byte chunks', (chunk) => {
    expect(readColumns(path, ['record_id', 'note', 'missing_column'], 'not found', chunk)).toEqual(expected);
  });

  it('says which file is missing, in the caller’s words', () => {
    const missing = join(dir, 'nope.csv');
    expect(() => readColumns(missing, ['record_id'], 'run output not found')).toThrow(new InputError(`${missing}: run output not found`));
  });

  it('does not call a folder "not found"', () => {
    expect(() => readColumns(dir, ['record_id'], 'run output not found')).toThrow(/cannot be read/);
  });
});

describe('lastRecordEnd', () => {
  it.each([
    ['a,b\r\nc,d', 5],
    ['a,"b\r\nc",d', 0],
    ['a,"b""\nc"\nx', 10],
    ['no break', 0],
    ['"x"\n"y', 4],
  ])('%j → %d', (text, end) => {
    expect(lastRecordEnd(text)).toBe(end);
  });
});
