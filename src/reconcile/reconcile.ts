// The reconcile stage: links child entities to persons in the ID list, one to one.
// First version: exact evidence only.
//  A. an ID written in the child's records is checked against the list owner's name, birth date and
//     sex: confirmed → assigned; clearly someone else → "ID belongs to another child"; unclear → review.
//  B. children without a confirmed ID are linked when normalized name, exact birth date and sex agree
//     with exactly one unclaimed person, and no other child has the same key.
// What is not certain goes to review or becomes a discrepancy; nothing is guessed.
import type { ChildRecord, Discrepancy, IdPerson, LinkStatus } from '../pipeline/types.js';
import type { Entity } from '../dedupe/entities.js';
import { compareBirth, compareNames, compareSex, idDistance, type Agreement } from './agreement.js';
import { formatDateVi } from '../vietnamese/dates.js';
import { SEX_VI } from '../report/vi.js';

export type LinkMethod = 'citizen-id' | 'exact' | 'none';

export interface EntityLink {
  status: LinkStatus;
  /** Assigned ID, or the proposed one for review; '' when none. */
  citizenId: string;
  personIdx: number;
  method: LinkMethod;
}

export interface ReconcileResult {
  links: EntityLink[];
  discrepancies: Discrepancy[];
  stats: { entities: number; assigned: number; review: number; unmatched: number; conflict: number; byMethod: Record<string, number>; listPersonsUnlinked: number };
}

type Verdict = 'confirmed' | 'review' | 'other-child';

interface Claim {
  entity: number;
  person: number;
  verdict: Verdict;
  name: Agreement;
  birth: Agreement;
  sex: Agreement;
}

function verdictOf(name: Agreement, birth: Agreement, sex: Agreement): Verdict {
  if (name === 'disagree' && (birth === 'disagree' || sex === 'disagree')) return 'other-child';
  if (name === 'disagree') return 'review';
  if (birth === 'disagree' && sex === 'disagree') return 'other-child';
  if (birth === 'disagree' || sex === 'disagree' || name === 'unknown') return 'review';
  return 'confirmed';
}

const RANK: Record<Agreement, number> = { agree: 3, partial: 2, unknown: 1, disagree: 0 };

/** The member record that agrees best with the person. */
function bestMemberAgreement(records: readonly ChildRecord[], entity: Entity, p: IdPerson): Omit<Claim, 'entity' | 'person' | 'verdict'> {
  let best = { name: 'disagree' as Agreement, birth: 'disagree' as Agreement, sex: 'disagree' as Agreement };
  let bestScore = -1;
  for (const m of entity.members) {
    const r = records[m];
    const a = { name: compareNames(r.nameKeys, p.nameKeys), birth: compareBirth(r.birth, p.birth), sex: compareSex(r.sex, p.sex) };
    const score = RANK[a.name] * 16 + RANK[a.birth] * 4 + RANK[a.sex];
    if (score > bestScore) {
      best = a;
      bestScore = score;
    }
  }
  return best;
}

export interface ReconcileInput {
  records: readonly ChildRecord[];
  entities: readonly Entity[];
  persons: readonly IdPerson[];
}

