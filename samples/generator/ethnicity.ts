// The ethnic groups of Sơn La that the generator uses, with their share of children (2019 census,
// rescaled), how the child database writes them, and how the population database names them.

export type NameStyle = 'thai' | 'hmong' | 'kinh' | 'muong' | 'dao';

export interface EthnicGroup {
  key: string;
  share: number;
  /** Name in the police (population database) list — the official 54-group spelling. */
  official: string;
  /** Spellings typed into the child database, with weights. */
  childDbSpellings: Array<[string, number]>;
  nameStyle: NameStyle;
  /** Key into FAMILY_WEIGHTS. */
  families: string;
  /**
   * Probabilities of 1..5 births per family. Only the births that fall in the 0–15 age window become
   * children in the data, so the households seen hold fewer (1–5, H'Mông and Dao the most).
   */
  householdSizes: number[];
}

const SMALL_FAMILY = [0.2, 0.5, 0.22, 0.06, 0.02];
const MEDIUM_FAMILY = [0.15, 0.42, 0.28, 0.1, 0.05];
const LARGE_FAMILY = [0.08, 0.17, 0.25, 0.25, 0.25];

export const ETHNIC_GROUPS: EthnicGroup[] = [
  {
    key: 'thai', share: 54, official: 'Thái', nameStyle: 'thai', families: 'thai', householdSizes: MEDIUM_FAMILY,
    childDbSpellings: [['Thái', 96], ['Thai', 2], ['thái', 1], ['Thái Đen', 1]],
  },
  {
    key: 'kinh', share: 16, official: 'Kinh', nameStyle: 'kinh', families: 'kinh', householdSizes: SMALL_FAMILY,
    childDbSpellings: [['Kinh', 95], ['Việt', 2], ['Kinh (Việt)', 2], ['kinh', 1]],
  },
  {
    key: 'hmong', share: 16, official: 'Mông', nameStyle: 'hmong', families: 'hmong', householdSizes: LARGE_FAMILY,
    childDbSpellings: [["H'Mông", 52], ['Mông', 33], ['HMông', 5], ["H'mông", 6], ['Hmong', 4]],
  },
  {
    key: 'muong', share: 7, official: 'Mường', nameStyle: 'muong', families: 'muong', householdSizes: MEDIUM_FAMILY,
    childDbSpellings: [['Mường', 97], ['Muong', 3]],
  },
  {
    key: 'xinhmun', share: 2, official: 'Xinh-mun', nameStyle: 'thai', families: 'xinhmun', householdSizes: MEDIUM_FAMILY,
    childDbSpellings: [['Xinh Mun', 60], ['Xinh-mun', 30], ['Xinhmun', 10]],
  },
  {
    key: 'dao', share: 2, official: 'Dao', nameStyle: 'dao', families: 'dao', householdSizes: LARGE_FAMILY,
    childDbSpellings: [['Dao', 100]],
  },
  {
    key: 'khomu', share: 1, official: 'Khơ-mú', nameStyle: 'thai', families: 'khomu', householdSizes: MEDIUM_FAMILY,
    childDbSpellings: [['Khơ Mú', 60], ['Khơ-mú', 25], ['Khơmú', 10], ['Kho Mu', 5]],
  },
  {
    key: 'khang', share: 0.7, official: 'Kháng', nameStyle: 'thai', families: 'khang', householdSizes: MEDIUM_FAMILY,
    childDbSpellings: [['Kháng', 100]],
  },
  {
    key: 'laha', share: 0.6, official: 'La Ha', nameStyle: 'thai', families: 'laha', householdSizes: MEDIUM_FAMILY,
    childDbSpellings: [['La Ha', 90], ['La-ha', 10]],
  },
  {
    key: 'lao', share: 0.7, official: 'Lào', nameStyle: 'thai', families: 'lao', householdSizes: MEDIUM_FAMILY,
    childDbSpellings: [['Lào', 100]],
  },
];
