/**
 * Stands in for node:http2 inside undici's HTTP/2 client in the built command line (the build puts
 * it there: scripts/http2-on-demand.mjs). undici loads node:http2, and node:tls with it, as soon as
 * it loads, which cost every command line start about 15 ms; this client never offers HTTP/2, so the
 * real module is loaded only if a connection ever asks for it. The constants are the ones undici
 * reads while it loads; HTTP/2 itself fixes their values (RFC 9113, RFC 8441), and a test compares
 * them with Node's.
 */
import type * as Http2 from 'node:http2';

export const constants = {
  HTTP2_HEADER_AUTHORITY: ':authority',
  HTTP2_HEADER_METHOD: ':method',
  HTTP2_HEADER_PATH: ':path',
  HTTP2_HEADER_SCHEME: ':scheme',
  HTTP2_HEADER_CONTENT_LENGTH: 'content-length',
  HTTP2_HEADER_EXPECT: 'expect',
  HTTP2_HEADER_STATUS: ':status',
  HTTP2_HEADER_PROTOCOL: ':protocol',
  NGHTTP2_REFUSED_STREAM: 7,
  NGHTTP2_CANCEL: 8,
} as const;

export function connect(...args: Parameters<typeof Http2.connect>): Http2.ClientHttp2Session {
  return process.getBuiltinModule('node:http2').connect(...args);
}
