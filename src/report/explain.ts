// `childlink explain`: why two records were (or were not) found to be the same child, or why a record
// was (or was not) linked to a person of the ID list — each comparison's level, m, u and weight, the
// running total, and the final match probability, like a waterfall chart in words.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { modelSchema, linkageSettingsSchema, type LinkageSettings, type TrainedModel } from '../../schemas/linkage.js';
import { OUTPUT_FILES } from '../../schemas/outputs.js';
import { loadConfig } from '../pipeline/config.js';
import { ingestAll, normalizeAll } from '../pipeline/inputs.js';
import { childFeatureTable, linkFeatureTables } from '../pipeline/features.js';
import { compileAll, explainPair, scoringContext, type PairExplanation } from '../linkage/engine.js';
import { compileGates } from '../linkage/gates.js';
import { simpleDateFromIso } from '../vietnamese/dates.js';
import { UserError, EXIT } from '../pipeline/errors.js';

export interface ExplainResult {
  kind: 'records' | 'record-person';
  runDir: string;
  left: string;
  right: string;
  explanation: PairExplanation;
  threshold: number;
  gatesPassed: boolean;
  /** What the run decided for the pair. */
  outcome: string;
}

interface SavedModels {
  dedupe: { settings: LinkageSettings; model: TrainedModel };
  reconcile: { settings: LinkageSettings; model: TrainedModel | null };
}

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new UserError(`${path}: ${what} not found (is this a childlink run folder?)`, EXIT.usage);
  return JSON.parse(readFileSync(path, 'utf8'));
}

function readModels(runDir: string): SavedModels {
  const raw = readJson(join(runDir, OUTPUT_FILES.model), 'model.json') as Record<string, { settings: unknown; model: unknown }>;
  const section = (name: string): { settings: LinkageSettings; model: TrainedModel | null } => ({
    settings: linkageSettingsSchema.parse(raw[name].settings),
    model: raw[name].model ? modelSchema.parse(raw[name].model) : null,
  });
  const dedupe = section('dedupe');
  return { dedupe: { settings: dedupe.settings, model: dedupe.model! }, reconcile: section('reconcile') };
}

/** Record id → { entity, status, citizen id, proposed id } from the run's clean output. */
function readOutcomes(runDir: string, ids: string[]): Map<string, Record<string, string>> {
  const text = readFileSync(join(runDir, OUTPUT_FILES.clean), 'utf8').replace(/^\ufeff/, '');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  return new Map(rows.filter((r) => ids.includes(r.record_id)).map((r) => [r.record_id, r]));
}

