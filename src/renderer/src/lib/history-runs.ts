/**
 * The history as runs: lines (one per item, newest first, as main filtered them) grouped by their
 * run id into one row per purge, cache action or plan run, with its counts, time, steps,
 * environments and nodes; each outcome in the words of its action; and an "outcome unknown" item
 * that a later line of the same item settled, linked to that line.
 */
import type { HistoryEntry, PurgeItemOutcome } from '../../../shared/model.ts';
import { count } from '../../../shared/plural.ts';

export interface HistoryLine {
  entry: HistoryEntry;
  /** Stable id of the line in the page, for links to it. */
  id: string;
  /** For an "outcome unknown" line: the later line of the same item that settled it. */
  settledBy: HistoryLine | null;
}

export interface HistoryRun {
  runId: string;
  /** What kind of run: "Purge", "Plan", "Invalidate content caches"... */
  title: string;
  started: string;
  durationMs: number;
  scheduled: boolean;
  counts: Record<PurgeItemOutcome, number>;
  environments: string[];
  nodes: string[];
  steps: { step: string; lines: number }[];
  lines: HistoryLine[];
}

const SUCCESS_WORDS: Record<string, string> = {
  invalidate: 'invalidated',
  delete: 'deleted',
  republish: 'republish succeeded',
  trigger: 'event triggered',
  send: 'subscription sent',
};

/** The outcome of a line in the words of what was done: "purge requested", "unload requested", "invalidated". */
export function outcomeWords(entry: Pick<HistoryEntry, 'action' | 'outcome'>): string {
  const action = entry.action ?? 'purge';
  switch (entry.outcome) {
    case 'succeeded':
      return SUCCESS_WORDS[action] ?? `${action} requested`;
    case 'failed':
      return `${action} failed`;
    case 'unknown':
      return 'outcome unknown';
    case 'cancelled':
      return 'cancelled, never sent';
    default:
      return String(entry.outcome);
  }
}

/** One item across runs and retries: the same environment, project, cache, action and node. */
function itemKey(entry: HistoryEntry): string {
  return [entry.profileId, entry.projectId, entry.cacheType, entry.action, entry.cacheId, entry.node].join('\u0000');
}

function lineId(entry: HistoryEntry, index: number): string {
  return `line-${entry.runId}-${index}`;
}

/** Links each "outcome unknown" line to the nearest later line of the same item that succeeded. */
function linkSettled(lines: HistoryLine[]): void {
  // Lines come newest first: walking them in order, the settled line last seen is the next one in time.
  const nextSettled = new Map<string, HistoryLine>();
  for (const line of lines) {
    const key = itemKey(line.entry);
    if (line.entry.outcome === 'unknown') line.settledBy = nextSettled.get(key) ?? null;
    if (line.entry.outcome === 'succeeded') nextSettled.set(key, line);
  }
}

function runTitle(lines: readonly HistoryLine[]): string {
  const first = lines[0]?.entry;
  if (!first) return 'Run';
  if (lines.some((line) => line.entry.step)) return 'Plan run';
  if (!first.action) return 'Purge';
  const action = first.action.charAt(0).toUpperCase() + first.action.slice(1);
  const caches = first.cacheType === 'content' || first.cacheType === 'cube';
  return caches ? `${action} ${first.cacheType} caches` : `${action} ${first.cacheType}`;
}

function distinct(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => Boolean(value)))].sort((a, b) => a.localeCompare(b));
}

function stepsOf(lines: readonly HistoryLine[]): { step: string; lines: number }[] {
  const steps = new Map<string, number>();
  for (const line of lines) if (line.entry.step) steps.set(line.entry.step, (steps.get(line.entry.step) ?? 0) + 1);
  return [...steps].map(([step, size]) => ({ step, lines: size })).sort((a, b) => a.step.localeCompare(b.step));
}

function summarise(runId: string, lines: HistoryLine[]): HistoryRun {
  const counts: Record<PurgeItemOutcome, number> = { succeeded: 0, failed: 0, unknown: 0, cancelled: 0 };
  let first = Infinity;
  let last = -Infinity;
  for (const { entry } of lines) {
    counts[entry.outcome] = (counts[entry.outcome] ?? 0) + 1;
    const at = Date.parse(entry.time);
    if (Number.isFinite(at)) {
      first = Math.min(first, at);
      last = Math.max(last, at + (entry.durationMs ?? 0));
    }
  }
  return {
    runId,
    title: runTitle(lines),
    started: Number.isFinite(first) ? new Date(first).toISOString() : (lines[0]?.entry.time ?? ''),
    durationMs: Number.isFinite(first) ? Math.max(0, last - first) : 0,
    scheduled: lines.some((line) => line.entry.scheduled === true),
    counts,
    environments: distinct(lines.map((line) => line.entry.profileName)),
    nodes: distinct(lines.map((line) => line.entry.node)),
    steps: stepsOf(lines),
    lines,
  };
}

/** The lines (newest first) as runs, newest first. */
export function groupRuns(entries: readonly HistoryEntry[]): HistoryRun[] {
  const lines: HistoryLine[] = entries.map((entry, index) => ({ entry, id: lineId(entry, index), settledBy: null }));
  linkSettled(lines);
  const byRun = new Map<string, HistoryLine[]>();
  for (const line of lines) {
    const group = byRun.get(line.entry.runId);
    if (group) group.push(line);
    else byRun.set(line.entry.runId, [line]);
  }
  return [...byRun].map(([runId, group]) => summarise(runId, group));
}

const MIXED_WORDS: Record<PurgeItemOutcome, string> = {
  succeeded: 'done',
  failed: 'failed',
  unknown: 'outcome unknown',
  cancelled: 'cancelled',
};

/** "12 purge requested, 2 outcome unknown": the run's counts in its action's words, zeros left out. */
export function countsText(run: HistoryRun): string {
  const actions = new Set(run.lines.map((line) => line.entry.action ?? 'purge'));
  const action = actions.size === 1 ? [...actions][0] : undefined;
  const outcomes: PurgeItemOutcome[] = ['succeeded', 'failed', 'unknown', 'cancelled'];
  return outcomes
    .filter((outcome) => run.counts[outcome] > 0)
    .map((outcome) => `${run.counts[outcome]} ${action ? outcomeWords({ outcome, action }) : MIXED_WORDS[outcome]}`)
    .join(', ');
}

/** "1 item", "568 items". */
export function itemsText(run: HistoryRun): string {
  return count(run.lines.length, 'item');
}
