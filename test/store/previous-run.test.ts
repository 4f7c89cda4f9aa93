// Last night's snapshot read back for stable entity ids and the summary's changes: on this thread
// (the TypeScript sources under the test runner) and on the compiled worker thread (dist/, as a run
// uses it), with the same answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PreviousRun, type CurrentSnapshot } from '../../src/store/previous-run.js';
import { RunStore } from '../../src/store/run-store.js';

const compiled = (await import(pathToFileURL(join(import.meta.dirname, '../../dist/src/store/previous-run.js')).href)) as { PreviousRun: typeof PreviousRun };

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A state folder whose runs are given as [id, status, snapshot saved?]. */
function store(runs: Array<[string, 'succeeded' | 'failed']>): string {
  const dir = mkdtempSync(join(tmpdir(), 'childlink-prev-'));
  dirs.push(dir);
  const s = RunStore.open(dir);
  runs.forEach(([id, status], k) => {
    s.startRun({ id, pipeline: 'p', config_path: 'c.json', config_hash: 'h', started_at: `2026-11-0${k + 1}T01:00:00.000Z`, pid: 1 });
    if (status === 'succeeded') {
      s.saveSnapshot(
        id,
        [['TE1', 'E1', '014215000001'], ['TE2', 'E2', ''], ['TE3', 'E3', '014215000003']],
        [['d1', '14001'], ['d2', '14002']],
        [],
      );
    }
    s.finishRun(id, { status, exit_code: status === 'succeeded' ? 10 : 70, finished_at: `2026-11-0${k + 1}T02:00:00.000Z` });
  });
  s.close();
  return s.path;
}

const TONIGHT: CurrentSnapshot = {
  recordIds: ['TE1', 'TE2', 'TE4'],
  citizenIds: ['014215000001', '014215000002', ''],
  communes: ['14001', '14002', '14003'],
  discrepancyIds: ['d2', 'd3'],
  discrepancyCommunes: ['14002', '14003'],
};

const EXPECTED_CHANGES = {
  since: 'R1',
  records: { new: 1, removed: 1 },
  idsNewlyAssigned: 1,
  idsNoLongerAssigned: 0,
  idsChanged: 0,
  discrepancies: { new: 1, resolved: 1 },
  byCommune: {
    '14001': { newDiscrepancies: 0, resolvedDiscrepancies: 1, idsNewlyAssigned: 0 },
    '14002': { newDiscrepancies: 0, resolvedDiscrepancies: 0, idsNewlyAssigned: 1 },
    '14003': { newDiscrepancies: 1, resolvedDiscrepancies: 0, idsNewlyAssigned: 0 },
  },
};

describe.each([
  ['on this thread', (path: string) => PreviousRun.inThread(path)],
  ['on the compiled worker thread', (path: string) => compiled.PreviousRun.start(path)],
])('the last successful run, %s', (_where, open) => {
  it('gives its entity ids and the changes since it (a failed run after it does not count)', async () => {
    const prev = open(store([['R1', 'succeeded'], ['R2', 'failed']]));
    try {
      expect([...(await prev.entityMap())]).toEqual([['TE1', 'E1'], ['TE2', 'E2'], ['TE3', 'E3']]);
      expect(await prev.changes(TONIGHT)).toEqual(EXPECTED_CHANGES);
    } finally {
      await prev.close();
    }
  });

  it('the first run of a state folder: no entity ids, no changes', async () => {
    const prev = open(store([]));
    try {
      expect((await prev.entityMap()).size).toBe(0);
      expect(await prev.changes(TONIGHT)).toBeNull();
    } finally {
      await prev.close();
    }
  });

  it('a store that cannot be read fails the run with the reason', async () => {
    const prev = open(join(tmpdir(), 'childlink-no-such-state', 'childlink.sqlite'));
    try {
      await expect(prev.entityMap()).rejects.toThrow("reading the last run's snapshot: Cannot open database because the directory does not exist");
    } finally {
      await prev.close();
    }
  });
});

describe('the compiled worker thread', () => {
  it('stopping before the changes are asked for: the question fails at once instead of waiting', async () => {
    const prev = compiled.PreviousRun.start(store([['R1', 'succeeded']]));
    try {
      expect((await prev.entityMap()).size).toBe(3);
      await (prev as unknown as { client: { worker: { terminate(): Promise<number> } } }).client.worker.terminate();
      await new Promise((r) => setTimeout(r, 50)); // the exit event
      await expect(prev.changes(TONIGHT)).rejects.toThrow("the reader of the last run's snapshot exited with code 1");
    } finally {
      await prev.close();
    }
  });
});
