// The run lock in the state folder: one run at a time, stale locks (crashed runs, damaged files) taken
// over with a reason, live and foreign locks respected. Other processes are real child processes.
import { spawn, type ChildProcess } from 'node:child_process';
import type * as fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// unlinkSync can be intercepted to play another process's steps at an exact moment (see the races below).
const unlinkHook = vi.hoisted(() => ({
  before: null as ((path: string) => void) | null,
  after: null as ((path: string) => void) | null,
  /** The real unlinkSync, for the other process's steps. */
  real: null as ((path: string) => void) | null,
}));
// renameSync likewise: taking over a stale lock first moves it aside.
const renameHook = vi.hoisted(() => ({
  before: null as ((from: string, to: string) => void) | null,
  after: null as ((from: string, to: string) => void) | null,
}));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  unlinkHook.real = (path) => real.unlinkSync(path);
  const unlinkSync = (path: fs.PathLike): void => {
    const hook = unlinkHook.before;
    if (hook) hook(String(path));
    real.unlinkSync(path);
    unlinkHook.after?.(String(path));
  };
  const renameSync = (from: fs.PathLike, to: fs.PathLike): void => {
    renameHook.before?.(String(from), String(to));
    real.renameSync(from, to);
    renameHook.after?.(String(from), String(to));
  };
  return { ...real, default: { ...real, unlinkSync, renameSync }, unlinkSync, renameSync };
});

const { acquireLock, LOCK_FILE } = await import('../../src/store/lock.js');
const { UserError } = await import('../../src/pipeline/errors.js');

let stateDir: string;
let sleeper: ChildProcess;
let deadPid: number;

beforeAll(async () => {
  sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  const done = spawn(process.execPath, ['-e', '']);
  await new Promise((res) => done.on('exit', res));
  deadPid = done.pid!;
});

afterAll(() => {
  sleeper.kill('SIGKILL');
});

beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'childlink-lock-'));
});

afterEach(() => {
  unlinkHook.before = null;
  unlinkHook.after = null;
  renameHook.before = null;
  renameHook.after = null;
  rmSync(stateDir, { recursive: true, force: true });
});

const lockPath = (): string => join(stateDir, LOCK_FILE);
const lockJson = (pid: number, host = hostname(), runId = '20260630-020000-abcd'): string =>
  JSON.stringify({ pid, host, runId, startedAt: '2026-06-30T02:00:00.000Z' });

function lockError(fn: () => unknown): InstanceType<typeof UserError> {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected the lock to be refused');
}

describe('acquireLock', () => {
  it('creates an owner-only lock file naming this process and run; release removes it', () => {
    const lock = acquireLock(stateDir, '20260630-020000-0001', new Date('2026-06-30T02:00:00Z'));
    expect(lock.tookOver).toBeNull();
    expect(lock.path).toBe(lockPath());
    expect(statSync(lockPath()).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toEqual({ pid: process.pid, host: hostname(), runId: '20260630-020000-0001', startedAt: '2026-06-30T02:00:00.000Z' });
    lock.release();
    expect(existsSync(lockPath())).toBe(false);
    lock.release(); // twice is harmless
  });

  it('refuses a lock held by a live process on this host (exit 6), leaving it untouched', () => {
    writeFileSync(lockPath(), lockJson(sleeper.pid!));
    const err = lockError(() => acquireLock(stateDir, 'r2'));
    expect(err.exitCode).toBe(6);
    expect(err.message).toBe(`another run holds the lock ${lockPath()} (run 20260630-020000-abcd, process ${sleeper.pid}, started 2026-06-30T02:00:00.000Z); not starting a second run`);
    expect(readFileSync(lockPath(), 'utf8')).toBe(lockJson(sleeper.pid!));
  });

  it('refuses a lock written on another machine, whatever its pid', () => {
    writeFileSync(lockPath(), lockJson(deadPid, 'nas-backup-02'));
    const err = lockError(() => acquireLock(stateDir, 'r2'));
    expect(err.exitCode).toBe(6);
    expect(err.message).toContain('is held by a run on another machine (nas-backup-02');
    expect(existsSync(lockPath())).toBe(true);
  });

  it.each<[string, () => string | Buffer, () => string]>([
    ['a dead process', () => lockJson(deadPid), () => `run 20260630-020000-abcd (process ${deadPid}, started 2026-06-30T02:00:00.000Z) is gone`],
    ['garbage bytes', () => Buffer.from([0x00, 0xff, 0x13, 0x37, 0x7b, 0x22]), () => 'the lock file could not be read'],
    ['an empty file (crash between create and write)', () => '', () => 'the lock file could not be read'],
    ['half-written JSON', () => lockJson(deadPid).slice(0, 15), () => 'the lock file could not be read'],
    ['a pid that is a string', () => JSON.stringify({ pid: String(sleeper.pid), host: hostname() }), () => 'the lock file could not be read'],
    ['JSON null', () => 'null', () => 'the lock file could not be read'],
  ])('takes over a stale lock: %s', (_what, content, reason) => {
    writeFileSync(lockPath(), content());
    const lock = acquireLock(stateDir, 'r-new');
    expect(lock.tookOver).toBe(reason());
    expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toMatchObject({ pid: process.pid, runId: 'r-new' });
    lock.release();
    expect(existsSync(lockPath())).toBe(false);
  });

  it("takes over a lock with its own pid: a container restarted with the same pid is not 'another run'", () => {
    writeFileSync(lockPath(), lockJson(process.pid, hostname(), 'before-restart'));
    const lock = acquireLock(stateDir, 'after-restart');
    expect(lock.tookOver).toContain('run before-restart');
    lock.release();
  });

  it('release leaves a lock that another run took over in the meantime', () => {
    const lock = acquireLock(stateDir, 'mine');
    writeFileSync(lockPath(), lockJson(sleeper.pid!, hostname(), 'theirs'));
    lock.release();
    expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toMatchObject({ runId: 'theirs' });
  });

  it('gives up with exit 6 when other runs keep taking a stale lock between its attempts', () => {
    writeFileSync(lockPath(), lockJson(deadPid));
    // Every time it moves the stale lock aside, another crashed run's lock appears in its place.
    renameHook.after = (from) => writeFileSync(from, lockJson(deadPid));
    const err = lockError(() => acquireLock(stateDir, 'r'));
    expect(err.exitCode).toBe(6);
    expect(err.message).toBe(`could not take the lock ${lockPath()}: other runs keep taking it`);
  });

  // Two runs find the same stale lock. The interleaving is played exactly: between this run's read of
  // the stale lock and its move aside, another live run replaces it with its own lock.
  it('two runs taking over the same stale lock: the slower one must not remove the winner’s lock', () => {
    writeFileSync(lockPath(), lockJson(deadPid));
    let played = false;
    renameHook.before = (from) => {
      if (played) return;
      played = true;
      // The other run (a live process) removes the stale lock and creates its own.
      unlinkHook.real!(from);
      writeFileSync(from, lockJson(sleeper.pid!, hostname(), 'the-other-run'));
    };
    let lock: ReturnType<typeof acquireLock> | undefined;
    try {
      lock = acquireLock(stateDir, 'slower-run');
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
    }
    // Expected: the slower run is refused and the other run's lock is still there.
    expect(lock).toBeUndefined();
    expect(JSON.parse(readFileSync(lockPath(), 'utf8'))).toMatchObject({ runId: 'the-other-run' });
  });
});
