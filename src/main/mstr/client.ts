/**
 * The MicroStrategy Library REST client: the only code that speaks HTTP to a server. One instance
 * is one connection (core/connection.ts: its own cookie jar, token, TLS and proxy settings, its own
 * request layer); each method is one call of an API area (api/). Every authenticated call sends
 * the token and all the session's cookies; an expired session is logged in again once through the
 * caller's credentials callback and the call retried once, never in a loop.
 */
import type { CacheType, ClusterNode, ConnectionTest, Project, ServerStatus, SessionInfo } from '../../shared/model.ts';
import type { LibraryUrl } from '../../shared/library-url.ts';
import { extendSession, login, logout, sessionInfo } from './api/authentication.ts';
import {
  alterContentCaches,
  alterCubeCache,
  contentCachePage,
  cubeCachePage,
  cubeManipulationStatus,
  cubeUsageByProject,
  deleteCubeCache,
  type ContentOperation,
} from './api/caches.ts';
import { cubeInfo, publishCube, type CubeInfo, type PublishAnswer } from './api/cubes.ts';
import { listEvents, triggerEvent } from './api/events.ts';
import { jobState, type JobState } from './api/jobs.ts';
import { listNodes, purgeCache } from './api/monitors.ts';
import { searchObjects, type FoundObject } from './api/search.ts';
import { listSubscriptions, sendSubscription } from './api/subscriptions.ts';
import type { EventRow, SubscriptionRow } from '../../shared/runbook.ts';
import { listProjects, projectPage } from './api/projects.ts';
import { changeProjectStatusOnNode, projectStatusOnNode } from './api/project-states.ts';
import { reloadSchema, schemaTask, type SchemaTask } from './api/schema.ts';
import { serverStatus } from './api/server.ts';
import { LibraryConnection, type Credentials } from './core/connection.ts';
import { newTrace, type CallTrace } from './core/exchange.ts';
import type { CubeUsage, ManipulationStatus, Page } from './cache-responses.ts';
import { supportsRestPurge } from './server-version.ts';
import { SessionCookies } from './session-cookies.ts';
import type { TlsChoice } from './transport.ts';

export type { Credentials } from './core/connection.ts';
export { newTrace, BODY_LIMITS, type CallTrace } from './core/exchange.ts';
export type { ContentOperation } from './api/caches.ts';
export type { SchemaTask } from './api/schema.ts';
export type { CubeInfo, PublishAnswer } from './api/cubes.ts';
export type { JobState } from './api/jobs.ts';
export type { FoundObject } from './api/search.ts';

/** A live session as it can be kept in the keychain and restored after a restart. */
export interface SessionSnapshot {
  token: string;
  cookies: unknown;
}

export interface MstrClientOptions {
  url: string;
  timeoutMs?: number;
  tls?: TlsChoice;
  proxyUrl?: string | undefined;
  /** The password of the proxy user named in proxyUrl, asked for when the first request goes out. */
  proxyPassword?: (() => Promise<string | null>) | undefined;
  /** Retries for idempotent calls (GET, PUT, the purge DELETE) on 429/5xx and network errors. */
  retry?: { limit?: number; baseDelayMs?: number };
  /** Asked once for credentials when the session has expired; undefined means "cannot re-login". */
  credentials?: () => Promise<Credentials | undefined>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export class MstrClient {
  readonly #connection: LibraryConnection;

  constructor(options: MstrClientOptions) {
    this.#connection = new LibraryConnection({
      ...options,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      login: (credentials) => login(this.#connection, credentials),
    });
  }

  get url(): LibraryUrl {
    return this.#connection.url;
  }

  get isLoggedIn(): boolean {
    return this.#connection.token !== null;
  }

  /** The current token, to tell whether a call logged in again (cheap: nothing is serialised). */
  get token(): string | null {
    return this.#connection.token;
  }

