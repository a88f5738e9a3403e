/** The outcome of a maintenance plan run, step by step and environment by environment. */
import type { ErrorInfo } from './errors.ts';
import type { PurgeSummary } from './model.ts';
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
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  steps: StepOutcome[];
  /** Totals over every step and environment. */
  summary: PurgeSummary;
}
