/**
 * The MicroStrategy Library REST client: the only code that speaks HTTP to a server. One instance
 * is one connection: its own cookie jar, token, TLS and proxy settings. Every authenticated call
 * sends the token and all the session's cookies; an expired session is logged in again once
 * through the caller's credentials callback and the call retried once, never in a loop.
 */
import type { Dispatcher } from 'undici';
import { AppError } from '../../shared/errors.ts';
import {
  LOGIN_MODE_NUMBERS,
  type CacheType,
  type ClusterNode,
  type ConnectionTest,
  type LoginMode,
  type Project,
  type ServerStatus,
  type SessionInfo,
} from '../../shared/model.ts';
import { parseLibraryUrl, type LibraryUrl } from '../../shared/library-url.ts';
import { httpFailure, networkFailure, type Operation } from './failures.ts';
import { supportsRestPurge } from './server-version.ts';
import { createDispatcher, tlsConnectOptions, ResponseTooLarge, type TlsChoice } from './transport.ts';
import { SessionCookies } from './session-cookies.ts';
import { readClusterNodes, readProjects, readServerStatus, readSessionInfo } from './responses.ts';
import { BodyInterrupted, sendRequest, type Answer, type HttpMethod } from './request.ts';
import {
  readContentPage,
  readCubePage,
  readCubeUsages,
  readManipulation,
  readManipulationId,
  type CubeUsage,
  type ManipulationStatus,
  type Page,
} from './cache-responses.ts';

export interface Credentials {
  loginMode: LoginMode;
  username?: string;
  /** The password, or the API token in api-token mode. */
  secret?: string;
}

/**
 * What happened on the wire for one call: how many requests it took and why each repeat was
 * needed, so results and the history can say it ("HTML 502, then an expired session, then 204").
 */
export interface CallTrace {
  attempts: number;
  retries: string[];
}

export function newTrace(): CallTrace {
  return { attempts: 0, retries: [] };
}

/** Why a request that never got an answer was repeated, in a few words. */
function networkRetryReason(error: unknown): string {
  const failed = error instanceof BodyInterrupted ? error.cause : error;
  const code = (failed as { code?: unknown } | null)?.code;
  return `network error${typeof code === 'string' ? ` (${code})` : ''}`;
}

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

/** The most of a body read: lists can be long (tens of thousands of projects or caches), the rest is small. */
export const BODY_LIMITS = { list: 64 * 1024 * 1024, other: 1024 * 1024 } as const;

function bodyLimitFor(url: URL): number {
  return /\/api\/(projects|monitors\/)/.test(url.pathname) ? BODY_LIMITS.list : BODY_LIMITS.other;
}
const RETRY_STATUS_CODES = [429, 500, 502, 503, 504];
/** Repeating these changes nothing on the server; a POST (login) or a PATCH is never sent twice. */
const RETRY_METHODS: ReadonlySet<Method | 'post'> = new Set(['get', 'put', 'delete']);

export class MstrClient {
  readonly url: LibraryUrl;
  readonly #timeoutMs: number;
  readonly #credentials: MstrClientOptions['credentials'];
  /** Made on the first request (the proxy password may have to come from the keychain). */
  #dispatcher: Promise<Dispatcher> | null = null;
  #cookies = SessionCookies.empty();
  #token: string | null = null;
  /** Bumped on every login so concurrent calls that failed on an old token share one re-login. */
  #generation = 0;
  #relogin: Promise<void> | null = null;
  readonly #dispatcherFor: () => Promise<Dispatcher>;
  readonly #retryLimit: number;
  readonly #baseDelayMs: number;

  constructor(options: MstrClientOptions) {
    this.url = parseLibraryUrl(options.url);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#credentials = options.credentials;
    this.#retryLimit = options.retry?.limit ?? 2;
    this.#baseDelayMs = options.retry?.baseDelayMs ?? 300;
    this.#dispatcherFor = () => this.#connection(options);
  }

