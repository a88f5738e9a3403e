/**
 * Counted words read as English at every count, and no text in the app falls back to "(s)": the
 * scan of the sources fails on a new "cache(s)" before a user sees it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { count, noun, seconds } from '../../src/shared/plural.ts';

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(entry.name) ? [path] : [];
  });
}

describe('count and noun', () => {
  it('take the singular for one only', () => {
    expect([0, 1, 2, 14].map((n) => count(n, 'node'))).toEqual(['0 nodes', '1 node', '2 nodes', '14 nodes']);
    expect([0, 1, 2].map((n) => noun(n, 'step'))).toEqual(['steps', 'step', 'steps']);
  });

  it('use the plural the caller gives for words that do not just take an s', () => {
    expect([count(1, 'entry', 'entries'), count(3, 'entry', 'entries')]).toEqual(['1 entry', '3 entries']);
    expect(count(2, 'cache purge')).toBe('2 cache purges');
  });
});

describe('seconds', () => {
  it('never reads "0.0 s": short runs in ms, then tenths, whole seconds, minutes', () => {
    expect([0, 40, 99, 100, 9_949, 10_000, 59_400, 60_000, 61_000].map(seconds)).toEqual([
      '0 ms',
      '40 ms',
      '99 ms',
      '0.1 s',
      '9.9 s',
      '10 s',
      '59 s',
      '1 min 0 s',
      '1 min 1 s',
    ]);
  });
});

describe('the app sources', () => {
  it('count no word with "(s)" (the vendor\'s upper-case CACHE(S) syntax aside)', () => {
    const offenders = sourceFiles('src').flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ where: `${file}:${index + 1}`, line }))
        .filter(({ line }) => /[a-z]\(s\)/.test(line) && !line.includes('no text reads "cache(s)"'))
        .map(({ where }) => where),
    );
    expect(offenders).toEqual([]);
  });
});
