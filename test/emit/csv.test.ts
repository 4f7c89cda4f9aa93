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

  it('rows past the buffer, a line longer than it and 4-byte characters come out whole and in order', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'csv-')), 'big.csv');
    const w = new CsvWriter(path, ['record_id', 'name']);
    const expected = ['\ufeffrecord_id,name\r\n'];
    for (let i = 0; i < 60_000; i++) {
      const name = i === 30_000 ? 'Nguyễn'.repeat(200_000) : i === 40_000 ? 'Lò 𠀧 Phong' : `Lường Thị Hoa ${i}`;
      w.write([`TE${i}`, name]);
      expected.push(`TE${i},${name}\r\n`);
    }
    w.close();
    expect(w.rows).toBe(60_000);
    expect(readFileSync(path, 'utf8')).toBe(expected.join(''));
  });
});
