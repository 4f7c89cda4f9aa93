// Per-commune XLSX worklists: one workbook per commune with a summary sheet, one sheet per
// discrepancy kind and a decision column the data officers fill in; plus a province summary
// workbook. The next run reads the decisions back (src/report/decisions-reader.ts), so the layout
// below (headers, the hidden 'childlink' sheet) is a contract: change it only with a new
// WORKLIST_FORMAT_VERSION and a reader that still understands the old one.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import type { Discrepancy, DiscrepancyKind } from '../pipeline/types.js';
import { FIELD_VI, KIND_SHEET_VI, KIND_VI, SEVERITY_VI } from '../report/vi.js';
import { stripDiacritics, toNfc } from '../vietnamese/text.js';
import { neutralizeCell } from './csv.js';
import { columnLetter, createDeterministicWorkbook, fixedDocumentDate, SheetRowStreamer, yieldToEventLoop } from './xlsx-determinism.js';

/** The decision values officers choose from (Vietnamese, NFC). */
export const DECISIONS = {
  confirmLink: 'Đồng ý',
  rejectLink: 'Không đồng ý',
  sameChild: 'Cùng một trẻ',
  differentChild: 'Khác trẻ',
  fixed: 'Đã sửa',
  notFixed: 'Không sửa',
} as const;

export type DecisionValue = (typeof DECISIONS)[keyof typeof DECISIONS];

export type WorklistItem = Discrepancy & { id: string; decisionOptions?: readonly string[] };

export interface WorklistOptions {
  /** Folder to write into; created (0700) if missing. Files must not exist yet. */
  dir: string;
  runId: string;
  pipeline: string;
  /** yyyy-mm-dd; also the fixed document date of every workbook. */
  referenceDate: string;
  /** In a stable order (the run sorts them); rows keep this order inside each sheet. */
  discrepancies: readonly WorklistItem[];
  /**
   * Data rows per sheet before a kind continues on a sheet "<name> (2)"; default and maximum:
   * Excel's limit of 1,048,575 rows below the header. Smaller values are for tests.
   */
  maxRowsPerSheet?: number;
}

export interface WorklistResult {
  files: Array<{ file: string; communeCode: string; rows: number }>;
  provinceFile: string;
}

// ---------------------------------------------------------------------------------------------
// The contract shared with the reader.

export const WORKLIST_FORMAT = 'childlink-worklist';
export const PROVINCE_SUMMARY_FORMAT = 'childlink-province-summary';
export const WORKLIST_FORMAT_VERSION = 1;
/** Name of the very hidden sheet holding the run id, the commune and the sheet → kind map. */
export const META_SHEET = 'childlink';
export const SUMMARY_SHEET = 'Tổng hợp';
export const PROVINCE_FILE = 'tong-hop-tinh.xlsx';
export const UNKNOWN_COMMUNE_VI = 'Chưa xác định xã';

/** Keys of the meta sheet (column A); values are in column B (and further columns for lists). */
export const META_KEYS = {
  format: 'format',
  formatVersion: 'formatVersion',
  runId: 'runId',
  pipeline: 'pipeline',
  referenceDate: 'referenceDate',
  communeCode: 'communeCode',
  communeName: 'communeName',
  rows: 'rows',
  /** sheet | sheet name | kind | option 1 | option 2 … */
  sheet: 'sheet',
  /** option | sheet name | row key | option 1 | option 2 … (rows whose options differ from the sheet's) */
  option: 'option',
} as const;

export const HEADERS = {
  index: 'STT',
  severity: 'Mức độ',
  recordIds: 'Mã trẻ em',
  citizenId: 'Số định danh',
  field: 'Thông tin',
  childValue: 'Giá trị trong hệ thống trẻ em',
  idListValue: 'Giá trị trong CSDL dân cư',
  explanation: 'Giải thích',
  decision: 'Quyết định',
  note: 'Ghi chú',
  who: 'Người xử lý',
  rowKey: 'Mã dòng',
} as const;

