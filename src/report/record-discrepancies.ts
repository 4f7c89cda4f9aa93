// Discrepancies that concern records on their own (not their link to the ID list):
// malformed or inconsistent IDs, invalid fields, over-age children, duplicate records, rejected rows.
import type { ChildRecord, DiscrepancyDraft, Reject } from '../pipeline/types.js';
import type { Entity } from '../dedupe/entities.js';
import type { IdCheck } from '../vietnamese/citizen-id.js';
import { COMPARISON_VI, FIELD_VI, LEVEL_VI } from './vi.js';
import type { PairExplanation } from '../linkage/engine.js';

const ISSUE_VI: Record<string, string> = {
  'invalid-date': 'Ngày sinh không hợp lệ',
  'future-date': 'Ngày sinh sau ngày đối chiếu',
  'unrecognised-sex': 'Giới tính không xác định được',
  'unrecognised-ethnicity': 'Dân tộc không có trong danh mục 54 dân tộc',
  'unreadable-text': 'Chữ bị lỗi phông (TCVN3/VNI), không tự sửa được',
};

function idFormatExplanation(c: IdCheck): string {
  switch (c.kind) {
    case 'old-id-card':
      return 'Số ghi trong hồ sơ là số chứng minh nhân dân 9 số (có thể của cha mẹ), không phải số định danh cá nhân của trẻ.';
    case 'phone-number':
      return 'Số ghi trong hồ sơ là số điện thoại, không phải số định danh cá nhân.';
    default:
      return 'Số định danh cá nhân phải gồm 12 chữ số; số ghi trong hồ sơ không đúng định dạng.';
  }
}

function idConsistencyExplanation(c: IdCheck): string {
  const codes = new Set(c.problems.map((p) => p.code));
  if (codes.has('adult-id')) return 'Số định danh là của người sinh trước năm 2000 (có thể là số của cha hoặc mẹ), không phải của trẻ.';
  const parts: string[] = [];
  if (codes.has('sex-mismatch')) parts.push('giới tính');
  if (codes.has('birth-year-mismatch') || codes.has('century-mismatch')) parts.push('năm sinh');
  return `Số định danh không khớp với ${parts.join(' và ') || 'thông tin'} của trẻ (chữ số thứ 4 mã hóa thế kỷ và giới tính, chữ số 5–6 là năm sinh).`;
}

function base(r: ChildRecord, entity: Entity | null): Pick<DiscrepancyDraft, 'recordIds' | 'entityId' | 'communeCode' | 'communeName'> {
  return {
    recordIds: [r.recordId],
    entityId: entity?.id ?? '',
    communeCode: r.place.newCommune?.code ?? '',
    communeName: r.place.newCommune?.name ?? '',
  };
}

export function recordDiscrepancies(records: readonly ChildRecord[], entityOfRecord: (idx: number) => Entity | null): DiscrepancyDraft[] {
  const out: DiscrepancyDraft[] = [];
  for (const r of records) {
    const e = entityOfRecord(r.idx);
    const c = r.idCheck;
    if (c && !c.wellFormed) {
      out.push({ ...base(r, e), kind: 'invalid-id-format', severity: 'error', citizenId: '', field: 'citizen_id', childValue: r.raw.citizen_id ?? '', idListValue: '', explanation: idFormatExplanation(c) });
    } else if (c && !c.consistent) {
      out.push({ ...base(r, e), kind: 'id-inconsistent', severity: 'error', citizenId: c.digits, field: 'citizen_id', childValue: c.digits, idListValue: '', explanation: idConsistencyExplanation(c) });
    }
    for (const issue of r.issues) {
      if (issue.code === 'over-age') {
        out.push({ ...base(r, e), kind: 'over-age', severity: 'info', citizenId: '', field: 'birth_date', childValue: r.raw.birth_date ?? '', idListValue: '', explanation: `Trẻ đã đủ ${r.ageMin} tuổi trở lên tại ngày đối chiếu; xem xét chuyển khỏi danh sách trẻ em.` });
        continue;
      }
      out.push({
        ...base(r, e),
        kind: 'invalid-field',
        severity: issue.severity,
        citizenId: '',
        field: issue.field,
        childValue: r.raw[issue.field] ?? '',
        idListValue: '',
        explanation: `${ISSUE_VI[issue.code] ?? FIELD_VI[issue.field] + ' không hợp lệ'}.`,
      });
    }
  }
  return out;
}

