// The orchestrator: runs ingest → normalize → dedupe → reconcile → emit, records each stage in the run
// store, checks that nothing was lost, and makes the output folder appear only when it is complete.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { loadConfig, referenceDateOf } from './config.js';
import { EXIT, UserError, type ExitCode } from './errors.js';
import type { Discrepancy, InputFileInfo } from './types.js';
import { RunStore } from '../store/run-store.js';
import type { IngestedTable } from '../ingest/ingest.js';
import { ingestAll, normalizeAll } from './inputs.js';
import { dedupeRecords, type DedupeStats } from '../dedupe/probabilistic.js';
import { DEFAULT_DEDUPE_SETTINGS } from '../dedupe/default-settings.js';
import { resolveLinkageSettings, readPinnedModel } from './linkage-settings.js';
import { reconcile } from '../reconcile/reconcile.js';
import { DEFAULT_RECONCILE_SETTINGS } from '../reconcile/default-settings.js';
import { exactListIdentities } from '../reconcile/list-identity.js';
import { duplicateDiscrepancies, recordDiscrepancies, rejectDiscrepancies } from '../report/record-discrepancies.js';
import { emitOutputs } from '../emit/emit.js';
import { finalizeDiscrepancies } from '../report/discrepancy-list.js';
import { OUTPUT_FILES, type Summary } from '../../schemas/outputs.js';

export interface RunOptions {
  logger: Logger;
  /** Clock, for tests. */
  now?: () => Date;
}

export interface RunOutcome {
  runId: string;
  outputDir: string;
  summary: Summary;
  exitCode: ExitCode;
  stageMs: Record<string, number>;
}