/** Kinds in the order of DiscrepancyKind (errors of identity first); KIND_VI lists every kind in it. */
export const KIND_ORDER: readonly DiscrepancyKind[] = Object.keys(KIND_VI) as DiscrepancyKind[];

const LINK_DECISIONS: readonly string[] = [DECISIONS.confirmLink, DECISIONS.rejectLink];
const DUPLICATE_DECISIONS: readonly string[] = [DECISIONS.sameChild, DECISIONS.differentChild];
const FIX_DECISIONS: readonly string[] = [DECISIONS.fixed, DECISIONS.notFixed];

/** The decisions that fit a kind: proposed links are confirmed or rejected, duplicates judged, the rest fixed. */
export function decisionOptionsFor(kind: DiscrepancyKind): readonly string[] {
  switch (kind) {
    case 'ambiguous-match':
    case 'id-belongs-to-other-child':
    case 'same-id-several-children':
      return LINK_DECISIONS;
    case 'duplicate-records':
      return DUPLICATE_DECISIONS;
    default:
      return FIX_DECISIONS;
  }
}

/** ASCII file-name part: "Phường Tô Hiệu" → "phuong-to-hieu". */
export function slugify(text: string, maxLength = 60): string {
  return stripDiacritics(toNfc(text))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

/** "xa-03646-phuong-to-hieu.xlsx"; the unknown commune gets "xa-chua-xac-dinh.xlsx". */
export function worklistFileName(communeCode: string, communeName: string): string {
  const code = slugify(communeCode, 20);
  if (code === '') return 'xa-chua-xac-dinh.xlsx';
  const name = slugify(communeName);
  return name === '' ? `xa-${code}.xlsx` : `xa-${code}-${name}.xlsx`;
}

// ---------------------------------------------------------------------------------------------
// Styles: shared objects, so exceljs maps each to its style id once (it caches by object identity).

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E78' } };
const DECISION_HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC55A11' } };
const DECISION_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFDFBF3' } };
const THIN: ExcelJS.Border = { style: 'thin', color: { argb: 'FFBFBFBF' } };
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };
const TOP: Partial<ExcelJS.Alignment> = { vertical: 'top' };
const TOP_WRAP: Partial<ExcelJS.Alignment> = { vertical: 'top', wrapText: true };

const STYLE = {
  header: { font: HEADER_FONT, fill: HEADER_FILL, border: BORDER, alignment: { vertical: 'middle', horizontal: 'center', wrapText: true } },
  decisionHeader: { font: HEADER_FONT, fill: DECISION_HEADER_FILL, border: BORDER, alignment: { vertical: 'middle', horizontal: 'center', wrapText: true } },
  plain: { border: BORDER, alignment: TOP },
  wrap: { border: BORDER, alignment: TOP_WRAP },
  text: { border: BORDER, alignment: TOP, numFmt: '@' },
  decision: { border: BORDER, alignment: TOP, fill: DECISION_FILL, font: { bold: true } },
  input: { border: BORDER, alignment: TOP_WRAP, fill: INPUT_FILL },
  rowKey: { border: BORDER, alignment: TOP, numFmt: '@', font: { color: { argb: 'FF808080' }, size: 9 } },
  title: { font: { bold: true, size: 14 } },
  bold: { font: { bold: true } },
  label: { font: { bold: true }, alignment: TOP },
  wrapOnly: { alignment: TOP_WRAP },
  number: { border: BORDER, alignment: TOP },
  totalLabel: { border: BORDER, font: { bold: true } },
  totalNumber: { border: BORDER, font: { bold: true } },
} satisfies Record<string, Partial<ExcelJS.Style>>;

/** Column-level style: new cells typed by officers keep IDs as text. */
const TEXT_COLUMN: Partial<ExcelJS.Style> = { numFmt: '@' };

interface ColumnSpec {
  header: string;
  width: number;
  style: Partial<ExcelJS.Style>;
  columnStyle?: Partial<ExcelJS.Style>;
}

