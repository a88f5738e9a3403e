/**
 * One connection to a Library server, the small core every API-area module (../api/) calls
 * through: the session (token, cookie jar), the connection pool (TLS, proxy), the request layer
 * (a ky instance, request-layer.ts) and the one shared re-login. An expired session is logged in
 * again once through the caller's credentials callback and the call sent once more, never in a
 * loop; concurrent calls that failed on the same session share that one re-login.
 */
import type { KyInstance, Options as KyOptions } from 'ky';
import type { Dispatcher } from 'undici';
import { AppError } from '../../../shared/errors.ts';
import { parseLibraryUrl, type LibraryUrl } from '../../../shared/library-url.ts';
import type { LoginMode } from '../../../shared/model.ts';
import { httpFailure, type Operation } from '../failures.ts';
import { SessionCookies } from '../session-cookies.ts';
import { createDispatcher, tlsConnectOptions, type TransportOptions } from '../transport.ts';
import { undiciFetch } from '../undici-parts.ts';
import { bodyLimitFor, newTrace, type CallTrace, type Exchange } from './exchange.ts';
import type { FetchExtras } from './bounded-fetch.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface CallOptions {
  /** False when only the status of a success matters. */
  expectBody?: boolean;
  trace?: CallTrace;
  json?: unknown;
  searchParams?: Record<string, string>;
  headers?: Record<string, string>;
  /** A PATCH that sets a state, so that sending it twice is the same as once: ky may repeat it. */
  idempotent?: boolean;
}

/** An answer as the API modules read it: the parsed JSON (null when no body was asked for) and the headers. */
export interface Reply {
  status: number;
  json: unknown;
  header: (name: string) => string | null;
}

export interface Credentials {
  loginMode: LoginMode;
  username?: string;
  /** The password, or the API token in api-token mode. */
  secret?: string;
}

export interface ConnectionOptions extends TransportOptions {
  url: string;
  timeoutMs: number;
  retry?: { limit?: number; baseDelayMs?: number };
  /** Asked once for credentials when the session has expired; undefined means "cannot re-login". */
  credentials?: (() => Promise<Credentials | undefined>) | undefined;
  /** Logs this connection in (../api/authentication.ts); the re-login goes through it. */
  login: (credentials: Credentials) => Promise<void>;
}

export class LibraryConnection {
  readonly url: LibraryUrl;
  readonly timeoutMs: number;
  readonly #options: ConnectionOptions;
  /** Made on the first request (the proxy password may have to come from the keychain). */
  #dispatcher: Promise<Dispatcher> | null = null;
  #layer: Promise<KyInstance> | null = null;
  /** The layer once made, so a call does not wait a turn for a promise that has long settled. */
  #readyLayer: KyInstance | null = null;
  #cookies = SessionCookies.empty();
  #token: string | null = null;
  /** Bumped on every login so concurrent calls that failed on an old token share one re-login. */
  #generation = 0;
  #relogin: Promise<void> | null = null;

  constructor(options: ConnectionOptions) {
    this.url = parseLibraryUrl(options.url);
    this.timeoutMs = options.timeoutMs;
    this.#options = options;
  }

  get token(): string | null {
    return this.#token;
  }

  get cookies(): SessionCookies {
    return this.#cookies;
  }

  /** A new session: its token, and the cookies the login answer set (null to start a fresh jar). */
  adoptSession(token: string, cookies: SessionCookies | null = null): void {
    if (cookies) this.#cookies = cookies;
    this.#token = token;
    this.#generation += 1;
  }

  /** Forgets the session locally: no token, an empty jar. */
  forgetSession(): void {
    this.#token = null;
    this.#cookies = SessionCookies.empty();
  }

  async close(): Promise<void> {
    const dispatcher = await this.#dispatcher?.catch(() => null);
    await dispatcher?.close();
  }

  /**
   * The connection pool, made on the first request: the trust store is read only then, and only for
   * https (reading the system's roots takes time a command line should not spend for nothing). A
   * failure (an unreadable CA file) is not kept: the next request tries again.
   */
  #connection(): Promise<Dispatcher> {
    this.#dispatcher ??= (async () => {
      const proxy = this.#options.proxyUrl ?? process.env.HTTPS_PROXY ?? process.env.https_proxy ?? '';
      const needsTls = this.url.secure || /^https:/i.test(proxy);
      const tls = needsTls ? tlsConnectOptions(this.#options.tls) : { rejectUnauthorized: true };
      return createDispatcher(tls, { ...this.#options, connectTimeoutMs: this.timeoutMs });
    })().catch((error: unknown) => {
      this.#dispatcher = null;
      throw error;
    });
    return this.#dispatcher;
  }

