/**
 * One line of the history file read back: the entry, or null for a line that is not one (torn by a
 * power cut, blank, edited by hand). Shared by the history's readers and the last-purged index.
 */
import type { HistoryEntry } from '../../shared/model.ts';

export function readHistoryLine(line: string): HistoryEntry | null {
  try {
    const entry = JSON.parse(line) as HistoryEntry;
    if (typeof entry.time !== 'string' || typeof entry.projectId !== 'string') return null;
    // Lines written before every run said whether it was scheduled were runs by hand.
    if (typeof entry.scheduled !== 'boolean') entry.scheduled = false;
    return entry;
  } catch {
    return null;
  }
}
