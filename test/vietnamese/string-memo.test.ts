// StringMemo: a Map-like memo keyed by strings whose keys live inside its slots (24 code units
// inline, the rest in a side array). It must answer exactly as a Map would, whatever the keys.
import { describe, expect, it } from 'vitest';
import { StringMemo } from '../../src/vietnamese/string-memo.js';

/** Keys around the inline limit, with shared prefixes, Vietnamese letters and surrogate pairs. */
const KEYS = [
  '', 'a', 'Lò', 'Lò Văn Phong', 'LÒ VĂN PHONG', 'Lo\u0300 Va\u0306n Phong',
  'x'.repeat(23), 'x'.repeat(24), 'x'.repeat(25), 'x'.repeat(24) + 'y', 'x'.repeat(24) + 'z', 'x'.repeat(100), 'x'.repeat(99) + 'y',
  'Nguyễn Thị Thu Hương Bé', 'Nguyễn Thị Thu Hương Bé ', 'Nguyễn Thị Thu Hương Bé !', // 23, 24, 25 units
  'Cầm Thị 𠀧 Hoa', 'Cầm Thị 𠀨 Hoa', '\ud83d', '\ude00', '😀', 'a\u0000', 'a',
];

describe('StringMemo', () => {
  it('answers as a Map does for keys around its inline limit, with shared prefixes and surrogates', () => {
    const memo = new StringMemo<number>();
    const map = new Map<string, number>();
    KEYS.forEach((k, i) => {
      expect(memo.get(k)).toBe(map.get(k));
      memo.set(k, i);
      map.set(k, i);
    });
    expect(memo.size).toBe(map.size);
    // Fresh copies of each key (other string objects, other representations) find the same values.
    for (const k of KEYS) expect(memo.get((' ' + k).slice(1))).toBe(map.get(k));
    expect(memo.get('Lò Văn Phon')).toBeUndefined();
    expect(memo.get('x'.repeat(101))).toBeUndefined();
  });

  it('keeps every value through growth, and set replaces a value without adding a key', () => {
    const memo = new StringMemo<string>();
    const keys = Array.from({ length: 50_000 }, (_, i) => (i % 3 === 0 ? `Lò Văn Phong ${i}` : i % 3 === 1 ? `${i}`.repeat(9) : `Giàng A Páo ${i} ${'x'.repeat(i % 40)}`));
    for (const k of keys) memo.set(k, k.toUpperCase());
    expect(memo.size).toBe(keys.length);
    for (const k of keys) expect(memo.get(k)).toBe(k.toUpperCase());
    memo.set(keys[7], 'again');
    memo.get(keys[8]); // set after a get of another key must still find its own slot
    memo.set(keys[9], 'nine');
    expect([memo.get(keys[7]), memo.get(keys[9]), memo.size]).toEqual(['again', 'nine', keys.length]);
  });

  it('a set right after a missed get takes that free slot, also when it makes the table grow', () => {
    const memo = new StringMemo<number>();
    for (let i = 0; i < 5000; i++) {
      const k = `k${i}`;
      expect(memo.get(k)).toBeUndefined();
      memo.set(k, i);
    }
    for (let i = 0; i < 5000; i++) expect(memo.get(`k${i}`)).toBe(i);
  });

  // Pairs with the same length and the same 32-bit hash (found by search), so only the stored
  // characters tell them apart: inline, and past the 24 inline units.
  it.each([
    ['Lò bmfsjwryn', 'Lò vgxuhmdoh'],
    ['x'.repeat(24) + 'qpghong', 'x'.repeat(24) + 'yviruxy'],
  ])('tells apart %j and %j, which share their hash', (a, b) => {
    const memo = new StringMemo<string>();
    memo.set(a, 'first');
    expect(memo.get(b)).toBeUndefined();
    memo.set(b, 'second');
    expect([memo.get(a), memo.get(b), memo.size]).toEqual(['first', 'second', 2]);
  });

  it('clear forgets every key', () => {
    const memo = new StringMemo<number>();
    memo.set('Lò Văn Phong', 1);
    memo.set('x'.repeat(40), 2);
    memo.clear();
    expect([memo.size, memo.get('Lò Văn Phong'), memo.get('x'.repeat(40))]).toEqual([0, undefined, undefined]);
    memo.set('x'.repeat(40), 3);
    expect(memo.get('x'.repeat(40))).toBe(3);
  });
});
