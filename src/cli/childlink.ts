#!/usr/bin/env node
// The `childlink` command. Node's default heap limit is about 4 GiB whatever the machine has; a
// province of a million children needs most of that, so the garbage collector thrashes near the
// limit and a larger province dies of "heap out of memory". This launcher runs the real command
// line (main.js) in a child Node with a heap limit sized to the machine (see heap.ts), unless the
// current limit is already about that large, or whoever started Node chose the limit
// (--max-old-space-size as a flag or in NODE_OPTIONS), in which case it runs it in-process.
import { spawn } from 'node:child_process';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { heapChosenByUser, needsRelaunch, wantedHeap } from './heap.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

async function launch(): Promise<void> {
  const wanted = wantedHeap(process.env, totalmem());
  if ('error' in wanted) {
    process.stderr.write(`childlink: ${wanted.error}\n`);
    process.exit(2);
  }
  if (
    process.env.CHILDLINK_RELAUNCHED === '1' ||
    heapChosenByUser(process.execArgv, process.env.NODE_OPTIONS) ||
    !needsRelaunch(wanted.mb, getHeapStatistics().heap_size_limit)
  ) {
    await import('./main.js');
    return;
  }
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${wanted.mb}`, MAIN, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, CHILDLINK_RELAUNCHED: '1' },
  });
  // Stopping the launcher stops the run as stopping the run itself would (it records itself as
  // interrupted). systemd and the OOM killer act on the whole process group anyway.
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, forward);
  child.once('error', (err) => {
    process.stderr.write(`childlink: could not start ${process.execPath}: ${err.message}\n`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    for (const s of signals) process.removeListener(s, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

await launch();