// Order of the kind sheets' columns. The reader finds columns by header text, not by position.
const COLUMNS: readonly ColumnSpec[] = [
  { header: HEADERS.index, width: 6, style: STYLE.number },
  { header: HEADERS.severity, width: 10, style: STYLE.plain },
  { header: HEADERS.recordIds, width: 18, style: STYLE.wrap, columnStyle: TEXT_COLUMN },
  { header: HEADERS.citizenId, width: 15, style: STYLE.text, columnStyle: TEXT_COLUMN },
  { header: HEADERS.field, width: 16, style: STYLE.plain },
  { header: HEADERS.childValue, width: 28, style: STYLE.wrap, columnStyle: TEXT_COLUMN },
  { header: HEADERS.idListValue, width: 28, style: STYLE.wrap, columnStyle: TEXT_COLUMN },
  { header: HEADERS.explanation, width: 60, style: STYLE.wrap },
  { header: HEADERS.decision, width: 16, style: STYLE.decision },
  { header: HEADERS.note, width: 30, style: STYLE.input },
  { header: HEADERS.who, width: 18, style: STYLE.input },
  { header: HEADERS.rowKey, width: 12, style: STYLE.rowKey, columnStyle: TEXT_COLUMN },
];
const DECISION_COL = COLUMNS.findIndex((c) => c.header === HEADERS.decision) + 1;
const DECISION_LETTER = columnLetter(DECISION_COL);
const COLUMN_COUNT = COLUMNS.length;
const NUMBER_COLUMNS: ReadonlySet<number> = new Set([COLUMNS.findIndex((c) => c.header === HEADERS.index) + 1]);

/** Rows between two yields to the event loop while writing a sheet. */
const ROWS_PER_YIELD = 2000;
/** Excel's rows per sheet (1,048,576) minus the header row. */
const EXCEL_MAX_DATA_ROWS = 1_048_575;
/** Excel's limit of characters in a cell. */
const EXCEL_MAX_CELL_CHARS = 32_767;
/** Excel's limit for an inline list in data validation. */
const MAX_LIST_FORMULA = 255;

const CREATOR = 'childlink';
/** Commune workbooks written concurrently. */
const PARALLEL_WORKBOOKS = 4;

// ---------------------------------------------------------------------------------------------

interface CommuneGroup {
  code: string;
  name: string;
  byKind: Map<DiscrepancyKind, WorklistItem[]>;
  total: number;
}

interface RunContext {
  runId: string;
  pipeline: string;
  referenceDate: string;
  date: Date;
  maxRowsPerSheet: number;
}

/**
 * Writes one workbook per commune and the province summary into `opts.dir`. Deterministic: the
 * same input gives byte-identical files. Files are created owner-only and must not exist yet.
 */
export async function writeWorklists(opts: WorklistOptions): Promise<WorklistResult> {
  const maxRowsPerSheet = Math.min(Math.max(1, Math.floor(opts.maxRowsPerSheet ?? EXCEL_MAX_DATA_ROWS)), EXCEL_MAX_DATA_ROWS);
  const ctx: RunContext = { runId: opts.runId, pipeline: opts.pipeline, referenceDate: opts.referenceDate, date: fixedDocumentDate(opts.referenceDate), maxRowsPerSheet };
  mkdirSync(opts.dir, { recursive: true, mode: 0o700 });

  const groups = groupByCommune(opts.discrepancies);
  const usedNames = new Set<string>([PROVINCE_FILE]);
  const files: WorklistResult['files'] = [];
  const fileOf = new Map<CommuneGroup, string>();
  for (const group of groups) {
    const file = uniqueName(worklistFileName(group.code, group.name), usedNames);
    files.push({ file, communeCode: group.code, rows: group.total });
    fileOf.set(group, file);
  }
  // A few workbooks at a time: compression and disk writes of one overlap the XML building of the
  // others. Each file's bytes do not depend on the interleaving.
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < groups.length && !failed) {
      const group = groups[next++];
      try {
        await writeCommuneWorkbook(join(opts.dir, fileOf.get(group) ?? ''), group, ctx);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WORKBOOKS, groups.length) }, worker));
  await writeProvinceWorkbook(join(opts.dir, PROVINCE_FILE), groups, fileOf, ctx);
  return { files, provinceFile: PROVINCE_FILE };
}

