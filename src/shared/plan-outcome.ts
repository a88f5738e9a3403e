/** The outcome of a maintenance plan run, step by step and environment by environment. */
import type { ErrorInfo } from './errors.ts';
import type { CacheActionItem } from './cache-monitor.ts';
import type { PurgeItem, PurgeSummary } from './model.ts';
import type { Step } from './preset-schema.ts';
import type { CubePublishResult, SendResult } from './runbook.ts';

export type StepStatus = 'succeeded' | 'failed' | 'unknown' | 'cancelled' | 'skipped';

export interface StepEnvironmentOutcome {
  profileId: string;
  profileName: string;
  /** What was done (null when nothing could be sent). */
  summary: PurgeSummary | null;
  /** Why the step could not run here, or what stopped part of it. */
  error: ErrorInfo | null;
  /** Caches or projects found missing (names chosen that the environment does not have). */
  missing: string[];
  /** Per node or project, what was done ("\"Sales\" on iserver-a: not sent: already loaded"). */
  details?: string[];
  /** Each cube, event or subscription of an after-load step, with how it ended. */
  items?: (CubePublishResult | SendResult)[];
  /** Every purge or cache action of the step here as it ended, cancelled ones included. */
  runItems?: readonly (PurgeItem | CacheActionItem)[];
  /** Per node, by name, where the step acts per node (cache actions, project state changes). */
  nodes?: NodeResult[];
  /** A cache step's check afterwards: the list read again (absent: not checked). */
  checked?: { at: string; error: ErrorInfo | null };
}

/** What a step did on one node. */
export interface NodeResult {
  node: string;
  summary: PurgeSummary;
  /** Of those succeeded, how many a fresh list shows changed (null: not checked). */
  shown: number | null;
}

export interface StepOutcome {
  index: number;
  label: string;
  description: string;
  kind: Step['kind'];
  status: StepStatus;
  environments: StepEnvironmentOutcome[];
  /** The step is marked "always run". */
  alwaysRun?: boolean;
  /** It ran only because it is marked so: an earlier step failed and the plan stopped, or the run was cancelled. */
  ranBecauseAlwaysRun?: boolean;
}

export interface PlanOutcome {
  presetName: string;
  /** The one run id every history line of this plan run carries. */
  runId?: string;
  /** The run was stopped (Ctrl-C, SIGTERM, the window's Cancel): steps not started are "skipped". */
  cancelled?: boolean;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  steps: StepOutcome[];
  /** Totals over every step and environment. */
  summary: PurgeSummary;
}

/** A step's counts before anything was done: the start of every sum of counts. */
export const EMPTY_SUMMARY: Readonly<PurgeSummary> = {
  total: 0,
  succeeded: 0,
  failed: 0,
  unknown: 0,
  cancelled: 0,
  skipped: 0,
  blockedEnvironments: 0,
};

/** Counts one ended thing on its node (nodes kept by name). */
export function tallyNode(
  nodes: NodeResult[],
  node: string,
  status: 'succeeded' | 'failed' | 'unknown' | 'cancelled' | 'skipped',
  shown: boolean | null = null,
): void {
  let entry = nodes.find((candidate) => candidate.node === node);
  if (!entry) {
    entry = { node, summary: { ...EMPTY_SUMMARY }, shown: null };
    nodes.push(entry);
    nodes.sort((a, b) => a.node.localeCompare(b.node));
  }
  if (status !== 'skipped') entry.summary.total += 1;
  entry.summary[status] += 1;
  if (shown !== null) entry.shown = (entry.shown ?? 0) + (shown ? 1 : 0);
}
