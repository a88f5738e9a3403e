/**
 * The handlers behind every IPC channel, as plain functions of validated requests. No Electron
 * here: the registry in register.ts binds them to ipcMain, tests call them directly.
 */
import { toErrorInfo } from '../../shared/errors.ts';
import {
  CHANNELS,
  type AppInfo,
  type Channel,
  type RequestOf,
  type ResponseOf,
  type Result,
} from '../../shared/ipc.ts';

export type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<ResponseOf<C>>;
export type HandlerMap = { [C in Channel]: Handler<C> };

export interface HandlerDependencies {
  appInfo: () => AppInfo;
}

export function createHandlers(dependencies: HandlerDependencies): HandlerMap {
  return {
    'app:info': async () => dependencies.appInfo(),
  };
}

/** Runs a handler and wraps its outcome in the result envelope; no exception crosses IPC. */
export async function runHandler<C extends Channel>(
  handler: Handler<C>,
  request: RequestOf<C>,
): Promise<Result<ResponseOf<C>>> {
  try {
    return { ok: true, data: await handler(request) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** The single entry for every transport (Electron IPC, browser tests): unknown channels are refused. */
export async function dispatch(handlers: HandlerMap, channel: unknown, request: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'VALIDATION', message: 'Unknown request channel.' } };
  }
  return runHandler(handlers[channel] as Handler<Channel>, request as RequestOf<Channel>);
}