export function reconcileExact({ records, entities, persons }: ReconcileInput): ReconcileResult {
  const links: EntityLink[] = entities.map(() => ({ status: 'unmatched', citizenId: '', personIdx: -1, method: 'none' }));
  const discrepancies: Discrepancy[] = [];
  const personById = new Map<string, IdPerson>();
  for (const p of persons) personById.set(p.citizenId, p);
  const personTaken = new Int32Array(persons.length).fill(-1);

  // A. IDs written in the records.
  const claimsByPerson = new Map<number, Claim[]>();
  for (const e of entities) {
    const ids = new Set<string>();
    for (const m of e.members) {
      const c = records[m].idCheck;
      if (c && c.wellFormed) ids.add(c.digits);
    }
    for (const id of [...ids].sort()) {
      const p = personById.get(id);
      const holders = e.members.filter((m) => records[m].idCheck?.digits === id);
      if (!p) {
        discrepancies.push(
          recordDiscrepancy('id-not-in-list', 'warning', holders.map((m) => records[m]), e, {
            citizenId: id,
            field: 'citizen_id',
            childValue: id,
            explanation: 'Số định danh ghi trong hồ sơ không có trong danh sách công an cung cấp; cần kiểm tra lại số.',
          }),
        );
        continue;
      }
      const a = bestMemberAgreement(records, e, p);
      const claim: Claim = { entity: e.index, person: p.idx, verdict: verdictOf(a.name, a.birth, a.sex), ...a };
      const list = claimsByPerson.get(p.idx);
      if (list) list.push(claim);
      else claimsByPerson.set(p.idx, [claim]);
    }
  }

  const entityClaims = new Map<number, Claim[]>();
  for (const claims of claimsByPerson.values()) for (const c of claims) {
    const list = entityClaims.get(c.entity);
    if (list) list.push(c);
    else entityClaims.set(c.entity, [c]);
  }

  for (const [personIdx, claims] of [...claimsByPerson].sort((x, y) => x[0] - y[0])) {
    const p = persons[personIdx];
    const confirmed = claims.filter((c) => c.verdict === 'confirmed' && entityClaims.get(c.entity)!.filter((o) => o.verdict === 'confirmed').length === 1);
    for (const c of claims.filter((c) => c.verdict === 'other-child')) {
      const e = entities[c.entity];
      links[c.entity] = { status: 'conflict', citizenId: '', personIdx: -1, method: 'none' };
      discrepancies.push(
        recordDiscrepancy('id-belongs-to-other-child', 'error', holdersOf(records, e, p.citizenId), e, {
          citizenId: p.citizenId,
          field: 'citizen_id',
          childValue: describeRecord(records[e.members[0]]),
          idListValue: describePerson(p),
          explanation: 'Số định danh ghi trong hồ sơ là của một người khác trong danh sách công an (khác họ tên, ngày sinh hoặc giới tính).',
        }),
      );
    }
    if (confirmed.length === 1 && claims.filter((c) => c.verdict !== 'other-child').length === 1) {
      const c = confirmed[0];
      links[c.entity] = { status: 'assigned', citizenId: p.citizenId, personIdx, method: 'citizen-id' };
      personTaken[personIdx] = c.entity;
      continue;
    }
    const contenders = claims.filter((c) => c.verdict !== 'other-child');
    if (contenders.length > 1) {
      const involved = contenders.flatMap((c) => holdersOf(records, entities[c.entity], p.citizenId));
      for (const c of contenders) links[c.entity] = { status: 'conflict', citizenId: p.citizenId, personIdx, method: 'none' };
      discrepancies.push(
        recordDiscrepancy('same-id-several-children', 'error', involved, entities[contenders[0].entity], {
          citizenId: p.citizenId,
          field: 'citizen_id',
          idListValue: describePerson(p),
          explanation: `Cùng một số định danh được ghi cho ${contenders.length} trẻ khác nhau trong hệ thống; chỉ một trẻ là chủ của số này.`,
        }),
      );
    } else if (contenders.length === 1) {
      const c = contenders[0];
      const e = entities[c.entity];
      links[c.entity] = { status: 'review', citizenId: p.citizenId, personIdx, method: 'citizen-id' };
      discrepancies.push(
        recordDiscrepancy('ambiguous-match', 'warning', holdersOf(records, e, p.citizenId), e, {
          citizenId: p.citizenId,
          field: disagreeingFields(c).join(', '),
          childValue: describeRecord(records[e.members[0]]),
          idListValue: describePerson(p),
          explanation: 'Số định danh có trong danh sách nhưng thông tin chỉ khớp một phần; cần xác minh trước khi gán.',
        }),
      );
    }
  }

  // B. Exact agreement for the rest.
  // The name with its marks: twins may be named Hương and Hường.
  const exactKey = (canonical: string, birth: ChildRecord['birth'], sex: string): string | null =>
    birth && birth.precision === 'day' && !birth.placeholder && sex !== 'U' && canonical !== '' ? `${canonical.toLowerCase()}|${birth.iso}|${sex}` : null;
  const personsByKey = new Map<string, number[]>();
  for (const p of persons) {
    if (personTaken[p.idx] >= 0) continue;
    const k = exactKey(p.name.canonical, p.birth, p.sex);
    if (!k) continue;
    const list = personsByKey.get(k);
    if (list) list.push(p.idx);
    else personsByKey.set(k, [p.idx]);
  }
  const entitiesByKey = new Map<string, number[]>();
  const keysOfEntity = new Map<number, string[]>();
  for (const e of entities) {
    if (links[e.index].status !== 'unmatched') continue;
    const keys = [...new Set(e.members.map((m) => exactKey(records[m].name.canonical, records[m].birth, records[m].sex)).filter((k): k is string => k !== null))];
    keysOfEntity.set(e.index, keys);
    for (const k of keys) {
      const list = entitiesByKey.get(k);
      if (list) list.push(e.index);
      else entitiesByKey.set(k, [e.index]);
    }
  }
  for (const e of entities) {
    if (links[e.index].status !== 'unmatched') continue;
    const keys = keysOfEntity.get(e.index) ?? [];
    const candidates = new Set<number>();
    let sharedKey = false;
    for (const k of keys) {
      for (const p of personsByKey.get(k) ?? []) candidates.add(p);
      if ((entitiesByKey.get(k)?.length ?? 0) > 1) sharedKey = true;
    }
    if (candidates.size === 1 && !sharedKey) {
      const pIdx = [...candidates][0];
      const p = persons[pIdx];
      const writtenIds = e.members.map((m) => records[m].idCheck).filter((c) => c && c.wellFormed).map((c) => c!.digits);
      const farId = writtenIds.some((id) => idDistance(id, p.citizenId) > 2);
      if (!farId && personTaken[pIdx] < 0) {
        links[e.index] = { status: 'assigned', citizenId: p.citizenId, personIdx: pIdx, method: 'exact' };
        personTaken[pIdx] = e.index;
        continue;
      }
      links[e.index] = { status: 'review', citizenId: p.citizenId, personIdx: pIdx, method: 'exact' };
      discrepancies.push(
        recordDiscrepancy('ambiguous-match', 'warning', e.members.map((m) => records[m]), e, {
          citizenId: p.citizenId,
          field: 'citizen_id',
          childValue: writtenIds.join('; '),
          idListValue: describePerson(p),
          explanation: 'Họ tên, ngày sinh, giới tính khớp với một người trong danh sách nhưng số định danh ghi trong hồ sơ khác hẳn; cần xác minh.',
        }),
      );
    } else if (candidates.size > 1 || (candidates.size === 1 && sharedKey)) {
      links[e.index] = { status: 'review', citizenId: '', personIdx: -1, method: 'exact' };
      discrepancies.push(
        recordDiscrepancy('ambiguous-match', 'warning', e.members.map((m) => records[m]), e, {
          explanation: `Có ${Math.max(candidates.size, 2)} trẻ cùng họ tên, ngày sinh và giới tính; không thể tự động xác định số định danh.`,
        }),
      );
    } else {
      discrepancies.push(
        recordDiscrepancy('no-match', 'warning', e.members.map((m) => records[m]), e, {
          childValue: describeRecord(records[e.members[0]]),
          explanation: 'Không tìm thấy trẻ trong danh sách công an cung cấp; cần kiểm tra tại hộ gia đình hoặc đề nghị công an xã cung cấp số định danh.',
        }),
      );
    }
  }

  // Field differences on assigned links: the ID list is the authority for identity fields.
  for (const e of entities) {
    const link = links[e.index];
    if (link.status !== 'assigned') continue;
    const p = persons[link.personIdx];
    for (const m of e.members) discrepancies.push(...fieldMismatches(records[m], p, e));
  }

  let unlinked = 0;
  const proposed = new Set(links.filter((l) => l.personIdx >= 0).map((l) => l.personIdx));
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
      explanation: 'Trẻ có trong danh sách công an nhưng không tìm thấy hồ sơ trong hệ thống thông tin trẻ em; cần rà soát, bổ sung.',
    });
  }

  const stats = { entities: entities.length, assigned: 0, review: 0, unmatched: 0, conflict: 0, byMethod: {} as Record<string, number>, listPersonsUnlinked: unlinked };
  for (const l of links) {
    stats[l.status]++;
    if (l.status === 'assigned') stats.byMethod[l.method] = (stats.byMethod[l.method] ?? 0) + 1;
  }
  return { links, discrepancies, stats };
}

