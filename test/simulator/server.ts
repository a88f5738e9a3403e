/**
 * The Library REST simulator: a real HTTP or HTTPS server on loopback that behaves like a
 * MicroStrategy Library server as far as this app uses it (status, login modes, token bound to
 * session cookies, idle expiry, projects, cluster nodes, cache purges, error bodies), with faults a
 * test can inject per run and a log of what it received. Tests start it in-process; `npm run
 * simulator` and `npm run demo` start it from the command line.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createCertificateSet } from './certificates.ts';
import { SimulatedCluster, type ClusterAnswer, type ClusterOptions } from './cluster.ts';
import { CubeMemory } from './cube-memory.ts';
import { generateProjects, readRecorded, type SimulatedProject } from './projects.ts';

export interface SimulatedUser {
  username: string;
  password: string;
  fullName: string;
  /** loginMode numbers this user may use: 1 standard, 16 LDAP. */
  loginModes: number[];
  canAdministerCaches: boolean;
  canListProjects: boolean;
  /** The "Monitor cluster" privilege (nodes, content and cube caches); default: canAdministerCaches. */
  canMonitorCluster?: boolean;
  apiToken?: string;
}

export interface SimulatorOptions {
  https?: boolean;
  port?: number;
  contextPath?: string;
  iServerVersion?: string;
  users?: SimulatedUser[];
  guestEnabled?: boolean;
  idleTimeoutSeconds?: number;
  /** A number of generated projects (default 12), or 'recorded' for the real 11.1 server's answers. */
  projects?: number | 'recorded' | SimulatedProject[];
  /** Positions (0-based) of generated projects that are not loaded. */
  unloadedProjects?: number[];
  stickyCookie?: boolean;
  latencyMs?: number;
  gzip?: boolean;
  /** The I-Server cluster behind the Library: nodes and their content and cube caches. */
  cluster?: ClusterOptions;
}

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

export interface PerformedPurge {
  projectId: string;
  cacheType: string;
  username: string;
  at: number;
}

/**
 * 'delay' holds the call for `ms` and then does it (a slow login, or a purge answered after the
 * client gave up, yet carried out).
 */
export type FaultKind =
  | 'status'
  | 'html'
  | 'hang'
  | 'drop'
  | 'expire-session'
  | 'delay'
  /** A body that never ends, sent as fast as the client reads (with `status`, an error's body). */
  | 'endless-body'
  /** The headers, then one byte every 200 ms: a body that trickles forever. */
  | 'slow-body'
  /** The headers and the start of the body, then the connection closes (a gateway restarting). */
  | 'cut-body';

export interface Fault {
  kind: FaultKind;
  /** For kind 'status': 500, 503, 429 ... */
  status?: number;
  /** For kind 'delay': how long the call is held before it is done. */
  ms?: number;
  /** How many matching calls it applies to (default 1). */
  times?: number;
  /** Applies only to calls whose "METHOD /path" matches (default: every call). */
  match?: RegExp;
}

interface Session {
  token: string;
  user: SimulatedUser | null;
  cookies: Record<string, string>;
  lastUsed: number;
}

const DEFAULT_USERS: SimulatedUser[] = [
  {
    username: 'administrator',
    password: 'admin-pass',
    fullName: 'Administrator',
    loginModes: [1],
    canAdministerCaches: true,
    canListProjects: true,
    apiToken: 'APITOKENADMIN0001',
  },
  {
    username: 'viewer',
    password: 'viewer-pass',
    fullName: 'Report Viewer',
    loginModes: [1],
    canAdministerCaches: false,
    canListProjects: true,
  },
  {
    username: 'jane.ldap',
    password: 'ldap-pass',
    fullName: 'Jane LDAP',
    loginModes: [16],
    canAdministerCaches: true,
    canListProjects: true,
  },
];

const GUEST: SimulatedUser = {
  username: 'guest',
  password: '',
  fullName: 'Guest',
  loginModes: [8],
  canAdministerCaches: false,
  canListProjects: true,
};