  /**
   * The connection pool, made on the first request: the trust store is read only then, and only for
   * https (reading the system's roots takes time a command line should not spend for nothing). A
   * failure (an unreadable CA file) is not kept: the next request tries again.
   */
  #connection(options: MstrClientOptions): Promise<Dispatcher> {
    this.#dispatcher ??= (async () => {
      const proxy = options.proxyUrl ?? process.env.HTTPS_PROXY ?? process.env.https_proxy ?? '';
      const needsTls = this.url.secure || /^https:/i.test(proxy);
      return createDispatcher(needsTls ? tlsConnectOptions(options.tls) : { rejectUnauthorized: true }, options);
    })().catch((error: unknown) => {
      this.#dispatcher = null;
      throw error;
    });
    return this.#dispatcher;
  }

  get isLoggedIn(): boolean {
    return this.#token !== null;
  }

  async status(): Promise<ServerStatus> {
    return readServerStatus(await this.#call('status', 'get', 'status', { authenticated: false }));
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
    const body = loginBody(credentials);
    this.#cookies = SessionCookies.empty();
    this.#token = null;
    const answer = await this.#exchange(
      'login',
      'post',
      'auth/login',
      { json: body, authenticated: false, expectBody: false },
      AbortSignal.timeout(this.#timeoutMs),
    );
    const token = answer.header('x-mstr-authtoken');
    if (!token) {
      throw new AppError(
        'NOT_A_LIBRARY_SERVER',
        `The login answered HTTP ${answer.status} without an X-MSTR-AuthToken header; this does not look like a Library server.`,
        { facts: { httpStatus: answer.status } },
      );
    }
    this.#token = token;
    this.#generation += 1;
  }

  /** Ends the server session; a session the server already forgot counts as logged out. */
  async logout(): Promise<void> {
    if (this.#token === null) return;
    try {
      await this.#exchange(
        'logout',
        'post',
        'auth/logout',
        { authenticated: true, expectBody: false },
        AbortSignal.timeout(this.#timeoutMs),
      );
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'SESSION_EXPIRED')) throw error;
    } finally {
      this.#token = null;
      this.#cookies = SessionCookies.empty();
    }
  }

  async sessionInfo(): Promise<SessionInfo> {
    return readSessionInfo(await this.#authenticated('session', 'get', 'sessions'));
  }

  async extendSession(): Promise<void> {
    await this.#authenticated('session', 'put', 'sessions', { expectBody: false });
  }

  async listProjects(): Promise<Project[]> {
    return readProjects(await this.#authenticated('projects', 'get', 'projects'));
  }

  async listNodes(): Promise<ClusterNode[]> {
    return readClusterNodes(await this.#authenticated('nodes', 'get', 'monitors/iServer/nodes'));
  }

  /** Asks the server to purge one cache type of one project; 204 means the purge was triggered. */
  async purgeCache(projectId: string, cacheType: CacheType, trace: CallTrace = newTrace()): Promise<void> {
    if (!/^[0-9A-F]{32}$/i.test(projectId)) {
      throw new AppError('PROJECT_NOT_FOUND', `"${projectId.slice(0, 64)}" is not a project id (32 hex digits).`);
    }
    const path = `monitors/projects/${projectId.toUpperCase()}/caches/${cacheType}`;
    await this.#authenticated('purge', 'delete', path, { expectBody: false, trace });
  }

  /** One page (at most 1,000) of a node's content caches; `filters` are the server's own (status, type). */
  async contentCachePage(
    node: string,
    query: { projectId: string; offset: number; limit: number; filters?: Record<string, string> },
  ): Promise<Page> {
    const searchParams = {
      clusterNode: node,
      projectId: query.projectId,
      offset: String(query.offset),
      limit: String(query.limit),
      ...query.filters,
    };
    return readContentPage(
      await this.#authenticated('caches', 'get', 'monitors/caches/contents', { searchParams }),
      node,
    );
  }

  /** Changes many content caches of one node in one request (invalidate, load, unload, delete). */
  async alterContentCaches(node: string, operationList: ContentOperation[], trace?: CallTrace): Promise<void> {
    await this.#authenticated('caches', 'patch', 'v2/monitors/caches/contents', {
      searchParams: { clusterNode: node },
      json: { operationList },
      expectBody: false,
      ...(trace ? { trace } : {}),
    });
  }

  /** One page of a node's cube caches; `filters` are the server's own (state.loadedState). */
  async cubeCachePage(
    node: string,
    query: { projectIds: string[]; offset: number; limit: number; filters?: Record<string, string> },
    projectNames: ReadonlyMap<string, string>,
  ): Promise<Page> {
    let total: string | null = null;
    const body = await this.#authenticated('caches', 'get', 'monitors/caches/cubes', {
      searchParams: {
        clusterNode: node,
        projectIds: query.projectIds.join(','),
        offset: String(query.offset),
        limit: String(query.limit),
        ...query.filters,
      },
      onHeaders: (header) => (total = header('x-mstr-total-count')),
    });
    return readCubePage(body, total, node, projectNames);
  }

  /** Cube memory per project on one node, with each project's capacity. */
  async cubeUsageByProject(node: string): Promise<CubeUsage[]> {
    const searchParams = { clusterNode: node, aggregateBy: 'project' };
    return readCubeUsages(
      await this.#authenticated('caches', 'get', 'monitors/caches/cubes/aggregatedUsages', { searchParams }),
    );
  }

  /** Asks for a cube cache change; the server does it in the background and gives a manipulation id. */
  async alterCubeCache(
    cacheId: string,
    state: { loadedState: 'loaded' | 'unloaded' } | { active: boolean },
    trace?: CallTrace,
  ): Promise<string> {
    const body = await this.#authenticated('cube', 'patch', `monitors/caches/cubes/${encodeURIComponent(cacheId)}`, {
      json: { state },
      headers: { prefer: 'respond-async' },
      ...(trace ? { trace } : {}),
    });
    return readManipulationId(body);
  }

  async cubeManipulationStatus(manipulationId: string): Promise<{ status: ManipulationStatus; detail: string | null }> {
    const path = `monitors/caches/cubes/manipulations/${encodeURIComponent(manipulationId)}/status`;
    return readManipulation(await this.#authenticated('cube', 'get', path));
  }

  /** Deletes a cube cache, which unpublishes the cube. */
  async deleteCubeCache(cacheId: string, trace?: CallTrace): Promise<void> {
    await this.#authenticated('cube', 'delete', `monitors/caches/cubes/${encodeURIComponent(cacheId)}`, {
      expectBody: false,
      ...(trace ? { trace } : {}),
    });
  }

  /** The current token, to tell whether a call logged in again (cheap: nothing is serialised). */
  get token(): string | null {
    return this.#token;
  }

  exportSession(): SessionSnapshot | null {
    if (this.#token === null) return null;
    return { token: this.#token, cookies: this.#cookies.serialize() };
  }

  /** Fails when the kept cookies cannot be read (a damaged keychain entry). */
  async importSession(snapshot: SessionSnapshot): Promise<void> {
    this.#cookies = await SessionCookies.restore(snapshot.cookies);
    this.#token = snapshot.token;
    this.#generation += 1;
  }

  /** Forgets the session locally without telling the server (for example after it expired). */
  forgetSession(): void {
    this.#token = null;
    this.#cookies = SessionCookies.empty();
  }

  async close(): Promise<void> {
    const dispatcher = await this.#dispatcher?.catch(() => null);
    await dispatcher?.close();
  }

  async #authenticated(
    operation: Operation,
    method: Method,
    path: string,
    options: RequestOptions = {},
  ): Promise<unknown> {
    // A call that starts while the shared re-login is in flight waits for it, and so goes out with
    // the new session (or fails with the re-login's own error); it never finds "no token".
    if (this.#relogin) await this.#relogin;
    const generation = this.#generation;
    try {
      return await this.#call(operation, method, path, { ...options, authenticated: true });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'SESSION_EXPIRED') || !this.#credentials) throw error;
      await this.#reloginOnce(generation, error);
      options.trace?.retries.push('session expired: logged in again');
      return this.#call(operation, method, path, { ...options, authenticated: true });
    }
  }

  /** One shared re-login for every call that failed on the same (old) session. */
  async #reloginOnce(failedGeneration: number, original: AppError): Promise<void> {
    if (this.#generation !== failedGeneration) return;
    this.#relogin ??= (async () => {
      try {
        const credentials = await this.#credentials?.();
        if (!credentials) throw original;
        await this.login(credentials);
      } finally {
        this.#relogin = null;
      }
    })();
    await this.#relogin;
  }

  async #call(
    operation: Operation,
    method: Method,
    path: string,
    options: RequestOptions & { authenticated: boolean },
  ): Promise<unknown> {
    // One deadline for the whole exchange: retries, and reading the body too.
    const answer = await this.#exchange(operation, method, path, options, AbortSignal.timeout(this.#timeoutMs));
    options.onHeaders?.(answer.header);
    if (options.expectBody === false) return null;
    try {
      return JSON.parse(answer.body) as unknown;
    } catch {
      throw httpFailure(answer.status, answer.body, operation);
    }
  }

  /**
   * One call, repeated when that is safe: GET, PUT and DELETE up to `retry.limit` times on 429/5xx
   * and network errors with doubling delays (Retry-After honoured up to 10 s on 429 and 503), under
   * one deadline for everything. Anything but a 2xx ends as an AppError with its stable code.
   */
  async #exchange(
    operation: Operation,
    method: Method | 'post',
    path: string,
    options: RequestOptions & { authenticated: boolean },
    deadline: AbortSignal,
  ): Promise<Answer> {
    if (options.authenticated && this.#token === null && this.#relogin) await this.#relogin;
    if (options.authenticated && this.#token === null)
      throw new AppError('NOT_CONNECTED', 'Not logged in to this server.');
    const url = new URL(path, this.url.api);
    for (const [name, value] of Object.entries(options.searchParams ?? {})) url.searchParams.set(name, value);
    const repeatable = RETRY_METHODS.has(method);
    const trace = options.trace ?? newTrace();
    for (let attempt = 1; ; attempt += 1) {
      trace.attempts += 1;
      let answer: Answer;
      try {
        answer = await sendRequest(await this.#dispatcherFor(), {
          url,
          method: method.toUpperCase() as HttpMethod,
          token: options.authenticated ? this.#token : null,
          headers: options.headers,
          json: options.json,
          cookies: this.#cookies,
          signal: deadline,
          bodyLimit: bodyLimitFor(url),
          readBody: options.expectBody !== false,
        });
      } catch (error) {
        const failure = await this.#translate(error, operation, deadline);
        if (failure.code !== 'UNREACHABLE' || !repeatable || attempt > this.#retryLimit) throw failure;
        trace.retries.push(networkRetryReason(error));
        await this.#pause(this.#backoff(attempt), deadline, operation);
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) return answer;
      const wait = repeatable && RETRY_STATUS_CODES.includes(answer.status) ? this.#retryWait(answer, attempt) : null;
      if (wait === null || attempt > this.#retryLimit)
        throw httpFailure(answer.status, bodyOf(answer), operation, answer.header('location'));
      trace.retries.push(`HTTP ${answer.status}`);
      await this.#pause(wait, deadline, operation);
    }
  }

  #backoff(attempt: number): number {
    return Math.min(this.#baseDelayMs * 2 ** (attempt - 1), 5_000);
  }

  /** How long to wait before repeating; null when the server asks for more than 10 s (then it is a failure). */
  #retryWait(answer: Answer, attempt: number): number | null {
    const retryAfter = answer.header('retry-after');
    if ((answer.status !== 429 && answer.status !== 503) || retryAfter === null) return this.#backoff(attempt);
    const seconds = Number(retryAfter);
    const waitMs = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
    if (!Number.isFinite(waitMs)) return this.#backoff(attempt);
    return waitMs > 10_000 ? null : Math.max(0, waitMs);
  }

  async #pause(ms: number, deadline: AbortSignal, operation: Operation): Promise<void> {
    if (deadline.aborted) throw await this.#translate(deadline.reason, operation, deadline);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        deadline.removeEventListener('abort', done);
        resolve();
      }
      deadline.addEventListener('abort', done, { once: true });
    });
    if (deadline.aborted) throw await this.#translate(deadline.reason, operation, deadline);
  }

  async #translate(error: unknown, operation: Operation, deadline: AbortSignal): Promise<AppError> {
    if (error instanceof AppError) return error;
    if (error instanceof ResponseTooLarge) {
      return new AppError(
        'RESPONSE_TOO_LARGE',
        `${this.url.host} sent more than ${Math.round(error.limit / 1024 / 1024)} MB for one answer; the app stopped reading it. A proxy or gateway in between may be broken.`,
        { details: { limitBytes: error.limit, operation } },
      );
    }
    if (deadline.aborted && error instanceof BodyInterrupted) {
      return new AppError(
        'RESPONSE_TOO_SLOW',
        `${this.url.host} started answering but did not finish within ${Math.round(this.#timeoutMs / 1000)} s; the app stopped waiting. A proxy or gateway in between may be stalling.`,
        { details: { operation } },
      );
    }
    if (deadline.aborted) {
      return new AppError('TIMEOUT', `${this.url.host} did not answer within ${Math.round(this.#timeoutMs / 1000)} s.`);
    }
    return networkFailure(error instanceof BodyInterrupted ? error.cause : error, this.url.root, this.#timeoutMs);
  }
}

