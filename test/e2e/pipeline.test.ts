// End to end: generate a synthetic sample, run the pipeline twice, and check the output contract,
// the nothing-lost invariant, determinism and quality floors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { generateSample } from '../../samples/generator/index.js';
import { runPipeline, type RunOutcome } from '../../src/pipeline/run.js';
import { silentLogger } from '../../src/pipeline/log.js';
import { evaluateRun } from '../../src/report/evaluate.js';
import { ASSIGNMENT_COLUMNS, CLEAN_COLUMNS, DISCREPANCY_COLUMNS, OUTPUT_FILES, REJECT_COLUMNS, summarySchema } from '../../schemas/outputs.js';
import { DISCREPANCY_KINDS } from '../../src/pipeline/types.js';

let dir: string;
let first: RunOutcome;
let second: RunOutcome;

function config(name: string): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      name,
      referenceDate: '2026-06-30',
      inputs: { children: { path: 'data/children.csv' }, idLists: [{ path: 'data/idlist.tsv', supplier: 'test' }] },
      output: { dir: `out-${name}` },
      state: { dir: `state-${name}` },
    }),
  );
  return path;
}

function csv(path: string): { header: string[]; rows: Record<string, string>[] } {
  const text = readFileSync(path, 'utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(text.slice(1), { header: true, skipEmptyLines: true });
  return { header: parsed.meta.fields ?? [], rows: parsed.data };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'childlink-e2e-'));
  await generateSample({ children: 1500, seed: 42, outDir: join(dir, 'data') });
  first = await runPipeline(config('a'), { logger: silentLogger() });
  second = await runPipeline(config('b'), { logger: silentLogger() });
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the output contract', () => {
  it('writes every contract file into the run folder, and nothing partial is left', () => {
    const files = readdirSync(first.outputDir).sort();
    expect(files).toEqual(
      [OUTPUT_FILES.clean, OUTPUT_FILES.entities, OUTPUT_FILES.discrepancies, OUTPUT_FILES.assignments, OUTPUT_FILES.rejects, OUTPUT_FILES.summary, OUTPUT_FILES.run, OUTPUT_FILES.model, OUTPUT_FILES.decisions, OUTPUT_FILES.worklists].sort(),
    );
    expect(readdirSync(join(dir, 'out-a')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('starts children.clean.csv with record_id, entity_id, citizen_id, link_status', () => {
    const { header } = csv(join(first.outputDir, OUTPUT_FILES.clean));
    expect(header.slice(0, 4)).toEqual(['record_id', 'entity_id', 'citizen_id', 'link_status']);
    expect(header).toEqual([...CLEAN_COLUMNS]);
  });

  it('uses the documented columns in the other CSV files', () => {
    expect(csv(join(first.outputDir, OUTPUT_FILES.discrepancies)).header).toEqual([...DISCREPANCY_COLUMNS]);
    expect(csv(join(first.outputDir, OUTPUT_FILES.assignments)).header).toEqual([...ASSIGNMENT_COLUMNS]);
    expect(csv(join(first.outputDir, OUTPUT_FILES.rejects)).header).toEqual([...REJECT_COLUMNS]);
  });

  it('writes a summary.json that fits its schema', () => {
    const summary = JSON.parse(readFileSync(join(first.outputDir, OUTPUT_FILES.summary), 'utf8'));
    expect(() => summarySchema.parse(summary)).not.toThrow();
  });

  it('only uses the known discrepancy kinds, each with a Vietnamese explanation', () => {
    const { rows } = csv(join(first.outputDir, OUTPUT_FILES.discrepancies));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(DISCREPANCY_KINDS).toContain(r.kind);
      expect(r.explanation.length).toBeGreaterThan(10);
      expect(r.discrepancy_id).toMatch(/^D[0-9A-F]{16}(-\d+)?$/);
    }
  });

  it('creates output files readable by their owner only', () => {
    expect(statSync(first.outputDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(first.outputDir, OUTPUT_FILES.clean)).mode & 0o777).toBe(0o600);
  });
});

describe('nothing lost', () => {
  it('has one clean row or one reject for every input row', () => {
    const input = Papa.parse<string[]>(readFileSync(join(dir, 'data', 'children.csv'), 'utf8').slice(1), { skipEmptyLines: true }).data.length - 1;
    const clean = csv(join(first.outputDir, OUTPUT_FILES.clean)).rows.length;
    const rejected = csv(join(first.outputDir, OUTPUT_FILES.rejects)).rows.filter((r) => r.input === 'children').length;
    expect(clean + rejected).toBe(input);
    expect(first.summary.check).toEqual({ inputRows: input, cleanRows: clean, rejectedRows: rejected, ok: true });
  });

  it('gives every reject its file, row and reason', () => {
    for (const r of csv(join(first.outputDir, OUTPUT_FILES.rejects)).rows) {
      expect(Number(r.row)).toBeGreaterThan(1);
      expect(r.reason).toContain(`row ${r.row}`);
      expect(r.code).not.toBe('');
    }
  });
});

describe('determinism', () => {
  it('gives byte-identical outputs for the same inputs and config (run.json aside)', () => {
    for (const f of [OUTPUT_FILES.clean, OUTPUT_FILES.entities, OUTPUT_FILES.discrepancies, OUTPUT_FILES.assignments, OUTPUT_FILES.rejects, OUTPUT_FILES.model, OUTPUT_FILES.decisions]) {
      expect(readFileSync(join(second.outputDir, f)), f).toEqual(readFileSync(join(first.outputDir, f)));
    }
    const strip = (path: string): unknown => ({ ...JSON.parse(readFileSync(path, 'utf8')), pipeline: '' });
    expect(strip(join(second.outputDir, OUTPUT_FILES.summary))).toEqual(strip(join(first.outputDir, OUTPUT_FILES.summary)));
  });

  it('keeps entity ids when the same inputs are run again on the same state', async () => {
    const again = await runPipeline(config('a'), { logger: silentLogger() });
    expect(readFileSync(join(again.outputDir, OUTPUT_FILES.clean))).toEqual(readFileSync(join(first.outputDir, OUTPUT_FILES.clean)));
    // Worklists carry the run key (config + inputs), so they are identical for the same config too.
    const workbooks = readdirSync(join(first.outputDir, OUTPUT_FILES.worklists)).sort();
    expect(workbooks.length).toBeGreaterThan(1);
    for (const w of workbooks) {
      expect(readFileSync(join(again.outputDir, OUTPUT_FILES.worklists, w)), w).toEqual(readFileSync(join(first.outputDir, OUTPUT_FILES.worklists, w)));
    }
    expect(again.summary.changes).toMatchObject({ records: { new: 0, removed: 0 }, idsNewlyAssigned: 0, discrepancies: { new: 0, resolved: 0 } });
    expect((again.summary.stages.dedupe as { identities: { kept: number; new: number } }).identities.new).toBe(0);
  }, 60_000);
});

describe('quality floors on the generated sample', () => {
  it('assigns no wrong citizen ID and links most children', () => {
    const e = evaluateRun(join(dir, 'data'), first.outputDir);
    expect(e.linkage.wrong).toBe(0);
    expect(e.linkage.recall).toBeGreaterThan(0.95);
    expect(e.linkage.reviewShare).toBeLessThan(0.03);
  });

  it('finds duplicates with high precision', () => {
    const e = evaluateRun(join(dir, 'data'), first.outputDir);
    expect(e.dedupe.precision).toBeGreaterThan(0.98);
    expect(e.dedupe.recall).toBeGreaterThan(0.93);
  });

  it('never assigns one citizen ID to records of two entities', () => {
    const { rows } = csv(join(first.outputDir, OUTPUT_FILES.clean));
    const entityOfId = new Map<string, string>();
    for (const r of rows) {
      if (!r.citizen_id) continue;
      const e = entityOfId.get(r.citizen_id);
      if (e) expect(e).toBe(r.entity_id);
      entityOfId.set(r.citizen_id, r.entity_id);
    }
  });

  it('writes an ID assignment for each assigned record, with the list version', () => {
    const assigned = csv(join(first.outputDir, OUTPUT_FILES.clean)).rows.filter((r) => r.link_status === 'assigned');
    const rows = csv(join(first.outputDir, OUTPUT_FILES.assignments)).rows;
    expect(rows.length).toBe(assigned.length);
    expect(new Set(rows.map((r) => r.id_list_sha256))).toEqual(new Set([first.summary.inputs[1].sha256]));
  });
});

describe('several ID lists', () => {
  it('names, for each assigned ID, the list file it came from', async () => {
    // The sample's list (UTF-16 with a BOM) split in two: even rows in one file, odd rows in the other.
    const text = readFileSync(join(dir, 'data', 'idlist.tsv')).toString('utf16le').replace(/^\ufeff/, '');
    const [header, ...lines] = text.split(/\r?\n/).filter((l) => l !== '');
    const halves = [lines.filter((_, i) => i % 2 === 0), lines.filter((_, i) => i % 2 === 1)];
    halves.forEach((rows, k) => writeFileSync(join(dir, 'data', `idlist-${k}.tsv`), '\ufeff' + [header, ...rows].join('\r\n') + '\r\n', 'utf16le'));
    const path = join(dir, 'split.json');
    writeFileSync(
      path,
      JSON.stringify({
        name: 'split',
        referenceDate: '2026-06-30',
        inputs: {
          children: { path: 'data/children.csv' },
          idLists: [{ path: 'data/idlist-0.tsv', supplier: 'test' }, { path: 'data/idlist-1.tsv', supplier: 'test' }],
        },
        output: { dir: 'out-split' },
        state: { dir: 'state-split' },
      }),
    );
    const run = await runPipeline(path, { logger: silentLogger() });
    const fileOf = new Map<string, string>();
    halves.forEach((rows, k) => rows.forEach((l) => fileOf.set(l.split('\t')[1].replace(/\D/g, ''), `idlist-${k}.tsv`)));
    const { rows } = csv(join(run.outputDir, OUTPUT_FILES.assignments));
    expect(rows.length).toBeGreaterThan(1000);
    for (const r of rows) expect(r.id_list_file.endsWith(fileOf.get(r.citizen_id) ?? '(not in either list)')).toBe(true);
    expect(new Set(rows.map((r) => r.id_list_file)).size).toBe(2);
  }, 120_000);
});
