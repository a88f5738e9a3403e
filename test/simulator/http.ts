/**
 * The simulator's HTTP plumbing shared by every API area: what a handler answers (ApiAnswer), how
 * an answer goes on the wire as a Library server sends it (Reply: JSON or HTML, gzip when asked,
 * error bodies with a ticketId), and small readers of requests (body, headers, cookies, versions).
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { gzipSync } from 'node:zlib';

/** One request as the simulator saw it. */
export interface LoggedCall {
  index: number;
  method: string;
  path: string;
  /** The query parameters (clusterNode, offset, ...). */
  query: Record<string, string>;
  /** The request body as sent (for PATCH operation lists). */
  body: string;
  status: number;
  /** For calls that need a session: whether the token and every one of its cookies came along. */
  tokenMatched: boolean | null;
  cookiesMatched: boolean | null;
  missingCookies: string[];
  /** How many earlier calls were still unanswered when this one arrived (0: sent one after another). */
  othersInFlight: number;
  userAgent: string | null;
}

/** What a handler answers: a status and a JSON body (or none), plus headers. */
export interface ApiAnswer {
  status: number;
  body?: unknown;
  /** The body already as JSON text (big pages, built from each cache's text kept ready). */
  raw?: string;
  headers?: Record<string, string | string[]>;
  error?: { code: string; message: string; iServerCode?: number };
}

export class Reply {
  readonly #request: http.IncomingMessage;
  readonly #response: http.ServerResponse;
  readonly #call: LoggedCall;
  readonly #gzip: boolean;

  constructor(request: http.IncomingMessage, response: http.ServerResponse, call: LoggedCall, gzip: boolean) {
    this.#request = request;
    this.#response = response;
    this.#call = call;
    this.#gzip = gzip;
  }

  json(status: number, value: unknown): void {
    this.#send(status, 'application/json', JSON.stringify(value));
  }

  html(status: number, page: string): void {
    this.#send(status, 'text/html; charset=utf-8', page);
  }

  error(status: number, code: string, message: string, iServerCode?: number): void {
    this.json(status, {
      code,
      message,
      ticketId: randomBytes(16).toString('hex'),
      ...(iServerCode === undefined ? {} : { iServerCode }),
    });
  }

  /** A handler's answer: an error body, JSON (a value, or its text ready made), or nothing for 204. */
  answer(answer: ApiAnswer): void {
    const { status, error, headers = {} } = answer;
    if (error) return this.error(status, error.code, error.message, error.iServerCode);
    if (status === 204) return this.noContent(headers);
    const text = answer.raw ?? JSON.stringify(answer.body ?? {});
    this.#send(status, 'application/json', text, headers);
  }

  noContent(headers: Record<string, string | string[]> = {}): void {
    this.#call.status = 204;
    this.#response.writeHead(204, {
      'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
      server: 'MicroStrategy',
      ...headers,
    });
    this.#response.end();
  }

  #send(status: number, contentType: string, text: string, headers: Record<string, string | string[]> = {}): void {
    this.#call.status = status;
    const acceptsGzip = /\bgzip\b/.test(headerValue(this.#request.headers['accept-encoding']) ?? '');
    const compress = this.#gzip && acceptsGzip;
    const payload = compress ? gzipSync(text) : Buffer.from(text);
    this.#response.writeHead(status, {
      'content-type': contentType,
      'content-length': payload.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      server: 'MicroStrategy',
      ...(compress ? { 'content-encoding': 'gzip' } : {}),
      ...headers,
    });
    this.#response.end(payload);
  }
}

/**
 * A method the endpoint does not take. The message is exactly what the official SDK
 * (mstrio/utils/helper.py) matches, with ERR001 and 405, to tell "not on this server".
 */
export function notAllowed(): ApiAnswer {
  return { status: 405, error: { code: 'ERR001', message: 'HTTP 405 Method Not Allowed' } };
}

/**
 * An endpoint this server does not have: an unknown route, or one newer than its I-Server version.
 * ERR004, 404 and exactly this message are what the official SDK matches as "not on this server";
 * a resource that is missing (a cube cache gone) answers its own message instead.
 */
export function notFound(): ApiAnswer {
  return { status: 404, error: { code: 'ERR004', message: 'HTTP 404 Not Found' } };
}

export function badRequest(message: string, iServerCode?: number): ApiAnswer {
  return { status: 400, error: { code: 'ERR006', message, ...(iServerCode === undefined ? {} : { iServerCode }) } };
}

export function forbidden(message: string): ApiAnswer {
  return { status: 403, error: { code: 'ERR014', message, iServerCode: -2147072488 } };
}

export function ok(body: unknown, headers?: Record<string, string>): ApiAnswer {
  return { status: 200, body, ...(headers ? { headers } : {}) };
}

export function isAnswer(value: object): value is ApiAnswer {
  return typeof (value as { status?: unknown }).status === 'number';
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join('; ') : value;
}

export function parseCookieHeader(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0) cookies[part.slice(0, separator).trim()] = part.slice(separator + 1).trim();
  }
  return cookies;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export async function readBody(request: http.IncomingMessage): Promise<string> {
  // Most calls (GET, DELETE) have no body: scale runs measure the client, not this loop.
  if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) {
    request.resume();
    return '';
  }
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function isAtLeast(version: string, minimum: number[]): boolean {
  const parts = version.split('.').map(Number);
  for (let index = 0; index < minimum.length; index += 1) {
    const difference = (parts[index] ?? 0) - (minimum[index] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

/** offset and limit as the monitor lists take them: limit 1 to 1000, by default 1000. */
export function readPage(query: URLSearchParams): { offset: number; limit: number } | ApiAnswer {
  const offset = Number(query.get('offset') ?? '0');
  const limit = Number(query.get('limit') ?? '1000');
  if (!Number.isInteger(offset) || offset < 0) return badRequest('offset is not valid.');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return badRequest('limit must be 1 to 1000.');
  return { offset, limit };
}
