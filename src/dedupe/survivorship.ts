// Surviving ("best") values of an entity: the most complete and most agreed value of each field among
// its records; for identity fields (name, birth date, sex, ethnicity) the ID list wins when the entity
// is linked to it, because the population database is the authority.
import type { ChildRecord, IdPerson } from '../pipeline/types.js';
import type { ParsedName } from '../vietnamese/names.js';
import type { PartialDate, Sex } from '../vietnamese/types.js';
import type { EthnicGroup } from '../vietnamese/ethnicity.js';

export interface BestValues {
  fullName: string;
  birth: PartialDate | null;
  sex: Sex;
  ethnicity: EthnicGroup | null;
  motherName: string;
  fatherName: string;
  village: string;
  communeCode: string;
  commune: string;
  /** Where the identity fields come from. */
  source: 'id-list' | 'records';
}

/** The value chosen by the highest score; ties go to the earliest record. */
function pick<T>(items: readonly T[], score: (x: T) => number): T | undefined {
  let best: T | undefined;
  let bestScore = -Infinity;
  for (const x of items) {
    const s = score(x);
    if (s > bestScore) {
      best = x;
      bestScore = s;
    }
  }
  return best;
}

function count<T>(values: readonly T[], v: T): number {
  let n = 0;
  for (const x of values) if (x === v) n++;
  return n;
}

/** Canonical names are NFC: any letter beyond ASCII is one with a diacritic (or đ). */
function hasDiacritics(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127 && c !== 0xfffd) return true; // U+FFFD: a letter lost to a broken encoding
  }
  return false;
}

function nameScore(n: ParsedName, all: readonly string[]): number {
  const hasMarks = hasDiacritics(n.canonical) ? 4 : 0;
  const hasMiddle = n.middle ? 2 : 0;
  return hasMarks + hasMiddle + count(all, n.canonical);
}

function dateScore(d: PartialDate, all: readonly string[]): number {
  const precision = d.precision === 'day' ? 8 : d.precision === 'month' ? 4 : 0;
  return precision + (d.placeholder ? -6 : 0) + count(all, d.iso);
}

/**
 * Every field of a one-record entity is that record's (what the general rule gives for one member,
 * without its score arrays): most entities are one record, and emit asks for a million of them.
 */
function valuesOfOne(r: ChildRecord): BestValues {
  const commune = r.place.newCommune;
  return {
    fullName: r.name.canonical,
    birth: r.birth,
    sex: r.sex,
    ethnicity: r.ethnicity,
    motherName: r.mother?.canonical ?? '',
    fatherName: r.father?.canonical ?? '',
    village: commune ? r.place.village : '',
    communeCode: commune?.code ?? '',
    commune: commune?.name ?? '',
    source: 'records',
  };
}

function valuesOfMany(members: readonly ChildRecord[]): BestValues {
  const names = members.map((r) => r.name.canonical);
  const name = pick(members.map((r) => r.name), (n) => nameScore(n, names));
  const dates = members.map((r) => r.birth).filter((d): d is PartialDate => d !== null);
  const isos = dates.map((d) => d.iso);
  const birth = pick(dates, (d) => dateScore(d, isos)) ?? null;
  const sexes = members.map((r) => r.sex).filter((s) => s !== 'U');
  const sex = pick(sexes, (s) => count(sexes, s)) ?? 'U';
  const groups = members.map((r) => r.ethnicity).filter((e): e is EthnicGroup => e !== null);
  const ethnicity = pick(groups, (e) => groups.filter((g) => g.code === e.code).length) ?? null;
  const parent = (get: (r: ChildRecord) => ParsedName | null): string => {
    const ns = members.map(get).filter((n): n is ParsedName => n !== null);
    const all = ns.map((n) => n.canonical);
    return pick(ns, (n) => nameScore(n, all) + n.tokens.length / 10)?.canonical ?? '';
  };
  const placed = members.filter((r) => r.place.newCommune);
  const villages = placed.map((r) => r.place.village);
  const place = pick(placed, (r) => (r.place.village ? 2 : 0) + count(villages, r.place.village));
  return {
    fullName: name?.canonical ?? '',
    birth,
    sex,
    ethnicity,
    motherName: parent((r) => r.mother),
    fatherName: parent((r) => r.father),
    village: place?.place.village ?? '',
    communeCode: place?.place.newCommune?.code ?? '',
    commune: place?.place.newCommune?.name ?? '',
    source: 'records',
  };
}

export function bestValues(members: readonly ChildRecord[], person: IdPerson | null): BestValues {
  const fromRecords = members.length === 1 ? valuesOfOne(members[0]) : valuesOfMany(members);
  if (!person) return fromRecords;
  return {
    ...fromRecords,
    fullName: person.name.canonical,
    birth: person.birth ?? fromRecords.birth,
    sex: person.sex !== 'U' ? person.sex : fromRecords.sex,
    ethnicity: person.ethnicity ?? fromRecords.ethnicity,
    source: 'id-list',
  };
}
