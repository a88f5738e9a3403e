/**
 * The Library REST simulator: a real HTTP or HTTPS server on loopback that behaves like a
 * MicroStrategy Library server as far as this app uses it, with faults a test can inject per run and
 * a log of what it received. This module is the routing core (faults, logging, the context path, the
 * session check, "not on this server"); each area of the API is its own module (sessions.ts,
 * projects.ts, purges.ts, cluster.ts with nodes.ts, content-caches.ts and cube-caches.ts,
 * project-states.ts, schema.ts). Tests start
 * it in-process; `npm run simulator` and `npm run demo` start it from the command line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ApiArea } from './api-area.ts';
import { createCertificateSet } from './certificates.ts';
import { SimulatedCluster, gatedArea, monitorAreas, type ClusterOptions } from './cluster.ts';
import { CubeMemory, cubeMemoryArea } from './cube-memory.ts';
import { FaultQueue, GATEWAY_PAGE, streamForever, type Fault } from './faults.ts';
import { Reply, notAllowed, notFound, ok, readBody, type ApiAnswer, type LoggedCall } from './http.ts';
import {
  ProjectIndex,
  generateProjects,
  isLoadedForSessions,
  monitoredProjectsArea,
  projectsArea,
  readRecorded,
  type SimulatedProject,
} from './projects.ts';
import { purgesArea, type PerformedPurge } from './purges.ts';
import { ProjectStates, projectStatesArea, type ProjectStateOptions } from './project-states.ts';
import { SchemaReloads, schemaArea, type SchemaOptions } from './schema.ts';
import { cubesArea } from './cubes.ts';
import { eventsArea } from './events.ts';
import { jobsArea } from './jobs.ts';
import { RunbookState } from './runbook-state.ts';
import { subscriptionsArea } from './subscriptions.ts';
import {
  DEFAULT_USERS,
  SessionStore,
  loginArea,
  sessionsArea,
  type SessionSettings,
  type SimulatedUser,
} from './sessions.ts';

export type { Fault, FaultKind } from './faults.ts';
export type { LoggedCall } from './http.ts';
export type { PerformedPurge } from './purges.ts';
export type { SimulatedUser } from './sessions.ts';

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
  /** How project-state changes per node behave (pending reads, refusing and stuck nodes). */
  projectStates?: ProjectStateOptions;
  /** How schema reload tasks behave (reads while running, failing projects). */
  schema?: SchemaOptions;
}

export class LibrarySimulator {
  readonly options: Required<
    Omit<SimulatorOptions, 'port' | 'projects' | 'unloadedProjects' | 'cluster' | 'projectStates' | 'schema'>
  >;
  readonly cluster: SimulatedCluster;
  readonly projectStates: ProjectStates;
  readonly schema: SchemaReloads;
  /** Cube memory per node and project, with each project's capacity. */
  readonly cubeMemory: CubeMemory;
  /** Cubes as objects, publish jobs, events and subscriptions. */
  readonly runbook: RunbookState;
  readonly calls: LoggedCall[] = [];
  #inFlight = 0;
  readonly purges: PerformedPurge[] = [];
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
  readonly #sessions = new SessionStore();
  readonly #faults = new FaultQueue();
  readonly #gates: { match: RegExp; opened: Promise<void> }[] = [];
  readonly #openSockets = new Set<Socket>();
  readonly #projectIndex = new ProjectIndex();
  /** The areas of the API, asked in order which one serves a route. */
  readonly #areas: ApiArea[];
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
    this.projects = initialProjects(options, this.#recorded);
    this.cluster = new SimulatedCluster(options.cluster ?? {}, () => this.projects);
    this.projectStates = new ProjectStates(
      options.projectStates ?? {},
      () => this.cluster.nodes,
      () => this.projects,
    );
    this.schema = new SchemaReloads(options.schema ?? {}, () => this.projects);
    this.cubeMemory = new CubeMemory(
      () => this.cluster.nodes,
      () => this.projects,
    );
    this.runbook = new RunbookState(this.projects);
    this.#areas = this.#makeAreas();
    const made = this.#makeServer();
    this.#server = made.server;
    this.caPem = made.caPem;
    this.caFile = made.caFile;
  }

