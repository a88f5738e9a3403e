/**
 * Users, login modes and sessions of the simulated Library: POST /auth/login (standard, LDAP, guest,
 * API token; JSON or form body), a token bound to the session's cookies (and a sticky load-balancer
 * cookie when asked), idle expiry, GET/PUT /sessions and POST /auth/logout.
 * GET /sessions/userInfo is not served: neither the app nor its tests use it.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import type { ApiArea, ApiCall } from './api-area.ts';
import { headerValue, notAllowed, ok, parseCookieHeader, type ApiAnswer, type LoggedCall } from './http.ts';
import { readRecorded } from './projects.ts';

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
  /** Whether GET /monitors/projects answers this user (default true); false: 403 ERR014. */
  canListAllProjects?: boolean;
  apiToken?: string;
  /** Publish Intelligent Cube; default: canAdministerCaches. */
  canPublishCubes?: boolean;
  /** Triggering events; default: canAdministerCaches. */
  canTriggerEvents?: boolean;
  /** Sending subscriptions; default: canAdministerCaches. */
  canSendSubscriptions?: boolean;
}

export interface Session {
  token: string;
  /** The session's id, as GET /sessions reports it: the same on every call of one session. */
  id: string;
  user: SimulatedUser | null;
  cookies: Record<string, string>;
  lastUsed: number;
}

export const DEFAULT_USERS: SimulatedUser[] = [
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

export const GUEST: SimulatedUser = {
  username: 'guest',
  password: '',
  fullName: 'Guest',
  loginModes: [8],
  canAdministerCaches: false,
  canListProjects: true,
};

/** What the session area needs to know of the simulator it serves. */
export interface SessionSettings {
  readonly users: SimulatedUser[];
  readonly guestEnabled: boolean;
  readonly idleTimeoutSeconds: number;
  readonly contextPath: string;
  readonly https: boolean;
  readonly stickyCookie: boolean;
  /** The recorded 11.1 server's token instead of a new one. */
  readonly recorded: boolean;
}

export class SessionStore {
  readonly sessions = new Map<string, Session>();
  /** Every token handed out, ended or not (for secret-leak checks after a run logged out). */
  readonly issuedTokens: string[] = [];

  /** The session a call's token and cookies name, or null (unknown token, a cookie missing, idle too long). */
  authenticate(request: http.IncomingMessage, call: LoggedCall, idleTimeoutSeconds: number): Session | null {
    const token = headerValue(request.headers['x-mstr-authtoken']);
    const session = token ? this.sessions.get(token) : undefined;
    call.tokenMatched = session !== undefined;
    if (!session) return null;
    const sent = parseCookieHeader(headerValue(request.headers.cookie) ?? '');
    call.missingCookies = Object.entries(session.cookies)
      .filter(([name, value]) => sent[name] !== value)
      .map(([name]) => name);
    call.cookiesMatched = call.missingCookies.length === 0;
    if (!call.cookiesMatched) return null;
    if (Date.now() - session.lastUsed > idleTimeoutSeconds * 1000) {
      this.sessions.delete(session.token);
      return null;
    }
    return session;
  }

  /** A new session for the user, with the Set-Cookie headers a Library sends on login. */
  open(user: SimulatedUser, settings: SessionSettings): { session: Session; setCookies: string[] } {
    const session: Session = {
      token: settings.recorded
        ? (readRecorded<{ response: { headers: Record<string, string> } }>('login.json').response.headers[
            'x-mstr-authtoken'
          ] ?? randomToken())
        : randomToken(),
      id: randomBytes(16).toString('hex').toUpperCase(),
      user: user === GUEST ? null : user,
      cookies: { JSESSIONID: randomBytes(16).toString('hex').toUpperCase(), iSession: randomBytes(12).toString('hex') },
      lastUsed: Date.now(),
    };
    const path = settings.contextPath;
    const setCookies = [
      `JSESSIONID=${session.cookies.JSESSIONID}; Path=${path};${settings.https ? ' Secure;' : ''} HttpOnly`,
      `iSession=${session.cookies.iSession}; Path=${path}`,
    ];
    if (settings.stickyCookie) {
      session.cookies.AWSALB = randomBytes(20).toString('base64url');
      setCookies.push(
        `AWSALB=${session.cookies.AWSALB}; Path=/; Expires=${new Date(Date.now() + 7 * 86_400_000).toUTCString()}`,
      );
    }
    this.sessions.set(session.token, session);
    this.issuedTokens.push(session.token);
    return { session, setCookies };
  }
}

/** POST /auth/login: the one call of the area that needs no session. */
export function loginArea(store: SessionStore, settings: () => SessionSettings): ApiArea {
  return {
    open: true,
    serves: (route) => route === '/auth/login',
    answer(call) {
      if (call.method !== 'POST') return notAllowed();
      const current = settings();
      const fields = parseLoginBody(call.body, call.request.headers['content-type'] ?? '');
      const user = findUser(current, Number(fields.loginMode ?? 1), String(fields.username ?? ''), fields.password);
      if (!user)
        return {
          status: 401,
          error: {
            code: 'ERR003',
            message: 'Login failed. Please check your user name and password.',
            iServerCode: -2147216959,
          },
        };
      const { session, setCookies } = store.open(user, current);
      return { status: 204, headers: { 'x-mstr-authtoken': session.token, 'set-cookie': setCookies } };
    },
  };
}

/** GET/PUT /sessions and POST /auth/logout. */
export function sessionsArea(store: SessionStore, settings: () => SessionSettings): ApiArea {
  return {
    serves: (route) => route === '/auth/logout' || route === '/sessions',
    answer(call) {
      const session = call.session as Session;
      if (call.route === '/auth/logout') {
        if (call.method !== 'POST') return notAllowed();
        store.sessions.delete(session.token);
        return { status: 204 };
      }
      return sessionCall(call, session, settings());
    },
  };
}

function sessionCall(call: ApiCall, session: Session, settings: SessionSettings): ApiAnswer {
  if (call.method === 'PUT') return { status: 204 };
  if (call.method !== 'GET') return notAllowed();
  const user = session.user ?? GUEST;
  return ok({
    locale: 1033,
    maxSearch: 3,
    workingSet: 10,
    timeout: settings.idleTimeoutSeconds,
    id: session.id,
    fullName: user.fullName,
    initials: user.fullName.slice(0, 2).toUpperCase(),
  });
}

function findUser(
  settings: SessionSettings,
  loginMode: number,
  username: string,
  password: unknown,
): SimulatedUser | null {
  if (loginMode === 8) return settings.guestEnabled ? GUEST : null;
  if (loginMode === 4096)
    return settings.users.find((user) => user.apiToken !== undefined && user.apiToken === username) ?? null;
  return (
    settings.users.find(
      (user) =>
        user.loginModes.includes(loginMode) && user.username === username && user.password === String(password ?? ''),
    ) ?? null
  );
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

function randomToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(26), (byte) => alphabet[byte % alphabet.length]).join('');
}
