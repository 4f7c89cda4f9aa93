// The normalize stage: raw rows → canonical records, raw values kept beside them.
// All Vietnamese knowledge lives in src/vietnamese/; this module only applies it field by field,
// turns problems into field issues, and rejects rows that cannot be used at all.
import type { ChildField } from '../../schemas/config.js';
import type { ChildRecord, FieldIssue, IdPerson, InputFileInfo, RawFields, RawRow, Reject } from '../pipeline/types.js';
import { mayRepeat } from './repeats.js';
import { hasUnicodeOnlyLetter, type TextRepair } from '../vietnamese/encoding.js';
import { parseName, nameKeys, type ParsedName, type NameKeys } from '../vietnamese/names.js';
import { parseDate, ageRange, isFutureDate, type SimpleDate } from '../vietnamese/dates.js';
import { parseSex } from '../vietnamese/sex.js';
import { parseEthnicity } from '../vietnamese/ethnicity.js';
import { checkCitizenId } from '../vietnamese/citizen-id.js';
import type { PlaceInput, PlaceResolution } from '../vietnamese/places.js';
import type { PartialDate } from '../vietnamese/types.js';

export type TextRepairer = (value: string) => TextRepair;

/** Shared by all records without issues (most of them). */
const NO_ISSUES: FieldIssue[] = Object.freeze([]) as unknown as FieldIssue[];

export interface NormalizeContext {
  referenceDate: SimpleDate;
  maxAge: number;
  resolvePlace: (input: PlaceInput) => PlaceResolution;
  /** Called every few thousand rows with the rows done (progress reporting). */
  onProgress?: (done: number) => void;
}

/** The fields run through text repair (inspect reports on the same ones). */
export const TEXT_FIELDS: readonly ChildField[] = [
  'full_name', 'family_name', 'middle_name', 'given_name', 'mother_name', 'father_name', 'guardian_name',
  'village', 'commune', 'district', 'province', 'address', 'ethnicity', 'sex',
];

const UNREADABLE_TEXT = 'text may be in a legacy font encoding that could not be repaired with confidence';

/**
 * Repairs legacy-encoded text (a copy); unrepairable fields stay raw and get an issue. In a mixed
 * file a field may read as Vietnamese both as written and in the file's legacy encoding: the rest
 * of the row decides, since a row is typed on one computer. Other fields repaired from that
 * encoding and none with letters only Unicode has: decoded. The reverse: as written. Both or
 * neither: kept as written and flagged, never guessed.
 */
export function repairFields(fields: RawFields, repair: TextRepairer, issues: FieldIssue[]): RawFields {
  let out = fields;
  let ambiguous: Array<{ field: ChildField; repair: TextRepair }> | null = null;
  let legacyRepaired = false;
  for (const f of TEXT_FIELDS) {
    const v = fields[f];
    if (v === undefined) continue;
    const r = repair(v);
    if (r.alternative !== undefined) {
      (ambiguous ??= []).push({ field: f, repair: r });
      continue;
    }
    if (r.kind === 'tcvn3' || r.kind === 'vni') legacyRepaired = true;
    if (r.text !== v) {
      if (out === fields) out = { ...fields };
      out[f] = r.text;
    }
    // An ethnic group read through the closed list of names (a legacy-font 'Kh¬mó' is Khơ-mú) is not unreadable.
    if (!r.confident && !(f === 'ethnicity' && parseEthnicity(v).group !== null)) {
      issues.push({ field: f, code: 'unreadable-text', severity: 'warning', message: UNREADABLE_TEXT });
    }
  }
  if (ambiguous === null) return out;
  let unicodeTyped = false;
  for (const f of TEXT_FIELDS) {
    const v = fields[f];
    if (v !== undefined && hasUnicodeOnlyLetter(v)) unicodeTyped = true;
  }
  for (const { field, repair: r } of ambiguous) {
    const byVocabulary = closedListReading(field, r.text, r.alternative!.text);
    const text = byVocabulary ?? (legacyRepaired && !unicodeTyped ? r.alternative!.text : r.text);
    if (text !== fields[field]) {
      if (out === fields) out = { ...fields };
      out[field] = text;
    }
    if (byVocabulary === null && legacyRepaired === unicodeTyped) {
      issues.push({
        field,
        code: 'unreadable-text',
        severity: 'warning',
        message: `reads as Vietnamese both as written and in ${r.alternative!.kind === 'tcvn3' ? 'TCVN3' : 'VNI'}; kept as written`,
      });
    }
  }
  return out;
}