export class LibrarySimulator {
  readonly options: Required<Omit<SimulatorOptions, 'port' | 'projects' | 'unloadedProjects' | 'cluster'>>;
  readonly cluster: SimulatedCluster;
  /** Cube memory per node and project, with each project's capacity. */
  readonly cubeMemory: CubeMemory;
  readonly calls: LoggedCall[] = [];
  #inFlight = 0;
  readonly purges: PerformedPurge[] = [];
  /** Every token handed out, ended or not (for secret-leak checks after a run logged out). */
  readonly issuedTokens: string[] = [];
  projects: SimulatedProject[];
  users: SimulatedUser[];
  iServerVersion: string;
  latencyMs: number;
  gzip: boolean;
  idleTimeoutSeconds: number;
  readonly caPem: string | null = null;
  readonly caFile: string | null = null;
  readonly #recorded: boolean;
  readonly #server: http.Server;
  readonly #sessions = new Map<string, Session>();
  readonly #faults: (Fault & { remaining: number })[] = [];
  readonly #openSockets = new Set<Socket>();
  #port = 0;

  constructor(options: SimulatorOptions = {}) {
    this.#recorded = options.projects === 'recorded';
    this.options = {
      https: options.https ?? false,
      contextPath: options.contextPath ?? '/MicroStrategyLibrary',
      iServerVersion: options.iServerVersion ?? (this.#recorded ? '11.1.0400.26937' : '11.4.1200.0081'),
      users: options.users ?? DEFAULT_USERS,
      guestEnabled: options.guestEnabled ?? false,
      idleTimeoutSeconds: options.idleTimeoutSeconds ?? 1800,
      stickyCookie: options.stickyCookie ?? false,
      latencyMs: options.latencyMs ?? 0,
      gzip: options.gzip ?? this.#recorded,
    };
    // Each simulator owns its users, so a test that changes one (a password, a privilege) changes only its own.
    this.users = this.options.users.map((user) => ({ ...user, loginModes: [...user.loginModes] }));
    this.iServerVersion = this.options.iServerVersion;
    this.latencyMs = this.options.latencyMs;
    this.gzip = this.options.gzip;
    this.idleTimeoutSeconds = this.options.idleTimeoutSeconds;
    this.projects = Array.isArray(options.projects)
      ? options.projects
      : this.#recorded
        ? readRecorded<{ response: { body: SimulatedProject[] } }>('projects.json').response.body
        : generateProjects(typeof options.projects === 'number' ? options.projects : 12, options.unloadedProjects);
    this.cluster = new SimulatedCluster(options.cluster ?? {}, () => this.projects);
    this.cubeMemory = new CubeMemory(
      () => this.cluster.nodes,
      () => this.projects,
    );
    const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
      this.#inFlight += 1;
      response.once('close', () => (this.#inFlight -= 1));
      void this.#handle(request, response);
    };
    if (this.options.https) {
      const certificates = createCertificateSet();
      const folder = mkdtempSync(join(tmpdir(), 'mstr-simulator-'));
      this.caFile = join(folder, 'ca.pem');
      this.caPem = certificates.caPem;
      writeFileSync(this.caFile, certificates.caPem);
      this.#server = https.createServer({ cert: certificates.certPem, key: certificates.keyPem }, handler);
    } else {
      this.#server = http.createServer(handler);
    }
    this.#server.on('connection', (socket) => {
      this.#openSockets.add(socket);
      socket.on('close', () => this.#openSockets.delete(socket));
    });
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => resolve());
    });
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  get port(): number {
    return this.#port;
  }

  get origin(): string {
    return `${this.options.https ? 'https' : 'http'}://127.0.0.1:${this.#port}`;
  }

  /** The Library root URL, as an admin would paste it. */
  get url(): string {
    return `${this.origin}${this.options.contextPath}`;
  }

  inject(fault: Fault): void {
    this.#faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.#faults.length = 0;
  }

  /** Ends every session as an idle timeout would. */
  expireAllSessions(): void {
    this.#sessions.clear();
  }

  get activeSessionCount(): number {
    return this.#sessions.size;
  }

  /** The tokens the simulator handed out and that are still valid (for secret-leak checks). */
  get activeTokens(): string[] {
    return [...this.#sessions.keys()];
  }

  /** Every cookie value handed out to sessions still alive. */
  get activeCookieValues(): string[] {
    return [...this.#sessions.values()].flatMap((session) => Object.values(session.cookies));
  }

  /** Constant time per call, so a big run measures the client and not this lookup. */
  #hasProject(id: string): boolean {
    const index = this.#projectIndex;
    if (index.source !== this.projects || index.size !== this.projects.length) {
      this.#projectIndex = {
        source: this.projects,
        size: this.projects.length,
        ids: new Set(this.projects.map((project) => project.id)),
      };
    }
    return this.#projectIndex.ids.has(id);
  }

  #projectIndex: { source: SimulatedProject[] | null; size: number; ids: Set<string> } = {
    source: null,
    size: 0,
    ids: new Set(),
  };

  removeProject(id: string): void {
    this.projects = this.projects.filter((project) => project.id !== id);
  }

  callsTo(pattern: RegExp): LoggedCall[] {
    return this.calls.filter((call) => pattern.test(`${call.method} ${call.path}`));
  }

  async close(): Promise<void> {
    for (const socket of this.#openSockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const method = request.method ?? 'GET';
    const call: LoggedCall = {
      index: this.calls.length + 1,
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: '',
      status: 0,
      tokenMatched: null,
      cookiesMatched: null,
      missingCookies: [],
      othersInFlight: this.#inFlight - 1,
      userAgent: request.headers['user-agent'] ?? null,
    };
    this.calls.push(call);
    const body = await readBody(request);
    call.body = body;
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));

    const fault = this.#takeFault(`${method} ${url.pathname}`);
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'endless-body' || fault?.kind === 'slow-body') return streamForever(response, fault);
    if (fault?.kind === 'cut-body') {
      call.status = -1;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
      response.write('{"projects":[');
      setTimeout(() => request.socket.destroy(), 20);
      return;
    }
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms ?? 1000));
    if (fault?.kind === 'drop') {
      call.status = -1;
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'expire-session') this.expireAllSessions();
    const reply = new Reply(request, response, call, this.gzip);
    if (fault?.kind === 'html')
      return reply.html(
        502,
        '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>',
      );
    if (fault?.kind === 'status') {
      const status = fault.status ?? 500;
      return reply.error(
        status,
        status === 503 ? 'ERR013' : 'ERR001',
        status === 503 ? 'The Intelligence Server is temporarily unavailable.' : 'Internal server error.',
      );
    }

    const context = this.options.contextPath;
    if (!url.pathname.startsWith(`${context}/api/`))
      return reply.html(404, '<html><head><title>404 Not Found</title></head><body>Apache Tomcat</body></html>');
    const route = url.pathname.slice(`${context}/api`.length);
    this.#route(method, route, body, request, reply, call, url.searchParams);
  }

  #route(
    method: string,
    route: string,
    body: string,
    request: http.IncomingMessage,
    reply: Reply,
    call: LoggedCall,
    query: URLSearchParams,
  ): void {
    if (route === '/status') return method === 'GET' ? this.#status(reply) : reply.wrongMethod();
    if (route === '/auth/login') return method === 'POST' ? this.#login(body, request, reply) : reply.wrongMethod();
    if (!KNOWN_ROUTES.some((pattern) => pattern.test(route)))
      return reply.error(404, 'ERR004', `The endpoint ${route} was not found.`);
    const session = this.#authenticate(request, call);
    if (!session) return reply.error(401, 'ERR009', 'The user session has expired or is invalid. Please log in again.');
    session.lastUsed = Date.now();

    if (route === '/auth/logout') {
      if (method !== 'POST') return reply.wrongMethod();
      this.#sessions.delete(session.token);
      return reply.noContent();
    }
    if (route === '/sessions') return this.#sessionCall(method, session, reply);
    if (route === '/projects') {
      if (method !== 'GET') return reply.wrongMethod();
      if (session.user && !session.user.canListProjects)
        return reply.error(403, 'ERR014', 'You do not have the privilege to list projects.', -2147072488);
      return reply.json(200, this.projects);
    }
    if (MONITOR_ROUTES.some((pattern) => pattern.test(route))) {
      const answer = this.#monitor(method, route, query, body, request, session);
      return answer.error
        ? reply.error(answer.status, answer.error.code, answer.error.message, answer.error.iServerCode)
        : reply.answer(answer.status, answer.raw ?? answer.body, answer.headers);
    }
    const purge = /^\/monitors\/projects\/([^/]+)\/caches\/([^/]+)$/.exec(route);
    if (purge) return this.#purge(method, purge[1] ?? '', purge[2] ?? '', session, reply);
  }

  #status(reply: Reply): void {
    if (this.#recorded) {
      const recorded = readRecorded<{ response: { body: Record<string, unknown> } }>('status.json').response.body;
      return reply.json(200, { ...recorded, baseUri: `${this.url}/api/` });
    }
    reply.json(200, {
      upSince: Date.now() - 3_600_000,
      upTime: 3_600_000,
      upTimeText: '1 Hours 0 Minutes 0 seconds',
      webVersion: `${this.iServerVersion.split('.').slice(0, 3).join('.')}.0000J`,
      baseUri: `${this.url}/api/`,
      iServerVersion: this.iServerVersion,
    });
  }

  #login(body: string, request: http.IncomingMessage, reply: Reply): void {
    const fields = parseLoginBody(body, request.headers['content-type'] ?? '');
    const loginMode = Number(fields.loginMode ?? 1);
    const user = this.#findUser(loginMode, String(fields.username ?? ''), String(fields.password ?? ''));
    if (!user)
      return reply.error(401, 'ERR003', 'Login failed. Please check your user name and password.', -2147216959);
    const session: Session = {
      token: this.#recorded
        ? (readRecorded<{ response: { headers: Record<string, string> } }>('login.json').response.headers[
            'x-mstr-authtoken'
          ] ?? randomToken())
        : randomToken(),
      user: user === GUEST ? null : user,
      cookies: { JSESSIONID: randomBytes(16).toString('hex').toUpperCase(), iSession: randomBytes(12).toString('hex') },
      lastUsed: Date.now(),
    };
    const path = this.options.contextPath;
    const cookies = [
      `JSESSIONID=${session.cookies.JSESSIONID}; Path=${path};${this.options.https ? ' Secure;' : ''} HttpOnly`,
      `iSession=${session.cookies.iSession}; Path=${path}`,
    ];
    if (this.options.stickyCookie) {
      session.cookies.AWSALB = randomBytes(20).toString('base64url');
      cookies.push(
        `AWSALB=${session.cookies.AWSALB}; Path=/; Expires=${new Date(Date.now() + 7 * 86_400_000).toUTCString()}`,
      );
    }
    this.#sessions.set(session.token, session);
    this.issuedTokens.push(session.token);
    reply.noContent({ 'x-mstr-authtoken': session.token, 'set-cookie': cookies });
  }

  #findUser(loginMode: number, username: string, password: string): SimulatedUser | null {
    if (loginMode === 8) return this.options.guestEnabled ? GUEST : null;
    if (loginMode === 4096)
      return this.users.find((user) => user.apiToken !== undefined && user.apiToken === username) ?? null;
    return (
      this.users.find(
        (user) => user.loginModes.includes(loginMode) && user.username === username && user.password === password,
      ) ?? null
    );
  }

  #authenticate(request: http.IncomingMessage, call: LoggedCall): Session | null {
    const token = headerValue(request.headers['x-mstr-authtoken']);
    const session = token ? this.#sessions.get(token) : undefined;
    call.tokenMatched = session !== undefined;
    if (!session) return null;
    const sent = parseCookieHeader(headerValue(request.headers.cookie) ?? '');
    call.missingCookies = Object.entries(session.cookies)
      .filter(([name, value]) => sent[name] !== value)
      .map(([name]) => name);
    call.cookiesMatched = call.missingCookies.length === 0;
    if (!call.cookiesMatched) return null;
    if (Date.now() - session.lastUsed > this.idleTimeoutSeconds * 1000) {
      this.#sessions.delete(session.token);
      return null;
    }
    return session;
  }

  #sessionCall(method: string, session: Session, reply: Reply): void {
    if (method === 'PUT') return reply.noContent();
    if (method !== 'GET') return reply.wrongMethod();
    const user = session.user ?? GUEST;
    reply.json(200, {
      locale: 1033,
      maxSearch: 3,
      workingSet: 10,
      timeout: this.idleTimeoutSeconds,
      id: randomBytes(16).toString('hex').toUpperCase(),
      fullName: user.fullName,
      initials: user.fullName.slice(0, 2).toUpperCase(),
    });
  }

  /** The cluster monitor: privilege and version gates first, then the cluster's own answer. */
  #monitor(
    method: string,
    route: string,
    query: URLSearchParams,
    body: string,
    request: http.IncomingMessage,
    session: Session,
  ): ClusterAnswer {
    const user = session.user;
    const acting = method !== 'GET';
    const allowed =
      user !== null && (acting ? user.canAdministerCaches : (user.canMonitorCluster ?? user.canAdministerCaches));
    if (!allowed)
      return {
        status: 403,
        error: { code: 'ERR014', message: 'You do not have the Monitor cluster privilege.', iServerCode: -2147072488 },
      };
    const cluster = this.cluster;
    if (route === '/monitors/iServer/nodes')
      return method === 'GET' ? cluster.listNodes(query.get('projects.id')) : notAllowed(method);
    if (route.includes('/caches/contents')) {
      if (!isAtLeast(this.iServerVersion, [11, 3, 700])) return notFound(route);
      if (route.startsWith('/v2/')) return method === 'PATCH' ? cluster.alterContent(query, body) : notAllowed(method);
      return method === 'GET' ? cluster.listContent(query) : notAllowed(method);
    }
    if (!isAtLeast(this.iServerVersion, [11, 3, 0])) return notFound(route);
    if (route === '/monitors/caches/cubes/aggregatedUsages')
      return method === 'GET' ? this.cubeMemory.answer(query) : notAllowed(method);
    const manipulation = /^\/monitors\/caches\/cubes\/manipulations\/([^/]+)\/status$/.exec(route);
    if (manipulation)
      return method === 'GET'
        ? cluster.manipulationStatus(decodeURIComponent(manipulation[1] ?? ''))
        : notAllowed(method);
    if (route === '/monitors/caches/cubes') return method === 'GET' ? cluster.listCubes(query) : notAllowed(method);
    const id = decodeURIComponent(/^\/monitors\/caches\/cubes\/([^/]+)$/.exec(route)?.[1] ?? '');
    if (method === 'GET') return cluster.getCube(id);
    if (method === 'PATCH') return cluster.alterCube(id, body, headerValue(request.headers.prefer) ?? '');
    if (method === 'DELETE') return cluster.deleteCube(id);
    return notAllowed(method);
  }

  #purge(method: string, projectId: string, cacheType: string, session: Session, reply: Reply): void {
    if (!isAtLeast(this.iServerVersion, [11, 3, 800])) return reply.error(404, 'ERR004', 'HTTP 404 Not Found.');
    if (method !== 'DELETE') return reply.wrongMethod();
    if (cacheType !== 'object' && cacheType !== 'element')
      return reply.error(400, 'ERR006', `Invalid cacheType "${cacheType}": must be element or object.`);
    if (!session.user?.canAdministerCaches)
      return reply.error(
        403,
        'ERR014',
        'You do not have Administer caches privilege(s) to perform the task.',
        -2147072488,
      );
    if (!this.#hasProject(projectId))
      return reply.error(400, 'ERR006', `Project with ID '${projectId}' does not exist or is not loaded.`, -2147209151);
    this.purges.push({ projectId, cacheType, username: session.user.username, at: Date.now() });
    reply.noContent();
  }

  #takeFault(signature: string): Fault | null {
    const index = this.#faults.findIndex(
      (fault) => fault.remaining > 0 && (!fault.match || fault.match.test(signature)),
    );
    if (index === -1) return null;
    const fault = this.#faults[index] as Fault & { remaining: number };
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#faults.splice(index, 1);
    return fault;
  }
}

