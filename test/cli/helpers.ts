// Helpers for tests that run the built command line as a child process: a temp folder with a small
// generated sample, pipeline configs of their own state and output folders, runs that can be held at
// a stage (CHILDLINK_TEST_HOLD) and killed, and read-only looks at the run store and the outputs.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { generateSample } from '../../samples/generator/index.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist/src/cli/main.js');
/** The `childlink` command as installed: the launcher that sizes Node's heap and runs main.js. */
export const LAUNCHER = join(ROOT, 'dist/src/cli/childlink.js');

/** `npm test` builds dist first; a lone `npx vitest run test/cli/...` may not have. */
export function ensureBuilt(): void {
  if (!existsSync(CLI)) execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliOptions {
  cwd: string;
  /** Extra environment; CHILDLINK_TEST_HOLD is removed unless set here. */
  env?: Record<string, string>;
  timeoutMs?: number;
  /** The script to run (default: main.js). */
  script?: string;
}

/** Child processes still running, so a failed test never leaves one behind (see killLeftovers). */
const live = new Set<ChildProcess>();

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.CHILDLINK_TEST_HOLD;
  delete env.CHILDLINK_RELAUNCHED;
  delete env.CHILDLINK_MAX_HEAP_MB;
  return { ...env, ...extra };
}

interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  done: Promise<CliResult>;
}

function spawnCli(args: readonly string[], opts: CliOptions): Spawned {
  const started = performance.now();
  const child = spawn(process.execPath, [opts.script ?? CLI, ...args], { cwd: opts.cwd, env: childEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 90_000);
  const done = new Promise<CliResult>((res, rej) => {
    child.on('error', rej);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      res({ code, signal, stdout: out, stderr: err, ms: Math.round(performance.now() - started) });
    });
  });
  return { child, stdout: () => out, stderr: () => err, done };
}

/** Runs `node dist/src/cli/main.js <args>` to the end. */
export function runCli(args: readonly string[], opts: CliOptions): Promise<CliResult> {
  return spawnCli(args, opts).done;
}

export interface HeldRun {
  pid: number;
  /** Standard error so far. */
  stderr: () => string;
  kill: (signal: NodeJS.Signals) => Promise<CliResult>;
  /** Resolves when the process ends (for whatever reason). */
  done: Promise<CliResult>;
}

/**
 * Starts a run with CHILDLINK_TEST_HOLD=<point> and resolves once it announces that it holds there
 * (rejects if it ends first or does not get there in time).
 */
export async function startHeld(args: readonly string[], opts: CliOptions & { point: string }): Promise<HeldRun> {
  const s = spawnCli(args, { ...opts, env: { ...opts.env, CHILDLINK_TEST_HOLD: opts.point } });
  const marker = `childlink-test: holding at ${opts.point}\n`;
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => {
      s.child.kill('SIGKILL');
      rej(new Error(`the run did not reach '${opts.point}' in time; stderr:\n${s.stderr()}`));
    }, opts.timeoutMs ?? 60_000);
    const check = (): void => {
      if (s.stderr().includes(marker)) {
        clearTimeout(timer);
        s.child.stderr!.off('data', check);
        res();
      }
    };
    s.child.stderr!.on('data', check);
    void s.done.then((r) => {
      clearTimeout(timer);
      rej(new Error(`the run ended (code ${r.code}, signal ${r.signal}) before holding at '${opts.point}'; stderr:\n${r.stderr}`));
    });
  });
  return {
    pid: s.child.pid!,
    stderr: s.stderr,
    done: s.done,
    kill: (signal) => {
      s.child.kill(signal);
      return s.done;
    },
  };
}

/** Kills any child a failed test left running (call in afterAll). */
export function killLeftovers(): void {
  for (const c of live) c.kill('SIGKILL');
  live.clear();
}

