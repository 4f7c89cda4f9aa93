// The orchestrator: runs ingest → normalize → dedupe → reconcile → emit, records each stage in the run
// store, checks that nothing was lost, and makes the output folder appear only when it is complete.
import { getHeapStatistics } from 'node:v8';
import { totalmem } from 'node:os';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { loadConfig, referenceDateOf } from './config.js';
import { EXIT, InputError, UserError, type ExitCode } from './errors.js';
import type { Discrepancy, InputFileInfo } from './types.js';
import { RunStore } from '../store/run-store.js';
import { acquireLock, type HeldLock } from '../store/lock.js';
import { noProgress, type Progress } from './progress.js';
import type { RuleStats } from '../linkage/blocking.js';
import type { IngestedTable } from '../ingest/ingest.js';
import { ingestAll, normalizeAll } from './inputs.js';
import { dedupeRecords, type DedupeStats } from '../dedupe/probabilistic.js';
import { DEFAULT_DEDUPE_SETTINGS } from '../dedupe/default-settings.js';
import { assignStableIds } from '../dedupe/stable-ids.js';
import { resolveLinkageSettings, readPinnedModel } from './linkage-settings.js';
import { reconcile } from '../reconcile/reconcile.js';
import { DEFAULT_RECONCILE_SETTINGS } from '../reconcile/default-settings.js';
import { exactListIdentities } from '../reconcile/list-identity.js';
import { linkFeatureTables } from './features.js';
import { heapNeededMb, heapWarning, wantedHeap } from '../cli/heap.js';
import { duplicateDiscrepancies, possibleDuplicateDiscrepancies, recordDiscrepancies, rejectDiscrepancies, shortExplanation } from '../report/record-discrepancies.js';
import { emitOutputs } from '../emit/emit.js';
import { PreviousRun } from '../store/previous-run.js';
import { finalizeDiscrepancies } from '../report/discrepancy-list.js';
import { decisionConstraints } from './decisions.js';
import { buildReceipt, receiptBase, versionRow } from './idlist-intake.js';
import { OUTPUT_FILES, type Summary } from '../../schemas/outputs.js';

export interface RunOptions {
  logger: Logger;
  /** Progress display (a bar on a terminal, log lines otherwise); none by default. */
  progress?: Progress;
  /** Clock, for tests. */
  now?: () => Date;
}

export interface RunOutcome {
  runId: string;
  outputDir: string;
  summary: Summary;
  exitCode: ExitCode;
  stageMs: Record<string, number>;
  /** Timings inside stages (not in summary.json, which must not vary between runs). */
  timings: { dedupe?: { ms: Record<string, number>; comparisonsPerSecond: number }; reconcile?: Record<string, number> };
}