  /**
   * The request layer on the connection's pool, loaded and made with the first request (ky and
   * undici's fetch load then, while the pool is made). A failure is not kept, as for the pool.
   */
  #requestLayer(): Promise<KyInstance> {
    this.#layer ??= Promise.all([import('./request-layer.ts'), undiciFetch(), this.#connection()])
      .then(([layer, undici, dispatcher]) => {
        this.#readyLayer = layer.createRequestLayer(
          {
            api: this.url.api,
            root: this.url.root,
            host: this.url.host,
            timeoutMs: this.timeoutMs,
            retryLimit: this.#options.retry?.limit ?? 2,
            baseDelayMs: this.#options.retry?.baseDelayMs ?? 300,
          },
          { token: () => this.#token, cookies: () => this.#cookies },
          undici,
          dispatcher,
        );
        return this.#readyLayer;
      })
      .catch((error: unknown) => {
        this.#layer = null;
        throw error;
      });
    return this.#layer;
  }

  /**
   * One call through the request layer, with or without the session (no re-login here). Anything
   * but a 2xx ends as an AppError with its stable code.
   */
  async send(
    operation: Operation,
    method: Method,
    path: string,
    options: CallOptions & { authenticated: boolean },
  ): Promise<Reply> {
    if (options.authenticated && this.#token === null && this.#relogin) await this.#relogin;
    if (options.authenticated && this.#token === null)
      throw new AppError('NOT_CONNECTED', 'Not logged in to this server.');
    const exchange: Exchange = {
      operation,
      authenticated: options.authenticated,
      bodyLimit: bodyLimitFor(path),
      readBody: options.expectBody !== false,
      trace: options.trace ?? newTrace(),
      reading: false,
      body: '',
      startedAt: performance.now(),
    };
    const layer = this.#readyLayer ?? (await this.#requestLayer());
    const response = await layer(path, callOptions(method, options, exchange));
    return {
      status: response.status,
      json: parsed(exchange, response.status),
      header: (name) => response.headers.get(name),
    };
  }

  /** An authenticated call; an expired session is logged in again once (shared) and the call sent once more. */
  async call(operation: Operation, method: Method, path: string, options: CallOptions = {}): Promise<Reply> {
    // A call that starts while the shared re-login is in flight waits for it, and so goes out with
    // the new session (or fails with the re-login's own error); it never finds "no token".
    if (this.#relogin) await this.#relogin;
    const generation = this.#generation;
    try {
      return await this.send(operation, method, path, { ...options, authenticated: true });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'SESSION_EXPIRED') || !this.#options.credentials) throw error;
      await this.#reloginOnce(generation, error);
      options.trace?.retries.push('session expired: logged in again');
      return this.send(operation, method, path, { ...options, authenticated: true });
    }
  }

  /** One shared re-login for every call that failed on the same (old) session. */
  async #reloginOnce(failedGeneration: number, original: AppError): Promise<void> {
    if (this.#generation !== failedGeneration) return;
    this.#relogin ??= (async () => {
      try {
        const credentials = await this.#options.credentials?.();
        if (!credentials) throw original;
        await this.#options.login(credentials);
      } finally {
        this.#relogin = null;
      }
    })();
    await this.#relogin;
  }
}

/** ky's options for one call: only the keys the call sets (ky merges each key with the layer's, on every call). */
function callOptions(method: Method, options: CallOptions, exchange: Exchange): KyOptions & FetchExtras {
  const init: KyOptions & FetchExtras = { method, exchange };
  if (options.json !== undefined) init.json = options.json;
  if (options.searchParams) init.searchParams = options.searchParams;
  if (options.headers) init.headers = options.headers;
  if (options.idempotent && method === 'patch') init.retry = { methods: ['get', 'put', 'delete', 'patch'] };
  return init;
}

/**
 * The answer's JSON; a success that is not JSON is not a Library server's. The body leaves the
 * exchange as it is read: an exchange that lived through a slow answer sits in the old generation,
 * and a page of caches (most of a megabyte of text) it still pointed to would be kept, and moved
 * there too, at every young collection until the next full one.
 */
function parsed(exchange: Exchange, status: number): unknown {
  if (!exchange.readBody) return null;
  const body = exchange.body;
  exchange.body = '';
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw httpFailure(status, body, exchange.operation);
  }
}
