// Unicode → TCVN3 (ABC, .VnTime) as it looks after a wrong conversion: the TCVN3 bytes read as
// Latin-1, e.g. 'Lò Văn Phong' → 'Lß V¨n Phong'. Built from refdata/encoding/vni_tcvn3_viqr_unicode_table.csv.
// Capital toned vowels use that table's convention (base letter + lowercase tone byte), see SOURCES.md.
import { readRefCsv } from './refdata.js';

let table: Map<string, string> | undefined;

function tcvn3Table(): Map<string, string> {
  if (table) return table;
  table = new Map();
  for (const r of readRefCsv('encoding', 'vni_tcvn3_viqr_unicode_table.csv')) {
    if (r.unicode_char && r.tcvn3_as_latin1) table.set(r.unicode_char, r.tcvn3_as_latin1);
  }
  return table;
}

/** Encodes NFC text; characters outside the table (ASCII, digits, spaces) are kept. */
export function encodeTcvn3Mojibake(s: string): string {
  const t = tcvn3Table();
  let out = '';
  for (const ch of s.normalize('NFC')) out += t.get(ch) ?? ch;
  return out;
}
