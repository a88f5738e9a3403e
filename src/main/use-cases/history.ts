/** The audit history of every purge and cache action: listed, streamed and exported as CSV. */
import type { HistoryQuery } from '../../shared/ipc.ts';
import type { HistoryEntry } from '../../shared/model.ts';
import type { HistoryFilter } from '../purge/history.ts';
import type { Services } from '../services.ts';

export type { HistoryFilter };

/** A window's query (dates as text) as the history's filter. */
export function historyFilter(query: HistoryQuery): HistoryFilter {
  return {
    ...(query.profileName ? { profileName: query.profileName } : {}),
    ...(query.outcome ? { outcome: query.outcome } : {}),
    ...(query.since ? { since: new Date(query.since) } : {}),
    ...(query.until ? { until: new Date(query.until) } : {}),
    ...(query.limit ? { limit: query.limit } : {}),
    ...(query.runId ? { runId: query.runId } : {}),
  };
}

export function listHistory(services: Services, filter: HistoryFilter): Promise<HistoryEntry[]> {
  return services.history.list(filter);
}

/** Newest first, entry by entry: a history of any size in bounded memory. */
export function historyEntries(services: Services, filter: HistoryFilter): AsyncIterable<HistoryEntry> {
  return services.history.entries(filter);
}

/** Writes the matching entries to a CSV file; returns how many. */
export function exportHistory(services: Services, file: string, filter: HistoryFilter): Promise<number> {
  return services.history.exportCsv(file, filter);
}
