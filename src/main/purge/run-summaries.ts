/**
 * The history read as runs: its lines (one per project or cache) folded into one summary per run
 * id, with the run's kind and outcome, while the lines stream past newest first.
 */
import type { HistoryEntry, PurgeItemOutcome } from '../../shared/model.ts';
import { runKindOf, runOutcome, type RunSummary } from '../../shared/overview.ts';

interface Folding {
  summary: RunSummary;
  counts: Record<PurgeItemOutcome, number>;
}

function labelOf(entry: HistoryEntry): string {
  if (entry.step) return entry.step;
  return entry.action ? `${entry.action} ${entry.cacheType}` : 'purge';
}

/** Runs by id, built from lines newest first (a run's time is its latest line's). */
export class RunFolder {
  readonly #runs = new Map<string, Folding>();

  has(runId: string): boolean {
    return this.#runs.has(runId);
  }

  add(entry: HistoryEntry): void {
    let folding = this.#runs.get(entry.runId);
    if (!folding) {
      folding = {
        summary: {
          runId: entry.runId,
          profileId: entry.profileId,
          profileName: entry.profileName,
          kind: runKindOf(entry),
          time: entry.time,
          outcome: 'succeeded',
          items: 0,
          failed: 0,
          scheduled: entry.scheduled === true,
          label: labelOf(entry),
        },
        counts: { succeeded: 0, failed: 0, unknown: 0, cancelled: 0 },
      };
      this.#runs.set(entry.runId, folding);
    }
    if (Date.parse(entry.time) > Date.parse(folding.summary.time)) folding.summary.time = entry.time;
    folding.counts[entry.outcome] = (folding.counts[entry.outcome] ?? 0) + 1;
  }

  /** Every run, newest first. */
  runs(): RunSummary[] {
    const runs = [...this.#runs.values()].map(({ summary, counts }) => ({
      ...summary,
      outcome: runOutcome(counts),
      items: counts.succeeded + counts.failed + counts.unknown + counts.cancelled,
      failed: counts.failed,
    }));
    return runs.sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
  }
}

/** Runs of the lines, newest first. */
export async function foldRuns(entries: AsyncIterable<HistoryEntry>): Promise<RunSummary[]> {
  const folder = new RunFolder();
  for await (const entry of entries) folder.add(entry);
  return folder.runs();
}

export interface RunScan {
  /** Every line newer than this (ms) is read. */
  cutoff: number;
  /** The environments whose last run of each kind is wanted from older lines too. */
  profileIds: readonly string[];
  /** Older lines read at most while a last run is still missing (bounds a long history). */
  olderLines?: number;
}

const KINDS_WANTED = ['purge', 'plan', 'republish'] as const;

/**
 * Runs of the history's lines newest first: all lines newer than the cutoff, then older ones only
 * until every environment's last purge, plan run and republish is found (or the bound is reached).
 */
export async function scanRuns(entries: AsyncIterable<HistoryEntry>, scan: RunScan): Promise<RunSummary[]> {
  const folder = new RunFolder();
  const wanted = new Set(scan.profileIds.flatMap((id) => KINDS_WANTED.map((kind) => `${id}/${kind}`)));
  let older = scan.olderLines ?? 50_000;
  for await (const entry of entries) {
    const isOlder = Date.parse(entry.time) < scan.cutoff;
    if (isOlder && (wanted.size === 0 || older-- <= 0)) break;
    const key = `${entry.profileId}/${runKindOf(entry)}`;
    if (isOlder && !wanted.has(key) && !folder.has(entry.runId)) continue;
    wanted.delete(key);
    folder.add(entry);
  }
  return folder.runs();
}
