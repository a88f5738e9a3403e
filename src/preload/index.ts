/**
 * The preload: exposes exactly one object, `window.api`, of domain functions over the IPC
 * contract. No ipcRenderer, no process, nothing else crosses into the renderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createRendererApi, type Invoke } from './api.ts';

const invoke: Invoke = (channel, request) => ipcRenderer.invoke(channel, request);

contextBridge.exposeInMainWorld('api', createRendererApi(invoke));
