// The synthetic truth: households of Sơn La children with parents, birth dates, villages and IDs.
// Everything the two output files show is rendered from this (with noise) in child-rows / id-list-rows.
import { Rng, WeightedPicker } from './prng.js';
import { ETHNIC_GROUPS, type EthnicGroup } from './ethnicity.js';
import { NameFactory, type PersonName, type Sex } from './names.js';
import type { Places, Village } from './places.js';
import { CitizenIdIssuer } from './citizen-ids.js';
import { TWIN_LOOKALIKES } from './name-lists.js';
import { addYears, fromDayNumber, type DayNumber } from './dates.js';

/** How the child database knows the birth date (home births often have none). */
export type ChildDbDate = 'exact' | 'placeholder' | 'year' | 'age';

export interface Household {
  index: number;
  group: EthnicGroup;
  village: Village;
  mother: PersonName | null;
  father: PersonName | null;
  motherBirthYear: number;
  fatherBirthYear: number;
  children: Child[];
}

export interface Child {
  /** 0-based; the person_id in the truth files is derived from it. */
  index: number;
  household: Household;
  name: PersonName;
  sex: Sex;
  birthDay: DayNumber;
  year: number;
  month: number;
  day: number;
  /** '' when the child has no ID yet (not registered in the population database). */
  citizenId: string;
  inChildDb: boolean;
  movedIn: boolean;
  childDbDate: ChildDbDate;
  /** The population database also holds 01/01 (day and month unknown at registration). */
  popDbPlaceholder: boolean;
  twin: Child | null;
}

export interface Population {
  households: Household[];
  children: Child[];
  /** Children in the child database, in generation order. */
  inDb: Child[];
  /** Children in the ID list but not in the child database. */
  listOnly: Child[];
}

export interface PopulationOptions {
  children: number;
  referenceDay: DayNumber;
}

/** Share of ID-list rows that are children missing from the child database. */
const LIST_ONLY_SHARE_OF_LIST = 0.04;
const TWIN_BIRTH_PROBABILITY = 0.0076;
/**
 * Share of 16–17-year-olds kept in the child database: two birth years against sixteen (fewer once unregistered ones are counted), so
 * 0.11 gives about 1% of children over age.
 */
const OVER_AGE_KEEP = 0.11;
const UNKNOWN_FATHER_PROBABILITY = 0.025;

export function personId(child: Child): string {
  return 'P' + String(child.index + 1).padStart(7, '0');
}

export function buildPopulation(opts: PopulationOptions, places: Places, names: NameFactory, rng: Rng): Population {
  const registeredShare = 0.92;
  const listOnlyCount = Math.round((opts.children * registeredShare * LIST_ONLY_SHARE_OF_LIST) / (1 - LIST_ONLY_SHARE_OF_LIST));
  const target = opts.children + listOnlyCount;

  const youngest = opts.referenceDay;
  const oldest = addYears(opts.referenceDay, -16) + 1;
  // Households are drawn so that the groups' shares hold among children, not among households.
  const groupPicker = new WeightedPicker(
    ETHNIC_GROUPS,
    ETHNIC_GROUPS.map((g) => g.share / expectedChildrenInWindow(g.householdSizes, youngest - oldest)),
  );
  const sizePickers = new Map<EthnicGroup, WeightedPicker<number>>(
    ETHNIC_GROUPS.map((g) => [g, new WeightedPicker([1, 2, 3, 4, 5], g.householdSizes)]),
  );
  const households: Household[] = [];
  const children: Child[] = [];

  while (children.length < target) {
    const group = groupPicker.pick(rng);
    const groupIndex = ETHNIC_GROUPS.indexOf(group);
    const village = places.villageByGroup[groupIndex].pick(rng);
    const births = sizePickers.get(group)!.pick(rng);
    const household = makeHousehold(households.length, group, village, names, rng);
    households.push(household);

    const { days, eldestDay } = birthDays(births, oldest, youngest, rng);
    const eldestYear = fromDayNumber(eldestDay).year;
    household.motherBirthYear = eldestYear - (group.key === 'hmong' ? rng.range(16, 26) : rng.range(18, 32));
    household.fatherBirthYear = household.motherBirthYear - rng.range(0, 6);

    const familyName = household.father?.family ?? household.mother!.family;
    for (let b = 0; b < days.length && children.length < target; b++) {
      const twins = rng.chance(TWIN_BIRTH_PROBABILITY) ? 2 : 1;
      const style = childDbDateStyle(group, rng);
      let first: Child | null = null;
      for (let t = 0; t < twins && children.length < target; t++) {
        const sex: Sex = first && rng.chance(0.6) ? first.sex : rng.chance(0.512) ? 0 : 1;
        const child = makeChild(children.length, household, sex, days[b], familyName, names, rng, first);
        child.childDbDate = style;
        child.popDbPlaceholder = style === 'placeholder' && rng.chance(0.3);
        if (first) {
          child.twin = first;
          first.twin = child;
        } else first = child;
        household.children.push(child);
        children.push(child);
      }
    }
  }

  markListOnly(households, children, listOnlyCount, rng);
  issueIds(children, opts.referenceDay, rng);
  const inDb = children.filter((c) => c.inChildDb);
  const listOnly = children.filter((c) => !c.inChildDb);
  return { households, children, inDb, listOnly };
}

function makeHousehold(index: number, group: EthnicGroup, village: Village, names: NameFactory, rng: Rng): Household {
  const fatherKnown = !rng.chance(UNKNOWN_FATHER_PROBABILITY);
  const fatherFamily = names.family(group, rng);
  // Most marriages are within the group; some mothers are from a neighbouring group.
  const motherGroup = rng.chance(0.05) ? ETHNIC_GROUPS[rng.int(4)] : group;
  const motherFamily = names.otherFamily(motherGroup, fatherFamily, rng);
  return {
    index,
    group,
    village,
    father: fatherKnown ? names.adultName(group, 0, fatherFamily, rng) : null,
    mother: names.adultName(motherGroup, 1, motherFamily, rng),
    motherBirthYear: 0,
    fatherBirthYear: 0,
    children: [],
  };
}

