// Synthetic Sơn La data: a child-database export with duplicates and typing noise, a police ID list, and
// the truth that links both to the generated people. Deterministic for a seed; streams its output.
// File formats are described in samples/README.md.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Rng, WeightedPicker } from './prng.js';
import { buildPlaces } from './places.js';
import { NameFactory } from './names.js';
import { buildPopulation, personId } from './population.js';
import { parseIsoDay } from './dates.js';
import { CHILD_HEADERS, ChildRowRenderer } from './child-rows.js';
import { ID_LIST_HEADERS, idListCells, policeListOrder } from './id-list-rows.js';
import { DelimitedWriter, XlsxWriter, type RowWriter } from './writers.js';

export interface GenerateOptions {
  children: number;
  seed: number;
  outDir: string;
  /** Format of the police ID list; default 'tsv' (UTF-16LE, as Excel saves "Unicode text"). */
  idListFormat?: 'tsv' | 'xlsx' | 'csv';
  /** Ages are computed at this date (yyyy-mm-dd); default '2026-06-30'. */
  referenceDate?: string;
}

export interface GenerateReport {
  files: { children: string; idList: string; truth: string; idListTruth: string };
  /** Data rows in children.csv. */
  childRecords: number;
  distinctChildren: number;
  /** Children with two or three records. */
  duplicatedChildren: number;
  idListRows: number;
  /** ID-list people who are not in the child database. */
  idListOnly: number;
  /** Child-database rows whose ID cell is filled. */
  recordsWithId: number;
  /** ... of which the ID is wrong (not the child's number, even after removing spaces and dots). */
  wrongIds: number;
  seconds: number;
}

export const DEFAULT_REFERENCE_DATE = '2026-06-30';
/** Share of children entered more than once, and how often three times rather than twice. */
const DUPLICATE_SHARE = 0.08;
const TRIPLE_SHARE_OF_DUPLICATES = 0.15;

export async function generateSample(opts: GenerateOptions): Promise<GenerateReport> {
  const started = performance.now();
  if (!Number.isInteger(opts.children) || opts.children < 1) throw new Error('children must be a positive integer');
  if (!Number.isFinite(opts.seed)) throw new Error('seed must be a number');
  const format = opts.idListFormat ?? 'tsv';
  const referenceDay = parseIsoDay(opts.referenceDate ?? DEFAULT_REFERENCE_DATE);

  // Separate streams per stage: a change in how rows are rendered does not change who exists.
  const root = new Rng(opts.seed);
  const placesRng = root.fork(1);
  const populationRng = root.fork(2);
  const copiesRng = root.fork(3);
  const rowsRng = root.fork(4);
  const listRng = root.fork(5);

  const places = buildPlaces(placesRng);
  const population = buildPopulation({ children: opts.children, referenceDay }, places, new NameFactory(), populationRng);

  mkdirSync(opts.outDir, { recursive: true });
  const files = {
    children: join(opts.outDir, 'children.csv'),
    idList: join(opts.outDir, format === 'tsv' ? 'idlist.tsv' : format === 'xlsx' ? 'idlist.xlsx' : 'idlist.csv'),
    truth: join(opts.outDir, 'truth.csv'),
    idListTruth: join(opts.outDir, 'idlist_truth.csv'),
  };

  // Which child gets how many records, in a shuffled order so that copies are rarely adjacent.
  const copiesPicker = new WeightedPicker([2, 3], [1 - TRIPLE_SHARE_OF_DUPLICATES, TRIPLE_SHARE_OF_DUPLICATES]);
  const rowChild: number[] = [];
  const rowCopy: number[] = [];
  let duplicatedChildren = 0;
  population.inDb.forEach((_, i) => {
    const copies = copiesRng.chance(DUPLICATE_SHARE) ? copiesPicker.pick(copiesRng) : 1;
    if (copies > 1) duplicatedChildren++;
    for (let c = 1; c <= copies; c++) {
      rowChild.push(i);
      rowCopy.push(c);
    }
  });
  const order = new Uint32Array(rowChild.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  copiesRng.shuffle(order);

  const renderer = new ChildRowRenderer(rowsRng, referenceDay, opts.seed);
  const childCsv = new DelimitedWriter(files.children, { delimiter: ',', encoding: 'utf8', bom: true, lineEnd: '\r\n' });
  const truthCsv = new DelimitedWriter(files.truth, { delimiter: ',', encoding: 'utf8', bom: false, lineEnd: '\n' });
  childCsv.writeRow(CHILD_HEADERS);
  truthCsv.writeRow(['record_id', 'person_id', 'true_citizen_id']);
  for (let r = 0; r < order.length; r++) {
    const k = order[r];
    const row = renderer.render(population.inDb[rowChild[k]], rowCopy[k], r + 1);
    childCsv.writeRow(row.cells, row.rawCell);
    truthCsv.writeRow([row.recordId, row.personId, row.trueCitizenId]);
    if ((r & 63) === 0) {
      await childCsv.drain();
      await truthCsv.drain();
    }
  }
  await Promise.all([childCsv.close(), truthCsv.close()]);

  const listed = policeListOrder(
    population.children.filter((c) => c.citizenId !== ''),
    listRng,
  );
  const idList = openIdListWriter(files.idList, format);
  const idTruth = new DelimitedWriter(files.idListTruth, { delimiter: ',', encoding: 'utf8', bom: false, lineEnd: '\n' });
  idList.writeRow(ID_LIST_HEADERS);
  idTruth.writeRow(['citizen_id', 'person_id', 'in_child_db']);
  for (let i = 0; i < listed.length; i++) {
    const child = listed[i];
    idList.writeRow(idListCells(child, i + 1));
    idTruth.writeRow([child.citizenId, personId(child), child.inChildDb ? '1' : '0']);
    if ((i & 63) === 0) {
      await idList.drain();
      await idTruth.drain();
    }
  }
  await Promise.all([idList.close(), idTruth.close()]);

  return {
    files,
    childRecords: order.length,
    distinctChildren: population.inDb.length,
    duplicatedChildren,
    idListRows: listed.length,
    idListOnly: population.listOnly.length,
    recordsWithId: renderer.stats.recordsWithId,
    wrongIds: renderer.stats.wrongIds,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}

function openIdListWriter(path: string, format: 'tsv' | 'xlsx' | 'csv'): RowWriter {
  switch (format) {
    case 'tsv':
      return new DelimitedWriter(path, { delimiter: '\t', encoding: 'utf16le', bom: true, lineEnd: '\r\n' });
    case 'csv':
      return new DelimitedWriter(path, { delimiter: ',', encoding: 'utf8', bom: true, lineEnd: '\r\n' });
    case 'xlsx':
      return new XlsxWriter(path, 'Danh sách', [0]);
  }
}