type Method = 'get' | 'put' | 'delete' | 'patch';

interface RequestOptions {
  expectBody?: boolean;
  trace?: CallTrace;
  json?: unknown;
  searchParams?: Record<string, string>;
  headers?: Record<string, string>;
  /** Hears the answer's headers (a total sent as x-mstr-total-count). */
  onHeaders?: (header: (name: string) => string | null) => void;
}

/** One change in a content-cache PATCH, as the Library's JSON-patch-like body spells it. */
export interface ContentOperation {
  op: 'replace' | 'remove';
  path: string;
  value: boolean | null;
}

function loginBody(credentials: Credentials): Record<string, unknown> {
  const loginMode = LOGIN_MODE_NUMBERS[credentials.loginMode];
  switch (credentials.loginMode) {
    case 'guest':
      return { loginMode };
    case 'api-token':
      if (!credentials.secret) throw new AppError('SECRET_REQUIRED', 'An API token is needed to log in.');
      return { loginMode, username: credentials.secret };
    default:
      if (!credentials.username) throw new AppError('SECRET_REQUIRED', 'A user name is needed to log in.');
      return { loginMode, username: credentials.username, password: credentials.secret ?? '' };
  }
}

/** An error body as the Library's JSON when it is JSON, else the text (an HTML page, say). */
function bodyOf(answer: Answer): unknown {
  try {
    return JSON.parse(answer.body) as unknown;
  } catch {
    return answer.body;
  }
}
