// The reconcile stage: links each child entity to at most one person of the police ID lists, and each
// ID to at most one entity.
//  A. IDs written in the records: the list owner is compared with the record by the linkage model;
//     agreeing → assigned; clearly another child (or exactly another listed person, e.g. a twin) →
//     "ID belongs to another child"; in between → review.
//  B. The other entities are matched probabilistically against the unclaimed persons, and assigned one
//     to one, globally by weight: a link is automatic only above the threshold, when the child's own
//     name and birth date agree well enough, and when no alternative comes within the margin; the
//     rest goes to review or stays unmatched.
//  C. Inside an assigned entity, a record whose name is a different valid name from the ID owner's
//     (Hương vs Hường) keeps the ID only as a proposal: it may be a twin merged by mistake.
// The ID list is the authority for identity fields: every difference on an assigned link is listed.
import type { ChildRecord, DiscrepancyDraft, IdPerson, LinkStatus } from '../pipeline/types.js';
import type { Entity } from '../dedupe/entities.js';
import type { LinkageSettings, TrainedModel } from '../../schemas/linkage.js';
import { linkFeatureTables } from '../pipeline/features.js';
import type { FeatureTable, StringColumn } from '../linkage/table.js';
import { compileAll, probabilityOfWeight, runLinkage, scorePair, scoringContext, weightOfProbability, type LinkResult } from '../linkage/engine.js';
import { compileGates } from '../linkage/gates.js';
import { compareNames } from './agreement.js';
import { formatDateVi } from '../vietnamese/dates.js';
import { stripDiacritics } from '../vietnamese/text.js';
import { isVietnameseSyllable } from '../vietnamese/encoding.js';
import { SEX_VI } from '../report/vi.js';

export type LinkMethod = 'citizen-id' | 'probabilistic' | 'decision' | 'none';

export interface EntityLink {
  status: LinkStatus;
  /** Assigned ID, or the proposed one for review; '' when none. */
  citizenId: string;
  personIdx: number;
  method: LinkMethod;
  /** Match probability of the link (1 for confirmed written IDs). */
  probability: number;
}

/** What each record gets: its entity's link, except records held back for review. */
export interface RecordLink {
  status: LinkStatus;
  /** The assigned ID ('' unless status is 'assigned'). */
  citizenId: string;
  /** The ID proposed for review ('' when none). */
  proposedId: string;
  method: LinkMethod;
  personIdx: number;
}

export interface ReconcileStats {
  entities: number;
  assigned: number;
  review: number;
  unmatched: number;
  conflict: number;
  byMethod: Record<string, number>;
  recordsHeldForReview: number;
  candidatePairs: number;
  listPersonsUnlinked: number;
}

export interface ReconcileResult {
  /** Milliseconds per step (not in summary.json: they vary between runs). */
  timings?: Record<string, number>;
  links: EntityLink[];
  recordLinks: RecordLink[];
  discrepancies: DiscrepancyDraft[];
  model: TrainedModel | null;
  link: LinkResult | null;
  stats: ReconcileStats;
}

export interface ReconcileDecisions {
  /** Links a person confirmed: record id → citizen ID. */
  confirmed: ReadonlyMap<string, string>;
  /** Links a person rejected: `${recordId}|${citizenId}` never proposed again. */
  rejected: ReadonlySet<string>;
}

export interface ReconcileInput {
  records: readonly ChildRecord[];
  entities: readonly Entity[];
  persons: readonly IdPerson[];
  settings: LinkageSettings;
  threads: number;
  pinnedModel?: TrainedModel;
  /** Record → the listed person it exactly is (same name with marks, birth date, sex), or -1. */
  knownIdentity: Int32Array;
  decisions?: ReconcileDecisions;
  /** Feature tables of the records and the persons, sharing dictionaries; built here when absent. */
  tables?: { left: FeatureTable; right: FeatureTable };
}

type Verdict = 'confirmed' | 'review' | 'other-child';

const NONE: EntityLink = { status: 'unmatched', citizenId: '', personIdx: -1, method: 'none', probability: 0 };

