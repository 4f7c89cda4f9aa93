// The `childlink` launcher (dist/src/cli/childlink.js): sizes Node's heap to the machine, runs the
// command line in a child Node when it must, and passes arguments, exit codes and stop signals through.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heapChosenByUser, heapWarning, needsRelaunch, wantedHeap } from '../../src/cli/heap.js';
import { type Sample, type Scenario, LAUNCHER, ensureBuilt, killLeftovers, logLines, makeSample, makeScenario, runCli, startHeld, storedRuns } from './helpers.js';

const GiB = 1024 ** 3;

describe('wantedHeap', () => {
  it.each([
    [{}, 24 * GiB, { mb: 18432 }],
    [{}, 8 * GiB, { mb: 6144 }],
    [{ CHILDLINK_MAX_HEAP_MB: '' }, 4 * GiB, { mb: 3072 }],
    [{ CHILDLINK_MAX_HEAP_MB: '12288' }, 24 * GiB, { mb: 12288 }],
    [{ CHILDLINK_MAX_HEAP_MB: ' 6000 ' }, 24 * GiB, { mb: 6000 }],
    [{ CHILDLINK_MAX_HEAP_MB: '0' }, 24 * GiB, { mb: 0 }],
  ])('%j on a machine of %d bytes → %j', (env, machine, expected) => {
    expect(wantedHeap(env, machine)).toEqual(expected);
  });

  it.each(['8G', '-1', '1.5', 'lots'])("rejects CHILDLINK_MAX_HEAP_MB='%s' with a message that says what is expected", (value) => {
    expect(wantedHeap({ CHILDLINK_MAX_HEAP_MB: value }, 24 * GiB)).toEqual({ error: `CHILDLINK_MAX_HEAP_MB must be a whole number of MiB (0 keeps Node's default), not '${value}'` });
  });
});

describe('heapWarning', () => {
  const SMALL = "Node's heap limit is small for this many rows: run through the childlink command (it sizes the heap to the machine), or raise CHILDLINK_MAX_HEAP_MB or --max-old-space-size";
  const TIGHT = "this machine's memory is tight for this many rows (the heap is already sized to it): the run may be slow or stop with 'heap out of memory'; give it a machine with more memory";
  it.each([
    ['2 million rows in an 18 GiB heap', 2_000_000, 18_432, 18_432, null],
    ["2 million rows in Node's 4 GiB default on a 24 GiB machine", 2_000_000, 4_144, 18_432, SMALL],
    ['7.2 million rows (3.5 million children and their list) in the 18 GiB the launcher gave', 7_160_242, 18_126, 18_432, TIGHT],
    ['7.2 million rows in a heap set lower by CHILDLINK_MAX_HEAP_MB', 7_160_242, 12_000, 18_432, SMALL],
    ['no figure for the machine (0): the heap is taken as all there is', 3_000_000, 4_144, 0, TIGHT],
  ])('%s', (_label, rows, heapMb, machineMb, expected) => {
    expect(heapWarning(rows, heapMb, machineMb)).toBe(expected);
  });
});

describe('needsRelaunch', () => {
  it.each([
    [18432, 4144, true],
    [18432, 18500, false],
    [18432, 17600, false], // within 5%: V8 rounds the limit it reports
    [3072, 4144, false], // the default is already larger
    [0, 4144, false], // 0: keep Node's default
  ])('wanted %d MiB, current limit %d MiB → %s', (wanted, currentMb, expected) => {
    expect(needsRelaunch(wanted, currentMb * 1024 * 1024)).toBe(expected);
  });
});

describe('heapChosenByUser', () => {
  it.each([
    [[], undefined, false],
    [[], '', false],
    [['--max-old-space-size=2048'], undefined, true],
    [['--max_old_space_size=2048'], undefined, true],
    [['--inspect'], '--enable-source-maps --max-old-space-size=8192', true],
    [['--max-semi-space-size=64'], '--trace-gc', false],
  ])('node flags %j, NODE_OPTIONS %j → %s', (argv, options, expected) => {
    expect(heapChosenByUser(argv, options)).toBe(expected);
  });
});

