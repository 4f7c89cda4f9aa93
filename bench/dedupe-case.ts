// The dedupe benchmark case, in its own process so its peak memory is its own: the child export
// alone (no ID list) read and normalised, then the dedupe stage as a run does it (feature table,
// blocking, comparisons, training, scoring, clustering). Prints one JSON line; no personal data.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, referenceDateOf } from '../src/pipeline/config.js';
import { ingestAll, normalizeAll } from '../src/pipeline/inputs.js';
import { childFeatureTable } from '../src/pipeline/features.js';
import { dedupeRecords } from '../src/dedupe/probabilistic.js';
import { DEFAULT_DEDUPE_SETTINGS } from '../src/dedupe/default-settings.js';
import { resolveLinkageSettings } from '../src/pipeline/linkage-settings.js';

export interface DedupeCaseResult {
  children: number;
  records: number;
  dedupeMs: number;
  candidatePairs: number;
  comparisonsPerSecond: number;
  /** Resident memory before the dedupe stage (the normalised records) and at the process's peak. */
  rssBeforeMb: number;
  peakRssMb: number;
}

async function main(): Promise<void> {
  const [dataDir, children, threads] = process.argv.slice(2);
  const work = join(dataDir, 'bench-dedupe');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const configPath = join(work, 'pipeline.json');
  writeFileSync(configPath, JSON.stringify({ name: `dedupe-${children}`, referenceDate: '2026-06-30', threads: Number(threads ?? 2), inputs: { children: { path: join(dataDir, 'children.csv') } }, output: { dir: join(work, 'out') }, state: { dir: join(work, 'state') } }));
  const loaded = loadConfig(configPath);
  const ingested = await ingestAll(loaded);
  const normalized = normalizeAll(ingested, loaded.config, referenceDateOf(loaded.config));
  const records = normalized.children.records;
  const rssBeforeMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  const t0 = performance.now();
  const settings = resolveLinkageSettings('dedupe', DEFAULT_DEDUPE_SETTINGS, loaded.config.dedupe);
  const outcome = await dedupeRecords(records, { settings, table: childFeatureTable(records), threads: loaded.config.threads });
  const dedupeMs = Math.round(performance.now() - t0);
  const result: DedupeCaseResult = {
    children: Number(children),
    records: records.length,
    dedupeMs,
    candidatePairs: outcome.stats.candidatePairs,
    comparisonsPerSecond: outcome.stats.comparisonsPerSecond,
    rssBeforeMb,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  rmSync(work, { recursive: true, force: true });
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((err) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
  process.exit(1);
});
