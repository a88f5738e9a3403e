/**
 * Search, filters, sort and totals of a cache list as the caches screen applies them on every
 * keystroke: pure functions over plain (non-reactive) rows, so tens of thousands stay quick.
 */
import type { CacheFilter, CacheRow } from '../../../shared/cache-monitor.ts';
import { matchesFilter } from '../../../shared/cache-match.ts';

export type CacheSortColumn =
  'node' | 'projectName' | 'name' | 'type' | 'status' | 'sizeKb' | 'hitCount' | 'last' | 'owner';

export interface CacheQuery {
  query: string;
  filter: CacheFilter;
  sort: { column: CacheSortColumn; direction: 'asc' | 'desc' };
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export function cacheKey(row: Pick<CacheRow, 'node' | 'id'>): string {
  return `${row.node}/${row.id}`;
}

/** The time a row was last used: its last hit, or (cubes, never-hit caches) its last update. */
export function lastUsed(row: CacheRow): string | null {
  return row.lastHit ?? row.lastUpdated;
}

function compare(a: CacheRow, b: CacheRow, column: CacheSortColumn): number {
  switch (column) {
    case 'sizeKb':
    case 'hitCount':
      return (a[column] ?? -1) - (b[column] ?? -1);
    case 'last':
      return (lastUsed(a) ?? '').localeCompare(lastUsed(b) ?? '');
    case 'status':
      return collator.compare(a.status.join(','), b.status.join(','));
    default:
      return collator.compare(a[column] ?? '', b[column] ?? '');
  }
}

export function viewCaches(
  rows: readonly CacheRow[],
  { query, filter, sort }: CacheQuery,
  now = Date.now(),
): CacheRow[] {
  const needle = query.trim().toLowerCase();
  const matches = rows.filter(
    (row) =>
      matchesFilter(row, filter, now) &&
      (needle === '' ||
        row.name.toLowerCase().includes(needle) ||
        row.projectName.toLowerCase().includes(needle) ||
        row.id.toLowerCase().includes(needle)),
  );
  const direction = sort.direction === 'asc' ? 1 : -1;
  return matches.sort((a, b) => direction * compare(a, b, sort.column));
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
