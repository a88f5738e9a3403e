/**
 * Electron bootstrap only: a command-line launch runs the command and exits; a desktop launch
 * takes the single-instance lock, serves the renderer from app://, opens the hardened window,
 * wires the services to IPC, and on quit waits for running purges and logs out.
 */
import { join } from 'node:path';
import { app, BrowserWindow, clipboard, dialog, session, shell } from 'electron';
import { processIo } from './cli/io.ts';
import { runCli } from './cli/run.ts';
import { createDispatcher, trustedSender } from './ipc/dispatcher.ts';
import { createHandlers, type FileDialogs } from './ipc/handlers.ts';
import { registerIpc } from './ipc/register.ts';
import { createServices } from './services.ts';
import { SettingsStore } from './settings/settings-store.ts';
import { installMenu, DOCUMENTATION_URL } from './shell/app-menu.ts';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './shell/app-protocol.ts';
import { cliArguments, cliInvocation } from './shell/cli-mode.ts';
import { createMainWindow, denyPermissions } from './shell/main-window.ts';
import { urlOrigin } from '../shared/url-origin.ts';

const PRODUCT_NAME = 'MSTR Cache Console';

async function runCommandLine(args: string[]): Promise<void> {
  app.dock?.hide();
  const code = await runCli(args, processIo(), app.getVersion(), {
    cliInvocation: cliInvocation(process.execPath, app.getAppPath(), app.isPackaged),
  });
  app.exit(code);
}

function startDesktop(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
  let window: BrowserWindow | null = null;
  const services = createServices({
    dataFolder: process.env.MSTR_CACHE_HOME || app.getPath('userData'),
    cliInvocation: cliInvocation(process.execPath, app.getAppPath(), app.isPackaged),
  });
  const settings = new SettingsStore(services.dataFolder);
  const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const startUrl = devServer ?? `${APP_ORIGIN}/index.html`;

  const dialogs: FileDialogs = {
    open: async (options) => {
      const result = window ? await dialog.showOpenDialog(window, { ...options, properties: ['openFile'] }) : null;
      return result && !result.canceled ? (result.filePaths[0] ?? null) : null;
    },
    save: async (options) => {
      const result = window
        ? await dialog.showSaveDialog(window, {
            title: options.title,
            defaultPath: options.defaultName,
            filters: options.filters,
          })
        : null;
      return result && !result.canceled ? (result.filePath ?? null) : null;
    },
  };

  const { handlers, stopRuns } = createHandlers({
    services,
    settings,
    dialogs,
    openExternal: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK -- the handler checks the https allow-list first
    copyText: (text) => clipboard.writeText(text),
    emit: (event, payload) => window?.webContents.send(event, payload),
    appInfo: () => ({
      name: PRODUCT_NAME,
      version: app.getVersion(),
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      node: process.versions.node,
      platform: process.platform,
    }),
  });
  registerIpc(
    createDispatcher(
      handlers,
      trustedSender(() => window?.webContents.id ?? null, urlOrigin(startUrl) ?? APP_ORIGIN),
    ),
  );

  const openWindow = async (): Promise<void> => {
    const bounds = await settings.windowBounds();
    window = createMainWindow({
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      startUrl,
      bounds,
      title: PRODUCT_NAME,
    });
    if (bounds?.maximized) window.maximize();
    window.on('close', () => {
      if (!window) return;
      void settings.saveWindowBounds({ ...window.getNormalBounds(), maximized: window.isMaximized() });
    });
    window.on('closed', () => {
      window = null;
    });
  };

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  let cleanedUp = false;
  app.on('before-quit', (event) => {
    if (cleanedUp) return;
    event.preventDefault();
    void (async () => {
      await stopRuns();
      if ((await settings.get()).logoutOnQuit) await services.sessions.disconnectAll();
      await services.sessions.closeAll();
      cleanedUp = true;
      app.quit();
    })();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(async () => {
    denyPermissions(session.defaultSession);
    serveRenderer(join(import.meta.dirname, '../renderer'));
    installMenu({
      openDocumentation: () => void shell.openExternal(DOCUMENTATION_URL), // eng-disable OPEN_EXTERNAL_JS_CHECK -- a fixed https URL
      showAbout: () =>
        void dialog.showMessageBox({
          type: 'info',
          title: `About ${PRODUCT_NAME}`,
          message: `${PRODUCT_NAME} ${app.getVersion()}`,
          detail: `Electron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}\nData folder: ${services.dataFolder}`,
        }),
    });
    await openWindow();
    // The projects table's last-purged column needs one read of the whole history: done now, in the
    // background, rather than when the first project list is asked for.
    void services.history.lastPurged('', []).catch(() => undefined);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void openWindow();
    });
  });
}

const commandLine = cliArguments(process.argv, app.isPackaged);
if (commandLine) void runCommandLine(commandLine);
else startDesktop();