describe('the childlink command', () => {
  let root: string;
  let sample: Sample;

  beforeAll(async () => {
    ensureBuilt();
    root = mkdtempSync(join(tmpdir(), 'childlink-launcher-'));
    sample = await makeSample(join(root, 'sample'), 120, 3);
  });

  afterAll(() => {
    killLeftovers();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const scenario = (name: string, extra: Record<string, unknown> = {}): Scenario => makeScenario(root, name, { children: 'sample/children.csv', idLists: ['sample/idlist.tsv'] }, extra);
  const heapOfRun = (s: Scenario): number => Number(logLines(s.log).find((l) => l.msg === 'run started')?.heapLimitMb);

  it('runs the pipeline with the heap it was asked for, and exits with the run’s code', async () => {
    const s = scenario('relaunch', { worklists: { enabled: true } });
    const r = await runCli(['run', 'pipeline.json'], { cwd: s.dir, script: LAUNCHER, env: { CHILDLINK_MAX_HEAP_MB: '6000' } });
    expect(r.code).toBe(10);
    expect(r.stdout).toContain('Outputs: ');
    expect(heapOfRun(s)).toBeGreaterThanOrEqual(6000);
    expect(storedRuns(s.state)).toMatchObject([{ status: 'succeeded', exit_code: 10 }]);
    // Each stage's log line carries its own duration; a stage's step timings sit beside it.
    const finished = logLines(s.log).filter((l) => l.msg === 'stage finished');
    expect(finished.map((l) => l.stage)).toEqual(['ingest', 'normalize', 'dedupe', 'reconcile', 'emit']);
    for (const l of finished) expect(typeof l.ms).toBe('number');
    expect(Object.keys(finished[2].stepMs as object)).toEqual(['blocking', 'comparing', 'training', 'scoring', 'clustering']);
    const emitSteps = finished[4].stepMs as { csv: number; discrepancies: number; worklists: number };
    expect(Object.keys(emitSteps)).toEqual(['csv', 'discrepancies', 'worklists']);
    // Measured in the worker that writes them (this thread hears of its end only after the CSVs).
    expect(emitSteps.worklists).toBeGreaterThan(0);
    expect(emitSteps.discrepancies + emitSteps.worklists).toBeLessThan(finished[4].ms as number);
    expect(sample.children).toBeTruthy();
  });

  it("keeps Node's default heap with CHILDLINK_MAX_HEAP_MB=0", async () => {
    const s = scenario('default-heap');
    const r = await runCli(['run', 'pipeline.json'], { cwd: s.dir, script: LAUNCHER, env: { CHILDLINK_MAX_HEAP_MB: '0' } });
    expect(r.code).toBe(10);
    expect(heapOfRun(s)).toBeLessThan(6000);
  });

  it('keeps a heap limit chosen in NODE_OPTIONS', async () => {
    const s = scenario('node-options');
    const r = await runCli(['run', 'pipeline.json'], { cwd: s.dir, script: LAUNCHER, env: { CHILDLINK_MAX_HEAP_MB: '6000', NODE_OPTIONS: '--max-old-space-size=3000' } });
    expect(r.code).toBe(10);
    expect(heapOfRun(s)).toBeLessThan(3200);
  });

  it('refuses a bad CHILDLINK_MAX_HEAP_MB with exit 2 before doing anything', async () => {
    const s = scenario('bad-heap');
    const r = await runCli(['run', 'pipeline.json'], { cwd: s.dir, script: LAUNCHER, env: { CHILDLINK_MAX_HEAP_MB: '8G' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("CHILDLINK_MAX_HEAP_MB must be a whole number of MiB (0 keeps Node's default), not '8G'");
    expect(existsSync(s.state)).toBe(false);
  });

  it('passes the exit code of a failed command through (a config that does not exist: exit 3)', async () => {
    const r = await runCli(['run', 'no-such-pipeline.json'], { cwd: root, script: LAUNCHER, env: { CHILDLINK_MAX_HEAP_MB: '6000' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('no-such-pipeline.json: config file not found or not readable');
  });

  it('SIGTERM to the launcher stops the run as it would stop the run itself: exit 9, interrupted, lock freed', async () => {
    const s = scenario('term');
    const held = await startHeld(['run', 'pipeline.json'], { cwd: s.dir, point: 'dedupe', script: LAUNCHER, env: { CHILDLINK_MAX_HEAP_MB: '6000' } });
    const r = await held.kill('SIGTERM');
    expect(r.code).toBe(9);
    expect(storedRuns(s.state)).toMatchObject([{ status: 'interrupted', exit_code: 9, error: 'stopped by SIGTERM' }]);
    expect(existsSync(join(s.state, 'run.lock'))).toBe(false);
  });
});
