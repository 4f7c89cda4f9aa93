// One benchmark case, run in its own process so its peak memory is its own: the whole pipeline on a
// generated sample (ingest → emit), then the evaluation against the sample's ground truth. Night
// 'first' starts from an empty state folder; 'following' keeps the state the case before it left
// (last night's snapshot to read and compare, as every night but the first has).
// Prints one JSON line on standard output. No personal data is printed.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPipeline } from '../src/pipeline/run.js';
import { silentLogger } from '../src/pipeline/log.js';
import { evaluateRun } from '../src/report/evaluate.js';

export interface CaseResult {
  children: number;
  records: number;
  idListRows: number;
  stageMs: Record<string, number>;
  totalMs: number;
  peakRssMb: number;
  dedupe: { candidatePairs: number; comparisonsPerSecond: number; ms: Record<string, number>; precision: number; recall: number; f1: number; entitiesWithTwoListedIds: number; blocking: unknown };
  reconcile: { candidatePairs: number; precision: number; recall: number; recallWithReview: number; reviewShare: number; wrong: number; assigned: number };
}

async function main(): Promise<void> {
  const [dataDir, children, threads, night] = process.argv.slice(2);
  const work = join(dataDir, 'bench-run');
  if (night !== 'following') rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const config = join(work, 'pipeline.json');
  writeFileSync(
    config,
    JSON.stringify({
      name: `bench-${children}`,
      referenceDate: '2026-06-30',
      threads: Number(threads ?? 2),
      inputs: { children: { path: join(dataDir, 'children.csv') }, idLists: [{ path: join(dataDir, 'idlist.tsv') }] },
      output: { dir: join(work, 'out') },
      state: { dir: join(work, 'state') },
      // As a real night: the commune workbooks are part of emit.
      worklists: { enabled: true },
    }),
  );
  const t0 = performance.now();
  const outcome = await runPipeline(config, { logger: silentLogger() });
  const totalMs = performance.now() - t0;
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const e = evaluateRun(dataDir, outcome.outputDir);
  const s = outcome.summary;
  const d = s.stages.dedupe as Record<string, unknown>;
  const r = s.stages.reconcile as Record<string, unknown>;
  const result: CaseResult = {
    children: Number(children),
    records: s.inputs[0].rows,
    idListRows: s.inputs.slice(1).reduce((n, i) => n + i.rows, 0),
    stageMs: outcome.stageMs,
    totalMs: Math.round(totalMs),
    peakRssMb,
    dedupe: {
      candidatePairs: d.candidatePairs as number,
      comparisonsPerSecond: outcome.timings.dedupe?.comparisonsPerSecond ?? 0,
      ms: outcome.timings.dedupe?.ms ?? {},
      precision: e.dedupe.precision,
      recall: e.dedupe.recall,
      f1: e.dedupe.f1,
      entitiesWithTwoListedIds: e.dedupe.entitiesWithTwoListedIds,
      blocking: d.blocking,
    },
    reconcile: {
      candidatePairs: r.candidatePairs as number,
      precision: e.linkage.precision,
      recall: e.linkage.recall,
      recallWithReview: e.linkage.recallWithReview,
      reviewShare: e.linkage.reviewShare,
      wrong: e.linkage.wrong,
      assigned: e.linkage.assigned,
    },
  };
  rmSync(join(work, 'out'), { recursive: true, force: true });
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((err) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
  process.exit(1);
});
