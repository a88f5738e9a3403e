import { describe, expect, it } from 'vitest';
import type { CacheRow } from '../../src/shared/cache-monitor.ts';
import { cacheKey } from '../../src/shared/cache-view.ts';
import type { CacheSearch } from '../../src/shared/cache-window.ts';
import { CacheChoice } from '../../src/renderer/src/lib/cache-choice.svelte.ts';

function cache(id: string, name: string, owner = 'Administrator'): CacheRow {
  return {
    kind: 'content',
    node: 'iserver-a.example.internal',
    id,
    projectId: 'B19DEDCC11D4E0EFC000EB9495D0F44F',
    projectName: 'Sales Analytics',
    name,
    sourceId: null,
    type: 'report',
    status: ['ready'],
    sizeKb: null,
    hitCount: null,
    lastHit: null,
    lastUpdated: null,
    created: null,
    expires: null,
    owner,
    tables: [],
  };
}

const REVENUE: CacheSearch = { query: 'revenue', filter: {}, sort: { column: 'sizeKb', direction: 'desc' } };

describe('the caches screen choice', () => {
  it('counts "all shown" by the answer to its search when it was chosen before that answer came', () => {
    const choice = new CacheChoice();
    const everything: CacheSearch = { ...REVENUE, query: '' };
    // The query was cleared and "all shown" ticked while the count still said the last search's 334.
    choice.chooseShown(everything, 334);
    choice.answered(REVENUE, 334);
    expect(choice.size).toBe(334);
    choice.answered({ ...everything, sort: { column: 'name', direction: 'asc' } }, 20_000);
    expect(choice.size).toBe(20_000);
    expect(choice.hasAll(everything, 20_000, null)).toBe(true);
    choice.set([cache('1', 'Revenue by region')], false);
    choice.answered(everything, 20_000);
    expect(choice.size).toBe(19_999);
  });

  it('chooses all a search shows as the search, with rows unticked and ticked since', () => {
    const choice = new CacheChoice();
    const [shown, other] = [cache('1', 'Revenue by region'), cache('2', 'Headcount')];
    choice.chooseShown(REVENUE, 40_000);
    expect(choice.size).toBe(40_000);
    expect(choice.has(shown)).toBe(true);
    expect(choice.has(other)).toBe(false);
    // The same caches in another order: still all chosen.
    expect(choice.hasAll({ ...REVENUE, sort: { column: 'name', direction: 'asc' } }, 40_000, null)).toBe(true);

    choice.set([shown, other], false);
    expect(choice.has(shown)).toBe(false);
    expect(choice.size).toBe(39_999);
    expect(choice.hasAll(REVENUE, 40_000, null)).toBe(false);
    choice.set([other], true);
    expect(choice.size).toBe(40_000);
    expect(choice.selection()).toEqual({ keys: [cacheKey(other)], shown: REVENUE, except: [cacheKey(shown)] });

    choice.recount(10);
    expect(choice.size).toBe(10);
    choice.clear();
    expect(choice.size).toBe(0);
    expect(choice.selection()).toEqual({ keys: [] });
  });

  it('chooses rows by key when every shown row is loaded, and tells when all of them are chosen', () => {
    const choice = new CacheChoice();
    const rows = [cache('1', 'Revenue'), cache('2', 'Revenue, weekly')];
    expect(choice.hasAll(REVENUE, 2, rows)).toBe(false);
    choice.set(rows, true);
    expect(choice.hasAll(REVENUE, 2, rows)).toBe(true);
    choice.forget(cacheKey(rows[0] as CacheRow));
    expect(choice.size).toBe(1);
    expect(choice.selection()).toEqual({ keys: [cacheKey(rows[1] as CacheRow)] });
  });
});
