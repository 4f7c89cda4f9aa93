// The table reader on the files commune and police computers really produce, and on damaged ones:
// every bad file gives an InputError that names it, every bad row comes back with its problem.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDelimiter, detectNewline, MAX_ROW_CHARS, readTable, RowGuard, type TableMeta, type TableReadOptions } from '../../src/ingest/table.js';
import { InputError } from '../../src/pipeline/errors.js';
import { encodeWindows1258 } from '../windows-1258.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'childlink-table-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Row {
  row: number;
  cells: string[];
  problem?: string;
}

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function read(path: string, opts: TableReadOptions = {}): Promise<{ meta: TableMeta; rows: Row[] }> {
  const rows: Row[] = [];
  const meta = await readTable(path, opts, (row, cells, problem) => rows.push(problem === undefined ? { row, cells } : { row, cells, problem }));
  return { meta, rows };
}

async function readError(path: string, opts: TableReadOptions = {}): Promise<InputError> {
  try {
    await read(path, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`expected ${path} to be refused`);
}

const HEADER = ['Mã trẻ em', 'Họ và tên', 'Ngày sinh', 'Giới tính'];
const DATA = [
  ['TE001', 'Lò Văn Phong', '05/03/2015', 'Nam'],
  ['TE002', 'Lường Thị Hoa', '12/11/2016', 'Nữ'],
  ['TE003', 'Giàng A Páo', '01/01/2014', 'Nam'],
];
const csv = (rows: string[][], d = ',', nl = '\n'): string => rows.map((r) => r.join(d)).join(nl) + nl;

describe('readTable: files that cannot be tables', () => {
  it('an empty file (0 bytes) is an InputError naming the file', async () => {
    const err = await readError(file('empty.csv', ''), { displayName: 'data/empty.csv' });
    expect(err.message).toMatch(/^data\/empty\.csv: the file is empty \(0 bytes\)/);
    expect(err.exitCode).toBe(4);
  });

  it('a missing file and a folder are InputErrors naming the file', async () => {
    expect((await readError(join(dir, 'nope.csv'), { displayName: 'nope.csv' })).message).toMatch(/^nope\.csv: file not found or not readable \(.*nope\.csv\)/);
    mkdirSync(join(dir, 'folder.csv'), { recursive: true });
    expect((await readError(join(dir, 'folder.csv'), { displayName: 'folder.csv' })).message).toMatch(/^folder\.csv: is a folder, not a table file/);
  });

  it('binary garbage named .csv is refused as not a text table', async () => {
    const bytes = Buffer.alloc(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = x >> 16;
    }
    const err = await readError(file('garbage.csv', bytes), { displayName: 'garbage.csv' });
    expect(err.message).toMatch(/^garbage\.csv: this is not a text table/);
  });

  it('a PDF renamed .csv is refused as not a text table', async () => {
    const err = await readError(file('report.csv', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64, 1)])), { displayName: 'report.csv' });
    expect(err.message).toMatch(/not a text table/);
  });

  it('a file named .xlsx that is not a zip is refused', async () => {
    const err = await readError(file('renamed.xlsx', csv([HEADER, ...DATA])), { displayName: 'renamed.xlsx' });
    expect(err.message).toMatch(/^renamed\.xlsx: named \.xlsx but the content is not an Excel workbook/);
  });

  it('a truncated XLSX is refused as damaged', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS');
    ws.addRow(HEADER);
    for (let i = 0; i < 300; i++) ws.addRow([`TE${i}`, `Lò Văn Phong ${i}`, '05/03/2015', 'Nam']);
    const full = Buffer.from(await wb.xlsx.writeBuffer());
    const err = await readError(file('cut.xlsx', full.subarray(0, full.length >> 1)), { displayName: 'cut.xlsx' });
    expect(err.message).toMatch(/^cut\.xlsx: not a readable XLSX workbook .*truncated or damaged/);
  });

  it('a truncated XLS (Excel 97) is refused as damaged', async () => {
    const full = xlsBuffer([HEADER, ...DATA]);
    const err = await readError(file('cut.xls', full.subarray(0, full.length >> 1)), { displayName: 'cut.xls' });
    expect(err.message).toMatch(/^cut\.xls: not a readable Excel 97 \(\.xls\) workbook/);
  });

  it('a sheet that is not in the workbook names the sheets there are', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Trẻ em').addRow(HEADER);
    const p = file('sheets.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const err = await readError(p, { sheet: 'Sheet1', displayName: 'sheets.xlsx' });
    expect(err.message).toBe(`sheets.xlsx: the workbook has no sheet "Sheet1" (sheets: 'Trẻ em')`);
  });
});

