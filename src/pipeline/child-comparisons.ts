// Comparison levels of child records, shared by the dedupe stage (record vs record) and the reconcile
// stage (record vs ID-list person). Levels run from the strongest agreement to 'different'.
import type { BlockingRule, ComparisonSpec, Predicate } from '../../schemas/linkage.js';

export const nameLevels: ComparisonSpec['levels'] = [
  { label: 'exact', when: { exact: 'name_canonical' }, tf: 'name_ascii' },
  { label: 'diacritics missing', when: { all: [{ exact: 'name_ascii' }, { either: 'name_plain' }] }, tf: 'name_ascii' },
  { label: 'marks differ', when: { exact: 'name_ascii' } },
  { label: 'same sound', when: { exact: 'name_sound' } },
  { label: 'middle name differs', when: { exact: 'name_nomiddle' } },
  { label: 'family and given sound alike', when: { all: [{ exact: 'family_sound' }, { exact: 'given_sound' }] } },
  { label: 'one typo', when: { levenshtein: 'name_ascii', max: 1 } },
  { label: 'middle name differs, one typo', when: { levenshtein: 'name_nomiddle', max: 1 } },
  { label: 'given name similar', when: { all: [{ exact: 'family_sound' }, { jaroWinkler: 'given_ascii', min: 0.88 }] } },
  { label: 'same given name', when: { exact: 'given_sound' } },
  { label: 'different', when: 'else' },
];

export const birthLevels: ComparisonSpec['levels'] = [
  { label: 'exact', when: { date: 'birth', is: 'exact' } },
  { label: 'day and month swapped', when: { date: 'birth', is: 'swapped' } },
  { label: 'one day apart', when: { date: 'birth', is: 'withinDays', days: 1 } },
  { label: 'same month', when: { date: 'birth', is: 'sameMonthYear' } },
  { label: 'same year, partial or placeholder', when: { date: 'birth', is: 'weak' } },
  { label: 'same year', when: { date: 'birth', is: 'sameYear' } },
  { label: 'one year apart', when: { date: 'birth', is: 'yearWithin', years: 1 } },
  { label: 'different', when: 'else' },
];

export const same = (feature: string): Predicate => ({ exact: feature });

/**
 * Mother, father and village are one comparison: siblings share all three, so counting them as
 * independent evidence would make any two siblings look like one child.
 */
/** A parent's name agrees when it sounds the same or is a near spelling (typos in re-entered names). */
const parentAlike = (who: 'mother' | 'father'): Predicate => ({ any: [same(`${who}_sound`), { levenshtein: `${who}_ascii`, max: 1 }] });
/** Both records name this parent, differently. */
const parentDiffers = (who: 'mother' | 'father'): Predicate => ({ all: [{ differs: `${who}_sound` }, { not: parentAlike(who) }] });

/**
 * Mother, father and village are one comparison: siblings share all three, so counting them as
 * independent evidence would make any two siblings look like one child.
 */
export const householdLevels: ComparisonSpec['levels'] = [
  { label: 'same parents and village', when: { all: [same('mother_sound'), same('father_sound'), same('village_key')] } },
  { label: 'same mother and village', when: { all: [same('mother_sound'), same('village_key')] } },
  { label: 'same father and village', when: { all: [same('father_sound'), same('village_key')] } },
  { label: 'parents alike and same village', when: { all: [parentAlike('mother'), parentAlike('father'), same('village_key')] } },
  { label: 'same parents', when: { all: [same('mother_sound'), same('father_sound')] } },
  { label: 'same mother', when: same('mother_sound') },
  { label: 'same village, parents unknown', when: { all: [same('village_key'), { not: { any: [parentDiffers('mother'), parentDiffers('father')] } }] } },
  { label: 'same village, parents differ', when: same('village_key') },
  { label: 'same commune', when: same('commune_code') },
  { label: 'different', when: 'else' },
];

export const CHILD_COMPARISONS: ComparisonSpec[] = [
  { name: 'name', requires: ['name_ascii'], levels: nameLevels, display: ['name_canonical'] },
  { name: 'birth date', requires: ['birth'], levels: birthLevels },
  { name: 'sex', requires: ['sex'], levels: [{ label: 'same', when: same('sex') }, { label: 'different', when: 'else' }] },
  { name: 'household', requires: [], levels: householdLevels, display: ['mother_ascii', 'father_ascii', 'village_key'] },
  { name: 'ethnicity', requires: ['ethnicity'], levels: [{ label: 'same', when: same('ethnicity') }, { label: 'different', when: 'else' }] },
];

/**
 * Blocking rules: each key combination keeps blocks small even at provincial scale (Sơn La has few
 * family names and given names, so a rule on names alone would grow with the square of the data).
 */
export const CHILD_BLOCKING: BlockingRule[] = [
  { name: 'same citizen ID', keys: ['citizen_id'] },
  { name: 'name + birth year + commune', keys: ['family_sound', 'given_sound', 'birth_year', 'commune_code'] },
  { name: 'name + birth date', keys: ['family_sound', 'given_sound', 'birth_iso'] },
  { name: 'birth date + commune', keys: ['birth_iso', 'commune_code'] },
  { name: 'mother + given name + commune', keys: ['mother_sound', 'given_sound', 'commune_code'] },
  { name: 'parents + birth year', keys: ['mother_sound', 'father_sound', 'birth_year'] },
  { name: 'village + family name + birth year', keys: ['village_key', 'family_sound', 'birth_year'] },
];

/**
 * A pair is linked automatically only if the child's own name, birth date and sex agree this well:
 * family fields (parents, village) cannot make up for them, since siblings and twins share those.
 */
export const CHILD_MUST_AGREE = [
  { comparison: 'name', atLeast: 'middle name differs, one typo', allowMissing: false },
  { comparison: 'birth date', atLeast: 'same year, partial or placeholder', allowMissing: false },
  { comparison: 'sex', atLeast: 'same', allowMissing: true },
];
