// `npm run bench`: speed and quality figures of childlink on generated Sơn La data.
//   names and dates normalised per second (one core);
//   the whole pipeline (ingest → emit) at each size, each in its own process: records, candidate
//   pairs, comparisons per second, wall time per stage, peak memory, dedupe precision / recall / F1,
//   linking precision, recall (automatic and with review) and review share.
//   the dedupe stage alone on the child export (no ID list), with its own peak memory.
// Options: --sizes 100000,1000000  --scale (adds 3,500,000)  --threads 2  --only names|pipeline|dedupe
//          --nights 2 (the pipeline runs twice per size, each night in its own process, on one state
//          folder, and the second is reported: a night with last night's snapshot to read and
//          compare, as every night but the first)
//          --data DIR (generated samples are kept there; default /tmp/childlink-bench)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateSample } from '../samples/generator/index.js';
import { benchNameStream, benchNames } from './names.js';
import { readColumns } from '../src/report/read-columns.js';
import { parseDate } from '../src/vietnamese/dates.js';
import type { CaseResult } from './case.js';
import type { DedupeCaseResult } from './dedupe-case.js';
import { wantedHeap } from '../src/cli/heap.js';

interface Options {
  sizes: number[];
  threads: number;
  only: 'all' | 'names' | 'pipeline' | 'dedupe';
  /** Pipeline runs per size on one state folder (a process each); the last is reported. */
  nights: 1 | 2;
  data: string;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { sizes: [100_000, 1_000_000], threads: 2, only: 'all', nights: 1, data: '/tmp/childlink-bench' };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    const next = (): string => {
      const v = argv[++k];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--sizes') opts.sizes = next().split(',').map((x) => Number(x.replace(/_/g, '')));
    else if (a === '--scale') opts.sizes = [...new Set([...opts.sizes, 3_500_000])];
    else if (a === '--threads') opts.threads = Number(next());
    else if (a === '--only') {
      const v = next();
      if (!['all', 'names', 'pipeline', 'dedupe'].includes(v)) throw new Error(`--only: expected names, pipeline or dedupe, not '${v}'`);
      opts.only = v as Options['only'];
    }
    else if (a === '--nights') {
      const v = next();
      if (v !== '1' && v !== '2') throw new Error(`--nights: expected 1 (a first night) or 2 (a following night), not '${v}'`);
      opts.nights = Number(v) as Options['nights'];
    }
    else if (a === '--data') opts.data = next();
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

async function ensureSample(dir: string, children: number): Promise<void> {
  if (existsSync(join(dir, 'truth.csv'))) return;
  process.stderr.write(`generating ${children} children into ${dir} …\n`);
  await generateSample({ children, seed: 11, outDir: dir });
}

/** The non-empty values of one column of a generated export. */
function column(path: string, header: string): string[] {
  return readColumns(path, [header], 'not found (generate the sample again)').map((r) => r[header]).filter(Boolean);
}

function fmt(n: number): string {
  return n >= 1e6 ? (n / 1e6).toFixed(2) + 'M' : n >= 1e3 ? (n / 1e3).toFixed(1) + 'k' : String(Math.round(n));
}

function pct(x: number): string {
  return (x * 100).toFixed(2) + '%';
}

function table(rows: string[][]): string {
  const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r, i) => r.map((cell, c) => (c === 0 ? cell.padEnd(w[c]) : cell.padStart(w[c]))).join('  ') + (i === 0 ? '\n' + w.map((n) => '-'.repeat(n)).join('  ') : '')).join('\n');
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const small = join(opts.data, '100000');
  await ensureSample(small, 100_000);

  if (opts.only === 'all' || opts.only === 'names') {
    const names = [...column(join(small, 'children.csv'), 'Họ và tên'), ...column(join(small, 'children.csv'), 'Họ tên mẹ')];
    const n = benchNames(names);
    // A province's export as the normalize stage reads it: children's, mothers' and fathers' names.
    const big = join(opts.data, '1000000');
    await ensureSample(big, 1_000_000);
    const NAME_HEADERS = ['Họ và tên', 'Họ tên mẹ', 'Họ tên cha'] as const;
    const exportNames = readColumns(join(big, 'children.csv'), NAME_HEADERS, 'not found').flatMap((r) => NAME_HEADERS.map((h) => r[h]).filter(Boolean));
    const distinct = new Set(exportNames).size;
    const streamPerSecond = benchNameStream(exportNames);
    const dates = column(join(small, 'children.csv'), 'Ngày sinh');
    const ref = { year: 2026, month: 6, day: 30 };
    let best = Infinity;
    for (let pass = 0; pass < 3; pass++) {
      const t0 = performance.now();
      for (const d of dates) parseDate(d, { referenceDate: ref });
      best = Math.min(best, performance.now() - t0);
    }
    process.stdout.write(
      '\nNormalisation (one core)\n' +
        table([
          ['what', 'values', 'per second'],
          ['names: canonical form + keys, first pass', fmt(names.length), fmt(n.namesPerSecond)],
          ['names: repeated (memoised)', fmt(names.length), fmt(n.warmNamesPerSecond)],
          ['names: without the per-name memo', fmt(names.length), fmt(n.uncachedNamesPerSecond)],
          [`names: a 1M-child export in file order (${fmt(distinct)} distinct)`, fmt(exportNames.length), fmt(streamPerSecond)],
          ['birth dates', fmt(dates.length), fmt((dates.length * 1000) / best)],
        ]) +
        '\n',
    );
  }
  if (opts.only === 'names') return;

