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

  it('writes exactly the bytes of csvLine for any cells (quotes, formulas, edge spaces, surrogates)', () => {
    // Pieces that each hit a rule of csvCell or of UTF-8 encoding; random cells are made of them.
    const pieces = [
      'Lò', ' ', 'Văn', 'Đức', 'ữ', '"', ',', '\r', '\n', '\t', '\v', '\f', '\u00a0', '\ufeff', '=', '+', '-', '@', "'", 'a',
      '014215001234', '𠀧', '\ud83d', '\ude00', '😀', '\u07ff', '\u0800', '\uffff', '\u0000', '\u007f', '\u0080',
    ];
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const rows: Array<Array<string | number | boolean | null | undefined>> = [];
    for (let r = 0; r < 20_000; r++) {
      const row: Array<string | number | boolean | null | undefined> = [];
      const width = 1 + next(6);
      for (let c = 0; c < width; c++) {
        const kind = next(12);
        if (kind === 0) row.push(null);
        else if (kind === 1) row.push(undefined);
        else if (kind === 2) row.push(next(1000) - 500);
        else if (kind === 3) row.push(next(2) === 0);
        else row.push(Array.from({ length: next(6) }, () => pieces[next(pieces.length)]).join(''));
      }
      rows.push(row);
    }
    rows.push(['x', 'Lò "Văn" Phong,'.repeat(30_000), 'y']); // one cell larger than the buffer
    const path = join(mkdtempSync(join(tmpdir(), 'csv-')), 'any.csv');
    const w = new CsvWriter(path, ['a', 'b']);
    for (const row of rows) w.write(row);
    w.close();
    const expected = Buffer.concat([Buffer.from('\ufeffa,b\r\n'), ...rows.map((row) => Buffer.from(csvLine(row), 'utf8'))]);
    expect(readFileSync(path).equals(expected)).toBe(true);
  });
});
