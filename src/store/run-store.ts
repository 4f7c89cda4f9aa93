// The run store: a SQLite database in the state folder that remembers every run, the inputs it read,
// each stage's counts and timings, and the ID list versions it used. No personal data is stored here
// except what later features explicitly need (decisions, entity identities), each documented.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const STORE_FILE = 'childlink.sqlite';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface RunRow {
  id: string;
  pipeline: string;
  config_path: string;
  config_hash: string;
  started_at: string;
  finished_at: string | null;
  status: RunStatus;
  exit_code: number | null;
  output_dir: string | null;
  pid: number;
  summary: string | null;
  error: string | null;
  run_key: string | null;
}

export interface DecisionRow {
  seq?: number;
  row_key: string;
  kind: string;
  decision: string;
  /** JSON array of record ids. */
  record_ids: string;
  citizen_id: string;
  child_value: string;
  note: string;
  who: string;
  file: string;
  sheet: string;
  row: number;
  from_run: string;
  imported_at: string;
}

export interface IdListVersionRow {
  sha256: string;
  file: string;
  bytes: number;
  rows: number;
  accepted: number;
  rejected: number;
  status: 'accepted' | 'rejected';
  supplier: string;
  list_date: string;
  first_seen: string;
  receipt: string;
}

export interface StageRow {
  run_id: string;
  stage: string;
  started_at: string;
  ms: number;
  counts: string;
}

export interface InputRow {
  run_id: string;
  role: string;
  idx: number;
  path: string;
  sha256: string;
  bytes: number;
  rows: number;
  accepted: number;
  rejected: number;
}

/** Schema migrations, applied in order; PRAGMA user_version records how many ran. */
const MIGRATIONS: string[] = [
  `CREATE TABLE runs (
     id TEXT PRIMARY KEY,
     pipeline TEXT NOT NULL,
     config_path TEXT NOT NULL,
     config_hash TEXT NOT NULL,
     started_at TEXT NOT NULL,
     finished_at TEXT,
     status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted')),
     exit_code INTEGER,
     output_dir TEXT,
     pid INTEGER NOT NULL,
     summary TEXT,
     error TEXT
   );
   CREATE TABLE run_inputs (
     run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
     role TEXT NOT NULL,
     idx INTEGER NOT NULL,
     path TEXT NOT NULL,
     sha256 TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     rows INTEGER NOT NULL,
     accepted INTEGER NOT NULL,
     rejected INTEGER NOT NULL,
     PRIMARY KEY (run_id, role, idx)
   );
   CREATE TABLE run_stages (
     run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
     stage TEXT NOT NULL,
     started_at TEXT NOT NULL,
     ms INTEGER NOT NULL,
     counts TEXT NOT NULL,
     PRIMARY KEY (run_id, stage)
   );`,
  // Stable entity identities: the record → entity mapping of the last successful run, and what changed.
  `CREATE TABLE entity_records (
     record_id TEXT PRIMARY KEY,
     entity_id TEXT NOT NULL,
     citizen_id TEXT NOT NULL DEFAULT ''
   ) WITHOUT ROWID;
   CREATE TABLE last_discrepancies (
     id TEXT PRIMARY KEY,
     commune_code TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE entity_events (
     run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
     kind TEXT NOT NULL CHECK (kind IN ('new','merge','split')),
     entity_id TEXT NOT NULL,
     replaces TEXT NOT NULL
   );
   CREATE INDEX entity_events_run ON entity_events (run_id);`,
  // The run key (config + input files fingerprint) that worklists carry.
  `ALTER TABLE runs ADD COLUMN run_key TEXT;
   CREATE INDEX runs_run_key ON runs (run_key);`,
  // Officers' decisions from filled-in worklists. Record ids and citizen IDs are kept because the
  // next runs must apply them; child_value (name, birth date, sex as the officer saw them) lets a run
  // tell that the records changed since, so the decision is reported instead of applied blindly.
  `CREATE TABLE decisions (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     row_key TEXT NOT NULL,
     kind TEXT NOT NULL,
     decision TEXT NOT NULL,
     record_ids TEXT NOT NULL,
     citizen_id TEXT NOT NULL,
     child_value TEXT NOT NULL,
     note TEXT NOT NULL,
     who TEXT NOT NULL,
     file TEXT NOT NULL,
     sheet TEXT NOT NULL,
     row INTEGER NOT NULL,
     from_run TEXT NOT NULL,
     imported_at TEXT NOT NULL
   );
   CREATE INDEX decisions_row_key ON decisions (row_key);`,
  // Versions of the police ID lists (by SHA-256) with their receipts, and which runs used which.
  `CREATE TABLE id_list_versions (
     sha256 TEXT PRIMARY KEY,
     file TEXT NOT NULL,
     bytes INTEGER NOT NULL,
     rows INTEGER NOT NULL,
     accepted INTEGER NOT NULL,
     rejected INTEGER NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('accepted','rejected')),
     supplier TEXT NOT NULL,
     list_date TEXT NOT NULL,
     first_seen TEXT NOT NULL,
     receipt TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE run_id_lists (
     run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
     sha256 TEXT NOT NULL,
     PRIMARY KEY (run_id, sha256)
   ) WITHOUT ROWID;`,
];

