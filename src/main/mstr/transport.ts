/**
 * The network layer under the REST client: which certificates to trust, which proxy to use, and a
 * cookie jar per connection. Everything here produces a plain fetch function, so the client stays a
 * single code path in tests and in the app, and tests can hand in a fetch of their own.
 */
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';
import { CookieJar } from 'tough-cookie';
import { AppError } from '../../shared/errors.ts';

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export type TlsChoice = { mode: 'system' } | { mode: 'ca-file'; caFile: string } | { mode: 'insecure' };

export interface TransportOptions {
  tls?: TlsChoice;
  /**
   * An explicit proxy for this connection, possibly with a user name (http://jane@proxy:3128);
   * without one, HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply.
   */
  proxyUrl?: string | undefined;
  /** The proxy user's password, looked up when the first request goes out (it lives in the keychain). */
  proxyPassword?: (() => Promise<string | null>) | undefined;
}

export interface TlsConnectOptions {
  ca?: string[];
  rejectUnauthorized: boolean;
}

/** The operating system's store plus Node's bundled roots, plus the profile's own CA file. */
export function trustedCertificates(choice: TlsChoice): string[] {
  const roots = new Set<string>(tls.getCACertificates('bundled'));
  try {
    for (const certificate of tls.getCACertificates('system')) roots.add(certificate);
  } catch {
    // Some platforms have no readable system store; the bundled roots still apply.
  }
  if (choice.mode === 'ca-file') {
    for (const certificate of readCaFile(choice.caFile)) roots.add(certificate);
  }
  return [...roots];
}

/** The certificates of a PEM file; FILE_ERROR when it cannot be read or holds none. */
export function readCaFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('FILE_ERROR', `The CA file ${path} cannot be read.`, {
      details: { path, reason: (error as NodeJS.ErrnoException).code ?? 'unreadable' },
    });
  }
  const certificates = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!certificates) {
    throw new AppError('FILE_ERROR', `The CA file ${path} holds no PEM certificate.`, { details: { path } });
  }
  return certificates;
}

/** What the TLS layer trusts; reads the CA file now, so a bad path is reported at once. */
export function tlsConnectOptions(choice: TlsChoice = { mode: 'system' }): TlsConnectOptions {
  return choice.mode === 'insecure'
    ? { rejectUnauthorized: false }
    : { ca: trustedCertificates(choice), rejectUnauthorized: true };
}

export async function createDispatcher(tlsOptions: TlsConnectOptions, options: TransportOptions): Promise<Dispatcher> {
  if (options.proxyUrl) {
    const proxy = new URL(options.proxyUrl);
    const user = decodeURIComponent(proxy.username);
    const password = user ? await options.proxyPassword?.() : null;
    proxy.username = '';
    return new ProxyAgent({
      uri: proxy.href,
      ...(user ? { token: `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}` } : {}),
      requestTls: tlsOptions,
      connect: tlsOptions,
    });
  }
  if (hasProxyEnvironment()) {
    return new EnvHttpProxyAgent({ connect: tlsOptions, requestTls: tlsOptions });
  }
  return new Agent({ connect: tlsOptions });
}

function hasProxyEnvironment(): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((name) => Boolean(process.env[name]));
}

/** The platform fetch bound to a dispatcher (undici's own major, as Node bundles it). */
export function dispatcherFetch(dispatcher: () => Promise<Dispatcher>): FetchLike {
  return async (input, init) => fetch(input, { ...init, dispatcher: await dispatcher() } as RequestInit);
}

/**
 * Sends the jar's cookies with every request and keeps every cookie a response sets. The jar is
 * read per request because a new login starts a new one.
 */
export function withCookieJar(baseFetch: FetchLike, source: { jar: () => CookieJar }): FetchLike {
  return async (input, init) => {
    const jar = source.jar();
    const request = new Request(input, init);
    const cookies = await jar.getCookieString(request.url);
    if (cookies !== '') request.headers.set('cookie', cookies);
    const response = await baseFetch(request);
    for (const header of response.headers.getSetCookie()) {
      await jar.setCookie(header, request.url, { ignoreError: true });
    }
    return response;
  };
}

export { CookieJar };

/** A response body that grew past what the app reads for that call. */
export class ResponseTooLarge extends Error {
  readonly limit: number;

  constructor(limit: number) {
    super(`The response is larger than ${limit} bytes.`);
    this.name = 'ResponseTooLarge';
    this.limit = limit;
  }
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** Responses whose body hit the bound; ky reads error bodies itself and would only see a short text. */
const cutOff = new WeakMap<Response, ResponseTooLarge>();

export function bodyCutOff(response: Response): ResponseTooLarge | null {
  return cutOff.get(response) ?? null;
}

/**
 * Reads at most `limitFor(url)` bytes of any response body, error bodies included: past that the
 * body fails with ResponseTooLarge and the connection is dropped, so an oversized or endless answer
 * costs bounded memory.
 */
export function withBodyLimit(baseFetch: FetchLike, limitFor: (url: string) => number): FetchLike {
  return async (input, init) => {
    const response = await baseFetch(input, init);
    if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const limit = limitFor(url);
    if (Number(response.headers.get('content-length') ?? 0) > limit) {
      await response.body.cancel().catch(() => undefined);
      throw new ResponseTooLarge(limit);
    }
    let received = 0;
    let wrapped: Response | null = null;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          received += chunk.byteLength;
          if (received <= limit) return controller.enqueue(chunk);
          const error = new ResponseTooLarge(limit);
          if (wrapped) cutOff.set(wrapped, error);
          controller.error(error);
        },
      }),
    );
    wrapped = new Response(counted, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    return wrapped;
  };
}
