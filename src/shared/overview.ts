/**
 * The overview's figures as every process sees them: cube memory per node and project against
 * each project's capacity, content caches per project by status, the runs of the history (one per
 * run id, with its kind and outcome) and their counts per day. Plain data with the rules that need
 * no I/O, so main, the command line and the window agree on every number.
 */
import type { ErrorInfo } from './errors.ts';
import type { HistoryEntry, PurgeItemOutcome } from './model.ts';

/** A project whose cubes use this share of its capacity or more is flagged as near its limit. */
export const NEAR_CAPACITY = 0.8;

/** How many days the runs-per-day charts cover across environments. */
export const RUN_DAYS = 14;

export type MemoryLevel = 'ok' | 'near' | 'over' | 'unknown';

/** Cube memory of one project on one node, as GET …/cubes/aggregatedUsages reports it. */
export interface ProjectMemory {
  projectId: string;
  projectName: string;
  /** The server's currentUsage (the documentation recommends bytes; the unit is not confirmed). */
  usage: number;
  /** The project's cube memory limit on this node; null when the server gives none. */
  capacity: number | null;
  /** usage / capacity; null without a capacity (or a capacity of 0 with nothing used). */
  share: number | null;
  level: MemoryLevel;
}

export interface NodeOverview {
  name: string;
  status: string;
  load: number | null;
  isDefault: boolean;
  /** Projects loaded on the node. */
  loadedProjects: number;
  /** Cube memory per project; null when the node was not asked (stopped) or asking failed. */
  memory: ProjectMemory[] | null;
  /** Why the memory is missing: not running, or the server's error. */
  memorySkipped: string | null;
  memoryError: ErrorInfo | null;
}

export interface StatusFigure {
  count: number;
  sizeKb: number;
}

/** Content caches of one project on one node, by status. */
export interface ProjectContent {
  node: string;
  projectId: string;
  projectName: string;
  ready: StatusFigure;
  invalid: StatusFigure;
  expired: StatusFigure;
  /** Caches in none of the three states (processing, for one). */
  other: StatusFigure;
}

export type RunKind = 'purge' | 'plan' | 'cache-action' | 'republish';

/** The history action names that mean a cube was republished. */
export const REPUBLISH_ACTIONS: readonly string[] = ['republish'];

/** One run of the history: all lines of one run id. */
export interface RunSummary {
  runId: string;
  profileId: string;
  profileName: string;
  kind: RunKind;
  /** The latest line's time. */
  time: string;
  outcome: PurgeItemOutcome;
  items: number;
  failed: number;
  scheduled: boolean;
  /** The plan step ("2/4 invalidate content caches"), or the cache action and kind ("delete cube"). */
  label: string;
}

export interface DayRuns {
  /** Local date, YYYY-MM-DD. */
  day: string;
  succeeded: number;
  failed: number;
  unknown: number;
  cancelled: number;
}

export interface NextRun {
  presetName: string;
  at: string;
}

/** What an environment's history says: last runs, the next scheduled one, failures since the last look. */
export interface RunFigures {
  lastPurge: RunSummary | null;
  lastPlanRun: RunSummary | null;
  lastRepublish: RunSummary | null;
  lastRun: RunSummary | null;
  nextScheduledRun: NextRun | null;
  /** When the user last marked this environment's failures as seen; null: never. */
  lastLook: string | null;
  /** Failed runs since the last look (or within RUN_DAYS days when never looked), newest first. */
  failures: RunSummary[];
}

export interface EnvironmentOverview extends RunFigures {
  profileId: string;
  profileName: string;
  tier: string;
  generatedAt: string;
  nodes: NodeOverview[];
  /** Why the nodes could not be asked (not connected, no privilege). */
  nodesError: ErrorInfo | null;
  content: ProjectContent[];
  contentError: ErrorInfo | null;
  /** Content caches on nodes that were skipped or failed. */
  contentNodesSkipped: { node: string; reason: string }[];
}

/** One row of the across-environments table. */
export interface EnvironmentRow extends RunFigures {
  profileId: string;
  profileName: string;
  tier: string;
  days: DayRuns[];
}

export function memoryLevel(usage: number, capacity: number | null): { share: number | null; level: MemoryLevel } {
  if (capacity === null) return { share: null, level: 'unknown' };
  if (capacity <= 0) return usage > 0 ? { share: null, level: 'over' } : { share: null, level: 'unknown' };
  const share = usage / capacity;
  return { share, level: share > 1 ? 'over' : share >= NEAR_CAPACITY ? 'near' : 'ok' };
}

export function runKindOf(entry: Pick<HistoryEntry, 'action' | 'step'>): RunKind {
  if (entry.action !== undefined && REPUBLISH_ACTIONS.includes(entry.action)) return 'republish';
  if (entry.step) return 'plan';
  return entry.action ? 'cache-action' : 'purge';
}

/** A run's outcome from its items: failed wins, then unknown; cancelled only when nothing else happened. */
export function runOutcome(counts: Record<PurgeItemOutcome, number>): PurgeItemOutcome {
  if (counts.failed > 0) return 'failed';
  if (counts.unknown > 0) return 'unknown';
  if (counts.succeeded > 0) return 'succeeded';
  return 'cancelled';
}

/** The local calendar day of a time, YYYY-MM-DD. */
export function localDay(time: Date): string {
  const month = String(time.getMonth() + 1).padStart(2, '0');
  const day = String(time.getDate()).padStart(2, '0');
  return `${time.getFullYear()}-${month}-${day}`;
}

/** The `count` local days ending with `last`, oldest first, each with no runs yet. */
export function emptyDays(last: Date, count: number): DayRuns[] {
  const days: DayRuns[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const date = new Date(last.getFullYear(), last.getMonth(), last.getDate() - back, 12);
    days.push({ day: localDay(date), succeeded: 0, failed: 0, unknown: 0, cancelled: 0 });
  }
  return days;
}

/** Runs counted into the days they ended on; runs outside the days are left out. */
export function countRunsPerDay(runs: Iterable<Pick<RunSummary, 'time' | 'outcome'>>, days: DayRuns[]): DayRuns[] {
  const byDay = new Map(days.map((day) => [day.day, day]));
  for (const run of runs) {
    const day = byDay.get(localDay(new Date(run.time)));
    if (day) day[run.outcome] += 1;
  }
  return days;
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB" (powers of 1024). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${BYTE_UNITS[unit]}`;
}

/** 0.8512 → "85%"; null → "—". */
export function formatShare(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

/** Whether a part of the overview could not be gathered (a node, the nodes, the content caches). */
export function overviewIncomplete(overview: EnvironmentOverview): boolean {
  return (
    overview.nodesError !== null ||
    overview.contentError !== null ||
    overview.nodes.some((node) => node.memoryError !== null)
  );
}
