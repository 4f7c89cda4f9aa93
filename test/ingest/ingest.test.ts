// The ingest stage on bad and unusual inputs: it either refuses the file with an InputError that names
// it and says what was expected, or reads it and turns every unusable row into a reject with its row
// number and a code. Nothing is lost: data rows = accepted rows + rejected rows.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsMaker, ingestTable, type IngestedTable, type TableSpec } from '../../src/ingest/ingest.js';
import { InputError } from '../../src/pipeline/errors.js';
import type { FieldIssue, InputRole } from '../../src/pipeline/types.js';
import type { TableInputConfig } from '../../schemas/config.js';
import { checkCitizenId } from '../../src/vietnamese/citizen-id.js';
import { parseDate } from '../../src/vietnamese/dates.js';
import { encodeWindows1258 } from '../windows-1258.js';
import { normalizeChildren, repairFields } from '../../src/normalize/normalize.js';
import { encodeTcvn3, fieldRepairer, repairText } from '../../src/vietnamese/encoding.js';
import { createPlaceResolver } from '../../src/vietnamese/places.js';
import { loadPlaceIndex } from '../../src/vietnamese/places-data.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'childlink-ingest-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function spec(name: string, content: string | Buffer, config: Partial<TableInputConfig> = {}, role: InputRole = 'children'): TableSpec {
  const path = join(dir, name);
  writeFileSync(path, content);
  return {
    role,
    index: 0,
    path,
    displayPath: `data/${name}`,
    config: { path: `data/${name}`, format: 'auto', encoding: 'auto', dateOrder: 'auto', sexCodes: 'auto', ...config },
  };
}

async function ingest(name: string, content: string | Buffer, config: Partial<TableInputConfig> = {}, role: InputRole = 'children'): Promise<IngestedTable> {
  const t = await ingestTable(spec(name, content, config, role));
  // Nothing lost: every data row is accepted or rejected.
  expect(t.info.rows).toBe(t.rows.length + t.rejects.length);
  return t;
}

async function refused(name: string, content: string | Buffer, config: Partial<TableInputConfig> = {}, role: InputRole = 'children'): Promise<string> {
  try {
    await ingestTable(spec(name, content, config, role));
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message.startsWith(`data/${name}: `)).toBe(true);
    return message;
  }
  throw new Error(`expected ${name} to be refused`);
}

const HEADER = 'Mã trẻ em,Họ và tên,Ngày sinh,Giới tính,Dân tộc';
const ROWS = ['TE001,Lò Văn Phong,05/03/2015,Nam,Thái', 'TE002,Lường Thị Hoa,12/11/2016,Nữ,Thái', 'TE003,Giàng A Páo,01/01/2014,Nam,Mông'];
const lines = (...ls: string[]): string => ls.join('\r\n') + '\r\n';

describe('ingest: files with no usable table', () => {
  it('an empty file (0 bytes)', async () => {
    expect(await refused('empty.csv', '')).toBe('data/empty.csv: the file is empty (0 bytes)');
  });

  it('a file of blank lines has no rows', async () => {
    expect(await refused('blank.csv', '\r\n\r\n,,,\r\n')).toBe('data/blank.csv: the file has no rows');
  });

  it('a file of numbers has no recognisable header, and the message quotes none of its values', async () => {
    const numbers = Array.from({ length: 50 }, (_, i) => `${1000 + i},${20150305 + i},${14215000123 + i}`).join('\n');
    const message = await refused('numbers.csv', numbers);
    expect(message).toMatch(/^data\/numbers\.csv: no recognisable header row in the first 30 non-blank rows \(none of them has a known header\); expected headers such as 'Mã trẻ em', 'Họ và tên'/);
    expect(message).toMatch(/inputs\.children\.columns/);
    expect(message).not.toMatch(/1000|2015|1421/);
  });

  it('data rows without a header are not quoted in the error (they hold personal data)', async () => {
    const message = await refused('noheader.csv', lines(...ROWS));
    expect(message).not.toMatch(/Lò Văn Phong|TE001/);
  });

  it('a header below the first 30 rows is not searched for', async () => {
    const title = Array.from({ length: 35 }, (_, i) => `Ghi chú ${i}`);
    expect(await refused('deep.csv', lines(...title, HEADER, ...ROWS))).toMatch(/no recognisable header row in the first 30 non-blank rows/);
  });

  it('a header without a name column says which column is missing and how to map it', async () => {
    const message = await refused('noname.csv', lines('Mã trẻ em,Ngày sinh,Giới tính', 'TE001,05/03/2015,Nam'));
    expect(message).toBe(
      "data/noname.csv: no column for 'Họ và tên' (full name); headers found: 'Mã trẻ em', 'Ngày sinh', 'Giới tính'. Map it in the config with inputs.children.columns.full_name",
    );
  });

  it('an ID list without an ID column says so', async () => {
    const message = await refused('idlist.csv', lines('Họ và tên,Ngày sinh,Giới tính', 'Lò Văn Phong,05/03/2015,Nam'), {}, 'idlist');
    expect(message).toMatch(/no column for 'Số định danh cá nhân' \(personal ID\).*inputs\.idLists\[0\]\.columns\.citizen_id$/);
  });
});

