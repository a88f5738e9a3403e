/**
 * The cache monitor's shared model: content caches (report, document and dashboard results) and
 * Intelligent Cube caches, per I-Server node; the filters an admin chooses; the actions and their
 * per-cache outcomes. Plain data, so it crosses IPC and prints as JSON.
 */
import type { ErrorInfo } from './errors.ts';
import type { ItemProgress, PurgeSummary } from './model.ts';

export const CACHE_KINDS = ['content', 'cube'] as const;
export type CacheKind = (typeof CACHE_KINDS)[number];

export const CONTENT_ACTIONS = ['invalidate', 'delete', 'load', 'unload'] as const;
export type ContentAction = (typeof CONTENT_ACTIONS)[number];
export const CUBE_ACTIONS = ['load', 'unload', 'activate', 'deactivate', 'delete'] as const;
export type CubeAction = (typeof CUBE_ACTIONS)[number];
export type CacheAction = ContentAction | CubeAction;

export const CONTENT_TYPES = ['report', 'document', 'dashboard', 'cube'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];
export const CONTENT_STATUSES = ['ready', 'invalid', 'expired', 'loaded', 'unloaded'] as const;
export type ContentStatus = (typeof CONTENT_STATUSES)[number];
export const CUBE_STATES = ['loaded', 'unloaded', 'active', 'inactive'] as const;
export type CubeState = (typeof CUBE_STATES)[number];

/** The actions of a kind, for menus and argument checks. */
export function actionsOf(kind: CacheKind): readonly CacheAction[] {
  return kind === 'content' ? CONTENT_ACTIONS : CUBE_ACTIONS;
}

/** Deleting a cube cache unpublishes the cube: it needs explicit acceptance on every tier. */
export function isUnpublishing(kind: CacheKind, action: CacheAction): boolean {
  return kind === 'cube' && action === 'delete';
}

/** One cache on one node, as every screen, file and JSON document shows it. */
export interface CacheRow {
  kind: CacheKind;
  node: string;
  /** The id an action needs: the combined id of a content cache, the cube cache id. */
  id: string;
  projectId: string;
  projectName: string;
  /** The report, document, dashboard or cube the cache belongs to. */
  name: string;
  sourceId: string | null;
  type: ContentType;
  /** The states that apply, in words: ready, invalid, expired, loaded, unloaded, active, inactive, processing… */
  status: string[];
  sizeKb: number | null;
  hitCount: number | null;
  lastHit: string | null;
  lastUpdated: string | null;
  created: string | null;
  expires: string | null;
  owner: string | null;
  /** Warehouse tables a content cache used (empty when the server does not say). */
  tables: string[];
}

export interface CacheFilter {
  /** Node names (any case); none: every running node. */
  nodes?: string[];
  /** Project names or ids; none: every project loaded on the node. */
  projects?: string[];
  type?: ContentType;
  /** Any of these types (a plan step: documents and dashboards together). */
  types?: ContentType[];
  status?: ContentStatus;
  state?: CubeState;
  /** Owner (creator) name, any case. */
  owner?: string;
  /** Hit count 0 and last hit (cubes: last update) older than this many days. */
  unusedDays?: number;
  /** Report, document or cube names (any case). */
  names?: string[];
  /** Report, document or cube object ids. */
  sourceIds?: string[];
  /** Caches that used any of these warehouse tables (any case). */
  tables?: string[];
}

export interface NodeScan {
  name: string;
  status: string;
  isDefault: boolean;
  /** Whether it was asked; a stopped node, or one without the chosen projects, is not. */
  listed: boolean;
  /** Why it was not asked. */
  skippedReason: string | null;
  /** Why asking it failed. */
  error: ErrorInfo | null;
  /** Projects loaded on it (of those chosen). */
  projectCount: number;
  cacheCount: number;
}

export interface CacheListing {
  profileId: string;
  profileName: string;
  kind: CacheKind;
  nodes: NodeScan[];
  caches: CacheRow[];
  /** Filters this server refused, so the app applied them itself on the whole list. */
  filteredLocally: string[];
  /** Chosen projects no node has. */
  missingProjects: string[];
  /** The known project names closest to each missing one ("did you mean"). */
  missingSuggestions?: Record<string, string[]>;
  fetchedAt: string;
}

export interface CacheActionRequest {
  profileId: string;
  kind: CacheKind;
  action: CacheAction;
  /** The caches to act on, as listed. */
  caches: CacheRow[];
  scheduled?: boolean;
  /** The plan step this action is ("2/4 invalidate content caches"), for the history. */
  step?: string;
  /** The run this action belongs to (a whole plan run); a new run of its own when absent. */
  runId?: string;
}

export interface CacheActionItem extends ItemProgress {
  key: string;
  node: string;
  cacheId: string;
  name: string;
  projectId: string;
  projectName: string;
  /**
   * What a fresh list showed after the run: "gone", or the cache's states ("invalid, loaded"); null
   * when not checked. The server only says a change was accepted; this is what it then showed.
   */
  afterwards: string | null;
  /** Whether the fresh list shows the change asked for (null: not checked, or not succeeded). */
  confirmed: boolean | null;
}

export interface CacheActionPlan {
  id: string;
  runId: string;
  profileId: string;
  profileName: string;
  tier: string;
  host: string;
  kind: CacheKind;
  action: CacheAction;
  items: CacheActionItem[];
  touchesProduction: boolean;
  /** Deleting cube caches: users lose the cubes' data until they are republished. */
  unpublishes: boolean;
  scheduled: boolean;
  step: string | null;
}

export interface CacheActionOutcome {
  planId: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  summary: PurgeSummary;
  items: CacheActionItem[];
}

/** Whether a cache's states after an action show that the action took effect. */
export function showsAction(action: CacheAction, afterwards: string[] | null): boolean {
  if (afterwards === null) return action === 'delete';
  return afterwards.includes(ACTION_TARGET[action]);
}

/** The listed caches an action would change, and those a list already shows in its target state. */
export function splitAlreadySo(
  action: CacheAction,
  caches: readonly CacheRow[],
): { toChange: CacheRow[]; alreadySo: CacheRow[] } {
  const alreadySo = action === 'delete' ? [] : caches.filter((cache) => showsAction(action, cache.status));
  return { toChange: caches.filter((cache) => !alreadySo.includes(cache)), alreadySo };
}

/** The state an action leaves a cache in, as a list shows it ("unloaded"); "gone" for a delete. */
export const ACTION_TARGET: Readonly<Record<CacheAction, string>> = {
  invalidate: 'invalid',
  load: 'loaded',
  unload: 'unloaded',
  activate: 'active',
  deactivate: 'inactive',
  delete: 'gone',
};

/** What an action asks of the server, in an admin's words ("invalidate 12 report caches"). */
export function actionWords(kind: CacheKind, action: CacheAction): string {
  return `${action} ${kind === 'content' ? 'content' : 'cube'} caches`;
}