export async function reconcile(input: ReconcileInput): Promise<ReconcileResult> {
  const { records, entities, persons, settings, knownIdentity } = input;
  const links: EntityLink[] = entities.map(() => ({ ...NONE }));
  const discrepancies: DiscrepancyDraft[] = [];
  const personTaken = new Int32Array(persons.length).fill(-1);
  const entityOf = new Int32Array(records.length);
  for (const e of entities) for (const m of e.members) entityOf[m] = e.index;

  if (persons.length === 0) {
    for (const e of entities) discrepancies.push(noMatch(records, e));
    return finish(input, links, discrepancies, null, personTaken, new Set());
  }

  const { left, right } = input.tables ?? linkFeatureTables(records, persons);
  const laps: Record<string, number> = {};
  let lap = performance.now();
  const mark = (name: string): void => {
    const t = performance.now();
    laps[name] = Math.round(t - lap);
    lap = t;
  };
  const link = await runLinkage({ mode: 'link', left, right, settings, labelFeature: 'citizen_id', pinnedModel: input.pinnedModel, threads: input.threads });
  const ctx = scoringContext(settings.comparisons, link.model, left, right, 'link');
  const compiled = compileAll(settings.comparisons, left, right);
  const C = compiled.length;
  const passes = compileGates(settings);
  const scratch = new Int8Array(C);
  const check = (i: number, j: number): { weight: number; gate: boolean } => {
    for (let c = 0; c < C; c++) scratch[c] = compiled[c](i, j);
    return { weight: scorePair(ctx, scratch, 0, i), gate: passes(scratch, 0) };
  };
  const rejected = input.decisions?.rejected ?? new Set<string>();
  const isRejected = (recordIdx: number, personIdx: number): boolean => rejected.size > 0 && rejected.has(`${records[recordIdx].recordId}|${persons[personIdx].citizenId}`);

  // The list person of each citizen ID, found by the ID's number in the feature tables' shared
  // dictionary (both tables intern every well-formed ID): arrays, not a Map of a million strings.
  const listIds = right.columns.citizen_id as StringColumn;
  const writtenIds = left.columns.citizen_id as StringColumn;
  const idText = listIds.dict.values;
  const personOfId = new Int32Array(idText.length).fill(-1);
  for (let j = 0; j < persons.length; j++) if (listIds.ids[j] >= 0) personOfId[listIds.ids[j]] = j;
  const personOf = (idNumber: number): IdPerson | undefined => (idNumber >= 0 && personOfId[idNumber] >= 0 ? persons[personOfId[idNumber]] : undefined);

  // Decisions first: a link a person confirmed is assigned as long as both sides still exist.
  const recordByKey = input.decisions?.confirmed.size ? new Map(records.map((r) => [r.recordId, r])) : new Map<string, ChildRecord>();
  for (const [recordId, citizenId] of input.decisions?.confirmed ?? []) {
    const r = recordByKey.get(recordId);
    const p = personOf(listIds.dict.find(citizenId));
    if (!r || !p) continue;
    const e = entityOf[r.idx];
    if (links[e].status !== 'unmatched' || personTaken[p.idx] >= 0) continue;
    links[e] = { status: 'assigned', citizenId, personIdx: p.idx, method: 'decision', probability: 1 };
    personTaken[p.idx] = e;
  }

  mark('linkage');
  // A. IDs written in the records.
  interface Claim {
    entity: number;
    person: number;
    verdict: Verdict;
    holders: ChildRecord[];
  }
  // Claims by list person, in an array indexed by person (persons are then visited in index order).
  const claimsByPerson: Array<Claim[] | undefined> = new Array<Claim[] | undefined>(persons.length);
  for (const e of entities) {
    if (links[e.index].status !== 'unmatched') continue;
    // The records' well-formed IDs, read from the feature table (no record object touched). Most
    // children carry none: no set, no sort for them (a million entities per run).
    let ids: Set<number> | null = null;
    for (const m of e.members) if (writtenIds.ids[m] >= 0) (ids ??= new Set()).add(writtenIds.ids[m]);
    if (ids === null) continue;
    for (const idNumber of [...ids].sort((a, b) => (idText[a] < idText[b] ? -1 : idText[a] > idText[b] ? 1 : 0))) {
      const id = idText[idNumber];
      const holders = e.members.filter((m) => writtenIds.ids[m] === idNumber).map((m) => records[m]);
      const p = personOf(idNumber);
      if (!p) {
        discrepancies.push(
          draft('id-not-in-list', 'warning', holders, e, {
            citizenId: id,
            field: 'citizen_id',
            childValue: id,
            explanation: 'Số định danh ghi trong hồ sơ không có trong danh sách công an cung cấp; cần kiểm tra lại số.',
          }),
        );
        continue;
      }
      let verdict: Verdict = 'other-child';
      for (const h of holders) {
        if (isRejected(h.idx, p.idx)) continue;
        const known = knownIdentity[h.idx];
        if (known >= 0 && known !== p.idx) continue; // exactly another listed child: a sibling's or twin's ID
        const c = check(h.idx, p.idx);
        const v: Verdict = c.gate ? 'confirmed' : c.weight - ctx.prior >= 0 ? 'review' : 'other-child';
        if (v === 'confirmed' || (v === 'review' && verdict === 'other-child')) verdict = v;
      }
      const claim: Claim = { entity: e.index, person: p.idx, verdict, holders };
      const list = claimsByPerson[p.idx];
      if (list) list.push(claim);
      else claimsByPerson[p.idx] = [claim];
    }
  }
  const confirmedPerEntity = new Int32Array(entities.length);
  for (const claims of claimsByPerson) if (claims) for (const c of claims) if (c.verdict === 'confirmed') confirmedPerEntity[c.entity]++;

  const proposed = new Set<number>();
  for (let personIdx = 0; personIdx < claimsByPerson.length; personIdx++) {
    const claims = claimsByPerson[personIdx];
    if (claims === undefined) continue;
    const p = persons[personIdx];
    for (const c of claims.filter((c) => c.verdict === 'other-child')) {
      const e = entities[c.entity];
      if (links[c.entity].status === 'unmatched') links[c.entity] = { ...NONE, status: 'conflict' };
      discrepancies.push(
        draft('id-belongs-to-other-child', 'error', c.holders, e, {
          citizenId: p.citizenId,
          field: 'citizen_id',
          childValue: describeRecord(c.holders[0]),
          idListValue: describePerson(p),
          explanation: 'Số định danh ghi trong hồ sơ là của một người khác trong danh sách công an (khác họ tên, ngày sinh hoặc giới tính); không gán số này cho trẻ.',
        }),
      );
    }
    const contenders = claims.filter((c) => c.verdict !== 'other-child');
    if (personTaken[personIdx] >= 0) continue;
    if (contenders.length === 1 && contenders[0].verdict === 'confirmed' && confirmedPerEntity[contenders[0].entity] === 1) {
      const c = contenders[0];
      links[c.entity] = { status: 'assigned', citizenId: p.citizenId, personIdx, method: 'citizen-id', probability: 1 };
      personTaken[personIdx] = c.entity;
    } else if (contenders.length > 1) {
      for (const c of contenders) links[c.entity] = { status: 'conflict', citizenId: p.citizenId, personIdx, method: 'citizen-id', probability: 0 };
      proposed.add(personIdx);
      discrepancies.push(
        draft('same-id-several-children', 'error', contenders.flatMap((c) => c.holders), entities[contenders[0].entity], {
          citizenId: p.citizenId,
          field: 'citizen_id',
          idListValue: describePerson(p),
          explanation: `Cùng một số định danh được ghi cho ${contenders.length} trẻ khác nhau trong hệ thống; chỉ một trẻ là chủ của số này.`,
        }),
      );
    } else if (contenders.length === 1) {
      const c = contenders[0];
      links[c.entity] = { status: 'review', citizenId: p.citizenId, personIdx, method: 'citizen-id', probability: 0.5 };
      proposed.add(personIdx);
      discrepancies.push(
        draft('ambiguous-match', 'warning', c.holders, entities[c.entity], {
          citizenId: p.citizenId,
          field: 'citizen_id',
          childValue: describeRecord(c.holders[0]),
          idListValue: describePerson(p),
          explanation: 'Số định danh ghi trong hồ sơ có trong danh sách nhưng thông tin chỉ khớp một phần; cần xác minh trước khi gán.',
        }),
      );
    }
  }

  mark('writtenIds');
  // B. Probabilistic one-to-one assignment for the rest.
  const open = (e: number): boolean => links[e].status === 'unmatched' || (links[e].status === 'conflict' && links[e].personIdx < 0);
  const P = persons.length;
  // Pairs weaker than this can neither be proposed nor spoil another link's margin.
  const wFloor = Math.min(weightOfProbability(settings.reviewThreshold), weightOfProbability(settings.threshold) - settings.ambiguityMargin);
  const cands = bestEntityPersonPairs(link, entityOf, entities.length, wFloor, (i, j) => open(entityOf[i]) && personTaken[j] < 0 && !isRejected(i, j), (k) => passes(link.levels, k * C));
  // Each entity's and each person's candidates, strongest first, to find the best alternative of a link.
  const byEntity = groupBy(cands.count, (c) => cands.e[c], entities.length, cands.w);
  const byPerson = groupBy(cands.count, (c) => cands.j[c], P, cands.w);
  const order = Int32Array.from({ length: cands.count }, (_, c) => c).sort((x, y) => cands.w[y] - cands.w[x] || cands.e[x] - cands.e[y] || cands.j[x] - cands.j[y]);
  const decided = new Uint8Array(entities.length);
  const contested = new Uint8Array(P);
  const reviewMin = settings.reviewThreshold;
  for (const k of order) {
    const c = { e: cands.e[k], j: cands.j[k], w: cands.w[k], gate: cands.gate[k] === 1 };
    if (decided[c.e] || personTaken[c.j] >= 0) continue;
    const prob = probabilityOfWeight(c.w);
    if (prob < reviewMin) break;
    if (contested[c.j] || proposed.has(c.j)) {
      proposeForReview(c.e, c.j, prob, 'Người trong danh sách công an này cũng phù hợp với một trẻ khác; cần xác minh.');
      continue;
    }
    const altPerson = firstOf(byEntity, c.e, (o) => cands.j[o] !== c.j && personTaken[cands.j[o]] < 0);
    const altEntity = firstOf(byPerson, c.j, (o) => cands.e[o] !== c.e && links[cands.e[o]].status !== 'assigned');
    const alternative = Math.max(altPerson < 0 ? -Infinity : cands.w[altPerson], altEntity < 0 ? -Infinity : cands.w[altEntity]);
    const margin = c.w - alternative;
    if (prob >= settings.threshold && c.gate && margin >= settings.ambiguityMargin) {
      links[c.e] = { status: 'assigned', citizenId: persons[c.j].citizenId, personIdx: c.j, method: 'probabilistic', probability: prob };
      personTaken[c.j] = c.e;
      decided[c.e] = 1;
      continue;
    }
    const otherChild = altEntity >= 0 && (altPerson < 0 || cands.w[altEntity] >= cands.w[altPerson]);
    const why =
      margin < settings.ambiguityMargin
        ? `Có ${otherChild ? 'trẻ khác' : 'người khác trong danh sách'} phù hợp gần như ngang bằng; cần xác minh.`
        : !c.gate
          ? 'Họ tên hoặc ngày sinh không khớp đủ để tự động gán; cần xác minh.'
          : 'Mức độ khớp chưa đủ để tự động gán; cần xác minh.';
    proposeForReview(c.e, c.j, prob, why);
    contested[c.j] = 1;
  }

  function proposeForReview(e: number, j: number, prob: number, why: string): void {
    const entity = entities[e];
    const p = persons[j];
    links[e] = { status: 'review', citizenId: p.citizenId, personIdx: j, method: 'probabilistic', probability: prob };
    decided[e] = 1;
    proposed.add(j);
    discrepancies.push(
      draft('ambiguous-match', 'warning', entity.members.map((m) => records[m]), entity, {
        citizenId: p.citizenId,
        field: 'citizen_id',
        childValue: describeRecord(records[entity.members[0]]),
        idListValue: describePerson(p),
        explanation: `Đề xuất số định danh (xác suất khớp ${(prob * 100).toFixed(1)}%). ${why}`,
      }),
    );
  }

  for (const e of entities) {
    if (links[e.index].status === 'unmatched') discrepancies.push(noMatch(records, e));
  }

  mark('assignment');
  // C. Records held back inside assigned entities: each record must itself match the ID owner, or be
  // the one that carries the ID. Otherwise the entity may join two children (twins, namesakes).
  const held = new Set<number>();
  for (const e of entities) {
    const l = links[e.index];
    if (l.status !== 'assigned' || e.members.length < 2 || l.method === 'decision') continue;
    const p = persons[l.personIdx];
    for (const m of e.members) {
      const r = records[m];
      if (r.idCheck?.digits === p.citizenId) continue;
      const c = check(m, p.idx);
      const namedOtherwise = differentValidName(r, p);
      if (!namedOtherwise && c.gate && probabilityOfWeight(c.weight) >= settings.threshold) continue;
      held.add(m);
      discrepancies.push(
        draft('ambiguous-match', 'warning', [r], e, {
          citizenId: p.citizenId,
          field: namedOtherwise ? 'full_name' : '',
          childValue: describeRecord(r),
          idListValue: describePerson(p),
          explanation: namedOtherwise
            ? 'Hồ sơ này được xếp cùng nhóm với hồ sơ của chủ số định danh nhưng tên khác (có thể là trẻ sinh đôi hoặc tên viết khác); cần xác minh trước khi gán.'
            : 'Hồ sơ này được xếp cùng nhóm trùng lặp nhưng chính nó không khớp đủ với chủ số định danh; cần xác minh trước khi gán.',
        }),
      );
    }
  }

  mark('heldRecords');
  const result = finish(input, links, discrepancies, link, personTaken, held, proposed);
  mark('finish');
  result.timings = { ...laps, linkBlocking: Math.round(link.timings.blockingMs), linkComparing: Math.round(link.timings.comparingMs), linkTraining: Math.round(link.timings.trainingMs) };
  return result;
}

