/**
 * Translates whatever went wrong on the wire into an AppError with a stable code: the Library's
 * JSON error bodies ({code, message, ticketId} or {errors: [...]}), the HTML pages that proxies,
 * gateways and SSO portals answer with, timeouts, refused connections and untrusted certificates.
 */
import { AppError, type ServerErrorFacts } from '../../shared/errors.ts';
import { MIN_PURGE_VERSION } from './server-version.ts';
import { isUntrustedCertificateCode, probeCertificate } from './certificate-probe.ts';

export type Operation =
  | 'status'
  | 'login'
  | 'logout'
  | 'session'
  | 'projects'
  | 'nodes'
  | 'purge'
  /** Listing or acting on content or cube caches of one node. */
  | 'caches'
  /** One cube cache by id (its state, a change, a delete, a manipulation's status). */
  | 'cube'
  /** A project's state on one node (read, idle, resume, load, unload). */
  | 'project-state'
  /** A schema reload and its task. */
  | 'schema'
  /** Intelligent Cubes as objects: their info and a publish. */
  | 'cubes'
  /** A job in the job monitor. */
  | 'jobs'
  | 'events'
  | 'subscriptions'
  /** The metadata search. */
  | 'search';

export interface LibraryErrorBody {
  code?: string;
  message?: string;
  ticketId?: string;
  iServerCode?: number;
}

/** The Library error object inside a parsed body, if the body is one. */
export function readLibraryError(body: unknown): LibraryErrorBody | null {
  if (body === null || typeof body !== 'object') return null;
  const candidate = Array.isArray((body as { errors?: unknown }).errors)
    ? (body as { errors: unknown[] }).errors[0]
    : body;
  if (candidate === null || typeof candidate !== 'object') return null;
  const record = candidate as Record<string, unknown>;
  if (typeof record.code !== 'string' && typeof record.message !== 'string') return null;
  return {
    ...(typeof record.code === 'string' ? { code: record.code } : {}),
    ...(typeof record.message === 'string' ? { message: record.message } : {}),
    ...(typeof record.ticketId === 'string' ? { ticketId: record.ticketId } : {}),
    ...(typeof record.iServerCode === 'number' ? { iServerCode: record.iServerCode } : {}),
  };
}

/** A short, printable description of a body that is not the Library's JSON. */
export function describeForeignBody(body: unknown): string {
  if (typeof body !== 'string' || body.trim() === '') return 'an empty body';
  const title = /<title[^>]*>([^<]{1,120})<\/title>/i.exec(body)?.[1]?.trim();
  if (title) return `an HTML page titled "${title}"`;
  if (/<html|<!doctype html/i.test(body)) return 'an HTML page';
  return `text starting "${body.trim().slice(0, 80).replace(/\s+/g, ' ')}"`;
}

export function httpFailure(status: number, body: unknown, operation: Operation, location?: string | null): AppError {
  const libraryError = readLibraryError(body);
  if (status >= 300 && status < 400) {
    return new AppError(
      'NOT_A_LIBRARY_SERVER',
      `The server redirected to ${location ?? 'another page'} instead of answering the Library REST API; the URL may point at a login portal or the wrong path.`,
      { facts: { httpStatus: status } },
    );
  }
  if (!libraryError) {
    return new AppError(
      'NOT_A_LIBRARY_SERVER',
      `The server answered HTTP ${status} with ${describeForeignBody(body)}, not the Library REST API. Check the URL, or a proxy or gateway in between.`,
      { facts: { httpStatus: status } },
    );
  }
  const facts: ServerErrorFacts = {
    httpStatus: status,
    ...(libraryError.code ? { mstrCode: libraryError.code } : {}),
    ...(libraryError.ticketId ? { ticketId: libraryError.ticketId } : {}),
    ...(libraryError.iServerCode !== undefined ? { iServerCode: libraryError.iServerCode } : {}),
  };
  const serverMessage = libraryError.message ?? `HTTP ${status}`;
  const code = classify(status, libraryError.code, operation);
  return new AppError(code, messageFor(code, serverMessage), { facts });
}

function classify(status: number, mstrCode: string | undefined, operation: Operation): AppError['code'] {
  if (status === 401) {
    if (operation === 'login' || mstrCode === 'ERR003') return 'BAD_CREDENTIALS';
    return 'SESSION_EXPIRED';
  }
  if (status === 403) return mstrCode === 'ERR014' ? 'FORBIDDEN_PRIVILEGE' : 'FORBIDDEN';
  if (operation === 'nodes' && (status === 404 || status === 405)) return 'NOT_SUPPORTED';
  if ((operation === 'caches' || operation === 'cube') && status === 503) return 'NODE_UNAVAILABLE';
  if (operation === 'caches' && (status === 404 || status === 405)) return 'NOT_SUPPORTED';
  if (operation === 'cube' && status === 404) return 'CACHE_NOT_FOUND';
  if (operation === 'project-state' && status === 503) return 'NODE_UNAVAILABLE';
  if (operation === 'purge') {
    if (status === 404 || status === 405) return 'SERVER_TOO_OLD';
    if (status === 400) return 'PROJECT_NOT_FOUND';
  }
  if (status === 400) return 'BAD_REQUEST';
  return 'SERVER_ERROR';
}