/** Mean gap between births in a family, in days (gaps are drawn uniformly from 540–1460). */
const MEAN_BIRTH_GAP = 1000;

/**
 * Birth days of a family's children that fall inside the age window [oldest, youngest], eldest first.
 * The family's births (1.5–4 years apart) are placed uniformly on the timeline so that ages come out
 * evenly spread; elder siblings beyond the window are adults now and younger ones not born yet, except
 * that some 16–17-year-olds are kept (over age, still in the database).
 */
function birthDays(births: number, oldest: DayNumber, youngest: DayNumber, rng: Rng): { days: DayNumber[]; eldestDay: DayNumber } {
  const offsets = [0];
  for (let i = 1; i < births; i++) offsets.push(offsets[i - 1] + rng.range(540, 1460));
  const span = offsets[offsets.length - 1];
  const window = youngest - oldest;
  const start = oldest - span + rng.int(window + span + 1);
  const overAgeFrom = addYears(oldest, -2);
  const days: DayNumber[] = [];
  for (const offset of offsets) {
    const day = start + offset;
    if ((day >= oldest && day <= youngest) || (day >= overAgeFrom && day < oldest && rng.chance(OVER_AGE_KEEP))) {
      days.push(day);
    }
  }
  return { days, eldestDay: start };
}

/** Expected number of a family's births that fall inside the age window (see birthDays). */
function expectedChildrenInWindow(sizeProbabilities: readonly number[], window: number): number {
  let expected = 0;
  sizeProbabilities.forEach((p, i) => {
    const n = i + 1;
    expected += (p * n * window) / (window + (n - 1) * MEAN_BIRTH_GAP);
  });
  return expected;
}

function childDbDateStyle(group: EthnicGroup, rng: Rng): ChildDbDate {
  // Home births (more frequent among H'Mông) leave the day unknown.
  const homeBirth = group.key === 'hmong' ? 2 : 1;
  const r = rng.next();
  if (r < 0.034 * homeBirth) return 'placeholder';
  if (r < 0.034 * homeBirth + 0.01) return 'year';
  if (r < 0.034 * homeBirth + 0.015) return 'age';
  return 'exact';
}

function makeChild(
  index: number,
  household: Household,
  sex: Sex,
  day: DayNumber,
  family: string,
  names: NameFactory,
  rng: Rng,
  twinOf: Child | null,
): Child {
  const siblings = household.children;
  let name = names.childName(household.group, sex, family, rng);
  if (twinOf && rng.chance(0.3)) {
    const lookalike = TWIN_LOOKALIKES[twinOf.name.given];
    if (lookalike) name = { ...name, middle: twinOf.name.middle, given: lookalike };
  }
  // Siblings never carry the same given name, nor does a child carry a parent's.
  const taken = (given: string): boolean =>
    siblings.some((s) => s.name.given === given) || household.father?.given === given || household.mother?.given === given;
  for (let i = 0; i < 8 && taken(name.given); i++) {
    name = names.childName(household.group, sex, family, rng);
  }
  const { year, month, day: dom } = fromDayNumber(day);
  return {
    index,
    household,
    name,
    sex,
    birthDay: day,
    year,
    month,
    day: dom,
    citizenId: '',
    inChildDb: true,
    movedIn: false,
    childDbDate: 'exact',
    popDbPlaceholder: false,
    twin: null,
  };
}

/**
 * Picks the children who are in the ID list but not in the child database: whole small households
 * that moved in (40%) and single children the officers missed (60%).
 */
function markListOnly(households: Household[], children: Child[], count: number, rng: Rng): void {
  let marked = 0;
  const order = households.map((_, i) => i);
  rng.shuffle(order);
  const movedInQuota = Math.round(count * 0.4);
  for (const hi of order) {
    if (marked >= movedInQuota) break;
    const h = households[hi];
    if (h.children.length > 2 || marked + h.children.length > movedInQuota) continue;
    for (const c of h.children) {
      c.inChildDb = false;
      c.movedIn = true;
      marked++;
    }
  }
  let guard = 0;
  while (marked < count && guard++ < count * 50) {
    const c = children[rng.int(children.length)];
    if (!c.inChildDb) continue;
    c.inChildDb = false;
    marked++;
  }
}

/** Every child in the ID list gets an ID; about 8% of the database's children are not registered yet. */
function issueIds(children: Child[], referenceDay: DayNumber, rng: Rng): void {
  const issuer = new CitizenIdIssuer();
  for (const c of children) {
    if (c.inChildDb && !rng.chance(registrationProbability(c, referenceDay))) continue;
    c.citizenId = issuer.issue(c.year, c.sex, c.movedIn, rng);
  }
}

function registrationProbability(c: Child, referenceDay: DayNumber): number {
  const ageDays = referenceDay - c.birthDay;
  let missing = ageDays < 365 ? 0.3 : ageDays < 730 ? 0.12 : ageDays >= 16 * 365 ? 0.03 : 0.06;
  if (c.household.group.key === 'hmong') missing *= 1.5;
  return 1 - missing;
}

/** Age in whole years at the reference day. */
export function ageAt(c: Child, referenceDay: DayNumber): number {
  const ref = fromDayNumber(referenceDay);
  let age = ref.year - c.year;
  if (ref.month < c.month || (ref.month === c.month && ref.day < c.day)) age--;
  return age;
}