interface Candidates {
  count: number;
  e: Int32Array;
  j: Int32Array;
  w: Float64Array;
  gate: Uint8Array;
}

/**
 * The best pair weight of each (entity, person) among the candidate pairs at or above `floor`:
 * pairs grouped by entity with a counting sort, then de-duplicated per person inside each small group.
 */
function bestEntityPersonPairs(link: LinkResult, entityOf: Int32Array, entityCount: number, floor: number, eligible: (i: number, j: number) => boolean, gateOf: (k: number) => boolean): Candidates {
  const keep: number[] = [];
  for (let k = 0; k < link.pairs.count; k++) {
    if (link.weights[k] >= floor && eligible(link.pairs.left[k], link.pairs.right[k])) keep.push(k);
  }
  const start = new Int32Array(entityCount + 1);
  for (const k of keep) start[entityOf[link.pairs.left[k]] + 1]++;
  for (let e = 0; e < entityCount; e++) start[e + 1] += start[e];
  const fill = start.slice(0, entityCount);
  const byEntity = new Int32Array(keep.length);
  for (const k of keep) byEntity[fill[entityOf[link.pairs.left[k]]]++] = k;
  const out: Candidates = { count: 0, e: new Int32Array(keep.length), j: new Int32Array(keep.length), w: new Float64Array(keep.length), gate: new Uint8Array(keep.length) };
  for (let e = 0; e < entityCount; e++) {
    const first = out.count;
    for (let x = start[e]; x < start[e + 1]; x++) {
      const k = byEntity[x];
      const j = link.pairs.right[k];
      const w = link.weights[k];
      let c = first;
      while (c < out.count && out.j[c] !== j) c++;
      if (c === out.count) {
        out.e[c] = e;
        out.j[c] = j;
        out.w[c] = w;
        out.gate[c] = gateOf(k) ? 1 : 0;
        out.count++;
      } else if (w > out.w[c]) {
        out.w[c] = w;
        out.gate[c] = gateOf(k) ? 1 : 0;
      }
    }
  }
  return out;
}

