/**
 * Browser-test fixtures: the built renderer served on loopback, and a page whose window.api is the
 * real preload API object with its invoke bridged (page.exposeBinding) to the real main handlers,
 * dispatcher, services and a private keyring in this Node process. Each test gets a fresh data folder.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { createDispatcher, trustedSender } from '../../src/main/ipc/dispatcher.ts';
import { urlOrigin } from '../../src/shared/url-origin.ts';
import { createHandlers, type FileDialogs, type MainHandlers } from '../../src/main/ipc/handlers/index.ts';
import { SystemdUserScheduler } from '../../src/main/schedules/systemd.ts';
import { KeychainSecretStore } from '../../src/main/secrets/keychain.ts';
import { createServices, type Services } from '../../src/main/services.ts';
import { SettingsStore } from '../../src/main/settings/settings-store.ts';
import type { PushEvent, PushEvents } from '../../src/shared/ipc.ts';

const RENDERER_DIR = 'out/renderer';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export async function serveRenderer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    if (request.url === '/favicon.ico') return void response.writeHead(204).end();
    const path = normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
    const file = join(RENDERER_DIR, path === '/' ? 'index.html' : path);
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    // Every connection ends with the test: one the browser still holds open (seen once in CI) kept
    // close() waiting past the test's timeout.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Native file dialogs answered by the test: set the next path before the click. */
export class ScriptedDialogs implements FileDialogs {
  nextOpen: string | null = null;
  nextSave: string | null = null;
  async open(): Promise<string | null> {
    return this.nextOpen;
  }
  async save(): Promise<string | null> {
    return this.nextSave;
  }
}

export interface MainProcess {
  services: Services;
  /** The systemctl calls the schedules made. */
  schedulerCalls: string[][];
  dialogs: ScriptedDialogs;
  main: MainHandlers;
  openedLinks: string[];
  copied: string[];
  /** Opens the app in the page with window.api bridged to this main process. */
  open(page: Page): Promise<void>;
}

function createMainProcess(rendererUrl: string): MainProcess {
  const dataFolder = mkdtempSync(join(tmpdir(), 'mstr-e2e-'));
  const schedulerCalls: string[][] = [];
  const services = createServices({
    dataFolder,
    secrets: new KeychainSecretStore(`MSTR Cache Console e2e ${randomUUID()}`),
    cliInvocation: [process.execPath, join(process.cwd(), 'src/main/cli/bin.ts')],
    // systemctl answered by the test: the user's real systemd is not touched.
    scheduler: new SystemdUserScheduler({
      folder: join(dataFolder, 'systemd-user'),
      run: async (program, args) => {
        schedulerCalls.push([program, ...args]);
        return { code: 0, stdout: '', stderr: '' };
      },
    }),
  });
  const dialogs = new ScriptedDialogs();
  const openedLinks: string[] = [];
  const copied: string[] = [];
  let page: Page | null = null;
  const emit = <E extends PushEvent>(event: E, payload: PushEvents[E]): void => {
    void page
      ?.evaluate(
        ([name, data]) => (window as unknown as { __mainEmit: (e: string, d: unknown) => void }).__mainEmit(name, data),
        [event, payload] as const,
      )
      .catch(() => undefined);
  };
  const main = createHandlers({
    services,
    settings: new SettingsStore(services.dataFolder),
    dialogs,
    openExternal: async (url) => {
      openedLinks.push(url);
    },
    copyText: (text) => copied.push(text),
    emit,
    appInfo: () => ({
      name: 'MSTR Cache Console',
      version: '0.1.0-test',
      electron: '45',
      chrome: '',
      node: process.versions.node,
      platform: 'linux',
    }),
  });
  return {
    services,
    schedulerCalls,
    dialogs,
    main,
    openedLinks,
    copied,
    open: async (target) => {
      page = target;
      const dispatch = createDispatcher(
        main.handlers,
        trustedSender(() => 1, urlOrigin(rendererUrl) ?? ''),
      );
      await target.exposeBinding('__mainInvoke', async (source, channel: unknown, request: unknown) =>
        dispatch(channel, request, {
          webContentsId: 1,
          frameUrl: source.frame.url(),
          isMainFrame: source.frame === target.mainFrame(),
        }),
      );
      const factory = readFileSync('test-results/preload-bundle/api.js', 'utf8');
      await target.addInitScript({
        content: `${factory}
          const listeners = new Map();
          window.__mainEmit = (event, payload) => (listeners.get(event) || []).forEach((listener) => listener(payload));
          const subscribe = (event, listener) => {
            listeners.set(event, [...(listeners.get(event) || []), listener]);
            return () => listeners.set(event, (listeners.get(event) || []).filter((item) => item !== listener));
          };
          window.api = MstrPreloadApi.createRendererApi((channel, request) => window.__mainInvoke(channel, request), subscribe);`,
      });
      await target.goto(rendererUrl);
    },
  };
}

export const test = base.extend<{ rendererUrl: string; mainProcess: MainProcess }>({
  // eslint-disable-next-line no-empty-pattern
  rendererUrl: async ({}, use) => {
    const served = await serveRenderer();
    await use(served.url);
    await served.close();
  },
  mainProcess: async ({ rendererUrl }, use) => {
    const created = createMainProcess(rendererUrl);
    await use(created);
    await created.main.runs.settle();
    await created.services.caches.settle();
    await created.services.sessions.disconnectAll();
    await created.services.sessions.closeAll();
    for (const account of await created.services.secrets.accounts().catch(() => [])) {
      await created.services.secrets.deleteProfile(account.split(':')[0] ?? '');
    }
  },
});

export { expect } from '@playwright/test';
