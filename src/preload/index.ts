/**
 * The preload: exposes exactly one object, `window.api`, of domain functions over the IPC
 * contract. No ipcRenderer, no process, no IPC event object crosses into the renderer.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { PUSH_EVENTS } from '../shared/ipc.ts';
import { createRendererApi, type Invoke, type Subscribe } from './api.ts';

const invoke: Invoke = (channel, request) => ipcRenderer.invoke(channel, request);

const subscribe: Subscribe = (event, listener) => {
  if (!(PUSH_EVENTS as readonly string[]).includes(event)) throw new Error(`Unknown event ${event}`);
  const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload as never);
  ipcRenderer.on(event, forward);
  return () => {
    ipcRenderer.removeListener(event, forward);
  };
};

contextBridge.exposeInMainWorld('api', createRendererApi(invoke, subscribe));