describe('readTable: delimiters, encodings, line breaks', () => {
  it.each([
    ['comma', ','],
    ['semicolon (Excel with a Vietnamese or European list separator)', ';'],
    ['tab', '\t'],
    ['pipe', '|'],
  ])('%s-delimited .csv', async (_label, d) => {
    const { meta, rows } = await read(file(`delim-${d.charCodeAt(0)}.csv`, csv([HEADER, ...DATA], d)));
    expect(meta.delimiter).toBe(d);
    expect(rows.map((r) => r.cells)).toEqual([HEADER, ...DATA]);
  });

  it('title rows without delimiters above a semicolon header do not hide the delimiter', async () => {
    const text = 'DANH SÁCH TRẺ EM DƯỚI 16 TUỔI\nXÃ CHIỀNG CƠI, HUYỆN MƯỜNG LA\n\n' + csv([HEADER, ...DATA], ';');
    const { meta, rows } = await read(file('title-semicolon.csv', text));
    expect(meta.delimiter).toBe(';');
    expect(rows.map((r) => r.row)).toEqual([1, 2, 4, 5, 6, 7]);
    expect(rows[2].cells).toEqual(HEADER);
    expect(meta.blankRows).toBe(1);
  });

  it('UTF-8 with and without BOM read the same cells; the BOM is not part of the first header', async () => {
    const body = Buffer.from(csv([HEADER, ...DATA]), 'utf8');
    const plain = await read(file('nobom.csv', body));
    const bom = await read(file('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body])));
    expect(plain.meta).toMatchObject({ encoding: 'utf-8', bom: false });
    expect(bom.meta).toMatchObject({ encoding: 'utf-8', bom: true });
    expect(bom.rows).toEqual(plain.rows);
    expect(bom.rows[0].cells[0]).toBe('Mã trẻ em');
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR (old Mac)', '\r'],
  ])('%s line breaks give the same rows, with no CR left in the last cell', async (label, nl) => {
    const { rows } = await read(file(`nl-${label.slice(0, 2)}.csv`, csv([HEADER, ...DATA], ',', nl)));
    expect(rows.map((r) => r.cells)).toEqual([HEADER, ...DATA]);
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
  });

  it('UTF-16LE tab-separated text with BOM (Excel "Unicode text", saved as .txt)', async () => {
    const text = '\ufeff' + csv([HEADER, ...DATA], '\t', '\r\n');
    const { meta, rows } = await read(file('unicode.txt', iconv.encode(text, 'utf16le')));
    expect(meta).toMatchObject({ encoding: 'utf-16le', bom: true, delimiter: '\t' });
    expect(rows.map((r) => r.cells)).toEqual([HEADER, ...DATA]);
  });

  it('Windows-1258 bytes are decoded to the same NFC text as UTF-8', async () => {
    const text = csv([HEADER, ...DATA, ['TE004', 'Quàng Thị Ngọc Huyền', '20/10/2017', 'Nữ']], ',', '\r\n');
    const { meta, rows } = await read(file('cp1258.csv', encodeWindows1258(text)));
    expect(meta.encoding).toBe('windows-1258');
    expect(rows.map((r) => r.cells)).toEqual([HEADER, ...DATA, ['TE004', 'Quàng Thị Ngọc Huyền', '20/10/2017', 'Nữ']]);
    for (const r of rows) for (const c of r.cells) expect(c).toBe(c.normalize('NFC'));
  });

  it('the configured encoding overrides detection', async () => {
    const bytes = iconv.encode(csv([HEADER, ...DATA]).normalize('NFC'), 'utf8');
    const { meta, rows } = await read(file('forced.csv', bytes), { encoding: 'utf-8' });
    expect(meta.encoding).toBe('utf-8');
    expect(rows[1].cells[1]).toBe('Lò Văn Phong');
  });
});

describe('readTable: quoting and broken rows', () => {
  it('quoted cells with delimiters and line breaks inside are one cell; the row number is the record number', async () => {
    // A spreadsheet shows a quoted cell with a line break as one row, so the row number counts records
    // (the header is row 1), not physical lines: row 4 below starts on line 5 of the file.
    const text =
      'Mã trẻ em,Họ và tên,Địa chỉ\n' +
      'TE001,"Lò Văn Phong","Bản Nà Sản, xã Chiềng Mung"\n' +
      'TE002,"Lường Thị Hoa","Bản Hụm\nxã Chiềng Mung"\n' +
      'TE003,"Giàng A ""Páo""",Bản Pá Ổ\n';
    const { rows } = await read(file('quoted.csv', text));
    expect(rows).toEqual([
      { row: 1, cells: ['Mã trẻ em', 'Họ và tên', 'Địa chỉ'] },
      { row: 2, cells: ['TE001', 'Lò Văn Phong', 'Bản Nà Sản, xã Chiềng Mung'] },
      { row: 3, cells: ['TE002', 'Lường Thị Hoa', 'Bản Hụm\nxã Chiềng Mung'] },
      { row: 4, cells: ['TE003', 'Giàng A "Páo"', 'Bản Pá Ổ'] },
    ]);
  });

  it('an unclosed quote costs its own row only: the rows after it are read', async () => {
    const text = csv([HEADER, DATA[0]]) + 'TE002,"Lường Thị Hoa,12/11/2016,Nữ\n' + csv(DATA.slice(2)) + 'TE009,Tòng Thị Xuân,01/02/2018,Nữ\n';
    const { meta, rows } = await read(file('unclosed.csv', text));
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[2]).toEqual({ row: 3, cells: [], problem: expect.stringMatching(/quoted cell opened in this row is not closed before the end of the file/) });
    expect(rows[3].cells).toEqual(DATA[2]);
    expect(rows[4].cells).toEqual(['TE009', 'Tòng Thị Xuân', '01/02/2018', 'Nữ']);
    expect(meta.rows).toBe(5);
  });

  it('an unclosed quote on the last row is reported on that row', async () => {
    const { rows } = await read(file('unclosed-last.csv', csv([HEADER, DATA[0]]) + 'TE002,"Lường Thị Hoa,12/11/2016,Nữ\n'));
    expect(rows).toHaveLength(3);
    expect(rows[2].row).toBe(3);
    expect(rows[2].problem).toMatch(/^a quoted cell opened in this row is not closed before the end of the file/);
  });

  it('an unclosed quote early in a large file does not swallow it and stays fast', async () => {
    const lines = [HEADER.join(','), 'TE000,"Lò Văn Phong,05/03/2015,Nam'];
    for (let i = 1; i <= 60_000; i++) lines.push(`TE${i},Lò Văn Phong ${i},05/03/2015,Nam`);
    const t0 = performance.now();
    const { rows } = await read(file('unclosed-big.csv', lines.join('\r\n') + '\r\n'));
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(rows).toHaveLength(60_002);
    const problems = rows.filter((r) => r.problem);
    expect(problems).toEqual([{ row: 2, cells: [], problem: expect.stringMatching(/not closed within the next 65536 characters/) }]);
    expect(rows[60_001]).toEqual({ row: 60_002, cells: ['TE60000', 'Lò Văn Phong 60000', '05/03/2015', 'Nam'] });
  });

  it('a single 50 MB line is reported as one row, without holding it in memory', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 'x');
    const p = file('long-line.csv', Buffer.concat([Buffer.from(csv([HEADER, DATA[0]]) + 'TE002,'), big, Buffer.from('\n' + csv(DATA.slice(1)))]));
    const t0 = performance.now();
    const { rows } = await read(p);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[2]).toEqual({ row: 3, cells: [], problem: expect.stringMatching(/^the row is 52428806 characters long \(at most 65536 expected\)/) });
    expect(rows[3].cells).toEqual(DATA[1]);
    expect(rows[4].cells).toEqual(DATA[2]);
  });

  it('a file without any line break (8 MB) is one long row', async () => {
    const p = file('one-line.csv', Buffer.alloc(8 * 1024 * 1024, 'Lò,'));
    const { meta, rows } = await read(p);
    expect(meta.rows).toBe(1);
    expect(rows[0].problem).toMatch(/characters long/);
  });

  it('a cell over 10,000 characters in a row of normal length is reported without its cells', async () => {
    const { rows } = await read(file('long-cell.csv', csv([HEADER, ['TE001', 'y'.repeat(20_000), '05/03/2015', 'Nam']])));
    expect(rows[1]).toEqual({ row: 2, cells: [], problem: expect.stringMatching(/a cell is 20000 characters long/) });
  });
});

