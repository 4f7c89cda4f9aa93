// Generates personal names by ethnic group: family + middle + given, with the skew that makes many
// different children share a full name in Sơn La (few family names, 'Văn'/'Thị'/'A', short given lists).
import { Rng, WeightedPicker, zipfWeights } from './prng.js';
import { readRefCsv, readRefLines } from './refdata.js';
import type { EthnicGroup, NameStyle } from './ethnicity.js';
import {
  DAO_GIVEN_FEMALE, DAO_GIVEN_MALE, FAMILY_WEIGHTS, KINH_GIVEN_FEMALE_COMMON, KINH_GIVEN_UNISEX, HMONG_GIVEN_FEMALE, HMONG_GIVEN_MALE, KINH_MIDDLE_FEMALE,
  KINH_MIDDLE_MALE, THAI_GIVEN_FEMALE, THAI_GIVEN_MALE,
} from './name-lists.js';
import { stripDiacritics } from '../../src/vietnamese/text.js';

export type Sex = 0 | 1; // 0 = male (Nam), 1 = female (Nữ)

export interface PersonName {
  family: string;
  /** '' when the person has no middle name. */
  middle: string;
  given: string;
}

export function joinName(n: PersonName): string {
  return n.middle ? `${n.family} ${n.middle} ${n.given}` : `${n.family} ${n.given}`;
}

const ASCII_LETTERS = /^[A-Za-z]+$/;

function picker(list: readonly string[], skew: number): WeightedPicker<string> {
  return new WeightedPicker(list, zipfWeights(list.length, skew));
}

/** Name material loaded once (refdata + hand lists); all draws take the caller's Rng. */
export class NameFactory {
  private readonly families = new Map<string, WeightedPicker<string>>();
  private readonly given: Record<NameStyle, [WeightedPicker<string>, WeightedPicker<string>]>;
  private readonly kinhMiddle: [WeightedPicker<string>, WeightedPicker<string>];
  private readonly daoGiven: [WeightedPicker<string>, WeightedPicker<string>];

  constructor() {
    for (const [key, list] of Object.entries(FAMILY_WEIGHTS)) {
      this.families.set(key, new WeightedPicker(list.map((x) => x[0]), list.map((x) => x[1])));
    }
    this.families.set('kinh', loadKinhFamilies());
    const kinhGiven: [WeightedPicker<string>, WeightedPicker<string>] = [loadKinhGivenMale(), loadKinhGivenFemale()];
    const thaiGiven: [WeightedPicker<string>, WeightedPicker<string>] = [
      picker(THAI_GIVEN_MALE, 0.85),
      picker(THAI_GIVEN_FEMALE, 0.85),
    ];
    this.given = {
      thai: thaiGiven,
      hmong: [picker(HMONG_GIVEN_MALE, 0.8), picker(HMONG_GIVEN_FEMALE, 0.8)],
      kinh: kinhGiven,
      muong: kinhGiven,
      dao: kinhGiven,
    };
    this.daoGiven = [picker(DAO_GIVEN_MALE, 0.7), picker(DAO_GIVEN_FEMALE, 0.7)];
    this.kinhMiddle = [picker(KINH_MIDDLE_MALE, 0.8), picker(KINH_MIDDLE_FEMALE, 0.8)];
  }

  family(group: EthnicGroup, rng: Rng): string {
    const p = this.families.get(group.families);
    if (!p) throw new Error(`no family names for ${group.families}`);
    return p.pick(rng);
  }

  /** A family name of the group different from `other` (clan exogamy; mothers keep their own name). */
  otherFamily(group: EthnicGroup, other: string, rng: Rng): string {
    for (let i = 0; i < 8; i++) {
      const f = this.family(group, rng);
      if (f !== other) return f;
    }
    return this.family(group, rng);
  }

  givenName(style: NameStyle, sex: Sex, rng: Rng): string {
    if (style === 'dao' && rng.chance(0.6)) return this.daoGiven[sex].pick(rng);
    return this.given[style][sex].pick(rng);
  }

