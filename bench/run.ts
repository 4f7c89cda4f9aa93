// `npm run bench`: speed and quality figures of childlink on generated Sơn La data.
//   names and dates normalised per second (one core);
//   the whole pipeline (ingest → emit) at each size, each in its own process: records, candidate
//   pairs, comparisons per second, wall time per stage, peak memory, dedupe precision / recall / F1,
//   linking precision, recall (automatic and with review) and review share.
// Options: --sizes 100000,1000000  --scale (adds 3,500,000)  --threads 2  --only names|pipeline
//          --data DIR (generated samples are kept there; default /tmp/childlink-bench)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { generateSample } from '../samples/generator/index.js';
import { benchNames } from './names.js';
import { parseDate } from '../src/vietnamese/dates.js';
import type { CaseResult } from './case.js';
import { wantedHeap } from '../src/cli/heap.js';

interface Options {
  sizes: number[];
  threads: number;
  only: 'all' | 'names' | 'pipeline';
  data: string;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { sizes: [100_000, 1_000_000], threads: 2, only: 'all', data: '/tmp/childlink-bench' };
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
    else if (a === '--only') opts.only = next() as Options['only'];
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

function column(path: string, header: string, limit: number): string[] {
  const text = readFileSync(path, 'utf8').replace(/^\ufeff/, '');
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, preview: limit }).data;
  return rows.map((r) => r[header] ?? '').filter(Boolean);
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

  if (opts.only !== 'pipeline') {
    const names = [...column(join(small, 'children.csv'), 'Họ và tên', 200_000), ...column(join(small, 'children.csv'), 'Họ tên mẹ', 200_000)];
    const n = benchNames(names);
    const dates = column(join(small, 'children.csv'), 'Ngày sinh', 200_000);
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
          ['birth dates', fmt(dates.length), fmt((dates.length * 1000) / best)],
        ]) +
        '\n',
    );
  }
  if (opts.only === 'names') return;

  const caseFile = fileURLToPath(new URL('./case.js', import.meta.url));
  const results: CaseResult[] = [];
  for (const size of opts.sizes) {
    const dir = join(opts.data, String(size));
    await ensureSample(dir, size);
    process.stderr.write(`running the pipeline on ${size} children …\n`);
    // The heap the childlink command would give the run on this machine.
    const heap = wantedHeap(process.env, totalmem());
    const heapFlags = 'mb' in heap && heap.mb > 0 ? [`--max-old-space-size=${heap.mb}`] : [];
    const out = execFileSync(process.execPath, [...heapFlags, caseFile, dir, String(size), String(opts.threads)], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
    results.push(JSON.parse(out.trim().split('\n').pop()!) as CaseResult);
  }
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
  process.stdout.write(`\nPipeline, ingest → emit (${opts.threads} threads)\n` + table([head, ...rows]) + '\n');
  for (const r of results) {
    const ms = Object.entries(r.dedupe.ms).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`).join(', ');
    process.stdout.write(`  ${fmt(r.children)}: dedupe inside: ${ms}\n`);
  }
  if (results.length > 1) {
    const [a, b] = [results[0], results[results.length - 1]];
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
