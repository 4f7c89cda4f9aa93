// Reads the project's own reference tables (refdata/) for the generator. Small files, read once.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

let cachedRoot: string | undefined;

/**
 * The package root: the first folder above this module that holds package.json. Works both from
 * the TypeScript sources (vitest) and from the compiled dist/samples/generator/.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'refdata'))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('sample generator: cannot find the package root (package.json + refdata/)');
    dir = parent;
  }
}

export function refdataPath(...parts: string[]): string {
  return join(packageRoot(), 'refdata', ...parts);
}

/** A CSV file under refdata/ as an array of header-keyed records (values NFC, trimmed). */
export function readRefCsv(...parts: string[]): Array<Record<string, string>> {
  const text = readFileSync(refdataPath(...parts), 'utf8').replace(/^\ufeff/, '');
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  return parsed.data.map((row) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(row)) out[k.trim()] = (v ?? '').normalize('NFC').trim();
    return out;
  });
}

/** A one-item-per-line text file under refdata/ (blank lines dropped, NFC). */
export function readRefLines(...parts: string[]): string[] {
  return readFileSync(refdataPath(...parts), 'utf8')
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .map((l) => l.normalize('NFC').trim())
    .filter((l) => l.length > 0);
}
