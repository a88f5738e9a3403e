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
import { createHandlers, type MainHandlers } from './ipc/handlers/index.ts';
import { registerIpc } from './ipc/register.ts';
import { createServices, type Services } from './services.ts';
import { SettingsStore } from './settings/settings-store.ts';
import { installMenu, DOCUMENTATION_URL } from './shell/app-menu.ts';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './shell/app-protocol.ts';
import { cliArguments, cliInvocation } from './shell/cli-mode.ts';
import { nativeFileDialogs } from './shell/file-dialogs.ts';
import { createMainWindow, denyPermissions } from './shell/main-window.ts';
import { closeSessions } from './use-cases/environments.ts';
import { warmLastPurged } from './use-cases/projects-and-purges.ts';
import { urlOrigin } from '../shared/url-origin.ts';

const PRODUCT_NAME = 'MSTR Cache Console';

async function runCommandLine(args: string[]): Promise<void> {
  app.dock?.hide();
  const code = await runCli(args, processIo(), app.getVersion(), {
    cliInvocation: cliInvocation(process.execPath, app.getAppPath(), app.isPackaged),
  });
  app.exit(code);
}

/** The desktop process: its services, settings, the window (while open) and the URL it loads. */
interface Desktop {
  services: Services;
  settings: SettingsStore;
  startUrl: string;
  window: BrowserWindow | null;
}

function wireIpc(desktop: Desktop): MainHandlers {
  const main = createHandlers({
    services: desktop.services,
    settings: desktop.settings,
    dialogs: nativeFileDialogs(() => desktop.window),
    openExternal: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK -- the handler checks the https allow-list first
    copyText: (text) => clipboard.writeText(text),
    emit: (event, payload) => desktop.window?.webContents.send(event, payload),
    appInfo: () => ({
      name: PRODUCT_NAME,
      version: app.getVersion(),
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      node: process.versions.node,
      platform: process.platform,
    }),
  });
  const origin = urlOrigin(desktop.startUrl) ?? APP_ORIGIN;
  registerIpc(
    createDispatcher(
      main.handlers,
      trustedSender(() => desktop.window?.webContents.id ?? null, origin),
    ),
  );
  return main;
}

async function openWindow(desktop: Desktop): Promise<void> {
  const bounds = await desktop.settings.windowBounds();
  const window = createMainWindow({
    preload: join(import.meta.dirname, '../preload/index.cjs'),
    startUrl: desktop.startUrl,
    bounds,
    title: PRODUCT_NAME,
  });
  desktop.window = window;
  if (bounds?.maximized) window.maximize();
  window.on('close', () => {
    void desktop.settings.saveWindowBounds({ ...window.getNormalBounds(), maximized: window.isMaximized() });
  });
  window.on('closed', () => {
    desktop.window = null;
  });
}

/** Quitting waits for running purges to stop and, if the user asked for it, logs out of every server. */
function quitCleanly(desktop: Desktop, main: MainHandlers): void {
  let cleanedUp = false;
  app.on('before-quit', (event) => {
    if (cleanedUp) return;
    event.preventDefault();
    void (async () => {
      await main.stopRuns();
      await closeSessions(desktop.services, (await desktop.settings.get()).logoutOnQuit);
      cleanedUp = true;
      app.quit();
    })();
  });
}

function showAbout(desktop: Desktop): void {
  void dialog.showMessageBox({
    type: 'info',
    title: `About ${PRODUCT_NAME}`,
    message: `${PRODUCT_NAME} ${app.getVersion()}`,
    detail: `Electron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}\nData folder: ${desktop.services.dataFolder}`,
  });
}

async function whenReady(desktop: Desktop): Promise<void> {
  denyPermissions(session.defaultSession);
  serveRenderer(join(import.meta.dirname, '../renderer'));
  installMenu({
    openDocumentation: () => void shell.openExternal(DOCUMENTATION_URL), // eng-disable OPEN_EXTERNAL_JS_CHECK -- a fixed https URL
    showAbout: () => showAbout(desktop),
  });
  await openWindow(desktop);
  // The projects table's last-purged column needs one read of the whole history: done now, in the
  // background, rather than when the first project list is asked for.
  warmLastPurged(desktop.services);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow(desktop);
  });
}

function startDesktop(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
  const services = createServices({
    dataFolder: process.env.MSTR_CACHE_HOME || app.getPath('userData'),
    cliInvocation: cliInvocation(process.execPath, app.getAppPath(), app.isPackaged),
  });
  const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
  const desktop: Desktop = {
    services,
    settings: new SettingsStore(services.dataFolder),
    startUrl: devServer ?? `${APP_ORIGIN}/index.html`,
    window: null,
  };
  const main = wireIpc(desktop);
  app.on('second-instance', () => {
    if (!desktop.window) return;
    if (desktop.window.isMinimized()) desktop.window.restore();
    desktop.window.focus();
  });
  quitCleanly(desktop, main);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  void app.whenReady().then(() => whenReady(desktop));
}

const commandLine = cliArguments(process.argv, app.isPackaged);
if (commandLine) void runCommandLine(commandLine);
else startDesktop();
