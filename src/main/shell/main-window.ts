/**
 * The app window and the rules it lives by (Electron's security checklist): sandboxed renderer
 * with context isolation and no Node, no navigation away, no new windows (allowed https links open
 * in the browser), no webviews, every permission request denied.
 */
import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import { urlOrigin } from '../../shared/url-origin.ts';
import { isAllowedExternalUrl } from '../../shared/external-links.ts';

export interface MainWindowOptions {
  preload: string;
  /** Where the renderer is loaded from: app://bundle/ or the dev server. */
  startUrl: string;
  bounds: { x?: number; y?: number; width: number; height: number } | null;
  title: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    ...(options.bounds ?? { width: 1280, height: 820 }),
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: options.title,
    backgroundColor: '#16191d',
    webPreferences: {
      preload: options.preload, // eng-disable PRELOAD_JS_CHECK -- our own preload, exposing only window.api
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle clicks would open links in new windows.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  lockDownContents(window.webContents, urlOrigin(options.startUrl) ?? '');
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.startUrl);
  return window;
}

export function lockDownContents(contents: WebContents, appOrigin: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- https allow-list checked first
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (urlOrigin(url) !== appOrigin) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (urlOrigin(url) !== appOrigin) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Denies every permission (camera, notifications, geolocation, ...): the app needs none. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
