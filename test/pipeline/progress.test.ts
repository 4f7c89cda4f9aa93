// Progress lines in the JSON log (cron, systemd): at most one per interval, with the run's id and
// stage like every other line of the run, and only counts.
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { logProgress } from '../../src/pipeline/progress.js';

function capture(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) });
  return { logger: pino({ base: undefined, timestamp: false }, stream), lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('logProgress', () => {
  it('writes a line at most every interval, carrying the run id, the stage and the counts', () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const { logger, lines } = capture();
      const p = logProgress(logger, 10_000);
      p.begin!('20261129-010000-ab12');
      p.stage('normalize', 100);
      p.update(10);
      vi.setSystemTime(5_000);
      p.update(20);
      vi.setSystemTime(10_000);
      p.update(30);
      vi.setSystemTime(25_000);
      p.update(90, 120);
      expect(lines()).toEqual([
        { level: 30, runId: '20261129-010000-ab12', stage: 'normalize', done: 30, total: 100, msg: 'progress' },
        { level: 30, runId: '20261129-010000-ab12', stage: 'normalize', done: 90, total: 120, msg: 'progress' },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