/** Candidate indexes grouped by a key (0 … size-1), each group strongest first. */
function groupBy(count: number, keyOf: (c: number) => number, size: number, w: Float64Array): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(size + 1);
  for (let c = 0; c < count; c++) start[keyOf(c) + 1]++;
  for (let k = 0; k < size; k++) start[k + 1] += start[k];
  const fill = start.slice(0, size);
  const items = new Int32Array(count);
  for (let c = 0; c < count; c++) items[fill[keyOf(c)]++] = c;
  for (let k = 0; k < size; k++) {
    if (start[k + 1] - start[k] > 1) items.subarray(start[k], start[k + 1]).sort((x, y) => w[y] - w[x] || x - y);
  }
  return { start, items };
}

/** The first (strongest) candidate of a group that passes `test`, or -1. */
function firstOf(groups: { start: Int32Array; items: Int32Array }, key: number, test: (c: number) => boolean): number {
  for (let x = groups.start[key]; x < groups.start[key + 1]; x++) if (test(groups.items[x])) return groups.items[x];
  return -1;
}

/** Both names are written with marks, both given names are real Vietnamese syllables, and they differ. */
function differentValidName(r: ChildRecord, p: IdPerson): boolean {
  const a = r.name.canonical;
  const b = p.name.canonical;
  if (a.toLowerCase() === b.toLowerCase()) return false;
  if (stripDiacritics(a) === a) return false; // written without marks: nothing to compare
  const ga = r.name.given.toLowerCase();
  const gb = p.name.given.toLowerCase();
  return ga !== gb && isVietnameseSyllable(ga) && isVietnameseSyllable(gb);
}

