#!/usr/bin/env node
// The childlink command line. Each subcommand is a thin wrapper over a module; errors caused by the
// user's input print their message alone and exit with the documented code.
import { Command, Option } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runPipeline } from '../pipeline/run.js';
import { loadConfig, referenceDateOf } from '../pipeline/config.js';
import { createLogger } from '../pipeline/log.js';
import { logProgress, terminalProgress } from '../pipeline/progress.js';
import { EXIT, UserError } from '../pipeline/errors.js';
import { RunStore } from '../store/run-store.js';
import { formatSummary } from '../report/summary-text.js';
import { evaluateRun, formatEvaluation } from '../report/evaluate.js';
import { formatCurve, thresholdCurve } from '../report/threshold-curve.js';
import { explain, formatExplanation } from '../report/explain.js';
import { diffSnapshots, formatDiff, snapshotFromOutputs } from '../report/diff.js';
import { importDecisions } from '../pipeline/decisions.js';
import { inspectFile, formatInspectReport } from '../report/inspect.js';
import { checkIdList, formatReceipt, versionRow } from '../pipeline/idlist-intake.js';
import { simpleDateFromIso } from '../vietnamese/dates.js';
import { placeResolverFor } from '../pipeline/inputs.js';
import { generateSample } from '../../samples/generator/index.js';

// Every file childlink creates (outputs, state, logs) is readable by its owner only.
process.umask(0o077);

const DEFAULT_CONFIG = 'pipelines/sample.json';

