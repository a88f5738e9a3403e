/**
 * The parts of undici the client uses, each loaded from its own module: the connection pools
 * (direct, through a named proxy, through the *_PROXY variables) and the calls every dispatcher
 * has (request, and connect for proxy tunnels), set up as undici's entry module sets them up.
 * That entry also loads fetch, WebSocket, EventSource, the cache and the mock layers, and with
 * them Node's own copy of undici: about a third of the command line's start, for nothing it uses.
 * The types are the package's own (undici-modules.d.ts); the tests run every part against real
 * servers and proxies, so a layout change in an undici update fails them rather than a user's run.
 */
import api from 'undici/lib/api/index.js';
import AgentModule from 'undici/lib/dispatcher/agent.js';
import DispatcherModule from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgentModule from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import ProxyAgentModule from 'undici/lib/dispatcher/proxy-agent.js';

Object.assign(DispatcherModule.prototype, api);

export const Agent = AgentModule;
export const ProxyAgent = ProxyAgentModule;
export const EnvHttpProxyAgent = EnvHttpProxyAgentModule;
