import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInspectReport, inspectFile, type InspectReport } from '../../src/report/inspect.js';
import { InputError, UserError } from '../../src/pipeline/errors.js';
import { fromObject } from '../../src/pipeline/config.js';
import { ingestAll, normalizeAll } from '../../src/pipeline/inputs.js';
import { encodeTcvn3 } from '../../src/vietnamese/encoding.js';
import { encodeWindows1258 } from '../windows-1258.js';

const REF = { year: 2026, month: 6, day: 30 };
let dir: string;
let childrenPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'childlink-inspect-'));
  childrenPath = file('children-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines(CHILDREN), 'utf8')]));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, bytes: Buffer | string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

function lines(rows: string[][], delimiter = ','): string {
  return rows.map((r) => r.join(delimiter)).join('\r\n') + '\r\n';
}

const HEADER = ['Mã trẻ em', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Số định danh cá nhân', 'Họ tên mẹ', 'Thôn/bản', 'Xã/phường', 'Huyện'];

// A child export as commune officers keep it, with the problems real exports have.
const CHILDREN: string[][] = [
  HEADER,
  ['TE001', 'Lò Văn Phong', '05/03/2015', 'Nam', 'Thái', '014215123456', 'Lò Thị Hoa', 'Bản Nà Sản', 'Xã Chiềng Mung', 'Huyện Mai Sơn'],
  ['TE002', 'Lường Thị Hoa', '12/11/2016', 'Nữ', 'Thái', '', 'Cầm Thị Xuân', 'Bản Hụm', 'Xã Chiềng Mung', 'Huyện Mai Sơn'],
  ['TE003', 'Giàng A Páo', '01/01/2014', 'Nam', 'Mông', '050356514', 'Sùng Thị Mỷ', 'Bản Pá Ổ', 'Xã Chiềng Mung', 'Huyện Mai Sơn'],
  ['TE004', 'Sùng Thị Mỷ', '31/02/2018', 'X', 'Mông', '0912345678', '', 'Bản Co Sản', 'Xã Không Có Thật', ''],
  ['TE005', 'Quàng Văn Đức', '5 tuổi', 'Nam', 'Người Sao Hỏa', '014315987654', '', 'Bản Mé', 'Xã Chiềng Mung', 'Huyện Mai Sơn'],
  ['', 'Tòng Thị Xuân', '20/10/2017', 'Nữ', 'Thái', '', '', 'Bản Mé', 'Xã Chiềng Mung', 'Huyện Mai Sơn'],
  ['TE001', 'Lò Văn Phong', '05/03/2015', 'Nam', 'Thái', '', '', 'Bản Nà Sản', 'Xã Chiềng Mung', 'Huyện Mai Sơn'],
  ['TE008', 'Vì Văn Ích', '26/03/2008', 'Nam', 'Xinh Mun', '', '', 'Bản Cò Hẹ', 'Xã Chiềng Mung', 'Huyện Mai Sơn'],
  ['TE009', 'Cầm Thu Yến', '2019', 'Nữ', 'Thái', '', '', 'Bản Hụm', 'Xã Chiềng Mung', 'Huyện Mai Sơn', 'thừa'],
];

const TCVN3_ROWS: string[][] = [
  ['Mã trẻ em', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Họ tên mẹ', 'Thôn/bản', 'Xã/phường'],
  ['T01', 'Lò Văn Phong', '05/03/2015', 'Nam', 'Thái', 'Lò Thị Hoa', 'Bản Nà Sản', 'Xã Chiềng Mung'],
  ['T02', 'Lường Thị Hường', '12/11/2016', 'Nữ', 'Thái', 'Cầm Thị Xuân', 'Bản Hụm', 'Xã Chiềng Mung'],
  ['T03', 'Quàng Văn Đức', '20/10/2017', 'Nam', 'Thái', 'Tòng Thị Mến', 'Bản Mé', 'Xã Mường Bú'],
  ['T04', 'Nguyễn Thị Thủy', '03/04/2018', 'Nữ', 'Kinh', 'Đặng Thị Hồng', 'Tiểu khu 2', 'Xã Mường Bú'],
  ['T05', 'Tòng Văn Ước', '15/06/2019', 'Nam', 'Thái', 'Lò Thị Nguyệt', 'Bản Hụm', 'Xã Chiềng Mung'],
];

function childrenCsv(): Promise<InspectReport> {
  return inspectFile(childrenPath, { referenceDate: REF });
}

describe('inspectFile: encodings and formats a commune computer exports', () => {
  it('UTF-8 CSV with a BOM: encoding, BOM, delimiter, header mapping', async () => {
    const r = await childrenCsv();
    expect(r).toMatchObject({ format: 'csv', encoding: 'utf-8', bom: true, delimiter: ',', sheet: null, role: 'children', referenceDate: '2026-06-30' });
    expect(r.roleReason).toMatch(/record-id/);
    expect(r.header.row).toBe(1);
    expect(r.header.preambleRows).toBe(0);
    expect(r.header.columns.map((c) => c.field)).toEqual([
      'record_id', 'full_name', 'birth_date', 'sex', 'ethnicity', 'citizen_id', 'mother_name', 'village', 'commune', 'district',
    ]);
    expect(r.header.missingRequired).toEqual([]);
    expect(r.header.absentFields).toEqual(['father_name']);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.bytes).toBeGreaterThan(500);
    expect(r.textRepair.kind).toBe('none');
  });

  it('TCVN3 text saved as Windows-1252 bytes: detected, repaired per field, shown raw beside repaired', async () => {
    // Values typed in a TCVN3 font, saved as Windows-1252 bytes; the header typed without accents.
    const asciiHeader = ['Ma tre em', 'Ho va ten', 'Ngay sinh', 'Gioi tinh', 'Dan toc', 'Ho ten me', 'Thon/ban', 'Xa/phuong'];
    const garbled = lines([asciiHeader, ...TCVN3_ROWS.slice(1).map((row) => row.map(encodeTcvn3))]);
    const all = iconv.encode(garbled, 'windows1252');
    expect(iconv.decode(all, 'windows1252')).toBe(garbled); // the fixture really is cp1252 bytes
    const p = file('tcvn3.csv', all);
    const r = await inspectFile(p, { referenceDate: REF, sampleRows: 2 });
    expect(r.encoding).toBe('windows-1252');
    expect(r.bom).toBe(false);
    expect(r.textRepair.kind).toBe('tcvn3');
    expect(r.textRepair.mixed).toBe(false);
    expect(r.textRepair.confidence).toBeGreaterThan(0.5);
    expect(r.textRepair.repairedFields.tcvn3).toBeGreaterThan(10);
    expect(r.textRepair.unreadableFields).toBe(0);
    const name = r.samples[0].fields.find((f) => f.field === 'full_name')!;
    expect(name.raw).toBe(encodeTcvn3('Lò Văn Phong'));
    expect(name.raw).not.toBe('Lò Văn Phong');
    expect(name.normalized).toBe('Lò Văn Phong');
    expect(r.samples[1].fields.find((f) => f.field === 'mother_name')!.normalized).toBe('Cầm Thị Xuân');
    expect(r.rows.usable).toBe(5);
    expect(formatInspectReport(r)).toMatch(/text repair\s+TCVN3 \(ABC, \.VnTime fonts\): applied to every text field/);
  });

  it('UTF-16LE TSV ("Unicode text" from Excel) is read as a police ID list', async () => {
    const rows = [
      ['STT', 'Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Nơi thường trú'],
      ['1', '014215123456', 'LÒ VĂN PHONG', '05/03/2015', 'Nam', 'Bản Nà Sản, Xã Chiềng Mung, Huyện Mai Sơn, Tỉnh Sơn La'],
      ['2', '014316654321', 'LƯỜNG THỊ HOA', '12/11/2016', 'Nữ', 'Bản Hụm, Xã Chiềng Mung, Huyện Mai Sơn, Tỉnh Sơn La'],
      ['3', '014216111111', 'CẦM THỊ XUÂN', '12/11/2016', 'Nữ', 'Bản Hụm, Xã Chiềng Mung, Huyện Mai Sơn, Tỉnh Sơn La'],
      ['4', '12345', 'QUÀNG VĂN ĐỨC', '20/10/2017', 'Nam', 'Bản Mé, Xã Chiềng Mung, Huyện Mai Sơn, Tỉnh Sơn La'],
    ];
    const p = file('idlist.txt', iconv.encode(lines(rows, '\t'), 'utf16le', { addBOM: true }));
    const r = await inspectFile(p, { referenceDate: REF });
    expect(r).toMatchObject({ encoding: 'utf-16le', bom: true, delimiter: '\t', role: 'idlist' });
    expect(r.roleReason).toMatch(/personal-ID column and no record-id/);
    expect(r.header.columns[0]).toEqual({ column: 1, header: 'STT', field: null });
    expect(r.header.unknown).toEqual([]); // STT is a known column that is not used
    expect(r.rows).toMatchObject({ data: 4, usable: 3, rejected: 1 });
    expect(r.rows.rejectedByCode).toEqual({ 'invalid-id-other': 1 });
    // The ID list normalizer keeps no field issues; inspect still shows what the parsers say.
    expect(r.ids).toMatchObject({ present: 3, wellFormed: 3, consistent: 2 });
    expect(r.ids.problems['sex-mismatch']).toBe(1);
    expect(r.samples[0].fields.find((f) => f.field === 'full_name')!.normalized).toBe('Lò Văn Phong');
    const text = formatInspectReport(r);
    expect(text).toContain('read as         police ID list');
    expect(text).toContain("delimiter '\\t' (tab)");
    expect(text).toContain('utf-16le, with byte-order mark');
  });

  it('Windows-1258 (decomposed tones) is decoded to the same names as UTF-8', async () => {
    const p = file('w1258.csv', encodeWindows1258(lines(TCVN3_ROWS)));
    const r = await inspectFile(p, { referenceDate: REF });
    expect(r.encoding).toBe('windows-1258');
    expect(r.bom).toBe(false);
    expect(['none', 'nfc']).toContain(r.textRepair.kind);
    expect(r.problems.unreadableText).toBe(0);
    const names = r.samples.map((s) => s.fields.find((f) => f.field === 'full_name')!.normalized);
    expect(names).toEqual(['Lò Văn Phong', 'Lường Thị Hường', 'Quàng Văn Đức', 'Nguyễn Thị Thủy', 'Tòng Văn Ước']);
    expect(r.samples[1].fields.find((f) => f.field === 'full_name')!.raw).toBe('Lường Thị Hường'); // composed by the reader
  });

  it('semicolon CSV with title rows and a blank line above the header', async () => {
    const body = lines([['DANH SÁCH TRẺ EM DƯỚI 16 TUỔI'], ['Xã Chiềng Mung, huyện Mai Sơn'], [''], ...TCVN3_ROWS], ';');
    const p = file('titles.csv', body);
    const r = await inspectFile(p, { referenceDate: REF, sampleRows: 1 });
    expect(r.delimiter).toBe(';');
    expect(r.header.row).toBe(4);
    expect(r.header.preambleRows).toBe(2);
    expect(r.header.blankRows).toBe(1);
    expect(r.rows.data).toBe(5);
    expect(r.samples[0].row).toBe(5);
    const text = formatInspectReport(r);
    expect(text).toContain('Header: row 4 (2 title rows above)');
    expect(text).toContain("delimiter ';' (semicolon)");
    expect(text).toMatch(/row 5: used/);
  });

  it('XLSX written by Excel: sheet chosen by name, date cells read as dates', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Hướng dẫn').addRow(['Điền danh sách ở trang sau']);
    const ws = wb.addWorksheet('Danh sách');
    ws.addRow(['Danh sách trẻ em']);
    ws.addRow(['Mã trẻ em', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc']);
    ws.addRow(['X1', 'Lò Văn Phong', new Date(Date.UTC(2015, 2, 5)), 'Nam', 'Thái']);
    ws.addRow(['X2', 'Lường Thị Hoa', '12/11/2016', 'Nữ', 'Thái']);
    ws.addRow(['X3', 'Giàng A Páo', 2014, 'Nam', 'Mông']);
    const p = join(dir, 'export.xlsx');
    await wb.xlsx.writeFile(p);
    const r = await inspectFile(p, { referenceDate: REF, sheet: 'Danh sách' });
    expect(r).toMatchObject({ format: 'xlsx', sheet: 'Danh sách', delimiter: null, bom: false });
    expect(r.header.row).toBe(2);
    expect(r.rows.usable).toBe(3);
    expect(r.dates.precision).toMatchObject({ day: 2, year: 1, invalid: 0 });
    expect(r.samples[0].fields.find((f) => f.field === 'birth_date')!.normalized).toBe('05/03/2015 (day)');
    const byNumber = await inspectFile(p, { referenceDate: REF, sheet: 2 });
    expect(byNumber.sheet).toBe('Danh sách');
    expect(formatInspectReport(r)).toContain("XLSX, sheet 'Danh sách'");
    // The first sheet holds no table: the same error a run would give.
    await expect(inspectFile(p, { referenceDate: REF })).rejects.toThrow(/no recognisable header row/);
  });
});

describe('inspectFile: decisions and counts', () => {
  it('dates written month first are detected, with the evidence', async () => {
    const rows = [
      ['Mã trẻ em', 'Họ và tên', 'Ngày sinh'],
      ['A1', 'Lò Văn Phong', '03/25/2015'],
      ['A2', 'Lò Thị Hoa', '12/31/2016'],
      ['A3', 'Cầm Văn Ún', '04/05/2017'],
      ['A4', 'Vì Văn Ích', '2017-04-05'],
    ];
    const r = await inspectFile(file('mdy.csv', lines(rows)), { referenceDate: REF });
    expect(r.dates).toMatchObject({ order: 'mdy', orderSource: 'detected', dmyOnly: 0, mdyOnly: 2, either: 1 });
    expect(r.samples[2].fields.find((f) => f.field === 'birth_date')!.normalized).toBe('05/04/2017 (day)');
    expect(r.dates.formats).toMatchObject({ mdy: 3, iso: 1 });
    expect(formatInspectReport(r)).toMatch(/order\s+month first \(mm\/dd\/yyyy\), detected/);
    // The officer can try the other order before writing it into the config.
    const forced = await inspectFile(file('mdy.csv', lines(rows)), { referenceDate: REF, dateOrder: 'dmy' });
    expect(forced.dates).toMatchObject({ order: 'dmy', orderSource: 'configured' });
    expect(forced.problems.invalidDates).toBe(2);
  });

  it('sex written as 1/0 is detected per file; the officer can try the other reading', async () => {
    const rows = [['Mã trẻ em', 'Họ và tên', 'Giới tính'], ['A1', 'Lò Văn Phong', '1'], ['A2', 'Lò Thị Hoa', '0'], ['A3', 'Cầm Thị Ún', '0']];
    const r = await inspectFile(file('sex-10.csv', lines(rows)), { referenceDate: REF });
    expect(r.sexCodes).toEqual({ scheme: '1-male-0-female', source: 'detected' });
    expect(r.problems.unrecognisedSex).toBe(0);
    expect(formatInspectReport(r)).toMatch(/sex written as digits\s+1 = Nam, 0 = Nữ \(detected\)/);
    const forced = await inspectFile(file('sex-10.csv', lines(rows)), { referenceDate: REF, sexCodes: '1-male-2-female' });
    expect(forced.sexCodes).toEqual({ scheme: '1-male-2-female', source: 'configured' });
    expect(forced.problems.unrecognisedSex).toBe(2);
    // Words only: nothing to detect, the standard reading would apply to a digit.
    const words = await childrenCsv();
    expect(words.sexCodes).toEqual({ scheme: '1-male-2-female', source: 'default' });
    expect(formatInspectReport(words)).toMatch(/sex written as digits\s+1 = Nam, 2 = Nữ \(default\)/);
  });

  it('a file mixing both date orders is flagged, as the run notes it', async () => {
    const rows = [['Mã trẻ em', 'Họ và tên', 'Ngày sinh'], ['A1', 'Lò Văn Phong', '25/03/2015'], ['A2', 'Lò Thị Hoa', '25/03/2016'], ['A3', 'Cầm Văn Ún', '03/25/2017']];
    const r = await inspectFile(file('mixed-dates.csv', lines(rows)), { referenceDate: REF });
    expect(r.dates).toMatchObject({ order: 'dmy', dmyOnly: 2, mdyOnly: 1, ambiguous: true });
    expect(r.notes.some((n) => /mix day-first and month-first/.test(n))).toBe(true);
    expect(formatInspectReport(r)).toContain('MIXED');
  });

  it('counts each kind of problem of the child export', async () => {
    const r = await childrenCsv();
    expect(r.rows).toMatchObject({ data: 9, usable: 6, rejected: 3 });
    expect(r.rows.rejectedByCode).toEqual({ 'missing-record-id': 1, 'duplicate-record-id': 1, 'too-many-cells': 1 });
    expect(r.dates.precision).toMatchObject({ day: 3, month: 0, year: 2, placeholder: 1, fromAge: 1, invalid: 1, empty: 0 });
    expect(r.problems).toMatchObject({ invalidDates: 1, futureDates: 0, overAge: 1, unrecognisedSex: 1, unrecognisedEthnicity: 1, unreadableText: 0 });
    expect(r.problems.issuesByCode).toMatchObject({ 'invalid-date': 1, 'over-age': 1, 'unrecognised-sex': 1, 'unrecognised-ethnicity': 1 });
    expect(r.ids.present).toBe(4);
    expect(r.ids.kinds).toEqual({ 'personal-id': 2, 'old-id-card': 1, 'phone-number': 1 });
    expect(r.ids.problems).toMatchObject({ 'old-id-card': 1, 'phone-number': 1 });
    expect(r.ids.wellFormed).toBe(2);
  });

  it('places: resolved through the verified Sơn La crosswalk, or unresolved with the reason', async () => {
    const r = await childrenCsv();
    expect(r.places.withPlace).toBe(6);
    expect(r.places.unresolved).toBe(1);
    expect(r.places.byCrosswalk.verified).toBe(5);
    expect(r.places.topProblems.length).toBeGreaterThan(0);
    const commune = r.samples[0].fields.find((f) => f.field === 'commune')!;
    expect(commune.raw).toBe('Xã Chiềng Mung');
    expect(commune.normalized).toMatch(/^Xã Chiềng Mung, Huyện Mai Sơn → .+\[exact, crosswalk verified\]$/);
    const example = r.examples.find((e) => e.code === 'place:none')!;
    expect(example.row).toBe(5);
    expect(example.raw).toContain('Xã Không Có Thật');
  });

  it('sample rows show the raw value next to the normalized one, and rejected rows with their reason', async () => {
    const r = await childrenCsv();
    expect(r.samples).toHaveLength(8);
    const s5 = r.samples[4];
    expect(s5.row).toBe(6);
    expect(s5.fields.find((f) => f.field === 'birth_date')).toMatchObject({ raw: '5 tuổi', normalized: '2021 (year only, from age)' });
    const s4 = r.samples[3];
    expect(s4.fields.find((f) => f.field === 'birth_date')).toMatchObject({ raw: '31/02/2018', normalized: '(invalid)' });
    expect(s4.fields.find((f) => f.field === 'birth_date')!.note).not.toBe('');
    expect(s4.fields.find((f) => f.field === 'sex')!.normalized).toMatch(/not recognised/);
    expect(s4.fields.find((f) => f.field === 'citizen_id')!.normalized).toMatch(/phone-number/);
    const s6 = r.samples[5];
    expect(s6).toMatchObject({ row: 7, status: 'rejected', rejectCode: 'missing-record-id' });
    expect(s6.rejectReason).toMatch(/row 7: column 'Mã trẻ em' is empty/);
    expect(r.samples[6]).toMatchObject({ row: 8, status: 'rejected', rejectCode: 'duplicate-record-id' });
    // Row 10 has one cell too many: rejected by ingest, so it is no sample row but an example.
    expect(r.examples.find((e) => e.code === 'too-many-cells')!.row).toBe(10);
    expect((await inspectFile(childrenPath, { referenceDate: REF, sampleRows: 0 })).samples).toEqual([]);
  });

  it('unknown headers are listed and left unmapped; ignorable ones (STT, Ghi chú) are not', async () => {
    const rows = [
      ['STT', 'Mã trẻ em', 'Họ và tên', 'Số điện thoại', 'Ngày sinh', 'Trường học', 'Ghi chú'],
      ['1', 'A1', 'Lò Văn Phong', '0912345678', '05/03/2015', 'TH Chiềng Mung', ''],
    ];
    const r = await inspectFile(file('unknown.csv', lines(rows)), { referenceDate: REF });
    expect(r.header.unknown).toEqual(['Số điện thoại', 'Trường học']);
    expect(r.header.columns.filter((c) => c.field === null).map((c) => c.header)).toEqual(['STT', 'Số điện thoại', 'Trường học', 'Ghi chú']);
    const text = formatInspectReport(r);
    expect(text).toContain("unknown headers   'Số điện thoại', 'Trường học'");
    expect(text).toMatch(/D\s+Số điện thoại\s+— unknown header, not used/);
    expect(text).toContain('not in the file   sex (Giới tính)');
  });

  it('an explicit columns mapping reads headers the alias table does not know', async () => {
    const rows = [['Mã số hồ sơ TE', 'Tên đầy đủ của bé', 'Sinh ngày'], ['B1', 'Lò Văn Phong', '05/03/2015']];
    const p = file('custom.csv', lines(rows));
    await expect(inspectFile(p, { referenceDate: REF })).rejects.toThrow(InputError);
    const r = await inspectFile(p, { referenceDate: REF, columns: { record_id: 'Mã số hồ sơ TE', full_name: 'Tên đầy đủ của bé', birth_date: 'Sinh ngày' } });
    expect(r.header.columns.map((c) => c.field)).toEqual(['record_id', 'full_name', 'birth_date']);
    expect(r.rows.usable).toBe(1);
  });

  it('a readable file without a required column: the mapping is shown with the error a run stops with', async () => {
    const rows = [['Họ và tên', 'Ngày sinh', 'Giới tính'], ['Lò Văn Phong', '05/03/2015', 'Nam'], ['Lò Thị Hoa', '12/11/2016', 'Nữ']];
    const r = await inspectFile(file('no-id.csv', lines(rows)), { referenceDate: REF });
    expect(r.role).toBe('children');
    expect(r.header.missingRequired).toEqual(['record_id (Mã trẻ em)']);
    expect(r.stop).toMatch(/no column for 'Mã trẻ em' \(record id\)/);
    expect(r.rows.data).toBe(2);
    expect(r.header.columns.map((c) => c.field)).toEqual(['full_name', 'birth_date', 'sex']);
    const text = formatInspectReport(r);
    expect(text).toContain('missing required  record_id (Mã trẻ em)');
    expect(text).toContain('A run would stop here:');
    expect(text).not.toContain('Sample rows');
    // The same file as an ID list lacks the personal-ID column instead.
    const asList = await inspectFile(join(dir, 'no-id.csv'), { referenceDate: REF, role: 'idlist' });
    expect(asList.header.missingRequired).toEqual(['citizen_id (Số định danh cá nhân)']);
  });

  it('a child export forced to be read as an ID list rejects the rows without a personal ID', async () => {
    const r = await inspectFile(childrenPath, { referenceDate: REF, role: 'idlist' });
    expect(r.role).toBe('idlist');
    expect(r.roleReason).toBe('as requested');
    expect(r.rows.usable).toBe(2);
    expect(r.rows.rejectedByCode).toEqual({ 'invalid-id': 4, 'invalid-id-old-id-card': 1, 'invalid-id-phone-number': 1, 'too-many-cells': 1 });
  });

  it('shows exactly what a run reads: same counts and decisions as the pipeline stages', async () => {
    const p = childrenPath;
    const loaded = fromObject({ inputs: { children: { path: p } }, output: { dir }, state: { dir }, referenceDate: '2026-06-30' }, join(dir, 'pipeline.json'), 'x');
    const ingested = await ingestAll(loaded);
    const normalized = normalizeAll(ingested, loaded.config, REF);
    const r = await inspectFile(p, { referenceDate: REF });
    expect(r.rows.usable).toBe(normalized.children.records.length);
    expect(r.rows.rejected).toBe(ingested.children.rejects.length + normalized.children.rejects.length);
    expect(r.encoding).toBe(ingested.children.info.encoding);
    expect(r.sha256).toBe(ingested.children.info.sha256);
    expect(r.dates.order).toBe(ingested.children.info.dateOrder);
    const issues = normalized.children.records.flatMap((x) => x.issues).length;
    expect(Object.values(r.problems.issuesByCode).reduce((a, b) => a + b, 0)).toBe(issues);
  });
});

describe('inspectFile: files that cannot be read give the error a run gives', () => {
  it.each([
    ['a missing file', (): string => join(dir, 'nope.csv'), /file not found or not readable/],
    ['an empty file', (): string => file('empty.csv', ''), /the file is empty/],
    ['a file without any known header', (): string => file('noheader.csv', lines([['a', 'b'], ['1', '2']])), /no recognisable header row/],
    ['a PDF named .csv', (): string => file('scan.csv', Buffer.from('%PDF-1.4\n\u0000\u0001binary')), /not a text table/],
  ])('%s', async (_label, make, message) => {
    const p = make();
    const err = await inspectFile(p, { referenceDate: REF }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
  });

  it.each([
    ['a malformed province code', { province: '999' }, /province/],
    ['an unknown province code', { province: '99' }, /province: '99'/],
    ['sheet 0', { sheet: 0 }, /sheet/],
    ['an unknown encoding', { encoding: 'tcvn3' as never }, /encoding/],
  ])('an invalid option is a usage error naming it: %s', async (_label, opts, message) => {
    const err = await inspectFile(childrenPath, { referenceDate: REF, ...opts }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(message);
  });
});

describe('formatInspectReport', () => {
  it('prints the key lines with aligned columns', async () => {
    const text = formatInspectReport(await childrenCsv());
    expect(text).toContain('childlink inspect: ');
    expect(text).toContain('encoding        utf-8, with byte-order mark');
    expect(text).toContain("CSV, delimiter ',' (comma)");
    expect(text).toContain('Header: row 1');
    expect(text).toMatch(/A\s+Mã trẻ em\s+record_id \(Mã trẻ em\)/);
    expect(text).toMatch(/usable\s+6\n/);
    expect(text).toMatch(/ {4}missing-record-id\s+1/);
    expect(text).toMatch(/order\s+day first \(dd\/mm\/yyyy\), detected/);
    expect(text).toMatch(/precision\s+day 3, month 0, year 2/);
    expect(text).toMatch(/weak\s+placeholder 1, from age 1/);
    expect(text).toMatch(/invalid birth dates\s+1/);
    expect(text).toMatch(/unrecognised sex \(Giới tính\)\s+1/);
    expect(text).toMatch(/kinds\s+personal-id 2, old-id-card 1, phone-number 1/);
    expect(text).toMatch(/unresolved\s+1/);
    expect(text).toContain('Sample rows (first 8): raw → normalized');
    expect(text).toMatch(/Họ và tên\s+full_name\s+'Lò Văn Phong'\s+→ Lò Văn Phong/);
    expect(text).not.toMatch(/\bat .+\.ts:\d+/); // no stack trace
    // Sample rows of one row are aligned: the arrows line up.
    const block = text.split('\n').filter((l) => l.startsWith('    ') && l.includes('→')).slice(0, 10);
    const arrowAt = new Set(block.map((l) => [...l].indexOf('→')));
    expect(arrowAt.size).toBe(1);
  });

  it('file content cannot send control sequences to the terminal', async () => {
    const rows = [['Mã trẻ em', 'Họ và tên', 'Ngày sinh\u001b[2J'], ['E1', 'Lò Văn\u001b[31m Phong', '05/03/2015']];
    const r = await inspectFile(file('escape.csv', lines(rows)), { referenceDate: REF, columns: { record_id: 'Mã trẻ em', full_name: 'Họ và tên' } });
    const text = formatInspectReport(r);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\u001b[31m');
  });
});
