// Test fixture: text encoded as Windows writes Windows-1258 (shared by the ingest, inspect and CLI
// tests). Letters the code page has are one byte (â ê ô ơ ư ă đ and some toned Latin-1 letters);
// other toned letters are the base letter + a combining tone byte.
import iconv from 'iconv-lite';

const TONE = /[\u0300\u0301\u0303\u0309\u0323]/;

export function encodeWindows1258(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const direct = iconv.encode(ch, 'windows1258');
    if (!(direct.length === 1 && direct[0] === 0x3f && ch !== '?')) {
      bytes.push(...direct);
      continue;
    }
    const parts = [...ch.normalize('NFD')];
    const tone = parts.find((p) => TONE.test(p));
    if (tone === undefined) throw new Error(`cannot write ${ch} in Windows-1258`);
    const base = parts.filter((p) => p !== tone).join('').normalize('NFC');
    bytes.push(...iconv.encode(base, 'windows1258'), ...iconv.encode(tone, 'windows1258'));
  }
  const encoded = Buffer.from(bytes);
  if (iconv.decode(encoded, 'windows1258').normalize('NFC') !== text.normalize('NFC')) throw new Error('the Windows-1258 bytes do not decode back to the text');
  return encoded;
}