function finish(
  input: ReconcileInput,
  links: EntityLink[],
  discrepancies: DiscrepancyDraft[],
  link: LinkResult | null,
  personTaken: Int32Array,
  held: Set<number>,
  proposed: Set<number> = new Set(),
): ReconcileResult {
  const { records, entities, persons } = input;
  for (const e of entities) {
    const l = links[e.index];
    if (l.status !== 'assigned') continue;
    for (const m of e.members) if (!held.has(m)) fieldMismatches(records[m], persons[l.personIdx], e, discrepancies);
  }
  let unlinked = 0;
  for (const p of persons) {
    if (personTaken[p.idx] >= 0 || proposed.has(p.idx)) continue;
    unlinked++;
    discrepancies.push({
      kind: 'missing-from-child-db',
      severity: 'warning',
      recordIds: [],
      entityId: '',
      citizenId: p.citizenId,
      field: '',
      childValue: '',
      idListValue: describePerson(p),
      communeCode: p.place.newCommune?.code ?? '',
      communeName: p.place.newCommune?.name ?? '',
      explanation: `Trẻ có trong danh sách công an (số định danh ${p.citizenId}) nhưng không tìm thấy hồ sơ trong hệ thống thông tin trẻ em; cần rà soát, bổ sung.`,
    });
  }
  // Every record is in exactly one entity: each link is made once, below.
  const recordLinks: RecordLink[] = new Array<RecordLink>(records.length);
  for (const e of entities) {
    const l = links[e.index];
    for (const m of e.members) {
      if (l.status === 'assigned' && held.has(m)) recordLinks[m] = { status: 'review', citizenId: '', proposedId: l.citizenId, method: l.method, personIdx: l.personIdx };
      else recordLinks[m] = { status: l.status, citizenId: l.status === 'assigned' ? l.citizenId : '', proposedId: l.status === 'assigned' ? '' : l.citizenId, method: l.method, personIdx: l.personIdx };
    }
  }
  for (let i = 0; i < records.length; i++) {
    recordLinks[i] ??= { status: 'unmatched', citizenId: '', proposedId: '', method: 'none', personIdx: -1 };
  }
  const stats: ReconcileStats = {
    entities: entities.length,
    assigned: 0,
    review: 0,
    unmatched: 0,
    conflict: 0,
    byMethod: {},
    recordsHeldForReview: held.size,
    candidatePairs: link?.pairs.count ?? 0,
    listPersonsUnlinked: unlinked,
  };
  for (const l of links) {
    stats[l.status]++;
    if (l.status === 'assigned') stats.byMethod[l.method] = (stats.byMethod[l.method] ?? 0) + 1;
  }
  return { links, recordLinks, discrepancies, model: link?.model ?? null, link, stats };
}