/** The short Vietnamese version of a pair explanation: what agreed, and the probability. */
export function shortExplanation(e: PairExplanation): string {
  const agreed = e.rows
    .filter((r) => r.level !== '(missing)' && r.weight + r.tfAdjustment > 0)
    .map((r) => `${COMPARISON_VI[r.comparison] ?? r.comparison} ${LEVEL_VI[r.level] ?? r.level}`);
  const pct = e.probability >= 0.9999995 ? '> 99,9999' : (e.probability * 100).toFixed(e.probability > 0.9999 ? 4 : 2).replace('.', ',');
  return `${agreed.length > 0 ? `Khớp: ${agreed.join(', ')}; ` : ''}xác suất cùng một trẻ ${pct}%.`;
}

export function duplicateDiscrepancies(records: readonly ChildRecord[], entities: readonly Entity[], evidence?: (e: Entity) => string): DiscrepancyDraft[] {
  const out: DiscrepancyDraft[] = [];
  for (const e of entities) {
    if (e.members.length < 2) continue;
    const first = records[e.members[0]];
    out.push({
      kind: 'duplicate-records',
      severity: 'warning',
      recordIds: e.members.map((m) => records[m].recordId),
      entityId: e.id,
      citizenId: '',
      field: '',
      childValue: first.name.canonical,
      idListValue: '',
      communeCode: first.place.newCommune?.code ?? '',
      communeName: first.place.newCommune?.name ?? '',
      explanation: `${e.members.length} hồ sơ cùng mô tả một trẻ; giữ một hồ sơ, gộp thông tin và xóa các hồ sơ còn lại.${evidence ? ' ' + evidence(e) : ''}`,
    });
  }
  return out;
}

const REJECT_VI: Record<string, string> = {
  'missing-record-id': 'thiếu Mã trẻ em',
  'duplicate-record-id': 'Mã trẻ em bị trùng với một dòng trước',
  'missing-name': 'thiếu họ tên',
  'too-many-cells': 'số ô nhiều hơn số cột tiêu đề (giá trị có dấu phẩy không được đặt trong ngoặc kép)',
  'too-few-cells': 'số ô ít hơn số cột tiêu đề (dòng bị cắt)',
  'unparsable-row': 'dòng bị lỗi định dạng',
  'invalid-id': 'số định danh không hợp lệ',
  'invalid-id-old-id-card': 'là số CMND 9 số, không phải số định danh',
  'invalid-id-phone-number': 'là số điện thoại, không phải số định danh',
  'invalid-id-other': 'số định danh không hợp lệ',
  'duplicate-id': 'số định danh lặp lại (cùng một người)',
  'conflicting-id': 'cùng một số định danh ghi cho nhiều người khác nhau',
};

/** Vietnamese wording of a reject's reason code (the English detail stays in rejects.csv). */
export function rejectReasonVi(code: string): string {
  return REJECT_VI[code] ?? 'dòng không hợp lệ';
}

/**
 * Pairs of records in different entities that may still be one child (probability above the review
 * threshold, but not merged: below the threshold, a name or birth date too different, or a
 * constraint). An officer decides with 'Cùng một trẻ' / 'Khác trẻ'.
 */
export function possibleDuplicateDiscrepancies(
  records: readonly ChildRecord[],
  pairs: ReadonlyArray<{ a: number; b: number; explanation: PairExplanation }>,
  entityOf: (idx: number) => Entity,
): DiscrepancyDraft[] {
  return pairs.map(({ a, b, explanation }) => {
    const ra = records[a];
    const rb = records[b];
    return {
      kind: 'duplicate-records' as const,
      severity: 'info' as const,
      recordIds: [ra.recordId, rb.recordId],
      entityId: entityOf(a).id,
      citizenId: '',
      field: '',
      childValue: `${ra.name.canonical} | ${rb.name.canonical}`,
      idListValue: '',
      communeCode: ra.place.newCommune?.code ?? '',
      communeName: ra.place.newCommune?.name ?? '',
      explanation: `Có thể là cùng một trẻ nhưng chưa đủ chắc chắn để tự động gộp; cần xác minh. ${shortExplanation(explanation)}`,
    };
  });
}

export function rejectDiscrepancies(rejects: readonly Reject[]): DiscrepancyDraft[] {
  return rejects.map((r) => ({
    kind: 'rejected-row' as const,
    severity: 'error' as const,
    recordIds: r.recordId && r.role === 'children' ? [r.recordId] : [],
    entityId: '',
    citizenId: r.role === 'idlist' ? r.recordId : '',
    field: '',
    childValue: '',
    idListValue: '',
    communeCode: '',
    communeName: '',
    explanation: `Dòng ${r.row} của tệp ${r.file} không sử dụng được: ${rejectReasonVi(r.code)}.`,
  }));
}
