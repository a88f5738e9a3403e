import { describe, expect, it } from 'vitest';
import type { CacheRow } from '../../src/shared/cache-monitor.ts';
import { OrderedPages } from '../../src/main/caches/ordered-pages.ts';

const rows = (...ids: string[]): CacheRow[] => ids.map((id) => ({ id, node: id.slice(0, 1) }) as CacheRow);

describe('pages handed on in the listing order', () => {
  it('hands each page on once every page before it is in, whichever arrives first', async () => {
    const seen: string[][] = [];
    const pages = new OrderedPages(2, (page) => void seen.push(page.map((row) => row.id)));
    pages.expect(1, 2);
    pages.put(1, 0, rows('b1'));
    pages.put(1, 1, rows('b2'));
    await pages.finished();
    expect(seen).toEqual([]);
    pages.expect(0, 2);
    pages.put(0, 1, rows('a2'));
    pages.put(0, 0, rows('a1'));
    await pages.finished();
    expect(seen).toEqual([['a1'], ['a2'], ['b1'], ['b2']]);
  });

  it('passes over a list that failed, keeping what it had handed on and dropping the rest', async () => {
    const seen: string[] = [];
    const pages = new OrderedPages(3, (page) => void seen.push(...page.map((row) => row.id)));
    pages.expect(0, 3);
    pages.put(0, 0, rows('a1'));
    pages.put(0, 2, rows('a3'));
    pages.expect(2, 1);
    pages.put(2, 0, rows('c1'));
    pages.fail(0);
    pages.put(0, 1, rows('a2'));
    await pages.finished();
    expect(seen).toEqual(['a1']);
    pages.expect(1, 1);
    pages.put(1, 0, []);
    await pages.finished();
    expect(seen).toEqual(['a1', 'c1']);
  });

  it('waits for a slow sink before the next page, and reports its failure', async () => {
    const taken: string[] = [];
    let open = (): void => {};
    const pages = new OrderedPages(1, async (page) => {
      if (page[0]?.id === 'a1') await new Promise<void>((resolve) => (open = resolve));
      if (page[0]?.id === 'a3') throw new Error('disk full');
      taken.push(page[0]?.id as string);
    });
    pages.expect(0, 3);
    pages.put(0, 0, rows('a1'));
    pages.put(0, 1, rows('a2'));
    pages.put(0, 2, rows('a3'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(taken).toEqual([]);
    open();
    await expect(pages.finished()).rejects.toThrow('disk full');
    expect(taken).toEqual(['a1', 'a2']);
  });
});
