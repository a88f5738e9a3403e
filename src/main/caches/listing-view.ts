/**
 * The window's last listing of a kind of caches, searched and sorted in main: sorted once per sort
 * order and narrowed at each keystroke by the same code the screen used, so a window of rows and its
 * counts answer in a few milliseconds at a quarter of a million caches.
 */
import type { CacheListing, CacheRow } from '../../shared/cache-monitor.ts';
import {
  findCachePositions,
  findCaches,
  sortCaches,
  totalsAt,
  type CacheSort,
  type FoundCaches,
} from '../../shared/cache-view.ts';
import type { CacheSearch, CacheWindow } from '../../shared/cache-window.ts';
import type { SortedRows } from '../../shared/sorted-search.ts';

function sortName(sort: CacheSort): string {
  return `${sort.column} ${sort.direction}`;
}

export class ListingView {
  readonly listing: CacheListing;
  #sorted: { name: string; rows: SortedRows<CacheRow> } | null = null;

  constructor(listing: CacheListing) {
    this.listing = listing;
  }

  #sortedBy(sort: CacheSort): SortedRows<CacheRow> {
    // One sort order kept: a second one would keep another copy of every row's search text.
    if (this.#sorted?.name !== sortName(sort))
      this.#sorted = { name: sortName(sort), rows: sortCaches(this.listing.caches, sort) };
    return this.#sorted.rows;
  }

  /** The caches the search shows, in its order. */
  find(search: CacheSearch, now = Date.now()): { sorted: SortedRows<CacheRow>; found: FoundCaches } {
    const sorted = this.#sortedBy(search.sort);
    return { sorted, found: findCaches(sorted, search.query, search.filter, now) };
  }

  /** The shown rows from the offset, and the counts: only the window's rows are gathered. */
  window(request: CacheSearch & { offset: number; limit: number; totals?: boolean }, now = Date.now()): CacheWindow {
    const sorted = this.#sortedBy(request.sort);
    const positions = findCachePositions(sorted, request.query, request.filter, now);
    const inView = positions.subarray(request.offset, request.offset + request.limit);
    return {
      rows: Array.from(inView, (position) => sorted.rows[position] as CacheRow),
      offset: request.offset,
      shown: positions.length,
      total: this.listing.caches.length,
      ...(request.totals
        ? {
            nodeTotals: totalsAt(sorted, positions, 'node'),
            projectTotals: totalsAt(sorted, positions, 'projectName').slice(0, 50),
          }
        : {}),
    };
  }
}