describe('ingest: headers and row numbers', () => {
  it('header only: no crash, 0 rows', async () => {
    const t = await ingest('header-only.csv', lines(HEADER));
    expect(t.rows).toEqual([]);
    expect(t.rejects).toEqual([]);
    expect(t.info.rows).toBe(0);
    expect(t.info.headerMapping.map((h) => h.field)).toEqual(['record_id', 'full_name', 'birth_date', 'sex', 'ethnicity']);
  });

  it('header below 3 title rows: found, preamble counted, row numbers are spreadsheet rows', async () => {
    const text = lines('DANH SÁCH TRẺ EM DƯỚI 16 TUỔI', 'Xã Chiềng Cơi - Huyện Mường La', 'Tính đến ngày 30/6/2026', '', HEADER, ...ROWS);
    const t = await ingest('title.csv', text);
    expect(t.preambleRows).toBe(3);
    expect(t.info.rows).toBe(3);
    // The header is on spreadsheet row 5 (the blank row 4 counts as a row), so the data starts on row 6.
    expect(t.rows.map((r) => r.prov.row)).toEqual([6, 7, 8]);
    expect(t.rows[0].fields).toEqual({ record_id: 'TE001', full_name: 'Lò Văn Phong', birth_date: '05/03/2015', sex: 'Nam', ethnicity: 'Thái' });
  });

  it('semicolon- and tab-delimited files with title rows', async () => {
    for (const [name, d] of [
      ['semicolon.csv', ';'],
      ['tab.csv', '\t'],
    ]) {
      const t = await ingest(name, lines('DANH SÁCH TRẺ EM', HEADER.replaceAll(',', d), ...ROWS.map((r) => r.replaceAll(',', d))));
      expect(t.info.delimiter).toBe(d);
      expect(t.rows.map((r) => r.fields.full_name)).toEqual(['Lò Văn Phong', 'Lường Thị Hoa', 'Giàng A Páo']);
      expect(t.rows.map((r) => r.prov.row)).toEqual([3, 4, 5]);
    }
  });

  it('UTF-8 with and without BOM, CRLF and LF give the same rows', async () => {
    const lf = await ingest('lf.csv', [HEADER, ...ROWS].join('\n') + '\n');
    const crlfBom = await ingest('crlf-bom.csv', '\ufeff' + lines(HEADER, ...ROWS));
    expect(crlfBom.rows).toEqual(lf.rows);
    expect(crlfBom.info.headerMapping).toEqual(lf.info.headerMapping);
    expect(lf.rows[2].fields.ethnicity).toBe('Mông');
  });

  it('quoted cells with commas and line breaks: later rows keep their spreadsheet row numbers', async () => {
    const text = lines(HEADER + ',Địa chỉ', 'TE001,"Lò Văn Phong",05/03/2015,Nam,Thái,"Bản Nà Sản,\nxã Chiềng Mung"', 'TE002,"Lường, Thị Hoa",12/11/2016,Nữ,Thái,Bản Hụm');
    const t = await ingest('quoted.csv', text);
    expect(t.rows.map((r) => [r.prov.row, r.fields.record_id])).toEqual([
      [2, 'TE001'],
      [3, 'TE002'],
    ]);
    expect(t.rows[0].fields.address).toBe('Bản Nà Sản,\nxã Chiềng Mung');
  });

  it('an ID list with the columns in an unusual order is mapped by header', async () => {
    const text = lines('STT,Số CCCD,Giới tính,Ngày, tháng, năm sinh,HỌ VÀ TÊN'.replace('Ngày, tháng, năm sinh', '"Ngày, tháng, năm sinh"'), '1,014215000123,Nam,05/03/2015,Lò Văn Phong');
    const t = await ingest('idlist-order.csv', text, {}, 'idlist');
    expect(t.rows[0].fields).toEqual({ citizen_id: '014215000123', sex: 'Nam', birth_date: '05/03/2015', full_name: 'Lò Văn Phong' });
    expect(t.unknownHeaders).toEqual([]);
  });

  it("two 'Họ và tên' columns: the first wins, with a note", async () => {
    const t = await ingest('dup.csv', lines('Mã trẻ em,Họ và tên,Ngày sinh,Họ và tên', 'TE001,Lò Văn Phong,05/03/2015,Lò Văn Phóng'));
    expect(t.rows[0].fields.full_name).toBe('Lò Văn Phong');
    expect(t.notes).toContain('several columns look like full_name (Họ và tên, Họ và tên); the first one is used');
    expect(t.info.headerMapping.map((h) => h.field)).toEqual(['record_id', 'full_name', 'birth_date', null]);
  });

  it('an explicit columns mapping reads headers the aliases do not know', async () => {
    const text = lines('Mã HS,Tên đầy đủ của cháu,NS (dd/mm/yyyy),Nam/Nữ', 'HS01,Lò Văn Phong,05/03/2015,Nam');
    const t = await ingest('mapped.csv', text, { columns: { record_id: 'Mã HS', full_name: 'Tên đầy đủ của cháu', birth_date: 'NS (dd/mm/yyyy)' } });
    expect(t.rows[0].fields).toEqual({ record_id: 'HS01', full_name: 'Lò Văn Phong', birth_date: '05/03/2015', sex: 'Nam' });
  });

  it('an explicit mapping is matched without case and accents', async () => {
    const t = await ingest('mapped-fold.csv', lines('MÃ HS,TÊN ĐẦY ĐỦ', 'HS01,Lò Văn Phong'), { columns: { record_id: 'Mã HS', full_name: 'Ten day du' } });
    expect(t.rows[0].fields).toEqual({ record_id: 'HS01', full_name: 'Lò Văn Phong' });
  });

  it('columns naming a header that is not in the file: the error names the header, its key and the headers there are', async () => {
    const message = await refused('mapped-missing.csv', lines('DANH SÁCH', 'Mã HS,Họ và tên,Ngày sinh', 'HS01,Lò Văn Phong,05/03/2015'), {
      columns: { record_id: 'Mã HS', full_name: 'Tên trẻ' },
    });
    expect(message).toBe(
      "data/mapped-missing.csv: no header row with every header named in the config's columns mapping in the first 3 non-blank rows; " +
        "not found: 'Tên trẻ' (inputs.children.columns.full_name); row 2 comes closest: 'Mã HS', 'Họ và tên', 'Ngày sinh'. " +
        'Header texts must match the file (case and accents are ignored)',
    );
  });
});

