// Loading the pipeline config: every mistake a provincial IT engineer can make in the JSON gives a
// ConfigError (exit 3) that names the file and the key, and says what was expected.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, referenceDateOf } from '../../src/pipeline/config.js';
import { ConfigError } from '../../src/pipeline/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'childlink-config-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const VALID = {
  name: 'son-la',
  referenceDate: '2026-06-30',
  inputs: {
    children: { path: 'data/children.csv' },
    idLists: [{ path: '../police/idlist.tsv', supplier: 'Công an tỉnh Sơn La', listDate: '2026-06-01' }],
  },
  output: { dir: 'out' },
  state: { dir: '/var/lib/childlink' },
};

function write(name: string, content: unknown): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return p;
}

function configError(name: string, content: unknown): string {
  const p = write(name, content);
  try {
    loadConfig(p);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(3);
    const message = (err as Error).message;
    expect(message.startsWith(`${p}: `)).toBe(true);
    return message.slice(p.length + 2);
  }
  throw new Error(`expected ${name} to be refused`);
}

const withChange = (change: (c: Record<string, unknown>) => void): Record<string, unknown> => {
  const c = structuredClone(VALID) as unknown as Record<string, unknown>;
  change(c);
  return c;
};

describe('loadConfig: not a config at all', () => {
  it('a missing file', () => {
    const p = join(dir, 'nope.json');
    expect(() => loadConfig(p)).toThrow(new ConfigError(`${p}: config file not found or not readable`));
  });

  it('a folder', () => {
    mkdirSync(join(dir, 'folder.json'), { recursive: true });
    expect(() => loadConfig(join(dir, 'folder.json'))).toThrow(/folder\.json: config file not found or not readable/);
  });

  it.each([
    ['a missing value', '{\n  "name": "x",\n  "maxAge": ,\n  "threads": 2\n}', 3, 13, 'a value'],
    ['a trailing comma', '{\n  "name": "x",\n  "threads": 2,\n}', 4, 1, 'another key (no comma after the last one)'],
    ['a missing comma', '{\n  "name": "x"\n  "threads": 2\n}', 3, 3, "',' or '}'"],
    ['single quotes', "{\n  'name': 'x'\n}", 2, 3, 'a key in double quotes'],
    ['a Windows path with single backslashes', '{\n  "output": { "dir": "C:\\data\\out" }\n}', 2, 25, 'a valid escape'],
    ['a comment', '{\n  // nightly\n  "name": "x"\n}', 2, 3, 'a key in double quotes'],
    ['a cut-off file', '{\n  "name": "x",\n  "inputs": {', 3, 14, 'a key in double quotes (the text ends too early)'],
    ['an empty file', '', 1, 1, 'a value (the file is empty)'],
    ['two values', '{}\n{}', 2, 1, 'the end of the file'],
  ])('invalid JSON (%s): says so, with line and column', (_label, text, line, column, expected) => {
    const message = configError(`json-${line}-${column}.json`, text);
    expect(message.startsWith(`not valid JSON at line ${line}, column ${column}: expected ${expected}`)).toBe(true);
    // The offending line is shown with a caret under the column.
    const [, shownLine, caret] = message.split('\n');
    if (text !== '') {
      expect(shownLine.trim()).toBe(text.split('\n')[line - 1].trim());
      expect(caret.indexOf('^') - 4).toBe(column - 1);
    }
  });

  it('a BOM before the JSON is fine (Notepad writes one)', () => {
    const p = write('bom.json', '\ufeff' + JSON.stringify(VALID));
    expect(loadConfig(p).config.name).toBe('son-la');
  });
});

