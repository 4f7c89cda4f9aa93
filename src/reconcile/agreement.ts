// Field agreement between a child record and a person in the ID list (or another record).
// Coarse levels used for verifying an ID claim; the linkage engine has the fine-grained ones.
import type { NameKeys } from '../vietnamese/names.js';
import type { PartialDate, Sex } from '../vietnamese/types.js';

export type Agreement = 'agree' | 'partial' | 'disagree' | 'unknown';

/**
 * agree: same letters or same sound key; partial: same family and given name (middle dropped or
 * changed), or the same given name with a different family name spelling; disagree otherwise.
 */
export function compareNames(a: NameKeys | null, b: NameKeys | null): Agreement {
  if (!a || !b || a.ascii === '' || b.ascii === '') return 'unknown';
  if (a.ascii === b.ascii || a.sound === b.sound) return 'agree';
  if (a.givenSound === b.givenSound && (a.familySound === b.familySound || a.noMiddleAscii === b.noMiddleAscii)) return 'partial';
  return 'disagree';
}

/**
 * agree: the same exact day; partial: compatible but weaker (same year with a partial or placeholder
 * date, day and month swapped, one day apart); disagree: incompatible.
 */
export function compareBirth(a: PartialDate | null, b: PartialDate | null): Agreement {
  if (!a || !b) return 'unknown';
  if (a.year !== b.year) return 'disagree';
  const exactA = a.precision === 'day' && !a.placeholder;
  const exactB = b.precision === 'day' && !b.placeholder;
  if (exactA && exactB) {
    if (a.month === b.month && a.day === b.day) return 'agree';
    if (a.month === b.day && a.day === b.month) return 'partial';
    if (a.month === b.month && Math.abs((a.day ?? 0) - (b.day ?? 0)) === 1) return 'partial';
    return 'disagree';
  }
  if (a.month !== undefined && b.month !== undefined && !a.placeholder && !b.placeholder && a.month !== b.month) return 'disagree';
  return 'partial';
}

export function compareSex(a: Sex, b: Sex): Agreement {
  if (a === 'U' || b === 'U') return 'unknown';
  return a === b ? 'agree' : 'disagree';
}

/** Digits that differ between two IDs, counting a swap of neighbours as one. */
export function idDistance(a: string, b: string): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i]) {
      d++;
      i++;
    } else d++;
  }
  return d;
}
