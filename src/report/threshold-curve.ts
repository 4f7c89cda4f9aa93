// Dedupe precision, recall and F1 at several match-probability thresholds, so the threshold can be
// chosen from a curve (synthetic data with ground truth). The model is trained once and pinned for
// every threshold.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { loadConfig, referenceDateOf } from '../pipeline/config.js';
import { ingestAll, normalizeAll } from '../pipeline/inputs.js';
import { linkFeatureTables } from '../pipeline/features.js';
import { resolveLinkageSettings } from '../pipeline/linkage-settings.js';
import { exactListIdentities } from '../reconcile/list-identity.js';
import { dedupeRecords } from '../dedupe/probabilistic.js';
import { DEFAULT_DEDUPE_SETTINGS } from '../dedupe/default-settings.js';
import { pairCounts } from './evaluate.js';

export interface CurvePoint {
  threshold: number;
  entities: number;
  predictedPairs: number;
  precision: number;
  recall: number;
  f1: number;
}

export async function thresholdCurve(configPath: string, truthDir: string, thresholds: readonly number[]): Promise<CurvePoint[]> {
  const loaded = loadConfig(configPath);
  const inputs = normalizeAll(await ingestAll(loaded), loaded.config, referenceDateOf(loaded.config));
  const records = inputs.children.records;
  const tables = linkFeatureTables(records, inputs.persons);
  const knownIdentity = exactListIdentities(tables.left, tables.right);
  const knownIds = inputs.persons.length > 0 ? new Set(inputs.persons.map((p) => p.citizenId)) : undefined;
  const settings = resolveLinkageSettings('dedupe', DEFAULT_DEDUPE_SETTINGS, loaded.config.dedupe);
  const truthRows = Papa.parse<Record<string, string>>(readFileSync(join(truthDir, 'truth.csv'), 'utf8').replace(/^\ufeff/, ''), { header: true, skipEmptyLines: true }).data;
  const personOf = new Map(truthRows.map((t) => [t.record_id, t.person_id]));
  const people = records.map((r) => personOf.get(r.recordId) ?? `unknown:${r.recordId}`);

  const trained = await dedupeRecords(records, { settings, table: tables.left, threads: loaded.config.threads, knownIdentity, knownIds });
  const points: CurvePoint[] = [];
  for (const threshold of [...thresholds].sort((a, b) => a - b)) {
    const d = await dedupeRecords(records, { settings: { ...settings, threshold }, table: tables.left, threads: loaded.config.threads, knownIdentity, knownIds, pinnedModel: trained.model });
    const c = pairCounts(Array.from(d.entityOf, String), people);
    const precision = c.predictedPairs === 0 ? 1 : c.correctPairs / c.predictedPairs;
    const recall = c.truePairs === 0 ? 1 : c.correctPairs / c.truePairs;
    points.push({ threshold, entities: d.entities.length, predictedPairs: c.predictedPairs, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) });
  }
  return points;
}

export function formatCurve(points: readonly CurvePoint[]): string {
  const pct = (x: number): string => (x * 100).toFixed(2).padStart(7) + '%';
  return [
    'threshold  entities  predicted pairs  precision     recall         F1',
    ...points.map((p) => `${String(p.threshold).padEnd(9)}  ${String(p.entities).padStart(8)}  ${String(p.predictedPairs).padStart(15)}  ${pct(p.precision)}  ${pct(p.recall)}  ${pct(p.f1)}`),
  ].join('\n');
}