/**
 * Sex and ethnic group are closed lists: when exactly one of the two readings of an ambiguous cell
 * is a value of the list ('Không rõ' as written; its TCVN3 reading 'Khụng rừ' is not), that is the
 * reading. Null when the list does not decide (other fields, or both or neither readings known).
 */
function closedListReading(field: ChildField, asWritten: string, decoded: string): string | null {
  const known = field === 'sex' ? (v: string) => parseSex(v).recognised : field === 'ethnicity' ? (v: string) => parseEthnicity(v).recognised : null;
  if (known === null) return null;
  const a = known(asWritten);
  const b = known(decoded);
  return a === b ? null : a ? asWritten : decoded;
}

function fullNameOf(f: RawFields): string {
  if (f.full_name) return f.full_name;
  return [f.family_name, f.middle_name, f.given_name].filter(Boolean).join(' ');
}

function parseOptionalName(raw: string | undefined): { name: ParsedName | null; keys: NameKeys | null } {
  if (!raw) return { name: null, keys: null };
  const name = parseName(raw);
  if (name.canonical === '') return { name: null, keys: null };
  return { name, keys: nameKeys(name) };
}

interface CommonFields {
  name: ParsedName;
  nameKeys: NameKeys;
  birth: PartialDate | null;
  sex: ChildRecord['sex'];
  ethnicity: ChildRecord['ethnicity'];
  mother: ParsedName | null;
  motherKeys: NameKeys | null;
  father: ParsedName | null;
  fatherKeys: NameKeys | null;
  place: PlaceResolution;
}

function normalizeCommon(fields: RawFields, file: InputFileInfo, ctx: NormalizeContext, issues: FieldIssue[]): CommonFields {
  const name = parseName(fullNameOf(fields));
  let birth: PartialDate | null = null;
  if (fields.birth_date !== undefined) {
    const parsed = parseDate(fields.birth_date, { order: file.dateOrder, referenceDate: ctx.referenceDate });
    if (parsed.ok) birth = parsed.date;
    else if (!parsed.empty) issues.push({ field: 'birth_date', code: 'invalid-date', severity: 'error', message: parsed.reason });
  }
  if (birth && isFutureDate(birth, ctx.referenceDate)) {
    issues.push({ field: 'birth_date', code: 'future-date', severity: 'error', message: 'birth date is after the reference date' });
  }
  const sex = parseSex(fields.sex, { codes: file.sexCodes });
  if (!sex.recognised) issues.push({ field: 'sex', code: 'unrecognised-sex', severity: 'warning', message: 'sex value not recognised' });
  let ethnicity: ChildRecord['ethnicity'] = null;
  if (fields.ethnicity !== undefined) {
    const e = parseEthnicity(fields.ethnicity);
    ethnicity = e.group;
    if (!e.recognised) issues.push({ field: 'ethnicity', code: 'unrecognised-ethnicity', severity: 'warning', message: 'ethnic group not recognised' });
  }
  const mother = parseOptionalName(fields.mother_name);
  const father = parseOptionalName(fields.father_name);
  const place = ctx.resolvePlace({
    province: fields.province,
    district: fields.district,
    commune: fields.commune,
    village: fields.village,
    address: fields.address,
  });
  return {
    name,
    nameKeys: nameKeys(name),
    birth,
    sex: sex.sex,
    ethnicity,
    mother: mother.name,
    motherKeys: mother.keys,
    father: father.name,
    fatherKeys: father.keys,
    place,
  };
}

