#!/usr/bin/env node
// Generates src/vietnamese/legacy-tables.ts (TCVN3/ABC, VNI-Windows and VIQR tables) from the
// project's reference CSVs:
//   refdata/encoding/tcvn3_tcvn5712_to_unicode.csv   (glibc iconv TCVN5712-1, byte -> Unicode)
//   refdata/encoding/vni_tcvn3_viqr_unicode_table.csv (duydev/vietnamese-conversion, MIT: letter ->
//                                                      VNI / TCVN3 / VIQR)
// The generated file is committed, so the pipeline never reads these CSVs at run time.
//
// Usage:  node scripts/build-legacy-tables.mjs          (writes the file)
//         node scripts/build-legacy-tables.mjs --check  (exits 1 if the generated file is stale)
//
// Output is deterministic (rows in CSV order, no timestamps).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import iconv from 'iconv-lite';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHECK = process.argv.includes('--check');
const OUT = 'src/vietnamese/legacy-tables.ts';
const GLIBC_CSV = 'refdata/encoding/tcvn3_tcvn5712_to_unicode.csv';
const LETTERS_CSV = 'refdata/encoding/vni_tcvn3_viqr_unicode_table.csv';

/**
 * Corrections to the MIT table's VNI column. Its rows for ỷ/ỹ/Ỷ/Ỹ give single bytes (ë 0xEB, ì 0xEC,
 * Ë 0xCB, Ì 0xCC) that belong to other letters (0xEC/0xCC are ì/Ì, 0xEB/0xCB the breve+dot mark), so
 * the table was not invertible. VNI-Windows writes them as y + tone byte, like ỳ/ý; the values below
 * agree with several independent VNI converters (Unikey-style tables) and keep ỵ/Ỵ = î/Î.
 */
const VNI_CORRECTIONS = new Map([
  ['ỷ', 'y\u00fb'], // yû
  ['ỹ', 'y\u00f5'], // yõ
  ['Ỷ', 'Y\u00db'], // YÛ
  ['Ỹ', 'Y\u00d5'], // YÕ
]);

function readCsv(relPath) {
  const text = readFileSync(join(ROOT, relPath), 'utf8').replace(/^\uFEFF/, '');
  const parsed = Papa.parse(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) {
    throw new Error(`${relPath}: CSV errors: ${parsed.errors.map((e) => `row ${e.row}: ${e.message}`).join('; ')}`);
  }
  // Values are NOT trimmed: some garbled renderings are NBSP / soft hyphen.
  return parsed.data;
}

function requireColumns(relPath, rows, columns) {
  for (const c of columns) {
    if (rows.length === 0 || !(c in rows[0])) throw new Error(`${relPath}: missing column '${c}'`);
  }
}

/** How byte b appears when the bytes are read as Windows-1252 ('' where cp1252 leaves it undefined). */
function cp1252Char(b) {
  if (b < 0x80 || b > 0x9f) return String.fromCharCode(b);
  const s = iconv.decode(Buffer.from([b]), 'windows1252');
  return s === '\ufffd' || s.charCodeAt(0) === b ? '' : s;
}

/** Bytes "41 D8" -> the text those bytes show when read as cp1252 / latin-1 (same for 0xA0-0xFF). */
function bytesToCp1252(hex) {
  return hex
    .split(/\s+/)
    .filter(Boolean)
    .map((h) => cp1252Char(parseInt(h, 16)) || String.fromCharCode(parseInt(h, 16)))
    .join('');
}

function buildCp1252High() {
  const rows = readCsv(GLIBC_CSV);
  const high = [];
  for (let b = 0x80; b <= 0x9f; b++) {
    const fromIconv = cp1252Char(b);
    const row = rows.find((r) => parseInt(r.byte_hex, 16) === b);
    if (row && row.as_cp1252 !== fromIconv) {
      throw new Error(`${GLIBC_CSV}: byte 0x${b.toString(16)} as_cp1252 '${row.as_cp1252}' != iconv-lite '${fromIconv}'`);
    }
    high.push(fromIconv);
  }
  return high;
}

function buildTcvn5712() {
  const rows = readCsv(GLIBC_CSV);
  requireColumns(GLIBC_CSV, rows, ['byte_hex', 'unicode_char', 'unicode_codepoints', 'in_vn3_subset']);
  const out = [];
  for (const r of rows) {
    const byte = parseInt(r.byte_hex, 16);
    const cp = parseInt(r.unicode_codepoints.replace(/^U\+/, ''), 16);
    if (!Number.isInteger(byte) || !Number.isInteger(cp)) throw new Error(`${GLIBC_CSV}: bad row ${JSON.stringify(r)}`);
    const unicode = String.fromCodePoint(cp);
    if (unicode === String.fromCharCode(byte)) continue; // identity (NBSP): nothing to decode
    out.push([byte, unicode, r.in_vn3_subset.startsWith('yes')]);
  }
  return out;
}