class Reply {
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

  /** A cluster answer: JSON (a value, or its text ready made), or nothing for 204. */
  answer(status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (status === 204) return this.noContent(headers);
    const text = typeof body === 'string' ? body : JSON.stringify(body ?? {});
    this.#send(status, 'application/json', text, headers);
  }

  wrongMethod(): void {
    this.error(405, 'ERR001', `Request method '${this.#request.method ?? ''}' is not supported.`);
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

  #send(status: number, contentType: string, text: string, headers: Record<string, string> = {}): void {
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

const MONITOR_ROUTES = [
  /^\/monitors\/iServer\/nodes$/,
  /^\/monitors\/caches\/contents$/,
  /^\/v2\/monitors\/caches\/contents$/,
  /^\/monitors\/caches\/cubes$/,
  /^\/monitors\/caches\/cubes\/[^/]+$/,
  /^\/monitors\/caches\/cubes\/manipulations\/[^/]+\/status$/,
];

const KNOWN_ROUTES = [
  /^\/auth\/logout$/,
  /^\/sessions$/,
  /^\/projects$/,
  /^\/monitors\/projects\/[^/]+\/caches\/[^/]+$/,
  ...MONITOR_ROUTES,
];

function notAllowed(method: string): ClusterAnswer {
  return { status: 405, error: { code: 'ERR001', message: `Request method '${method}' is not supported.` } };
}

function notFound(route: string): ClusterAnswer {
  return { status: 404, error: { code: 'ERR004', message: `The endpoint ${route} was not found.` } };
}

function randomToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(26), (byte) => alphabet[byte % alphabet.length]).join('');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join('; ') : value;
}

