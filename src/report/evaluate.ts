// Scores a run's outputs against the synthetic generator's ground truth.
// Dedupe: pairwise precision / recall / F1 over records (a pair is predicted when both records share an
// entity_id, true when they share a person_id). Linkage: per record, an assigned citizen_id is right when
// it equals the record's true ID; recall counts records whose child is in the ID list.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readColumns } from './read-columns.js';
import { OUTPUT_FILES } from '../../schemas/outputs.js';

export interface PairCounts {
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

export interface Evaluation {
  records: number;
  dedupe: PairCounts & {
    precision: number;
    recall: number;
    f1: number;
    /** Entities whose records carry two different IDs that are both in the ID list: must be 0. */
    entitiesWithTwoListedIds: number;
  };
  linkage: {
    assigned: number;
    correct: number;
    wrong: number;
    /** Records whose child has an ID in the list. */
    linkable: number;
    precision: number;
    recall: number;
    review: number;
    /** Records in review whose proposed ID is right. */
    reviewRight: number;
    /** Records that got their ID automatically or through a right proposal in review. */
    recallWithReview: number;
    reviewShare: number;
    /** Wrong assignments: record id, assigned ID, true ID (blank when the child is not in the list). */
    wrongLinks: Array<{ recordId: string; assigned: string; truth: string }>;
  };
}

function choose2(n: number): number {
  return (n * (n - 1)) / 2;
}

/** Pairwise counts from two labelings of the same items, without enumerating pairs. */
export function pairCounts(predicted: readonly string[], truth: readonly string[]): PairCounts {
  const byPred = new Map<string, number>();
  const byTrue = new Map<string, number>();
  const byBoth = new Map<string, number>();
  for (let i = 0; i < predicted.length; i++) {
    byPred.set(predicted[i], (byPred.get(predicted[i]) ?? 0) + 1);
    byTrue.set(truth[i], (byTrue.get(truth[i]) ?? 0) + 1);
    const k = predicted[i] + '\u0000' + truth[i];
    byBoth.set(k, (byBoth.get(k) ?? 0) + 1);
  }
  let predictedPairs = 0;
  let truePairs = 0;
  let correctPairs = 0;
  for (const n of byPred.values()) predictedPairs += choose2(n);
  for (const n of byTrue.values()) truePairs += choose2(n);
  for (const n of byBoth.values()) correctPairs += choose2(n);
  return { truePairs, predictedPairs, correctPairs };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 1 : a / b;
}

export function evaluateRun(truthDir: string, runDir: string): Evaluation {
  const truthRows = readColumns(join(truthDir, 'truth.csv'), ['record_id', 'person_id', 'true_citizen_id'], 'ground truth (truth.csv) not found');
  const clean = readColumns(join(runDir, OUTPUT_FILES.clean), ['record_id', 'entity_id', 'link_status', 'citizen_id', 'proposed_citizen_id', 'citizen_id_in_record'], 'run output not found');
  const listTruth = join(truthDir, 'idlist_truth.csv');
  const listed = new Set(existsSync(listTruth) ? readColumns(listTruth, ['citizen_id'], 'not found').map((r) => r.citizen_id) : []);
  const listedIdOfEntity = new Map<string, string>();
  const entitiesWithTwo = new Set<string>();
  const truth = new Map<string, { person: string; id: string }>();
  for (const t of truthRows) if (t.record_id) truth.set(t.record_id, { person: t.person_id, id: t.true_citizen_id });

  const predicted: string[] = [];
  const people: string[] = [];
  let assigned = 0;
  let correct = 0;
  let linkable = 0;
  let review = 0;
  let reviewRight = 0;
  const wrongLinks: Evaluation['linkage']['wrongLinks'] = [];
  for (const row of clean) {
    const t = truth.get(row.record_id);
    if (!t) continue;
    predicted.push(row.entity_id);
    const written = row.citizen_id_in_record;
    if (written && listed.has(written)) {
      const seen = listedIdOfEntity.get(row.entity_id);
      if (seen === undefined) listedIdOfEntity.set(row.entity_id, written);
      else if (seen !== written) entitiesWithTwo.add(row.entity_id);
    }
    people.push(t.person);
    if (t.id) linkable++;
    if (row.link_status === 'review') {
      review++;
      if (t.id && row.proposed_citizen_id === t.id) reviewRight++;
    }
    if (row.citizen_id) {
      assigned++;
      if (row.citizen_id === t.id) correct++;
      else wrongLinks.push({ recordId: row.record_id, assigned: row.citizen_id, truth: t.id });
    }
  }
  const pc = pairCounts(predicted, people);
  const precision = ratio(pc.correctPairs, pc.predictedPairs);
  const recall = ratio(pc.correctPairs, pc.truePairs);
  return {
    records: predicted.length,
    dedupe: { ...pc, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall), entitiesWithTwoListedIds: entitiesWithTwo.size },
    linkage: {
      assigned,
      correct,
      wrong: assigned - correct,
      linkable,
      precision: ratio(correct, assigned),
      recall: ratio(correct, linkable),
      review,
      reviewRight,
      recallWithReview: ratio(correct + reviewRight, linkable),
      reviewShare: ratio(review, predicted.length),
      wrongLinks,
    },
  };
}

export function formatEvaluation(e: Evaluation): string {
  const pct = (x: number): string => (x * 100).toFixed(2) + '%';
  const lines = [
    `Evaluation against ground truth (${e.records} records)`,
    `  dedupe   precision ${pct(e.dedupe.precision)}  recall ${pct(e.dedupe.recall)}  F1 ${pct(e.dedupe.f1)}  (${e.dedupe.correctPairs}/${e.dedupe.predictedPairs} predicted pairs right, ${e.dedupe.truePairs} true pairs; ${e.dedupe.entitiesWithTwoListedIds} entities with two different listed IDs)`,
    `  linkage  precision ${pct(e.linkage.precision)}  recall ${pct(e.linkage.recall)}  with review ${pct(e.linkage.recallWithReview)}  review share ${pct(e.linkage.reviewShare)}  (${e.linkage.correct} right, ${e.linkage.wrong} wrong of ${e.linkage.assigned} assigned; ${e.linkage.linkable} records linkable; ${e.linkage.review} in review)`,
  ];
  for (const w of e.linkage.wrongLinks.slice(0, 20)) lines.push(`  wrong link: record ${w.recordId} got ${w.assigned}, truth ${w.truth || '(not in list)'}`);
  if (e.linkage.wrongLinks.length > 20) lines.push(`  … ${e.linkage.wrongLinks.length - 20} more wrong links`);
  return lines.join('\n');
}
