// Renders rows of the child-database export from the synthetic truth: the noise every row can carry
// (how officers type), the re-entry corruptions of duplicate records, wrong IDs and a few broken rows.
import { Rng, WeightedPicker } from './prng.js';
import { ETHNIC_GROUPS } from './ethnicity.js';
import { joinName, type PersonName } from './names.js';
import { districtFull, type Commune } from './places.js';
import { ageAt, personId, type Child, type ChildDbDate } from './population.js';
import { formatDate, type DateFormat, type DayNumber } from './dates.js';
import {
  digitTypo, excelDropLeadingZero, excelScientific, formatIdLoosely, oldIdentityCard, parentCitizenId, phoneNumber,
  transposeDigits,
} from './citizen-ids.js';
import {
  extraSpaces, hasSpellingVariant, hasTonePlacementChoice, spellingVariant, toNewTonePlacement, typo, villageVariant,
} from './corruptions.js';
import { encodeTcvn3Mojibake } from './tcvn3.js';
import { stripDiacritics } from '../../src/vietnamese/text.js';

export const CHILD_HEADERS = [
  'Mã trẻ em', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Số định danh cá nhân', 'Họ tên mẹ', 'Họ tên cha',
  'Thôn/bản', 'Xã/phường', 'Huyện',
] as const;

/** One rendered row. `rawCell` is the index of a cell that must be written unquoted even if it holds a comma. */
export interface ChildRow {
  cells: string[];
  rawCell: number;
  recordId: string;
  personId: string;
  trueCitizenId: string;
}

type CaseMode = 'as-is' | 'upper' | 'lower';

/** What the officer typed, before it becomes text. Re-entry corruptions edit this. */
interface Draft {
  name: PersonName;
  dropMiddle: boolean;
  caseMode: CaseMode;
  noDiacritics: boolean;
  extraSpaces: boolean;
  typos: number;
  newTonePlacement: boolean;
  nfd: boolean;
  tcvn3: boolean;
  dateStyle: ChildDbDate;
  dateFormat: DateFormat;
  swapDayMonth: boolean;
  sex: string;
  ethnicity: string;
  citizenId: string;
  mother: string;
  father: string;
  village: string;
  useNewCommune: boolean;
  communeStyle: number;
}

type Corruption =
  | 'noDiacritics' | 'toneSwap' | 'nfd' | 'spaces' | 'case' | 'typo' | 'dropMiddle' | 'spelling' | 'dateFormat'
  | 'dayMonthSwap' | 'yearOnly' | 'placeholder' | 'sexMissing' | 'communeFlip' | 'village' | 'parent';

const CORRUPTIONS = new WeightedPicker<Corruption>(
  ['noDiacritics', 'toneSwap', 'nfd', 'spaces', 'case', 'typo', 'dropMiddle', 'spelling', 'dateFormat',
    'dayMonthSwap', 'yearOnly', 'placeholder', 'sexMissing', 'communeFlip', 'village', 'parent'],
  [12, 6, 4, 6, 7, 14, 7, 10, 8, 5, 3, 4, 3, 8, 6, 9],
);
const CORRUPTION_COUNT = new WeightedPicker([1, 2, 3], [50, 35, 15]);
const BASE_DATE_FORMATS = new WeightedPicker<DateFormat>(
  ['dmy', 'dmyUnpadded', 'iso', 'dmyShort', 'dashed', 'dotted', 'excelSerial'],
  [95.3, 2, 1, 0.5, 0.5, 0.5, 0.2],
);
const OTHER_DATE_FORMATS: DateFormat[] = ['iso', 'dmyShort', 'words', 'dmyUnpadded', 'dashed'];

type WrongIdKind = 'typo' | 'transpose' | 'sibling' | 'parent' | 'cmnd' | 'phone' | 'dropZero' | 'scientific';
const WRONG_ID_KINDS = new WeightedPicker<WrongIdKind>(
  ['typo', 'transpose', 'sibling', 'parent', 'cmnd', 'phone', 'dropZero', 'scientific'],
  [30, 20, 10, 10, 8, 7, 10, 5],
);
const WRONG_ID_FOR_UNREGISTERED = new WeightedPicker<WrongIdKind>(['parent', 'phone', 'cmnd', 'sibling'], [40, 20, 20, 20]);

const ETHNICITY_SPELLINGS = new Map(
  ETHNIC_GROUPS.map((g) => [g, new WeightedPicker(g.childDbSpellings.map((x) => x[0]), g.childDbSpellings.map((x) => x[1]))]),
);

