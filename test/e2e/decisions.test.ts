// Officers' decisions come back: fill in worklists as an officer would, import them, run again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { generateSample } from '../../samples/generator/index.js';
import { runPipeline, type RunOutcome } from '../../src/pipeline/run.js';
import { silentLogger } from '../../src/pipeline/log.js';
import { importDecisions } from '../../src/pipeline/decisions.js';
import { RunStore } from '../../src/store/run-store.js';
import { OUTPUT_FILES } from '../../schemas/outputs.js';
import { DECISIONS } from '../../src/emit/worklists.js';

let dir: string;
let configPath: string;
let first: RunOutcome;

function rows(path: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(path, 'utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
}

/** Writes `decision` into the Quyết định cell of the row with this key, wherever it is. */
async function decide(worklists: string, rowKey: string, decision: string): Promise<string> {
  for (const f of readdirSync(worklists).filter((x) => x.startsWith('xa-'))) {
    const path = join(worklists, f);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    for (const ws of wb.worksheets) {
      const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
      const keyCol = header.indexOf('Mã dòng');
      const decisionCol = header.indexOf('Quyết định');
      if (keyCol < 0 || decisionCol < 0) continue;
      for (let r = 2; r <= ws.rowCount; r++) {
        if (String(ws.getRow(r).getCell(keyCol).value) !== rowKey) continue;
        ws.getRow(r).getCell(decisionCol).value = decision;
        await wb.xlsx.writeFile(path);
        return path;
      }
    }
  }
  throw new Error(`row ${rowKey} not found in the worklists`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'childlink-decisions-'));
  await generateSample({ children: 1200, seed: 9, outDir: join(dir, 'data') });
  configPath = join(dir, 'pipeline.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      referenceDate: '2026-06-30',
      inputs: { children: { path: 'data/children.csv' }, idLists: [{ path: 'data/idlist.tsv' }] },
      output: { dir: 'out' },
      state: { dir: 'state' },
    }),
  );
  first = await runPipeline(configPath, { logger: silentLogger() });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decisions from worklists', () => {
  it('applies a confirmed link and a "different child" decision in the next run, and reports stale ones', async () => {
    const disc = rows(join(first.outputDir, OUTPUT_FILES.discrepancies));
    const proposal = disc.find((d) => d.kind === 'ambiguous-match' && d.citizen_id && d.record_ids.split(';').length === 1);
    const duplicate = disc.find((d) => d.kind === 'duplicate-records' && d.record_ids.split(';').length === 2);
    expect(proposal).toBeDefined();
    expect(duplicate).toBeDefined();
    const worklists = join(first.outputDir, OUTPUT_FILES.worklists);
    const files = new Set([await decide(worklists, proposal!.discrepancy_id, DECISIONS.confirmLink), await decide(worklists, duplicate!.discrepancy_id, DECISIONS.differentChild)]);

    const store = RunStore.open(join(dir, 'state'));
    const imported = await importDecisions([...files], store, { who: 'cán bộ xã' });
    store.close();
    expect(imported.problems).toEqual([]);
    expect(imported.imported).toBe(2);

    const second = await runPipeline(configPath, { logger: silentLogger() });
    const clean = new Map(rows(join(second.outputDir, OUTPUT_FILES.clean)).map((r) => [r.record_id, r]));
    const linked = clean.get(proposal!.record_ids)!;
    expect(linked.citizen_id).toBe(proposal!.citizen_id);
    expect(linked.link_method).toBe('decision');
    const [a, b] = duplicate!.record_ids.split(';');
    expect(clean.get(a)!.entity_id).not.toBe(clean.get(b)!.entity_id);
    const outcomes = rows(join(second.outputDir, OUTPUT_FILES.decisions));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['applied', 'applied']);
    expect(second.summary.decisions).toEqual({ applied: 2, stale: 0, recorded: 0 });

    // The officer's record changes afterwards: the link decision no longer applies and is reported.
    const exportPath = join(dir, 'data', 'children.csv');
    const text = readFileSync(exportPath, 'utf8');
    const line = text.split('\r\n').find((l) => l.startsWith(proposal!.record_ids + ','))!;
    const cells = line.split(',');
    cells[2] = '01/01/2001';
    writeFileSync(exportPath, text.replace(line, cells.join(',')));
    const third = await runPipeline(configPath, { logger: silentLogger() });
    const stale = rows(join(third.outputDir, OUTPUT_FILES.decisions)).find((o) => o.row_key === proposal!.discrepancy_id)!;
    expect(stale.outcome).toBe('stale');
    expect(third.summary.decisions.stale).toBe(1);
    expect(new Map(rows(join(third.outputDir, OUTPUT_FILES.clean)).map((r) => [r.record_id, r])).get(proposal!.record_ids)!.link_method).not.toBe('decision');
  }, 180_000);

  it('reports a worklist from an unknown run instead of importing it', async () => {
    const store = RunStore.open(join(dir, 'other-state'));
    const worklists = join(first.outputDir, OUTPUT_FILES.worklists);
    const file = join(worklists, readdirSync(worklists).find((f) => f.startsWith('xa-'))!);
    const r = await importDecisions([file], store);
    store.close();
    expect(r.imported).toBe(0);
    expect(r.problems.some((p) => p.message.includes('does not know'))).toBe(true);
  });
});
