import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscrepancyKind, Severity } from '../../src/pipeline/types.js';
import { PROVINCE_FILE, writeWorklists, type WorklistItem } from '../../src/emit/worklists.js';
import { cellText, matchDecision, readWorklistDecisions } from '../../src/report/decisions-reader.js';

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'childlink-decisions-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

const CHIENG_SINH = { communeCode: '03679', communeName: 'Phường Chiềng Sinh' };
const MUONG_GION = { communeCode: '03694', communeName: 'Xã Mường Giôn' };

function item(id: string, kind: DiscrepancyKind, severity: Severity, recordIds: string[], childValue: string, extra: Partial<WorklistItem> = {}): WorklistItem {
  return {
    id,
    kind,
    severity,
    recordIds,
    entityId: `E-${id}`,
    citizenId: '',
    field: 'full_name',
    childValue,
    idListValue: '',
    ...CHIENG_SINH,
    explanation: 'Cần kiểm tra.',
    ...extra,
  };
}

const ITEMS: WorklistItem[] = [
  item('nm-01', 'ambiguous-match', 'warning', ['TE-0001'], 'Lò Văn Phóng', { citizenId: '014216000123', idListValue: '014216000123' }),
  item('nm-02', 'ambiguous-match', 'warning', ['TE-0002'], 'Lường Thị Hoa'),
  item('nm-03', 'ambiguous-match', 'warning', ['TE-0003'], 'Cầm Văn Hải'),
  item('am-01', 'ambiguous-match', 'warning', ['TE-0004'], 'Quàng Thị Hương'),
  item('dup-01', 'duplicate-records', 'warning', ['TE-0005', 'TE-0006'], 'Giàng A Páo'),
  item('dup-02', 'duplicate-records', 'warning', ['TE-0007', 'TE-0008'], 'Sùng Thị Mỷ'),
  item('dup-03', 'duplicate-records', 'warning', ['TE-0009', 'TE-0010'], 'Hà Văn Thắng', { decisionOptions: ['Gộp hồ sơ', 'Giữ riêng'] }),
  item('inv-01', 'invalid-id-format', 'error', ['TE-0011'], '14123456789', { field: 'citizen_id' }),
  item('inv-02', 'invalid-id-format', 'error', ['TE-0012'], '0912345678', { field: 'citizen_id' }),
  item('-rk-01', 'over-age', 'info', ['TE-0013'], '2009', { field: 'birth_date' }),
  item('mg-01', 'ambiguous-match', 'warning', ['TE-0101'], 'Tòng Văn Sơn', MUONG_GION),
];

const RUN = { runId: '20260630T020000Z-d4e5f6', pipeline: 'son-la', referenceDate: '2026-06-30' };
const FILE = 'xa-03679-phuong-chieng-sinh.xlsx';

let written: string;
beforeAll(async () => {
  written = join(tempDir(), 'worklists');
  await writeWorklists({ dir: written, ...RUN, discrepancies: ITEMS });
});

/** A copy of the written worklist, edited as an officer would in Excel, saved under a new name. */
async function filledCopy(edit: (wb: ExcelJS.Workbook) => void, file = FILE): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(written, file));
  edit(wb);
  const out = join(tempDir(), file);
  await wb.xlsx.writeFile(out);
  return out;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** Sets decision / note / who of the row whose key is `key` (columns I, J, K; key in L). */
function decide(ws: ExcelJS.Worksheet, key: string, decision: ExcelJS.CellValue, note = '', who = ''): number {
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (row.getCell(12).value === key || row.getCell(12).value === `'${key}`) {
      row.getCell(9).value = decision;
      if (note) row.getCell(10).value = note;
      if (who) row.getCell(11).value = who;
      return r;
    }
  }
  throw new Error(`no row ${key}`);
}

