import { describe, expect, it } from 'vitest';
import { KeyHeads, keyStarts } from '../../src/shared/key-heads.ts';

const keys = [
  'AB12',
  'ab',
  'abcdEFGH',
  'a\u0000cd',
  'İD-1',
  '\u212Aelvin',
  'Ω-node',
  '',
  'ÀBCD',
  'abc\u00e9f',
  '😀key',
];
const needles = ['', 'a', 'ab', 'AB'.toLowerCase(), 'ab1', 'ab12', 'ab123', 'abcd', 'abcde', 'abcdefgh', 'abcdefghi'];
const more = [
  'a\u0000',
  'a\u0000c',
  'a\u0000cd',
  'i',
  'i̇',
  'i̇d',
  'k',
  'kel',
  'ω',
  'ω-n',
  'à',
  'àbc',
  'abcé',
  '😀',
  'x',
];

describe('matching keys from their start by their heads', () => {
  it('agrees with reading each key, for ASCII, wide and short keys and needles', () => {
    const heads = new KeyHeads(keys, (key) => key);
    for (const needle of [...needles, ...more]) {
      const matches = heads.matcher(needle);
      const byHeads = keys.filter((_, index) => matches(index));
      expect(byHeads, JSON.stringify(needle)).toEqual(keys.filter((key) => keyStarts(key, needle)));
    }
  });

  it('matches in any case from the start only', () => {
    expect(keyStarts('AB12', 'ab1')).toBe(true);
    expect(keyStarts('AB12', 'b12')).toBe(false);
    expect(keyStarts('\u212Aelvin', 'kel')).toBe(true);
    expect(keyStarts('İD-1', 'i̇d')).toBe(true);
    expect(keyStarts('ab', 'abc')).toBe(false);
    const heads = new KeyHeads(keys, (key) => key);
    expect(keys.filter((_, index) => heads.matcher('ab')(index))).toEqual(['AB12', 'ab', 'abcdEFGH', 'abc\u00e9f']);
    expect(keys.filter((_, index) => heads.matcher('abcdefgh')(index))).toEqual(['abcdEFGH']);
  });
});
