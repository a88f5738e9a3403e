/**
 * Search, filters, sort and totals of a cache list as the caches screen applies them: pure functions
 * over plain (non-reactive) rows, sorted once per sort order and filtered at each keystroke (see
 * sorted-search.ts).
 */
import type { CacheFilter, CacheRow } from './cache-monitor.ts';
import { matchesFilter } from './cache-match.ts';
import { keyStarts } from './key-heads.ts';
import { searchPositions, searchSortedAt, sortForSearch, type SortedRows } from './sorted-search.ts';

export const CACHE_SORT_COLUMNS = [
  'node',
  'projectName',
  'name',
  'type',
  'status',
  'sizeKb',
  'hitCount',
  'last',
  'owner',
] as const;
export type CacheSortColumn = (typeof CACHE_SORT_COLUMNS)[number];

export interface CacheSort {
  column: CacheSortColumn;
  direction: 'asc' | 'desc';
}

export interface CacheQuery {
  query: string;
  filter: CacheFilter;
  sort: CacheSort;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const keys = new WeakMap<Pick<CacheRow, 'node' | 'id'>, string>();

/**
 * A row's "node/id" key, made once per row: choosing all of 20,000 caches and checking them at each
 * keystroke would otherwise build, and hash, 20,000 long strings every time.
 */
export function cacheKey(row: Pick<CacheRow, 'node' | 'id'>): string {
  let key = keys.get(row);
  if (key === undefined) {
    key = `${row.node}/${row.id}`;
    keys.set(row, key);
  }
  return key;
}

/** The time a row was last used: its last hit, or (cubes, never-hit caches) its last update. */
export function lastUsed(row: CacheRow): string | null {
  return row.lastHit ?? row.lastUpdated;
}

function sortKey(row: CacheRow, column: CacheSortColumn): string | number {
  switch (column) {
    case 'sizeKb':
    case 'hitCount':
      return row[column] ?? -1;
    case 'last':
      return lastUsed(row) ?? '';
    case 'status':
      return row.status.join(',');
    default:
      return row[column] ?? '';
  }
}

function compareKeys(a: string | number, b: string | number, column: CacheSortColumn): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // Times are ISO 8601 in UTC: their characters' order is their order in time.
  if (column === 'last') return a < b ? -1 : a > b ? 1 : 0;
  return collator.compare(String(a), String(b));
}

export function sortCaches(rows: readonly CacheRow[], sort: CacheSort): SortedRows<CacheRow> {
  return sortForSearch(
    rows,
    {
      sortKeyOf: (row) => sortKey(row, sort.column),
      compare: (a, b) => compareKeys(a, b, sort.column),
      direction: sort.direction,
    },
    searchTextOf,
    idOf,
  );
}

/**
 * The text the search looks in anywhere: name and project. The id is matched from its start (see
 * idOf): a pasted id finds its cache, and a letter typed does not match every long base64 id.
 */
function searchTextOf(row: CacheRow): string {
  return `${row.name}\u0000${row.projectName}`;
}

function idOf(row: CacheRow): string {
  return row.id;
}

function isFiltered(filter: CacheFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined);
}

/** Whether one row is among those findCaches finds for this query and filter. */
export function isFound(row: CacheRow, query: string, filter: CacheFilter, now = Date.now()): boolean {
  const needle = query.trim().toLowerCase();
  if (!searchTextOf(row).toLowerCase().includes(needle) && !keyStarts(row.id, needle)) return false;
  return !isFiltered(filter) || matchesFilter(row, filter, now);
}

/** The caches shown, and where each sits in the sorted list (see totalsAt). */
export interface FoundCaches {
  rows: CacheRow[];
  positions: Uint32Array;
}

export function findCaches(
  sorted: SortedRows<CacheRow>,
  query: string,
  filter: CacheFilter,
  now = Date.now(),
): FoundCaches {
  // No filter chosen (the screen as it opens): nothing to ask of each row but its text.
  return searchSortedAt(sorted, query, isFiltered(filter) ? (row) => matchesFilter(row, filter, now) : undefined);
}

/** Where the caches findCaches finds sit in the sorted list (a window of them is all main sends). */
export function findCachePositions(
  sorted: SortedRows<CacheRow>,
  query: string,
  filter: CacheFilter,
  now = Date.now(),
): Uint32Array {
  return searchPositions(sorted, query, isFiltered(filter) ? (row) => matchesFilter(row, filter, now) : undefined);
}

export function searchCaches(
  sorted: SortedRows<CacheRow>,
  query: string,
  filter: CacheFilter,
  now = Date.now(),
): CacheRow[] {
  return findCaches(sorted, query, filter, now).rows;
}

export function viewCaches(
  rows: readonly CacheRow[],
  { query, filter, sort }: CacheQuery,
  now = Date.now(),
): CacheRow[] {
  return searchCaches(sortCaches(rows, sort), query, filter, now);
}

export interface Total {
  name: string;
  count: number;
  sizeKb: number;
}

/** Count and size per node or per project, largest first. */
export function totalsBy(rows: readonly CacheRow[], by: 'node' | 'projectName'): Total[] {
  const totals = new Map<string, Total>();
  for (const row of rows) {
    const total = totals.get(row[by]) ?? { name: row[by], count: 0, sizeKb: 0 };
    total.count += 1;
    total.sizeKb += row.sizeKb ?? 0;
    totals.set(row[by], total);
  }
  return [...totals.values()].sort((a, b) => b.sizeKb - a.sizeKb);
}

type TotalBy = 'node' | 'projectName';

/** Each sorted row's group as a number, the groups' names, and each row's size: made once per sort. */
interface Groups {
  ids: Uint32Array;
  names: string[];
  sizes: Float64Array;
}

const groupsBySort = new WeakMap<SortedRows<CacheRow>, Partial<Record<TotalBy, Groups>>>();

function groupsOf(sorted: SortedRows<CacheRow>, by: TotalBy): Groups {
  const known = groupsBySort.get(sorted) ?? {};
  groupsBySort.set(sorted, known);
  const cached = known[by];
  if (cached) return cached;
  const numbers = new Map<string, number>();
  const names: string[] = [];
  const ids = new Uint32Array(sorted.rows.length);
  const sizes = new Float64Array(sorted.rows.length);
  sorted.rows.forEach((row, index) => {
    let id = numbers.get(row[by]);
    if (id === undefined) {
      id = names.push(row[by]) - 1;
      numbers.set(row[by], id);
    }
    ids[index] = id;
    sizes[index] = row.sizeKb ?? 0;
  });
  return (known[by] = { ids, names, sizes });
}

/**
 * totalsBy of the rows at these positions of the sorted list, the same figures in the same order,
 * by counting per group number: a keystroke that leaves 100,000 rows shown re-counts them in
 * about a millisecond instead of looking each row's node and project up by name.
 */
export function totalsAt(sorted: SortedRows<CacheRow>, positions: Uint32Array, by: TotalBy): Total[] {
  const { ids, names, sizes } = groupsOf(sorted, by);
  const counts = new Uint32Array(names.length);
  const sums = new Float64Array(names.length);
  const order: number[] = [];
  for (const position of positions) {
    const id = ids[position] as number;
    if ((counts[id] as number) === 0) order.push(id);
    counts[id] = (counts[id] as number) + 1;
    sums[id] = (sums[id] as number) + (sizes[position] as number);
  }
  return order
    .map((id) => ({ name: names[id] as string, count: counts[id] as number, sizeKb: sums[id] as number }))
    .sort((a, b) => b.sizeKb - a.sizeKb);
}