describe('readWorklistDecisions: round trip', () => {
  it('reads back the decisions an officer filled in, with note, who, run and commune', async () => {
    const path = await filledCopy((wb) => {
      const noMatch = sheet(wb, 'Cần xác minh');
      decide(noMatch, 'nm-01', 'Đồng ý', 'Đã xác minh tại hộ gia đình', 'Lò Thị Mai');
      decide(noMatch, 'nm-03', 'Không đồng ý', 'Số định danh của anh trai', 'Lò Thị Mai');
      decide(sheet(wb, 'Cần xác minh'), 'am-01', 'Đồng ý');
      decide(sheet(wb, 'Hồ sơ trùng lặp'), 'dup-01', 'Cùng một trẻ', '', 'Cầm Văn Toàn');
      decide(sheet(wb, 'Hồ sơ trùng lặp'), 'dup-03', 'Giữ riêng');
      decide(sheet(wb, 'Số ĐD sai định dạng'), 'inv-02', 'Đã sửa', 'Là số điện thoại của mẹ; đã xóa');
      decide(sheet(wb, 'Từ 16 tuổi'), '-rk-01', 'Không sửa', '-');
    });
    const result = await readWorklistDecisions(path);
    expect(result.problems).toEqual([]);
    expect(result.runId).toBe(RUN.runId);
    const byKey = new Map(result.decisions.map((d) => [d.rowKey, d]));
    expect([...byKey.keys()].sort()).toEqual(['-rk-01', 'am-01', 'dup-01', 'dup-03', 'inv-02', 'nm-01', 'nm-03']);
    expect(byKey.get('nm-01')).toEqual({
      file: path,
      sheet: 'Cần xác minh',
      row: 2,
      rowKey: 'nm-01',
      decision: 'Đồng ý',
      note: 'Đã xác minh tại hộ gia đình',
      who: 'Lò Thị Mai',
      runId: RUN.runId,
      communeCode: '03679',
      kind: 'ambiguous-match',
    });
    expect(byKey.get('nm-03')).toMatchObject({ row: 4, decision: 'Không đồng ý' });
    expect(byKey.get('dup-01')).toMatchObject({ kind: 'duplicate-records', decision: 'Cùng một trẻ', who: 'Cầm Văn Toàn', note: '' });
    expect(byKey.get('dup-03')).toMatchObject({ decision: 'Giữ riêng' });
    expect(byKey.get('inv-02')).toMatchObject({ kind: 'invalid-id-format', decision: 'Đã sửa' });
    // The writer neutralised the key "-rk-01" and an officer's "-" note stays as typed.
    expect(byKey.get('-rk-01')).toMatchObject({ kind: 'over-age', decision: 'Không sửa', note: '-' });
  });

  it('matches typed decisions without case, diacritics or stray punctuation', async () => {
    const path = await filledCopy((wb) => {
      const noMatch = sheet(wb, 'Cần xác minh');
      decide(noMatch, 'nm-01', 'dong y');
      decide(noMatch, 'nm-02', 'ĐỒNG Ý.');
      decide(noMatch, 'nm-03', '  không   đồng ý ');
      decide(sheet(wb, 'Hồ sơ trùng lặp'), 'dup-01', 'KHAC TRE');
      decide(sheet(wb, 'Hồ sơ trùng lặp'), 'dup-02', { richText: [{ text: 'Cùng ' }, { text: 'một trẻ', font: { bold: true } }] });
      decide(sheet(wb, 'Hồ sơ trùng lặp'), 'dup-03', 'gop ho so');
      decide(sheet(wb, 'Số ĐD sai định dạng'), 'inv-01', 'Đã sửa'.normalize('NFD'));
    });
    const result = await readWorklistDecisions(path);
    expect(result.problems).toEqual([]);
    expect(Object.fromEntries(result.decisions.map((d) => [d.rowKey, d.decision]))).toEqual({
      'nm-01': 'Đồng ý',
      'nm-02': 'Đồng ý',
      'nm-03': 'Không đồng ý',
      'dup-01': 'Khác trẻ',
      'dup-02': 'Cùng một trẻ',
      'dup-03': 'Gộp hồ sơ',
      'inv-01': 'Đã sửa',
    });
  });

  it('finds rows by key and columns by header after sorting rows and inserting a column', async () => {
    const path = await filledCopy((wb) => {
      const ws = sheet(wb, 'Cần xác minh');
      // The officer sorted the sheet: rows 2 and 4 swapped.
      const r2 = ws.getRow(2).values;
      ws.getRow(2).values = ws.getRow(4).values as ExcelJS.CellValue[];
      ws.getRow(4).values = r2 as ExcelJS.CellValue[];
      decide(ws, 'nm-01', 'Đồng ý');
      // …and inserted a column of their own in front.
      ws.spliceColumns(1, 0, ['Thôn/bản', 'Bản Hụm', 'Bản Mé', 'Bản Nà Sản']);
    });
    const result = await readWorklistDecisions(path);
    expect(result.problems).toEqual([]);
    expect(result.decisions).toHaveLength(1);
    expect(result.decisions[0]).toMatchObject({ rowKey: 'nm-01', row: 4, decision: 'Đồng ý' });
  });

  it('returns nothing (and no problems) for an untouched worklist', async () => {
    const result = await readWorklistDecisions(join(written, FILE));
    expect(result).toEqual({ decisions: [], problems: [], runId: RUN.runId });
  });

  it("reads decisions on a kind's continuation sheet", async () => {
    const dir = join(tempDir(), 'split');
    await writeWorklists({ dir, ...RUN, discrepancies: ITEMS, maxRowsPerSheet: 2 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, FILE));
    decide(sheet(wb, 'Cần xác minh (2)'), 'nm-03', 'dong y');
    decide(sheet(wb, 'Hồ sơ trùng lặp (2)'), 'dup-03', 'Gộp hồ sơ');
    const path = join(tempDir(), FILE);
    await wb.xlsx.writeFile(path);
    const result = await readWorklistDecisions(path);
    expect(result.problems).toEqual([]);
    expect(result.decisions.map((d) => [d.sheet, d.row, d.rowKey, d.kind, d.decision])).toEqual([
      ['Cần xác minh (2)', 2, 'nm-03', 'ambiguous-match', 'Đồng ý'],
      ['Hồ sơ trùng lặp (2)', 2, 'dup-03', 'duplicate-records', 'Gộp hồ sơ'],
    ]);
  });

  it('reads the commune of each workbook', async () => {
    const path = await filledCopy((wb) => {
      decide(sheet(wb, 'Cần xác minh'), 'mg-01', 'Không đồng ý');
    }, 'xa-03694-xa-muong-gion.xlsx');
    const result = await readWorklistDecisions(path);
    expect(result.decisions).toEqual([expect.objectContaining({ rowKey: 'mg-01', communeCode: '03694', kind: 'ambiguous-match' })]);
  });
});

