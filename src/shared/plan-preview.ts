/**
 * A plan's dry run, as the window and the command line show it before a run: per step, environment
 * and node, how many of the step's things (purge requests, caches, project state changes…) it would
 * send, counted against the lists as they are now. Plain data, so it crosses IPC and prints as JSON.
 */
import type { ErrorInfo } from './errors.ts';
import type { Step } from './preset-schema.ts';

/** How many a step would send on one node, and how many it leaves there because they are already so. */
export interface NodeCount {
  node: string;
  count: number;
  alreadySo: number;
}

export interface StepEnvironmentPreview {
  profileId: string;
  profileName: string;
  tier: string;
  /** How many the step would send here, in its unit; 0 when it would send nothing. */
  count: number;
  /** Per node, by name, where the step acts per node (cache and project state steps); else empty. */
  nodes: NodeCount[];
  /** Left alone: projects not loaded (a purge), nodes already in the state asked for (a project state change). */
  leftAlone: number;
  /** Why the step could not be counted here, or would send nothing here when run. */
  error: ErrorInfo | null;
  /** What else the run would meet here ("iserver-b could not be listed"). */
  notes: string[];
}

export interface StepPreview {
  index: number;
  label: string;
  description: string;
  kind: Step['kind'];
  /** What one counted thing is, in the singular: "purge request", "content cache". */
  unit: string;
  alwaysRun?: boolean;
  environments: StepEnvironmentPreview[];
}

export interface PlanPreview {
  presetName: string;
  previewedAt: string;
  steps: StepPreview[];
  /** The production environments whose names a run asks for. */
  production: string[];
  /** A step deletes cube caches, which unpublishes the cubes. */
  unpublishes: boolean;
}