export class RunStore {
  readonly db: Database.Database;

  private constructor(readonly path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
    }
  }

  /** Opens (creating if needed) the store in a state folder, which is made owner-only. */
  static open(stateDir: string): RunStore {
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    chmodSync(stateDir, 0o700);
    return new RunStore(join(stateDir, STORE_FILE));
  }

  /** Opens the store of a state folder; null when the folder has none yet. */
  static openExisting(stateDir: string): RunStore | null {
    const path = join(stateDir, STORE_FILE);
    return existsSync(path) ? new RunStore(path) : null;
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  startRun(run: Pick<RunRow, 'id' | 'pipeline' | 'config_path' | 'config_hash' | 'started_at' | 'pid'>): void {
    this.db
      .prepare(`INSERT INTO runs (id, pipeline, config_path, config_hash, started_at, status, pid) VALUES (@id, @pipeline, @config_path, @config_hash, @started_at, 'running', @pid)`)
      .run(run);
  }

  recordStage(row: StageRow): void {
    this.db.prepare(`INSERT OR REPLACE INTO run_stages (run_id, stage, started_at, ms, counts) VALUES (@run_id, @stage, @started_at, @ms, @counts)`).run(row);
  }

  recordInputs(rows: readonly InputRow[]): void {
    const insert = this.db.prepare(
      `INSERT OR REPLACE INTO run_inputs (run_id, role, idx, path, sha256, bytes, rows, accepted, rejected) VALUES (@run_id, @role, @idx, @path, @sha256, @bytes, @rows, @accepted, @rejected)`,
    );
    this.db.transaction(() => rows.forEach((r) => insert.run(r)))();
  }

  finishRun(id: string, fields: { status: RunStatus; exit_code: number; finished_at: string; output_dir?: string | null; summary?: string | null; error?: string | null }): void {
    this.db
      .prepare(`UPDATE runs SET status = @status, exit_code = @exit_code, finished_at = @finished_at, output_dir = @output_dir, summary = @summary, error = @error WHERE id = @id`)
      .run({ id, output_dir: null, summary: null, error: null, ...fields });
  }

  setRunKey(id: string, runKey: string): void {
    this.db.prepare(`UPDATE runs SET run_key = ? WHERE id = ?`).run(runKey, id);
  }

  /** The latest successful run made from this run key. */
  runByKey(runKey: string): RunRow | undefined {
    return this.db.prepare(`SELECT * FROM runs WHERE run_key = ? AND status = 'succeeded' ORDER BY started_at DESC, id DESC LIMIT 1`).get(runKey) as RunRow | undefined;
  }

  /** Marks every run still 'running' as 'interrupted' (call while holding the lock). */
  markInterrupted(at: string): number {
    return this.db
      .prepare(`UPDATE runs SET status = 'interrupted', exit_code = 9, finished_at = ?, error = 'the run stopped before finishing (crash, kill or power loss)' WHERE status = 'running'`)
      .run(at).changes;
  }

  /** Records that a run's output folder was removed by retention. */
  markPruned(id: string): void {
    this.db.prepare(`UPDATE runs SET output_dir = NULL WHERE id = ? AND output_dir IS NOT NULL`).run(id);
  }

  /**
   * Replaces the snapshot with a successful run's: record → entity and assigned ID, discrepancy ids,
   * and the identity events (merges, splits) of the run. One transaction. The next run reads it
   * back with readPreviousSnapshot (previous-run.ts).
   */
  saveSnapshot(
    runId: string,
    records: Iterable<[recordId: string, entityId: string, citizenId: string]>,
    discrepancies: Iterable<[id: string, communeCode: string]>,
    events: ReadonlyArray<{ kind: string; entityId: string; replaces: string[] }>,
  ): void {
    const event = this.db.prepare(`INSERT INTO entity_events (run_id, kind, entity_id, replaces) VALUES (?, ?, ?, ?)`);
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM entity_records`).run();
      this.db.prepare(`DELETE FROM last_discrepancies`).run();
      this.insertBatched('entity_records (record_id, entity_id, citizen_id)', 3, records);
      this.insertBatched('last_discrepancies (id, commune_code)', 2, discrepancies);
      for (const ev of events) if (ev.kind !== 'new') event.run(runId, ev.kind, ev.entityId, JSON.stringify(ev.replaces));
    })();
  }

  addDecisions(rows: readonly DecisionRow[]): void {
    const insert = this.db.prepare(
      `INSERT INTO decisions (row_key, kind, decision, record_ids, citizen_id, child_value, note, who, file, sheet, row, from_run, imported_at)
       VALUES (@row_key, @kind, @decision, @record_ids, @citizen_id, @child_value, @note, @who, @file, @sheet, @row, @from_run, @imported_at)`,
    );
    this.db.transaction(() => rows.forEach((r) => insert.run(r)))();
  }

  /** The latest decision for each row key. */
  currentDecisions(): DecisionRow[] {
    return this.db
      .prepare(`SELECT d.* FROM decisions d JOIN (SELECT row_key, MAX(seq) AS seq FROM decisions GROUP BY row_key) last ON last.seq = d.seq ORDER BY d.seq`)
      .all() as DecisionRow[];
  }

  /** Records a list version (first sighting keeps its date; the latest check updates the receipt). */
  recordIdListVersion(v: IdListVersionRow): void {
    this.db
      .prepare(
        `INSERT INTO id_list_versions (sha256, file, bytes, rows, accepted, rejected, status, supplier, list_date, first_seen, receipt)
         VALUES (@sha256, @file, @bytes, @rows, @accepted, @rejected, @status, @supplier, @list_date, @first_seen, @receipt)
         ON CONFLICT (sha256) DO UPDATE SET status = excluded.status, accepted = excluded.accepted, rejected = excluded.rejected, receipt = excluded.receipt,
           supplier = CASE WHEN excluded.supplier <> '' THEN excluded.supplier ELSE supplier END,
           list_date = CASE WHEN excluded.list_date <> '' THEN excluded.list_date ELSE list_date END`,
      )
      .run(v);
  }

  recordRunIdLists(runId: string, shas: readonly string[]): void {
    const insert = this.db.prepare(`INSERT OR IGNORE INTO run_id_lists (run_id, sha256) VALUES (?, ?)`);
    this.db.transaction(() => shas.forEach((s) => insert.run(runId, s)))();
  }

  listIdListVersions(): IdListVersionRow[] {
    return this.db.prepare(`SELECT * FROM id_list_versions ORDER BY first_seen DESC`).all() as IdListVersionRow[];
  }

  idListsOfRun(runId: string): IdListVersionRow[] {
    return this.db.prepare(`SELECT v.* FROM run_id_lists r JOIN id_list_versions v ON v.sha256 = r.sha256 WHERE r.run_id = ? ORDER BY v.file`).all(runId) as IdListVersionRow[];
  }

  /** Inserts many rows with multi-row statements (a million rows in a couple of seconds). */
  private insertBatched(target: string, width: number, rows: Iterable<readonly string[]>): void {
    const BATCH = 400;
    const tuple = '(' + new Array(width).fill('?').join(',') + ')';
    const full = this.db.prepare(`INSERT INTO ${target} VALUES ${new Array(BATCH).fill(tuple).join(',')}`);
    let values: string[] = [];
    let n = 0;
    for (const row of rows) {
      for (const v of row) values.push(v);
      if (++n === BATCH) {
        full.run(values);
        values = [];
        n = 0;
      }
    }
    if (n > 0) this.db.prepare(`INSERT INTO ${target} VALUES ${new Array(n).fill(tuple).join(',')}`).run(values);
  }

  listRuns(limit = 50): RunRow[] {
    return this.db.prepare(`SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ?`).all(limit) as RunRow[];
  }

  getRun(id: string): RunRow | undefined {
    return this.db.prepare(`SELECT * FROM runs WHERE id = ?`).get(id) as RunRow | undefined;
  }

  stagesOf(id: string): StageRow[] {
    return this.db.prepare(`SELECT * FROM run_stages WHERE run_id = ? ORDER BY started_at, stage`).all(id) as StageRow[];
  }

  inputsOf(id: string): InputRow[] {
    return this.db.prepare(`SELECT * FROM run_inputs WHERE run_id = ? ORDER BY role, idx`).all(id) as InputRow[];
  }

  close(): void {
    this.db.close();
  }
}
