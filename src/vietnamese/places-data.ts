// Loads the project's administrative-unit reference files (refdata/admin, see refdata/SOURCES.md)
// into a PlaceIndex. The only module of the place resolver that does I/O; everything else is pure.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import {
  buildPlaceIndex,
  type AdminTables,
  type CommuneHistoryRow,
  type CommuneVariantRow,
  type CrosswalkRow,
  type PlaceIndex,
  type PostReformUnitRow,
  type PreReformUnitRow,
} from './places.js';

/** File names inside refdata/admin. */
export const ADMIN_FILES = {
  preReform: 'vn_admin_pre2025_final_20250712_thanglequoc.csv',
  postReform: 'vn_admin_2025_new_34prov.csv',
  sonLaPostReform: 'sonla_wards_2025_new_75.csv',
  nationalCrosswalk: 'crosswalk_commune_old_to_new_2025.csv',
  verifiedCrosswalk: 'sonla_crosswalk_old_to_new_2025.csv',
  history: 'sonla_communes_history_2003_2025.csv',
  variants: 'sonla_commune_name_variants.csv',
} as const;

/**
 * The package root: the nearest folder above this module that holds package.json. Works both from
 * src/vietnamese (tests) and dist/src/vietnamese (compiled).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/**
 * Parses a CSV file into objects holding only the `columns` asked for (parsing into arrays and
 * picking columns is several times faster than papaparse's header mode on these 10k-row files).
 */
function readCsv<C extends string>(dir: string, file: string, columns: readonly C[]): Array<Record<C, string>> {
  const path = join(dir, file);
  const raw = readFileSync(path, 'utf8');
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    throw new Error(`${file}: CSV error at row ${e.row ?? '?'}: ${e.message}`);
  }
  const [header, ...rows] = parsed.data;
  const positions = columns.map((c) => (header ?? []).indexOf(c));
  const missing = columns.filter((_, i) => positions[i] < 0);
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  return rows.map((cells) => {
    const row = {} as Record<C, string>;
    for (let i = 0; i < columns.length; i++) row[columns[i]] = (cells[positions[i]] ?? '').trim();
    return row;
  });
}

const yes = (v: string | undefined): boolean => (v ?? '').trim().toLowerCase() === 'yes';

const CROSSWALK_COLUMNS = [
  'old_province_code', 'old_province_name', 'old_district_code', 'old_district_name', 'old_commune_code',
  'old_commune_name', 'new_province_code', 'new_ward_code', 'new_ward_name', 'n_new_targets',
] as const;

const CROSSWALK_FLAG_COLUMNS = ['old_name_exact_in_cited_clause', 'new_name_exact_in_cited_clause', 'llm_confidence'] as const;
type CrosswalkCells = Record<(typeof CROSSWALK_COLUMNS)[number], string> &
  Partial<Record<(typeof CROSSWALK_FLAG_COLUMNS)[number], string>>;

function crosswalkRow(r: CrosswalkCells): CrosswalkRow {
  const row: CrosswalkRow = {
    oldProvinceCode: r.old_province_code,
    oldProvinceName: r.old_province_name,
    oldDistrictCode: r.old_district_code,
    oldDistrictName: r.old_district_name,
    oldCommuneCode: r.old_commune_code,
    oldCommuneName: r.old_commune_name,
    newProvinceCode: r.new_province_code,
    newWardCode: r.new_ward_code,
    newWardName: r.new_ward_name,
    newTargets: Number(r.n_new_targets) || 1,
  };
  if (r.old_name_exact_in_cited_clause !== undefined) {
    row.oldNameChecked = yes(r.old_name_exact_in_cited_clause);
    row.newNameChecked = yes(r.new_name_exact_in_cited_clause);
    row.llmConfidence = r.llm_confidence ?? '';
  }
  return row;
}

/** Reads and parses the admin reference tables from `adminDir` (default: <package root>/refdata/admin). */
export function readAdminTables(adminDir: string = join(packageRoot(), 'refdata', 'admin')): AdminTables {
  const preReform: PreReformUnitRow[] = readCsv(adminDir, ADMIN_FILES.preReform, [
    'province_code', 'province_name', 'district_code', 'district_name', 'commune_code', 'commune_full_name', 'commune_name',
  ]).map((r) => ({
    provinceCode: r.province_code,
    provinceName: r.province_name,
    districtCode: r.district_code,
    districtName: r.district_name,
    communeCode: r.commune_code,
    communeFullName: r.commune_full_name,
    communeName: r.commune_name,
  }));
  const postReform: PostReformUnitRow[] = readCsv(adminDir, ADMIN_FILES.postReform, [
    'province_code', 'province_name', 'ward_code', 'ward_full_name', 'ward_name',
  ]).map((r) => ({
    provinceCode: r.province_code,
    provinceName: r.province_name,
    wardCode: r.ward_code,
    wardFullName: r.ward_full_name,
    wardName: r.ward_name,
  }));

  // The Sơn La subset must agree with the national list (it is a copy of it): a cheap integrity check.
  const postByCode = new Map(postReform.map((r) => [r.wardCode, r]));
  for (const r of readCsv(adminDir, ADMIN_FILES.sonLaPostReform, ['province_code', 'ward_code', 'ward_full_name'])) {
    const n = postByCode.get(r.ward_code);
    if (!n || n.wardFullName !== r.ward_full_name || n.provinceCode !== r.province_code) {
      throw new Error(`${ADMIN_FILES.sonLaPostReform}: ${r.ward_code} ${r.ward_full_name} disagrees with ${ADMIN_FILES.postReform}`);
    }
  }

  const nationalCrosswalk = readCsv(adminDir, ADMIN_FILES.nationalCrosswalk, [
    ...CROSSWALK_COLUMNS, ...CROSSWALK_FLAG_COLUMNS,
  ]).map(crosswalkRow);
  // No flag columns here: every row was checked against Resolution 1681.
  const verifiedCrosswalk = readCsv(adminDir, ADMIN_FILES.verifiedCrosswalk, CROSSWALK_COLUMNS).map(crosswalkRow);

  const history: CommuneHistoryRow[] = readCsv(adminDir, ADMIN_FILES.history, [
    'commune_code', 'commune_name', 'district_code', 'district_name', 'last_seen', 'valid_at_2025_06_30',
  ]).map((r) => ({
    communeCode: r.commune_code,
    communeName: r.commune_name,
    districtCode: r.district_code,
    districtName: r.district_name,
    lastSeen: r.last_seen,
    validAtCutoff: r.valid_at_2025_06_30 === 'True',
  }));

  const variantColumns = ['name_in_gso_list', 'name_in_resolution_1681', 'name_in_thanglequoc_final_20250712'] as const;
  const variants: CommuneVariantRow[] = readCsv(adminDir, ADMIN_FILES.variants, ['commune_code', ...variantColumns]).map((r) => ({
    communeCode: r.commune_code,
    names: variantColumns.map((c) => r[c] ?? '').filter((n) => n.trim().length > 0),
  }));

  return { preReform, postReform, nationalCrosswalk, verifiedCrosswalk, history, variants };
}

const cached = new Map<string, PlaceIndex>();

/**
 * The place index over the project's refdata/admin files (or `adminDir`), built once per folder and
 * cached for the life of the process.
 */
export function loadPlaceIndex(adminDir?: string): PlaceIndex {
  const dir = adminDir ?? join(packageRoot(), 'refdata', 'admin');
  let index = cached.get(dir);
  if (!index) {
    index = buildPlaceIndex(readAdminTables(dir));
    cached.set(dir, index);
  }
  return index;
}
