// One run at a time: a lock file in the state folder, created atomically. A lock whose process is
// gone (a crashed or killed run) is taken over with a warning; a lock that cannot be read is treated
// the same way, because a half-written lock file can only come from a crash.
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { EXIT, UserError } from '../pipeline/errors.js';

export const LOCK_FILE = 'run.lock';

export interface LockInfo {
  pid: number;
  host: string;
  runId: string;
  startedAt: string;
}

export interface HeldLock {
  path: string;
  /** Set when a stale lock was taken over: what it said (or why it could not be read). */
  tookOver: string | null;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readRaw(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function parseLock(raw: string | null): LockInfo | null {
  if (raw === null) return null;
  try {
    const info = JSON.parse(raw) as LockInfo;
    return typeof info.pid === 'number' && typeof info.host === 'string' ? info : null;
  } catch {
    return null;
  }
}

function readLock(path: string): LockInfo | null {
  return parseLock(readRaw(path));
}

/**
 * Removes the stale lock only if it is still the one judged stale. Two runs may find the same stale
 * lock: the lock is first moved aside atomically and checked; if another run has replaced it in the
 * meantime, that run's lock is put back (link fails if yet another lock appeared) and nothing is lost.
 */
function removeIfStill(path: string, staleContent: string | null): void {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // already gone: try again
  }
  const moved = readRaw(aside);
  if (moved !== staleContent) {
    try {
      linkSync(aside, path);
    } catch {
      // A new lock is already in place; the moved one was not ours to judge.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // best effort
  }
}

function tryCreate(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(info));
  } finally {
    closeSync(fd);
  }
  return true;
}

export function acquireLock(stateDir: string, runId: string, now: Date = new Date()): HeldLock {
  const path = join(stateDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: hostname(), runId, startedAt: now.toISOString() };
  let tookOver: string | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, info)) {
      let released = false;
      return {
        path,
        tookOver,
        release: () => {
          if (released) return;
          released = true;
          // Only remove our own lock (a later run may have taken over a lock we lost).
          if (readLock(path)?.pid === process.pid) unlinkSync(path);
        },
      };
    }
    const staleContent = readRaw(path);
    const holder = parseLock(staleContent);
    if (holder && holder.host === info.host && isAlive(holder.pid) && holder.pid !== process.pid) {
      throw new UserError(
        `another run holds the lock ${path} (run ${holder.runId}, process ${holder.pid}, started ${holder.startedAt}); not starting a second run`,
        EXIT.lockHeld,
      );
    }
    if (holder && holder.host !== info.host) {
      throw new UserError(`the lock ${path} is held by a run on another machine (${holder.host}, process ${holder.pid}); remove it only if that run is gone`, EXIT.lockHeld);
    }
    tookOver = holder ? `run ${holder.runId} (process ${holder.pid}, started ${holder.startedAt}) is gone` : 'the lock file could not be read';
    removeIfStill(path, staleContent);
  }
  throw new UserError(`could not take the lock ${path}: other runs keep taking it`, EXIT.lockHeld);
}
