/**
 * The parts of undici the client uses, each loaded from its own module: the connection pool and
 * the two calls the client makes on a dispatcher (request, and connect for proxy tunnels), set up
 * as undici's entry module sets them up; the proxy pools (through a named proxy, through the
 * *_PROXY variables) load only for a connection that goes through one. The entry also loads
 * fetch, WebSocket, EventSource, the cache and the mock layers, and with them Node's own copy of
 * undici: about a third of the command line's start, for nothing it uses. The types are the
 * package's own (undici-modules.d.ts); the tests run every part against real servers and proxies,
 * so a layout change in an undici update fails them rather than a user's run.
 */
import request from 'undici/lib/api/api-request.js';
import connect from 'undici/lib/api/api-connect.js';
import AgentModule from 'undici/lib/dispatcher/agent.js';
import DispatcherModule from 'undici/lib/dispatcher/dispatcher.js';
import type EnvHttpProxyAgentModule from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import type ProxyAgentModule from 'undici/lib/dispatcher/proxy-agent.js';

Object.assign(DispatcherModule.prototype, { request, connect });

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