describe('ingest: rows that cannot be used become rejects', () => {
  it("too many cells → 'too-many-cells', too few → 'too-few-cells', with file, row and what was expected", async () => {
    const text = lines(HEADER, ROWS[0], 'TE002,Lường Thị Hoa,12,11,2016,Nữ,Thái', 'TE003,Giàng A Páo,01/01/2014', ROWS[2].replace('TE003', 'TE004'));
    const t = await ingest('cells.csv', text);
    expect(t.rows.map((r) => r.prov.row)).toEqual([2, 5]);
    expect(t.rejects).toEqual([
      {
        role: 'children',
        file: 'data/cells.csv',
        row: 3,
        code: 'too-many-cells',
        reason: 'data/cells.csv, row 3: the row has 7 cells but the header has 5; a comma or tab inside a value was probably not quoted',
        recordId: 'TE002',
      },
      {
        role: 'children',
        file: 'data/cells.csv',
        row: 4,
        code: 'too-few-cells',
        reason: 'data/cells.csv, row 4: the row has 3 cells but the header has 5; it may be cut short by a line break inside a value',
        recordId: 'TE003',
      },
    ]);
  });

  it('empty cells at the end of a row are not extra cells', async () => {
    const t = await ingest('trailing.csv', lines(HEADER, ROWS[0] + ',,'));
    expect(t.rejects).toEqual([]);
    expect(t.rows).toHaveLength(1);
  });

  it('an unclosed quote: one reject with a clear reason, the rows after it are read and counted', async () => {
    const text = lines(HEADER, ROWS[0], 'TE002,"Lường Thị Hoa,12/11/2016,Nữ,Thái', ROWS[1].replace('TE002', 'TE005'), ROWS[2]);
    const t = await ingest('unclosed.csv', text);
    expect(t.info.rows).toBe(4);
    expect(t.rows.map((r) => [r.prov.row, r.fields.record_id])).toEqual([
      [2, 'TE001'],
      [4, 'TE005'],
      [5, 'TE003'],
    ]);
    expect(t.rejects).toHaveLength(1);
    expect(t.rejects[0]).toMatchObject({ row: 3, code: 'unparsable-row' });
    expect(t.rejects[0].reason).toMatch(/^data\/unclosed\.csv, row 3: a quoted cell opened in this row is not closed/);
  });

  it('a quote inside an unquoted cell is text; an undoubled quote inside a quoted cell is a reject', async () => {
    const text = lines(HEADER, 'TE001,Lò Thị "Mây",05/03/2015,Nữ,Thái', 'TE002,"Lường Thị "Hoa" B",12/11/2016,Nữ,Thái', ROWS[2]);
    const t = await ingest('quotes.csv', text);
    expect(t.rows.map((r) => [r.prov.row, r.fields.full_name])).toEqual([
      [2, 'Lò Thị "Mây"'],
      [4, 'Giàng A Páo'],
    ]);
    expect(t.rejects).toEqual([
      expect.objectContaining({ row: 3, code: 'unparsable-row', recordId: 'TE002', reason: 'data/quotes.csv, row 3: a quoted cell has a quote inside that is not doubled (""), so its cells may be split wrongly' }),
    ]);
  });

  it('a 50 MB line is one reject; the run stays fast and the rows around it are read', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 'x');
    const content = Buffer.concat([Buffer.from(lines(HEADER, ROWS[0]) + 'TE002,'), big, Buffer.from('\r\n' + lines(ROWS[2]))]);
    const t0 = performance.now();
    const t = await ingest('long.csv', content);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(t.rows.map((r) => r.prov.row)).toEqual([2, 4]);
    expect(t.rejects).toEqual([
      expect.objectContaining({ row: 3, code: 'unparsable-row', reason: expect.stringMatching(/^data\/long\.csv, row 3: the row is \d+ characters long \(at most 65536 expected\)/) }),
    ]);
  });

  it('binary garbage named .csv is refused: not a text table', async () => {
    const bytes = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
    expect(await refused('garbage.csv', bytes)).toMatch(/^data\/garbage\.csv: this is not a text table/);
  });

  it('a file named .xlsx that is not a zip, and a truncated XLSX, are refused', async () => {
    expect(await refused('renamed.xlsx', lines(HEADER, ...ROWS))).toMatch(/not an Excel workbook/);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('DS');
    ws.addRow(HEADER.split(','));
    for (let i = 0; i < 500; i++) ws.addRow([`TE${i}`, `Lò Văn Phong ${i}`, '05/03/2015', 'Nam', 'Thái']);
    const full = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await refused('cut.xlsx', full.subarray(0, Math.floor(full.length / 2)))).toMatch(/^data\/cut\.xlsx: not a readable XLSX workbook .*truncated or damaged/);
  });
});

