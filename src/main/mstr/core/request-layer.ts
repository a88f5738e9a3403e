/**
 * The one request layer of a connection: a ky instance with the API root as prefix, undici's
 * fetch on the connection's dispatcher (bounded-fetch.ts), the session's token and cookies put on
 * each attempt (beforeRequest, beforeRetry) and the cookies an answer sets kept as it arrives
 * (bounded-fetch.ts's afterAnswer: ky's afterResponse would clone every answer to show it), ky's
 * retry for the calls that may be sent twice, ky's timeout as one deadline over the whole exchange, and every failure turned into
 * an AppError with its stable code before it leaves (the beforeError hook). Loaded with the first
 * request, so a command that sends none never loads ky.
 */
// First: in a process that asked for them, undici's fetch classes are in place before ky loads.
import '../fetch-classes.ts';
import ky, { HTTPError, NetworkError, TimeoutError, type KyInstance, type RetryOptions } from 'ky';
import { AppError } from '../../../shared/errors.ts';
import { count, seconds } from '../../../shared/plural.ts';
import { causeCode, httpFailure, isWorthRepeating, networkFailure } from '../failures.ts';
import type { SessionCookies } from '../session-cookies.ts';
import { ResponseTooLarge } from '../transport.ts';
import type { UndiciFetch } from '../undici-parts.ts';
import type { Dispatcher } from 'undici';
import { BodyInterrupted, boundedFetch, type FetchExtras } from './bounded-fetch.ts';
import type { Exchange } from './exchange.ts';

/** What the layer reads from the connection it serves, at each attempt. */
export interface SessionAccess {
  token(): string | null;
  cookies(): SessionCookies;
}

export interface LayerSettings {
  /** https://host/MicroStrategyLibrary/api/ */
  api: string;
  /** https://host/MicroStrategyLibrary, for the error messages. */
  root: string;
  host: string;
  timeoutMs: number;
  retryLimit: number;
  baseDelayMs: number;
}

/** Repeating these changes nothing on the server; a POST (login, a job) or a PATCH is sent once. */
export const RETRY_METHODS = ['get', 'put', 'delete'] as const;

/** The call's state, from the options ky shows a hook (the call's own `exchange` option, bounded-fetch.ts). */
function exchangeOf(options: object): Exchange {
  return (options as FetchExtras).exchange;
}

/** Why an attempt is being repeated, in a few words, for the call's trace. */
function retryReason(error: Error): string {
  if (error instanceof HTTPError) return `HTTP ${error.response.status}`;
  const code = causeCode(error);
  return `network error${code ? ` (${code})` : ''}`;
}

/** Retry-After past 10 s is the server saying "not now": a failure to report, not a wait. */
function asksTooLong(response: Response): boolean {
  const retryAfter = response.headers.get('retry-after');
  if ((response.status !== 429 && response.status !== 503) || retryAfter === null) return false;
  const afterSeconds = Number(retryAfter);
  const waitMs = Number.isFinite(afterSeconds) ? afterSeconds * 1000 : Date.parse(retryAfter) - Date.now();
  return Number.isFinite(waitMs) && waitMs > 10_000;
}

function retryPolicy(settings: LayerSettings): RetryOptions {
  return {
    limit: settings.retryLimit,
    methods: [...RETRY_METHODS],
    statusCodes: [429, 500, 502, 503, 504],
    afterStatusCodes: [429, 503],
    maxRetryAfter: 10_000,
    backoffLimit: 5_000,
    delay: (attempt) => settings.baseDelayMs * 2 ** (attempt - 1),
    retryOnTimeout: false,
    // ky has already checked the method and the count; this adds what only this app knows.
    shouldRetry: ({ error }) => {
      if (error instanceof BodyInterrupted) return isWorthRepeating(error.cause);
      if (error instanceof NetworkError) return isWorthRepeating(error.cause) ? undefined : false;
      if (error instanceof HTTPError) return asksTooLong(error.response) ? false : undefined;
      return false;
    },
  };
}

