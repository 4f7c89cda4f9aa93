// Progress of a run: a bar per stage on a terminal (cli-progress), periodic JSON log lines otherwise
// (cron and systemd capture standard error). Counts only, never data.
import cliProgress from 'cli-progress';
import type { Logger } from 'pino';

export interface Progress {
  /** The run got its id (progress log lines carry it like every other line of the run). */
  begin?(runId: string): void;
  /** A stage starts; `total` is the amount of work when known (rows, records). */
  stage(name: string, total?: number): void;
  /** Work done so far in the current stage. */
  update(done: number, total?: number): void;
  /** The run ended (successfully or not). */
  stop(): void;
}

export const noProgress: Progress = { stage: () => undefined, update: () => undefined, stop: () => undefined };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const bar = new cliProgress.SingleBar(
    { format: '{stage} |{bar}| {percentage}% {value}/{total}', stream, hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let current = '';
  return {
    stage(name, total) {
      if (started) bar.stop();
      current = name.padEnd(9);
      bar.start(total ?? 1, 0, { stage: current });
      started = true;
    },
    update(done, total) {
      if (!started) return;
      if (total !== undefined) bar.setTotal(total);
      bar.update(done, { stage: current });
    },
    stop() {
      if (started) {
        bar.update(bar.getTotal(), { stage: current });
        bar.stop();
      }
      started = false;
    },
  };
}

/** A JSON log line at most every `everyMs` per stage. */
export function logProgress(log: Logger, everyMs = 10_000): Progress {
  let runId = '';
  let stage = '';
  let last = 0;
  let total: number | undefined;
  return {
    begin(id) {
      runId = id;
    },
    stage(name, t) {
      stage = name;
      total = t;
      last = Date.now();
    },
    update(done, t) {
      if (t !== undefined) total = t;
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      log.info({ runId, stage, done, total }, 'progress');
    },
    stop: () => undefined,
  };
}
