import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiscrepancyKind, Severity } from '../../src/pipeline/types.js';
import {
  DECISIONS,
  HEADERS,
  KIND_ORDER,
  META_SHEET,
  PROVINCE_FILE,
  SUMMARY_SHEET,
  decisionOptionsFor,
  slugify,
  worklistFileName,
  writeWorklists,
  type WorklistItem,
} from '../../src/emit/worklists.js';
import { dosDateTime, fixedDocumentDate, pinZipTimestamps, xmlText, columnLetter } from '../../src/emit/xlsx-determinism.js';
import { KIND_SHEET_VI, KIND_VI } from '../../src/report/vi.js';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'childlink-worklists-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

const TO_HIEU = { communeCode: '03646', communeName: 'Phường Tô Hiệu' };
const CHIENG_AN = { communeCode: '03664', communeName: 'Phường Chiềng An' };
const MUONG_CHIEN = { communeCode: '03688', communeName: 'Xã Mường Chiên' };
const QUYNH_NHAI = { communeCode: '03703', communeName: 'Xã Quỳnh Nhai' };
const UNKNOWN = { communeCode: '', communeName: '' };

let nextId = 1;
function item(
  kind: DiscrepancyKind,
  severity: Severity,
  place: { communeCode: string; communeName: string },
  fields: Partial<Pick<WorklistItem, 'recordIds' | 'citizenId' | 'field' | 'childValue' | 'idListValue' | 'explanation' | 'decisionOptions'>>,
): WorklistItem {
  const id = `k${String(nextId++).padStart(4, '0')}`;
  return {
    id,
    kind,
    severity,
    recordIds: fields.recordIds ?? [`TE${id}`],
    entityId: `E-${id}`,
    citizenId: fields.citizenId ?? '',
    field: fields.field ?? '',
    childValue: fields.childValue ?? '',
    idListValue: fields.idListValue ?? '',
    communeCode: place.communeCode,
    communeName: place.communeName,
    explanation: fields.explanation ?? KIND_VI[kind],
    ...(fields.decisionOptions ? { decisionOptions: fields.decisionOptions } : {}),
  };
}

