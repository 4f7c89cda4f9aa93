// 12-digit personal identification numbers (PPP G YY RRRRRR) and the realistic ways a child-database
// officer gets them wrong.
import { Rng, WeightedPicker } from './prng.js';
import type { Sex } from './names.js';

/** Province of birth registration: mostly Sơn La; some children were born and registered elsewhere. */
const RESIDENT_PREFIXES = new WeightedPicker(
  ['014', '011', '010', '001', '012', '015'],
  [95, 1.8, 1, 0.8, 0.7, 0.7],
);
/** Children who moved in are more often registered in another province. */
const MOVED_IN_PREFIXES = new WeightedPicker(
  ['014', '011', '010', '001', '012', '015'],
  [70, 10, 7, 5, 4, 4],
);

export function centurySexDigit(year: number, sex: Sex): number {
  return 2 * Math.floor((year - 1900) / 100) + sex;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Issues unique IDs (the population database never repeats one). */
export class CitizenIdIssuer {
  private readonly used = new Set<number>();

  issue(birthYear: number, sex: Sex, movedIn: boolean, rng: Rng): string {
    const prefix = (movedIn ? MOVED_IN_PREFIXES : RESIDENT_PREFIXES).pick(rng);
    const head = Number(prefix) * 1e9 + centurySexDigit(birthYear, sex) * 1e8 + (birthYear % 100) * 1e6;
    for (;;) {
      const value = head + rng.int(1_000_000);
      if (!this.used.has(value)) {
        this.used.add(value);
        return pad(value, 12);
      }
    }
  }

  get size(): number {
    return this.used.size;
  }
}

/** A parent's ID (adults: born 1975–2005), not tracked for uniqueness; only used as a wrong value. */
export function parentCitizenId(birthYear: number, sex: Sex, rng: Rng): string {
  return '014' + String(centurySexDigit(birthYear, sex)) + pad(birthYear % 100, 2) + pad(rng.int(1_000_000), 6);
}

/** One digit mistyped. */
export function digitTypo(id: string, rng: Rng): string {
  const pos = rng.int(id.length);
  const old = id.charCodeAt(pos) - 48;
  const digit = (old + 1 + rng.int(9)) % 10;
  return id.slice(0, pos) + String(digit) + id.slice(pos + 1);
}

/** Two neighbouring digits swapped (falls back to a typo when the number has no such pair left). */
export function transposeDigits(id: string, rng: Rng): string {
  for (let attempt = 0; attempt < 12; attempt++) {
    const pos = rng.int(id.length - 1);
    if (id[pos] !== id[pos + 1]) return id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
  }
  return digitTypo(id, rng);
}

/** A 9-digit identity card number of the old kind (Sơn La CMND start with 050). */
export function oldIdentityCard(rng: Rng): string {
  return '050' + pad(rng.int(1_000_000), 6);
}

export function phoneNumber(rng: Rng): string {
  return '09' + pad(rng.int(100_000_000), 8);
}

/** What Excel does to a number typed into a General cell: the leading zero goes. */
export function excelDropLeadingZero(id: string): string {
  return id.replace(/^0+/, '');
}

/** ... and a too-narrow column then shows it in scientific notation ('1.42E+10'). */
export function excelScientific(id: string): string {
  return Number(id).toExponential(2).toUpperCase();
}

/** Harmless formatting of a correct number: still correct once the digits are kept. */
export function formatIdLoosely(id: string, rng: Rng): string {
  switch (rng.int(4)) {
    case 0:
      return `${id.slice(0, 3)} ${id.slice(3, 6)} ${id.slice(6)}`;
    case 1:
      return `${id.slice(0, 3)}.${id.slice(3, 6)}.${id.slice(6, 9)}.${id.slice(9)}`;
    case 2:
      return `'${id}`;
    default:
      return ` ${id} `;
  }
}
