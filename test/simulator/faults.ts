/**
 * Faults a test injects into the simulator: a status, an HTML page from a gateway, a hang, a dropped
 * connection, an expired session, a delay, and bodies that never end, trickle or are cut short. The
 * queue hands out the first fault matching a call, as many times as asked.
 */
import type http from 'node:http';

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

export const GATEWAY_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>';

export class FaultQueue {
  readonly #faults: (Fault & { remaining: number })[] = [];

  inject(fault: Fault): void {
    this.#faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.#faults.length = 0;
  }

  /** The first fault for this "METHOD /path", used up by one. */
  take(signature: string): Fault | null {
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

/** Streams a body that does not end, until the client hangs up (bounded: 2 GB or 60 s at most). */
export function streamForever(response: http.ServerResponse, fault: Fault): void {
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