/** What a citizen ID is checked against: the record's sex and birth year (unless estimated from an age). */
function idContextOf(common: CommonFields): Parameters<typeof checkCitizenId>[1] {
  return { sex: common.sex, birthYear: common.birth?.year, birthYearPrecise: common.birth ? !common.birth.fromAge : false };
}

export interface NormalizedChildren {
  records: ChildRecord[];
  rejects: Reject[];
}

export function normalizeChildren(rows: readonly RawRow[], file: InputFileInfo, repair: TextRepairer, ctx: NormalizeContext): NormalizedChildren {
  const records: ChildRecord[] = [];
  const rejects: Reject[] = [];
  const firstRowOfId = new Map<string, number>();
  const reject = (row: RawRow, code: string, reason: string, recordId = ''): void => {
    rejects.push({ role: 'children', file: file.displayPath, row: row.prov.row, code, reason: `${file.displayPath}, row ${row.prov.row}: ${reason}`, recordId });
  };
  const recordIdHeader = headerOf(file, 'record_id');

  const recordIds = rows.map((row) => (row.fields.record_id ?? '').trim());
  // Only ids that may repeat go through the map (see mayRepeat).
  const mayBeUsedAgain = mayRepeat(recordIds);
  for (let k = 0; k < rows.length; k++) {
    if (ctx.onProgress && (k + 1) % 20_000 === 0) ctx.onProgress(k + 1);
    const row = rows[k];
    const recordId = recordIds[k];
    if (recordId === '') {
      reject(row, 'missing-record-id', `column '${recordIdHeader}' is empty; a record without its id cannot be written back`);
      continue;
    }
    if (mayBeUsedAgain[k] === 1) {
      const seenAt = firstRowOfId.get(recordId);
      if (seenAt !== undefined) {
        reject(row, 'duplicate-record-id', `column '${recordIdHeader}': the id is already used by row ${seenAt}; ids must be unique`, recordId);
        continue;
      }
      firstRowOfId.set(recordId, row.prov.row);
    }

    const issues: FieldIssue[] = [];
    const fields = repairFields(row.fields, repair, issues);
    const common = normalizeCommon(fields, file, ctx, issues);
    if (common.name.canonical === '') {
      reject(row, 'missing-name', `column '${headerOf(file, 'full_name')}' has no usable name`, recordId);
      continue;
    }
    let ageMin: number | null = null;
    if (common.birth) {
      ageMin = ageRange(common.birth, ctx.referenceDate).min;
      if (ageMin >= ctx.maxAge) {
        issues.push({ field: 'birth_date', code: 'over-age', severity: 'warning', message: `aged ${ageMin} or more at the reference date` });
      }
    }
    const idCheck = fields.citizen_id?.trim()
      ? checkCitizenId(fields.citizen_id, idContextOf(common))
      : null;
    // Spelled out (no spread): a million records, one object shape.
    records.push({
      idx: records.length,
      recordId,
      prov: row.prov,
      raw: row.fields,
      name: common.name,
      nameKeys: common.nameKeys,
      birth: common.birth,
      sex: common.sex,
      ethnicity: common.ethnicity,
      idCheck,
      mother: common.mother,
      motherKeys: common.motherKeys,
      father: common.father,
      fatherKeys: common.fatherKeys,
      place: common.place,
      ageMin,
      issues: issues.length === 0 ? NO_ISSUES : issues,
    });
  }
  return { records, rejects };
}

export interface NormalizedIdList {
  persons: IdPerson[];
  rejects: Reject[];
}

/**
 * Normalizes a police ID list. Rows whose ID is not a well-formed personal ID, or that have no name,
 * are rejected; an ID listed twice keeps its first row when both rows describe the same person and
 * rejects every row when they do not (the list cannot say who owns it).
 */