describe('ingest: workbooks and encodings', () => {
  it('XLSX with the header on row 3, a real date cell and a numeric ID: text the normalizers handle', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Trẻ em');
    ws.getCell('A1').value = 'DANH SÁCH TRẺ EM XÃ MƯỜNG BÚ';
    ws.getRow(3).values = ['Mã trẻ em', 'Họ và tên', 'Ngày sinh', 'Số định danh cá nhân', 'Thôn/Bản/Tổ'];
    ws.getRow(4).values = [1234, 'Lò Văn Phong', new Date(Date.UTC(2015, 2, 5)), 14215000123, 'Bản Nà Sản'];
    ws.getRow(4).getCell(3).numFmt = 'dd/mm/yyyy';
    ws.getRow(5).values = [1235, 'Lường Thị Hoa', new Date(Date.UTC(2016, 10, 12)), 14316000456];
    const t = await ingest('children.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(t.info).toMatchObject({ format: 'xlsx', rows: 2 });
    expect(t.preambleRows).toBe(1);
    expect(t.rows.map((r) => r.prov.row)).toEqual([4, 5]);
    expect(t.rows[0].fields).toEqual({ record_id: '1234', full_name: 'Lò Văn Phong', birth_date: '2015-03-05', citizen_id: '14215000123', village: 'Bản Nà Sản' });
    // A missing last cell is an empty cell, not a row cut short.
    expect(t.rejects).toEqual([]);
    const birth = parseDate(t.rows[0].fields.birth_date, { referenceDate: { year: 2026, month: 6, day: 30 } });
    expect(birth.ok && birth.date.iso).toBe('2015-03-05');
    const id = checkCitizenId(t.rows[0].fields.citizen_id);
    expect(id.digits).toBe('014215000123');
    expect(id.wellFormed).toBe(true);
  });

  it('an .xls (Excel 97) is read', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([
      ['DANH SÁCH TRẺ EM'],
      ['Mã trẻ em', 'Họ và tên', 'Ngày sinh', 'Giới tính'],
      ['TE001', 'Lò Văn Phong', { t: 'n', v: 42068, z: 'dd/mm/yyyy' }, 'Nam'],
    ]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'DS');
    const t = await ingest('children.xls', XLSX.write(book, { type: 'buffer', bookType: 'biff8' }) as Buffer);
    expect(t.info.format).toBe('xls');
    expect(t.rows).toEqual([{ prov: { file: 0, row: 3 }, fields: { record_id: 'TE001', full_name: 'Lò Văn Phong', birth_date: '2015-03-05', sex: 'Nam' } }]);
  });

  it('UTF-16LE tab-separated ID list with BOM (Excel "Unicode text")', async () => {
    const text = '\ufeff' + lines('Số định danh cá nhân\tHọ và tên\tNgày sinh', '014215000123\tLò Văn Phong\t05/03/2015');
    const t = await ingest('idlist.txt', iconv.encode(text, 'utf16le'), {}, 'idlist');
    expect(t.info).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(t.rows[0].fields).toEqual({ citizen_id: '014215000123', full_name: 'Lò Văn Phong', birth_date: '05/03/2015' });
  });

  it('Windows-1258: headers recognised and values decoded to NFC', async () => {
    const text = lines('Mã trẻ em,Họ và tên,Dân tộc,Xã/Phường/Thị trấn', 'TE001,Quàng Thị Ngọc Huyền,Thái,Xã Chiềng Mung', 'TE002,Lò Văn Đức,Thái,Xã Mường Bú');
    const t = await ingest('cp1258.csv', encodeWindows1258(text));
    expect(t.info.encoding).toBe('windows-1258');
    expect(t.rows.map((r) => r.fields)).toEqual([
      { record_id: 'TE001', full_name: 'Quàng Thị Ngọc Huyền', ethnicity: 'Thái', commune: 'Xã Chiềng Mung' },
      { record_id: 'TE002', full_name: 'Lò Văn Đức', ethnicity: 'Thái', commune: 'Xã Mường Bú' },
    ]);
  });
});