describe('readWorklistDecisions: problems', () => {
  it('reports unknown decisions, decisions that do not fit the kind, missing keys and conflicting copies', async () => {
    const path = await filledCopy((wb) => {
      const noMatch = sheet(wb, 'Cần xác minh');
      decide(noMatch, 'nm-01', 'có lẽ');
      decide(noMatch, 'nm-02', 'Cùng một trẻ');
      const r3 = decide(noMatch, 'nm-03', 'Đồng ý');
      noMatch.getRow(r3).getCell(12).value = null;
      const dup = sheet(wb, 'Hồ sơ trùng lặp');
      decide(dup, 'dup-01', 'Đồng ý');
      decide(dup, 'dup-02', 'Khác trẻ');
      decide(dup, 'dup-03', 'Cùng một trẻ'); // this row has its own options
      // A copied row: same key, another decision.
      dup.getRow(6).values = dup.getRow(3).values as ExcelJS.CellValue[];
      dup.getRow(6).getCell(9).value = 'Cùng một trẻ';
      decide(sheet(wb, 'Số ĐD sai định dạng'), 'inv-01', 'Đã sửa');
    });
    const result = await readWorklistDecisions(path);
    expect(result.runId).toBe(RUN.runId);
    expect(result.decisions.map((d) => d.rowKey)).toEqual(['inv-01']);
    const problems = result.problems.map((p) => ({ sheet: p.sheet, row: p.row, message: p.message }));
    expect(problems).toEqual([
      { sheet: 'Cần xác minh', row: 2, message: expect.stringMatching(/row 2: unknown decision; use one of: Đồng ý, Không đồng ý$/) },
      { sheet: 'Cần xác minh', row: 3, message: expect.stringMatching(/decision "Cùng một trẻ" does not fit this kind of row; use one of: Đồng ý, Không đồng ý/) },
      { sheet: 'Cần xác minh', row: 4, message: expect.stringMatching(/row key \("Mã dòng"\) is empty/) },
      { sheet: 'Hồ sơ trùng lặp', row: 2, message: expect.stringMatching(/decision "Đồng ý" does not fit .* Cùng một trẻ, Khác trẻ/) },
      { sheet: 'Hồ sơ trùng lặp', row: 4, message: expect.stringMatching(/decision "Cùng một trẻ" does not fit .* Gộp hồ sơ, Giữ riêng/) },
      { sheet: 'Hồ sơ trùng lặp', row: 6, message: expect.stringMatching(/also appears in sheet "Hồ sơ trùng lặp", row 3 with another decision/) },
    ]);
    for (const p of result.problems) expect(p.file).toBe(path);
  });

  it('reports a renamed sheet and a sheet without its key column, ignores an officer sheet', async () => {
    const path = await filledCopy((wb) => {
      decide(sheet(wb, 'Cần xác minh'), 'nm-01', 'Đồng ý');
      sheet(wb, 'Cần xác minh').name = 'Cần xác minh (đã xong)';
      const dup = sheet(wb, 'Hồ sơ trùng lặp');
      decide(dup, 'dup-01', 'Khác trẻ');
      dup.spliceColumns(12, 1);
      wb.addWorksheet('Ghi chép').addRow(['Quyết định', 'ngày 2/7']);
      wb.addWorksheet('Nháp').addRow(['ghi chú riêng']);
    });
    const result = await readWorklistDecisions(path);
    expect(result.decisions).toEqual([]);
    expect(result.problems.map((p) => [p.sheet, p.message.replace(/^.*?sheet "[^"]*": /, '')])).toEqual([
      ['Cần xác minh (đã xong)', 'sheet is not part of this worklist (renamed?); its decisions were not read'],
      ['Hồ sơ trùng lặp', 'header row has no column "Mã dòng"; the sheet was not read'],
      ['Ghi chép', 'sheet is not part of this worklist (renamed?); its decisions were not read'],
    ]);
  });

  it('rejects a workbook that is not a worklist', async () => {
    const dir = tempDir();
    const path = join(dir, 'danh-sach.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Cần xác minh');
    ws.addRow(['STT', 'Quyết định', 'Mã dòng']);
    ws.addRow([1, 'Đồng ý', 'nm-01']);
    await wb.xlsx.writeFile(path);
    const result = await readWorklistDecisions(path);
    expect(result.decisions).toEqual([]);
    expect(result.runId).toBeNull();
    expect(result.problems).toEqual([{ file: path, message: expect.stringMatching(/not a childlink worklist \(the hidden sheet "childlink" is missing\)/) }]);
  });

  it('rejects the province summary', async () => {
    const result = await readWorklistDecisions(join(written, PROVINCE_FILE));
    expect(result.decisions).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].message).toMatch(/province summary/);
  });

  it('rejects a newer format version', async () => {
    const path = await filledCopy((wb) => {
      sheet(wb, 'childlink').eachRow((row) => {
        if (row.getCell(1).value === 'formatVersion') row.getCell(2).value = '7';
      });
    });
    const result = await readWorklistDecisions(path);
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/format version 7 is not supported/)]);
  });

  it.each([
    ['garbage bytes', (): Buffer => Buffer.from('Đây không phải tệp Excel\u0000\u0001\u0002'.repeat(50))],
    ['a truncated worklist', (): Buffer => readFileSync(join(written, FILE)).subarray(0, 3000)],
    ['an empty file', (): Buffer => Buffer.alloc(0)],
    ['an old Excel 97 file header', (): Buffer => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2000)])],
  ])('returns one clear problem for %s', async (_label, bytes) => {
    const path = join(tempDir(), 'hong.xlsx');
    writeFileSync(path, bytes());
    const result = await readWorklistDecisions(path);
    expect(result).toEqual({ decisions: [], runId: null, problems: [{ file: path, message: expect.stringMatching(/cannot be read as an Excel workbook \(\.xlsx\)/) }] });
  });

  it('returns a problem for a missing file', async () => {
    const path = join(tempDir(), 'khong-co.xlsx');
    const result = await readWorklistDecisions(path);
    expect(result.problems).toEqual([{ file: path, message: expect.stringMatching(/not found/) }]);
  });
});

