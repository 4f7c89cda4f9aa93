import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvWriter, csvCell, csvLine, neutralizeCell } from '../../src/emit/csv.js';

describe('formula neutralisation', () => {
  it.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+84912345678', "'+84912345678"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['Lò Văn Phong', 'Lò Văn Phong'],
    ['014215001234', '014215001234'],
    ['', ''],
  ])('%j → %j', (input, expected) => expect(neutralizeCell(input)).toBe(expected));
});

describe('CSV quoting', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    [' padded', '" padded"'],
    ['=1+1', "'=1+1"],
  ])('%j → %j', (input, expected) => expect(csvCell(input)).toBe(expected));

  it('writes CRLF lines and empty cells for null', () => {
    expect(csvLine(['a', null, 3, true])).toBe('a,,3,true\r\n');
  });

  it('writes a BOM, the header and rows, owner-readable only', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'csv-')), 'x.csv');
    const w = new CsvWriter(path, ['record_id', 'name']);
    w.write(['TE1', 'Lường Thị Hoa']);
    w.close();
    expect(readFileSync(path, 'utf8')).toBe('\ufeffrecord_id,name\r\nTE1,Lường Thị Hoa\r\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(w.rows).toBe(1);
  });
});
