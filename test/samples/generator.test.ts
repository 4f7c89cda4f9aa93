import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { generateSample, type GenerateReport } from '../../samples/generator/index.js';

const N = 3000;
const CHILD_HEADER =
  'Mã trẻ em,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Số định danh cá nhân,Họ tên mẹ,Họ tên cha,Thôn/bản,Xã/phường,Huyện';
const ID_LIST_HEADER = [
  'STT', 'Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Họ tên mẹ', 'Họ tên cha',
  'Nơi thường trú',
].join('\t');

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function parseCsv(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data;
}

let dir: string;
let report: GenerateReport;
let childRows: string[][];
let truthRows: string[][];
let listRows: string[][];
let listTruthRows: string[][];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'childlink-sample-'));
  report = await generateSample({ children: N, seed: 11, outDir: join(dir, 'a') });
  childRows = parseCsv(readFileSync(report.files.children, 'utf8')).slice(1);
  truthRows = parseCsv(readFileSync(report.files.truth, 'utf8')).slice(1);
  const listText = readFileSync(report.files.idList).subarray(2).toString('utf16le');
  listRows = Papa.parse<string[]>(listText, { delimiter: '\t', skipEmptyLines: true }).data.slice(1);
  listTruthRows = parseCsv(readFileSync(report.files.idListTruth, 'utf8')).slice(1);
}, 60_000);

describe('generateSample: files and formats', () => {
  it('is deterministic: the same seed gives byte-identical files, another seed different ones', async () => {
    const again = await generateSample({ children: N, seed: 11, outDir: join(dir, 'b') });
    const other = await generateSample({ children: N, seed: 12, outDir: join(dir, 'c') });
    for (const key of ['children', 'idList', 'truth', 'idListTruth'] as const) {
      expect(sha(again.files[key]), key).toBe(sha(report.files[key]));
      expect(sha(other.files[key]), key).not.toBe(sha(report.files[key]));
    }
  });

  it('writes the child export as UTF-8 with BOM, CRLF and the exact headers', () => {
    const bytes = readFileSync(report.files.children);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe(CHILD_HEADER);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('writes the ID list as UTF-16LE with BOM, tab-separated, CRLF, police headers', () => {
    const bytes = readFileSync(report.files.idList);
    expect(report.files.idList.endsWith('idlist.tsv')).toBe(true);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const text = bytes.subarray(2).toString('utf16le');
    expect(text.split('\r\n')[0]).toBe(ID_LIST_HEADER);
  });

  it('writes the ID list as XLSX or CSV on request', async () => {
    const xlsx = await generateSample({ children: 300, seed: 3, outDir: join(dir, 'x'), idListFormat: 'xlsx' });
    expect(xlsx.files.idList.endsWith('idlist.xlsx')).toBe(true);
    expect([...readFileSync(xlsx.files.idList).subarray(0, 2)]).toEqual([0x50, 0x4b]); // zip
    const csv = await generateSample({ children: 300, seed: 3, outDir: join(dir, 'y'), idListFormat: 'csv' });
    const text = readFileSync(csv.files.idList, 'utf8');
    expect(text.startsWith('\ufeffSTT,Số định danh cá nhân,Họ và tên')).toBe(true);
    // The same people either way.
    expect(readFileSync(csv.files.idListTruth, 'utf8')).toBe(readFileSync(xlsx.files.idListTruth, 'utf8'));
  });

  it('rejects a reference date that is not yyyy-mm-dd', async () => {
    await expect(generateSample({ children: 10, seed: 1, outDir: join(dir, 'z'), referenceDate: '30/06/2026' })).rejects.toThrow(
      /yyyy-mm-dd/,
    );
  });
});

describe('generateSample: truth and counts', () => {
  it('has one truth row per export row, in the same order', () => {
    expect(childRows.length).toBe(report.childRecords);
    expect(truthRows.length).toBe(report.childRecords);
    childRows.forEach((row, i) => {
      expect(truthRows[i][0]).toBe(row[0]);
      expect(truthRows[i][1]).toMatch(/^P\d{7}$/);
    });
    expect(new Set(truthRows.map((t) => t[1])).size).toBe(N);
    expect(report.distinctChildren).toBe(N);
  });

  it('gives every record a unique id except the deliberately broken rows', () => {
    const ids = childRows.map((r) => r[0]).filter((id) => id !== '');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^TE14-\d{7}$/.test(id))).toBe(true);
  });

  it('has one truth row per ID-list row and marks who is missing from the child database', () => {
    expect(listRows.length).toBe(report.idListRows);
    expect(listTruthRows.length).toBe(report.idListRows);
    listRows.forEach((row, i) => expect(listTruthRows[i][0]).toBe(row[1]));
    const onlyInList = listTruthRows.filter((t) => t[2] === '0').length;
    expect(onlyInList).toBe(report.idListOnly);
    expect(onlyInList / listRows.length).toBeGreaterThan(0.025);
    expect(onlyInList / listRows.length).toBeLessThan(0.055);
    // About 92% of the database's children are registered.
    expect((listRows.length - onlyInList) / N).toBeGreaterThan(0.88);
    expect((listRows.length - onlyInList) / N).toBeLessThan(0.95);
  });

  it('enters about 8% of children two or three times', () => {
    const copies = new Map<string, number>();
    for (const t of truthRows) copies.set(t[1], (copies.get(t[1]) ?? 0) + 1);
    const duplicated = [...copies.values()].filter((c) => c > 1).length;
    expect(duplicated).toBe(report.duplicatedChildren);
    expect(duplicated / N).toBeGreaterThan(0.06);
    expect(duplicated / N).toBeLessThan(0.1);
    expect(Math.max(...copies.values())).toBe(3);
  });
});