// ~30 discrepancies as a Sơn La run produces them: every kind, four communes and the unknown one.
const ITEMS: WorklistItem[] = [
  item('invalid-id-format', 'error', TO_HIEU, { recordIds: ['TE-0101'], field: 'citizen_id', childValue: '14123456789', explanation: 'Số định danh chỉ có 11 chữ số (thiếu số 0 ở đầu?).' }),
  item('invalid-id-format', 'error', TO_HIEU, { recordIds: ['TE-0102'], field: 'citizen_id', childValue: '=HYPERLINK("http://x","bấm")', explanation: 'Ô số định danh chứa công thức.' }),
  item('id-inconsistent', 'error', TO_HIEU, { recordIds: ['TE-0103'], citizenId: '014215001234', field: 'citizen_id', childValue: '014215001234', explanation: 'Chữ số thế kỷ/giới tính cho biết Nữ nhưng hồ sơ ghi Nam.' }),
  item('id-not-in-list', 'warning', TO_HIEU, { recordIds: ['TE-0104'], citizenId: '014316009876', field: 'citizen_id', childValue: '014316009876' }),
  item('id-belongs-to-other-child', 'error', TO_HIEU, { recordIds: ['TE-0105'], citizenId: '014217004321', field: 'full_name', childValue: 'Lò Văn Phóng', idListValue: 'Lò Thị Phương' }),
  item('same-id-several-children', 'error', TO_HIEU, { recordIds: ['TE-0106', 'TE-0107'], citizenId: '014218000011', field: 'citizen_id', childValue: '014218000011' }),
  item('field-mismatch', 'warning', TO_HIEU, { recordIds: ['TE-0108'], citizenId: '014316000123', field: 'birth_date', childValue: '05/03/2015', idListValue: '03/05/2015' }),
  item('field-mismatch', 'warning', TO_HIEU, { recordIds: ['TE-0109'], citizenId: '014216000456', field: 'mother_name', childValue: '-', idListValue: 'Lường Thị Hoa' }),
  item('ambiguous-match', 'warning', TO_HIEU, { recordIds: ['TE-0110'], citizenId: '014317000789', field: 'citizen_id', childValue: 'Quàng Văn Đức 20/10/2017', idListValue: 'Quàng Văn Đức 20/10/2017' }),
  item('no-match', 'warning', TO_HIEU, { recordIds: ['TE-0111'], citizenId: '', field: '', childValue: 'Tòng Thị Xuân' }),
  item('no-match', 'warning', TO_HIEU, { recordIds: ['TE-0112'], citizenId: '014318000321', field: 'citizen_id', childValue: '', idListValue: '014318000321' }),
  item('duplicate-records', 'warning', TO_HIEU, { recordIds: ['TE-0113', 'TE-0114'], field: 'full_name', childValue: 'Giàng A Páo', idListValue: '' }),
  item('missing-from-child-db', 'info', TO_HIEU, { recordIds: [], citizenId: '001219000777', idListValue: 'Sùng Thị Mỷ 03/04/2019' }),
  item('over-age', 'info', TO_HIEU, { recordIds: ['TE-0115'], field: 'birth_date', childValue: '12/11/2009' }),
  item('invalid-field', 'warning', TO_HIEU, { recordIds: ['TE-0116'], field: 'sex', childValue: '+Nam' }),
  item('invalid-id-format', 'error', CHIENG_AN, { recordIds: ['TE-0201'], field: 'citizen_id', childValue: '0912345678', explanation: 'Đây là số điện thoại, không phải số định danh.' }),
  item('no-match', 'warning', CHIENG_AN, { recordIds: ['TE-0202'], childValue: 'Lường Văn Hùng' }),
  item('duplicate-records', 'warning', CHIENG_AN, { recordIds: ['TE-0203', 'TE-0204', 'TE-0205'], field: 'full_name', childValue: 'Cà Thị Ngọc' }),
  item('duplicate-records', 'warning', CHIENG_AN, {
    recordIds: ['TE-0206', 'TE-0207'],
    field: 'full_name',
    childValue: 'Hà Văn Thắng',
    decisionOptions: ['Gộp hồ sơ', 'Giữ riêng'],
  }),
  item('field-mismatch', 'warning', CHIENG_AN, { recordIds: ['TE-0208'], citizenId: '014216000999', field: 'ethnicity', childValue: 'Mường', idListValue: 'Thái' }),
  item('over-age', 'info', CHIENG_AN, { recordIds: ['TE-0209'], field: 'birth_date', childValue: '2008' }),
  item('ambiguous-match', 'warning', MUONG_CHIEN, { recordIds: ['TE-0301'], childValue: 'Lò Thị Hương', idListValue: 'Lò Thị Hường' }),
  item('id-belongs-to-other-child', 'error', MUONG_CHIEN, { recordIds: ['TE-0302'], citizenId: '014215000042', field: 'full_name', childValue: 'Vì Văn Tú', idListValue: 'Vì Văn Tư' }),
  item('missing-from-child-db', 'info', MUONG_CHIEN, { recordIds: [], citizenId: '014319000042', idListValue: 'Mùa A Chứ' }),
  item('invalid-field', 'warning', MUONG_CHIEN, { recordIds: ['TE-0303'], field: 'birth_date', childValue: '@31/02/2016' }),
  item('no-match', 'warning', QUYNH_NHAI, { recordIds: ['TE-0401'], childValue: 'Hoàng Thị Thuỷ' }),
  item('same-id-several-children', 'error', QUYNH_NHAI, { recordIds: ['TE-0402', 'TE-0403'], citizenId: '014217000555' }),
  item('rejected-row', 'error', UNKNOWN, { recordIds: ['TE-9001'], field: 'row', childValue: 'children.csv dòng 77', explanation: 'Thiếu mã trẻ em.' }),
  item('rejected-row', 'error', UNKNOWN, { recordIds: [''], field: 'row', childValue: '\tchildren.csv dòng 80', explanation: 'Dòng trống.' }),
  item('no-match', 'warning', UNKNOWN, { recordIds: ['TE-9002'], childValue: 'Mào Văn Sơn' }),
];

const RUN = { runId: '20260630T020000Z-a1b2c3', pipeline: 'son-la', referenceDate: '2026-06-30' };

async function writeSet(dir = join(tempDir(), 'worklists')) {
  const result = await writeWorklists({ dir, ...RUN, discrepancies: ITEMS });
  return { dir, result };
}

