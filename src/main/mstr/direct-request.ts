/**
 * One request straight on the connection's undici dispatcher, for the purge: the call a run sends
 * thousands of times, with no body when it works. The fetch stack (Request, Headers and stream
 * objects, ky's option merging and hooks) costs several times the request itself there; this keeps
 * what matters (the session's cookies both ways, a bounded and decoded error body, the caller's
 * deadline) and nothing else. Retries and error translation stay with the client.
 */
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { ResponseTooLarge, type CookieJar } from './transport.ts';

export interface DirectAnswer {
  status: number;
  /** The body as text (empty for 204), decoded from gzip, deflate or brotli when so encoded. */
  body: string;
  location: string | null;
  retryAfter: string | null;
}

type Decoder = (input: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

const DECODERS: Record<string, Decoder> = {
  gzip: promisify(gunzip) as Decoder,
  'x-gzip': promisify(gunzip) as Decoder,
  deflate: promisify(inflate) as Decoder,
  br: promisify(brotliDecompress) as Decoder,
};

/** Decodes at most `limit` bytes: a small compressed body cannot unpack into a huge one. */
async function decoded(raw: Buffer, encoding: string, limit: number): Promise<Buffer> {
  const decode = DECODERS[encoding.toLowerCase()];
  if (!decode) return raw;
  try {
    return await decode(raw, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ResponseTooLarge(limit);
    throw error;
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  const value = headers[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

async function readBounded(body: Dispatcher.ResponseData['body'], limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of body) {
    received += (chunk as Buffer).length;
    if (received > limit) {
      body.destroy();
      throw new ResponseTooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function sendDirect(
  dispatcher: Dispatcher,
  request: {
    url: string;
    method: 'DELETE';
    token: string;
    jar: CookieJar;
    signal: AbortSignal;
    bodyLimit: number;
  },
): Promise<DirectAnswer> {
  const cookie = request.jar.getCookieStringSync(request.url);
  const response = await dispatcher.request({
    origin: new URL(request.url).origin,
    path: request.url.slice(new URL(request.url).origin.length),
    method: request.method,
    headers: {
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate, br',
      'x-mstr-authtoken': request.token,
      ...(cookie === '' ? {} : { cookie }),
    },
    signal: request.signal,
  });
  const setCookie = response.headers['set-cookie'];
  for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [])
    request.jar.setCookieSync(line, request.url, { ignoreError: true });
  const answer = {
    status: response.statusCode,
    location: header(response.headers, 'location'),
    retryAfter: header(response.headers, 'retry-after'),
  };
  if (response.statusCode === 204) {
    await response.body.dump();
    return { ...answer, body: '' };
  }
  const length = Number(header(response.headers, 'content-length') ?? 0);
  if (length > request.bodyLimit) {
    response.body.destroy();
    throw new ResponseTooLarge(request.bodyLimit);
  }
  const raw = await readBounded(response.body, request.bodyLimit);
  const body = await decoded(raw, header(response.headers, 'content-encoding') ?? '', request.bodyLimit);
  return { ...answer, body: body.toString('utf8') };
}