function noMatch(records: readonly ChildRecord[], e: Entity): DiscrepancyDraft {
  return draft('no-match', 'warning', e.members.map((m) => records[m]), e, {
    childValue: describeRecord(records[e.members[0]]),
    explanation: 'Không tìm thấy trẻ trong danh sách công an cung cấp; cần kiểm tra tại hộ gia đình hoặc đề nghị công an xã cung cấp số định danh.',
  });
}

export function describeRecord(r: ChildRecord): string {
  return [r.name.canonical, r.birth ? formatDateVi(r.birth) : '', SEX_VI[r.sex]].filter(Boolean).join(', ');
}

export function describePerson(p: IdPerson): string {
  return [p.name.canonical, p.birth ? formatDateVi(p.birth) : '', SEX_VI[p.sex]].filter(Boolean).join(', ');
}

export function draft(
  kind: DiscrepancyDraft['kind'],
  severity: DiscrepancyDraft['severity'],
  records: readonly ChildRecord[],
  entity: Entity | null,
  rest: Partial<Pick<DiscrepancyDraft, 'citizenId' | 'field' | 'childValue' | 'idListValue'>> & { explanation: string },
): DiscrepancyDraft {
  const first = records[0];
  return {
    kind,
    severity,
    recordIds: records.map((r) => r.recordId),
    entityId: entity?.id ?? '',
    citizenId: rest.citizenId ?? '',
    field: rest.field ?? '',
    childValue: rest.childValue ?? '',
    idListValue: rest.idListValue ?? '',
    communeCode: first?.place.newCommune?.code ?? '',
    communeName: first?.place.newCommune?.name ?? '',
    explanation: rest.explanation,
  };
}

