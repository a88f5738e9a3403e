/**
 * The caches screen's question to main and main's answer: main keeps the listing and answers only
 * the rows in view with the counts the screen shows, so the window never holds a quarter of a
 * million caches; a selection is the shown caches of a search (minus those unticked) or keys.
 */
import type { CacheFilter, CacheKind, CacheRow } from './cache-monitor.ts';
import type { CacheSort, Total } from './cache-view.ts';

/** The filters of the caches screen's toolbar (nodes are chosen by listing again). */
export type ScreenFilter = Pick<CacheFilter, 'type' | 'status' | 'state' | 'owner' | 'unusedDays'>;

/** What the screen shows: its search text, filters and sort. */
export interface CacheSearch {
  query: string;
  filter: ScreenFilter;
  sort: CacheSort;
}

export interface CacheWindowRequest extends CacheSearch {
  profileId: string;
  kind: CacheKind;
  /** The first shown row wanted, and how many. */
  offset: number;
  limit: number;
  /** Whether to count the shown caches per node and per project. */
  totals?: boolean;
}

export interface CacheWindow {
  /** The shown rows from `offset`, at most `limit`. */
  rows: CacheRow[];
  offset: number;
  /** How many caches the search shows, and how many the listing holds. */
  shown: number;
  total: number;
  /** When asked: count and size per node and per project of the shown caches, largest first. */
  nodeTotals?: Total[];
  projectTotals?: Total[];
}

/**
 * Chosen caches: those named by "node/id" keys, and, with `shown`, every cache that search shows
 * but those in `except`. A choice of all shown crosses IPC as the search, not as 100,000 keys.
 */
export interface CacheSelection {
  keys: string[];
  shown?: CacheSearch;
  except?: string[];
}