async function open(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

function rowValues(ws: ExcelJS.Worksheet, row: number): unknown[] {
  const values = ws.getRow(row).values as unknown[];
  return values.slice(1);
}

/** The rows of a kind sheet as objects keyed by header. */
function records(ws: ExcelJS.Worksheet): Array<Record<string, unknown>> {
  const headers = rowValues(ws, 1) as string[];
  const out: Array<Record<string, unknown>> = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const rec: Record<string, unknown> = { _row: r };
    headers.forEach((h, i) => {
      rec[h] = ws.getRow(r).getCell(i + 1).value;
    });
    out.push(rec);
  }
  return out;
}

const EXPECTED_HEADERS = [
  'STT',
  'Mức độ',
  'Mã trẻ em',
  'Số định danh',
  'Thông tin',
  'Giá trị trong hệ thống trẻ em',
  'Giá trị trong CSDL dân cư',
  'Giải thích',
  'Quyết định',
  'Ghi chú',
  'Người xử lý',
  'Mã dòng',
];

/** Every entry's DOS time/date from a zip's central directory. */
function zipEntryStamps(bytes: Buffer): Array<{ name: string; time: number; date: number }> {
  let eocd = bytes.length - 22;
  while (eocd >= 0 && bytes.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    const nameLength = bytes.readUInt16LE(p + 28);
    const local = bytes.readUInt32LE(p + 42);
    const name = bytes.toString('utf8', p + 46, p + 46 + nameLength);
    out.push({ name, time: bytes.readUInt16LE(p + 12), date: bytes.readUInt16LE(p + 14) });
    out.push({ name: `${name} (local)`, time: bytes.readUInt16LE(local + 10), date: bytes.readUInt16LE(local + 12) });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return out;
}

describe('file names and decision options', () => {
  it.each([
    ['03646', 'Phường Tô Hiệu', 'xa-03646-phuong-to-hieu.xlsx'],
    ['03664', 'Phường Chiềng An', 'xa-03664-phuong-chieng-an.xlsx'],
    ['03703', 'Xã Quỳnh Nhai', 'xa-03703-xa-quynh-nhai.xlsx'],
    ['04018', 'Xã Mường Ảng ', 'xa-04018-xa-muong-ang.xlsx'],
    ['04096', "Xã Pú Nhung (H'Mông)", 'xa-04096-xa-pu-nhung-h-mong.xlsx'],
    ['03646', '', 'xa-03646.xlsx'],
    ['', '', 'xa-chua-xac-dinh.xlsx'],
    ['../../etc', 'Đồng Xuân', 'xa-etc-dong-xuan.xlsx'],
  ])('worklistFileName(%j, %j) = %s', (code, name, expected) => {
    expect(worklistFileName(code, name)).toBe(expected);
  });

  it('slugify handles decomposed (NFD) text and long names', () => {
    expect(slugify('Phường Tô Hiệu'.normalize('NFD'))).toBe('phuong-to-hieu');
    expect(slugify('Đ'.repeat(100)).length).toBe(60);
  });

  it.each([
    ['ambiguous-match', [DECISIONS.confirmLink, DECISIONS.rejectLink]],
    ['no-match', ['Đã sửa', 'Không sửa']],
    ['id-belongs-to-other-child', ['Đồng ý', 'Không đồng ý']],
    ['same-id-several-children', ['Đồng ý', 'Không đồng ý']],
    ['duplicate-records', ['Cùng một trẻ', 'Khác trẻ']],
    ['invalid-id-format', ['Đã sửa', 'Không sửa']],
    ['over-age', ['Đã sửa', 'Không sửa']],
    ['rejected-row', ['Đã sửa', 'Không sửa']],
  ] as const)('decisionOptionsFor(%s)', (kind, expected) => {
    expect(decisionOptionsFor(kind)).toEqual(expected);
  });

  it('decision values are NFC', () => {
    for (const v of Object.values(DECISIONS)) expect(v).toBe(v.normalize('NFC'));
  });

  it('KIND_ORDER lists every kind once, errors of identity first', () => {
    expect(KIND_ORDER).toHaveLength(13);
    expect(new Set(KIND_ORDER).size).toBe(13);
    expect(KIND_ORDER[0]).toBe('invalid-id-format');
    expect(KIND_ORDER.at(-1)).toBe('rejected-row');
  });
});

describe('writeWorklists', () => {
  it('writes one owner-only workbook per commune and the province summary', async () => {
    const { dir, result } = await writeSet();
    expect(result.files).toEqual([
      { file: 'xa-03646-phuong-to-hieu.xlsx', communeCode: '03646', rows: 15 },
      { file: 'xa-03664-phuong-chieng-an.xlsx', communeCode: '03664', rows: 6 },
      { file: 'xa-03688-xa-muong-chien.xlsx', communeCode: '03688', rows: 4 },
      { file: 'xa-03703-xa-quynh-nhai.xlsx', communeCode: '03703', rows: 2 },
      { file: 'xa-chua-xac-dinh.xlsx', communeCode: '', rows: 3 },
    ]);
    expect(result.provinceFile).toBe(PROVINCE_FILE);
    expect(readdirSync(dir).sort()).toEqual([...result.files.map((f) => f.file), PROVINCE_FILE].sort());
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
  });

  it('has the summary sheet first, one sheet per kind in kind order, and a very hidden meta sheet', async () => {
    const { dir } = await writeSet();
    const wb = await open(join(dir, 'xa-03646-phuong-to-hieu.xlsx'));
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual([SUMMARY_SHEET, ...KIND_ORDER.filter((k) => k !== 'rejected-row').map((k) => KIND_SHEET_VI[k]), META_SHEET]);
    expect(sheet(wb, META_SHEET).state).toBe('veryHidden');
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);

    const small = await open(join(dir, 'xa-03703-xa-quynh-nhai.xlsx'));
    expect(small.worksheets.map((w) => w.name)).toEqual([SUMMARY_SHEET, 'Số ĐD trùng nhiều trẻ', 'Chưa tìm thấy', META_SHEET]);
    const unknown = await open(join(dir, 'xa-chua-xac-dinh.xlsx'));
    expect(unknown.worksheets.map((w) => w.name)).toEqual([SUMMARY_SHEET, 'Chưa tìm thấy', 'Dòng bị loại', META_SHEET]);
  });

  it('writes the run id, commune and format into the hidden sheet', async () => {
    const { dir } = await writeSet();
    const wb = await open(join(dir, 'xa-03664-phuong-chieng-an.xlsx'));
    const meta = new Map<string, unknown[]>();
    sheet(wb, META_SHEET).eachRow((row) => {
      const v = (row.values as unknown[]).slice(1);
      meta.set(`${String(v[0])}:${String(v[0]) === 'sheet' || String(v[0]) === 'option' ? String(v[1]) : ''}`, v.slice(1));
    });
    expect(meta.get('format:')).toEqual(['childlink-worklist']);
    expect(meta.get('formatVersion:')).toEqual(['1']);
    expect(meta.get('runId:')).toEqual([RUN.runId]);
    expect(meta.get('communeCode:')).toEqual(['03664']);
    expect(meta.get('communeName:')).toEqual(['Phường Chiềng An']);
    expect(meta.get('sheet:Hồ sơ trùng lặp')).toEqual(['Hồ sơ trùng lặp', 'duplicate-records', 'Cùng một trẻ', 'Khác trẻ']);
    expect(meta.get('option:Hồ sơ trùng lặp')).toEqual(['Hồ sơ trùng lặp', ITEMS[18].id, 'Gộp hồ sơ', 'Giữ riêng']);
  });

  it('lays out kind sheets: headers, frozen header row, auto filter, widths, styles', async () => {
    const { dir } = await writeSet();
    const wb = await open(join(dir, 'xa-03646-phuong-to-hieu.xlsx'));
    const ws = sheet(wb, 'Chưa tìm thấy');
    expect(rowValues(ws, 1)).toEqual(EXPECTED_HEADERS);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:L3');
    expect(ws.getColumn(8).width).toBeGreaterThanOrEqual(50);
    expect(ws.getColumn(12).width).toBeLessThanOrEqual(14);
    const header = ws.getRow(1).getCell(1);
    expect(header.font?.bold).toBe(true);
    expect(header.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    const decisionHeader = ws.getRow(1).getCell(9);
    expect(decisionHeader.fill).not.toEqual(header.fill);
    expect(ws.getRow(2).getCell(8).alignment?.wrapText).toBe(true);
    expect(ws.getRow(2).getCell(9).fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFFF2CC' } });
    expect(ws.getRow(2).getCell(4).numFmt).toBe('@');
  });

  it('writes the rows in input order with Vietnamese labels, text IDs and the row key', async () => {
    const { dir } = await writeSet();
    const wb = await open(join(dir, 'xa-03646-phuong-to-hieu.xlsx'));
    const noMatch = records(sheet(wb, 'Chưa tìm thấy'));
    expect(noMatch.map((r) => r['Mã dòng'])).toEqual([ITEMS[9].id, ITEMS[10].id]);
    expect(noMatch.map((r) => r['STT'])).toEqual([1, 2]);
    expect(noMatch[1]).toMatchObject({ 'Mức độ': 'Cảnh báo', 'Số định danh': '014318000321', 'Thông tin': 'Số định danh cá nhân', 'Giá trị trong CSDL dân cư': '014318000321' });
    expect(noMatch[0]['Quyết định']).toBeNull();

    const dup = records(sheet(wb, 'Hồ sơ trùng lặp'))[0];
    expect(dup['Mã trẻ em']).toBe('TE-0113; TE-0114');
    const mismatch = records(sheet(wb, 'Sai khác thông tin'));
    expect(mismatch[0]).toMatchObject({ 'Thông tin': 'Ngày sinh', 'Giá trị trong hệ thống trẻ em': '05/03/2015', 'Giá trị trong CSDL dân cư': '03/05/2015' });

    // A citizen ID with a leading zero stays a 12-character text cell, never a number.
    const missing = sheet(wb, 'Chưa có trong hệ thống');
    const idCell = missing.getRow(2).getCell(4);
    expect(idCell.type).toBe(ExcelJS.ValueType.String);
    expect(idCell.value).toBe('001219000777');
  });

  it('neutralises text that a spreadsheet would evaluate', async () => {
    const { dir } = await writeSet();
    const toHieu = await open(join(dir, 'xa-03646-phuong-to-hieu.xlsx'));
    const invalid = records(sheet(toHieu, 'Số ĐD sai định dạng'));
    expect(invalid[1]['Giá trị trong hệ thống trẻ em']).toBe(`'=HYPERLINK("http://x","bấm")`);
    expect(invalid[0]['Giá trị trong hệ thống trẻ em']).toBe('14123456789');
    expect(records(sheet(toHieu, 'Sai khác thông tin'))[1]['Giá trị trong hệ thống trẻ em']).toBe("'-");
    expect(records(sheet(toHieu, 'Thông tin không hợp lệ'))[0]['Giá trị trong hệ thống trẻ em']).toBe("'+Nam");
    const muongChien = await open(join(dir, 'xa-03688-xa-muong-chien.xlsx'));
    expect(records(sheet(muongChien, 'Thông tin không hợp lệ'))[0]['Giá trị trong hệ thống trẻ em']).toBe("'@31/02/2016");
    const unknown = await open(join(dir, 'xa-chua-xac-dinh.xlsx'));
    expect(records(sheet(unknown, 'Dòng bị loại'))[1]['Giá trị trong hệ thống trẻ em']).toBe("'\tchildren.csv dòng 80");
    // No cell anywhere is a formula.
    for (const wb of [toHieu, muongChien, unknown]) {
      for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
    }
  });

  it('puts a drop-down list that fits the kind on every decision cell', async () => {
    const { dir } = await writeSet();
    const toHieu = await open(join(dir, 'xa-03646-phuong-to-hieu.xlsx'));
    const list = (ws: ExcelJS.Worksheet, row: number) => ws.getRow(row).getCell(9).dataValidation;
    const expectList = (ws: ExcelJS.Worksheet, row: number, formula: string) => {
      expect(list(ws, row)).toMatchObject({ type: 'list', allowBlank: true, showErrorMessage: true, formulae: [formula] });
    };
    expectList(sheet(toHieu, 'Chưa tìm thấy'), 2, '"Đã sửa,Không sửa"');
    expectList(sheet(toHieu, 'Chưa tìm thấy'), 3, '"Đã sửa,Không sửa"');
    expectList(sheet(toHieu, 'Cần xác minh'), 2, '"Đồng ý,Không đồng ý"');
    expectList(sheet(toHieu, 'Số ĐD của trẻ khác'), 2, '"Đồng ý,Không đồng ý"');
    expectList(sheet(toHieu, 'Số ĐD trùng nhiều trẻ'), 2, '"Đồng ý,Không đồng ý"');
    expectList(sheet(toHieu, 'Hồ sơ trùng lặp'), 2, '"Cùng một trẻ,Khác trẻ"');
    expectList(sheet(toHieu, 'Số ĐD sai định dạng'), 3, '"Đã sửa,Không sửa"');
    expectList(sheet(toHieu, 'Từ 16 tuổi'), 2, '"Đã sửa,Không sửa"');
    expect(sheet(toHieu, 'Chưa tìm thấy').getRow(4).getCell(9).dataValidation).toBeUndefined();
    expect(sheet(toHieu, 'Chưa tìm thấy').getRow(2).getCell(10).dataValidation).toBeUndefined();

    // A row with its own options gets them; its neighbours keep the kind's.
    const chiengAn = await open(join(dir, 'xa-03664-phuong-chieng-an.xlsx'));
    expectList(sheet(chiengAn, 'Hồ sơ trùng lặp'), 2, '"Cùng một trẻ,Khác trẻ"');
    expectList(sheet(chiengAn, 'Hồ sơ trùng lặp'), 3, '"Gộp hồ sơ,Giữ riêng"');
  });

  it('summarises the commune: counts per kind, run id, reference date, instructions', async () => {
    const { dir } = await writeSet();
    const wb = await open(join(dir, 'xa-03664-phuong-chieng-an.xlsx'));
    const ws = sheet(wb, SUMMARY_SHEET);
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const find = (label: string) => rows.find((r) => r[0] === label);
    expect(find('Mã lần chạy')?.[1]).toBe(RUN.runId);
    expect(find('Ngày đối chiếu')?.[1]).toBe('30/06/2026');
    expect(find('Xã/phường')?.[1]).toBe('Phường Chiềng An');
    expect(find('Tổng số dòng cần xử lý')?.[1]).toBe(6);
    expect(find(KIND_VI['duplicate-records'])).toEqual([KIND_VI['duplicate-records'], 'Hồ sơ trùng lặp', 2]);
    expect(find(KIND_VI['invalid-id-format'])).toEqual([KIND_VI['invalid-id-format'], 'Số ĐD sai định dạng', 1]);
    expect(find(KIND_VI['no-match'])?.[2]).toBe(1);
    expect(find(KIND_VI['ambiguous-match'])).toBeUndefined();
    expect(find('Tổng cộng')?.[2]).toBe(6);
    const text = rows.map((r) => String(r[0] ?? '')).join('\n');
    for (const d of Object.values(DECISIONS)) expect(text).toContain(d);
    expect(text).toContain('Mã dòng');
  });

  it('writes the province summary: one row per commune by code, unknown last, totals', async () => {
    const { dir } = await writeSet();
    const wb = await open(join(dir, PROVINCE_FILE));
    const ws = wb.worksheets[0];
    const headers = rowValues(ws, 1) as string[];
    expect(headers.slice(0, 2)).toEqual(['Mã xã', 'Xã/phường']);
    expect(headers.slice(2, 15)).toEqual(KIND_ORDER.map((k) => KIND_SHEET_VI[k]));
    expect(headers[15]).toBe('Tổng');
    const col = (name: string) => headers.indexOf(name);
    const body = [2, 3, 4, 5, 6, 7].map((r) => rowValues(ws, r));
    expect(body.map((r) => r[0] ?? '')).toEqual(['03646', '03664', '03688', '03703', '', '']);
    expect(body[4][1]).toBe('Chưa xác định xã');
    expect(body[5][1]).toBe('Tổng cộng');
    expect(body.map((r) => r[col('Tổng')])).toEqual([15, 6, 4, 2, 3, 30]);
    expect(body[1][col('Hồ sơ trùng lặp')]).toBe(2);
    expect(body[0][col('Chưa tìm thấy')]).toBe(2);
    expect(body[5][col('Chưa tìm thấy')]).toBe(5);
    expect(body[5][col('Dòng bị loại')]).toBe(2);
    expect(body[2][col('Dòng bị loại')]).toBe(0);
    expect(body[0][col('Tệp danh sách')]).toBe('xa-03646-phuong-to-hieu.xlsx');
    expect(ws.autoFilter).toBe('A1:Q6');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(wb.getWorksheet(META_SHEET)?.state).toBe('veryHidden');
  });

  it('is read the same way by an independent reader (SheetJS)', async () => {
    const { dir } = await writeSet();
    const XLSX = await import('@e965/xlsx');
    const wb = XLSX.read(readFileSync(join(dir, 'xa-03646-phuong-to-hieu.xlsx')));
    expect(wb.SheetNames[0]).toBe(SUMMARY_SHEET);
    const metaIndex = wb.SheetNames.indexOf(META_SHEET);
    expect(wb.Workbook?.Sheets?.[metaIndex]?.Hidden).toBe(2);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Chưa có trong hệ thống']);
    expect(rows[0]['Số định danh']).toBe('001219000777');
    expect(wb.Sheets['Chưa có trong hệ thống'].D2.t).toBe('s');
    expect(rows[0]['STT']).toBe(1);
    expect(wb.Sheets['Chưa có trong hệ thống'].A2.t).toBe('n');
    const invalid = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Số ĐD sai định dạng']);
    expect(invalid[1]['Giá trị trong hệ thống trẻ em']).toBe(`'=HYPERLINK("http://x","bấm")`);
  });

  it('is deterministic: the same input gives byte-identical files, stamped with the reference date', async () => {
    const a = await writeSet();
    await new Promise((r) => setTimeout(r, 2100)); // past the zip format's 2-second time resolution
    const b = await writeSet();
    const stamp = dosDateTime(fixedDocumentDate(RUN.referenceDate));
    for (const f of [...a.result.files.map((x) => x.file), PROVINCE_FILE]) {
      const bytesA = readFileSync(join(a.dir, f));
      expect(bytesA.equals(readFileSync(join(b.dir, f))), f).toBe(true);
      const stamps = zipEntryStamps(bytesA);
      expect(stamps.length).toBeGreaterThan(10);
      for (const s of stamps) expect({ name: s.name, time: s.time, date: s.date }).toEqual({ name: s.name, ...stamp });
      const core = (await open(join(a.dir, f))).created;
      expect(core.toISOString()).toBe('2026-06-30T00:00:00.000Z');
    }
  }, 30_000);

  it('streams big sheets (several flushes) without losing or reordering rows', async () => {
    const many: WorklistItem[] = [];
    for (let i = 0; i < 4_500; i++) {
      many.push(
        item(i % 3 === 0 ? 'no-match' : 'field-mismatch', 'warning', i % 2 === 0 ? TO_HIEU : CHIENG_AN, {
          recordIds: [`TE-${String(i).padStart(6, '0')}`],
          citizenId: `0142160${String(i).padStart(5, '0')}`,
          field: 'full_name',
          childValue: `Lò Văn <Phóng> & ${i}`,
          idListValue: 'Lò Văn Phóng',
        }),
      );
    }
    const dir = join(tempDir(), 'big');
    const started = Date.now();
    const result = await writeWorklists({ dir, ...RUN, discrepancies: many });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.files.map((f) => f.rows)).toEqual([2250, 2250]);
    const wb = await open(join(dir, result.files[0].file));
    const ws = sheet(wb, 'Sai khác thông tin');
    const expected = many.filter((d) => d.communeCode === '03646' && d.kind === 'field-mismatch');
    expect(ws.rowCount).toBe(expected.length + 1);
    const got = records(ws);
    expect(got.map((r) => r['Mã dòng'])).toEqual(expected.map((d) => d.id));
    expect(got.at(-1)?.['STT']).toBe(expected.length);
    expect(got[10]['Giá trị trong hệ thống trẻ em']).toBe(expected[10].childValue);
    expect(ws.getRow(expected.length + 1).getCell(9).dataValidation?.formulae).toEqual(['"Đã sửa,Không sửa"']);
  }, 60_000);

  it('refuses bad input: a non-date reference date, options that cannot be a list, an existing file', async () => {
    await expect(writeWorklists({ dir: join(tempDir(), 'x'), ...RUN, referenceDate: '30/06/2026', discrepancies: ITEMS })).rejects.toThrow(/yyyy-mm-dd/);
    await expect(writeWorklists({ dir: join(tempDir(), 'x'), ...RUN, referenceDate: '2026-02-30', discrepancies: ITEMS })).rejects.toThrow(/calendar/);
    const bad = [item('no-match', 'warning', TO_HIEU, { decisionOptions: ['Đồng ý, có điều kiện', 'Không'] })];
    await expect(writeWorklists({ dir: join(tempDir(), 'x'), ...RUN, discrepancies: bad })).rejects.toThrow(/Excel list/);
    const dir = tempDir();
    writeFileSync(join(dir, 'xa-03646-phuong-to-hieu.xlsx'), 'old');
    await expect(writeWorklists({ dir, ...RUN, discrepancies: ITEMS })).rejects.toThrow(/EEXIST/);
  });

  it('continues a kind on further sheets past the row limit, and cuts over-long cells', async () => {
    const long = 'Bản Nà Sản '.repeat(4000);
    const items = [
      ...ITEMS.filter((d) => d.communeCode === '03646'),
      item('no-match', 'warning', TO_HIEU, { childValue: long }),
      item('no-match', 'warning', TO_HIEU, { childValue: 'Lò Văn Ánh' }),
    ];
    const dir = join(tempDir(), 'split');
    await writeWorklists({ dir, ...RUN, discrepancies: items, maxRowsPerSheet: 3 });
    const wb = await open(join(dir, 'xa-03646-phuong-to-hieu.xlsx'));
    const names = wb.worksheets.map((w) => w.name);
    expect(names.filter((n) => n.startsWith('Chưa tìm thấy'))).toEqual(['Chưa tìm thấy', 'Chưa tìm thấy (2)']);
    expect(records(sheet(wb, 'Chưa tìm thấy')).map((r) => r['STT'])).toEqual([1, 2, 3]);
    const second = records(sheet(wb, 'Chưa tìm thấy (2)'));
    expect(second.map((r) => r['Mã dòng'])).toEqual([items.at(-1)?.id]);
    expect(sheet(wb, 'Chưa tìm thấy (2)').getRow(2).getCell(9).dataValidation?.formulae).toEqual(['"Đã sửa,Không sửa"']);
    const cut = records(sheet(wb, 'Chưa tìm thấy'))[2]['Giá trị trong hệ thống trẻ em'] as string;
    expect(cut.length).toBe(32_767);
    expect(cut.endsWith('…')).toBe(true);
    const summary: unknown[][] = [];
    sheet(wb, SUMMARY_SHEET).eachRow((row) => summary.push((row.values as unknown[]).slice(1)));
    expect(summary.find((r) => r[0] === KIND_VI['no-match'])).toEqual([KIND_VI['no-match'], 'Chưa tìm thấy, Chưa tìm thấy (2)', 4]);
  });

  it('writes only the province summary when there is nothing to do', async () => {
    const dir = join(tempDir(), 'empty');
    const result = await writeWorklists({ dir, ...RUN, discrepancies: [] });
    expect(result.files).toEqual([]);
    const wb = await open(join(dir, PROVINCE_FILE));
    expect(rowValues(wb.worksheets[0], 2)[1]).toBe('Tổng cộng');
  });
});

describe('xlsx helpers', () => {
  it('pinZipTimestamps rewrites every entry time and rejects a non-zip file', async () => {
    const dir = tempDir();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('a').addRow(['x']);
    const path = join(dir, 'a.xlsx');
    await wb.xlsx.writeFile(path);
    const date = new Date(Date.UTC(2025, 6, 1, 13, 45, 30));
    pinZipTimestamps(path, date);
    const stamps = zipEntryStamps(readFileSync(path));
    expect(stamps.length).toBeGreaterThan(4);
    for (const s of stamps) expect([s.time, s.date]).toEqual([(13 << 11) | (45 << 5) | 15, (45 << 9) | (7 << 5) | 1]);
    expect((await open(path)).getWorksheet('a')?.getCell('A1').value).toBe('x');
    const junk = join(dir, 'junk.xlsx');
    writeFileSync(junk, Buffer.alloc(100, 7));
    expect(() => pinZipTimestamps(junk, date)).toThrow(/not a zip/);
  });

  it.each([
    ['plain', 'plain'],
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    ['bell\u0007 tab\t nl\n', 'bell tab\t nl\n'],
    ['Lò Văn Phóng', 'Lò Văn Phóng'],
  ])('xmlText(%j)', (input, expected) => {
    expect(xmlText(input)).toBe(expected);
  });

  it.each([
    [1, 'A'],
    [12, 'L'],
    [26, 'Z'],
    [27, 'AA'],
    [52, 'AZ'],
    [53, 'BA'],
  ])('columnLetter(%i) = %s', (n, letter) => {
    expect(columnLetter(n)).toBe(letter);
  });
});

// Keeps HEADERS and the test's expectation in step.
it('HEADERS lists the kind sheet headers', () => {
  expect(Object.values(HEADERS)).toEqual(EXPECTED_HEADERS);
});