describe('loadConfig: keys and values', () => {
  it('an unknown key is named, with its path', () => {
    expect(configError('unknown-top.json', withChange((c) => (c.outputDir = 'out')))).toBe(
      'invalid pipeline config\n  outputDir: unknown key (check its spelling; keys are case-sensitive)',
    );
    expect(configError('unknown-nested.json', withChange((c) => ((c.inputs as { children: Record<string, unknown> }).children.colums = {})))).toBe(
      'invalid pipeline config\n  inputs.children.colums: unknown key (check its spelling; keys are case-sensitive)',
    );
  });

  it('an unknown field in a columns mapping is named', () => {
    const message = configError('unknown-field.json', withChange((c) => ((c.inputs as { children: Record<string, unknown> }).children.columns = { fullname: 'Tên' })));
    expect(message).toBe('invalid pipeline config\n  inputs.children.columns.fullname: unknown key (check its spelling; keys are case-sensitive)');
  });

  it.each([
    ['maxAge', '16', 'maxAge: expected a number, got "16"'],
    ['threads', 1.5, 'threads: expected a whole number, got 1.5'],
    ['name', 42, 'name: expected text in double quotes, got 42'],
    ['inputs', [], 'inputs: expected an object { … }, got a list'],
    ['province', '014', 'province: expected a 2-digit province code such as "14" (got "014")'],
  ])('a wrong type or value: the key path and what was expected (%s)', (key, value, line) => {
    expect(configError(`type-${key}.json`, withChange((c) => (c[key] = value)))).toBe(`invalid pipeline config\n  ${line}`);
  });

  it('a wrong value inside the ID lists names the list by index', () => {
    const message = configError('idlist-encoding.json', withChange((c) => ((c.inputs as { idLists: Array<Record<string, unknown>> }).idLists[0].encoding = 'utf8')));
    expect(message).toMatch(/^invalid pipeline config\n {2}inputs\.idLists\[0\]\.encoding: Invalid option: expected one of "auto"\|"utf-8".* \(got "utf8"\)$/);
  });

  it('a missing inputs.children.path', () => {
    const message = configError('no-path.json', withChange((c) => ((c.inputs as { children: Record<string, unknown> }).children = { format: 'csv' })));
    expect(message).toBe('invalid pipeline config\n  inputs.children.path: missing; expected text in double quotes');
  });

  it('missing required sections are all listed', () => {
    expect(configError('empty-object.json', {})).toBe(
      'invalid pipeline config\n  inputs: missing; expected an object { … }\n  output: missing; expected an object { … }\n  state: missing; expected an object { … }',
    );
  });

  it.each([
    ['30/06/2026', 'referenceDate: expected "today" or a date as yyyy-mm-dd, got "30/06/2026"'],
    ['yesterday', 'referenceDate: expected "today" or a date as yyyy-mm-dd, got "yesterday"'],
    [20260630, 'referenceDate: expected "today" or a date as yyyy-mm-dd, got 20260630'],
    ['2026-02-30', 'referenceDate: "2026-02-30" is not a date in the calendar; expected "today" or a date as yyyy-mm-dd'],
    ['2026-13-01', 'referenceDate: "2026-13-01" is not a date in the calendar; expected "today" or a date as yyyy-mm-dd'],
  ])('a bad referenceDate %j', (value, line) => {
    expect(configError(`ref-${String(value).replaceAll('/', '-')}.json`, withChange((c) => (c.referenceDate = value)))).toBe(`invalid pipeline config\n  ${line}`);
  });

  it('an ID list date that is not in the calendar', () => {
    const message = configError('listdate.json', withChange((c) => ((c.inputs as { idLists: Array<Record<string, unknown>> }).idLists[0].listDate = '2026-06-31')));
    expect(message).toBe('invalid pipeline config\n  inputs.idLists[0].listDate: "2026-06-31" is not a date in the calendar; expected yyyy-mm-dd');
  });

  it('"today" and a real date are accepted; the reference date is read from them', () => {
    const fixed = loadConfig(write('fixed.json', VALID));
    expect(referenceDateOf(fixed.config)).toEqual({ year: 2026, month: 6, day: 30 });
    const today = loadConfig(write('today.json', withChange((c) => (c.referenceDate = 'today'))));
    // 2026-06-30 20:00 UTC is already 1 July in Vietnam (UTC+7).
    expect(referenceDateOf(today.config, new Date(Date.UTC(2026, 5, 30, 20)))).toEqual({ year: 2026, month: 7, day: 1 });
  });
});

describe('loadConfig: paths are relative to the config file', () => {
  it('relative paths resolve against the config folder, not the working directory', () => {
    const p = write('pipelines/sonla.json', VALID);
    const loaded = loadConfig(p);
    const base = join(dir, 'pipelines');
    expect(loaded.path).toBe(p);
    expect(loaded.baseDir).toBe(base);
    expect(loaded.resolvePath(loaded.config.inputs.children.path)).toBe(join(base, 'data/children.csv'));
    expect(loaded.resolvePath(loaded.config.inputs.idLists[0].path)).toBe(join(dir, 'police/idlist.tsv'));
    expect(loaded.resolvePath(loaded.config.state.dir)).toBe('/var/lib/childlink');
  });

  it('a config given by a relative path is resolved from the working directory', () => {
    const p = write('pipelines/relative.json', VALID);
    const loaded = loadConfig(relative(process.cwd(), p));
    expect(loaded.path).toBe(p);
    expect(loaded.resolvePath('data/children.csv')).toBe(join(dir, 'pipelines/data/children.csv'));
  });

  it('displayPath is relative to the config folder (with / separators), inside it or not', () => {
    const loaded = loadConfig(write('pipelines/display.json', VALID));
    const base = join(dir, 'pipelines');
    expect(loaded.displayPath(join(base, 'data/children.csv'))).toBe('data/children.csv');
    expect(loaded.displayPath(join(dir, 'police/idlist.tsv'))).toBe('../police/idlist.tsv');
    expect(loaded.displayPath(join(base, 'children.csv'))).toBe('children.csv');
  });

  it('the hash is the SHA-256 of the file bytes: a changed config has another hash', () => {
    const a = loadConfig(write('hash-a.json', VALID)).hash;
    const b = loadConfig(write('hash-b.json', withChange((c) => (c.name = 'other')))).hash;
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).not.toBe(a);
    expect(loadConfig(write('hash-c.json', VALID)).hash).toBe(a);
  });

  it('defaults are filled in', () => {
    const { config } = loadConfig(write('defaults.json', { inputs: { children: { path: 'c.csv' } }, output: { dir: 'o' }, state: { dir: 's' } }));
    expect(config).toMatchObject({ name: 'pipeline', province: '14', referenceDate: 'today', maxAge: 16, threads: 2 });
    expect(config.inputs.children).toMatchObject({ format: 'auto', encoding: 'auto', dateOrder: 'auto' });
    expect(config.inputs.idLists).toEqual([]);
  });
});
