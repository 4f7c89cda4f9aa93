// Bytes -> text for delimited exports from commune computers: UTF-8 (BOM or not), UTF-16LE/BE
// (Excel "Unicode text"), Windows-1258, and Windows-1252 / Latin-1 bytes that carry TCVN3 or VNI
// text (left garbled here on purpose: field repair in src/vietnamese/encoding.ts undoes it per field).
// Never throws: binary input comes back with confidence 0 and a note, so the caller can reject it.

import iconv from 'iconv-lite';
import { decodeTcvn3, decodeVni, nonAsciiVietnameseScore } from '../vietnamese/encoding.js';

export type FileEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258' | 'windows-1252';
export interface DecodedText {
  text: string;
  encoding: FileEncoding;
  bom: boolean;
  /** 0..1; 0 = not text (binary), callers reject. */
  confidence: number;
  /** Why the choice was made or what was wrong, in plain words (no file content). */
  note?: string;
}

/** Bytes looked at for sniffing (binary, UTF-16 pattern, Windows-1258 vs -1252). */
const SNIFF_BYTES = 64 * 1024;
/** Bytes decoded both ways to choose between Windows-1258 and Windows-1252. */
const LEGACY_SAMPLE_BYTES = 256 * 1024;

const UTF8_FATAL = new TextDecoder('utf-8', { fatal: true });
const UTF8_LOSSY = new TextDecoder('utf-8');
const UTF16LE_LOSSY = new TextDecoder('utf-16le');

// ---------------------------------------------------------------------------------------------
// Binary detection
// ---------------------------------------------------------------------------------------------

/** File signatures of formats people export by mistake instead of CSV. */
const MAGIC: readonly { bytes: readonly number[]; name: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], name: 'a ZIP archive (XLSX/DOCX?)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], name: 'an empty ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], name: 'an old Office file (XLS/DOC)' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], name: 'a PDF' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], name: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], name: 'a GIF image' },
  { bytes: [0x1f, 0x8b], name: 'a gzip archive' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], name: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21], name: 'a RAR archive' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], name: 'an SQLite database' },
];

function magicName(buf: Uint8Array): string | null {
  for (const m of MAGIC) {
    if (buf.length >= m.bytes.length && m.bytes.every((b, i) => buf[i] === b)) return m.name;
  }
  return null;
}

/** Control characters a text table may legitimately hold: tab, LF, VT, FF, CR, and DOS end-of-file. */
function isTextControl(c: number): boolean {
  return c === 0x09 || c === 0x0a || c === 0x0b || c === 0x0c || c === 0x0d || c === 0x1a;
}

/** Share of control characters above which content is not text. */
const MAX_CONTROL_SHARE = 0.05;

type Utf16Order = 'le' | 'be';

function hasUtf16Bom(buf: Uint8Array): Utf16Order | null {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    // FF FE 00 00 is the UTF-32LE mark, not UTF-16.
    return buf.length >= 4 && buf[2] === 0 && buf[3] === 0 ? null : 'le';
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'be';
  return null;
}

/**
 * UTF-16 without BOM: ASCII characters (digits, delimiters, Latin letters) have a 0x00 high byte,
 * so NULs sit on odd offsets (LE) or even offsets (BE) and almost never on the other ones.
 */
function utf16ByNulPattern(buf: Uint8Array): Utf16Order | null {
  const n = Math.min(buf.length, 4096) & ~1;
  if (n < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) evenNul++;
    if (buf[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= 0.3 * pairs && evenNul <= 0.02 * pairs) return 'le';
  if (evenNul >= 0.3 * pairs && oddNul <= 0.02 * pairs) return 'be';
  return null;
}

function utf16ControlShare(buf: Uint8Array, start: number, order: Utf16Order): number {
  const end = Math.min(buf.length, start + SNIFF_BYTES);
  let units = 0;
  let control = 0;
  for (let i = start; i + 1 < end; i += 2) {
    const u = order === 'le' ? buf[i] | (buf[i + 1] << 8) : (buf[i] << 8) | buf[i + 1];
    units++;
    if ((u < 0x20 && !isTextControl(u)) || u === 0x7f) control++;
  }
  return units === 0 ? 0 : control / units;
}

/** True when the bytes look binary (NULs outside UTF-16 patterns, many control chars). */
export function looksBinary(buf: Uint8Array): boolean {
  return binaryReason(buf) !== null;
}

function binaryReason(buf: Uint8Array): string | null {
  if (buf.length === 0) return null;
  const magic = magicName(buf);
  if (magic !== null) return `the content is ${magic}`;
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) {
    return 'the content is UTF-32, which is not supported; save as UTF-8 or Unicode text';
  }
  const bomOrder = hasUtf16Bom(buf);
  const order = bomOrder ?? utf16ByNulPattern(buf);
  if (order !== null) {
    const share = utf16ControlShare(buf, bomOrder === null ? 0 : 2, order);
    return share > MAX_CONTROL_SHARE ? 'the content has many control characters' : null;
  }
  const n = Math.min(buf.length, SNIFF_BYTES);
  // NUL padding at the very end (some exporters write it) is tolerated; NULs inside are not.
  let end = n;
  if (n === buf.length) while (end > 0 && buf[end - 1] === 0) end--;
  let control = 0;
  for (let i = 0; i < end; i++) {
    const b = buf[i];
    if (b === 0) return 'the content has NUL bytes';
    if ((b < 0x20 && !isTextControl(b)) || b === 0x7f) control++;
  }
  if (end === 0) return 'the content is only NUL bytes';
  return control / end > MAX_CONTROL_SHARE ? 'the content has many control characters' : null;
}

