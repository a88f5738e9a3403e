/**
 * One call's state on its way through the request layer: what the call is (for its error's code),
 * how much of an answer to read, and what happened on the wire (attempts, why each repeat, whether
 * the last attempt was reading its body, the body it read).
 */
import type { Operation } from '../failures.ts';

/**
 * What happened on the wire for one call: how many requests it took and why each repeat was
 * needed, so results and the history can say it ("HTML 502, then an expired session, then 204").
 */
export interface CallTrace {
  attempts: number;
  retries: string[];
}

export function newTrace(): CallTrace {
  return { attempts: 0, retries: [] };
}

export interface Exchange {
  operation: Operation;
  /** Sends the session's token; false for the calls that need none (status, login). */
  authenticated: boolean;
  bodyLimit: number;
  /** False when only the status of a success matters; an error's body is always read (it has the ticketId). */
  readBody: boolean;
  trace: CallTrace;
  /** True from an attempt's headers to the end of its body: a deadline passing then is a slow body, not silence. */
  reading: boolean;
  /** The last attempt's body, decoded; '' when it had none or it was not needed. */
  body: string;
  /** performance.now() when the call started, so a timeout can say how long its attempts took. */
  startedAt: number;
}

/** The most of a body read: lists can be long (tens of thousands of projects or caches), the rest is small. */
export const BODY_LIMITS = { list: 64 * 1024 * 1024, other: 1024 * 1024 } as const;

/** The bound for a path below the API root ("projects", "monitors/caches/contents"). */
export function bodyLimitFor(path: string): number {
  return /^(projects|monitors\/)/.test(path) ? BODY_LIMITS.list : BODY_LIMITS.other;
}