/** Runs async jobs with at most `limit` at a time (each CLI start costs a second of CPU). */
export async function inPool<T>(jobs: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

// ---------- samples and scenarios ----------

export interface Sample {
  dir: string;
  children: string;
  idList: string;
  truth: string;
  idListTruth: string;
}

/** A small synthetic Sơn La sample (children.csv, idlist.tsv in UTF-16, truth files) in `dir`. */
export async function makeSample(dir: string, children = 200, seed = 5): Promise<Sample> {
  const r = await generateSample({ children, seed, outDir: dir, idListFormat: 'tsv', referenceDate: '2026-06-30' });
  return { dir, children: r.files.children, idList: r.files.idList, truth: r.files.truth, idListTruth: r.files.idListTruth };
}

export interface Scenario {
  dir: string;
  config: string;
  out: string;
  state: string;
  log: string;
}

/**
 * A folder `<root>/<name>` with `pipeline.json` (input paths given relative to `root`, written relative
 * to the config), its own output and state
 * folders and a JSON log file. Worklists are off unless asked for: they cost a second per run.
 */
export function makeScenario(root: string, name: string, inputs: { children: string; idLists?: string[] }, extra: Record<string, unknown> = {}): Scenario {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  // Paths in a config are relative to it, as an operator writes them.
  const rel = (p: string): string => relative(dir, resolve(root, p));
  const config = {
    name,
    referenceDate: '2026-06-30',
    inputs: { children: { path: rel(inputs.children) }, idLists: (inputs.idLists ?? []).map((p) => ({ path: rel(p) })) },
    output: { dir: 'out' },
    state: { dir: 'state' },
    log: { level: 'info', file: 'log.jsonl' },
    worklists: { enabled: false },
    ...extra,
  };
  writeFileSync(join(dir, 'pipeline.json'), JSON.stringify(config, null, 2));
  return { dir, config: join(dir, 'pipeline.json'), out: join(dir, 'out'), state: join(dir, 'state'), log: join(dir, 'log.jsonl') };
}

// ---------- what a run left behind ----------

export interface StoredRun {
  id: string;
  status: string;
  exit_code: number | null;
  output_dir: string | null;
  pid: number;
  error: string | null;
  started_at: string;
}

/** The runs of a state folder's store, oldest first (read-only: never changes what a run left). */
export function storedRuns(stateDir: string): StoredRun[] {
  const path = join(stateDir, 'childlink.sqlite');
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT id, status, exit_code, output_dir, pid, error, started_at FROM runs ORDER BY started_at, id`).all() as StoredRun[];
  } finally {
    db.close();
  }
}

/** Any query on a state folder's store, read-only. */
export function queryStore<T>(stateDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(join(stateDir, 'childlink.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Entries of a folder (none when it does not exist). */
export function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

export const RUN_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;
export const PARTIAL = /^\.\d{8}-\d{6}-[0-9a-f]{4}\.partial$/;

export function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

/** A CSV file (BOM, CRLF, quotes) as rows of header → cell. */
export function readCsv(path: string): Array<Record<string, string>> {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

/** A delimited file as arrays of cells (UTF-8 or UTF-16LE with BOM). */
export function readRows(path: string): string[][] {
  const buf = readFileSync(path);
  const text = buf[0] === 0xff && buf[1] === 0xfe ? buf.subarray(2).toString('utf16le') : buf.toString('utf8').replace(/^\uFEFF/, '');
  const delimiter = text.slice(0, text.indexOf('\n')).includes('\t') ? '\t' : ',';
  return Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true }).data;
}

/** Writes rows as the generator does: UTF-8 CSV with BOM, or UTF-16LE TSV with BOM; CRLF. */
export function writeRows(path: string, rows: readonly string[][], format: 'csv' | 'tsv-utf16'): void {
  if (format === 'csv') {
    writeFileSync(path, '\uFEFF' + Papa.unparse(rows as string[][], { newline: '\r\n' }) + '\r\n');
  } else {
    writeFileSync(path, Buffer.from('\uFEFF' + rows.map((r) => r.join('\t')).join('\r\n') + '\r\n', 'utf16le'));
  }
}

/** Lines of a JSON log file (a missing file has none). */
export function logLines(path: string): Array<Record<string, unknown>> {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The human message of a run (JSON log lines on standard error left out). */
export function messageOf(r: CliResult): string {
  return r.stderr
    .split('\n')
    .filter((l) => !l.startsWith('{'))
    .join('\n');
}

/** The single run folder of an output dir (fails the test when there is not exactly one). */
export function onlyRunFolder(outDir: string): string {
  const runs = entries(outDir).filter((e) => RUN_ID.test(e));
  if (runs.length !== 1) throw new Error(`expected one run folder in ${outDir}, found: ${entries(outDir).join(', ') || 'none'}`);
  return join(outDir, runs[0]);
}