// ---------------------------------------------------------------------------------------------
// UTF-8 / UTF-16
// ---------------------------------------------------------------------------------------------

interface Utf8Scan {
  /** Well-formed multi-byte sequences. */
  multibyte: number;
  /** Ill-formed sequences (a truncated one at the very end is not counted: samples get cut). */
  invalid: number;
}

/** Counts well- and ill-formed UTF-8 sequences (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF). */
function scanUtf8(buf: Uint8Array): Utf8Scan {
  let multibyte = 0;
  let invalid = 0;
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      invalid++;
      i++;
      continue;
    }
    if (i + need >= n) {
      // Cut at the end of the buffer (a sample): if what is there fits, stop without counting it.
      let fits = true;
      for (let k = i + 1; k < n; k++) if ((buf[k] & 0xc0) !== 0x80) fits = false;
      if (fits) break;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    let k = 1;
    for (; k <= need && i + k < n; k++) {
      const c = buf[i + k];
      if ((c & 0xc0) !== 0x80) break;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (k <= need || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      invalid++;
      i++;
      continue;
    }
    multibyte++;
    i += need + 1;
  }
  return { multibyte, invalid };
}

function decodeUtf8(buf: Uint8Array, bom: boolean): DecodedText {
  const { multibyte, invalid } = scanUtf8(buf);
  if (invalid === 0) {
    return { text: decodeUtf8Strict(buf), encoding: 'utf-8', bom, confidence: 1 };
  }
  return {
    text: UTF8_LOSSY.decode(buf),
    encoding: 'utf-8',
    bom,
    confidence: bom ? 0.7 : 0.6,
    note: `${invalid} invalid UTF-8 byte sequence(s) (${multibyte} valid) were replaced with U+FFFD`,
  };
}

/** Strict decode; a sequence cut at the very end of a sample is dropped instead of failing. */
function decodeUtf8Strict(buf: Uint8Array): string {
  try {
    return UTF8_FATAL.decode(buf);
  } catch {
    return UTF8_LOSSY.decode(buf).replace(/\ufffd+$/, '');
  }
}

function decodeUtf16(body: Uint8Array, order: Utf16Order, bom: boolean, confidence: number, note?: string): DecodedText {
  let bytes = body;
  const notes: string[] = note ? [note] : [];
  if (bytes.length % 2 === 1) {
    bytes = bytes.subarray(0, bytes.length - 1);
    notes.push('odd number of bytes: the last byte was ignored');
  }
  if (order === 'be') {
    const swapped = new Uint8Array(bytes.length);
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      swapped[i] = bytes[i + 1];
      swapped[i + 1] = bytes[i];
    }
    bytes = swapped;
  }
  const text = UTF16LE_LOSSY.decode(bytes);
  const result: DecodedText = { text, encoding: order === 'le' ? 'utf-16le' : 'utf-16be', bom, confidence };
  if (notes.length > 0) result.note = notes.join('; ');
  return result;
}

// ---------------------------------------------------------------------------------------------
// Windows-1258 versus Windows-1252 (+ TCVN3 / VNI)
// ---------------------------------------------------------------------------------------------

/** Scores below this on both readings: the bytes are not Vietnamese text in any known encoding. */
const MIN_TEXT_SCORE = 0.3;
/** Score difference below which the two readings are a tie. */
const TIE = 0.02;

