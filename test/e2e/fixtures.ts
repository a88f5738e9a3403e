/**
 * Browser-test fixtures: the built renderer served on loopback, and a page whose window.api is the
 * real preload API object with its invoke bridged (page.exposeBinding) to the main process's
 * handlers running in this Node process.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { dispatch, type HandlerMap } from '../../src/main/ipc/handlers.ts';

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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Opens the app in the page with window.api bridged to the given main-process handlers. */
export async function openApp(page: Page, url: string, handlers: HandlerMap): Promise<void> {
  await page.exposeBinding('__mainInvoke', async (_source, channel: unknown, request: unknown) =>
    dispatch(handlers, channel, request),
  );
  const factory = readFileSync('test-results/preload-bundle/api.js', 'utf8');
  await page.addInitScript({
    content: `${factory}
      window.api = MstrPreloadApi.createRendererApi((channel, request) => window.__mainInvoke(channel, request));`,
  });
  await page.goto(url);
}

export const test = base.extend<{ rendererUrl: string }>({
  // eslint-disable-next-line no-empty-pattern
  rendererUrl: async ({}, use) => {
    const served = await serveRenderer();
    await use(served.url);
    await served.close();
  },
});

export { expect } from '@playwright/test';
