/**
 * Builds the renderer's `window.api` from the IPC contract, given the two primitives a transport
 * offers: invoke a channel, and subscribe to a push event. Free of Electron so the same object is
 * exercised in browser tests with a different transport.
 */
import type { Channel, RendererApi, RequestOf, ResponseOf, Result } from '../shared/ipc.ts';

export type Invoke = <C extends Channel>(channel: C, request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

export function createRendererApi(invoke: Invoke): RendererApi {
  return {
    app: {
      info: () => invoke('app:info', undefined),
    },
  };
}