describe('ingest: how a file writes sex as digits', () => {
  const ref = { year: 2026, month: 6, day: 30 };
  const csv = (codes: string[]): string =>
    'Mã trẻ em,Họ và tên,Giới tính\n' + codes.map((c, i) => `TE${String(i).padStart(3, '0')},Lò Văn Phong,${c}`).join('\n') + '\n';
  const sexesOf = (t: IngestedTable): string[] => {
    const ctx = { referenceDate: ref, maxAge: 16, resolvePlace: createPlaceResolver(loadPlaceIndex(), { provinceCode: '14' }) };
    const n = normalizeChildren(t.rows, t.info, fieldRepairer(t.textDetection), ctx);
    return n.records.map((r) => r.sex + (r.issues.some((i) => i.code === 'unrecognised-sex') ? '?' : ''));
  };

  it.each([
    ['1/0 (a yes/no "Nam" column): 0 is Nữ', ['1', '0', '0', '1'], '1-male-0-female', ['M', 'F', 'F', 'M']],
    ['1/2 (the health-data standard), 3 = not known', ['1', '2', '3', '2'], '1-male-2-female', ['M', 'F', 'U', 'F']],
    ['codes from a float column', ['1.0', '0.0', '1'], '1-male-0-female', ['M', 'F', 'M']],
    ['words only: the standard applies, nothing to detect', ['Nam', 'Nữ', 'nu'], '1-male-2-female', ['M', 'F', 'F']],
    ['words and 0/1 codes in one file', ['Nam', '0', '1', 'Nữ'], '1-male-0-female', ['M', 'F', 'M', 'F']],
  ])('%s', async (_label, codes, scheme, sexes) => {
    const t = await ingest('sex-codes.csv', csv(codes));
    expect(t.info.sexCodes).toBe(scheme);
    expect(t.notes.filter((n) => n.includes('sex'))).toEqual([]);
    expect(sexesOf(t)).toEqual(sexes);
  });

  it('0 and 2 in one file: nothing guessed, the 0s are unrecognised and a note says how to decide', async () => {
    const t = await ingest('sex-mixed.csv', csv(['1', '2', '0', '1']));
    expect(t.info.sexCodes).toBe('1-male-2-female');
    expect(t.notes).toContain('the sex column holds both 0 and 2; read as 1 = Nam, 2 = Nữ and 0 as not recognised: set inputs.*.sexCodes to decide');
    expect(sexesOf(t)).toEqual(['M', 'F', 'U?', 'M']);
  });

  it('the sexCodes option decides instead of the values', async () => {
    const t = await ingest('sex-configured.csv', csv(['1', '2', '0', '1']), { sexCodes: '1-male-0-female' });
    expect(t.info.sexCodes).toBe('1-male-0-female');
    expect(t.notes.filter((n) => n.includes('sex'))).toEqual([]);
    expect(sexesOf(t)).toEqual(['M', 'U?', 'F', 'M']);
  });
});

