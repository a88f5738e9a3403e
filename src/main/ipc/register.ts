/** The one module that calls ipcMain: binds every contract channel to its handler. */
import { ipcMain } from 'electron';
import { CHANNELS } from '../../shared/ipc.ts';
import { dispatch, type HandlerMap } from './handlers.ts';

export function registerHandlers(handlers: HandlerMap): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (_event, request: unknown) => dispatch(handlers, channel, request));
  }
}
