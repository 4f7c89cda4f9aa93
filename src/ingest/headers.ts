// Maps the column headers of Vietnamese exports to canonical fields.
// Headers are compared folded: no diacritics, lower case, letters and digits only, so
// "Họ và tên", "HO VA TEN" and "họ_và_tên" are the same header.
import type { ChildField } from '../../schemas/config.js';
import { stripDiacritics } from '../vietnamese/text.js';

export function foldHeader(header: string): string {
  return stripDiacritics(header.normalize('NFC')).toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Folded aliases per field, from child-database exports, police lists and common spreadsheets. */
const ALIASES: Record<ChildField, readonly string[]> = {
  record_id: [
    'matreem', 'matre', 'matreemid', 'madoituong', 'mahoso', 'mahs', 'recordid', 'id', 'ma', 'maso', 'masotreem',
    'mahosotreem', 'matreemtrenhethong',
  ],
  full_name: [
    'hovaten', 'hoten', 'hotentreem', 'hovatentreem', 'hotentre', 'hovatentre', 'hovatenkhaisinh',
    'hotenkhaisinh', 'tentreem', 'hovatencongdan', 'hotencongdan', 'fullname', 'name',
  ],
  family_name: ['ho', 'hotre', 'familyname', 'surname'],
  middle_name: ['tendem', 'tenlot', 'dem', 'middlename'],
  given_name: ['ten', 'tenrieng', 'givenname', 'firstname'],
  birth_date: [
    'ngaysinh', 'ngaythangnamsinh', 'ngaysinhthangnam', 'namsinh', 'ngaysinhhoactuoi', 'ngaysinhtuoi',
    'ngaysinhhoactuoiuoctinh', 'ngaysinhdd', 'ngaysinhddmmyyyy', 'ngaythangnamsinhddmmyyyy', 'dob', 'birthdate', 'dateofbirth',
  ],
  sex: ['gioitinh', 'gt', 'phai', 'gioi', 'namnu', 'gioitinhnamnu', 'sex', 'gender'],
  ethnicity: ['dantoc', 'dt', 'ethnicity', 'ethnic'],
  citizen_id: [
    'sodinhdanhcanhan', 'sodinhdanh', 'madinhdanh', 'madinhdanhcanhan', 'sddcn', 'soddcn', 'cccd', 'socccd',
    'socancuoc', 'socancuoccongdan', 'sodinhdanhcuatre', 'sodinhdanhtreem', 'sodinhdanhcanhancuatre', 'masodinhdanh',
    'masodinhdanhcanhan', 'citizenid', 'personalid',
  ],
  mother_name: ['hotenme', 'hovatenme', 'tenme', 'me', 'hotenmetreem', 'mothername'],
  father_name: ['hotencha', 'hovatencha', 'tencha', 'cha', 'hotenbo', 'hovatenbo', 'tenbo', 'bo', 'hotenchatreem', 'fathername'],
  guardian_name: ['nguoigiamho', 'hotennguoigiamho', 'hovatennguoigiamho', 'nguoinuoiduong', 'guardianname'],
  village: [
    'thonban', 'thon', 'ban', 'thonbanto', 'thonto', 'tothon', 'thonxom', 'xom', 'todanpho', 'thonbantodanpho', 'thonxomban',
    'bantieukhu', 'tieukhu', 'thonbantieukhu', 'village',
  ],
  commune: ['xaphuong', 'xa', 'phuong', 'xaphuongthitran', 'xaphuongtt', 'xathitran', 'phuongxa', 'xaphuongdackhu', 'commune', 'ward'],
  district: ['huyen', 'quanhuyen', 'quanhuyenthixa', 'huyenthanhpho', 'huyenthixa', 'huyenthixathanhpho', 'huyenquan', 'district'],
  province: ['tinh', 'tinhthanhpho', 'tinhtp', 'province'],
  address: ['noithuongtru', 'diachi', 'diachithuongtru', 'noio', 'noiohientai', 'noicutru', 'address'],
};

/** Columns that are known and deliberately not used (so they are not reported as unknown). */
const IGNORED = new Set(['stt', 'tt', 'sothutu', 'ghichu', 'note']);

const FIELD_BY_ALIAS = new Map<string, ChildField>();
for (const [field, aliases] of Object.entries(ALIASES) as Array<[ChildField, readonly string[]]>) {
  for (const alias of aliases) FIELD_BY_ALIAS.set(alias, field);
}

export interface HeaderMapping {
  /** For each column, the field it feeds, or null. */
  fields: Array<ChildField | null>;
  /** Headers that were neither mapped nor known to be ignorable. */
  unknown: string[];
  /** Fields that two columns claimed: the first column wins, the others are ignored. */
  duplicates: Array<{ field: ChildField; headers: string[] }>;
}

/**
 * Maps a header row. An explicit mapping from the config (field → exact header text) takes precedence
 * over the alias table; it is matched folded as well so a stray accent does not break it.
 */
export function mapHeaders(headers: readonly string[], explicit?: Partial<Record<ChildField, string>>): HeaderMapping {
  const folded = headers.map(foldHeader);
  const fields: Array<ChildField | null> = headers.map(() => null);
  const claimed = new Map<ChildField, number>();
  const duplicates = new Map<ChildField, string[]>();

  const claim = (col: number, field: ChildField): void => {
    const first = claimed.get(field);
    if (first !== undefined && first !== col) {
      const list = duplicates.get(field) ?? [headers[first]];
      list.push(headers[col]);
      duplicates.set(field, list);
      return;
    }
    claimed.set(field, col);
    fields[col] = field;
  };

  if (explicit) {
    for (const [field, header] of Object.entries(explicit) as Array<[ChildField, string]>) {
      const col = folded.indexOf(foldHeader(header));
      if (col >= 0) claim(col, field);
    }
  }
  folded.forEach((key, col) => {
    if (fields[col] !== null) return;
    const field = FIELD_BY_ALIAS.get(key);
    if (field) claim(col, field);
  });

  // "Tên" alone is the whole name in some exports; it is the given name only next to a "Họ" column.
  if (!claimed.has('family_name') && claimed.has('given_name') && !claimed.has('full_name')) {
    const col = claimed.get('given_name')!;
    fields[col] = 'full_name';
  }

  const unknown = headers.filter((h, col) => fields[col] === null && folded[col] !== '' && !IGNORED.has(folded[col]) && !isClaimedDuplicate(duplicates, h));
  return {
    fields,
    unknown,
    duplicates: [...duplicates].map(([field, hs]) => ({ field, headers: hs })),
  };
}

function isClaimedDuplicate(duplicates: Map<ChildField, string[]>, header: string): boolean {
  for (const hs of duplicates.values()) if (hs.includes(header)) return true;
  return false;
}

/** How many cells of a row look like known headers; used to find the header row below title rows. */
export function countKnownHeaders(cells: readonly string[]): number {
  let n = 0;
  for (const cell of cells) if (FIELD_BY_ALIAS.has(foldHeader(cell))) n++;
  return n;
}

/** Explicit config mappings whose header text is not in the file. */
export function missingExplicitHeaders(headers: readonly string[], explicit?: Partial<Record<ChildField, string>>): string[] {
  if (!explicit) return [];
  const folded = new Set(headers.map(foldHeader));
  return Object.values(explicit).filter((h): h is string => typeof h === 'string' && !folded.has(foldHeader(h)));
}
