// What the last successful run left in the store (record → entity and assigned ID, its discrepancy
// ids), and what changed since: read and compared on a worker thread while this thread runs the
// stages. At a million children the snapshot is 1.5 million rows; reading it twice (entity ids after
// dedupe, citizen IDs for the changes) and diffing it through Maps took 15-20 s of the main thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { WorkerClient } from '../threads/worker-client.js';
import type { Summary } from '../../schemas/outputs.js';
import { diffSnapshots } from '../report/diff.js';

/** The last successful run's snapshot as columns (record i: recordIds[i], entityIds[i], citizenIds[i]). */
export interface PreviousSnapshot {
  /** null when no run of this state folder has succeeded yet. */
  runId: string | null;
  recordIds: string[];
  entityIds: string[];
  citizenIds: string[];
  discrepancyIds: string[];
  discrepancyCommunes: string[];
}

/** This run's records and discrepancies as columns, for the changes since the last run. */
export interface CurrentSnapshot {
  recordIds: string[];
  citizenIds: string[];
  /** Each record's (new) commune code, '' when unknown. */
  communes: string[];
  discrepancyIds: string[];
  discrepancyCommunes: string[];
}

export type Changes = Summary['changes'];

/**
 * Reads the snapshot the last successful run saved (see RunStore.saveSnapshot) on its own read-only
 * connection to the store file, in one read transaction.
 */
export function readPreviousSnapshot(storePath: string): PreviousSnapshot {
  const db = new Database(storePath, { readonly: true, fileMustExist: true });
  try {
    return db.transaction(() => {
      const last = db.prepare(`SELECT id FROM runs WHERE status = 'succeeded' ORDER BY started_at DESC, id DESC LIMIT 1`).get() as { id: string } | undefined;
      const records = db.prepare(`SELECT record_id, entity_id, citizen_id FROM entity_records`).raw().all() as Array<[string, string, string]>;
      const discrepancies = db.prepare(`SELECT id, commune_code FROM last_discrepancies`).raw().all() as Array<[string, string]>;
      return {
        runId: last?.id ?? null,
        recordIds: records.map((r) => r[0]),
        entityIds: records.map((r) => r[1]),
        citizenIds: records.map((r) => r[2]),
        discrepancyIds: discrepancies.map((d) => d[0]),
        discrepancyCommunes: discrepancies.map((d) => d[1]),
      };
    })();
  } finally {
    db.close();
  }
}

function zipMap(keys: readonly string[], values: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) map.set(keys[i], values[i]);
  return map;
}

/** The summary's changes since the last successful run; null when there was none. */
export function changesSince(prev: PreviousSnapshot, cur: CurrentSnapshot): Changes {
  if (prev.runId === null) return null;
  const communeOf = zipMap(cur.recordIds, cur.communes);
  return {
    since: prev.runId,
    ...diffSnapshots(
      { records: zipMap(prev.recordIds, prev.citizenIds), discrepancies: zipMap(prev.discrepancyIds, prev.discrepancyCommunes) },
      { records: zipMap(cur.recordIds, cur.citizenIds), discrepancies: zipMap(cur.discrepancyIds, cur.discrepancyCommunes) },
      (id) => communeOf.get(id) ?? '',
    ),
  };
}

export type PreviousRunRequest = { kind: 'entities' } | { kind: 'changes'; current: CurrentSnapshot };

export type PreviousRunReply =
  | { kind: 'entities'; recordIds: string[]; entityIds: string[] }
  | { kind: 'changes'; changes: Changes }
  | { kind: 'failed'; message: string };

const WORKER_FILE = fileURLToPath(new URL('./previous-run-worker.js', import.meta.url));

/**
 * The last successful run, read when the run starts. With the compiled worker (not under the test
 * runner) the store is read and the changes computed on a worker thread, which hands over only what
 * is asked for when it is asked (the entity ids after dedupe: a million strings and a Map that would
 * otherwise sit in this thread's heap through normalize and dedupe). Otherwise all of it happens here.
 */
export class PreviousRun {
  private readonly client: WorkerClient<PreviousRunRequest, PreviousRunReply> | null;
  private snapshot: PreviousSnapshot | null = null;

  private constructor(private readonly storePath: string, useWorker: boolean) {
    this.client = useWorker ? new WorkerClient(new Worker(WORKER_FILE, { workerData: { storePath } }), "the reader of the last run's snapshot") : null;
  }

  static start(storePath: string): PreviousRun {
    return new PreviousRun(storePath, existsSync(WORKER_FILE));
  }

  /** For tests: read and compare on this thread. */
  static inThread(storePath: string): PreviousRun {
    return new PreviousRun(storePath, false);
  }

  /** One question to the worker (the run asks them in turn); its failure to read is an error here. */
  private async ask(client: WorkerClient<PreviousRunRequest, PreviousRunReply>, request: PreviousRunRequest): Promise<PreviousRunReply> {
    const reply = await client.ask(request);
    if (reply.kind === 'failed') throw new Error(`reading the last run's snapshot: ${reply.message}`);
    return reply;
  }

  private read(): PreviousSnapshot {
    if (this.snapshot === null) {
      try {
        this.snapshot = readPreviousSnapshot(this.storePath);
      } catch (err) {
        throw new Error(`reading the last run's snapshot: ${(err as Error).message}`);
      }
    }
    return this.snapshot;
  }

  /** Record id → entity id as the last successful run left it (empty for the first run). */
  async entityMap(): Promise<Map<string, string>> {
    if (this.client === null) {
      const prev = this.read();
      return zipMap(prev.recordIds, prev.entityIds);
    }
    const m = await this.ask(this.client, { kind: 'entities' });
    if (m.kind !== 'entities') throw new Error(`the reader of the last run's snapshot answered '${m.kind}' to 'entities'`);
    return zipMap(m.recordIds, m.entityIds);
  }

  /** The changes from the last successful run to this one (null when there was none). */
  async changes(current: CurrentSnapshot): Promise<Changes> {
    if (this.client === null) return changesSince(this.read(), current);
    const m = await this.ask(this.client, { kind: 'changes', current });
    if (m.kind !== 'changes') throw new Error(`the reader of the last run's snapshot answered '${m.kind}' to 'changes'`);
    return m.changes;
  }

  async close(): Promise<void> {
    await this.client?.close();
  }
}
