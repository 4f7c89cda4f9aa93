// Sơn La's 200 pre-2025 communes (with districts and the post-1-July-2025 unit each merged into) and
// generated villages. Which ethnic group lives where is skewed: each village has a dominant group.
import { Rng, WeightedPicker, zipfWeights } from './prng.js';
import { readRefCsv } from './refdata.js';
import { VILLAGE_FIRST, VILLAGE_KINH, VILLAGE_SECOND } from './name-lists.js';
import { ETHNIC_GROUPS } from './ethnicity.js';

export interface Commune {
  code: string;
  /** 'Xã' | 'Phường' | 'Thị trấn' */
  oldType: string;
  oldName: string;
  /** 'Huyện' | 'Thành phố' | 'Thị xã' */
  districtType: string;
  districtName: string;
  newType: string;
  newName: string;
  /** GSO code of the post-2025 unit. */
  newCode: string;
  urban: boolean;
}

export type VillageKind = 'ban' | 'to' | 'tieukhu';

export interface Village {
  index: number;
  commune: Commune;
  kind: VillageKind;
  /** 'Nà Sản' for a bản, '5' for Tổ 5 / Tiểu khu 5. */
  core: string;
  /** The official form: 'Bản Nà Sản', 'Tổ 5', 'Tiểu khu 5'. */
  name: string;
}

export interface Places {
  communes: Commune[];
  villages: Village[];
  /** For each ethnic group (index into ETHNIC_GROUPS), a picker of villages where its households live. */
  villageByGroup: Array<WeightedPicker<Village>>;
}

const UNIT_TYPES = ['Thị trấn', 'Phường', 'Xã', 'Huyện', 'Thành phố', 'Thị xã', 'Tỉnh'];

/** 'Thị trấn Hát Lót' → ['Thị trấn', 'Hát Lót']. */
export function splitUnitName(full: string): [string, string] {
  for (const t of UNIT_TYPES) {
    if (full.startsWith(t + ' ')) return [t, full.slice(t.length + 1)];
  }
  return ['', full];
}

export function loadCommunes(): Commune[] {
  const rows = readRefCsv('admin', 'sonla_crosswalk_old_to_new_2025.csv');
  const communes = rows.map((r): Commune => {
    const [oldType, oldName] = splitUnitName(r.old_commune_name);
    const [districtType, districtName] = splitUnitName(r.old_district_name);
    const [newType, newName] = splitUnitName(r.new_ward_name);
    return {
      code: r.old_commune_code,
      oldType,
      oldName,
      districtType,
      districtName,
      newType,
      newName,
      newCode: r.new_ward_code,
      urban: oldType !== 'Xã',
    };
  });
  // Sorted by code so the order never depends on the file's row order.
  communes.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return communes;
}

/** Builds the communes' sizes and villages for one seed. */
export function buildPlaces(rng: Rng): Places {
  const communes = loadCommunes();
  // Commune sizes: Zipf-ish over a seed-dependent ranking; towns and wards are larger.
  const ranks = communes.map((_, i) => i);
  rng.shuffle(ranks);
  const zipf = zipfWeights(communes.length, 0.45);
  const communeWeight = communes.map((c, i) => zipf[ranks[i]] * (c.urban ? 1.6 : 1));

  const groupShares = ETHNIC_GROUPS.map((g) => g.share);
  const groupPicker = new WeightedPicker(ETHNIC_GROUPS.map((_, i) => i), groupShares);
  const kinhIndex = ETHNIC_GROUPS.findIndex((g) => g.key === 'kinh');

  const villages: Village[] = [];
  const villageWeight: number[] = [];
  const villageGroup: number[] = [];
  communes.forEach((commune, ci) => {
    const count = rng.range(10, 30);
    const names = communeVillageNames(commune, count, rng);
    for (const v of names) {
      const village: Village = { index: villages.length, commune, ...v };
      villages.push(village);
      villageWeight.push(communeWeight[ci] * (0.4 + 1.2 * rng.next()) / count);
      villageGroup.push(commune.urban && rng.chance(0.6) ? kinhIndex : groupPicker.pickIndex(rng));
    }
  });

  const villageByGroup = ETHNIC_GROUPS.map((_, gi) => {
    const weights = villages.map((_, vi) => villageWeight[vi] * (villageGroup[vi] === gi ? 40 : 1));
    return new WeightedPicker(villages, weights);
  });
  return { communes, villages, villageByGroup };
}

function communeVillageNames(commune: Commune, count: number, rng: Rng): Array<Pick<Village, 'kind' | 'core' | 'name'>> {
  const out: Array<Pick<Village, 'kind' | 'core' | 'name'>> = [];
  const seen = new Set<string>();
  // Wards use 'Tổ N', towns 'Tiểu khu N'; both still have some bản at their edges.
  const numbered = commune.oldType === 'Phường' ? 'to' : commune.oldType === 'Thị trấn' ? 'tieukhu' : null;
  const numberedCount = numbered ? Math.round(count * 0.7) : 0;
  for (let n = 1; n <= numberedCount; n++) {
    const core = String(n);
    out.push({ kind: numbered as VillageKind, core, name: (numbered === 'to' ? 'Tổ ' : 'Tiểu khu ') + core });
  }
  let guard = 0;
  while (out.length < count && guard++ < 1000) {
    const core = rng.chance(0.1) ? rng.pick(VILLAGE_KINH) : `${rng.pick(VILLAGE_FIRST)} ${rng.pick(VILLAGE_SECOND)}`;
    if (seen.has(core)) continue;
    seen.add(core);
    out.push({ kind: 'ban', core, name: 'Bản ' + core });
  }
  return out;
}

export function districtFull(c: Commune): string {
  return `${c.districtType} ${c.districtName}`;
}
