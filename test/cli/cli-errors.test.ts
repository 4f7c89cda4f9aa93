// The built command line on user mistakes: the documented exit code and a one-paragraph message that
// names the file or key, never a stack trace. Runs `node dist/src/cli/main.js` (npm test builds first).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'dist/src/cli/main.js');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function childlink(args: string[], cwd: string): Promise<Result> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { cwd, timeout: 30_000, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      done({ code, stdout, stderr });
    });
  });
}

let dir: string;
const results = new Map<string, Result>();

/** A config of its own state folder: runs started together would otherwise wait on one run lock. */
const config = (name: string, children: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ referenceDate: '2026-06-30', inputs: { children: { path: children } }, output: { dir: 'out' }, state: { dir: `state-${name}` }, ...extra }, null, 2);

beforeAll(async () => {
  if (!existsSync(CLI)) execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  dir = mkdtempSync(join(tmpdir(), 'childlink-cli-'));
  writeFileSync(join(dir, 'unknown-key.json'), config('unknown-key', 'children.csv', { outputDir: 'out' }));
  writeFileSync(join(dir, 'bad-json.json'), '{\n  "inputs": { "children": { "path": "children.csv" } },\n  "output": { "dir": "out" }\n  "state": { "dir": "state" }\n}\n');
  writeFileSync(join(dir, 'missing-export.json'), config('missing-export', 'exports/children-2026-06.csv'));
  writeFileSync(join(dir, 'headerless-export.json'), config('headerless-export', 'headerless.csv'));
  writeFileSync(join(dir, 'headerless.csv'), 'TE001,Lò Văn Phong,05/03/2015\nTE002,Lường Thị Hoa,12/11/2016\n');

  // Each run starts a Node process (about a second); they run side by side.
  const runs: Array<[string, string[]]> = [
    ['missing config', ['run', 'does-not-exist.json']],
    ['unknown key', ['run', 'unknown-key.json']],
    ['bad json', ['run', 'bad-json.json']],
    ['missing export', ['run', 'missing-export.json']],
    ['headerless export', ['run', 'headerless-export.json']],
    ['unknown subcommand', ['frobnicate']],
  ];
  const done = await Promise.all(runs.map(async ([name, args]) => [name, await childlink(args, dir)] as const));
  for (const [name, r] of done) results.set(name, r);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function result(name: string): Result {
  const r = results.get(name);
  if (!r) throw new Error(`no run named ${name}`);
  // Never a stack trace for a user's mistake.
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
  return r;
}

/** The human message (the JSON log lines on standard error are left out). */
const message = (r: Result): string =>
  r.stderr
    .split('\n')
    .filter((l) => !l.startsWith('{'))
    .join('\n');

describe('childlink run: exit codes and messages for bad configs and inputs', () => {
  it('a missing config exits 3 and names the file', () => {
    const r = result('missing config');
    expect(r.code).toBe(3);
    expect(message(r)).toBe('childlink: does-not-exist.json: config file not found or not readable\n');
  });

  it('an unknown key exits 3 and names the key', () => {
    const r = result('unknown key');
    expect(r.code).toBe(3);
    expect(message(r)).toContain('invalid pipeline config\n  outputDir: unknown key');
  });

  it('invalid JSON exits 3 and says where', () => {
    const r = result('bad json');
    expect(r.code).toBe(3);
    expect(message(r)).toContain(`bad-json.json: not valid JSON at line 4, column 3: expected ',' or '}'`);
  });

  it('a missing child export exits 4 and names the file', () => {
    const r = result('missing export');
    expect(r.code).toBe(4);
    expect(message(r)).toMatch(/^childlink: exports\/children-2026-06\.csv: file not found or not readable \(.*exports\/children-2026-06\.csv\)\n$/);
  });

  it('a child export without a header exits 4 without echoing its rows', () => {
    const r = result('headerless export');
    expect(r.code).toBe(4);
    expect(message(r)).toMatch(/^childlink: headerless\.csv: no recognisable header row/);
    expect(r.stderr).not.toMatch(/Lò Văn Phong|TE001/);
  });

  it('an unknown subcommand exits 2', () => {
    const r = result('unknown subcommand');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
  });
});
