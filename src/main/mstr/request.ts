/**
 * One HTTP exchange with a Library server, straight on the connection's undici dispatcher: the
 * session's cookies both ways, a JSON body when there is one, and an answer body read up to a bound
 * and decoded from gzip, deflate or brotli. The fetch stack (Request, Headers and stream objects,
 * option merging) cost several times the request itself on a purge run and a large part of the
 * command line's start, so it is not used. Retries and error translation stay with the client.
 */
import { promisify } from 'node:util';
import type { Dispatcher } from 'undici';
import type { SessionCookies } from './session-cookies.ts';
import { ResponseTooLarge } from './transport.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Answer {
  status: number;
  /** The body as text, decoded; empty when the caller did not need the body of a success. */
  body: string;
  header: (name: string) => string | null;
}

export interface Exchange {
  url: URL;
  method: HttpMethod;
  /** Sent as X-MSTR-AuthToken; null for the calls that need no session (status, login). */
  token: string | null;
  headers?: Record<string, string> | undefined;
  /** Sent as JSON. */
  json?: unknown;
  cookies: SessionCookies;
  signal: AbortSignal;
  bodyLimit: number;
  /** False when only the status of a success matters; an error's body is always read (it has the ticketId). */
  readBody: boolean;
}

/** The answer's headers arrived, then reading its body failed (the deadline passed, the connection broke). */
export class BodyInterrupted extends Error {
  constructor(cause: unknown) {
    super('The answer stopped before its end.', { cause });
    this.name = 'BodyInterrupted';
  }
}

type Decoder = (input: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

/** The decoder of a Content-Encoding; zlib is loaded only when an answer comes compressed. */
async function decoderFor(encoding: string): Promise<Decoder | null> {
  const name = encoding.toLowerCase();
  if (name !== 'gzip' && name !== 'x-gzip' && name !== 'deflate' && name !== 'br') return null;
  const zlib = await import('node:zlib');
  const decode = name === 'br' ? zlib.brotliDecompress : name === 'deflate' ? zlib.inflate : zlib.gunzip;
  return promisify(decode) as Decoder;
}

/** Decodes at most `limit` bytes: a small compressed body cannot unpack into a huge one. */
async function decoded(raw: Buffer, encoding: string, limit: number): Promise<Buffer> {
  const decode = await decoderFor(encoding);
  if (!decode) return raw;
  try {
    return await decode(raw, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ResponseTooLarge(limit);
    throw error;
  }
}

function first(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

async function readBounded(body: Dispatcher.ResponseData['body'], limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of body) {
      received += (chunk as Buffer).length;
      if (received > limit) {
        body.destroy();
        throw new ResponseTooLarge(limit);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    throw error instanceof ResponseTooLarge ? error : new BodyInterrupted(error);
  }
  return Buffer.concat(chunks);
}

function requestHeaders(exchange: Exchange, cookie: string): Record<string, string> {
  return {
    accept: 'application/json',
    'accept-encoding': 'gzip, deflate, br',
    // Some proxies and gateways turn away requests that do not say what sends them.
    'user-agent': 'MSTR-Cache-Console',
    ...exchange.headers,
    ...(exchange.json === undefined ? {} : { 'content-type': 'application/json' }),
    ...(exchange.token === null ? {} : { 'x-mstr-authtoken': exchange.token }),
    ...(cookie === '' ? {} : { cookie }),
  };
}

export async function sendRequest(dispatcher: Dispatcher, exchange: Exchange): Promise<Answer> {
  const href = exchange.url.href;
  const answered = dispatcher.request({
    origin: exchange.url.origin,
    path: `${exchange.url.pathname}${exchange.url.search}`,
    method: exchange.method,
    headers: requestHeaders(exchange, exchange.cookies.header(href)),
    ...(exchange.json === undefined ? {} : { body: JSON.stringify(exchange.json) }),
    signal: exchange.signal,
  });
  // The first answer usually sets a cookie: its library loads while this request is on the wire.
  exchange.cookies.prepareSoon();
  const response = await answered;
  const setCookie = response.headers['set-cookie'];
  await exchange.cookies.keep(Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [], href);
  const header = (name: string): string | null => first(response.headers[name.toLowerCase()]);
  const success = response.statusCode >= 200 && response.statusCode < 300;
  if (response.statusCode === 204 || (success && !exchange.readBody)) {
    await response.body.dump().catch(() => undefined);
    return { status: response.statusCode, body: '', header };
  }
  if (Number(header('content-length') ?? 0) > exchange.bodyLimit) {
    response.body.destroy();
    throw new ResponseTooLarge(exchange.bodyLimit);
  }
  const raw = await readBounded(response.body, exchange.bodyLimit);
  const body = await decoded(raw, header('content-encoding') ?? '', exchange.bodyLimit);
  return { status: response.statusCode, body: body.toString('utf8'), header };
}
