import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBuffer, looksBinary, type FileEncoding } from '../../src/ingest/decode.js';
import { detectTextEncoding, encodeTcvn3, encodeVni, fieldRepairer } from '../../src/vietnamese/encoding.js';
import { encodeWindows1258 } from '../windows-1258.js';

// A small child export as commune officers save it (header + rows, Vietnamese everywhere).
const CSV =
  'Mã trẻ,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Bản,Xã\r\n' +
  'TE001,Lò Văn Phong,05/03/2015,Nam,Thái,Bản Nà Sản,Xã Chiềng Mung\r\n' +
  'TE002,Lường Thị Hoa,12/11/2016,Nữ,Thái,Bản Hụm,Xã Chiềng Mung\r\n' +
  'TE003,Giàng A Páo,01/01/2014,Nam,Mông,Bản Pá Ổ,Xã Mường Bú\r\n' +
  'TE004,Sùng Thị Mỷ,3/4/2018,Nữ,Mông,Bản Co Sản,Huyện Thuận Châu\r\n' +
  'TE005,Quàng Văn Đức,20/10/2017,Nam,Thái,Bản Mé,Xã Chiềng Mung\r\n' +
  'TE006,Tòng Thị Xuân,5 tuổi,Nữ,Thái,Tiểu khu 2,Xã Mường Bú\r\n';
const TSV = CSV.replace(/,/g, '\t');

const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf]);

