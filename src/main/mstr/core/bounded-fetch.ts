/**
 * The fetch the request layer (ky) sends through: undici's own fetch (the npm package's, the same
 * undici as the connection's dispatcher) on the connection's pool, redirects never followed, and
 * the answer's body read here up to its bound (undici's fetch has already undone gzip, deflate or
 * brotli, so the bound holds for the decoded size). Reading the body inside fetch puts it inside
 * the attempt: ky's timeout around this function is one deadline for headers and body, and a body
 * that breaks off half-way is a failed attempt that ky's retry may repeat.
 */
import type { Dispatcher } from 'undici';
import { ResponseTooLarge } from '../transport.ts';
import type { UndiciFetch } from '../undici-parts.ts';
import type { Exchange } from './exchange.ts';

/**
 * What each call hands ky beyond the Request's own options: ky passes an option it does not know
 * on to fetch, and shows it to the hooks in their `options`, so this one key carries the call's
 * state to both (ky's `context` reaches the hooks only, and is one more object merged per call).
 */
export interface FetchExtras {
  exchange: Exchange;
}

/** The answer's headers arrived, then reading its body failed (the connection broke). */
export class BodyInterrupted extends Error {
  constructor(cause: unknown) {
    super('The answer stopped before its end.', { cause });
    this.name = 'BodyInterrupted';
  }
}

type UndiciResponse = Awaited<ReturnType<UndiciFetch['fetch']>>;

async function readBounded(response: UndiciResponse, limit: number): Promise<string> {
  if (Number(response.headers.get('content-length') ?? 0) > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new ResponseTooLarge(limit);
  }
  if (response.body === null) return '';
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for await (const chunk of response.body) {
      received += chunk.byteLength;
      if (received > limit) throw new ResponseTooLarge(limit);
      chunks.push(chunk);
    }
  } catch (error) {
    throw error instanceof ResponseTooLarge ? error : new BodyInterrupted(error);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * ky's Request through undici's fetch: as it is when it is undici's own (fetch-classes.ts), else
 * taken apart, since undici's fetch does not read another implementation's Request.
 */
async function send(undici: UndiciFetch, request: Request, dispatcher: Dispatcher): Promise<UndiciResponse> {
  if (request instanceof undici.Request) {
    return undici.fetch(request as unknown as InstanceType<UndiciFetch['Request']>, { dispatcher, redirect: 'manual' });
  }
  return undici.fetch(request.url, {
    method: request.method,
    // As a plain record: undici reads one much faster than another implementation's Headers.
    headers: Object.fromEntries(request.headers),
    ...(request.body === null ? {} : { body: await request.text() }),
    signal: request.signal,
    redirect: 'manual',
    dispatcher,
  });
}

/**
 * Called with every answer's headers as they arrive, before ky sees the answer: the connection's
 * cookie jar keeps what they set. In the shape of ky's afterResponse hook, but here, because ky
 * clones the whole answer for each afterResponse hook, on every call, to show it a copy.
 */
export type AfterAnswer = (headers: Headers, url: string) => Promise<void>;

/** ky's fetch for one connection: `undici` is the package's fetch, Response and Request, loaded with the first request. */
export function boundedFetch(
  undici: UndiciFetch,
  dispatcher: Dispatcher,
  afterAnswer: AfterAnswer,
): (request: Request, extras: FetchExtras) => Promise<Response> {
  return async (request, { exchange }) => {
    exchange.trace.attempts += 1;
    exchange.body = '';
    exchange.reading = false;
    const response = await send(undici, request, dispatcher);
    await afterAnswer(response.headers as unknown as Headers, request.url);
    // No body to read (a purge's 204): the answer goes to ky as it came.
    if (response.body === null) return response as unknown as Response;
    const success = response.status >= 200 && response.status < 300;
    exchange.reading = true;
    try {
      if (success && !exchange.readBody) {
        await response.body.cancel().catch(() => undefined);
      } else {
        exchange.body = await readBounded(response, exchange.bodyLimit);
      }
    } catch (error) {
      // Stopped by the deadline, the attempt stays "reading": its error is a slow body.
      if (!request.signal.aborted) exchange.reading = false;
      throw error;
    }
    exchange.reading = false;
    // The body lives in the exchange; ky gets the answer with its body read (ky reads nothing of
    // a success, and finds an error's body already at its end).
    return response as unknown as Response;
  };
}
