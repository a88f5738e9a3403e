/**
 * The IPC contract between the renderer and the main process: every channel with its request and
 * response types. The preload builds `window.api` from it and the main process registers one
 * handler per channel; both sides are checked against this map at compile time.
 */
import type { ErrorInfo } from './errors.ts';

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };

export interface AppInfo {
  name: string;
  version: string;
  electron: string;
  chrome: string;
  node: string;
  platform: string;
}

export interface IpcContract {
  'app:info': { request: void; response: AppInfo };
}

export type Channel = keyof IpcContract;
export type RequestOf<C extends Channel> = IpcContract[C]['request'];
export type ResponseOf<C extends Channel> = IpcContract[C]['response'];

/** Every channel, listed once; the `satisfies` check fails when a contract entry is missing here. */
export const CHANNELS = ['app:info'] as const satisfies readonly Channel[];
type Missing = Exclude<Channel, (typeof CHANNELS)[number]>;
export const CHANNELS_COMPLETE: Missing extends never ? true : Missing = true;

/** The domain-shaped API the preload exposes as `window.api`. */
export interface RendererApi {
  app: {
    info(): Promise<Result<AppInfo>>;
  };
}