  async status(): Promise<ServerStatus> {
    return serverStatus(this.#connection);
  }

  async testConnection(): Promise<ConnectionTest> {
    const started = performance.now();
    const status = await this.status();
    return {
      ...status,
      roundTripMs: Math.round(performance.now() - started),
      purgeSupported: supportsRestPurge(status.iServerVersion),
    };
  }

  async login(credentials: Credentials): Promise<void> {
    await login(this.#connection, credentials);
  }

  /** Ends the server session; a session the server already forgot counts as logged out. */
  async logout(): Promise<void> {
    await logout(this.#connection);
  }

  async sessionInfo(): Promise<SessionInfo> {
    return sessionInfo(this.#connection);
  }

  async extendSession(): Promise<void> {
    await extendSession(this.#connection);
  }

  async listProjects(): Promise<Project[]> {
    return listProjects(this.#connection);
  }

  /** One page of every project, loaded or not, with its status (GET /api/monitors/projects, I-Server 11.2+). */
  async projectPage(offset: number, limit: number): Promise<{ projects: Project[]; total: number | null }> {
    return projectPage(this.#connection, offset, limit);
  }

  async listNodes(): Promise<ClusterNode[]> {
    return listNodes(this.#connection);
  }

  /** Asks the server to purge one cache type of one project; 204 means the purge was triggered. */
  async purgeCache(projectId: string, cacheType: CacheType, trace: CallTrace = newTrace()): Promise<void> {
    await purgeCache(this.#connection, projectId, cacheType, trace);
  }

  /** One page (at most 1,000) of a node's content caches; `filters` are the server's own (status, type). */
  async contentCachePage(
    node: string,
    query: { projectId: string; offset: number; limit: number; filters?: Record<string, string> },
  ): Promise<Page> {
    return contentCachePage(this.#connection, node, query);
  }

  /** Changes many content caches of one node in one request (invalidate, load, unload, delete). */
  async alterContentCaches(node: string, operationList: ContentOperation[], trace?: CallTrace): Promise<void> {
    await alterContentCaches(this.#connection, node, operationList, trace);
  }

  /** One page of a node's cube caches; `filters` are the server's own (state.loadedState). */
  /** Cube memory per project on one node, with each project's capacity. */
  async cubeUsageByProject(node: string): Promise<CubeUsage[]> {
    return cubeUsageByProject(this.#connection, node);
  }

  async cubeCachePage(
    node: string,
    query: { projectIds: string[]; offset: number; limit: number; filters?: Record<string, string> },
    projectNames: ReadonlyMap<string, string>,
  ): Promise<Page> {
    return cubeCachePage(this.#connection, node, query, projectNames);
  }

  /** Asks for a cube cache change; the server does it in the background and gives a manipulation id. */
  async alterCubeCache(
    cacheId: string,
    state: { loadedState: 'loaded' | 'unloaded' } | { active: boolean },
    trace?: CallTrace,
  ): Promise<string> {
    return alterCubeCache(this.#connection, cacheId, state, trace);
  }

  async cubeManipulationStatus(manipulationId: string): Promise<{ status: ManipulationStatus; detail: string | null }> {
    return cubeManipulationStatus(this.#connection, manipulationId);
  }

  /** Deletes a cube cache, which unpublishes the cube. */
  async deleteCubeCache(cacheId: string, trace?: CallTrace): Promise<void> {
    await deleteCubeCache(this.#connection, cacheId, trace);
  }

  /** A project's status on one node ("loaded", "request_idle", "pending", ...). */
  async projectStatusOnNode(node: string, projectId: string): Promise<string> {
    return projectStatusOnNode(this.#connection, node, projectId);
  }

  /** Asks one node to put a project in `status`; answers what the node reported back (often "pending"). */
  async changeProjectStatusOnNode(
    node: string,
    projectId: string,
    status: string,
    trace?: CallTrace,
  ): Promise<string | null> {
    return changeProjectStatusOnNode(this.#connection, node, projectId, status, trace);
  }

  /** Starts a schema reload of one project; answers its task. */
  async reloadSchema(projectId: string, updateTypes: readonly string[], trace?: CallTrace): Promise<SchemaTask> {
    return reloadSchema(this.#connection, projectId, updateTypes, trace);
  }

  async schemaTask(projectId: string, taskId: string): Promise<SchemaTask> {
    return schemaTask(this.#connection, projectId, taskId);
  }

  /** Objects of one type in a project by name, through the metadata search (cubes with no cache too). */
  async searchObjects(
    projectId: string,
    query: { type: number; name?: string; pattern?: number },
  ): Promise<FoundObject[]> {
    return searchObjects(this.#connection, projectId, query);
  }

  async cubeInfo(projectId: string, cubeId: string): Promise<CubeInfo | null> {
    return cubeInfo(this.#connection, projectId, cubeId);
  }

  /** Publishes or republishes a cube (one job on the server); sent once. */
  async publishCube(projectId: string, cubeId: string, trace?: CallTrace): Promise<PublishAnswer> {
    return publishCube(this.#connection, projectId, cubeId, trace);
  }

  async jobState(jobId: string): Promise<JobState> {
    return jobState(this.#connection, jobId);
  }

  async listEvents(): Promise<EventRow[]> {
    return listEvents(this.#connection);
  }

  async triggerEvent(eventId: string, trace?: CallTrace): Promise<void> {
    await triggerEvent(this.#connection, eventId, trace);
  }

  async listSubscriptions(projectId: string): Promise<SubscriptionRow[]> {
    return listSubscriptions(this.#connection, projectId);
  }

  async sendSubscription(projectId: string, subscriptionId: string, trace?: CallTrace): Promise<void> {
    await sendSubscription(this.#connection, projectId, subscriptionId, trace);
  }

  exportSession(): SessionSnapshot | null {
    const token = this.#connection.token;
    return token === null ? null : { token, cookies: this.#connection.cookies.serialize() };
  }

  /** Fails when the kept cookies cannot be read (a damaged keychain entry). */
  async importSession(snapshot: SessionSnapshot): Promise<void> {
    this.#connection.adoptSession(snapshot.token, await SessionCookies.restore(snapshot.cookies));
  }

  /** Forgets the session locally without telling the server (for example after it expired). */
  forgetSession(): void {
    this.#connection.forgetSession();
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }
}
