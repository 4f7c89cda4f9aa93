import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateRun, formatEvaluation, pairCounts } from '../../src/report/evaluate.js';

describe('pairCounts', () => {
  it('counts pairs from two labelings without enumerating them', () => {
    // truth: {1,2,3} {4,5}; predicted: {1,2} {3} {4,5}
    const c = pairCounts(['a', 'a', 'b', 'c', 'c'], ['x', 'x', 'x', 'y', 'y']);
    expect(c).toEqual({ truePairs: 4, predictedPairs: 2, correctPairs: 2 });
  });

  it('counts a wrong merge as a predicted pair that is not correct', () => {
    const c = pairCounts(['a', 'a'], ['x', 'y']);
    expect(c).toEqual({ truePairs: 0, predictedPairs: 1, correctPairs: 0 });
  });
});

describe('evaluateRun', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function fixture(withListTruth: boolean): { truth: string; run: string } {
    const truth = mkdtempSync(join(tmpdir(), 'childlink-eval-truth-'));
    const run = mkdtempSync(join(tmpdir(), 'childlink-eval-run-'));
    dirs.push(truth, run);
    writeFileSync(join(truth, 'truth.csv'), 'record_id,person_id,true_citizen_id\nR1,P1,014215313725\nR2,P2,014324839615\nR3,P3,014212565896\nR4,P3,014212565896\nR5,P4,\n');
    if (withListTruth) writeFileSync(join(truth, 'idlist_truth.csv'), 'citizen_id,person_id,in_child_db\n014215313725,P1,1\n014324839615,P2,1\n014212565896,P3,1\n');
    // E1 wrongly holds two listed children (R1, R2 carry their own IDs); E2 holds R3 and R4, whose
    // second record carries a mistyped ID that is not in the list; R5 is alone.
    writeFileSync(
      join(run, 'children.clean.csv'),
      '\ufeffrecord_id,entity_id,citizen_id,link_status,proposed_citizen_id,citizen_id_in_record\r\n' +
        'R1,E1,014215313725,assigned,,014215313725\r\nR2,E1,014215313725,assigned,,014324839615\r\n' +
        'R3,E2,014212565896,assigned,,014212565896\r\nR4,E2,014212565896,assigned,,014212565899\r\nR5,E3,,unmatched,,\r\n',
    );
    return { truth, run };
  }

  it('counts entities whose records carry two different IDs that are both in the list', () => {
    const { truth, run } = fixture(true);
    const e = evaluateRun(truth, run);
    expect(e.dedupe.entitiesWithTwoListedIds).toBe(1);
    expect(e.dedupe).toMatchObject({ truePairs: 1, predictedPairs: 2, correctPairs: 1 });
    expect(e.linkage).toMatchObject({ assigned: 4, correct: 3, wrong: 1, linkable: 4 });
    expect(formatEvaluation(e)).toContain('1 entities with two different listed IDs');
  });

  it('without the list ground truth the count is 0, not an error', () => {
    const { truth, run } = fixture(false);
    expect(evaluateRun(truth, run).dedupe.entitiesWithTwoListedIds).toBe(0);
  });
});