  // The heap the childlink command would give a run on this machine.
  const heap = wantedHeap(process.env, totalmem());
  const heapFlags = 'mb' in heap && heap.mb > 0 ? [`--max-old-space-size=${heap.mb}`] : [];
  const runCase = <T>(file: string, dir: string, size: number, night: 'first' | 'following' = 'first'): T => {
    const out = execFileSync(process.execPath, [...heapFlags, fileURLToPath(new URL(file, import.meta.url)), dir, String(size), String(opts.threads), night], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
    return JSON.parse(out.trim().split('\n').pop()!) as T;
  };
  if (opts.only !== 'dedupe') await pipelineCases(opts, runCase);
  if (opts.only === 'pipeline') return;

  const dedupes = await eachSize(opts, 'dedupe alone', (dir, size) => runCase<DedupeCaseResult>('./dedupe-case.js', dir, size));
  process.stdout.write(
    `\nDedupe alone: the child export without an ID list (${opts.threads} threads; the stage builds its feature table)\n` +
      table([
        ['children', 'records', 'cand. pairs', 'comp./s', 'dedupe', 'RSS before', 'peak RSS'],
        ...dedupes.map((d) => [fmt(d.children), fmt(d.records), fmt(d.candidatePairs), fmt(d.comparisonsPerSecond), (d.dedupeMs / 1000).toFixed(1) + 's', (d.rssBeforeMb / 1024).toFixed(2) + 'G', (d.peakRssMb / 1024).toFixed(2) + 'G']),
      ]) +
      '\n',
  );
  for (let k = 1; k < dedupes.length; k++) {
    const [a, b] = [dedupes[k - 1], dedupes[k]];
    process.stdout.write(`  growth ${fmt(a.children)} → ${fmt(b.children)}: candidate pairs ×${(b.candidatePairs / a.candidatePairs).toFixed(1)}, dedupe time ×${(b.dedupeMs / a.dedupeMs).toFixed(1)}, peak memory ×${(b.peakRssMb / a.peakRssMb).toFixed(1)}\n`);
  }
}

/** Runs one case per size, each on its generated sample (made when missing). */
async function eachSize<T>(opts: Options, what: string, run: (dir: string, size: number) => T): Promise<T[]> {
  const results: T[] = [];
  for (const size of opts.sizes) {
    const dir = join(opts.data, String(size));
    await ensureSample(dir, size);
    process.stderr.write(`running ${what} on ${size} children …\n`);
    results.push(run(dir, size));
  }
  return results;
}

async function pipelineCases(opts: Options, runCase: <T>(file: string, dir: string, size: number, night?: 'first' | 'following') => T): Promise<void> {
  const results = await eachSize(opts, 'the pipeline', (dir, size) => {
    if (opts.nights === 1) return runCase<CaseResult>('./case.js', dir, size);
    runCase<CaseResult>('./case.js', dir, size, 'first');
    process.stderr.write('  … and the night after, on the state the first night left\n');
    return runCase<CaseResult>('./case.js', dir, size, 'following');
  });
  const STAGES = ['ingest', 'normalize', 'dedupe', 'reconcile', 'emit'];
  // 'between' is the run's own work outside the stages: receipts, discrepancy lists, the run store.
  const head = ['children', 'records', 'ID list', 'cand. pairs', 'comp./s', ...STAGES, 'between', 'total', 'peak RSS', 'dedupe P', 'dedupe R', 'dedupe F1', 'link P', 'link R', 'R+review', 'review', 'wrong'];
  const rows = results.map((r) => [
    fmt(r.children),
    fmt(r.records),
    fmt(r.idListRows),
    fmt(r.dedupe.candidatePairs),
    fmt(r.dedupe.comparisonsPerSecond),
    ...STAGES.map((s) => ((r.stageMs[s] ?? 0) / 1000).toFixed(1) + 's'),
    ((r.totalMs - STAGES.reduce((n, s) => n + (r.stageMs[s] ?? 0), 0)) / 1000).toFixed(1) + 's',
    (r.totalMs / 1000).toFixed(1) + 's',
    (r.peakRssMb / 1024).toFixed(2) + 'G',
    pct(r.dedupe.precision),
    pct(r.dedupe.recall),
    pct(r.dedupe.f1),
    pct(r.reconcile.precision),
    pct(r.reconcile.recall),
    pct(r.reconcile.recallWithReview),
    pct(r.reconcile.reviewShare),
    String(r.reconcile.wrong),
  ]);
  const night = opts.nights === 2 ? "; a following night: last night's run in the state folder" : '; a first night: empty state folder';
  process.stdout.write(`\nPipeline, ingest → emit (${opts.threads} threads${night})\n` + table([head, ...rows]) + '\n');
  for (const r of results) {
    const ms = Object.entries(r.dedupe.ms).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`).join(', ');
    process.stdout.write(`  ${fmt(r.children)}: dedupe inside: ${ms}; entities with two different listed IDs: ${r.dedupe.entitiesWithTwoListedIds}\n`);
  }
  for (let k = 1; k < results.length; k++) {
    const [a, b] = [results[k - 1], results[k]];
    const ratio = b.children / a.children;
    process.stdout.write(
      `  growth ${fmt(a.children)} → ${fmt(b.children)} (×${ratio.toFixed(0)} children): candidate pairs ×${(b.dedupe.candidatePairs / a.dedupe.candidatePairs).toFixed(1)}, ` +
        `dedupe time ×${((b.stageMs.dedupe ?? 0) / (a.stageMs.dedupe ?? 1)).toFixed(1)}, total time ×${(b.totalMs / a.totalMs).toFixed(1)}, peak memory ×${(b.peakRssMb / a.peakRssMb).toFixed(1)}\n`,
    );
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
