/**
 * What one area of the simulated REST API (sessions, projects, purges, nodes, content caches, cube
 * caches, ...) looks like to the routing core: the routes it serves and how it answers a call. A new
 * area is a new module with one of these, added to the simulator's list; the core does the rest
 * (faults, logging, the "not on this server" answer, the session check).
 */
import type http from 'node:http';
import type { ApiAnswer } from './http.ts';
import type { Session } from './sessions.ts';

export interface ApiCall {
  method: string;
  /** The path below /api, e.g. /monitors/caches/contents. */
  route: string;
  query: URLSearchParams;
  body: string;
  request: http.IncomingMessage;
  /** The caller's session; null only for an area that is `open`. */
  session: Session | null;
}

export interface ApiArea {
  /** Whether this area serves the route; the core answers 404 for a route no area serves. */
  serves(route: string): boolean;
  /** Served without a session (status, login). */
  open?: boolean;
  answer(call: ApiCall): ApiAnswer;
}