/** Appends to `out` one discrepancy per identity field where the record and its ID owner disagree. */
function fieldMismatches(r: ChildRecord, p: IdPerson, e: Entity, out: DiscrepancyDraft[]): void {
  const add = (field: string, childValue: string, listValue: string, explanation: string): void => {
    out.push(draft('field-mismatch', 'warning', [r], e, { citizenId: p.citizenId, field, childValue, idListValue: listValue, explanation }));
  };
  if (r.name.canonical !== p.name.canonical) add('full_name', r.name.canonical, p.name.canonical, 'Họ tên trong hệ thống khác với Cơ sở dữ liệu quốc gia về dân cư; sửa theo danh sách công an.');
  if (p.birth && (!r.birth || r.birth.iso !== p.birth.iso)) {
    add('birth_date', r.birth ? formatDateVi(r.birth) : (r.raw.birth_date ?? ''), formatDateVi(p.birth), 'Ngày sinh trong hệ thống khác với Cơ sở dữ liệu quốc gia về dân cư.');
  }
  if (p.sex !== 'U' && r.sex !== p.sex) add('sex', SEX_VI[r.sex], SEX_VI[p.sex], 'Giới tính trong hệ thống khác với Cơ sở dữ liệu quốc gia về dân cư.');
  if (p.ethnicity && r.ethnicity && p.ethnicity.code !== r.ethnicity.code) {
    add('ethnicity', r.ethnicity.name, p.ethnicity.name, 'Dân tộc trong hệ thống khác với Cơ sở dữ liệu quốc gia về dân cư.');
  }
  if (p.ethnicity && !r.ethnicity) add('ethnicity', r.raw.ethnicity ?? '', p.ethnicity.name, 'Thiếu hoặc sai thông tin dân tộc.');
  if (p.motherKeys && r.motherKeys && compareNames(r.motherKeys, p.motherKeys) === 'disagree') {
    add('mother_name', r.mother!.canonical, p.mother!.canonical, 'Họ tên mẹ khác với Cơ sở dữ liệu quốc gia về dân cư.');
  }
  if (p.fatherKeys && r.fatherKeys && compareNames(r.fatherKeys, p.fatherKeys) === 'disagree') {
    add('father_name', r.father!.canonical, p.father!.canonical, 'Họ tên cha khác với Cơ sở dữ liệu quốc gia về dân cư.');
  }
}