export function normalizeIdList(rows: readonly RawRow[], file: InputFileInfo, repair: TextRepairer, ctx: NormalizeContext, firstIdx: number): NormalizedIdList {
  const candidates: IdPerson[] = [];
  const rejects: Reject[] = [];
  const reject = (rowNumber: number, code: string, reason: string, citizenId = ''): void => {
    rejects.push({ role: 'idlist', file: file.displayPath, row: rowNumber, code, reason: `${file.displayPath}, row ${rowNumber}: ${reason}`, recordId: citizenId });
  };
  const idHeader = headerOf(file, 'citizen_id');

  let done = 0;
  for (const row of rows) {
    if (ctx.onProgress && ++done % 20_000 === 0) ctx.onProgress(done);
    const issues: FieldIssue[] = [];
    const fields = repairFields(row.fields, repair, issues);
    const common = normalizeCommon(fields, file, ctx, issues);
    const idCheck = checkCitizenId(fields.citizen_id, idContextOf(common));
    if (!idCheck.wellFormed) {
      const why = idCheck.problems.filter((p) => p.severity === 'error').map((p) => p.message).join('; ') || 'not a 12-digit personal ID';
      reject(row.prov.row, idCheck.kind === 'personal-id' || idCheck.digits === '' ? 'invalid-id' : `invalid-id-${idCheck.kind}`, `column '${idHeader}': ${why}`, idCheck.digits);
      continue;
    }
    if (common.name.canonical === '') {
      reject(row.prov.row, 'missing-name', `column '${headerOf(file, 'full_name')}' is empty`, idCheck.digits);
      continue;
    }
    candidates.push({
      idx: 0,
      citizenId: idCheck.digits,
      prov: row.prov,
      raw: row.fields,
      name: common.name,
      nameKeys: common.nameKeys,
      birth: common.birth,
      sex: common.sex,
      ethnicity: common.ethnicity,
      idCheck,
      mother: common.mother,
      motherKeys: common.motherKeys,
      father: common.father,
      fatherKeys: common.fatherKeys,
      place: common.place,
    });
  }

  // Only IDs that may repeat go through the map (see mayRepeat).
  const mayBeListedAgain = mayRepeat(candidates.map((p) => p.citizenId));
  const byId = new Map<string, IdPerson[]>();
  candidates.forEach((p, k) => {
    if (mayBeListedAgain[k] === 0) return;
    const list = byId.get(p.citizenId);
    if (list) list.push(p);
    else byId.set(p.citizenId, [p]);
  });
  const persons: IdPerson[] = [];
  for (let k = 0; k < candidates.length; k++) {
    const p = candidates[k];
    const same = mayBeListedAgain[k] === 1 ? byId.get(p.citizenId)! : null;
    if (same === null || same.length === 1) {
      persons.push(p);
      continue;
    }
    const first = same[0];
    const identical = same.every((q) => q.nameKeys.ascii === first.nameKeys.ascii && q.birth?.iso === first.birth?.iso && q.sex === first.sex);
    if (identical) {
      if (p === first) persons.push(p);
      else reject(p.prov.row, 'duplicate-id', `column '${idHeader}': the same person is already listed at row ${first.prov.row}`, p.citizenId);
    } else {
      const others = same.filter((q) => q !== p).map((q) => q.prov.row).join(', ');
      reject(p.prov.row, 'conflicting-id', `column '${idHeader}': the same ID is listed for different people (rows ${p.prov.row}, ${others}); none of them is used`, p.citizenId);
    }
  }
  persons.forEach((p, i) => (p.idx = firstIdx + i));
  return { persons, rejects };
}

function headerOf(file: InputFileInfo, field: ChildField): string {
  return file.headerMapping.find((h) => h.field === field)?.header ?? field;
}
