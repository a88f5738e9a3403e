/**
 * The single entry for every request from a renderer, whatever carries it (Electron IPC, browser
 * tests): checks the sender, the channel and the request against its schema before any handler
 * runs, and turns every outcome into a result envelope. An unexpected exception becomes INTERNAL
 * without its message or stack, which could carry details nobody should see.
 */
import * as v from 'valibot';
import { toErrorInfo } from '../../shared/errors.ts';
import { CHANNELS, type Channel, type Result } from '../../shared/ipc.ts';
import { describeIssues } from '../../shared/profile-schema.ts';
import { urlOrigin } from '../../shared/url-origin.ts';
import type { Handler, HandlerMap } from './handlers/index.ts';
import { REQUEST_SCHEMAS, hasForbiddenKeys, isPlainData, listWhereObjectExpected } from './request-schemas.ts';

export interface SenderInfo {
  /** The id of the web contents that sent the request. */
  webContentsId: number;
  /** The URL of the frame that sent it. */
  frameUrl: string;
  isMainFrame: boolean;
}

export type SenderCheck = (sender: SenderInfo) => boolean;

export type Dispatch = (channel: unknown, request: unknown, sender: SenderInfo) => Promise<Result<unknown>>;

function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** Trusts only the main frame of one web contents, loaded from one origin. */
export function trustedSender(webContentsId: () => number | null, origin: string): SenderCheck {
  return (sender) => {
    if (!sender.isMainFrame || sender.webContentsId !== webContentsId()) return false;
    return urlOrigin(sender.frameUrl) === origin;
  };
}

/** A request checked against its channel's schema: objects are plain objects, never lists. */
function parseRequest(
  channel: Channel,
  request: unknown,
): { ok: true; output: unknown } | { ok: false; message: string } {
  const parsed = v.safeParse(REQUEST_SCHEMAS[channel], request);
  if (!parsed.success) return { ok: false, message: describeIssues(parsed.issues) };
  const list = listWhereObjectExpected(request, parsed.output);
  if (list !== null)
    return { ok: false, message: `${list === '' ? 'The request' : list}: a list where an object { ... } is expected.` };
  return { ok: true, output: parsed.output };
}

export function createDispatcher(
  handlers: HandlerMap,
  isTrusted: SenderCheck,
  onInternalError: (error: unknown) => void = () => {},
): Dispatch {
  return async (channel, request, sender) => {
    if (!isTrusted(sender)) {
      return {
        ok: false,
        error: { code: 'FOREIGN_SENDER', message: 'Requests are accepted only from the app window.' },
      };
    }
    if (!isChannel(channel)) return { ok: false, error: { code: 'VALIDATION', message: 'Unknown request channel.' } };
    if (!isPlainData(request))
      return {
        ok: false,
        error: { code: 'VALIDATION', message: 'A request is plain data: objects, arrays, text, numbers, true/false.' },
      };
    if (hasForbiddenKeys(request))
      return { ok: false, error: { code: 'VALIDATION', message: 'The request has a forbidden key.' } };
    const parsed = parseRequest(channel, request);
    if (!parsed.ok) return { ok: false, error: { code: 'VALIDATION', message: parsed.message, details: { channel } } };
    try {
      const handler = handlers[channel] as Handler<Channel>;
      return { ok: true, data: await handler(parsed.output as never) };
    } catch (error) {
      const info = toErrorInfo(error);
      if (info.code === 'INTERNAL') onInternalError(error);
      return { ok: false, error: info };
    }
  };
}