/** Per-row rates of the noise any record can carry. */
const RATE = {
  carryIdRegistered: 0.37,
  carryIdUnregistered: 0.04,
  wrongId: 0.03,
  looseIdFormat: 0.04,
  upper: 0.015,
  lower: 0.003,
  noDiacritics: 0.015,
  extraSpaces: 0.01,
  newTonePlacement: 0.25,
  typo: 0.005,
  nfd: 0.005,
  tcvn3: 0.003,
  spellingDrift: 0.02,
  sexUnknown: 0.005,
  sexBlank: 0.005,
  sexLower: 0.003,
  ethnicityBlank: 0.005,
  motherBlank: 0.015,
  fatherBlank: 0.03,
  villageVariant: 0.05,
  newCommune: 0.3,
  badRow: 0.001,
};

export interface ChildRowStats {
  recordsWithId: number;
  wrongIds: number;
  badRows: number;
}

export class ChildRowRenderer {
  readonly stats: ChildRowStats = { recordsWithId: 0, wrongIds: 0, badRows: 0 };
  private readonly seed: number;

  constructor(
    private readonly rng: Rng,
    private readonly referenceDay: DayNumber,
    seed: number,
  ) {
    this.seed = seed;
  }

  /** Renders the `copy`-th entry (1 = first, 2–3 = re-entries) of a child as row number `rowNumber` (1-based). */
  render(child: Child, copy: number, rowNumber: number): ChildRow {
    const rng = this.rng;
    const draft = this.baseDraft(child);
    if (copy > 1) {
      const count = CORRUPTION_COUNT.pick(rng);
      const applied = new Set<Corruption>();
      for (let attempt = 0; applied.size < count && attempt < 20; attempt++) {
        const kind = CORRUPTIONS.pick(rng);
        if (!applied.has(kind) && this.corrupt(draft, kind, child)) applied.add(kind);
      }
    }
    const recordId = 'TE14-' + String(rowNumber).padStart(7, '0');
    const cells = this.cells(draft, child, recordId);
    const row: ChildRow = { cells, rawCell: -1, recordId, personId: personId(child), trueCitizenId: child.citizenId };
    if (rng.chance(RATE.badRow)) this.breakRow(row, child);
    return row;
  }

  private baseDraft(child: Child): Draft {
    const rng = this.rng;
    const h = child.household;
    const name = { ...child.name };
    if (h.group.nameStyle !== 'kinh' && rng.chance(RATE.spellingDrift)) {
      // The child database and the population database do not always spell a minority name alike.
      if (rng.chance(0.7) && hasSpellingVariant(name.given)) name.given = spellingVariant(name.given, rng);
      else if (hasSpellingVariant(name.family)) name.family = spellingVariant(name.family, rng);
    }
    const caseRoll = rng.next();
    return {
      name,
      dropMiddle: false,
      caseMode: caseRoll < RATE.upper ? 'upper' : caseRoll < RATE.upper + RATE.lower ? 'lower' : 'as-is',
      noDiacritics: rng.chance(RATE.noDiacritics),
      extraSpaces: rng.chance(RATE.extraSpaces),
      typos: rng.chance(RATE.typo) ? 1 : 0,
      newTonePlacement: rng.chance(RATE.newTonePlacement),
      nfd: rng.chance(RATE.nfd),
      tcvn3: rng.chance(RATE.tcvn3),
      dateStyle: child.childDbDate,
      dateFormat: BASE_DATE_FORMATS.pick(rng),
      swapDayMonth: false,
      sex: this.sexText(child),
      ethnicity: rng.chance(RATE.ethnicityBlank) ? '' : ETHNICITY_SPELLINGS.get(h.group)!.pick(rng),
      citizenId: this.citizenIdText(child),
      mother: h.mother && !rng.chance(RATE.motherBlank) ? joinName(h.mother) : '',
      father: h.father && !rng.chance(RATE.fatherBlank) ? joinName(h.father) : '',
      village: rng.chance(RATE.villageVariant) ? villageVariant(h.village, rng) : h.village.name,
      useNewCommune: rng.chance(RATE.newCommune),
      communeStyle: rng.next(),
    };
  }

  private sexText(child: Child): string {
    const r = this.rng.next();
    if (r < RATE.sexUnknown) return 'Không rõ';
    if (r < RATE.sexUnknown + RATE.sexBlank) return '';
    const text = child.sex === 0 ? 'Nam' : 'Nữ';
    return r < RATE.sexUnknown + RATE.sexBlank + RATE.sexLower ? text.toLowerCase() : text;
  }

  /** The ID cell: mostly blank; when filled, mostly right, sometimes wrong in the ways officers get it wrong. */
  private citizenIdText(child: Child): string {
    const rng = this.rng;
    const registered = child.citizenId !== '';
    if (!rng.chance(registered ? RATE.carryIdRegistered : RATE.carryIdUnregistered)) return '';
    this.stats.recordsWithId++;
    if (registered && !rng.chance(RATE.wrongId)) {
      return rng.chance(RATE.looseIdFormat) ? formatIdLoosely(child.citizenId, rng) : child.citizenId;
    }
    this.stats.wrongIds++;
    const kind = (registered ? WRONG_ID_KINDS : WRONG_ID_FOR_UNREGISTERED).pick(rng);
    return this.wrongId(child, kind);
  }