describe('normalize: a cell that reads as Vietnamese both ways is decided by its row', () => {
  // A mixed file (UTF-8 rows and TCVN3 rows) with TCVN3 as its only legacy encoding.
  const repair = (v: string) => repairText(v, 'tcvn3', { mixed: true });
  const VU_A_DE = encodeTcvn3('Vừ A Dế'); // reads 'Võ A DÕ'
  it.each([
    ['the mother\u2019s name is TCVN3 too', { full_name: VU_A_DE, mother_name: encodeTcvn3('Sùng Thị Mỷ') }, 'Vừ A Dế', 'Sùng Thị Mỷ', false],
    ['the row was typed in Unicode (Thị, Bản)', { full_name: 'Võ A Dõ', mother_name: 'Lò Thị Hoa', village: 'Bản Mé' }, 'Võ A Dõ', 'Lò Thị Hoa', false],
    ['TCVN3 names and a Unicode village: flagged, kept as written', { full_name: VU_A_DE, mother_name: encodeTcvn3('Sùng Thị Mỷ'), village: 'Bản Mé' }, VU_A_DE, 'Sùng Thị Mỷ', true],
    ['nothing else in the row: flagged, kept as written', { full_name: VU_A_DE }, VU_A_DE, undefined, true],
  ])('%s', (_label, fields, name, mother, flagged) => {
    const issues: FieldIssue[] = [];
    const out = repairFields(fields, repair, issues);
    expect(out.full_name).toBe(name);
    expect(out.mother_name).toBe(mother);
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual(flagged ? ['full_name:unreadable-text'] : []);
    if (flagged) expect(issues[0].message).toBe('reads as Vietnamese both as written and in TCVN3; kept as written');
  });

  it("sex and ethnic group are closed lists: 'Không rõ' and 'Thái' are read as written even in a row with both kinds of evidence", () => {
    expect(repair('Không rõ').alternative?.text).toBe('Khụng rừ');
    expect(repair('Thái').alternative?.text).toBe('Thỏi');
    const issues: FieldIssue[] = [];
    const fields = { full_name: VU_A_DE, mother_name: encodeTcvn3('Sùng Thị Mỷ'), village: 'Bản Mé', sex: 'Không rõ', ethnicity: 'Thái' };
    const out = repairFields(fields, repair, issues);
    expect([out.sex, out.ethnicity]).toEqual(['Không rõ', 'Thái']);
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual(['full_name:unreadable-text']);
  });
});

