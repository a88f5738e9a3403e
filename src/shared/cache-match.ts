/**
 * Which caches a filter keeps, and sizes in words: shared by the main process (which checks every
 * filter on every listed row, whatever the server did) and the window (which filters as you type).
 */
import type { CacheFilter, CacheRow } from './cache-monitor.ts';

const DAY_MS = 86_400_000;

/** Never hit, and last hit (cubes: last updated) more than `days` days ago. */
function unusedFor(row: CacheRow, days: number, now: number): boolean {
  if ((row.hitCount ?? 0) !== 0) return false;
  const last = row.kind === 'cube' ? row.lastUpdated : (row.lastHit ?? row.lastUpdated);
  if (last === null) return true;
  return now - Date.parse(last) > days * DAY_MS;
}

/** Whether a row passes every filter but the node and project choices (those decide what is listed). */
export function matchesFilter(row: CacheRow, filter: CacheFilter, now = Date.now()): boolean {
  if (filter.type && row.type !== filter.type) return false;
  if (filter.types && !filter.types.includes(row.type)) return false;
  if (filter.names && !filter.names.some((name) => name.toLowerCase() === row.name.toLowerCase())) return false;
  if (filter.sourceIds && !filter.sourceIds.some((id) => id.toUpperCase() === row.sourceId?.toUpperCase()))
    return false;
  if (
    filter.tables &&
    !filter.tables.some((table) => row.tables.some((used) => used.toLowerCase() === table.toLowerCase()))
  )
    return false;
  if (filter.status && !row.status.includes(filter.status)) return false;
  if (filter.state && !row.status.includes(filter.state)) return false;
  if (filter.owner && (row.owner ?? '').toLowerCase() !== filter.owner.trim().toLowerCase()) return false;
  if (filter.unusedDays !== undefined && !unusedFor(row, filter.unusedDays, now)) return false;
  return true;
}

/** 512 KB, 3.4 MB, 1.2 GB. */
export function formatSize(kb: number | null): string {
  if (kb === null) return '';
  if (kb < 1024) return `${kb} KB`;
  return kb < 1024 * 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${(kb / 1024 / 1024).toFixed(1)} GB`;
}
