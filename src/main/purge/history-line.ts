/**
 * One line of the history file read back: the entry, or null for a line that is not one (torn by a
 * power cut, blank, edited by hand). Shared by the history's readers and the last-purged index.
 */
import type { HistoryEntry } from '../../shared/model.ts';

export function readHistoryLine(line: string): HistoryEntry | null {
  try {
    const entry = JSON.parse(line) as HistoryEntry;
    return typeof entry.time === 'string' && typeof entry.projectId === 'string' ? entry : null;
  } catch {
    return null;
  }
}