function parseCookieHeader(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0) cookies[part.slice(0, separator).trim()] = part.slice(separator + 1).trim();
  }
  return cookies;
}

function parseLoginBody(body: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(body));
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  // Most calls (GET, DELETE) have no body: scale runs measure the client, not this loop.
  if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) {
    request.resume();
    return '';
  }
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function isAtLeast(version: string, minimum: number[]): boolean {
  const parts = version.split('.').map(Number);
  for (let index = 0; index < minimum.length; index += 1) {
    const difference = (parts[index] ?? 0) - (minimum[index] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<LibrarySimulator> {
  return new LibrarySimulator(options).listen(options.port ?? 0);
}

/** Streams a body that does not end, until the client hangs up (bounded: 2 GB or 60 s at most). */
function streamForever(response: http.ServerResponse, fault: Fault): void {
  response.writeHead(fault.status ?? 200, { 'content-type': 'application/json' });
  response.write('{"projects":[');
  const stopAt = Date.now() + 60_000;
  let sent = 0;
  const closed = (): boolean => response.destroyed || response.writableEnded || Date.now() > stopAt || sent > 2 ** 31;
  const finish = (): void => {
    if (!response.destroyed) response.destroy();
  };
  if (fault.kind === 'slow-body') {
    const timer = setInterval(() => {
      if (closed()) {
        clearInterval(timer);
        finish();
      } else response.write(' ');
    }, 200);
    response.on('close', () => clearInterval(timer));
    return;
  }
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = (): void => {
    while (!closed()) {
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
    finish();
  };
  pump();
}
