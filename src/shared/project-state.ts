/**
 * A project's state on each cluster node and the changes an admin makes to it in a maintenance
 * window: idle (five modes), resume, load, unload, and the schema update. Plain data and rules with
 * no I/O, shared by the window, the command line, plans and script import.
 */
import type { ErrorInfo } from './errors.ts';

export const PROJECT_STATE_ACTIONS = ['idle', 'resume', 'load', 'unload'] as const;
export type ProjectStateAction = (typeof PROJECT_STATE_ACTIONS)[number];

export const IDLE_MODES = ['request', 'execution', 'warehouse', 'full', 'partial'] as const;
export type IdleMode = (typeof IDLE_MODES)[number];

/**
 * The status value the per-node PATCH takes for each idle mode. Full and partial follow the vendor's
 * REST documentation (full = request idle and execution idle for all jobs = "full_idle"); the
 * official Python SDK maps the two the other way round, against its own docstring.
 */
export const IDLE_STATUS: Record<IdleMode, string> = {
  request: 'request_idle',
  execution: 'exec_idle',
  warehouse: 'wh_exec_idle',
  full: 'full_idle',
  partial: 'partial_idle',
};

/** The status an action leaves the project in on a node. */
export function targetStatus(action: ProjectStateAction, mode?: IdleMode): string {
  if (action === 'idle') return IDLE_STATUS[mode ?? 'request'];
  return action === 'unload' ? 'unloaded' : 'loaded';
}

const STATUS_WORDS: Record<string, string> = {
  loaded: 'loaded',
  unloaded: 'unloaded',
  request_idle: 'request idle',
  exec_idle: 'execution idle',
  wh_exec_idle: 'warehouse execution idle',
  full_idle: 'fully idle',
  partial_idle: 'partially idle',
  pending: 'pending',
  loaded_pending: 'loading (pending)',
  unloaded_pending: 'unloading (pending)',
};

/** The words an admin reads for a node's project status; an unknown value is shown as it came. */
export function nodeStatusWord(status: string): string {
  return STATUS_WORDS[status.toLowerCase()] ?? status;
}

export function isPendingStatus(status: string): boolean {
  return /pending/i.test(status);
}

export function isIdleStatus(status: string): boolean {
  return /_idle$/i.test(status);
}

/**
 * Whether an action would change anything on a node where the project is `status`: a resume
 * changes only an idle project (a loaded one is "already so", an unloaded one is not resumed but
 * loaded), a load only an unloaded one, an idle anything loaded or idle in another mode.
 */
export function changesSomething(action: ProjectStateAction, status: string, mode?: IdleMode): boolean {
  const current = status.toLowerCase();
  switch (action) {
    case 'resume':
      return isIdleStatus(current);
    case 'load':
      return current !== 'loaded' && !isIdleStatus(current);
    case 'unload':
      return current !== 'unloaded';
    case 'idle':
      return current !== 'unloaded' && current !== targetStatus('idle', mode);
  }
}

/** Why an action is not sent to a node where the project is `status`. */
export function unchangedReason(action: ProjectStateAction, status: string): string {
  if (isPendingStatus(status)) return 'a change is still pending on this node: look again in a moment';
  if (action === 'resume' && status.toLowerCase() === 'unloaded')
    return 'not loaded on this node: a resume does not load it (use load)';
  if (action === 'idle' && status.toLowerCase() === 'unloaded') return 'not loaded on this node: nothing to idle';
  return `already ${nodeStatusWord(status)}`;
}

/** What an action does, in words, for confirmations and reports. */
export function actionWordsFor(action: ProjectStateAction, mode?: IdleMode): string {
  return action === 'idle' ? `idle (${mode ?? 'request'})` : action;
}

/** Whether the action ends or blocks the project's user sessions (unload, full idle). */
export function endsUserSessions(action: ProjectStateAction, mode?: IdleMode): boolean {
  return action === 'unload' || (action === 'idle' && (mode === 'full' || mode === 'partial'));
}

export interface NodeProjectState {
  node: string;
  status: string;
}

export interface ProjectStateRow {
  id: string;
  name: string;
  /** The project's status on each running node listed (a node where it is absent: "unloaded"). */
  states: NodeProjectState[];
  /** Not in the same state on every listed node (loaded on some only, idle on some). */
  asymmetric: boolean;
}

export interface StateNode {
  name: string;
  status: string;
  /** Only running nodes are asked about projects. */
  running: boolean;
}

export interface ProjectStateTable {
  profileId: string;
  profileName: string;
  nodes: StateNode[];
  projects: ProjectStateRow[];
  fetchedAt: string;
}

/** One node of a project-state change: sent, or left alone because nothing would change. */
export type NodeChangeStatus = 'pending' | 'succeeded' | 'failed' | 'unknown' | 'unchanged' | 'cancelled';

export interface NodeChange {
  node: string;
  /** The status before the change, as last read. */
  before: string;
  /** What the node reported last (after the change, or when it gave up following it). */
  after: string | null;
  status: NodeChangeStatus;
  /** Why it was not sent ("already loaded"), or what was seen when the outcome is unknown. */
  note: string | null;
  error: ErrorInfo | null;
  durationMs: number | null;
}

export interface ProjectStateRequest {
  profileId: string;
  action: ProjectStateAction;
  mode?: IdleMode;
  /** A project name or id. */
  project: string;
  /** Node names; none: every running node. */
  nodes?: string[];
  scheduled?: boolean;
  step?: string;
  runId?: string;
}

export interface ProjectStatePlan {
  id: string;
  runId: string;
  profileId: string;
  profileName: string;
  tier: string;
  action: ProjectStateAction;
  mode: IdleMode | null;
  target: string;
  projectId: string;
  projectName: string;
  /** Every node chosen: those to send to (status "pending") and those left alone ("unchanged"). */
  nodes: NodeChange[];
  endsSessions: boolean;
  scheduled: boolean;
  step: string | null;
}

export interface ProjectStateOutcome {
  plan: ProjectStatePlan;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  nodes: NodeChange[];
}

export const SCHEMA_PARTS = ['refresh', 'table-keys', 'logical-sizes', 'clear-element-cache'] as const;
export type SchemaPart = (typeof SCHEMA_PARTS)[number];

/**
 * The reload's updateTypes for the parts ticked. The reload itself refreshes the schema; table keys
 * also recalculate fact entry levels, as the vendor's "Recalculate table keys and fact entry
 * levels" option does.
 */
export function schemaUpdateTypes(parts: readonly SchemaPart[]): string[] {
  const types: string[] = [];
  if (parts.includes('table-keys')) types.push('table_key', 'entry_level');
  if (parts.includes('logical-sizes')) types.push('logical_size');
  if (parts.includes('clear-element-cache')) types.push('clear_element_cache');
  return types;
}

export type SchemaTaskStatus = 'succeeded' | 'failed' | 'unknown';

export interface SchemaUpdateOutcome {
  runId: string;
  profileId: string;
  profileName: string;
  projectId: string;
  projectName: string;
  parts: SchemaPart[];
  taskId: string | null;
  status: SchemaTaskStatus;
  /** The task's last status as the server said it ("running", "completed", "failed"). */
  lastSeen: string | null;
  error: ErrorInfo | null;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}
