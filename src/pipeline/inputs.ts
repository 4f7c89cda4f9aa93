// Reading and normalizing a pipeline's inputs: shared by the run and by commands that look at a
// run's records again (explain).
import type { PipelineConfig } from '../../schemas/config.js';
import type { LoadedConfig } from './config.js';
import type { IdPerson, Reject } from './types.js';
import { ConfigError, EXIT, InputError, UserError } from './errors.js';
import { ingestTable, type IngestedTable } from '../ingest/ingest.js';
import { normalizeChildren, normalizeIdList, type NormalizedChildren } from '../normalize/normalize.js';
import { loadPlaceIndex } from '../vietnamese/places-data.js';
import { createPlaceResolver } from '../vietnamese/places.js';
import { fieldRepairer } from '../vietnamese/encoding.js';
import type { SimpleDate } from '../vietnamese/dates.js';

/** The place resolver of the config's province; an unknown province code is a config error. */
export function placeResolverFor(province: string): ReturnType<typeof createPlaceResolver> {
  let index: ReturnType<typeof loadPlaceIndex>;
  try {
    index = loadPlaceIndex();
  } catch (err) {
    // Not the operator's config: the installation lacks its reference tables.
    throw new Error(`the administrative-unit reference tables could not be read (is the installation complete? refdata/ ships with childlink): ${(err as Error).message}`);
  }
  try {
    return createPlaceResolver(index, { provinceCode: province });
  } catch (err) {
    throw new ConfigError(`province: '${province}' is not a province code (expected a 2-digit GSO code such as '14' for Sơn La): ${(err as Error).message}`);
  }
}

export interface IngestedInputs {
  children: IngestedTable;
  idLists: IngestedTable[];
}

export async function ingestAll(loaded: LoadedConfig, onRows?: (rows: number) => void): Promise<IngestedInputs> {
  const { config } = loaded;
  const childPath = loaded.resolvePath(config.inputs.children.path);
  let before = 0;
  const children = await ingestTable({ role: 'children', index: 0, path: childPath, displayPath: loaded.displayPath(childPath), config: config.inputs.children, onRows });
  before = children.info.rows;
  const idLists: IngestedTable[] = [];
  for (const [i, list] of config.inputs.idLists.entries()) {
    const p = loaded.resolvePath(list.path);
    try {
      const base = before;
      const t = await ingestTable({ role: 'idlist', index: i, path: p, displayPath: loaded.displayPath(p), config: list, onRows: onRows && ((n) => onRows(base + n)) });
      idLists.push(t);
      before += t.info.rows;
    } catch (err) {
      // A police list that cannot be read (wrong columns, not a table) is a rejected list.
      if (err instanceof InputError) throw new UserError(`ID list rejected: ${err.message}`, EXIT.rejectedIdList);
      throw err;
    }
  }
  return { children, idLists };
}

export interface NormalizedInputs {
  children: NormalizedChildren;
  persons: IdPerson[];
  /** Rejects of each ID list, in list order. */
  idListRejects: Reject[][];
  /** Persons accepted from each ID list. */
  idListAccepted: number[];
}

export function normalizeAll(ingested: IngestedInputs, config: PipelineConfig, referenceDate: SimpleDate, onProgress?: (done: number, total: number) => void): NormalizedInputs {
  const resolvePlace = placeResolverFor(config.province);
  const total = ingested.children.rows.length + ingested.idLists.reduce((n, t) => n + t.rows.length, 0);
  let offset = 0;
  const tick = (done: number): void => onProgress?.(offset + done, total);
  const ctx = { referenceDate, maxAge: config.maxAge, resolvePlace, onProgress: onProgress && tick };
  const children = normalizeChildren(ingested.children.rows, ingested.children.info, fieldRepairer(ingested.children.textDetection), ctx);
  offset += ingested.children.rows.length;
  const persons: IdPerson[] = [];
  const idListRejects: Reject[][] = [];
  const idListAccepted: number[] = [];
  for (const t of ingested.idLists) {
    const n = normalizeIdList(t.rows, t.info, fieldRepairer(t.textDetection), ctx, persons.length);
    for (const p of n.persons) persons.push(p);
    idListRejects.push(n.rejects);
    idListAccepted.push(n.persons.length);
    offset += t.rows.length;
  }
  return { children, persons, idListRejects, idListAccepted };
}
