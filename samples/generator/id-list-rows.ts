// Rows of the police ID list (population database export): the authority for identity fields, so it is
// clean — names in capitals, dd/mm/yyyy dates, the official ethnicity, the address in post-2025 units.
import { joinName } from './names.js';
import { formatDate } from './dates.js';
import type { Child } from './population.js';
import type { Rng } from './prng.js';

export const ID_LIST_HEADERS = [
  'STT', 'Số định danh cá nhân', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Họ tên mẹ', 'Họ tên cha',
  'Nơi thường trú',
] as const;

export function idListCells(child: Child, stt: number): string[] {
  const h = child.household;
  const v = h.village;
  const c = v.commune;
  const birth = child.popDbPlaceholder
    ? formatDate('dmy', child.year, 1, 1)
    : formatDate('dmy', child.year, child.month, child.day);
  return [
    String(stt),
    child.citizenId,
    joinName(child.name).toUpperCase(),
    birth,
    child.sex === 0 ? 'Nam' : 'Nữ',
    h.group.official,
    h.mother ? joinName(h.mother).toUpperCase() : '',
    h.father ? joinName(h.father).toUpperCase() : '',
    `${v.name}, ${c.newType} ${c.newName}, Tỉnh Sơn La`,
  ];
}

/**
 * The order police lists come in: grouped by (new) commune and village, random within a village.
 * Returns a new array; the input is not changed.
 */
export function policeListOrder(children: readonly Child[], rng: Rng): Child[] {
  const list = rng.shuffle([...children]);
  // One numeric key per row (commune, village, shuffled position) sorts a million rows fast and stably.
  const POSITION_SPAN = 2 ** 23;
  if (list.length >= POSITION_SPAN) throw new Error('ID list too long for the sort key');
  const keys = new Float64Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i].household.village;
    keys[i] = (Number(v.commune.newCode) * 100_000 + v.index) * POSITION_SPAN + i;
  }
  keys.sort();
  return Array.from(keys, (k) => list[k % POSITION_SPAN]);
}