describe('RowGuard: transparent on well-formed text, whatever the chunking', () => {
  function guarded(text: string, chunk: number, nl: '\n' | '\r\n' = '\n', max = MAX_ROW_CHARS): string {
    const g = new RowGuard(',', nl, max);
    let out = '';
    for (let i = 0; i < text.length; i += chunk) out += g.push(text.slice(i, i + chunk));
    return out + g.end();
  }

  const tricky =
    'a,b,c\r\n' +
    '"x ""y"" z","line\r\nbreak",3\r\n' +
    '"closing quote then spaces"  ,2,3\r\n' +
    'unquoted "quote",2,"3"\r\n' +
    '"stray "quote" inside",2,3\r\n' +
    ',"",\r\n' +
    '"ends at eof"';

  it.each([1, 2, 3, 7, 64, 100_000])('chunks of %i characters pass through unchanged', (chunk) => {
    expect(guarded(tricky, chunk, '\r\n')).toBe(tricky);
  });

  it('Papa Parse reads the guarded text as it reads the original', () => {
    const parse = (t: string) => Papa.parse<string[]>(t, { delimiter: ',', newline: '\r\n' }).data;
    expect(parse(guarded(tricky, 5, '\r\n'))).toEqual(parse(tricky));
  });

  it('gives up the first line of a quote left open, keeping the lines after it', () => {
    const text = 'a,"open\nb,2\nc,3\n';
    const rows = Papa.parse<string[]>(guarded(text, 4), { delimiter: ',', newline: '\n' }).data;
    expect(rows[0]).toHaveLength(1);
    expect(rows.slice(1, 3)).toEqual([['b', '2'], ['c', '3']]);
  });

  it('replaces a line longer than the limit by one marker row, even with a CRLF cut between chunks', () => {
    const text = 'a,b\r\n' + 'z'.repeat(1000) + '\r\nc,d\r\n';
    for (const chunk of [1, 3, 10, 999, 1004]) {
      const rows = Papa.parse<string[]>(guarded(text, chunk, '\r\n', 100), { delimiter: ',', newline: '\r\n' }).data;
      expect(rows.map((r) => r.length)).toEqual([2, 1, 2, 1]);
      expect(rows[2]).toEqual(['c', 'd']);
    }
  });
});