function holdersOf(records: readonly ChildRecord[], e: Entity, citizenId: string): ChildRecord[] {
  const holders = e.members.filter((m) => records[m].idCheck?.digits === citizenId).map((m) => records[m]);
  return holders.length > 0 ? holders : e.members.map((m) => records[m]);
}

function disagreeingFields(c: Claim): string[] {
  const out: string[] = [];
  if (c.name === 'disagree' || c.name === 'unknown') out.push('full_name');
  if (c.birth === 'disagree') out.push('birth_date');
  if (c.sex === 'disagree') out.push('sex');
  return out;
}

export function describeRecord(r: ChildRecord): string {
  return [r.name.canonical, r.birth ? formatDateVi(r.birth) : '', SEX_VI[r.sex]].filter(Boolean).join(', ');
}

export function describePerson(p: IdPerson): string {
  return [p.name.canonical, p.birth ? formatDateVi(p.birth) : '', SEX_VI[p.sex]].filter(Boolean).join(', ');
}

export function recordDiscrepancy(
  kind: Discrepancy['kind'],
  severity: Discrepancy['severity'],
  records: readonly ChildRecord[],
  entity: Entity | null,
  rest: Partial<Pick<Discrepancy, 'citizenId' | 'field' | 'childValue' | 'idListValue'>> & { explanation: string },
): Discrepancy {
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

function fieldMismatches(r: ChildRecord, p: IdPerson, e: Entity): Discrepancy[] {
  const out: Discrepancy[] = [];
  const add = (field: string, childValue: string, listValue: string, explanation: string): void => {
    out.push(recordDiscrepancy('field-mismatch', 'warning', [r], e, { citizenId: p.citizenId, field, childValue, idListValue: listValue, explanation }));
  };
  if (r.name.canonical !== p.name.canonical) add('full_name', r.name.canonical, p.name.canonical, 'Họ tên trong hệ thống khác với Cơ sở dữ liệu quốc gia về dân cư; sửa theo danh sách công an.');
  if (p.birth && (!r.birth || r.birth.iso !== p.birth.iso)) {
    add('birth_date', r.birth ? formatDateVi(r.birth) : r.raw.birth_date ?? '', formatDateVi(p.birth), 'Ngày sinh trong hệ thống khác với Cơ sở dữ liệu quốc gia về dân cư.');
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
  return out;
}
