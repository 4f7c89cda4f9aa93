// Loads and validates a pipeline config. Paths in the config are relative to the config file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pipelineConfigSchema, type PipelineConfig } from '../../schemas/config.js';
import { ConfigError } from './errors.js';
import type { SimpleDate } from '../vietnamese/dates.js';

export interface LoadedConfig {
  config: PipelineConfig;
  /** Absolute path of the config file. */
  path: string;
  /** Folder the config's relative paths start from. */
  baseDir: string;
  /** SHA-256 of the config file's bytes. */
  hash: string;
  /** Resolves a path from the config to an absolute path. */
  resolvePath(p: string): string;
  /** A path as shown to users: relative to the config folder when inside it. */
  displayPath(abs: string): string;
}

export function loadConfig(configPath: string): LoadedConfig {
  const path = resolve(configPath);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`${configPath}: config file not found or not readable`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (err) {
    throw new ConfigError(`${configPath}: not valid JSON (${(err as Error).message})`);
  }
  return fromObject(json, path, createHash('sha256').update(text).digest('hex'));
}

export function fromObject(json: unknown, path: string, hash: string): LoadedConfig {
  const parsed = pipelineConfigSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const key = i.path.length > 0 ? i.path.map(String).join('.') : '(top level)';
      return `  ${key}: ${i.message}`;
    });
    throw new ConfigError(`${path}: invalid pipeline config\n${lines.join('\n')}`);
  }
  const baseDir = dirname(path);
  return {
    config: parsed.data,
    path,
    baseDir,
    hash,
    resolvePath: (p) => (isAbsolute(p) ? p : resolve(baseDir, p)),
    // Relative to the config folder, so outputs do not depend on where the run was started from.
    displayPath: (abs) => {
      const rel = relative(baseDir, abs);
      return isAbsolute(rel) ? abs : rel.split(sep).join('/');
    },
  };
}

/** The reference date for ages: a fixed date from the config, or today in Vietnam's time zone. */
export function referenceDateOf(config: PipelineConfig, now: Date = new Date()): SimpleDate {
  if (config.referenceDate !== 'today') {
    const [year, month, day] = config.referenceDate.split('-').map(Number);
    return { year, month, day };
  }
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string): number => Number(parts.find((p) => p.type === t)!.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}
