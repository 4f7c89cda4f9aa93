// Nightly operations, through the built command line: a run killed at every stage, stopped by
// systemd, started twice, started over a damaged or foreign lock; what a successful run leaves on
// disk (files, modes), retention, and that no personal data reaches the log or the terminal.
// Every scenario has its own state and output folders, so the scenarios run side by side.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  PARTIAL,
  type Sample,
  type Scenario,
  entries,
  ensureBuilt,
  killLeftovers,
  logLines,
  makeSample,
  makeScenario,
  messageOf,
  modeOf,
  onlyRunFolder,
  readCsv,
  readRows,
  runCli,
  startHeld,
  storedRuns,
} from './helpers.js';
import { OUTPUT_FILES } from '../../schemas/outputs.js';

let root: string;
let sample: Sample;

beforeAll(async () => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'childlink-faults-'));
  sample = await makeSample(join(root, 'sample'), 200, 5);
});

afterAll(() => {
  killLeftovers();
  if (root) rmSync(root, { recursive: true, force: true });
});

const scenario = (name: string, extra: Record<string, unknown> = {}): Scenario =>
  makeScenario(root, name, { children: 'sample/children.csv', idLists: ['sample/idlist.tsv'] }, extra);

const run = (s: Scenario, ...flags: string[]) => runCli(['run', 'pipeline.json', ...flags], { cwd: s.dir });
const hold = (s: Scenario, point: string) => startHeld(['run', 'pipeline.json'], { cwd: s.dir, point });

const lockPath = (s: Scenario): string => join(s.state, 'run.lock');
const readLockFile = (s: Scenario): { pid: number; host: string; runId: string } => JSON.parse(readFileSync(lockPath(s), 'utf8'));
const warnings = (path: string, msg: string) => logLines(path).filter((l) => l.level === 40 && l.msg === msg);

/** A pid that certainly belongs to no process: a child that has already ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((res) => child.on('exit', res));
  return child.pid!;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The files the README promises in every run folder (more may be added to OUTPUT_FILES later). */
const CONTRACT_FILES = ['children.clean.csv', 'discrepancies.csv', 'id_assignments.csv', 'rejects.csv', 'summary.json', 'run.json', 'model.json', 'decisions.csv', 'worklists'];

describe.concurrent('a run killed with SIGKILL (power loss, OOM killer)', () => {
  for (const point of ['ingest', 'normalize', 'dedupe', 'reconcile', 'emit', 'emitted']) {
    it(`at '${point}': nothing looks complete, the next run cleans up and takes over the lock`, async ({ expect }) => {
      const s = scenario(`kill-${point}`);
      const held = await hold(s, point);
      const killed = await held.kill('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');

      // Only a partial folder may remain, never a folder that looks like a finished run.
      const left = entries(s.out);
      for (const e of left) expect(e).toMatch(PARTIAL);
      if (point === 'emit' || point === 'emitted') expect(left).toHaveLength(1);
      else expect(left).toEqual([]);
      if (point === 'emitted') {
        // The hold point is after every file was written: the rename is the only missing step.
        expect(entries(join(s.out, left[0]))).toEqual(expect.arrayContaining(['children.clean.csv', 'summary.json', 'run.json', 'model.json']));
      }
      const before = storedRuns(s.state);
      expect(before.map((r) => [r.status, r.pid])).toEqual([['running', held.pid]]);
      expect(readLockFile(s)).toMatchObject({ pid: held.pid, runId: before[0].id });
      expect(isAlive(held.pid)).toBe(false);

      const next = await run(s, '--log-file', 'next.jsonl');
      expect(next.stderr).not.toMatch(/internal error/);
      expect([0, 10]).toContain(next.code);

      const runs = storedRuns(s.state);
      expect(runs).toHaveLength(2);
      expect(runs[0]).toMatchObject({ id: before[0].id, status: 'interrupted', exit_code: 9 });
      expect(runs[1]).toMatchObject({ status: 'succeeded', exit_code: next.code });
      // The partial folder is gone; the only folder is the new, complete run.
      expect(entries(s.out)).toEqual([runs[1].id]);
      expect(entries(join(s.out, runs[1].id))).toEqual(expect.arrayContaining(CONTRACT_FILES.filter((f) => f !== 'worklists')));
      expect(existsSync(lockPath(s))).toBe(false);

      const nextLog = join(s.dir, 'next.jsonl');
      const takeover = warnings(nextLog, 'took over a stale lock');
      expect(takeover).toHaveLength(1);
      expect(String(takeover[0].reason)).toContain(`run ${before[0].id} (process ${held.pid}`);
      expect(warnings(nextLog, "earlier runs that did not finish are marked 'interrupted'")).toHaveLength(1);
      expect(warnings(nextLog, 'removed the partial output folder of a run that did not finish')).toHaveLength(left.length);
    });
  }
});

