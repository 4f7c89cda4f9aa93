// Intake of a police ID list: read it, check every row, and decide whether the list as a whole can be
// used. The result is a receipt for the police unit — accepted or rejected, with the reason, the
// counts and each problem with its row — and a version (SHA-256) recorded in the run store.
import type { IdListInputConfig } from '../../schemas/config.js';
import { ingestTable, type IngestedTable } from '../ingest/ingest.js';
import { normalizeIdList, type NormalizedIdList, type NormalizeContext } from '../normalize/normalize.js';
import { fieldRepairer } from '../vietnamese/encoding.js';
import { InputError } from './errors.js';
import type { IdListVersionRow } from '../store/run-store.js';

export interface ReceiptProblem {
  row: number;
  code: string;
  message: string;
}

export interface IdListReceipt {
  file: string;
  sha256: string;
  bytes: number;
  rows: number;
  accepted: number;
  rejected: number;
  status: 'accepted' | 'rejected';
  /** Why the whole list was rejected (empty when accepted). */
  reasons: string[];
  problems: ReceiptProblem[];
  columns: Array<{ header: string; field: string | null }>;
  supplier: string;
  listDate: string;
  checkedAt: string;
}

export interface IdListIntake {
  receipt: IdListReceipt;
  /** Present when the file could be read (even if the list was rejected). */
  ingested: IngestedTable | null;
  normalized: NormalizedIdList | null;
}

/** A list with more bad rows than this share is rejected as a whole. */
export const DEFAULT_MAX_REJECTED_SHARE = 0.05;

export interface ReceiptBase {
  file: string;
  supplier: string;
  listDate: string;
  checkedAt: string;
  maxRejectedShare: number;
}

/** A receipt for a list that could not be read at all (missing columns, not a table …). */
export function unreadableReceipt(base: ReceiptBase, err: Error): IdListReceipt {
  return { ...strip(base), sha256: '', bytes: 0, rows: 0, accepted: 0, rejected: 0, status: 'rejected', reasons: [err.message], problems: [], columns: [] };
}

function strip(base: ReceiptBase): Omit<ReceiptBase, 'maxRejectedShare'> {
  const { maxRejectedShare: _m, ...rest } = base;
  return rest;
}

/** The receipt of a list that was read: rejected as a whole when too many rows cannot be used. */
export function buildReceipt(base: ReceiptBase, ingested: IngestedTable, normalized: Pick<NormalizedIdList, 'rejects'> & { accepted: number }): IdListReceipt {
  const rejects = [...ingested.rejects, ...normalized.rejects].sort((x, y) => x.row - y.row);
  const rows = ingested.info.rows;
  const reasons: string[] = [];
  if (rows === 0) reasons.push(`${base.file}: the list has no rows`);
  else if (rejects.length / rows > base.maxRejectedShare) {
    reasons.push(
      `${base.file}: ${rejects.length} of ${rows} rows (${((rejects.length / rows) * 100).toFixed(1)}%) cannot be used, more than the ${(base.maxRejectedShare * 100).toFixed(1)}% allowed; the list may be the wrong file or wrongly exported`,
    );
  }
  return {
    ...strip(base),
    sha256: ingested.info.sha256,
    bytes: ingested.info.bytes,
    rows,
    accepted: normalized.accepted,
    rejected: rejects.length,
    status: reasons.length > 0 ? 'rejected' : 'accepted',
    reasons,
    problems: rejects.map((r) => ({ row: r.row, code: r.code, message: r.reason })),
    columns: ingested.info.headerMapping,
  };
}

export function receiptBase(displayPath: string, config: IdListInputConfig, now: Date): ReceiptBase {
  return {
    file: displayPath,
    supplier: config.supplier ?? '',
    listDate: config.listDate ?? '',
    checkedAt: now.toISOString(),
    maxRejectedShare: config.maxRejectedShare ?? DEFAULT_MAX_REJECTED_SHARE,
  };
}

/** Reads and checks one list on its own (`childlink idlist add`). */
export async function checkIdList(
  spec: { index: number; path: string; displayPath: string; config: IdListInputConfig },
  ctx: NormalizeContext,
  now: Date = new Date(),
): Promise<IdListIntake> {
  const base = receiptBase(spec.displayPath, spec.config, now);
  let ingested: IngestedTable;
  try {
    ingested = await ingestTable({ role: 'idlist', index: spec.index, path: spec.path, displayPath: spec.displayPath, config: spec.config });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { receipt: unreadableReceipt(base, err), ingested: null, normalized: null };
  }
  const normalized = normalizeIdList(ingested.rows, ingested.info, fieldRepairer(ingested.textDetection), ctx, 0);
  return { receipt: buildReceipt(base, ingested, { rejects: normalized.rejects, accepted: normalized.persons.length }), ingested, normalized };
}

export function versionRow(r: IdListReceipt): IdListVersionRow {
  return {
    sha256: r.sha256,
    file: r.file,
    bytes: r.bytes,
    rows: r.rows,
    accepted: r.accepted,
    rejected: r.rejected,
    status: r.status,
    supplier: r.supplier,
    list_date: r.listDate,
    first_seen: r.checkedAt,
    receipt: JSON.stringify(r),
  };
}

/** The receipt as text for the police unit (Vietnamese, with the technical reason codes). */
export function formatReceipt(r: IdListReceipt): string {
  const lines = [
    'BIÊN NHẬN DANH SÁCH SỐ ĐỊNH DANH CÁ NHÂN (ID list receipt)',
    `Tệp (file): ${r.file}`,
    r.sha256 ? `Mã kiểm tra SHA-256 (version): ${r.sha256}` : '',
    r.supplier ? `Đơn vị cung cấp (supplier): ${r.supplier}` : '',
    r.listDate ? `Ngày trích xuất (list date): ${r.listDate}` : '',
    `Thời điểm kiểm tra (checked at): ${r.checkedAt}`,
    `Kết quả (status): ${r.status === 'accepted' ? 'CHẤP NHẬN (accepted)' : 'KHÔNG CHẤP NHẬN (rejected)'}`,
    `Số dòng (rows): ${r.rows}; dùng được (accepted): ${r.accepted}; bị loại (rejected): ${r.rejected}`,
  ].filter(Boolean);
  if (r.reasons.length > 0) {
    lines.push('Lý do không chấp nhận (reasons):');
    for (const reason of r.reasons) lines.push(`  - ${reason}`);
  }
  if (r.columns.length > 0) {
    lines.push('Cột đã nhận (columns): ' + r.columns.map((c) => `${c.header} → ${c.field ?? '(bỏ qua / ignored)'}`).join('; '));
  }
  if (r.problems.length > 0) {
    const byCode = new Map<string, number>();
    for (const p of r.problems) byCode.set(p.code, (byCode.get(p.code) ?? 0) + 1);
    lines.push('Các dòng có vấn đề (problems by reason): ' + [...byCode].map(([c, n]) => `${c}: ${n}`).join(', '));
    for (const p of r.problems.slice(0, 200)) lines.push(`  dòng ${p.row}: [${p.code}] ${p.message}`);
    if (r.problems.length > 200) lines.push(`  … và ${r.problems.length - 200} dòng khác (and more)`);
  }
  return lines.join('\n');
}