  #makeAreas(): ApiArea[] {
    const settings = (): SessionSettings => ({
      users: this.users,
      guestEnabled: this.options.guestEnabled,
      idleTimeoutSeconds: this.idleTimeoutSeconds,
      contextPath: this.options.contextPath,
      https: this.options.https,
      stickyCookie: this.options.stickyCookie,
      recorded: this.#recorded,
    });
    return [
      { open: true, serves: (route) => route === '/status', answer: (call) => this.#status(call.method) },
      loginArea(this.#sessions, settings),
      sessionsArea(this.#sessions, settings),
      projectsArea(this),
      monitoredProjectsArea(this),
      gatedArea(cubeMemoryArea(this.cubeMemory), [11, 3, 0], () => this.iServerVersion),
      ...monitorAreas(this.cluster, () => this.iServerVersion),
      purgesArea(this),
      projectStatesArea(this.projectStates),
      schemaArea(this.schema),
      cubesArea(this),
      jobsArea(this),
      eventsArea(this),
      subscriptionsArea(this),
    ];
  }

  #makeServer(): { server: http.Server; caPem: string | null; caFile: string | null } {
    const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
      this.#inFlight += 1;
      response.once('close', () => (this.#inFlight -= 1));
      void this.#handle(request, response);
    };
    let made: { server: http.Server; caPem: string | null; caFile: string | null };
    if (this.options.https) {
      const certificates = createCertificateSet();
      const caFile = join(mkdtempSync(join(tmpdir(), 'mstr-simulator-')), 'ca.pem');
      writeFileSync(caFile, certificates.caPem);
      const server = https.createServer({ cert: certificates.certPem, key: certificates.keyPem }, handler);
      made = { server, caPem: certificates.caPem, caFile };
    } else {
      made = { server: http.createServer(handler), caPem: null, caFile: null };
    }
    made.server.on('connection', (socket) => {
      this.#openSockets.add(socket);
      socket.on('close', () => this.#openSockets.delete(socket));
    });
    return made;
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
    this.#faults.inject(fault);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  /**
   * Holds every call whose "METHOD /path?query" matches (logged, not answered) until the returned function
   * is called: a run kept in flight for exactly as long as a test needs, whatever the machine's speed.
   */
  hold(match: RegExp): () => void {
    let open = (): void => {};
    const opened = new Promise<void>((resolve) => (open = resolve));
    const gate = { match, opened };
    this.#gates.push(gate);
    return () => {
      this.#gates.splice(this.#gates.indexOf(gate), 1);
      open();
    };
  }

  /** Ends every session as an idle timeout would. */
  expireAllSessions(): void {
    this.#sessions.sessions.clear();
  }

  get activeSessionCount(): number {
    return this.#sessions.sessions.size;
  }

  /** Every token handed out, ended or not (for secret-leak checks after a run logged out). */
  get issuedTokens(): string[] {
    return this.#sessions.issuedTokens;
  }

  /** The tokens the simulator handed out and that are still valid (for secret-leak checks). */
  get activeTokens(): string[] {
    return [...this.#sessions.sessions.keys()];
  }

  /** Every cookie value handed out to sessions still alive. */
  get activeCookieValues(): string[] {
    return [...this.#sessions.sessions.values()].flatMap((session) => Object.values(session.cookies));
  }

  /** Whether a project exists and is loaded on the sessions' node (constant time: big runs measure the client). */
  isLoadedForSessions(id: string): boolean {
    const project = this.#projectIndex.get(this.projects, id);
    return project !== undefined && isLoadedForSessions(this, project);
  }

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

  /** Removes the CA file it wrote, and its folder (a test may still read it after close). */
  removeCaFile(): void {
    if (this.caFile) rmSync(dirname(this.caFile), { recursive: true, force: true });
  }

  async #handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const method = request.method ?? 'GET';
    const call = this.#log(method, url, request);
    const body = await readBody(request);
    call.body = body;
    const gate = this.#gates.find((candidate) => candidate.match.test(`${method} ${url.pathname}${url.search}`));
    if (gate) await gate.opened;
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const fault = this.#faults.take(`${method} ${url.pathname}`);
    if (fault && (await this.#fault(fault, request, response, call))) return;
    const reply = new Reply(request, response, call, this.gzip);
    const context = this.options.contextPath;
    if (!url.pathname.startsWith(`${context}/api/`))
      return reply.html(404, '<html><head><title>404 Not Found</title></head><body>Apache Tomcat</body></html>');
    const route = url.pathname.slice(`${context}/api`.length);
    reply.answer(this.#route({ method, route, query: url.searchParams, body, request, session: null }, call));
  }

  #log(method: string, url: URL, request: http.IncomingMessage): LoggedCall {
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
    return call;
  }

  /** Plays a fault; true when it answered (or dropped) the call, false when the call goes on. */
  async #fault(
    fault: Fault,
    request: http.IncomingMessage,
    response: http.ServerResponse,
    call: LoggedCall,
  ): Promise<boolean> {
    const reply = new Reply(request, response, call, this.gzip);
    switch (fault.kind) {
      case 'hang':
        return true;
      case 'endless-body':
      case 'slow-body':
        streamForever(response, fault);
        return true;
      case 'cut-body':
        call.status = -1;
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        response.write('{"projects":[');
        setTimeout(() => request.socket.destroy(), 20);
        return true;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms ?? 1000));
        return false;
      case 'drop':
        call.status = -1;
        request.socket.destroy();
        return true;
      case 'expire-session':
        this.expireAllSessions();
        return false;
      case 'html':
        reply.html(502, GATEWAY_PAGE);
        return true;
      case 'status':
        reply.answer(statusFault(fault.status ?? 500));
        return true;
    }
  }

  #route(call: Parameters<ApiArea['answer']>[0], logged: LoggedCall): ApiAnswer {
    const area = this.#areas.find((candidate) => candidate.serves(call.route));
    if (!area) return notFound();
    if (area.open) return area.answer(call);
    const session = this.#sessions.authenticate(call.request, logged, this.idleTimeoutSeconds);
    if (!session)
      return {
        status: 401,
        error: { code: 'ERR009', message: 'The user session has expired or is invalid. Please log in again.' },
      };
    session.lastUsed = Date.now();
    return area.answer({ ...call, session });
  }

  #status(method: string): ApiAnswer {
    if (method !== 'GET') return notAllowed();
    if (this.#recorded) {
      const recorded = readRecorded<{ response: { body: Record<string, unknown> } }>('status.json').response.body;
      return ok({ ...recorded, baseUri: `${this.url}/api/` });
    }
    return ok({
      upSince: Date.now() - 3_600_000,
      upTime: 3_600_000,
      upTimeText: '1 Hours 0 Minutes 0 seconds',
      webVersion: `${this.iServerVersion.split('.').slice(0, 3).join('.')}.0000J`,
      baseUri: `${this.url}/api/`,
      iServerVersion: this.iServerVersion,
    });
  }
}

function initialProjects(options: SimulatorOptions, recorded: boolean): SimulatedProject[] {
  if (Array.isArray(options.projects)) return options.projects;
  if (recorded) return readRecorded<{ response: { body: SimulatedProject[] } }>('projects.json').response.body;
  return generateProjects(typeof options.projects === 'number' ? options.projects : 12, options.unloadedProjects);
}

function statusFault(status: number): ApiAnswer {
  return status === 503
    ? { status, error: { code: 'ERR013', message: 'The Intelligence Server is temporarily unavailable.' } }
    : { status, error: { code: 'ERR001', message: 'Internal server error.' } };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<LibrarySimulator> {
  return new LibrarySimulator(options).listen(options.port ?? 0);
}