describe('generateSample: IDs', () => {
  it('gives every listed person a unique, well-formed 12-digit ID consistent with sex and birth year', () => {
    const seen = new Set<string>();
    const prefixes = new Set(['014', '011', '010', '001', '012', '015']);
    for (const row of listRows) {
      const [, id, , birth, sex] = row;
      expect(id).toMatch(/^\d{12}$/);
      expect(prefixes.has(id.slice(0, 3))).toBe(true);
      expect(id[3]).toBe(sex === 'Nam' ? '2' : '3');
      expect(id.slice(4, 6)).toBe(birth.slice(-2));
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    }
    expect(listRows.filter((r) => r[1].startsWith('014')).length / listRows.length).toBeGreaterThan(0.85);
  });

  it('fills the ID in about 35% of export rows, about 97% of them right (after removing spaces and dots)', () => {
    let withId = 0;
    let right = 0;
    childRows.forEach((row, i) => {
      if (row.length !== 11 || row[5] === '') return;
      withId++;
      if (row[5].replace(/[\s.']/g, '') === truthRows[i][2]) right++;
    });
    expect(withId / childRows.length).toBeGreaterThan(0.3);
    expect(withId / childRows.length).toBeLessThan(0.4);
    expect(right / withId).toBeGreaterThan(0.93);
    expect(right / withId).toBeLessThan(0.995);
    expect(report.wrongIds).toBeGreaterThan(0);
  });

  it('leaves true_citizen_id blank exactly for children who are not in the ID list', () => {
    const listed = new Set(listRows.map((r) => r[1]));
    for (const t of truthRows) {
      if (t[2] === '') continue;
      expect(listed.has(t[2])).toBe(true);
    }
    expect(truthRows.some((t) => t[2] === '')).toBe(true);
  });
});

describe('generateSample: realism', () => {
  it('follows the Sơn La ethnic mix among children', () => {
    const counts = new Map<string, number>();
    for (const r of listRows) counts.set(r[5], (counts.get(r[5]) ?? 0) + 1);
    const share = (name: string): number => (counts.get(name) ?? 0) / listRows.length;
    expect(share('Thái')).toBeGreaterThan(0.47);
    expect(share('Thái')).toBeLessThan(0.61);
    expect(share('Kinh')).toBeGreaterThan(0.11);
    expect(share('Kinh')).toBeLessThan(0.21);
    expect(share('Mông')).toBeGreaterThan(0.11);
    expect(share('Mông')).toBeLessThan(0.21);
    expect(share('Mường')).toBeGreaterThan(0.035);
    expect(share('Mường')).toBeLessThan(0.11);
  });

  it('writes police names in capitals and addresses with the post-2025 commune', () => {
    for (const r of listRows) {
      expect(r[2]).toBe(r[2].toUpperCase());
      expect(r[3]).toMatch(/^\d\d\/\d\d\/\d{4}$/);
      expect(r[8]).toMatch(/^(Bản .+|Tổ \d+|Tiểu khu \d+), (Xã|Phường) .+, Tỉnh Sơn La$/);
    }
  });

  it('has twins: same birth date and parents, different given names', () => {
    const groups = new Map<string, string[]>();
    for (const r of listRows) {
      if (!r[6]) continue;
      const key = [r[3], r[6], r[7], r[8]].join('|');
      groups.set(key, [...(groups.get(key) ?? []), r[2]]);
    }
    const twinSets = [...groups.values()].filter((names) => names.length > 1);
    expect(twinSets.length).toBeGreaterThanOrEqual(5);
    for (const names of twinSets) expect(new Set(names).size).toBe(names.length);
  });

  it('gives siblings the same parents, village and the father’s family name', () => {
    const families = new Map<string, string[][]>();
    for (const r of listRows) {
      if (!r[6] || !r[7]) continue;
      const key = [r[6], r[7], r[8]].join('|');
      families.set(key, [...(families.get(key) ?? []), r]);
    }
    const multi = [...families.values()].filter((rows) => rows.length >= 2);
    expect(multi.length).toBeGreaterThan(N / 20);
    for (const rows of multi) {
      const fatherFamily = rows[0][7].split(' ')[0];
      for (const r of rows) expect(r[2].split(' ')[0]).toBe(fatherFamily);
    }
  });

  it('has many different children sharing a full name and birth year', () => {
    const counts = new Map<string, number>();
    for (const r of listRows) {
      const key = `${r[2]}|${r[3].slice(-4)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const shared = [...counts.values()].filter((c) => c > 1).reduce((a, b) => a + b, 0);
    // Grows with size: ~8% of rows at 3,000 children, ~80% at a million.
    expect(shared / listRows.length).toBeGreaterThan(0.04);
  });

  it('mixes old communes with districts (~70%) and new units without a district (~30%)', () => {
    const rows = childRows.filter((r) => r.length === 11);
    const newUnit = rows.filter((r) => r[10] === '').length / rows.length;
    expect(newUnit).toBeGreaterThan(0.25);
    expect(newUnit).toBeLessThan(0.36);
  });

  it('writes birth dates mostly as dd/mm/yyyy, with placeholders, years, ages and other formats', () => {
    const dates = childRows.filter((r) => r.length === 11).map((r) => r[2]);
    const share = (re: RegExp): number => dates.filter((d) => re.test(d)).length / dates.length;
    expect(share(/^\d\d\/\d\d\/\d{4}$/)).toBeGreaterThan(0.85);
    expect(share(/^01\/01\/\d{4}$/)).toBeGreaterThan(0.02);
    expect(share(/^\d{4}$/)).toBeGreaterThan(0.003);
    expect(share(/tuổi$/)).toBeGreaterThan(0);
    expect(share(/^\d{4}-\d\d-\d\d$/)).toBeGreaterThan(0);
  });

  it('has ages 0–15 at the reference date plus about 1% aged 16–17', () => {
    const years = listRows.map((r) => Number(r[3].slice(-4)));
    expect(Math.max(...years)).toBeLessThanOrEqual(2026);
    expect(Math.min(...years)).toBeGreaterThanOrEqual(2008);
    const overAge = listRows.filter((r) => {
      const [d, m, y] = r[3].split('/').map(Number);
      return y * 10000 + m * 100 + d <= 20100630;
    }).length;
    expect(overAge / listRows.length).toBeGreaterThan(0.002);
    expect(overAge / listRows.length).toBeLessThan(0.025);
  });
});