  private wrongId(child: Child, kind: WrongIdKind): string {
    const rng = this.rng;
    const own = child.citizenId;
    switch (kind) {
      case 'typo':
        return digitTypo(own, rng);
      case 'transpose':
        return transposeDigits(own, rng);
      case 'sibling': {
        const sibling = child.twin?.citizenId
          ? child.twin
          : child.household.children.find((s) => s !== child && s.citizenId !== '');
        if (sibling) return sibling.citizenId;
        return own ? digitTypo(own, rng) : this.parentId(child);
      }
      case 'parent':
        return this.parentId(child);
      case 'cmnd':
        return oldIdentityCard(rng);
      case 'phone':
        return phoneNumber(rng);
      case 'dropZero':
        return excelDropLeadingZero(own);
      case 'scientific':
        return excelScientific(own);
    }
  }

  /** A parent's ID, stable per household (the same parent's number every time it is mistyped in). */
  private parentId(child: Child): string {
    const h = child.household;
    const useFather = h.father !== null && (h.index & 1) === 0;
    const local = new Rng((this.seed * 31 + h.index) >>> 0);
    return useFather ? parentCitizenId(h.fatherBirthYear, 0, local) : parentCitizenId(h.motherBirthYear, 1, local);
  }

  /** Applies one re-entry corruption; false when it cannot change this record (the caller picks another). */
  private corrupt(d: Draft, kind: Corruption, child: Child): boolean {
    const rng = this.rng;
    switch (kind) {
      case 'noDiacritics':
        if (d.noDiacritics) return false;
        d.noDiacritics = true;
        return true;
      case 'toneSwap':
        if (!hasTonePlacementChoice(joinName(d.name))) return false;
        d.newTonePlacement = !d.newTonePlacement;
        return true;
      case 'nfd':
        if (d.nfd) return false;
        d.nfd = true;
        return true;
      case 'spaces':
        d.extraSpaces = true;
        return true;
      case 'case':
        d.caseMode = d.caseMode === 'as-is' ? (rng.chance(0.8) ? 'upper' : 'lower') : 'as-is';
        return true;
      case 'typo':
        d.typos++;
        return true;
      case 'dropMiddle':
        if (!d.name.middle || d.dropMiddle) return false;
        d.dropMiddle = true;
        return true;
      case 'spelling': {
        if (child.household.group.nameStyle === 'kinh') return false;
        const useGiven = rng.chance(0.75);
        const word = useGiven ? d.name.given : d.name.family;
        if (!hasSpellingVariant(word)) return false;
        const variant = spellingVariant(word, rng);
        if (variant === word) return false;
        if (useGiven) d.name.given = variant;
        else d.name.family = variant;
        return true;
      }
      case 'dateFormat': {
        if (d.dateStyle !== 'exact' && d.dateStyle !== 'placeholder') return false;
        const next = rng.pick(OTHER_DATE_FORMATS);
        if (next === d.dateFormat) return false;
        d.dateFormat = next;
        return true;
      }
      case 'dayMonthSwap':
        if (d.dateStyle !== 'exact' || child.day > 12 || child.day === child.month) return false;
        d.swapDayMonth = true;
        return true;
      case 'yearOnly':
        if (d.dateStyle === 'year') return false;
        d.dateStyle = 'year';
        return true;
      case 'placeholder':
        if (d.dateStyle === 'placeholder' || (child.day === 1 && child.month === 1)) return false;
        d.dateStyle = 'placeholder';
        return true;
      case 'sexMissing':
        if (d.sex === '') return false;
        d.sex = rng.chance(0.7) ? '' : 'Không rõ';
        return true;
      case 'communeFlip':
        d.useNewCommune = !d.useNewCommune;
        return true;
      case 'village': {
        const v = villageVariant(child.household.village, rng);
        if (v === d.village) return false;
        d.village = v;
        return true;
      }
      case 'parent':
        return this.corruptParent(d);
    }
  }

  private corruptParent(d: Draft): boolean {
    const rng = this.rng;
    const useMother = d.mother !== '' && (d.father === '' || rng.chance(0.6));
    const value = useMother ? d.mother : d.father;
    if (!value) return false;
    const r = rng.next();
    let next: string;
    if (r < 0.3) next = '';
    else if (r < 0.5) next = stripDiacritics(value);
    else if (r < 0.75) next = typo(value, rng);
    else {
      // Middle name dropped ('Lò Thị Xiêng' → 'Lò Xiêng'), or a minority spelling of the given name.
      const words = value.split(' ');
      if (words.length === 3 && rng.chance(0.5)) next = `${words[0]} ${words[2]}`;
      else {
        const last = words[words.length - 1];
        words[words.length - 1] = hasSpellingVariant(last) ? spellingVariant(last, rng) : typo(last, rng);
        next = words.join(' ');
      }
    }
    if (next === value) return false;
    if (useMother) d.mother = next;
    else d.father = next;
    return true;
  }

