/**
 * The domain model every process shares: environments (profiles), projects, cache types and the
 * facts a server reports. Plain data only, so it can cross IPC and be printed as JSON.
 */
import type { ErrorInfo } from './errors.ts';

export const CACHE_TYPES = ['object', 'element'] as const;
export type CacheType = (typeof CACHE_TYPES)[number];

export const LOGIN_MODES = ['standard', 'ldap', 'api-token', 'guest'] as const;
export type LoginMode = (typeof LOGIN_MODES)[number];

/** The numeric loginMode the Library REST API expects for each mode. */
export const LOGIN_MODE_NUMBERS: Record<LoginMode, number> = {
  standard: 1,
  ldap: 16,
  guest: 8,
  'api-token': 4096,
};

export const STANDARD_TIERS = ['dev', 'test', 'staging', 'prod'] as const;

/** Project status numbers as the server reports them, and the words an admin reads. */
export const PROJECT_STATUS_WORDS: Record<number, string> = {
  0: 'loaded',
  1: 'execution idle',
  2: 'request idle',
  4: 'warehouse execution idle',
  7: 'fully idle',
  [-1]: 'offline',
  [-2]: 'offline pending',
  [-3]: 'error',
  [-4]: 'online pending',
};

export function projectStatusWord(status: number): string {
  return PROJECT_STATUS_WORDS[status] ?? `status ${status}`;
}

/** Only loaded projects (status 0) accept cache purges; the official SDK's "all projects" means these. */
export function isLoadedStatus(status: number): boolean {
  return status === 0;
}

export interface Project {
  id: string;
  name: string;
  status: number;
  alias: string;
  description: string;
  owner: string;
  dateCreated: string | null;
  dateModified: string | null;
}

export interface ServerStatus {
  webVersion: string | null;
  iServerVersion: string | null;
  upSince: number | null;
  baseUri: string | null;
}

export interface ConnectionTest extends ServerStatus {
  roundTripMs: number;
  purgeSupported: boolean;
}

export interface SessionInfo {
  userFullName: string;
  userId: string;
  idleTimeoutSeconds: number;
  locale: number | null;
}

export interface ClusterNode {
  name: string;
  port: number | null;
  status: string;
  /** The server's load figure for the node (its unit is the server's); null when not given. */
  load: number | null;
  isDefault: boolean;
  projects: { id: string; name: string; status: string }[];
}

