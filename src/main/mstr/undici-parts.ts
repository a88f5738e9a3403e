/**
 * The parts of undici the client uses, each loaded from its own module: the connection pool, the
 * connect call proxy tunnels make on a dispatcher (set up as undici's entry module sets it up), and
 * undici's own fetch, which the request layer (ky) sends through; the proxy pools (through a named
 * proxy, through the *_PROXY variables) load only for a connection that goes through one. The
 * entry also loads WebSocket, EventSource, the cache and the mock layers: a large part of the
 * command line's start, for nothing it uses. The types are the package's own
 * (undici-modules.d.ts); the tests run every part against real servers and proxies, so a layout
 * change in an undici update fails them rather than a user's run.
 */
import connect from 'undici/lib/api/api-connect.js';
import AgentModule from 'undici/lib/dispatcher/agent.js';
import DispatcherModule from 'undici/lib/dispatcher/dispatcher.js';
import type EnvHttpProxyAgentModule from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import type ProxyAgentModule from 'undici/lib/dispatcher/proxy-agent.js';
import type * as FetchModule from 'undici/lib/web/fetch/index.js';
import type * as RequestModule from 'undici/lib/web/fetch/request.js';
import type * as ResponseModule from 'undici/lib/web/fetch/response.js';

Object.assign(DispatcherModule.prototype, { connect });

export const Agent = AgentModule;

export async function proxyAgents(): Promise<{
  ProxyAgent: typeof ProxyAgentModule;
  EnvHttpProxyAgent: typeof EnvHttpProxyAgentModule;
}> {
  const [proxy, fromEnvironment] = await Promise.all([
    import('undici/lib/dispatcher/proxy-agent.js'),
    import('undici/lib/dispatcher/env-http-proxy-agent.js'),
  ]);
  return { ProxyAgent: proxy.default, EnvHttpProxyAgent: fromEnvironment.default };
}

export interface UndiciFetch {
  fetch: typeof FetchModule.fetch;
  Response: typeof ResponseModule.Response;
  Request: typeof RequestModule.Request;
}

let fetchParts: Promise<UndiciFetch> | null = null;

/**
 * undici's fetch, Response and Request, loaded with the first request: a command that sends none
 * never loads them. The fetch module goes first, and alone: it requires the others in the order
 * undici's own entry does. Evaluated before it, the Request module finds the body converters of its
 * circular requires not yet defined, and every request then fails with "converter is not a
 * function"; three imports at once evaluate in whichever order their files happen to load.
 */
export function undiciFetch(): Promise<UndiciFetch> {
  fetchParts ??= loadFetchParts();
  return fetchParts;
}

/** How each fetch part is imported; a test gives slow stand-ins to fix the timing of each. */
export interface FetchPartImports {
  fetch: () => Promise<{ fetch: UndiciFetch['fetch'] }>;
  response: () => Promise<{ Response: UndiciFetch['Response'] }>;
  request: () => Promise<{ Request: UndiciFetch['Request'] }>;
}

const UNDICI_IMPORTS: FetchPartImports = {
  fetch: () => import('undici/lib/web/fetch/index.js'),
  response: () => import('undici/lib/web/fetch/response.js'),
  request: () => import('undici/lib/web/fetch/request.js'),
};

export async function loadFetchParts(imports: FetchPartImports = UNDICI_IMPORTS): Promise<UndiciFetch> {
  const { fetch } = await imports.fetch();
  const [{ Response }, { Request }] = await Promise.all([imports.response(), imports.request()]);
  return { fetch, Response, Request };
}
