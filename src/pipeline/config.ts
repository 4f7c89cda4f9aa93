// Loads and validates a pipeline config. Paths in the config are relative to the config file.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { pipelineConfigSchema, type PipelineConfig } from '../../schemas/config.js';
import { ConfigError } from './errors.js';
import { simpleDateFromIso, type SimpleDate } from '../vietnamese/dates.js';

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
  const body = text.replace(/^\ufeff/, '');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    throw new ConfigError(`${configPath}: not valid JSON ${describeJsonError(body, (err as Error).message)}`);
  }
  return fromObject(json, path, createHash('sha256').update(text).digest('hex'));
}

export function fromObject(json: unknown, path: string, hash: string): LoadedConfig {
  const parsed = pipelineConfigSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.flatMap((i) => describeIssue(i, json));
    throw new ConfigError(`${path}: invalid pipeline config\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  const badDates = calendarProblems(parsed.data);
  if (badDates.length > 0) throw new ConfigError(`${path}: invalid pipeline config\n${badDates.map((l) => `  ${l}`).join('\n')}`);
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

// ---------- messages that name the key and say what was expected ----------

type Issue = z.core.$ZodIssue;

/** Plain words for zod's type names. */
const EXPECTED: Record<string, string> = {
  string: 'text in double quotes',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object { … }',
  array: 'a list [ … ]',
};

/** Keys whose schema message does not say every accepted form. */
const EXPECTED_BY_KEY: Record<string, string> = {
  referenceDate: `"today" or a date as yyyy-mm-dd`,
};

function keyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(top level)' : out;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

function describeIssue(issue: Issue, root: unknown): string[] {
  const key = keyPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `${keyPath([...issue.path, k])}: unknown key (check its spelling; keys are case-sensitive)`);
  }
  const value = valueAt(root, issue.path);
  const byKey = EXPECTED_BY_KEY[key];
  if (byKey !== undefined) return [`${key}: expected ${byKey}${value === undefined ? '' : `, got ${shown(value)}`}`];
  if (issue.code === 'invalid_type') {
    const expected = EXPECTED[issue.expected] ?? issue.expected;
    return [value === undefined ? `${key}: missing; expected ${expected}` : `${key}: expected ${expected}, got ${shown(value)}`];
  }
  return [`${key}: ${issue.message}${value === undefined ? '' : ` (got ${shown(value)})`}`];
}

/** Dates in the config that have the right shape but are not in the calendar (2026-02-30). */
function calendarProblems(config: PipelineConfig): string[] {
  const out: string[] = [];
  if (config.referenceDate !== 'today' && simpleDateFromIso(config.referenceDate) === null) {
    out.push(`referenceDate: ${JSON.stringify(config.referenceDate)} is not a date in the calendar; expected "today" or a date as yyyy-mm-dd`);
  }
  config.inputs.idLists.forEach((list, i) => {
    if (list.listDate !== undefined && simpleDateFromIso(list.listDate) === null) {
      out.push(`inputs.idLists[${i}].listDate: ${JSON.stringify(list.listDate)} is not a date in the calendar; expected yyyy-mm-dd`);
    }
  });
  return out;
}

/**
 * Says where a config is not valid JSON: line, column, what was expected there, and the line with a
 * caret (JSON.parse only gives an offset, and not always). Falls back to JSON.parse's own message.
 */
export function describeJsonError(text: string, parseMessage: string): string {
  const found = locateJsonError(text);
  if (found === null) return `(${parseMessage})`;
  const before = text.slice(0, found.at);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = found.at - lineStart + 1;
  const lineEnd = text.indexOf('\n', found.at);
  let source = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
  let caret = column - 1;
  if (source.length > 100) {
    const from = Math.max(0, caret - 50);
    source = source.slice(from, from + 100);
    caret -= from;
  }
  return `at line ${line}, column ${column}: expected ${found.expected}\n    ${source}\n    ${' '.repeat(caret)}^`;
}

/** The offset of the first character that makes `text` invalid JSON, and what was expected there. */
function locateJsonError(text: string): { at: number; expected: string } | null {
  let i = 0;
  const stop = (expected: string): never => {
    throw new JsonStop(i, i >= text.length ? `${expected} (the text ends too early)` : expected);
  };
  const space = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= text.length) stop('a closing "');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) stop('a closing " (a line break inside text must be written \\n)');
      if (c === 0x5c) {
        const next = text.slice(i + 1, i + 6);
        if (/^u[0-9a-fA-F]{4}/.test(next)) i += 6;
        else if (next !== '' && '"\\/bfnrt'.includes(next[0])) i += 2;
        else stop('a valid escape after \\ (in Windows paths write \\\\ or /)');
        continue;
      }
      i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') stop(text[i] === '}' ? 'another key (no comma after the last one)' : 'a key in double quotes');
        string();
        space();
        if (text[i] !== ':') stop("':' after the key");
        i++;
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        stop("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] === ']') stop('another value (no comma after the last one)');
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        stop("',' or ']'");
      }
    }
    if (c === '"') return string();
    JSON_NUMBER_RE.lastIndex = i;
    const number = JSON_NUMBER_RE.exec(text);
    if (number) {
      i += number[0].length;
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    stop(i === 0 && text.trim() === '' ? 'a value (the file is empty)' : 'a value (text in double quotes, a number, true, false, null, { or [)');
  };
  try {
    value();
    space();
    if (i < text.length) stop('the end of the file (only one top-level value is allowed)');
  } catch (err) {
    if (err instanceof JsonStop) return { at: err.at, expected: err.expected };
    throw err;
  }
  return null;
}

const JSON_NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class JsonStop {
  constructor(
    readonly at: number,
    readonly expected: string,
  ) {}
}