export async function explain(runDir: string, a: string, b: string): Promise<ExplainResult> {
  const run = readJson(join(runDir, OUTPUT_FILES.run), 'run.json') as { config: string };
  const summary = readJson(join(runDir, OUTPUT_FILES.summary), 'summary.json') as { referenceDate: string };
  const loaded = loadConfig(run.config);
  const models = readModels(runDir);
  const referenceDate = simpleDateFromIso(summary.referenceDate);
  if (!referenceDate) throw new UserError(`${runDir}: summary.json has no reference date`, EXIT.usage);
  const inputs = normalizeAll(await ingestAll(loaded), loaded.config, referenceDate);
  const records = inputs.children.records;
  const byRecord = new Map(records.map((r) => [r.recordId, r]));
  const left = byRecord.get(a);
  if (!left) throw new UserError(`record '${a}' is not among the run's clean records (it may have been rejected)`, EXIT.usage);
  const outcomes = readOutcomes(runDir, [a, b]);
  const oa = outcomes.get(a);

  const rightRecord = byRecord.get(b);
  if (rightRecord) {
    const { settings, model } = models.dedupe;
    const table = childFeatureTable(records);
    const ctx = scoringContext(settings.comparisons, model, table, table, 'dedupe');
    const compiled = compileAll(settings.comparisons, table, table);
    const [i, j] = left.idx < rightRecord.idx ? [left.idx, rightRecord.idx] : [rightRecord.idx, left.idx];
    const explanation = explainPair(ctx, compiled, table, table, i, j);
    const levels = compiled.map((c) => c(i, j));
    const ob = outcomes.get(b);
    const same = oa && ob && oa.entity_id === ob.entity_id;
    return {
      kind: 'records',
      runDir,
      left: a,
      right: b,
      explanation,
      threshold: settings.threshold,
      gatesPassed: compileGates(settings)(levels, 0),
      outcome: same ? `same child (entity ${oa.entity_id})` : `different children (entities ${oa?.entity_id ?? '?'} and ${ob?.entity_id ?? '?'})`,
    };
  }

  const person = inputs.persons.find((p) => p.citizenId === b.replace(/\D/g, ''));
  if (!person) throw new UserError(`'${b}' is neither a clean record id nor a citizen ID of the run's ID lists`, EXIT.usage);
  const { settings, model } = models.reconcile;
  if (!model) throw new UserError('the run had no ID list, so there is no linking model to explain', EXIT.usage);
  const { left: lt, right: rt } = linkFeatureTables(records, inputs.persons);
  const ctx = scoringContext(settings.comparisons, model, lt, rt, 'link');
  const compiled = compileAll(settings.comparisons, lt, rt);
  const explanation = explainPair(ctx, compiled, lt, rt, left.idx, person.idx);
  const levels = compiled.map((c) => c(left.idx, person.idx));
  let outcome = 'not linked';
  if (oa?.citizen_id === person.citizenId) outcome = `linked (${oa.link_method})`;
  else if (oa?.proposed_citizen_id === person.citizenId) outcome = `proposed for review (${oa.link_status})`;
  else if (oa?.citizen_id) outcome = `not linked: the record got ${oa.citizen_id}`;
  return { kind: 'record-person', runDir, left: a, right: person.citizenId, explanation, threshold: settings.threshold, gatesPassed: compileGates(settings)(levels, 0), outcome };
}

export function formatExplanation(r: ExplainResult): string {
  const e = r.explanation;
  const w = (x: number): string => (x >= 0 ? '+' : '') + x.toFixed(2);
  const rows: string[][] = [['comparison', 'level', r.left, r.right, 'm', 'u', 'weight', 'running']];
  let running = e.prior;
  rows.push(['prior', '', '', '', '', '', w(e.prior), w(running)]);
  for (const x of e.rows) {
    const total = x.weight + x.tfAdjustment;
    running += total;
    rows.push([
      x.comparison,
      x.level + (x.tfAdjustment !== 0 ? ` (frequency ${w(x.tfAdjustment)})` : ''),
      x.left,
      x.right,
      x.level === '(missing)' ? '' : x.m.toPrecision(3),
      x.level === '(missing)' ? '' : x.u.toExponential(2),
      w(total),
      w(running),
    ]);
  }
  const widths = rows[0].map((_, c) => Math.min(34, Math.max(...rows.map((row) => row[c].length))));
  const fmt = (row: string[]): string => row.map((cell, c) => (cell.length > widths[c] ? cell.slice(0, widths[c] - 1) + '…' : cell.padEnd(widths[c]))).join('  ');
  const lines = [
    r.kind === 'records' ? `Records ${r.left} and ${r.right} (dedupe model)` : `Record ${r.left} and ID ${r.right} (linking model)`,
    '',
    fmt(rows[0]),
    widths.map((n) => '-'.repeat(n)).join('  '),
    ...rows.slice(1).map(fmt),
    '',
    `total weight ${w(e.totalWeight)} bits → match probability ${(e.probability * 100).toFixed(4)}% (threshold ${(r.threshold * 100).toFixed(2)}%)`,
    `agreement required for an automatic decision: ${r.gatesPassed ? 'met' : 'NOT met (name, birth date or sex too different)'}`,
    `what the run decided: ${r.outcome}`,
  ];
  return lines.join('\n');
}
