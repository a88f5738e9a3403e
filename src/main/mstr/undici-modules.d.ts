// Types for the undici modules undici-parts.ts loads one by one: the package declares only its entry.
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}

declare module 'undici/lib/dispatcher/proxy-agent.js' {
  import type { ProxyAgent } from 'undici';
  const ProxyAgentClass: typeof ProxyAgent;
  export default ProxyAgentClass;
}

declare module 'undici/lib/dispatcher/env-http-proxy-agent.js' {
  import type { EnvHttpProxyAgent } from 'undici';
  const EnvHttpProxyAgentClass: typeof EnvHttpProxyAgent;
  export default EnvHttpProxyAgentClass;
}

declare module 'undici/lib/dispatcher/dispatcher.js' {
  import type { Dispatcher } from 'undici';
  const DispatcherClass: typeof Dispatcher;
  export default DispatcherClass;
}

declare module 'undici/lib/api/api-connect.js' {
  const connect: unknown;
  export default connect;
}

declare module 'undici/lib/web/fetch/index.js' {
  export { fetch } from 'undici';
}

declare module 'undici/lib/web/fetch/response.js' {
  export { Response } from 'undici';
}

declare module 'undici/lib/web/fetch/request.js' {
  export { Request } from 'undici';
}

declare module 'undici/lib/web/fetch/headers.js' {
  export { Headers } from 'undici';
}

declare module 'undici/lib/web/fetch/formdata.js' {
  export { FormData } from 'undici';
}