describe.concurrent('a run stopped with SIGTERM (systemd stop, Ctrl-C)', () => {
  for (const point of ['dedupe', 'emitted']) {
    it(`at '${point}': exit 9, recorded as interrupted, no partial folder, lock released`, async ({ expect }) => {
      const s = scenario(`term-${point}`);
      const held = await hold(s, point);
      if (point === 'emitted') expect(entries(s.out)).toEqual([expect.stringMatching(PARTIAL)]);
      const r = await held.kill('SIGTERM');
      expect(r.code).toBe(9);
      expect(entries(s.out)).toEqual([]);
      expect(existsSync(lockPath(s))).toBe(false);
      const runs = storedRuns(s.state);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: 'interrupted', exit_code: 9, output_dir: null, error: 'stopped by SIGTERM' });
      expect(warnings(s.log, 'run interrupted')).toHaveLength(1);
    });
  }
});

describe.concurrent('the run lock', () => {
  it('a second run on the same state folder exits 6 at once, naming the lock, and changes nothing', async ({ expect }) => {
    const s = scenario('two-at-once');
    const first = await hold(s, 'dedupe');
    try {
      const firstRun = storedRuns(s.state)[0];
      const second = await run(s);
      expect(second.code).toBe(6);
      expect(second.ms).toBeLessThan(15_000);
      expect(messageOf(second)).toContain(`childlink: another run holds the lock ${lockPath(s)} (run ${firstRun.id}, process ${first.pid}`);
      // The second run neither recorded itself nor touched the first run's lock.
      expect(storedRuns(s.state).map((r) => [r.id, r.status])).toEqual([[firstRun.id, 'running']]);
      expect(readLockFile(s).pid).toBe(first.pid);
      expect(entries(s.out)).toEqual([]);
    } finally {
      const stopped = await first.kill('SIGTERM');
      expect(stopped.code).toBe(9);
    }
    expect(existsSync(lockPath(s))).toBe(false);
  });

  const corrupt: Array<[string, () => Promise<Buffer | string>, RegExp]> = [
    ['garbage bytes', async () => randomBytes(300), /^the lock file could not be read$/],
    ['an empty file', async () => '', /^the lock file could not be read$/],
    ['JSON without a pid', async () => JSON.stringify({ host: hostname(), runId: 'x' }), /^the lock file could not be read$/],
    [
      'JSON naming a process that does not exist',
      async () => JSON.stringify({ pid: await deadPid(), host: hostname(), runId: '20260101-010101-dead', startedAt: '2026-01-01T01:01:01.000Z' }),
      /^run 20260101-010101-dead \(process \d+, started 2026-01-01T01:01:01.000Z\) is gone$/,
    ],
  ];
  for (const [what, content, reason] of corrupt) {
    it(`a lock file with ${what} is taken over with a warning and the run succeeds`, async ({ expect }) => {
      const s = scenario(`lock-${what.replace(/\W+/g, '-')}`);
      mkdirSync(s.state, { recursive: true, mode: 0o700 });
      const bytes = await content();
      if (what.includes('does not exist')) expect(isAlive(JSON.parse(String(bytes)).pid)).toBe(false);
      writeFileSync(lockPath(s), bytes);
      const r = await run(s);
      expect(r.stderr).not.toMatch(/internal error/);
      expect([0, 10]).toContain(r.code);
      const takeover = warnings(s.log, 'took over a stale lock');
      expect(takeover).toHaveLength(1);
      expect(String(takeover[0].reason)).toMatch(reason);
      expect(takeover[0].lock).toBe(lockPath(s));
      expect(storedRuns(s.state).map((x) => x.status)).toEqual(['succeeded']);
      expect(existsSync(lockPath(s))).toBe(false);
      onlyRunFolder(s.out);
    });
  }

  it('a lock held by a live process on this host: exit 6, the lock left as it was', async ({ expect }) => {
    const s = scenario('lock-live');
    mkdirSync(s.state, { recursive: true, mode: 0o700 });
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const lock = JSON.stringify({ pid: sleeper.pid, host: hostname(), runId: '20260630-020000-beef', startedAt: '2026-06-30T02:00:00.000Z' });
      writeFileSync(lockPath(s), lock);
      const r = await run(s);
      expect(r.code).toBe(6);
      expect(messageOf(r)).toContain(`another run holds the lock ${lockPath(s)} (run 20260630-020000-beef, process ${sleeper.pid}, started 2026-06-30T02:00:00.000Z)`);
      expect(readFileSync(lockPath(s), 'utf8')).toBe(lock);
      expect(storedRuns(s.state)).toEqual([]);
      expect(entries(s.out)).toEqual([]);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('a lock from another machine (shared state folder): exit 6 even if the pid is free here', async ({ expect }) => {
    const s = scenario('lock-other-host');
    mkdirSync(s.state, { recursive: true, mode: 0o700 });
    const lock = JSON.stringify({ pid: await deadPid(), host: `${hostname()}-other`, runId: '20260630-020000-cafe', startedAt: '2026-06-30T02:00:00.000Z' });
    writeFileSync(lockPath(s), lock);
    const r = await run(s);
    expect(r.code).toBe(6);
    expect(messageOf(r)).toContain(`the lock ${lockPath(s)} is held by a run on another machine (${hostname()}-other`);
    expect(readFileSync(lockPath(s), 'utf8')).toBe(lock);
  });
});

describe.concurrent('a successful run', () => {
  // One run (worklists on, everything logged) serves the contract, the file modes and the privacy checks.
  let contract: Promise<{ s: Scenario; code: number | null; stdout: string; stderr: string }> | undefined;
  const contractRun = () =>
    (contract ??= (async () => {
      const s = scenario('contract', { worklists: { enabled: true }, log: { level: 'trace', file: 'log.jsonl' } });
      // A state folder someone created open to everyone is made owner-only.
      mkdirSync(s.state, { recursive: true });
      chmodSync(s.state, 0o755);
      const r = await run(s);
      return { s, ...r };
    })());

  it('writes every contract file into one run folder', async ({ expect }) => {
    const { s, code, stderr } = await contractRun();
    expect(stderr).not.toMatch(/internal error/);
    expect([0, 10]).toContain(code);
    const dir = onlyRunFolder(s.out);
    expect(entries(dir)).toEqual(expect.arrayContaining(CONTRACT_FILES));
    // Nothing else: no temp file or stray folder left beside the outputs.
    expect(entries(dir).filter((e) => !(Object.values(OUTPUT_FILES) as string[]).includes(e))).toEqual([]);
    expect(statSync(join(dir, 'worklists')).isDirectory()).toBe(true);
    expect(entries(join(dir, 'worklists')).length).toBeGreaterThan(0);
    const runJson = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { runId: string; exitCode: number };
    expect(runJson).toMatchObject({ runId: dir.split('/').pop(), exitCode: code });
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { check: { inputRows: number; cleanRows: number; rejectedRows: number; ok: boolean } };
    expect(summary.check.ok).toBe(true);
    expect(summary.check.inputRows).toBe(summary.check.cleanRows + summary.check.rejectedRows);
    expect(readCsv(join(dir, 'children.clean.csv'))).toHaveLength(summary.check.cleanRows);
    expect(readCsv(join(dir, 'rejects.csv')).filter((r) => r.input === 'children')).toHaveLength(summary.check.rejectedRows);
    expect(storedRuns(s.state)).toMatchObject([{ id: runJson.runId, status: 'succeeded', exit_code: code, output_dir: dir }]);
  });

  it('leaves outputs, state and log readable by their owner only', async ({ expect }) => {
    const { s } = await contractRun();
    const dir = onlyRunFolder(s.out);
    const modes: string[] = [];
    const walk = (p: string): void => {
      const st = statSync(p);
      modes.push(`${p.slice(s.dir.length + 1)} ${(st.mode & 0o777).toString(8)}`);
      if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    };
    walk(dir);
    const wrong = modes.filter((m) => {
      const [p, mode] = m.split(' ');
      return mode !== (statSync(join(s.dir, p)).isDirectory() ? '700' : '600');
    });
    expect(wrong).toEqual([]);
    expect(modes.length).toBeGreaterThan(CONTRACT_FILES.length);
    expect(modeOf(s.state).toString(8)).toBe('700');
    for (const f of readdirSync(s.state).filter((f) => f.startsWith('childlink.sqlite'))) expect(`${f} ${modeOf(join(s.state, f)).toString(8)}`).toBe(`${f} 600`);
    expect(modeOf(s.log).toString(8)).toBe('600');
  });

  it('writes no name, birth date or citizen ID to the log, standard error or standard output', async ({ expect }) => {
    const { s, stdout, stderr } = await contractRun();
    const secrets = personalValues(sample, onlyRunFolder(s.out));
    expect(secrets.names.size).toBeGreaterThan(300);
    expect(secrets.dates.size).toBeGreaterThan(200);
    expect(secrets.ids.size).toBeGreaterThan(150);
    const logText = readFileSync(s.log, 'utf8');
    expect(logText).toContain('"msg":"run finished"');
    // Timestamps and run ids are the run's own clock, not data: left out so a child born today cannot match.
    const text = [logText, stderr, stdout].join('\n').replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, '').replace(/\d{8}-\d{6}-[0-9a-f]{4}/g, '');
    const found = [...secrets.names, ...secrets.dates, ...secrets.ids].filter((v) => text.includes(v));
    expect(found).toEqual([]);
  });

  it('retention keeps the outputs of the last 2 of 4 runs; the store lists all 4', async ({ expect }) => {
    const s = scenario('retention', { retention: { keepRuns: 2 } });
    for (let i = 0; i < 4; i++) {
      const r = await run(s);
      expect([0, 10]).toContain(r.code);
    }
    const runs = storedRuns(s.state);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(entries(s.out)).toEqual(runs.slice(2).map((r) => r.id));
    expect(runs.map((r) => r.output_dir)).toEqual([null, null, join(s.out, runs[2].id), join(s.out, runs[3].id)]);
    expect(logLines(s.log).filter((l) => l.msg === 'old run outputs removed').map((l) => l.pruned)).toEqual([1, 1]);
  });
});

/**
 * The personal values of a sample, as the inputs write them and as the run's outputs canonicalise
 * them: full names (with at least two words), birth dates with a day (input formats and ISO),
 * citizen IDs (raw and 12-digit).
 */
function personalValues(s: Sample, runDir: string): { names: Set<string>; dates: Set<string>; ids: Set<string> } {
  const names = new Set<string>();
  const dates = new Set<string>();
  const ids = new Set<string>();
  const addName = (v: string | undefined): void => {
    const t = (v ?? '').trim();
    if (t.length >= 5 && /\S\s+\S/.test(t)) names.add(t);
  };
  const addDate = (v: string | undefined): void => {
    const t = (v ?? '').trim();
    // A day, a month and a year: "2015" alone or "5 tuổi" would match counts, not people.
    if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$|^\d{4}-\d{2}-\d{2}$/.test(t)) dates.add(t);
  };
  const addId = (v: string | undefined): void => {
    const t = (v ?? '').trim();
    const digits = t.replace(/\D/g, '');
    if (digits.length >= 9) {
      ids.add(digits);
      if (t.length >= 9) ids.add(t);
    }
  };
  const table = (path: string): Array<Record<string, string>> => {
    const [header, ...rows] = readRows(path);
    return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  };
  for (const r of table(s.children)) {
    for (const h of ['Họ và tên', 'Họ tên mẹ', 'Họ tên cha']) addName(r[h]);
    addDate(r['Ngày sinh']);
    addId(r['Số định danh cá nhân']);
  }
  for (const r of table(s.idList)) {
    for (const h of ['Họ và tên', 'Họ tên mẹ', 'Họ tên cha']) addName(r[h]);
    addDate(r['Ngày sinh']);
    addId(r['Số định danh cá nhân']);
  }
  for (const r of readCsv(s.truth)) addId(r.true_citizen_id);
  for (const r of readCsv(s.idListTruth)) addId(r.citizen_id);
  for (const r of readCsv(join(runDir, 'children.clean.csv'))) {
    for (const f of ['full_name', 'mother_name', 'father_name']) addName(r[f]);
    addDate(r.birth_date);
    addId(r.citizen_id);
  }
  // The reference date is in the summary by design; a child born that day must not count as a leak.
  dates.delete('2026-06-30');
  dates.delete('30/06/2026');
  return { names, dates, ids };
}