function fail(err: unknown): never {
  if (err instanceof UserError) {
    process.stderr.write(`childlink: ${err.message}\n`);
    process.exit(err.exitCode);
  }
  process.stderr.write(`childlink: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(EXIT.internal);
}

function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      fail(err);
    }
  };
}

const program = new Command();
program
  .name('childlink')
  .description('Clean Vietnamese child records, find duplicates and link each child to its personal ID number.')
  .showHelpAfterError()
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : EXIT.usage);
  });

program
  .command('run')
  .description('run the pipeline: ingest → normalize → dedupe → reconcile → emit')
  .argument('[config]', 'pipeline config (JSON)', DEFAULT_CONFIG)
  .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
  .option('--log-file <path>', 'write JSON logs to this file instead of standard error')
  .action(
    action(async (configPath: string, opts: { logLevel?: string; logFile?: string }) => {
      const { config, resolvePath } = loadConfig(configPath);
      const logger = createLogger({ level: opts.logLevel ?? config.log.level, file: opts.logFile ?? (config.log.file ? resolvePath(config.log.file) : undefined) });
      // A bar on a terminal; otherwise (cron, systemd) a progress line in the JSON log now and then.
      const progress = process.stderr.isTTY && !opts.logFile ? terminalProgress() : logProgress(logger);
      const outcome = await runPipeline(configPath, { logger, progress });
      process.stdout.write(formatSummary(outcome.summary, outcome.outputDir) + '\n');
      if (config.truth) {
        const truthDir = resolvePath(config.truth);
        process.stdout.write(formatEvaluation(evaluateRun(truthDir, outcome.outputDir)) + '\n');
      }
      process.exitCode = outcome.exitCode;
    }),
  );

program
  .command('runs')
  .description('list the runs recorded in the state folder of a pipeline')
  .argument('[config]', 'pipeline config (JSON)', DEFAULT_CONFIG)
  .option('-n, --limit <n>', 'how many runs to show', '20')
  .option('--json', 'print JSON instead of a table')
  .action(
    action((configPath: string, opts: { limit: string; json?: boolean }) => {
      const loaded = loadConfig(configPath);
      const store = RunStore.openExisting(loaded.resolvePath(loaded.config.state.dir));
      if (!store) {
        process.stdout.write('no runs yet\n');
        return;
      }
      try {
        const runs = store.listRuns(Number(opts.limit));
        if (opts.json) {
          process.stdout.write(JSON.stringify(runs.map((r) => ({ ...r, summary: r.summary ? JSON.parse(r.summary) : null })), null, 2) + '\n');
          return;
        }
        process.stdout.write(['run id'.padEnd(22), 'status'.padEnd(12), 'started'.padEnd(25), 'seconds'.padStart(8), '  exit', '  output'].join('') + '\n');
        for (const r of runs) {
          const secs = r.finished_at ? ((Date.parse(r.finished_at) - Date.parse(r.started_at)) / 1000).toFixed(1) : '';
          process.stdout.write([r.id.padEnd(22), r.status.padEnd(12), r.started_at.padEnd(25), secs.padStart(8), String(r.exit_code ?? '').padStart(6), '  ' + (r.output_dir ?? (r.status === 'succeeded' ? '(outputs removed by retention)' : (r.error?.split('\n')[0] ?? '')))].join('') + '\n');
        }
      } finally {
        store.close();
      }
    }),
  );

program
  .command('sample')
  .description('generate a synthetic Sơn La child export, police ID list and ground truth')
  .option('--children <n>', 'number of distinct children', '3000')
  .option('--seed <n>', 'random seed (same seed, same files)', '1')
  .option('--out <dir>', 'output folder', 'samples/generated')
  .addOption(new Option('--id-list-format <format>', 'shape of the police ID list').choices(['tsv', 'xlsx', 'csv']).default('tsv'))
  .option('--reference-date <yyyy-mm-dd>', 'date ages are computed at', '2026-06-30')
  .action(
    action(async (opts: { children: string; seed: string; out: string; idListFormat: 'tsv' | 'xlsx' | 'csv'; referenceDate: string }) => {
      const children = Number(opts.children);
      const seed = Number(opts.seed);
      if (!Number.isInteger(children) || children < 1) throw new UserError(`--children: expected a positive whole number, got '${opts.children}'`, EXIT.usage);
      if (!Number.isInteger(seed)) throw new UserError(`--seed: expected a whole number, got '${opts.seed}'`, EXIT.usage);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.referenceDate)) throw new UserError(`--reference-date: expected yyyy-mm-dd, got '${opts.referenceDate}'`, EXIT.usage);
      const report = await generateSample({ children, seed, outDir: resolve(opts.out), idListFormat: opts.idListFormat, referenceDate: opts.referenceDate });
      process.stdout.write(
        [
          `generated ${report.childRecords} child records (${report.distinctChildren} children, ${report.duplicatedChildren} entered more than once) and ${report.idListRows} ID-list rows in ${report.seconds.toFixed(1)} s`,
          `  children: ${report.files.children}`,
          `  ID list:  ${report.files.idList}`,
          `  truth:    ${report.files.truth}`,
        ].join('\n') + '\n',
      );
    }),
  );

program
  .command('evaluate')
  .description("score a run's outputs against a synthetic sample's ground truth")
  .requiredOption('--truth <dir>', 'folder with truth.csv (from childlink sample)')
  .option('--run <dir>', 'output folder of a run to score')
  .option('--curve <thresholds>', 'instead: dedupe precision/recall/F1 at these match-probability thresholds (comma-separated), on the inputs of --config')
  .option('-c, --config <config>', 'pipeline config (with --curve)', DEFAULT_CONFIG)
  .option('--json', 'print JSON')
  .action(
    action(async (opts: { truth: string; run?: string; curve?: string; config: string; json?: boolean }) => {
      if (opts.curve) {
        const thresholds = opts.curve.split(',').map(Number);
        if (thresholds.some((t) => !(t > 0 && t < 1))) throw new UserError(`--curve: expected probabilities between 0 and 1, got '${opts.curve}'`, EXIT.usage);
        const points = await thresholdCurve(opts.config, resolve(opts.truth), thresholds);
        process.stdout.write((opts.json ? JSON.stringify(points, null, 2) : formatCurve(points)) + '\n');
        return;
      }
      if (!opts.run) throw new UserError('evaluate needs --run <dir> (or --curve <thresholds>)', EXIT.usage);
      if (!existsSync(opts.run)) throw new UserError(`--run: folder not found: ${opts.run}`, EXIT.usage);
      const e = evaluateRun(resolve(opts.truth), resolve(opts.run));
      process.stdout.write((opts.json ? JSON.stringify(e, null, 2) : formatEvaluation(e)) + '\n');
    }),
  );

program
  .command('explain')
  .description('explain the match weights between two records, or between a record and a citizen ID of the ID list')
  .argument('<run>', 'a run output folder (or a run id of the config\'s state folder)')
  .argument('<record_id>', 'a record id')
  .argument('<other>', 'another record id, or a citizen ID')
  .option('-c, --config <config>', 'pipeline config, to find a run by its id', DEFAULT_CONFIG)
  .option('--json', 'print JSON')
  .action(
    action(async (run: string, a: string, b: string, opts: { config: string; json?: boolean }) => {
      const result = await explain(resolveRunDir(run, opts.config), a, b);
      process.stdout.write((opts.json ? JSON.stringify(result, null, 2) : formatExplanation(result)) + '\n');
    }),
  );

program
  .command('diff')
  .description('what changed between two runs (default: the last two successful runs): records, assigned IDs, discrepancies per commune')
  .argument('[before]', 'the earlier run (folder or run id)')
  .argument('[after]', 'the later run (folder or run id)')
  .option('-c, --config <config>', 'pipeline config, to find runs by id', DEFAULT_CONFIG)
  .option('--json', 'print JSON')
  .action(
    action((before: string | undefined, after: string | undefined, opts: { config: string; json?: boolean }) => {
      let [a, b] = [before, after];
      if (!a || !b) {
        const loaded = loadConfig(opts.config);
        const store = RunStore.openExisting(loaded.resolvePath(loaded.config.state.dir));
        const done = (store?.listRuns(1000) ?? []).filter((r) => r.status === 'succeeded' && r.output_dir);
        store?.close();
        if (!a && !b) [b, a] = [done[0]?.id, done[1]?.id];
        else if (!b) b = done[0]?.id;
        if (!a || !b) throw new UserError('diff needs two successful runs whose outputs still exist', EXIT.usage);
      }
      const dirA = resolveRunDir(a, opts.config);
      const dirB = resolveRunDir(b, opts.config);
      const sa = snapshotFromOutputs(dirA);
      const sb = snapshotFromOutputs(dirB);
      const d = diffSnapshots(sa.snapshot, sb.snapshot, (id) => sb.communeOf.get(id) ?? sa.communeOf.get(id) ?? '');
      process.stdout.write((opts.json ? JSON.stringify(d, null, 2) : formatDiff(d, a, b)) + '\n');
    }),
  );

program
  .command('inspect')
  .description('show what the pipeline would make of an export: encoding and repairs, header mapping, date format, sample rows, problem counts')
  .argument('<file>', 'a child export or an ID list (CSV, TSV, XLSX, XLS)')
  .addOption(new Option('--role <role>', 'how to read the file').choices(['auto', 'children', 'idlist']).default('auto'))
  .option('-n, --rows <n>', 'sample rows to show', '8')
  .option('--sheet <sheet>', 'sheet name or number (workbooks)')
  .option('--reference-date <yyyy-mm-dd>', 'date ages are computed at (default today)')
  .option('--json', 'print JSON')
  .action(
    action(async (file: string, opts: { role: 'auto' | 'children' | 'idlist'; rows: string; sheet?: string; referenceDate?: string; json?: boolean }) => {
      const referenceDate = opts.referenceDate ? simpleDateFromIso(opts.referenceDate) : undefined;
      if (opts.referenceDate && !referenceDate) throw new UserError(`--reference-date: expected yyyy-mm-dd, got '${opts.referenceDate}'`, EXIT.usage);
      const sheet = opts.sheet === undefined ? undefined : /^\d+$/.test(opts.sheet) ? Number(opts.sheet) : opts.sheet;
      const report = await inspectFile(file, { role: opts.role, sampleRows: Number(opts.rows), sheet, referenceDate: referenceDate ?? undefined });
      process.stdout.write((opts.json ? JSON.stringify(report, null, 2) : formatInspectReport(report)) + '\n');
    }),
  );

const idlistCommand = program.command('idlist').description('police ID lists: check a list and record its version');
idlistCommand
  .command('add')
  .description('check a police ID list, print its receipt (accepted or rejected, with reasons) and record its version')
  .argument('<file>', 'the ID list (CSV, TSV, XLSX, XLS)')
  .option('-c, --config <config>', 'pipeline config (its state folder records the version)', DEFAULT_CONFIG)
  .option('--supplier <unit>', 'the police unit that supplied the list')
  .option('--list-date <yyyy-mm-dd>', 'the date the list was exported')
  .option('--receipt <path>', 'also write the receipt to this file')
  .option('--json', 'print the receipt as JSON')
  .action(
    action(async (file: string, opts: { config: string; supplier?: string; listDate?: string; receipt?: string; json?: boolean }) => {
      const loaded = loadConfig(opts.config);
      const path = resolve(file);
      const intake = await checkIdList(
        { index: 0, path, displayPath: file, config: { path: file, format: 'auto', encoding: 'auto', dateOrder: 'auto', sexCodes: 'auto', supplier: opts.supplier, listDate: opts.listDate } },
        { referenceDate: referenceDateOf(loaded.config), maxAge: loaded.config.maxAge, resolvePlace: placeResolverFor(loaded.config.province) },
      );
      const text = opts.json ? JSON.stringify(intake.receipt, null, 2) : formatReceipt(intake.receipt);
      if (opts.receipt) writeFileSync(opts.receipt, text + '\n', { mode: 0o600 });
      process.stdout.write(text + '\n');
      if (intake.receipt.sha256) {
        const store = RunStore.open(loaded.resolvePath(loaded.config.state.dir));
        store.recordIdListVersion(versionRow(intake.receipt));
        store.close();
      }
      process.exitCode = intake.receipt.status === 'accepted' ? EXIT.ok : EXIT.rejectedIdList;
    }),
  );
idlistCommand
  .command('list')
  .description('the ID list versions recorded in the state folder')
  .option('-c, --config <config>', 'pipeline config', DEFAULT_CONFIG)
  .action(
    action((opts: { config: string }) => {
      const loaded = loadConfig(opts.config);
      const store = RunStore.openExisting(loaded.resolvePath(loaded.config.state.dir));
      const rows = store?.listIdListVersions() ?? [];
      store?.close();
      if (rows.length === 0) process.stdout.write('no ID lists recorded yet\n');
      for (const v of rows) process.stdout.write(`${v.sha256.slice(0, 16)}  ${v.status.padEnd(8)}  ${String(v.accepted).padStart(8)} accepted  ${String(v.rejected).padStart(6)} rejected  ${v.first_seen}  ${v.supplier || '-'}  ${v.file}\n`);
    }),
  );

const decisionsCommand = program.command('decisions').description("officers' decisions from filled-in worklists");
decisionsCommand
  .command('import')
  .description('read filled-in worklists and store their decisions; the next run applies them')
  .argument('<files...>', 'worklist workbooks (.xlsx)')
  .option('-c, --config <config>', 'pipeline config (its state folder keeps the decisions)', DEFAULT_CONFIG)
  .option('--who <name>', 'who made the decisions, when the workbook does not say')
  .action(
    action(async (files: string[], opts: { config: string; who?: string }) => {
      const loaded = loadConfig(opts.config);
      const store = RunStore.open(loaded.resolvePath(loaded.config.state.dir));
      try {
        const r = await importDecisions(files, store, { who: opts.who });
        for (const f of r.files) process.stdout.write(`${f.file}: ${f.decisions} decisions${f.run ? ` (run ${f.run})` : ''}\n`);
        for (const p of r.problems) process.stdout.write(`  problem: ${p.message}\n`);
        process.stdout.write(`imported ${r.imported} decisions; ${r.problems.length} problems. The next run applies them.\n`);
        if (r.imported === 0 && r.problems.length > 0) process.exitCode = EXIT.unreadableInput;
      } finally {
        store.close();
      }
    }),
  );

/** A run given as a folder, or as a run id looked up in the config's state folder. */
function resolveRunDir(run: string, configPath: string): string {
  if (existsSync(resolve(run, 'run.json'))) return resolve(run);
  const loaded = loadConfig(configPath);
  const store = RunStore.openExisting(loaded.resolvePath(loaded.config.state.dir));
  const row = store?.getRun(run);
  store?.close();
  if (!row?.output_dir) throw new UserError(`run '${run}' not found: give a run output folder or a run id of ${configPath}`, EXIT.usage);
  return row.output_dir;
}

program.parseAsync(process.argv).catch(fail);