  /** Middle name by group, sex and generation (parents' generation follows the tradition more). */
  middleName(style: NameStyle, sex: Sex, adult: boolean, rng: Rng): string {
    const r = rng.next();
    const traditional = sex === 0 ? 'Văn' : 'Thị';
    switch (style) {
      case 'hmong':
        if (sex === 0) return r < (adult ? 0.75 : 0.8) ? 'A' : r < (adult ? 0.85 : 0.88) ? 'Văn' : '';
        return r < (adult ? 0.8 : 0.7) ? 'Thị' : '';
      case 'thai':
        if (r < (adult ? 0.95 : 0.85)) return traditional;
        return r < (adult ? 0.97 : 0.95) ? this.kinhMiddle[sex].pick(rng) : '';
      case 'muong':
        return r < (adult ? 0.92 : 0.75) ? traditional : this.kinhMiddle[sex].pick(rng);
      case 'dao':
        return r < (adult ? 0.9 : 0.7) ? traditional : this.kinhMiddle[sex].pick(rng);
      case 'kinh': {
        const pTraditional = sex === 0 ? (adult ? 0.55 : 0.22) : adult ? 0.65 : 0.3;
        return r < pTraditional ? traditional : this.kinhMiddle[sex].pick(rng);
      }
    }
  }

  childName(group: EthnicGroup, sex: Sex, family: string, rng: Rng): PersonName {
    return {
      family,
      middle: this.middleName(group.nameStyle, sex, false, rng),
      given: this.givenName(group.nameStyle, sex, rng),
    };
  }

  adultName(group: EthnicGroup, sex: Sex, family: string, rng: Rng): PersonName {
    return {
      family,
      middle: this.middleName(group.nameStyle, sex, true, rng),
      given: this.givenName(group.nameStyle, sex, rng),
    };
  }
}

/** Kinh family names from the UIT 2016 frequencies, re-weighted for the North (Võ/Huỳnh are southern). */
function loadKinhFamilies(): WeightedPicker<string> {
  const northern: Record<string, number> = { Võ: 0.15, Huỳnh: 0.1, Trương: 0.6 };
  const names: string[] = [];
  const weights: number[] = [];
  for (const r of readRefCsv('names', 'uit2016_surname_freq.csv')) {
    const count = Number(r.count);
    if (!(count >= 3) || r.surname === 'Y' || !ASCII_LETTERS.test(stripDiacritics(r.surname))) continue;
    names.push(r.surname);
    weights.push(count * (northern[r.surname] ?? 1));
  }
  return new WeightedPicker(names, weights);
}

function uitGivenCounts(): Map<string, number> {
  const freq = new Map<string, number>();
  for (const r of readRefCsv('names', 'uit2016_given_name_freq.csv')) freq.set(r.given_name, Number(r.count) || 0);
  return freq;
}

function oneWordNames(file: string): string[] {
  return [...new Set(readRefLines('names', file).filter((n) => ASCII_LETTERS.test(stripDiacritics(n))))];
}

/** Boys: the duyet one-word list weighted by UIT 2016 counts (mostly men); typical girls' names pushed down. */
function loadKinhGivenMale(): WeightedPicker<string> {
  const freq = uitGivenCounts();
  const girlish = new Set(KINH_GIVEN_FEMALE_COMMON.filter((n) => !KINH_GIVEN_UNISEX.includes(n)));
  const names = oneWordNames('duyet_boy_one_word.txt');
  return new WeightedPicker(names, names.map((n) => (girlish.has(n) ? 0.05 : 1 + (freq.get(n) ?? 0))));
}

/** Girls: a curated head of common names (Zipf) and the duyet girls' list as a thin tail. */
function loadKinhGivenFemale(): WeightedPicker<string> {
  const freq = uitGivenCounts();
  const head = KINH_GIVEN_FEMALE_COMMON;
  const headWeights = zipfWeights(head.length, 0.8).map((w) => w * 60);
  const tail = oneWordNames('duyet_girl_one_word.txt').filter(
    (n) => !head.includes(n) && ((freq.get(n) ?? 0) < 20 || KINH_GIVEN_UNISEX.includes(n)),
  );
  return new WeightedPicker([...head, ...tail], [...headWeights, ...tail.map(() => 0.5)]);
}
