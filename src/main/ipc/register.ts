/** The one module that calls ipcMain: every contract channel goes through the dispatcher. */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS } from '../../shared/ipc.ts';
import type { Dispatch, SenderInfo } from './dispatcher.ts';

function senderOf(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame?.url ?? '',
    isMainFrame: frame !== null && frame !== undefined && frame === event.sender.mainFrame,
  };
}

export function registerIpc(dispatch: Dispatch): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, request: unknown) => dispatch(channel, request, senderOf(event)));
  }
}
