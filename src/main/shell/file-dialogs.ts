/** The native open and save dialogs, attached to the app's window (none while it is closed). */
import { dialog, type BrowserWindow } from 'electron';
import type { FileDialogs } from '../ipc/handlers/index.ts';

export function nativeFileDialogs(window: () => BrowserWindow | null): FileDialogs {
  return {
    open: async (options) => {
      const parent = window();
      const result = parent ? await dialog.showOpenDialog(parent, { ...options, properties: ['openFile'] }) : null;
      return result && !result.canceled ? (result.filePaths[0] ?? null) : null;
    },
    save: async (options) => {
      const parent = window();
      const result = parent
        ? await dialog.showSaveDialog(parent, {
            title: options.title,
            defaultPath: options.defaultName,
            filters: options.filters,
          })
        : null;
      return result && !result.canceled ? (result.filePath ?? null) : null;
    },
  };
}
