// The typed values that flow between stages. Stages import these types, never each other.
import type { ChildField } from '../../schemas/config.js';
import type { PartialDate, Sex } from '../vietnamese/types.js';
import type { ParsedName, NameKeys } from '../vietnamese/names.js';
import type { IdCheck } from '../vietnamese/citizen-id.js';
import type { EthnicGroup } from '../vietnamese/ethnicity.js';
import type { PlaceResolution } from '../vietnamese/places.js';
import type { TextRepairKind } from '../vietnamese/encoding.js';
import type { SexCodeScheme } from '../vietnamese/sex.js';

export type InputRole = 'children' | 'idlist';

/** One input file as read: where it came from and what was detected. */
export interface InputFileInfo {
  role: InputRole;
  /** Index of the file among the inputs of its role (0 for the child export). */
  index: number;
  path: string;
  /** Path as shown to users (relative to the config folder when possible). */
  displayPath: string;
  sha256: string;
  bytes: number;
  format: 'csv' | 'tsv' | 'xlsx' | 'xls';
  encoding: string;
  delimiter?: string;
  textRepair: TextRepairKind;
  /** Header text → field it was mapped to (null: ignored column). */
  headerMapping: Array<{ header: string; field: ChildField | null }>;
  dateOrder: 'dmy' | 'mdy';
  /** How the file's sex column codes sex as digits (detected per file unless configured). */
  sexCodes: SexCodeScheme;
  /** Data rows read (header excluded). */
  rows: number;
}

/** Where a row came from. `row` is the spreadsheet row number: the header is row 1. */
export interface Provenance {
  file: number;
  row: number;
}

/** Raw field values of one row, by canonical field. Only mapped fields are present. */
export type RawFields = Partial<Record<ChildField, string>>;

export interface RawRow {
  prov: Provenance;
  fields: RawFields;
}

/** A row that cannot be used. It is listed in rejects.csv, never dropped. */
export interface Reject {
  role: InputRole;
  file: string;
  row: number;
  /** Short machine code (e.g. 'missing-record-id'). */
  code: string;
  /** Human explanation: file, row, column and what was expected. */
  reason: string;
  recordId: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** A problem with one field of one record, found while normalizing. */
export interface FieldIssue {
  field: ChildField;
  code: string;
  severity: Severity;
  message: string;
}

/** A child record after normalization. Raw values are kept beside canonical ones. */
export interface ChildRecord {
  /** Position among the usable child records (0-based, input order). */
  idx: number;
  recordId: string;
  prov: Provenance;
  raw: RawFields;
  name: ParsedName;
  nameKeys: NameKeys;
  birth: PartialDate | null;
  sex: Sex;
  ethnicity: EthnicGroup | null;
  /** The citizen ID written in the record, checked; null when the cell is empty. */
  idCheck: IdCheck | null;
  mother: ParsedName | null;
  motherKeys: NameKeys | null;
  father: ParsedName | null;
  fatherKeys: NameKeys | null;
  place: PlaceResolution;
  /** Age in full years at the reference date (lower bound for partial dates); null if unknown. */
  ageMin: number | null;
  issues: FieldIssue[];
}

/** A person in a police ID list after normalization. */
export interface IdPerson {
  idx: number;
  citizenId: string;
  prov: Provenance;
  raw: RawFields;
  name: ParsedName;
  nameKeys: NameKeys;
  birth: PartialDate | null;
  sex: Sex;
  ethnicity: EthnicGroup | null;
  idCheck: IdCheck;
  mother: ParsedName | null;
  motherKeys: NameKeys | null;
  father: ParsedName | null;
  fatherKeys: NameKeys | null;
  place: PlaceResolution;
}

export type DiscrepancyKind =
  | 'invalid-id-format'
  | 'id-inconsistent'
  | 'id-not-in-list'
  | 'id-belongs-to-other-child'
  | 'same-id-several-children'
  | 'field-mismatch'
  | 'ambiguous-match'
  | 'no-match'
  | 'duplicate-records'
  | 'missing-from-child-db'
  | 'over-age'
  | 'invalid-field'
  | 'rejected-row';

export interface Discrepancy {
  /**
   * Stable key of the row (same problem, same records → same key, night after night), so decisions
   * written in a worklist find their row again.
   */
  id: string;
  kind: DiscrepancyKind;
  severity: Severity;
  recordIds: string[];
  entityId: string;
  citizenId: string;
  field: string;
  childValue: string;
  idListValue: string;
  /** Commune code (new unit) the discrepancy belongs to, for per-commune worklists; '' if unknown. */
  communeCode: string;
  communeName: string;
  /** One line in Vietnamese for the data officer. */
  explanation: string;
}

/** A discrepancy before its key is assigned (see report/discrepancy-list.ts). */
export type DiscrepancyDraft = Omit<Discrepancy, 'id'>;

/** The kinds in the order lists and worklists show them. */
export const DISCREPANCY_KINDS: readonly DiscrepancyKind[] = [
  'id-belongs-to-other-child',
  'same-id-several-children',
  'id-inconsistent',
  'invalid-id-format',
  'id-not-in-list',
  'ambiguous-match',
  'duplicate-records',
  'field-mismatch',
  'no-match',
  'missing-from-child-db',
  'invalid-field',
  'over-age',
  'rejected-row',
];

export type LinkStatus = 'assigned' | 'review' | 'unmatched' | 'conflict';