/** Communes sorted by code, the unknown commune ('') last; items keep their input order. */
function groupByCommune(items: readonly WorklistItem[]): CommuneGroup[] {
  const byCode = new Map<string, CommuneGroup>();
  for (const d of items) {
    const code = d.communeCode.trim();
    let group = byCode.get(code);
    if (!group) {
      group = { code, name: code === '' ? UNKNOWN_COMMUNE_VI : d.communeName.trim(), byKind: new Map(), total: 0 };
      byCode.set(code, group);
    } else if (group.name === '' && d.communeName.trim() !== '') {
      group.name = d.communeName.trim();
    }
    let list = group.byKind.get(d.kind);
    if (!list) {
      list = [];
      group.byKind.set(d.kind, list);
    }
    list.push(d);
    group.total++;
  }
  return [...byCode.values()].sort((a, b) => {
    if (a.code === '' || b.code === '') return a.code === '' ? (b.code === '' ? 0 : 1) : -1;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let n = 2; used.has(candidate); n++) candidate = name.replace(/\.xlsx$/, `-${n}.xlsx`);
  used.add(candidate);
  return candidate;
}

// Text made only of ASCII, Latin-1/Latin Extended and precomposed Vietnamese letters (U+1E00–U+1EFF)
// is already NFC: skipping normalize() for it saves most of its cost on a province's worth of cells.
const SURELY_NFC = /^[\u0000-\u02ff\u1e00-\u1eff]*$/;

/**
 * Text for a cell: NFC, neutralised so a spreadsheet never evaluates it as a formula, and cut to
 * what an Excel cell can hold (a longer value would make Excel "repair" the file).
 */
function text(value: string): string {
  const s = neutralizeCell(SURELY_NFC.test(value) ? value : toNfc(value));
  return s.length <= EXCEL_MAX_CELL_CHARS ? s : s.slice(0, EXCEL_MAX_CELL_CHARS - 1) + '…';
}

function formatDateVi(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function addStyledRow(ws: ExcelJS.Worksheet, values: ReadonlyArray<string | number | null>, styles: ReadonlyArray<Partial<ExcelJS.Style> | undefined>): ExcelJS.Row {
  const row = ws.addRow([]);
  for (let i = 0; i < values.length; i++) {
    const cell = row.getCell(i + 1);
    const v = values[i];
    if (v !== null && v !== '') cell.value = v;
    const style = styles[i];
    if (style) cell.style = style;
  }
  return row;
}

// ---------------------------------------------------------------------------------------------
// Commune workbook

async function writeCommuneWorkbook(path: string, group: CommuneGroup, ctx: RunContext): Promise<void> {
  const communeLabel = group.code === '' ? group.name : group.name === '' ? `mã ${group.code}` : `${group.name} (mã ${group.code})`;
  const book = createDeterministicWorkbook(path, ctx.date, { creator: CREATOR, title: `Danh sách cần xử lý - ${communeLabel}` });
  try {
    await fillCommuneWorkbook(book.workbook, group, communeLabel, ctx);
  } catch (err) {
    book.abort();
    throw err;
  }
  await book.finish();
}

async function fillCommuneWorkbook(workbook: ExcelJS.Workbook, group: CommuneGroup, communeLabel: string, ctx: RunContext): Promise<void> {
  const kinds = KIND_ORDER.filter((k) => group.byKind.has(k));
  const sheetsOf = new Map<DiscrepancyKind, string[]>();
  for (const kind of kinds) {
    const pages = Math.ceil((group.byKind.get(kind)?.length ?? 0) / ctx.maxRowsPerSheet);
    sheetsOf.set(kind, Array.from({ length: pages }, (_v, i) => (i === 0 ? KIND_SHEET_VI[kind] : `${KIND_SHEET_VI[kind]} (${i + 1})`)));
  }

  writeCommuneSummary(workbook, group, kinds, sheetsOf, communeLabel, ctx);

  const sheetRows: string[][] = [];
  const optionRows: string[][] = [];
  for (const kind of kinds) {
    const items = group.byKind.get(kind) ?? [];
    const names = sheetsOf.get(kind) ?? [];
    for (let page = 0; page < names.length; page++) {
      sheetRows.push([META_KEYS.sheet, names[page], kind, ...decisionOptionsFor(kind)]);
      const start = page * ctx.maxRowsPerSheet;
      await writeKindSheet(workbook, names[page], kind, items.slice(start, start + ctx.maxRowsPerSheet), optionRows);
    }
  }

  writeMetaSheet(workbook, [
    [META_KEYS.format, WORKLIST_FORMAT],
    [META_KEYS.formatVersion, String(WORKLIST_FORMAT_VERSION)],
    [META_KEYS.runId, ctx.runId],
    [META_KEYS.pipeline, ctx.pipeline],
    [META_KEYS.referenceDate, ctx.referenceDate],
    [META_KEYS.communeCode, group.code],
    [META_KEYS.communeName, group.name],
    [META_KEYS.rows, String(group.total)],
    ...sheetRows,
    ...optionRows,
  ]);
}

const INSTRUCTIONS: readonly string[] = [
  '1. Mỗi trang tính là một loại sai lệch; mỗi dòng là một việc cần kiểm tra.',
  '2. So sánh "Giá trị trong hệ thống trẻ em" với "Giá trị trong CSDL dân cư", đọc "Giải thích", kiểm tra hồ sơ (nếu cần, xác minh tại hộ gia đình hoặc với công an xã) và sửa trong hệ thống quản lý thông tin trẻ em.',
  '3. Chọn "Quyết định" trong danh sách thả xuống của ô:',
  `   - "${DECISIONS.confirmLink}" / "${DECISIONS.rejectLink}": đồng ý hoặc không đồng ý gán số định danh được đề xuất cho trẻ.`,
  `   - "${DECISIONS.sameChild}" / "${DECISIONS.differentChild}": các hồ sơ là của cùng một trẻ (sẽ được gộp) hoặc của các trẻ khác nhau.`,
  `   - "${DECISIONS.fixed}" / "${DECISIONS.notFixed}": đã sửa trong hệ thống trẻ em, hoặc không sửa (ghi lý do ở cột "Ghi chú").`,
  '4. Để trống "Quyết định" nếu chưa xử lý xong; lần chạy sau sẽ đưa dòng đó vào danh sách mới.',
  '5. Ghi họ tên người xử lý ở cột "Người xử lý". Không sửa cột "Mã dòng", không đổi tên hay xóa trang tính.',
  '6. Lưu tệp ở định dạng Excel (.xlsx) và gửi lại cho bộ phận phụ trách dữ liệu của tỉnh.',
  '7. Tệp có thông tin cá nhân của trẻ em: chỉ lưu trên máy được giao, không gửi qua mạng xã hội hay thư điện tử cá nhân.',
];

function writeCommuneSummary(
  workbook: ExcelJS.Workbook,
  group: CommuneGroup,
  kinds: readonly DiscrepancyKind[],
  sheetsOf: ReadonlyMap<DiscrepancyKind, readonly string[]>,
  communeLabel: string,
  ctx: RunContext,
): void {
  const ws = workbook.addWorksheet(SUMMARY_SHEET);
  ws.columns = [{ width: 70 }, { width: 26 }, { width: 12 }];
  addStyledRow(ws, [text(`Danh sách cần xử lý: ${communeLabel}`)], [STYLE.title]).commit();
  addStyledRow(ws, [], []).commit();
  const info: Array<[string, string | number]> = [
    ['Xã/phường', text(group.name)],
    ['Mã xã', text(group.code === '' ? 'Không rõ' : group.code)],
    ['Mã lần chạy', text(ctx.runId)],
    ['Quy trình', text(ctx.pipeline)],
    ['Ngày đối chiếu', formatDateVi(ctx.referenceDate)],
    ['Tổng số dòng cần xử lý', group.total],
  ];
  for (const [label, value] of info) addStyledRow(ws, [label, value], [STYLE.label, STYLE.bold]).commit();
  addStyledRow(ws, [], []).commit();
  addStyledRow(ws, ['Loại sai lệch', 'Trang tính', 'Số dòng'], [STYLE.header, STYLE.header, STYLE.header]).commit();
  for (const kind of kinds) {
    const sheets = (sheetsOf.get(kind) ?? []).join(', ');
    addStyledRow(ws, [KIND_VI[kind], sheets, group.byKind.get(kind)?.length ?? 0], [STYLE.wrap, STYLE.wrap, STYLE.number]).commit();
  }
  addStyledRow(ws, ['Tổng cộng', '', group.total], [STYLE.totalLabel, STYLE.totalLabel, STYLE.totalNumber]).commit();
  addStyledRow(ws, [], []).commit();
  addStyledRow(ws, ['Hướng dẫn'], [STYLE.title]).commit();
  for (const line of INSTRUCTIONS) addStyledRow(ws, [line], [STYLE.wrapOnly]).commit();
  ws.commit();
}

function listValidation(options: readonly string[]): ExcelJS.DataValidation {
  const formula = `"${options.join(',')}"`;
  if (options.length === 0 || formula.length > MAX_LIST_FORMULA || options.some((o) => o === '' || /[",]/.test(o))) {
    // Options come from code, not from data: a bad list is a programming error.
    throw new Error(`decision options cannot be written as an Excel list: ${JSON.stringify(options)}`);
  }
  const shown = options.join(' / ');
  return {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showInputMessage: true,
    promptTitle: 'Quyết định',
    prompt: `Chọn: ${shown}`,
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: 'Quyết định không hợp lệ',
    error: `Chọn một giá trị trong danh sách: ${shown}`,
  };
}

async function writeKindSheet(
  workbook: ExcelJS.Workbook,
  sheetName: string,
  kind: DiscrepancyKind,
  items: readonly WorklistItem[],
  optionRows: string[][],
): Promise<void> {
  const ws = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  ws.columns = COLUMNS.map((c) => (c.columnStyle ? { width: c.width, style: c.columnStyle } : { width: c.width }));
  const headerRow = addStyledRow(
    ws,
    COLUMNS.map((c) => c.header),
    COLUMNS.map((c) => (c.header === HEADERS.decision ? STYLE.decisionHeader : STYLE.header)),
  );
  headerRow.height = 32;
  headerRow.commit();

  const kindOptions = decisionOptionsFor(kind);
  const rows = new SheetRowStreamer(workbook, ws, 2, COLUMNS.map((c) => c.style), NUMBER_COLUMNS);
  // Consecutive rows with the same options share one validation range.
  // The streaming writer has range-based validations, but exceljs's typings omit them.
  const validations = (ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  let runStart = 2;
  let runOptions: readonly string[] = kindOptions;
  const flushRun = (endRow: number): void => {
    if (endRow < runStart) return;
    const address = endRow === runStart ? `${DECISION_LETTER}${runStart}` : `${DECISION_LETTER}${runStart}:${DECISION_LETTER}${endRow}`;
    validations.add(address, listValidation(runOptions));
  };

  for (let i = 0; i < items.length; i++) {
    const d = items[i];
    const rowNumber = i + 2;
    const options = d.decisionOptions ? d.decisionOptions.map(toNfc) : kindOptions;
    if (!sameOptions(options, runOptions)) {
      flushRun(rowNumber - 1);
      runStart = rowNumber;
      runOptions = options;
    }
    if (d.decisionOptions && !sameOptions(options, kindOptions)) optionRows.push([META_KEYS.option, sheetName, d.id, ...options]);
    rows.addRow([
      i + 1,
      SEVERITY_VI[d.severity],
      text(d.recordIds.join('; ')),
      text(d.citizenId),
      text(FIELD_VI[d.field] ?? d.field),
      text(d.childValue),
      text(d.idListValue),
      text(d.explanation),
      null,
      null,
      null,
      text(d.id),
    ]);
    if ((i + 1) % ROWS_PER_YIELD === 0) {
      rows.flush();
      await yieldToEventLoop();
    }
  }
  rows.flush();
  flushRun(items.length + 1);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: items.length + 1, column: COLUMN_COUNT } };
  ws.commit();
}

function sameOptions(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function writeMetaSheet(workbook: ExcelJS.Workbook, rows: ReadonlyArray<readonly string[]>): void {
  const ws = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
  for (const r of rows) ws.addRow(r.map(text)).commit();
  ws.commit();
}

// ---------------------------------------------------------------------------------------------
// Province workbook

async function writeProvinceWorkbook(path: string, groups: readonly CommuneGroup[], fileOf: ReadonlyMap<CommuneGroup, string>, ctx: RunContext): Promise<void> {
  const { workbook, finish } = createDeterministicWorkbook(path, ctx.date, { creator: CREATOR, title: 'Tổng hợp danh sách cần xử lý của tỉnh' });
  const headers = ['Mã xã', 'Xã/phường', ...KIND_ORDER.map((k) => KIND_SHEET_VI[k]), 'Tổng', 'Tệp danh sách'];
  const ws = workbook.addWorksheet('Tổng hợp tỉnh', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1, topLeftCell: 'C2', activeCell: 'C2' }] });
  ws.columns = headers.map((_h, i) => ({ width: i === 0 ? 9 : i === 1 ? 26 : i === headers.length - 1 ? 36 : 13, ...(i === 0 ? { style: TEXT_COLUMN } : {}) }));
  const headerRow = addStyledRow(ws, headers, headers.map(() => STYLE.header));
  headerRow.height = 45;
  headerRow.commit();

  const totals = KIND_ORDER.map(() => 0);
  let grandTotal = 0;
  const rowStyles = [STYLE.text, STYLE.plain, ...KIND_ORDER.map(() => STYLE.number), STYLE.totalNumber, STYLE.plain];
  for (const g of groups) {
    const counts = KIND_ORDER.map((k, i) => {
      const n = g.byKind.get(k)?.length ?? 0;
      totals[i] += n;
      return n;
    });
    grandTotal += g.total;
    addStyledRow(ws, [text(g.code), text(g.name), ...counts, g.total, fileOf.get(g) ?? ''], rowStyles).commit();
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: groups.length + 1, column: headers.length } };
  addStyledRow(ws, ['', 'Tổng cộng', ...totals, grandTotal, ''], [STYLE.totalLabel, STYLE.totalLabel, ...KIND_ORDER.map(() => STYLE.totalNumber), STYLE.totalNumber, STYLE.totalLabel]).commit();
  ws.commit();

  const info = workbook.addWorksheet('Thông tin');
  info.columns = [{ width: 34 }, { width: 70 }];
  addStyledRow(info, ['Tổng hợp danh sách cần xử lý của tỉnh'], [STYLE.title]).commit();
  addStyledRow(info, [], []).commit();
  const lines: Array<[string, string | number]> = [
    ['Mã lần chạy', text(ctx.runId)],
    ['Quy trình', text(ctx.pipeline)],
    ['Ngày đối chiếu', formatDateVi(ctx.referenceDate)],
    ['Số xã/phường có danh sách', groups.length],
    ['Tổng số dòng cần xử lý', grandTotal],
  ];
  for (const [label, value] of lines) addStyledRow(info, [label, value], [STYLE.label, STYLE.bold]).commit();
  addStyledRow(info, [], []).commit();
  addStyledRow(info, ['Cột', 'Loại sai lệch'], [STYLE.header, STYLE.header]).commit();
  for (const k of KIND_ORDER) addStyledRow(info, [KIND_SHEET_VI[k], KIND_VI[k]], [STYLE.plain, STYLE.wrap]).commit();
  info.commit();

  writeMetaSheet(workbook, [
    [META_KEYS.format, PROVINCE_SUMMARY_FORMAT],
    [META_KEYS.formatVersion, String(WORKLIST_FORMAT_VERSION)],
    [META_KEYS.runId, ctx.runId],
    [META_KEYS.pipeline, ctx.pipeline],
    [META_KEYS.referenceDate, ctx.referenceDate],
  ]);
  await finish();
}