function decodeLegacy(buf: Uint8Array): DecodedText {
  const sample = buf.subarray(0, LEGACY_SAMPLE_BYTES);
  const as1258 = iconv.decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), 'windows1258').normalize('NFC');
  const as1252 = iconv.decode(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength), 'windows1252');
  const s1258 = nonAsciiVietnameseScore(as1258);
  const raw = nonAsciiVietnameseScore(as1252);
  const readings: { label: string; score: number }[] = [
    { label: 'Latin-1 text', score: raw.score },
    { label: 'TCVN3 (ABC) text', score: nonAsciiVietnameseScore(decodeTcvn3(as1252)).score },
    { label: 'VNI-Windows text', score: nonAsciiVietnameseScore(decodeVni(as1252)).score },
  ];
  readings.sort((a, b) => b.score - a.score);
  const best1252 = readings[0];
  const whole = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const result = (encoding: 'windows-1258' | 'windows-1252', confidence: number, note: string): DecodedText => ({
    text:
      encoding === 'windows-1258'
        ? (sample.length === buf.length ? as1258 : iconv.decode(whole, 'windows1258').normalize('NFC'))
        : sample.length === buf.length
          ? as1252
          : iconv.decode(whole, 'windows1252'),
    encoding,
    bom: false,
    confidence: Math.round(confidence * 100) / 100,
    note,
  });

  if (raw.words === 0 && s1258.words === 0) {
    return result('windows-1252', 0.5, 'not valid UTF-8 and no Vietnamese words found; read as Windows-1252');
  }
  const top = Math.max(s1258.score, best1252.score);
  if (top < MIN_TEXT_SCORE) {
    return result('windows-1252', top, 'not valid UTF-8 and does not read as Vietnamese in Windows-1258, Windows-1252, TCVN3 or VNI');
  }
  if (s1258.score > best1252.score + TIE) {
    return result('windows-1258', s1258.score, 'not valid UTF-8; reads as Vietnamese in Windows-1258');
  }
  if (best1252.score > s1258.score + TIE) {
    const note =
      best1252.label === 'Latin-1 text'
        ? 'not valid UTF-8; read as Windows-1252'
        : `not valid UTF-8; Windows-1252 bytes holding ${best1252.label} (fields are repaired one by one)`;
    return result('windows-1252', best1252.score, note);
  }
  // A tie: the bytes that differ between the two code pages did not decide. Windows-1258 is the
  // Vietnamese code page; prefer it when its reading differs at all (it built Vietnamese letters).
  if (as1258 !== as1252.normalize('NFC')) {
    return result('windows-1258', s1258.score * 0.8, 'not valid UTF-8; Windows-1258 and Windows-1252 read equally well, Windows-1258 chosen');
  }
  return result('windows-1252', best1252.score * 0.9, 'not valid UTF-8; read as Windows-1252 (same text as Windows-1258)');
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/**
 * Bytes -> text. BOMs; UTF-16 without BOM by NUL-byte pattern; strict UTF-8 validity; otherwise
 * choose between windows-1258 and windows-1252 (the latter then goes through field repair for
 * TCVN3/VNI) by vietnameseScore. Never throws on binary garbage: returns confidence 0 and a note
 * (callers reject).
 */
export function decodeBuffer(buf: Uint8Array): DecodedText {
  if (buf.length === 0) return { text: '', encoding: 'utf-8', bom: false, confidence: 1, note: 'empty input' };
  const utf8Bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const reason = binaryReason(utf8Bom ? buf.subarray(3) : buf);
  if (reason !== null) return { text: '', encoding: 'utf-8', bom: utf8Bom, confidence: 0, note: `not a text file: ${reason}` };
  if (utf8Bom) return decodeUtf8(buf.subarray(3), true);
  const bomOrder = hasUtf16Bom(buf);
  if (bomOrder !== null) return decodeUtf16(buf.subarray(2), bomOrder, true, 1);
  const nulOrder = utf16ByNulPattern(buf);
  if (nulOrder !== null) {
    return decodeUtf16(buf, nulOrder, false, 0.9, `UTF-16${nulOrder === 'le' ? 'LE' : 'BE'} without byte-order mark (recognised by its NUL bytes)`);
  }
  const scan = scanUtf8(buf);
  if (scan.invalid === 0) return { text: decodeUtf8Strict(buf), encoding: 'utf-8', bom: false, confidence: 1 };
  // Mostly well-formed UTF-8 with a few bad bytes (a damaged file, or a cell pasted from elsewhere):
  // still UTF-8; the replaced characters show where.
  if (scan.multibyte >= 3 && scan.invalid * 20 <= scan.multibyte) return decodeUtf8(buf, false);
  return decodeLegacy(buf);
}