function messageFor(code: AppError['code'], serverMessage: string): string {
  switch (code) {
    case 'SERVER_TOO_OLD':
      return `This server is too old for REST cache purges (needs ${MIN_PURGE_VERSION}, 2021 Update 8, or later). The server said: ${serverMessage}`;
    case 'BAD_CREDENTIALS':
      // The server's own text often is "Login failed." already: said once.
      return /^login failed\b/i.test(serverMessage) ? serverMessage : `Login failed: ${serverMessage}`;
    case 'SESSION_EXPIRED':
      return `The session is no longer valid: ${serverMessage}`;
    case 'NOT_SUPPORTED':
      return `This server does not offer this monitor (its REST API has no such endpoint; content caches need I-Server 11.3.0700 or later, cube caches 11.3.0000). Purges do not need it. The server said: ${serverMessage}`;
    default:
      return serverMessage;
  }
}

export async function networkFailure(error: unknown, url: string, timeoutMs: number): Promise<AppError> {
  const code = causeCode(error);
  const host = new URL(url).host;
  if (isUntrustedCertificateCode(code)) {
    const certificate = await probeCertificate(url);
    return new AppError(
      'TLS_UNTRUSTED',
      `The certificate of ${host} is not trusted (${code}). Add the CA file in the profile's TLS settings` +
        (certificate ? `; the server's certificate fingerprint (SHA-256) is ${certificate.fingerprint256}.` : '.'),
      {
        details: {
          reason: code ?? null,
          subject: certificate?.subject ?? null,
          issuer: certificate?.issuer ?? null,
          fingerprint256: certificate?.fingerprint256 ?? null,
        },
      },
    );
  }
  const proxyStatus = proxyRefusal(error);
  if (proxyStatus !== null) {
    return new AppError(
      'UNREACHABLE',
      proxyStatus === 407
        ? `The proxy asks for a user name and password (HTTP 407): put them in HTTPS_PROXY (http://user:password@proxy:port).`
        : `The proxy refused the connection to ${host} (HTTP ${proxyStatus}).`,
      { details: { reason: `proxy ${proxyStatus}` } },
    );
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new AppError('TIMEOUT', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
  }
  const reason = code ?? innermostMessage(error);
  return new AppError(
    'UNREACHABLE',
    `${host} cannot be reached${reason ? ` (${reason})` : ''}. Check the URL, the network, VPN or proxy.`,
    { details: { reason: reason ?? null } },
  );
}

/**
 * The deepest cause's own words, for a failure with no system code: "fetch failed" alone tells
 * an admin nothing, the error beneath it usually does. Cut short, as it goes into a one-line message.
 */
function innermostMessage(error: unknown): string | undefined {
  let message: string | undefined;
  for (const link of causeChain(error)) {
    if (typeof link.message === 'string' && link.message.trim() !== '') message = link.message.trim();
  }
  if (message === undefined) return undefined;
  // A proxy's address may carry its user and password: never in a message.
  const line = (message.split('\n')[0] ?? message).replace(/\/\/[^/\s@]*@/g, '//');
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}

/**
 * Whether a request that got no answer is worth sending again: a refused or dropped connection may
 * be a moment's trouble, while an untrusted certificate or a connection that timed out would only
 * fail the same way again (they end as TLS_UNTRUSTED and TIMEOUT, the rest as UNREACHABLE).
 */
export function isWorthRepeating(error: unknown): boolean {
  const code = causeCode(error);
  if (proxyRefusal(error) !== null) return true;
  return !isUntrustedCertificateCode(code) && code !== 'UND_ERR_CONNECT_TIMEOUT' && code !== 'UND_ERR_HEADERS_TIMEOUT';
}

/** The error and its causes, outermost first (a request's error may wrap the socket's). */
function* causeChain(error: unknown): Generator<Record<string, unknown>> {
  let current = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth += 1) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

/** The HTTP status a proxy answered a CONNECT with, when that is why the call failed. */
function proxyRefusal(error: unknown): number | null {
  for (const link of causeChain(error)) {
    const match = /Proxy response \((\d{3})\)/.exec(String(link.message ?? ''));
    if (match) return Number(match[1]);
  }
  return null;
}

/** The first system error code along the chain of causes. */
export function causeCode(error: unknown): string | undefined {
  for (const link of causeChain(error)) {
    if (typeof link.code === 'string') return link.code;
  }
  return undefined;
}