  private cells(d: Draft, child: Child, recordId: string): string[] {
    const rng = this.rng;
    const nameParts = d.dropMiddle || !d.name.middle ? [d.name.family, d.name.given] : [d.name.family, d.name.middle, d.name.given];
    let fullName = this.styleName(nameParts.join(' '), d);
    for (let i = 0; i < d.typos; i++) fullName = typo(fullName, rng);
    if (d.extraSpaces) fullName = extraSpaces(fullName, rng);
    let mother = this.styleName(d.mother, d);
    let father = this.styleName(d.father, d);
    let village = d.village;
    if (d.tcvn3) {
      // A row pasted from an old .VnTime spreadsheet: every name-like text is mojibake.
      fullName = encodeTcvn3Mojibake(fullName);
      mother = encodeTcvn3Mojibake(mother);
      father = encodeTcvn3Mojibake(father);
      village = encodeTcvn3Mojibake(village);
    } else if (d.nfd) {
      fullName = fullName.normalize('NFD');
      mother = mother.normalize('NFD');
      father = father.normalize('NFD');
      village = village.normalize('NFD');
    }
    const [commune, district] = this.communeCells(child.household.village.commune, d);
    return [
      recordId, fullName, this.dateText(d, child), d.sex, d.ethnicity, d.citizenId, mother, father, village, commune,
      district,
    ];
  }

  private styleName(text: string, d: Draft): string {
    if (!text) return text;
    let s = d.newTonePlacement ? toNewTonePlacement(text) : text;
    if (d.noDiacritics) s = stripDiacritics(s);
    if (d.caseMode === 'upper') s = s.toUpperCase();
    else if (d.caseMode === 'lower') s = s.toLowerCase();
    return s;
  }

  private dateText(d: Draft, child: Child): string {
    switch (d.dateStyle) {
      case 'year':
        return String(child.year);
      case 'age': {
        // Entered some months before the reference date: the age typed then may be one less now.
        const age = ageAt(child, this.referenceDay) - (this.rng.chance(0.3) ? 1 : 0);
        return age >= 1 ? `${age} tuổi` : String(child.year);
      }
      case 'placeholder':
        return formatDate(d.dateFormat === 'excelSerial' ? 'dmy' : d.dateFormat, child.year, 1, 1);
      case 'exact':
        return d.swapDayMonth
          ? formatDate(d.dateFormat, child.year, child.day, child.month)
          : formatDate(d.dateFormat, child.year, child.month, child.day);
    }
  }

  /** Old commune + district (70%) or the post-2025 unit with no district (30%), in the spellings officers use. */
  private communeCells(c: Commune, d: Draft): [string, string] {
    const type = d.useNewCommune ? c.newType : c.oldType;
    const name = d.useNewCommune ? c.newName : c.oldName;
    const s = d.communeStyle;
    let commune: string;
    if (s < 0.85) commune = `${type} ${name}`;
    else if (s < 0.93) commune = name;
    else if (s < 0.97) commune = `${abbreviateUnit(type)} ${name}`;
    else commune = stripDiacritics(`${type} ${name}`);
    if (d.useNewCommune) return [commune, ''];
    let district: string;
    if (s < 0.85) district = districtFull(c);
    else if (s < 0.93) district = c.districtName;
    else if (s < 0.97) district = `${abbreviateUnit(c.districtType)} ${c.districtName}`;
    else district = stripDiacritics(districtFull(c));
    return [commune, district];
  }

  /** ~0.1% of rows are broken: no name and no date, no record id, or an unquoted comma (one cell too many). */
  private breakRow(row: ChildRow, child: Child): void {
    this.stats.badRows++;
    const r = this.rng.next();
    if (r < 0.4) {
      row.cells[1] = '';
      row.cells[2] = '';
    } else if (r < 0.7) {
      row.cells[0] = '';
      row.recordId = '';
    } else {
      row.cells[8] = `${row.cells[8]}, ${child.household.village.commune.oldName}`;
      row.rawCell = 8;
    }
  }
}

function abbreviateUnit(type: string): string {
  switch (type) {
    case 'Xã':
      return 'X.';
    case 'Phường':
      return 'P.';
    case 'Thị trấn':
      return 'TT.';
    case 'Huyện':
      return 'H.';
    case 'Thành phố':
      return 'TP.';
    case 'Thị xã':
      return 'TX.';
    default:
      return type;
  }
}