describe('detectDelimiter and detectNewline', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1;2,5;3\n', ';'],
    ['a\tb\tc\n"x, y"\t2\t3\n', '\t'],
    ['DANH SÁCH\nXÃ A, HUYỆN B\na;b;c;d\n1;2;3;4\n5;6;7;8\n', ';'],
    ['only one column\nvalue\n', ','],
  ])('%j → %j', (sample, d) => {
    expect(detectDelimiter(sample)).toBe(d);
  });

  it.each([
    ['a\nb\n', '\n'],
    ['a\r\nb\r\n', '\r\n'],
    ['a\rb\r', '\r'],
    ['"x\ny"\r\nb\r\n', '\r\n'],
    ['no line break', '\n'],
  ])('%j → %j', (sample, nl) => {
    expect(detectNewline(sample)).toBe(nl);
  });
});

describe('readTable: workbooks', () => {
  it('XLSX: header on row 3, real Excel dates and numeric IDs come through as text', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh sách');
    ws.getCell('A1').value = 'DANH SÁCH TRẺ EM XÃ CHIỀNG CƠI';
    ws.getRow(3).values = ['Mã trẻ em', 'Họ và tên', 'Ngày sinh', 'Số định danh cá nhân', 'Ghi chú'];
    ws.getRow(4).values = [1234, 'Lò Văn Phong', new Date(Date.UTC(2015, 2, 5)), 14215000123, 'x'];
    ws.getRow(4).getCell(3).numFmt = 'dd/mm/yyyy';
    ws.getRow(5).values = [1235, 'Lường Thị Hoa', new Date(Date.UTC(2016, 10, 12)), 14316000456];
    ws.getRow(5).getCell(4).numFmt = '000000000000';
    const { meta, rows } = await read(file('header-row-3.xlsx', Buffer.from(await wb.xlsx.writeBuffer())));
    expect(meta).toMatchObject({ format: 'xlsx', sheet: 'Danh sách', rows: 4 });
    expect(rows).toEqual([
      { row: 1, cells: ['DANH SÁCH TRẺ EM XÃ CHIỀNG CƠI'] },
      { row: 3, cells: ['Mã trẻ em', 'Họ và tên', 'Ngày sinh', 'Số định danh cá nhân', 'Ghi chú'] },
      { row: 4, cells: ['1234', 'Lò Văn Phong', '2015-03-05', '14215000123', 'x'] },
      // The empty last cell is still a cell; the zero-padded number format keeps the leading zero.
      { row: 5, cells: ['1235', 'Lường Thị Hoa', '2016-11-12', '014316000456', ''] },
    ]);
  });

  it('XLS (Excel 97): read, dates right even east of Greenwich (Vietnam, UTC+7)', async () => {
    const before = process.env.TZ;
    process.env.TZ = 'Asia/Ho_Chi_Minh';
    try {
      const buf = xlsBuffer([
        ['DANH SÁCH TRẺ EM'],
        [],
        ['Mã trẻ em', 'Họ và tên', 'Ngày sinh', 'Số định danh cá nhân'],
        ['TE001', 'Lò Văn Phong', { t: 'n', v: 42068, z: 'dd/mm/yyyy' }, { t: 'n', v: 14215000123, z: '000000000000' }],
        ['TE002', 'Lường Thị Hoa', { t: 'n', v: 42686, z: 'm/d/yy' }, 14316000456],
      ]);
      const { meta, rows } = await read(file('excel97.xls', buf));
      expect(meta).toMatchObject({ format: 'xls', rows: 4 });
      expect(rows.map((r) => r.row)).toEqual([1, 3, 4, 5]);
      expect(rows[2].cells).toEqual(['TE001', 'Lò Văn Phong', '2015-03-05', '014215000123']);
      expect(rows[3].cells).toEqual(['TE002', 'Lường Thị Hoa', '2016-11-12', '14316000456']);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  // Other writers than Excel order and address a workbook's parts differently. The reader follows
  // the ZIP's directory and the workbook's list of tabs, so none of this changes what is read.
  describe('XLSX parts in another order or addressed otherwise', () => {
    async function twoSheets(): Promise<JSZip> {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Hướng dẫn').addRow(['Điền danh sách ở trang sau']);
      const ws = wb.addWorksheet('Danh sách');
      for (const r of [HEADER, ...DATA]) ws.addRow(r);
      return JSZip.loadAsync(await wb.xlsx.writeBuffer());
    }
    /** Writes the parts in the order given (the rest after them, in their order). */
    async function rezip(zip: JSZip, first: string[], name: string): Promise<string> {
      const out = new JSZip();
      const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
      for (const n of [...first, ...names.filter((x) => !first.includes(x))]) {
        out.file(n, await zip.file(n)!.async('nodebuffer'));
      }
      return file(name, await out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    }
    async function edit(zip: JSZip, part: string, change: (xml: string) => string): Promise<void> {
      zip.file(part, change(await zip.file(part)!.async('string')));
    }

    it('a worksheet as the archive\'s last part, after the shared strings and the workbook', async () => {
      const zip = await twoSheets();
      const rest = Object.keys(zip.files).filter((n) => !zip.files[n].dir && !n.startsWith('xl/worksheets/'));
      const p = await rezip(zip, [...rest, 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml'], 'sheet-last.xlsx');
      const { meta, rows } = await read(p, { sheet: 'Danh sách' });
      expect(meta).toMatchObject({ sheet: 'Danh sách', rows: 4 });
      expect(rows.map((r) => r.cells)).toEqual([HEADER, ...DATA]);
    });

    it('the workbook part first, then the sheets, the shared strings last', async () => {
      const p = await rezip(
        await twoSheets(),
        ['xl/workbook.xml', 'xl/worksheets/sheet2.xml', 'xl/worksheets/sheet1.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml'],
        'strings-last.xlsx',
      );
      const { rows } = await read(p, { sheet: 2 });
      expect(rows.map((r) => r.cells)).toEqual([HEADER, ...DATA]);
    });

    it('sheet numbers count the tabs in the workbook\'s order, not the parts\' file names', async () => {
      const zip = await twoSheets();
      // Move the second tab to the front, as a user dragging it would.
      await edit(zip, 'xl/workbook.xml', (xml) => xml.replace(/(<sheet [^>]*name="Hướng dẫn"[^>]*\/>)(<sheet [^>]*\/>)/, '$2$1'));
      const p = await rezip(zip, [], 'tabs-moved.xlsx');
      const { meta, rows } = await read(p);
      expect(meta.sheet).toBe('Danh sách');
      expect(rows).toHaveLength(4);
      const err = await readError(p, { sheet: 3, displayName: 'tabs-moved.xlsx' });
      expect(err.message).toBe("tabs-moved.xlsx: the workbook has no sheet 3 (sheets: 'Danh sách', 'Hướng dẫn')");
    });

    it('relationship targets written as absolute paths (/xl/worksheets/…) keep the sheet names', async () => {
      const zip = await twoSheets();
      await edit(zip, 'xl/_rels/workbook.xml.rels', (xml) => xml.replaceAll('Target="worksheets/', 'Target="/xl/worksheets/'));
      const { meta, rows } = await read(await rezip(zip, [], 'absolute-targets.xlsx'), { sheet: 'Danh sách' });
      expect(meta.sheet).toBe('Danh sách');
      expect(rows.map((r) => r.cells)).toEqual([HEADER, ...DATA]);
    });

    it('shared strings stored under another name are found through the relationships', async () => {
      const zip = await twoSheets();
      zip.file('xl/strings.xml', await zip.file('xl/sharedStrings.xml')!.async('nodebuffer'));
      zip.remove('xl/sharedStrings.xml');
      await edit(zip, 'xl/_rels/workbook.xml.rels', (xml) => xml.replace('Target="sharedStrings.xml"', 'Target="strings.xml"'));
      await edit(zip, '[Content_Types].xml', (xml) => xml.replace('/xl/sharedStrings.xml', '/xl/strings.xml'));
      const { rows } = await read(await rezip(zip, [], 'strings-renamed.xlsx'), { sheet: 'Danh sách' });
      expect(rows.map((r) => r.cells)).toEqual([HEADER, ...DATA]);
    });

    it('without a workbook part the sheets are numbered by their parts and named Sheet1, Sheet2', async () => {
      const zip = await twoSheets();
      zip.remove('xl/workbook.xml');
      const p = await rezip(zip, [], 'no-workbook-part.xlsx');
      const { meta, rows } = await read(p, { sheet: 2 });
      expect(meta.sheet).toBe('Sheet2');
      expect(rows.map((r) => r.cells)).toEqual([HEADER, ...DATA]);
    });

    it('a sheet whose compressed data is damaged is refused as damaged, not read in part', async () => {
      const zip = await twoSheets();
      const big = zip.file('xl/worksheets/sheet2.xml')!;
      const xml = await big.async('string');
      zip.file('xl/worksheets/sheet2.xml', xml.replace('</sheetData>', `${'<row><c t="inlineStr"><is><t>x</t></is></c></row>'.repeat(2000)}</sheetData>`));
      const p = await rezip(zip, [], 'damaged-sheet.xlsx');
      const bytes = readFileSync(p);
      const at = bytes.indexOf(Buffer.from('xl/worksheets/sheet2.xml')) + 200;
      for (let i = at; i < at + 64; i++) bytes[i] ^= 0x5a;
      writeFileSync(p, bytes);
      const err = await readError(p, { sheet: 2, displayName: 'damaged-sheet.xlsx' });
      expect(err.message).toMatch(/^damaged-sheet\.xlsx: not a readable XLSX workbook .*truncated or damaged/);
    });
  });

  it('a workbook renamed .csv is still read as a workbook', async () => {
    const { meta, rows } = await read(file('really-xls.csv', xlsBuffer([HEADER, ...DATA])));
    expect(meta.format).toBe('xls');
    expect(rows.map((r) => r.cells)).toEqual([HEADER, ...DATA]);
  });
});

/** An Excel 97 workbook with one sheet; cells may be SheetJS cell objects (for typed numbers and dates). */
function xlsBuffer(rows: unknown[][]): Buffer {
  const ws = XLSX.utils.aoa_to_sheet(rows);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'DS');
  return XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer;
}

