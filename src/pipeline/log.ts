// JSON-lines logging with pino. Only ids, counts, timings and file paths are ever logged:
// never a name, a birth date or an ID number.
import { pino, type Logger } from 'pino';

export type { Logger };

export interface LogOptions {
  level?: string;
  /** Log file path; standard error when absent. */
  file?: string;
}

export function createLogger(opts: LogOptions = {}): Logger {
  const level = opts.level ?? (process.stderr.isTTY ? 'warn' : 'info');
  const destination = opts.file
    ? pino.destination({ dest: opts.file, sync: true, mkdir: true, mode: 0o600 } as Parameters<typeof pino.destination>[0])
    : pino.destination({ dest: 2, sync: true });
  return pino({ level, base: { app: 'childlink' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

/** A logger that writes nothing (tests, library use). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