function buildLetters(tcvnBytes) {
  const rows = readCsv(LETTERS_CSV);
  requireColumns(LETTERS_CSV, rows, ['unicode_char', 'vni_windows_bytes_hex', 'tcvn3_bytes_hex', 'viqr']);
  const byteToUnicode = new Map(tcvnBytes.filter((t) => t[2]).map((t) => [t[0], t[1]]));
  byteToUnicode.set(0xfd, 'ý'); // TCVN3 ý is the identity byte (omitted from TCVN5712_BYTES)
  const letters = [];
  const seenVni = new Map();
  for (const r of rows) {
    const unicode = r.unicode_char.normalize('NFC');
    let vni = bytesToCp1252(r.vni_windows_bytes_hex);
    if (vni !== r.vni_windows_as_cp1252) throw new Error(`${LETTERS_CSV}: ${unicode}: VNI bytes and text disagree`);
    if (VNI_CORRECTIONS.has(unicode)) vni = VNI_CORRECTIONS.get(unicode);
    const tcvnHex = r.tcvn3_bytes_hex.split(/\s+/).filter(Boolean).map((h) => parseInt(h, 16));
    const tcvn3 = tcvnHex.map((b) => String.fromCharCode(b)).join('');
    if (tcvn3 !== r.tcvn3_as_latin1) throw new Error(`${LETTERS_CSV}: ${unicode}: TCVN3 bytes and text disagree`);
    // Single-byte TCVN3 values must agree with glibc's ABC subset (the two sources cross-check).
    if (tcvnHex.length === 1 && tcvnHex[0] >= 0x80 && byteToUnicode.get(tcvnHex[0]) !== unicode) {
      throw new Error(`${LETTERS_CSV}: ${unicode}: TCVN3 byte 0x${tcvnHex[0].toString(16)} disagrees with glibc`);
    }
    if (seenVni.has(vni)) throw new Error(`${LETTERS_CSV}: VNI '${vni}' used by both ${seenVni.get(vni)} and ${unicode}`);
    seenVni.set(vni, unicode);
    letters.push([unicode, vni, tcvn3, r.viqr]);
  }
  if (letters.length !== 134) throw new Error(`${LETTERS_CSV}: expected 134 letters, got ${letters.length}`);
  return letters;
}

/** A TS string literal that keeps Vietnamese readable but escapes invisible / ambiguous characters. */
function lit(s) {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === "'" || ch === '\\') out += '\\' + ch;
    else if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0xad || (c >= 0x300 && c <= 0x36f)) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + "'";
}

function hex2(b) {
  return '0x' + b.toString(16).toUpperCase().padStart(2, '0');
}

function render() {
  const high = buildCp1252High();
  const tcvn = buildTcvn5712();
  const letters = buildLetters(tcvn);
  const L = [];
  L.push('// GENERATED by scripts/build-legacy-tables.mjs from refdata/encoding/*.csv.');
  L.push('// Do not edit by hand: edit the CSV (or the script) and run `node scripts/build-legacy-tables.mjs`.');
  L.push('//');
  L.push('// Sources (see refdata/SOURCES.md):');
  L.push('// - TCVN5712_BYTES: GNU libc iconv TCVN5712-1 converter (glibc 2.36), LGPL-2.1; a mapping table');
  L.push('//   is factual. `abc` marks the bytes used by TCVN3 (ABC, .VnTime) fonts; the others exist only');
  L.push('//   in TCVN 5712 VN1 (capital toned vowels) or are combining tone marks (0xB0-0xB4).');
  L.push('// - LEGACY_LETTERS: duydev/vietnamese-conversion src/charsets.ts (MIT), 134 letters. Its TCVN3');
  L.push("//   capitals with tones are a base + lower-case-tone convention (Á = 'A¸'), not real TCVN3 codes.");
  L.push('//   VNI values for ỷ ỹ Ỷ Ỹ were corrected (the source reused the bytes of ì/Ì and of the');
  L.push('//   breve+dot mark); see VNI_CORRECTIONS in the script.');
  L.push('');
  L.push('/** How bytes 0x80-0x9F appear when read as Windows-1252 (index = byte - 0x80; \'\' = undefined). */');
  L.push('export const CP1252_HIGH: readonly string[] = [');
  for (let i = 0; i < 32; i += 8) L.push('  ' + high.slice(i, i + 8).map(lit).join(', ') + ',');
  L.push('];');
  L.push('');
  L.push('/** One TCVN 5712 byte: [byte, Unicode text, used by TCVN3 (ABC) fonts]. Identity bytes omitted. */');
  L.push('export type Tcvn5712Byte = readonly [byte: number, unicode: string, abc: boolean];');
  L.push('');
  L.push('export const TCVN5712_BYTES: readonly Tcvn5712Byte[] = [');
  for (const [b, u, abc] of tcvn) L.push(`  [${hex2(b)}, ${lit(u)}, ${abc}],`);
  L.push('];');
  L.push('');
  L.push('/**');
  L.push(' * One Vietnamese letter (toned / hatted / đ) in the legacy forms, each as the text a user sees when');
  L.push(' * the legacy bytes are read as Windows-1252 (VNI) or Latin-1 (TCVN3): [Unicode NFC, VNI-Windows,');
  L.push(' * TCVN3, VIQR].');
  L.push(' */');
  L.push('export type LegacyLetter = readonly [unicode: string, vni: string, tcvn3: string, viqr: string];');
  L.push('');
  L.push('export const LEGACY_LETTERS: readonly LegacyLetter[] = [');
  for (const [u, v, t, q] of letters) L.push(`  [${lit(u)}, ${lit(v)}, ${lit(t)}, ${lit(q)}],`);
  L.push('];');
  L.push('');
  return L.join('\n');
}

const text = render();
const path = join(ROOT, OUT);
if (CHECK) {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (current !== text) {
    console.error(`${OUT} is stale: run node scripts/build-legacy-tables.mjs`);
    process.exit(1);
  }
  console.log(`${OUT} is up to date`);
} else {
  writeFileSync(path, text);
  console.log(`wrote ${OUT}`);
}