export function newRunId(now: Date): string {
  const iso = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${iso.slice(0, 8)}-${iso.slice(9, 15)}-${randomBytes(2).toString('hex')}`;
}

export async function runPipeline(configPath: string, opts: RunOptions): Promise<RunOutcome> {
  const loaded = loadConfig(configPath);
  const { config } = loaded;
  const log = opts.logger;
  const now = opts.now ?? (() => new Date());
  const started = now();
  const runId = newRunId(started);
  const outRoot = loaded.resolvePath(config.output.dir);
  const store = RunStore.open(loaded.resolvePath(config.state.dir));
  store.startRun({ id: runId, pipeline: config.name, config_path: loaded.path, config_hash: loaded.hash, started_at: started.toISOString(), pid: process.pid });
  const stageMs: Record<string, number> = {};
  const tmpDir = join(outRoot, `.${runId}.partial`);
  log.info({ runId, pipeline: config.name }, 'run started');

  const stage = async <T>(name: string, fn: () => T | Promise<T>, counts: (r: T) => Record<string, unknown>): Promise<T> => {
    const t0 = performance.now();
    const at = now().toISOString();
    log.info({ runId, stage: name }, 'stage started');
    const result = await fn();
    const ms = Math.round(performance.now() - t0);
    const c = counts(result);
    stageMs[name] = ms;
    store.recordStage({ run_id: runId, stage: name, started_at: at, ms, counts: JSON.stringify(c) });
    log.info({ runId, stage: name, ms, ...c }, 'stage finished');
    return result;
  };

  try {
    const ingested = await stage('ingest', () => ingestAll(loaded), (r) => ({
      childRows: r.children.info.rows,
      idListRows: r.idLists.reduce((n, t) => n + t.info.rows, 0),
      rejected: r.children.rejects.length + r.idLists.reduce((n, t) => n + t.rejects.length, 0),
    }));
    for (const t of [ingested.children, ...ingested.idLists]) {
      log.info({ runId, file: t.info.displayPath, encoding: t.info.encoding, format: t.info.format, textRepair: t.info.textRepair, dateOrder: t.info.dateOrder, rows: t.info.rows, unknownHeaders: t.unknownHeaders.length }, 'input read');
    }

    const referenceDate = referenceDateOf(config, started);
    const normalized = await stage('normalize', () => normalizeAll(ingested, config, referenceDate), (r) => ({ records: r.children.records.length, rejected: r.children.rejects.length, idListPersons: r.persons.length, idListRejected: r.idListRejects.flat().length }));

    const records = normalized.children.records;
    const dedupeSettings = resolveLinkageSettings('dedupe', DEFAULT_DEDUPE_SETTINGS, config.dedupe);
    const pinned = dedupeSettings.model ? readPinnedModel(loaded.resolvePath(dedupeSettings.model), 'dedupe') : undefined;
    const knownIdentity = exactListIdentities(records, normalized.persons);
    const deduped = await stage('dedupe', () => dedupeRecords(records, { settings: dedupeSettings, threads: config.threads, pinnedModel: pinned, knownIdentity }), (r) => ({ ...r.stats }));
    const reconcileSettings = resolveLinkageSettings('reconcile', DEFAULT_RECONCILE_SETTINGS, config.reconcile);
    const pinnedLinkModel = reconcileSettings.model ? readPinnedModel(loaded.resolvePath(reconcileSettings.model), 'reconcile') : undefined;
    const reconciled = await stage(
      'reconcile',
      () => reconcile({ records, entities: deduped.entities, persons: normalized.persons, settings: reconcileSettings, threads: config.threads, pinnedModel: pinnedLinkModel, knownIdentity }),
      (r) => ({ ...r.stats }),
    );

    const childRejects = [...ingested.children.rejects, ...normalized.children.rejects].sort((a, b) => a.row - b.row);
    const idListRejects = ingested.idLists.flatMap((t, i) => [...t.rejects, ...normalized.idListRejects[i]].sort((a, b) => a.row - b.row));
    const allRejects = [...childRejects, ...idListRejects];
    const discrepancies: Discrepancy[] = finalizeDiscrepancies([
      ...recordDiscrepancies(records, (idx) => deduped.entities[deduped.entityOf[idx]]),
      ...duplicateDiscrepancies(records, deduped.entities),
      ...reconciled.discrepancies,
      ...rejectDiscrepancies(allRejects),
    ]);

    const inputs: Summary['inputs'] = [
      inputSummary(ingested.children, records.length, childRejects.length),
      ...ingested.idLists.map((t, i) => inputSummary(t, normalized.idListAccepted[i], t.rejects.length + normalized.idListRejects[i].length)),
    ];
    const byKind: Record<string, number> = {};
    for (const d of discrepancies) byKind[d.kind] = (byKind[d.kind] ?? 0) + 1;
    const summary: Summary = {
      pipeline: config.name,
      referenceDate: `${referenceDate.year}-${String(referenceDate.month).padStart(2, '0')}-${String(referenceDate.day).padStart(2, '0')}`,
      inputs,
      stages: {
        ingest: { childRows: ingested.children.info.rows, idListRows: ingested.idLists.reduce((n, t) => n + t.info.rows, 0) },
        normalize: { records: records.length, idListPersons: normalized.persons.length },
        dedupe: deterministicDedupeStats(deduped.stats),
        reconcile: { ...reconciled.stats },
      },
      outcomes: { assigned: reconciled.stats.assigned, review: reconciled.stats.review, unmatched: reconciled.stats.unmatched, conflict: reconciled.stats.conflict },
      entities: deduped.entities.length,
      idsAssigned: reconciled.recordLinks.filter((l) => l.status === 'assigned').length,
      discrepancies: Object.fromEntries(Object.entries(byKind).sort()),
      rejects: allRejects.length,
      check: { inputRows: ingested.children.info.rows, cleanRows: records.length, rejectedRows: childRejects.length, ok: false },
    };

    // Nothing lost: every input row is a clean row or a reject, for every input.
    const lost = inputs.filter((i) => i.rows !== i.accepted + i.rejected);
    summary.check.ok = lost.length === 0;
    if (!summary.check.ok) {
      throw new UserError(`nothing-lost check failed: ${lost.map((i) => `${i.file} has ${i.rows} rows but ${i.accepted} accepted + ${i.rejected} rejected`).join('; ')}`, EXIT.checkFailed);
    }

    rmSync(tmpDir, { recursive: true, force: true });
    mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
    const emitted = await stage('emit', () => emitOutputs({
      dir: tmpDir,
      records,
      entities: deduped.entities,
      entityOf: deduped.entityOf,
      recordLinks: reconciled.recordLinks,
      persons: normalized.persons,
      childFile: ingested.children.info,
      idListFiles: ingested.idLists.map((t) => t.info),
      discrepancies,
      rejects: allRejects,
      summary,
    }), (r) => r.files);
    // The trained models, so a later run can pin them (dedupe.model / reconcile.model) and `explain` can use them.
    writeFileSync(
      join(tmpDir, OUTPUT_FILES.model),
      JSON.stringify({ dedupe: { settings: dedupeSettings, model: deduped.model }, reconcile: { settings: reconcileSettings, model: reconciled.model } }, null, 2) + '\n',
      { mode: 0o600 },
    );
    if (emitted.files[OUTPUT_FILES.clean] !== records.length) {
      throw new UserError(`nothing-lost check failed: ${records.length} clean records but ${emitted.files[OUTPUT_FILES.clean]} rows written`, EXIT.checkFailed);
    }

    const finished = now();
    const exitCode: ExitCode = discrepancies.length > 0 ? EXIT.okWithDiscrepancies : EXIT.ok;
    writeFileSync(
      join(tmpDir, OUTPUT_FILES.run),
      JSON.stringify({ runId, pipeline: config.name, config: loaded.path, configSha256: loaded.hash, startedAt: started.toISOString(), finishedAt: finished.toISOString(), stageMs, exitCode }, null, 2) + '\n',
      { mode: 0o600 },
    );
    const outputDir = join(outRoot, runId);
    renameSync(tmpDir, outputDir);

    store.recordInputs(
      [ingested.children, ...ingested.idLists].map((t, i) => ({
        run_id: runId,
        role: t.info.role,
        idx: t.info.index,
        path: t.info.path,
        sha256: t.info.sha256,
        bytes: t.info.bytes,
        rows: t.info.rows,
        accepted: inputs[i].accepted,
        rejected: inputs[i].rejected,
      })),
    );
    store.finishRun(runId, { status: 'succeeded', exit_code: exitCode, finished_at: finished.toISOString(), output_dir: outputDir, summary: JSON.stringify(summary) });
    log.info({ runId, outputDir, ms: finished.getTime() - started.getTime(), exitCode }, 'run finished');
    return { runId, outputDir, summary, exitCode, stageMs };
  } catch (err) {
    const exitCode = err instanceof UserError ? err.exitCode : EXIT.internal;
    const message = err instanceof Error ? err.message : String(err);
    store.finishRun(runId, { status: 'failed', exit_code: exitCode, finished_at: now().toISOString(), error: message });
    log.error({ runId, exitCode, error: err instanceof UserError ? message : (err as Error).stack }, 'run failed');
    rmSync(tmpDir, { recursive: true, force: true });
    throw err;
  } finally {
    store.close();
  }
}

function inputSummary(t: IngestedTable, accepted: number, rejected: number): Summary['inputs'][number] {
  const info: InputFileInfo = t.info;
  return {
    role: info.role,
    file: info.displayPath,
    sha256: info.sha256,
    format: info.format,
    encoding: info.encoding,
    textRepair: info.textRepair,
    dateOrder: info.dateOrder,
    rows: info.rows,
    accepted,
    rejected,
    notes: t.notes,
  };
}

/** Dedupe counts without timings, so summary.json stays byte-identical between runs. */
function deterministicDedupeStats(stats: DedupeStats): Record<string, unknown> {
  const { ms: _ms, comparisonsPerSecond: _cps, ...rest } = stats;
  return rest;
}
