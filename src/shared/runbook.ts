/**
 * What an after-load runbook acts on and how each act ended: Intelligent Cubes (found by search,
 * with or without a cache) and their republish, events and their trigger, subscriptions and their
 * send. Shared by the command line, the window and plans.
 */
import type { ErrorInfo } from './errors.ts';

export type CubeKind = 'olap' | 'super';

/** The cube status bits of X-MSTR-CubeStatus and cubesInfos[].status. */
export const CUBE_STATUS_BITS = {
  processing: 1,
  active: 2,
  persisted: 4,
  dirtyInfo: 8,
  dirty: 16,
  loaded: 32,
  ready: 64,
  loadPending: 128,
} as const;

export type CubeStatusWord = keyof typeof CUBE_STATUS_BITS;

export function cubeStatusWords(mask: number): CubeStatusWord[] {
  return (Object.keys(CUBE_STATUS_BITS) as CubeStatusWord[]).filter((word) => (mask & CUBE_STATUS_BITS[word]) !== 0);
}

export interface CubeRow {
  id: string;
  name: string;
  kind: CubeKind;
  projectId: string;
  projectName: string;
  /** Where the search found it ("\Public Objects\Reports"), when the server said. */
  folder: string | null;
  /** False when the cube has never been published (or its cache was deleted). */
  hasCache: boolean;
  status: CubeStatusWord[];
  sizeKb: number | null;
  /** ISO, read from the server's "MM/DD/YYYY hh:mm:ss" taken as UTC (the server names no zone). */
  lastUpdated: string | null;
}

export interface CubeListing {
  profileId: string;
  profileName: string;
  projectId: string;
  projectName: string;
  cubes: CubeRow[];
}

export type RunbookItemStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'unknown' | 'cancelled';

/** One cube's republish, as `cubes publish --json` prints it. */
export interface CubePublishResult {
  cube: string;
  cubeId: string;
  project: string;
  projectId: string;
  status: RunbookItemStatus;
  jobId: string | null;
  /** What the server said, or what was seen when the outcome is unknown. */
  message: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: ErrorInfo | null;
}

export interface EventRow {
  id: string;
  name: string;
  description: string | null;
}

export interface SubscriptionRow {
  id: string;
  name: string;
  owner: string | null;
  /** email, file, printer, history list, cache, mobile, ... as the server names it. */
  delivery: string | null;
  /** The schedules or events that run it, by name. */
  triggers: string[];
  lastRun: string | null;
  projectId: string;
}

/** One event trigger or subscription send: "succeeded" means the server accepted it (2xx). */
export interface SendResult {
  kind: 'event' | 'subscription';
  id: string;
  name: string;
  projectId: string | null;
  status: RunbookItemStatus;
  message: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: ErrorInfo | null;
}

export interface RunbookSummary {
  total: number;
  succeeded: number;
  failed: number;
  unknown: number;
  cancelled: number;
}

export function summariseRunbook(items: readonly { status: RunbookItemStatus }[]): RunbookSummary {
  const summary = { total: items.length, succeeded: 0, failed: 0, unknown: 0, cancelled: 0 };
  for (const { status } of items) if (status !== 'pending' && status !== 'running') summary[status] += 1;
  return summary;
}

export const DEFAULT_PUBLISH_CONCURRENCY = 2;
export const DEFAULT_PUBLISH_TIMEOUT_MINUTES = 60;