/** Any failure of a call as the AppError with its stable code. */
async function translate(error: Error, exchange: Exchange, settings: LayerSettings): Promise<AppError> {
  if (error instanceof AppError) return error;
  if (error instanceof HTTPError) {
    return httpFailure(
      error.response.status,
      bodyOf(exchange.body),
      exchange.operation,
      error.response.headers.get('location'),
    );
  }
  if (error instanceof ResponseTooLarge) {
    return new AppError(
      'RESPONSE_TOO_LARGE',
      `${settings.host} sent more than ${Math.round(error.limit / 1024 / 1024)} MB for one answer; the app stopped reading it. A proxy or gateway in between may be broken.`,
      { details: { limitBytes: error.limit, operation: exchange.operation } },
    );
  }
  if (error instanceof TimeoutError && exchange.reading) {
    return new AppError(
      'RESPONSE_TOO_SLOW',
      `${settings.host} started answering but did not finish within ${Math.round(settings.timeoutMs / 1000)} s; the app stopped waiting. A proxy or gateway in between may be stalling.`,
      { details: { operation: exchange.operation } },
    );
  }
  if (error instanceof TimeoutError) return timedOut(settings, exchange);
  const cause = error instanceof NetworkError || error instanceof BodyInterrupted ? error.cause : error;
  const failure = await networkFailure(cause, settings.root, settings.timeoutMs);
  return failure.code === 'TIMEOUT' ? timedOut(settings, exchange) : failure;
}

/**
 * A call that ran out of time, saying how many attempts it made and how long they took: the
 * deadline covers them all (ky's totalTimeout), so the figure is the deadline, never ten times it.
 */
function timedOut(settings: LayerSettings, exchange: Exchange): AppError {
  const attempts = Math.max(1, exchange.trace.attempts);
  const took = seconds(performance.now() - exchange.startedAt);
  return new AppError(
    'TIMEOUT',
    `${settings.host} did not answer within ${Math.round(settings.timeoutMs / 1000)} s (${count(attempts, 'attempt')} in ${took}).`,
    { details: { attempts, operation: exchange.operation } },
  );
}

/** An error body as the Library's JSON when it is JSON, else the text (an HTML page, say). */
function bodyOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The token and cookies of the session as it is now: set before the first attempt and again before each repeat. */
function attachSession(request: Request, exchange: Exchange, session: SessionAccess): void {
  const token = exchange.authenticated ? session.token() : null;
  if (token !== null) request.headers.set('x-mstr-authtoken', token);
  const cookies = session.cookies();
  const cookie = cookies.header(request.url);
  if (cookie === '') request.headers.delete('cookie');
  else request.headers.set('cookie', cookie);
  // The first answer usually sets a cookie: its library loads while this request is on the wire.
  cookies.prepareSoon();
}

/** The layer of one connection, on its pool (`dispatcher`): everything but the call's own state is set here, once. */
export function createRequestLayer(
  settings: LayerSettings,
  session: SessionAccess,
  undici: UndiciFetch,
  dispatcher: Dispatcher,
): KyInstance {
  return ky.create({
    prefix: settings.api,
    fetch: boundedFetch(undici, dispatcher, (headers, url) =>
      session.cookies().keep(headers.getSetCookie(), url),
    ) as unknown as typeof fetch,
    redirect: 'manual',
    // One deadline over the exchange: each attempt gets what is left of it, body included.
    timeout: settings.timeoutMs,
    totalTimeout: settings.timeoutMs,
    retry: retryPolicy(settings),
    // Some proxies and gateways turn away requests that do not say what sends them.
    headers: { accept: 'application/json', 'user-agent': 'MSTR-Cache-Console' },
    hooks: {
      beforeRequest: [({ request, options }) => attachSession(request, exchangeOf(options), session)],
      beforeRetry: [
        ({ request, options, error }) => {
          exchangeOf(options).trace.retries.push(retryReason(error));
          attachSession(request, exchangeOf(options), session);
        },
      ],
      beforeError: [async ({ error, options }) => translate(error, exchangeOf(options), settings)],
    },
  });
}