describe('normalize: an ethnic group typed in a legacy font', () => {
  it("'Kh¬mó' (TCVN3 Khơmú, two syllables in one word) is Khơ-mú, with no unreadable-text warning", async () => {
    const t = await ingest('legacy-ethnicity.csv', 'Mã trẻ em,Họ và tên,Dân tộc,Thôn/bản\nTE001,Lò Văn Phong,Kh¬mó,Bản Mé\nTE002,Lò Thị Hoa,Xinh Mun,Bản Mé\n');
    const ctx = { referenceDate: { year: 2026, month: 6, day: 30 }, maxAge: 16, resolvePlace: createPlaceResolver(loadPlaceIndex(), { provinceCode: '14' }) };
    const n = normalizeChildren(t.rows, t.info, fieldRepairer(t.textDetection), ctx);
    expect(n.records.map((r) => r.ethnicity?.code)).toEqual(['29', '34']);
    expect(n.records.flatMap((r) => r.issues.map((i) => `${i.field}:${i.code}`))).toEqual([]);
  });
});

describe('fieldsMaker: a row\'s cells → its fields', () => {
  const make = fieldsMaker(['record_id', null, 'full_name', 'birth_date', 'sex']);

  it.each([
    ['every cell filled', ['TE001', 'x', 'Lò Văn Phong', '05/03/2015', 'Nam'], { record_id: 'TE001', full_name: 'Lò Văn Phong', birth_date: '05/03/2015', sex: 'Nam' }],
    ['empty cells are absent values', ['TE002', '', '', '12/11/2016', ''], { record_id: 'TE002', birth_date: '12/11/2016' }],
    ['a short row leaves the missing cells absent', ['TE003'], { record_id: 'TE003' }],
    ['spaces are kept for the later stages to judge', ['TE004', '', '  ', '', 'Nữ'], { record_id: 'TE004', full_name: '  ', sex: 'Nữ' }],
  ])('%s', (_, cells, expected) => {
    const got = make(cells);
    expect(got).toEqual(expected);
    // Every row has the same fields in the same order, whatever is empty (one object shape per file).
    expect(Object.keys(got)).toEqual(['record_id', 'full_name', 'birth_date', 'sex']);
  });

  it('two columns mapped to one field: the last filled one wins', () => {
    const twice = fieldsMaker(['full_name', 'record_id', 'full_name']);
    expect(twice(['Lò Văn Phong', 'A1', 'Lò Văn Phóng'])).toEqual({ full_name: 'Lò Văn Phóng', record_id: 'A1' });
    expect(twice(['Lò Văn Phong', 'A1', ''])).toEqual({ full_name: 'Lò Văn Phong', record_id: 'A1' });
  });
});