export function newRunId(now: Date): string {
  const iso = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${iso.slice(0, 8)}-${iso.slice(9, 15)}-${randomBytes(2).toString('hex')}`;
}

export async function runPipeline(configPath: string, opts: RunOptions): Promise<RunOutcome> {
  const loaded = loadConfig(configPath);
  const { config } = loaded;
  const log = opts.logger;
  const progress = opts.progress ?? noProgress;
  const now = opts.now ?? (() => new Date());
  const started = now();
  const runId = newRunId(started);
  progress.begin?.(runId);
  const outRoot = loaded.resolvePath(config.output.dir);
  const stateDir = loaded.resolvePath(config.state.dir);
  const store = RunStore.open(stateDir);
  let lock: HeldLock;
  try {
    lock = acquireLock(stateDir, runId, started);
  } catch (err) {
    store.close();
    throw err;
  }
  if (lock.tookOver) log.warn({ runId, lock: lock.path, reason: lock.tookOver }, 'took over a stale lock');
  // Holding the lock, any run still marked 'running' is a run that died.
  const interrupted = store.markInterrupted(started.toISOString());
  if (interrupted > 0) log.warn({ runId, runs: interrupted }, "earlier runs that did not finish are marked 'interrupted'");
  removePartialFolders(outRoot, log, runId);
  store.startRun({ id: runId, pipeline: config.name, config_path: loaded.path, config_hash: loaded.hash, started_at: started.toISOString(), pid: process.pid });
  const stageMs: Record<string, number> = {};
  const tmpDir = join(outRoot, `.${runId}${PARTIAL_SUFFIX}`);
  // Ctrl-C or a stop from systemd: record the run as interrupted, leave no partial folder, free the lock.
  // Stays installed until the end: a second signal (Ctrl-C reaches both the launcher and the run)
  // must not kill the process halfway through recording the first.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.warn({ runId, signal }, 'run interrupted');
    try {
      store.finishRun(runId, { status: 'interrupted', exit_code: EXIT.interrupted, finished_at: now().toISOString(), error: `stopped by ${signal}` });
      rmSync(tmpDir, { recursive: true, force: true });
    } finally {
      lock.release();
      process.exit(EXIT.interrupted);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const heapLimitMb = getHeapStatistics().heap_size_limit / 2 ** 20;
  log.info({ runId, pipeline: config.name, heapLimitMb: Math.round(heapLimitMb) }, 'run started');

  const stage = async <T>(name: string, fn: () => T | Promise<T>, counts: (r: T) => Record<string, unknown>): Promise<T> => {
    const t0 = performance.now();
    const at = now().toISOString();
    log.info({ runId, stage: name }, 'stage started');
    progress.stage(name);
    await holdForFaultTests(name);
    const result = await fn();
    const ms = Math.round(performance.now() - t0);
    const c = counts(result);
    stageMs[name] = ms;
    store.recordStage({ run_id: runId, stage: name, started_at: at, ms, counts: JSON.stringify(c) });
    // A stage's own timings (dedupe's steps, emit's CSV and worklists) go under stepMs: `ms` stays the stage's.
    const { ms: stepMs, ...rest } = c;
    log.info({ runId, stage: name, ms, ...rest, ...(stepMs === undefined ? {} : { stepMs }) }, 'stage finished');
    return result;
  };

  // Last night's snapshot, read on another thread while this one ingests (it changes only at the end
  // of a successful run). Closed in the finally below: a live worker would keep the process running.
  const previousRun = PreviousRun.start(store.path);
  try {
    const ingested = await stage('ingest', () => ingestAll(loaded, (n) => progress.update(n, n)), (r) => ({
      childRows: r.children.info.rows,
      idListRows: r.idLists.reduce((n, t) => n + t.info.rows, 0),
      rejected: r.children.rejects.length + r.idLists.reduce((n, t) => n + t.rejects.length, 0),
    }));
    // An export with a header and no rows is a broken export, not a province without children.
    if (ingested.children.info.rows === 0) {
      throw new InputError(`${ingested.children.info.displayPath}: the child export has a header but no data rows; check the export before the run`);
    }
    for (const t of [ingested.children, ...ingested.idLists]) {
      log.info({ runId, file: t.info.displayPath, encoding: t.info.encoding, format: t.info.format, textRepair: t.info.textRepair, dateOrder: t.info.dateOrder, sexCodes: t.info.sexCodes, rows: t.info.rows, unknownHeaders: t.unknownHeaders.length }, 'input read');
    }
    const inputRows = [ingested.children, ...ingested.idLists].reduce((n, t) => n + t.info.rows, 0);
    const machineHeap = wantedHeap({}, totalmem());
    const heapAdvice = heapWarning(inputRows, heapLimitMb, 'mb' in machineHeap ? machineHeap.mb : 0);
    if (heapAdvice !== null) {
      log.warn({ runId, inputRows, heapLimitMb: Math.round(heapLimitMb), neededMb: Math.round(heapNeededMb(inputRows)) }, heapAdvice);
    }

    const referenceDate = referenceDateOf(config, started);
    const normalized = await stage('normalize', () => normalizeAll(ingested, config, referenceDate, (done, total) => progress.update(done, total)), (r) => ({ records: r.children.records.length, rejected: r.children.rejects.length, idListPersons: r.persons.length, idListRejected: r.idListRejects.flat().length }));

    const records = normalized.children.records;

    // Police lists: a receipt each, the version recorded; a list rejected as a whole stops the run.
    const receipts = ingested.idLists.map((t, i) =>
      buildReceipt(receiptBase(t.info.displayPath, config.inputs.idLists[i], started), t, { rejects: normalized.idListRejects[i], accepted: normalized.idListAccepted[i] }),
    );
    for (const r of receipts) store.recordIdListVersion(versionRow(r));
    store.recordRunIdLists(runId, receipts.map((r) => r.sha256));
    const rejectedLists = receipts.filter((r) => r.status === 'rejected');
    if (rejectedLists.length > 0) {
      throw new UserError(`ID list rejected: ${rejectedLists.flatMap((r) => r.reasons).join('; ')} (see 'childlink idlist add' for the full receipt)`, EXIT.rejectedIdList);
    }
    const dedupeSettings = resolveLinkageSettings('dedupe', DEFAULT_DEDUPE_SETTINGS, config.dedupe);
    const pinned = dedupeSettings.model ? readPinnedModel(loaded.resolvePath(dedupeSettings.model), 'dedupe') : undefined;
    const decided = decisionConstraints(store.currentDecisions(), records, normalized.persons);
    // One feature table of the records, shared by dedupe and reconcile (same dictionaries as the
    // list's); built inside the dedupe stage so the stage times add up to the run's.
    const { tables, knownIdentity, deduped } = await stage(
      'dedupe',
      async () => {
        const tables = linkFeatureTables(records, normalized.persons);
        const knownIdentity = exactListIdentities(tables.left, tables.right);
        const deduped = await dedupeRecords(records, { settings: dedupeSettings, table: tables.left, threads: config.threads, pinnedModel: pinned, knownIdentity, knownIds: normalized.persons.length > 0 ? new Set(normalized.persons.map((p) => p.citizenId)) : undefined, mustLink: decided.mustLink, cannotLink: decided.cannotLink });
        return { tables, knownIdentity, deduped };
      },
      (r) => ({ ...r.deduped.stats }),
    );
    warnExplodedBlocks(log, runId, 'dedupe', deduped.link.blocking);

    // Entities keep the ids they had last night while any of their records remain.
    const identities = assignStableIds(deduped.entities, (e) => e.members.map((m) => records[m].recordId), await previousRun.entityMap());
    deduped.entities.forEach((e, k) => (e.id = identities.ids[k]));
    const identityCounts = { kept: identities.kept, new: 0, merge: 0, split: 0 };
    for (const ev of identities.events) identityCounts[ev.kind]++;

    const reconcileSettings = resolveLinkageSettings('reconcile', DEFAULT_RECONCILE_SETTINGS, config.reconcile);
    const pinnedLinkModel = reconcileSettings.model ? readPinnedModel(loaded.resolvePath(reconcileSettings.model), 'reconcile') : undefined;
    const reconciled = await stage(
      'reconcile',
      () => reconcile({ records, entities: deduped.entities, persons: normalized.persons, settings: reconcileSettings, threads: config.threads, pinnedModel: pinnedLinkModel, knownIdentity, tables, decisions: decided.reconcile }),
      (r) => ({ ...r.stats, ms: r.timings }),
    );

    if (reconciled.link) warnExplodedBlocks(log, runId, 'reconcile', reconciled.link.blocking);

    const childRejects = [...ingested.children.rejects, ...normalized.children.rejects].sort((a, b) => a.row - b.row);
    const idListRejects = ingested.idLists.flatMap((t, i) => [...t.rejects, ...normalized.idListRejects[i]].sort((a, b) => a.row - b.row));
    const allRejects = [...childRejects, ...idListRejects];
    const discrepancies: Discrepancy[] = finalizeDiscrepancies([
      ...recordDiscrepancies(records, (idx) => deduped.entities[deduped.entityOf[idx]]),
      ...duplicateDiscrepancies(records, deduped.entities, (e) => shortExplanation(deduped.explain(e.members[0], e.members[1]))),
      ...possibleDuplicateDiscrepancies(
        records,
        deduped.possibleDuplicates.map(({ a, b }) => ({ a, b, explanation: deduped.explain(a, b) })),
        (idx) => deduped.entities[deduped.entityOf[idx]],
      ),
      ...reconciled.discrepancies,
      ...rejectDiscrepancies(allRejects),
    ]);

    const inputs: Summary['inputs'] = [
      inputSummary(ingested.children, records.length, childRejects.length),
      ...ingested.idLists.map((t, i) => ({
        ...inputSummary(t, normalized.idListAccepted[i], t.rejects.length + normalized.idListRejects[i].length),
        supplier: receipts[i].supplier,
        listDate: receipts[i].listDate,
      })),
    ];
    // What changed since the last successful run: compared on the reader's thread while this one
    // writes the outputs; summary.json is written once it is known.
    const changes = previousRun.changes({
      recordIds: records.map((r) => r.recordId),
      citizenIds: records.map((r) => reconciled.recordLinks[r.idx].citizenId),
      communes: records.map((r) => r.place.newCommune?.code ?? ''),
      discrepancyIds: discrepancies.map((d) => d.id),
      discrepancyCommunes: discrepancies.map((d) => d.communeCode),
    });
    const byKind: Record<string, number> = {};
    for (const d of discrepancies) byKind[d.kind] = (byKind[d.kind] ?? 0) + 1;
    const summary: Summary = {
      pipeline: config.name,
      referenceDate: `${referenceDate.year}-${String(referenceDate.month).padStart(2, '0')}-${String(referenceDate.day).padStart(2, '0')}`,
      inputs,
      stages: {
        ingest: { childRows: ingested.children.info.rows, idListRows: ingested.idLists.reduce((n, t) => n + t.info.rows, 0) },
        normalize: { records: records.length, idListPersons: normalized.persons.length },
        dedupe: { ...deterministicDedupeStats(deduped.stats), identities: identityCounts },
        reconcile: { ...reconciled.stats },
      },
      outcomes: { assigned: reconciled.stats.assigned, review: reconciled.stats.review, unmatched: reconciled.stats.unmatched, conflict: reconciled.stats.conflict },
      entities: deduped.entities.length,
      idsAssigned: reconciled.recordLinks.filter((l) => l.status === 'assigned').length,
      discrepancies: Object.fromEntries(Object.entries(byKind).sort()),
      rejects: allRejects.length,
      decisions: { applied: decided.outcomes.filter((o) => o.outcome === 'applied').length, stale: decided.outcomes.filter((o) => o.outcome === 'stale').length, recorded: decided.outcomes.filter((o) => o.outcome === 'recorded').length },
      changes: null,
      check: { inputRows: ingested.children.info.rows, cleanRows: records.length, rejectedRows: childRejects.length, ok: false },
    };

    const summaryWithChanges = changes.then((c) => ((summary.changes = c), summary));
    // Awaited by emit when it writes summary.json; a failure before then must not go unhandled.
    summaryWithChanges.catch(() => undefined);

    // Nothing lost: every input row is a clean row or a reject, for every input.
    const lost = inputs.filter((i) => i.rows !== i.accepted + i.rejected);
    summary.check.ok = lost.length === 0;
    if (!summary.check.ok) {
      throw new UserError(`nothing-lost check failed: ${lost.map((i) => `${i.file} has ${i.rows} rows but ${i.accepted} accepted + ${i.rejected} rejected`).join('; ')}`, EXIT.checkFailed);
    }

    // The run key identifies what a run was made from (config and input files): worklists carry it
    // instead of the run id so the outputs stay byte-identical and decisions find their run.
    const runKey = runKeyOf(loaded.hash, [ingested.children, ...ingested.idLists].map((t) => t.info.sha256));
    store.setRunKey(runId, runKey);
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
      referenceDate: summary.referenceDate,
      summary: summaryWithChanges,
      worklists: config.worklists.enabled ? { runKey, pipeline: config.name } : undefined,
      decisions: decided.outcomes,
    }), (r) => ({ ...r.files, ms: r.ms }));
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
    await holdForFaultTests('emitted');
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
    store.saveSnapshot(
      runId,
      records.map((r) => [r.recordId, deduped.entities[deduped.entityOf[r.idx]].id, reconciled.recordLinks[r.idx].citizenId] as [string, string, string]),
      discrepancies.map((d) => [d.id, d.communeCode] as [string, string]),
      identities.events,
    );
    store.finishRun(runId, { status: 'succeeded', exit_code: exitCode, finished_at: finished.toISOString(), output_dir: outputDir, summary: JSON.stringify(summary) });
    const pruned = pruneOldRuns(store, config.retention.keepRuns);
    if (pruned.length > 0) log.info({ runId, pruned: pruned.length, keep: config.retention.keepRuns }, 'old run outputs removed');
    log.info({ runId, outputDir, ms: finished.getTime() - started.getTime(), exitCode }, 'run finished');
    return { runId, outputDir, summary, exitCode, stageMs, timings: { dedupe: { ms: deduped.stats.ms, comparisonsPerSecond: deduped.stats.comparisonsPerSecond }, reconcile: reconciled.timings } };
  } catch (err) {
    const exitCode = err instanceof UserError ? err.exitCode : EXIT.internal;
    const message = err instanceof Error ? err.message : String(err);
    store.finishRun(runId, { status: 'failed', exit_code: exitCode, finished_at: now().toISOString(), error: message });
    log.error({ runId, exitCode, error: err instanceof UserError ? message : (err as Error).stack }, 'run failed');
    rmSync(tmpDir, { recursive: true, force: true });
    throw err;
  } finally {
    progress.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await previousRun.close();
    store.close();
    lock.release();
  }
}

const PARTIAL_SUFFIX = '.partial';

/**
 * Fault tests kill the CLI at a known point: with CHILDLINK_TEST_HOLD=<stage> (or 'emitted', after the
 * outputs are written but before the folder is renamed) the run announces the point on standard error
 * and waits there. Never set in production.
 */
async function holdForFaultTests(point: string): Promise<void> {
  if (process.env.CHILDLINK_TEST_HOLD !== point) return;
  process.stderr.write(`childlink-test: holding at ${point}\n`);
  await new Promise(() => setInterval(() => undefined, 1 << 30));
}

export function runKeyOf(configHash: string, inputHashes: readonly string[]): string {
  return 'K' + createHash('sha256').update([configHash, ...inputHashes].join('|')).digest('hex').slice(0, 20).toUpperCase();
}

/** Output folders left half-written by a crashed run: never complete, so they are removed. */
function removePartialFolders(outRoot: string, log: Logger, runId: string): void {
  if (!existsSync(outRoot)) return;
  for (const name of readdirSync(outRoot)) {
    if (name.startsWith('.') && name.endsWith(PARTIAL_SUFFIX)) {
      rmSync(join(outRoot, name), { recursive: true, force: true });
      log.warn({ runId, folder: name }, 'removed the partial output folder of a run that did not finish');
    }
  }
}

/**
 * Keeps the outputs of the last `keep` successful runs and removes older ones; the last successful
 * run's outputs are never removed. The runs stay listed in the store.
 */
export function pruneOldRuns(store: RunStore, keep: number): string[] {
  const removed: string[] = [];
  const succeeded = store.listRuns(100_000).filter((r) => r.status === 'succeeded' && r.output_dir);
  for (const r of succeeded.slice(Math.max(1, keep))) {
    if (r.output_dir && existsSync(r.output_dir)) {
      rmSync(r.output_dir, { recursive: true, force: true });
      removed.push(r.id);
    }
    store.markPruned(r.id);
  }
  return removed;
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
    sexCodes: info.sexCodes,
    rows: info.rows,
    accepted,
    rejected,
    notes: t.notes,
  };
}

/** A block too large to expand means pairs that are never compared: say which rule (not the key: personal data). */
function warnExplodedBlocks(log: Logger, runId: string, stage: string, rules: readonly RuleStats[]): void {
  for (const r of rules) {
    if (r.skippedBlocks > 0) {
      log.warn({ runId, stage, rule: r.name, skippedBlocks: r.skippedBlocks, skippedRecords: r.skippedRecords, largestBlock: r.largestBlocks[0] }, 'blocks too large were not compared; tighten the blocking rule');
    }
  }
}

/** Dedupe counts without timings, so summary.json stays byte-identical between runs. */
function deterministicDedupeStats(stats: DedupeStats): Record<string, unknown> {
  const { ms: _ms, comparisonsPerSecond: _cps, ...rest } = stats;
  return rest;
}
