// Columnar feature tables: the engine's only view of records. Strings are interned to integer ids
// (shared between the two tables of a link job, so ids compare across them); numbers and dates are
// typed arrays on SharedArrayBuffers so worker threads can read them without copying.

/** Missing value of a string column. */
export const MISSING = -1;

export class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(s, id);
      this.values.push(s);
    }
    return id;
  }

  /** The id of a value already interned, or -1. */
  find(s: string): number {
    return this.ids.get(s) ?? -1;
  }

  static fromValues(values: string[]): Interner {
    const it = new Interner();
    for (const v of values) it.intern(v);
    return it;
  }
}

function sharedInt32(n: number, fill = 0): Int32Array {
  const a = new Int32Array(new SharedArrayBuffer(Math.max(4, n * 4)), 0, n);
  if (fill !== 0) a.fill(fill);
  return a;
}

export interface StringColumn {
  kind: 'string';
  ids: Int32Array;
  dict: Interner;
}

export interface NumberColumn {
  kind: 'number';
  /** Integer values; MISSING_NUMBER when unknown. */
  values: Int32Array;
}

export const MISSING_NUMBER = -2147483648;

/** Dates with their precision: year/month/day are 0 when unknown; placeholder dates are weak evidence. */
export interface DateColumn {
  kind: 'date';
  year: Int32Array;
  month: Int32Array;
  day: Int32Array;
  /** Days since 1970-01-01 for dates known to the day and not placeholders; MISSING_NUMBER otherwise. */
  dayNumber: Int32Array;
  /** 1 when the date is a placeholder (01/01/yyyy, estimated from an age). */
  placeholder: Int32Array;
}

export type Column = StringColumn | NumberColumn | DateColumn;

export interface FeatureTable {
  size: number;
  columns: Record<string, Column>;
}

export interface DateValue {
  year: number;
  month?: number;
  day?: number;
  placeholder: boolean;
}

function daysFromCivil(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

/** Builds the tables of one job; string dictionaries are shared by all tables it builds. */
export class FeatureTableBuilder {
  readonly dicts = new Map<string, Interner>();

  table(size: number, kinds: Record<string, Column['kind']>): TableWriter {
    const columns: Record<string, Column> = {};
    for (const [name, kind] of Object.entries(kinds)) {
      if (kind === 'string') {
        let dict = this.dicts.get(name);
        if (!dict) {
          dict = new Interner();
          this.dicts.set(name, dict);
        }
        columns[name] = { kind, ids: sharedInt32(size, MISSING), dict };
      } else if (kind === 'number') {
        columns[name] = { kind, values: sharedInt32(size, MISSING_NUMBER) };
      } else {
        columns[name] = { kind, year: sharedInt32(size), month: sharedInt32(size), day: sharedInt32(size), dayNumber: sharedInt32(size, MISSING_NUMBER), placeholder: sharedInt32(size) };
      }
    }
    return new TableWriter({ size, columns });
  }
}

export class TableWriter {
  constructor(readonly table: FeatureTable) {}

  private col<K extends Column['kind']>(name: string, kind: K): Extract<Column, { kind: K }> {
    const c = this.table.columns[name];
    if (!c || c.kind !== kind) throw new Error(`feature '${name}' is not a ${kind} column`);
    return c as Extract<Column, { kind: K }>;
  }

  setString(name: string, row: number, value: string | null | undefined): void {
    if (value === null || value === undefined || value === '') return;
    const c = this.col(name, 'string');
    c.ids[row] = c.dict.intern(value);
  }

  setNumber(name: string, row: number, value: number | null | undefined): void {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    this.col(name, 'number').values[row] = value;
  }

  setDate(name: string, row: number, value: DateValue | null | undefined): void {
    if (!value) return;
    const c = this.col(name, 'date');
    c.year[row] = value.year;
    c.month[row] = value.month ?? 0;
    c.day[row] = value.day ?? 0;
    c.placeholder[row] = value.placeholder ? 1 : 0;
    if (value.month && value.day && !value.placeholder) c.dayNumber[row] = daysFromCivil(value.year, value.month, value.day);
  }
}

/** Is the feature present (non-missing) for this row? */
export function isPresent(c: Column, row: number): boolean {
  switch (c.kind) {
    case 'string':
      return c.ids[row] !== MISSING;
    case 'number':
      return c.values[row] !== MISSING_NUMBER;
    case 'date':
      return c.year[row] !== 0;
  }
}

/** The plain value of a feature, for explanations. */
export function displayValue(c: Column, row: number): string {
  switch (c.kind) {
    case 'string':
      return c.ids[row] === MISSING ? '' : c.dict.values[c.ids[row]];
    case 'number':
      return c.values[row] === MISSING_NUMBER ? '' : String(c.values[row]);
    case 'date': {
      if (c.year[row] === 0) return '';
      const parts = [String(c.year[row])];
      if (c.month[row]) parts.push(String(c.month[row]).padStart(2, '0'));
      if (c.day[row]) parts.push(String(c.day[row]).padStart(2, '0'));
      return parts.join('-') + (c.placeholder[row] ? ' (placeholder)' : '');
    }
  }
}
