// Streams the worksheets of an XLSX workbook, in the order of the workbook's tabs.
//
// Why not exceljs's own streaming WorkbookReader loop: it reads the ZIP front to back with unzipper's
// Parse stream, which emits 'end' as soon as its input is consumed, even while the last entry still
// waits in its buffer. Roughly one read in a thousand then never sees the archive's last entry. In a
// workbook written by exceljs that entry is xl/workbook.xml (the read fails); in another writer's it
// may be a worksheet (its rows would be missing without an error). Here the ZIP's central directory
// says which parts exist, each part is opened by its offset, and the parts every worksheet depends
// on (relationships, workbook, shared strings, styles) are parsed before any worksheet, so nothing
// is buffered to temporary files either. Cell parsing stays exceljs's (its WorksheetReader), reached
// through the WorkbookReader's part parsers; exceljs is pinned to an exact version for that reason.
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';

export interface XlsxSheet {
  /** The tab's name as the workbook lists it. */
  name: string;
  /** 1-based position among the workbook's worksheets. */
  index: number;
  /** Opens the sheet's part and streams its rows; a sheet that is never asked for is never read. */
  rows(): AsyncIterable<ExcelJS.Row>;
}

interface SheetEntry {
  name: string;
  rId: string;
  id: number;
  state?: string;
}

/** The parts of exceljs's WorkbookReader this module drives (exceljs 4.4.0). */
interface WorkbookReaderParts {
  workbookRels?: { Id: string; Target: string; Type?: string }[];
  model?: { sheets?: SheetEntry[] };
  properties?: unknown;
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(rows: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
}

/** A relationship target ('worksheets/sheet1.xml' or '/xl/worksheets/sheet1.xml') as a path in the ZIP. */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

const WORKSHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * Yields the workbook's worksheets in tab order. Throws unzipper's or the XML parser's error for a
 * damaged file (from here or from a sheet's rows).
 */
export async function* xlsxSheets(path: string): AsyncGenerator<XlsxSheet> {
  const directory = await unzipper.Open.file(path);
  const parts = new Map(directory.files.map((f) => [f.path, f]));
  const open = (part: string) => parts.get(part)?.stream() as NodeJS.ReadableStream | undefined;

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  }) as unknown as WorkbookReaderParts;

  const rels = open('xl/_rels/workbook.xml.rels');
  if (rels) await reader._parseRels(rels);
  const workbook = open('xl/workbook.xml');
  if (workbook) await reader._parseWorkbook(workbook);
  // What the worksheet reader reads from the workbook part, for a workbook without one.
  reader.model ??= { sheets: [] };
  reader.properties ??= {};
  // The shared strings and styles parts where the workbook's relationships put them (some writers
  // name them otherwise), else where Excel does.
  const relatedPart = (type: string, usual: string): string =>
    (reader.workbookRels ?? []).map((r) => (r.Type?.endsWith(`/${type}`) ? partPath(r.Target) : '')).find((p) => parts.has(p)) ?? usual;
  const sharedStrings = open(relatedPart('sharedStrings', 'xl/sharedStrings.xml'));
  if (sharedStrings) for await (const _ of reader._parseSharedStrings(sharedStrings));
  const styles = open(relatedPart('styles', 'xl/styles.xml'));
  if (styles) await reader._parseStyles(styles);

  // The tabs in the workbook's order; a workbook without a readable list falls back to the parts'
  // numbers (sheet1.xml, sheet2.xml, … sheet10.xml).
  const targets = new Map((reader.workbookRels ?? []).map((r) => [r.Id, partPath(r.Target)]));
  const listed = (reader.model?.sheets ?? [])
    .map((s) => ({ name: s.name, part: targets.get(s.rId) ?? '' }))
    .filter((s) => WORKSHEET_PART.test(s.part) && parts.has(s.part));
  const sheets = listed.length > 0
    ? listed
    : [...parts.keys()]
        .filter((p) => WORKSHEET_PART.test(p))
        .sort((a, b) => Number(WORKSHEET_PART.exec(a)![1]) - Number(WORKSHEET_PART.exec(b)![1]))
        .map((part, i) => ({ name: `Sheet${i + 1}`, part }));

  let index = 0;
  for (const sheet of sheets) {
    index++;
    const sheetNo = WORKSHEET_PART.exec(sheet.part)![1];
    const rows = (): AsyncIterable<ExcelJS.Row> => {
      const [event] = reader._parseWorksheet(open(sheet.part) as AsyncIterable<unknown>, sheetNo);
      return event.value as AsyncIterable<ExcelJS.Row>;
    };
    yield { name: sheet.name, index, rows };
  }
}