export const SESSION_STATES = ['disconnected', 'connecting', 'connected', 'expired', 'failed'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** What the renderer may know about a connection: never the token or cookies. */
export interface SessionView {
  profileId: string;
  state: SessionState;
  userFullName: string | null;
  serverVersion: string | null;
  purgeSupported: boolean | null;
  /** When the server will end the session if nothing happens (ISO time). */
  expiresAt: string | null;
  error: ErrorInfo | null;
  /** Whether the keychain holds this profile's password (or API token); null until first checked. */
  secretRemembered: boolean | null;
}

/**
 * Which projects a purge targets: every loaded project, project ids (one environment), names
 * (matched across environments), or either (what the command line accepts).
 */
export type ProjectSelection = { all: true } | { ids: string[] } | { names: string[] } | { select: string[] };

/** The chosen names or ids of a selection; null for "all loaded projects". */
export function selectedProjects(selection: ProjectSelection): string[] | null {
  if ('all' in selection) return null;
  if ('ids' in selection) return selection.ids;
  return 'names' in selection ? selection.names : selection.select;
}

export interface PurgeRequest {
  /** Profile ids. */
  environments: string[];
  projects: ProjectSelection;
  cacheTypes: CacheType[];
  /** Overrides each profile's own concurrency. */
  concurrency?: number;
  /** Started by a native schedule; the history says so. */
  scheduled?: boolean;
  /** The plan step this purge is ("1/3 purge object + element caches"), for the history. */
  step?: string;
  /** The run this purge belongs to (a whole plan run); a new run of its own when absent. */
  runId?: string;
}

/**
 * How an item ended. "unknown": the request was sent but no answer came in time; the server may
 * still carry it out (repeating a purge is harmless). "cancelled": never sent.
 */
export type PurgeItemStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'unknown' | 'cancelled';

/** The statuses an item can end with. */
export type PurgeItemOutcome = 'succeeded' | 'failed' | 'unknown' | 'cancelled';

/** Where one item of a run (a purge, a cache action) stands, and how it ended. */
export interface ItemProgress {
  status: PurgeItemStatus;
  durationMs: number | null;
  error: ErrorInfo | null;
  /** Requests sent for this item (1 when nothing had to be repeated; 0 when never sent). */
  attempts: number;
  /** Why each request after the first was needed: "HTTP 502", "session expired: logged in again". */
  retries: string[];
  /** When it last ended (ISO), for the "last purged" time of a project. */
  finishedAt: string | null;
}

export interface PurgeItem extends ItemProgress {
  key: string;
  profileId: string;
  profileName: string;
  projectId: string;
  projectName: string;
  cacheType: CacheType;
}

export interface SkippedProject {
  profileName: string;
  projectId: string;
  projectName: string;
  reason: string;
}

export interface PlannedEnvironment {
  profileId: string;
  profileName: string;
  tier: string;
  host: string;
  user: string | null;
  concurrency: number;
  /** Set when the preflight failed: nothing is sent to this environment. */
  error: ErrorInfo | null;
  projectCount: number;
}

export interface PurgePlan {
  id: string;
  /** The run this plan belongs to: its own id, or the first plan's id for a retry of it. */
  runId: string;
  request: PurgeRequest;
  environments: PlannedEnvironment[];
  items: PurgeItem[];
  skipped: SkippedProject[];
  /** Chosen names or ids that an environment does not have. */
  missing: { profileName: string; selector: string; didYouMean?: string[] }[];
  /** True when any environment of the plan is production and needs a typed confirmation. */
  touchesProduction: boolean;
}

export interface PurgeSummary {
  total: number;
  succeeded: number;
  failed: number;
  /** Timed out: sent, but whether the server did it is not known. */
  unknown: number;
  cancelled: number;
  skipped: number;
  /** Environments whose preflight failed. */
  blockedEnvironments: number;
}

/** How many items ended each way (one pass over the items). */
export function countOutcomes(
  items: readonly { status: PurgeItemStatus }[],
): Pick<PurgeSummary, 'total' | 'succeeded' | 'failed' | 'unknown' | 'cancelled'> {
  const counts = { total: items.length, succeeded: 0, failed: 0, unknown: 0, cancelled: 0 };
  for (const { status } of items) if (status !== 'pending' && status !== 'running') counts[status] += 1;
  return counts;
}

export interface PurgeOutcome {
  planId: string;
  /** The run: the same across its retries; items and summary cover every item's final state. */
  runId: string;
  startedAt: string;
  finishedAt: string;
  /** Wall time of the run, retries included. */
  durationMs: number;
  summary: PurgeSummary;
  items: PurgeItem[];
}

export interface HistoryEntry {
  time: string;
  durationMs: number;
  runId: string;
  profileId: string;
  profileName: string;
  serverHost: string;
  user: string;
  projectId: string;
  projectName: string;
  /** object or element for a purge; content or cube for a cache monitor action; project for a project-state change or schema update. */
  cacheType: CacheType | 'content' | 'cube' | 'project' | 'event' | 'subscription';
  /** A cache monitor action (invalidate, delete, load, unload, activate, deactivate); absent for a purge. */
  action?: string;
  /** The I-Server node a cache monitor action went to. */
  node?: string;
  cacheId?: string;
  /** The report, document, dashboard or cube whose cache it was. */
  cacheName?: string;
  /** Lines older than "unknown" and "cancelled" hold only the first two. */
  outcome: PurgeItemOutcome;
  /** Requests sent (absent in older lines). */
  attempts?: number;
  /** Why requests were repeated (absent in older lines). */
  retries?: string[];
  httpStatus: number | null;
  mstrCode: string | null;
  ticketId: string | null;
  errorCode: string | null;
  message: string | null;
  /** Run by a native schedule rather than by a person (absent in lines older than schedules). */
  scheduled?: boolean;
  /** The preset step it belonged to ("2/4 invalidate content caches"), for runs of a maintenance plan. */
  step?: string;
  /** The server's job of a cube republish ("478:RU5W..."). */
  jobId?: string;
}

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface Settings {
  theme: ThemeChoice;
  /** Used for new profiles. */
  defaultConcurrency: number;
  defaultTimeoutSeconds: number;
  /** Log out of every server when the app quits. */
  logoutOnQuit: boolean;
}

/** A project list as last fetched, kept on disk so an offline profile still shows it. */
export interface ProjectListing {
  profileId: string;
  projects: Project[];
  fetchedAt: string | null;
  /** True when this is the stored copy because the server could not be asked. */
  offline: boolean;
  /** Why the server could not be asked, when offline. */
  error: ErrorInfo | null;
  /** False when the server would not list every project: then only the loaded ones are listed. */
  unloadedKnown: boolean;
  /** Project id to the time (ISO) of its last purge request the server accepted, from the history. */
  lastPurged: Record<string, string>;
}