describe('matchDecision and cellText', () => {
  const link = ['Đồng ý', 'Không đồng ý'];
  it.each([
    ['Đồng ý', 'Đồng ý'],
    ['dong y', 'Đồng ý'],
    ['ĐỒNG Ý', 'Đồng ý'],
    ['Đồng ý!', 'Đồng ý'],
    ['"Không đồng ý"', 'Không đồng ý'],
    ['khong dong  y', 'Không đồng ý'],
    ['khác trẻ', 'Khác trẻ'],
    ['da sua', 'Đã sửa'],
    ['Không', null],
    ['', null],
    ['...', null],
    ['x', null],
  ])('matchDecision(%j) = %j', (written, expected) => {
    expect(matchDecision(written, link)).toBe(expected);
  });

  it.each([
    [null, ''],
    ['  Lò   Văn\u00a0Phóng ', 'Lò Văn Phóng'],
    [42, '42'],
    [{ richText: [{ text: 'Đồng ' }, { text: 'ý' }] }, 'Đồng ý'],
    [{ formula: 'A1', result: 'Đã sửa' }, 'Đã sửa'],
    [{ text: 'Khác trẻ', hyperlink: 'http://x' }, 'Khác trẻ'],
    [{ error: '#N/A' }, ''],
  ] as Array<[ExcelJS.CellValue, string]>)('cellText(%j) = %j', (value, expected) => {
    expect(cellText(value)).toBe(expected);
  });
});