describe('decodeBuffer: each encoding a commune export arrives in', () => {
  const cases: Array<[string, Buffer, FileEncoding, boolean, string]> = [
    ['UTF-8', Buffer.from(CSV, 'utf8'), 'utf-8', false, CSV],
    ['UTF-8 with BOM', Buffer.concat([BOM_UTF8, Buffer.from(CSV, 'utf8')]), 'utf-8', true, CSV],
    ['UTF-8, NFD text', Buffer.from(CSV.normalize('NFD'), 'utf8'), 'utf-8', false, CSV.normalize('NFD')],
    ['UTF-16LE with BOM (Excel "Unicode text", TSV)', iconv.encode(TSV, 'utf16le', { addBOM: true }), 'utf-16le', true, TSV],
    ['UTF-16LE without BOM', iconv.encode(TSV, 'utf16le'), 'utf-16le', false, TSV],
    ['UTF-16BE with BOM', iconv.encode(CSV, 'utf16-be', { addBOM: true }), 'utf-16be', true, CSV],
    ['UTF-16BE without BOM', iconv.encode(CSV, 'utf16-be'), 'utf-16be', false, CSV],
    ['Windows-1258 (decomposed tones)', encodeWindows1258(CSV), 'windows-1258', false, CSV],
  ];
  it.each(cases)('%s', (_label, bytes, encoding, bom, text) => {
    const d = decodeBuffer(bytes);
    expect(d.encoding).toBe(encoding);
    expect(d.bom).toBe(bom);
    expect(d.text).toBe(text);
    expect(d.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('the Windows-1258 helper really writes combining tone bytes (so the test means something)', () => {
    const bytes = encodeWindows1258('Lò Thị');
    expect([...bytes]).toEqual([0x4c, 0x6f, 0xcc, 0x20, 0x54, 0x68, 0x69, 0xf2]);
  });

  it.each([
    ['TCVN3 (ABC) bytes', Buffer.from(encodeTcvn3(CSV), 'latin1'), /TCVN3/],
    ['VNI-Windows bytes', iconv.encode(encodeVni(CSV), 'windows1252'), /VNI/],
  ])('%s: read as Windows-1252, then every field is repaired', (_label, bytes, note) => {
    const d = decodeBuffer(bytes);
    expect(d.encoding).toBe('windows-1252');
    expect(d.note).toMatch(note);
    expect(d.confidence).toBeGreaterThan(0.9);
    const cells = d.text.split(/\r\n|,/);
    const repair = fieldRepairer(detectTextEncoding(cells));
    expect(cells.map((c) => repair(c).text).join('|')).toBe(CSV.split(/\r\n|,/).join('|'));
  });

  it('Latin-1 text that is not Vietnamese is plain Windows-1252', () => {
    const d = decodeBuffer(iconv.encode('Nom;Prénom\nMüller;José\nGarçon;Noël\n', 'windows1252'));
    expect(d.encoding).toBe('windows-1252');
    expect(d.text).toBe('Nom;Prénom\nMüller;José\nGarçon;Noël\n');
  });

  it('Vietnamese with only Latin-1 letters reads the same in both code pages', () => {
    const text = 'Giàng A Páo,Hoàng Tú\n';
    const d = decodeBuffer(iconv.encode(text, 'windows1252'));
    expect(['windows-1252', 'windows-1258']).toContain(d.encoding);
    expect(d.text).toBe(text);
  });

  it('pure ASCII is UTF-8', () => {
    expect(decodeBuffer(Buffer.from('ma_tre,ho_ten\r\nTE001,Lo Van Phong\r\n'))).toEqual({
      text: 'ma_tre,ho_ten\r\nTE001,Lo Van Phong\r\n',
      encoding: 'utf-8',
      bom: false,
      confidence: 1,
    });
  });

  it('UTF-8 whose text is mojibake stays UTF-8 (the fields are repaired later)', () => {
    const d = decodeBuffer(Buffer.from('Nguyá»…n VÄƒn A\n', 'utf8'));
    expect(d.encoding).toBe('utf-8');
    expect(d.text).toBe('Nguyá»…n VÄƒn A\n');
  });
});

describe('decodeBuffer: damaged and partial input', () => {
  it('a UTF-8 sample cut inside a multi-byte letter is still UTF-8', () => {
    const bytes = Buffer.from('Lò Văn Phong,Nguyễ', 'utf8');
    const cut = bytes.subarray(0, bytes.length - 1); // "ễ" is 3 bytes: keep 2
    const d = decodeBuffer(cut);
    expect(d.encoding).toBe('utf-8');
    expect(d.confidence).toBe(1);
    expect(d.text).toBe('Lò Văn Phong,Nguy');
  });

  it('mostly valid UTF-8 with a stray byte: UTF-8, the bad byte replaced and reported', () => {
    const bytes = Buffer.concat([Buffer.from(CSV, 'utf8'), Buffer.from([0xff]), Buffer.from(CSV, 'utf8')]);
    const d = decodeBuffer(bytes);
    expect(d.encoding).toBe('utf-8');
    expect(d.text).toBe(CSV + '\ufffd' + CSV);
    expect(d.confidence).toBeLessThan(1);
    expect(d.note).toMatch(/1 invalid UTF-8/);
  });

  it('UTF-16 with an odd number of bytes drops the last byte and says so', () => {
    const bytes = Buffer.concat([iconv.encode('Lò Văn Phong', 'utf16le', { addBOM: true }), Buffer.from([0x41])]);
    const d = decodeBuffer(bytes);
    expect(d.encoding).toBe('utf-16le');
    expect(d.text).toBe('Lò Văn Phong');
    expect(d.note).toMatch(/odd number of bytes/);
  });

  it('an empty buffer', () => {
    expect(decodeBuffer(new Uint8Array(0))).toEqual({ text: '', encoding: 'utf-8', bom: false, confidence: 1, note: 'empty input' });
    expect(looksBinary(new Uint8Array(0))).toBe(false);
  });

  it('a BOM and nothing else', () => {
    expect(decodeBuffer(BOM_UTF8)).toMatchObject({ text: '', encoding: 'utf-8', bom: true });
    expect(decodeBuffer(Buffer.from([0xff, 0xfe]))).toMatchObject({ text: '', encoding: 'utf-16le', bom: true });
  });

  it('accepts a plain Uint8Array (not only a Buffer)', () => {
    const bytes = new Uint8Array(Buffer.from('Lò Văn Phong', 'utf8'));
    expect(decodeBuffer(bytes).text).toBe('Lò Văn Phong');
  });

  it('a sub-array view decodes only its own bytes', () => {
    const all = Buffer.from('xxxLò Văn Phongyyy', 'utf8');
    expect(decodeBuffer(all.subarray(3, all.length - 3)).text).toBe('Lò Văn Phong');
    const legacy = Buffer.from('xxx' + encodeTcvn3('Lò Văn Phong') + 'yyy', 'latin1');
    expect(decodeBuffer(legacy.subarray(3, legacy.length - 3)).text).toBe('Lß V¨n Phong');
  });
});

describe('binary input is recognised, never thrown on', () => {
  function pseudoRandom(n: number, seed: number): Uint8Array {
    const out = new Uint8Array(n);
    let x = seed;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      out[i] = (x >> 16) & 0xff;
    }
    return out;
  }

  const binaries: Array<[string, Uint8Array]> = [
    ['random bytes', pseudoRandom(4096, 7)],
    ['random bytes (small)', pseudoRandom(64, 99)],
    ['an XLSX (ZIP) file', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), pseudoRandom(200, 3)])],
    ['an old XLS file', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)])],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n')],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])],
    ['text with NUL bytes inside', Buffer.from('Lo Van Phong\0\0\0\0Lo Thi Hoa\0\0x\0\0\0\0\0y', 'latin1')],
    ['UTF-32LE', Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), iconv.encode('Lò', 'utf32le')])],
    ['control characters', Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)))],
    ['UTF-16LE full of control characters', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 0x02 : 0x00)))])],
  ];

  it.each(binaries)('%s', (_label, bytes) => {
    expect(looksBinary(bytes)).toBe(true);
    const d = decodeBuffer(bytes);
    expect(d.confidence).toBe(0);
    expect(d.text).toBe('');
    expect(d.note).toMatch(/^not a text file/);
  });

  it('names the format when it recognises one', () => {
    expect(decodeBuffer(Buffer.from('PK\x03\x04rest', 'latin1')).note).toMatch(/ZIP/);
    expect(decodeBuffer(Buffer.from('%PDF-1.4 ...')).note).toMatch(/PDF/);
  });

  it.each([
    ['UTF-8 CSV', Buffer.from(CSV, 'utf8')],
    ['UTF-16LE without BOM', iconv.encode(TSV, 'utf16le')],
    ['UTF-16BE without BOM', iconv.encode(TSV, 'utf16-be')],
    ['TCVN3 bytes', Buffer.from(encodeTcvn3(CSV), 'latin1')],
    ['Windows-1258', encodeWindows1258(CSV)],
    ['text with trailing NUL padding', Buffer.concat([Buffer.from(CSV, 'utf8'), Buffer.alloc(16)])],
    ['text with a DOS end-of-file mark', Buffer.concat([Buffer.from(CSV, 'utf8'), Buffer.from([0x1a])])],
  ])('text is not binary: %s', (_label, bytes) => {
    expect(looksBinary(bytes)).toBe(false);
    expect(decodeBuffer(bytes).confidence).toBeGreaterThan(0.5);
  });
});
