/**
 * The window's figures as users feel them: the built renderer in Debian's Chromium, with a
 * stand-in main process in the page answering window.api (so only the renderer is timed), but for
 * the caches screen, whose listing main keeps and searches: that is answered from this process by
 * main's own ListingView, a message each way as through Electron's IPC (a request on a kept-alive
 * loopback connection: a page binding through the browser's debugging protocol took 10 to 50 ms a
 * call, more than the work it carried). A progress event is timed from its delivery to the dialog
 * having applied it; a filter keystroke from its input event to the table having been updated.
 */
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PAGE_SIZE } from '../../src/main/caches/cache-lister.ts';
import { readContentPage } from '../../src/main/mstr/cache-responses.ts';
import { readProjects } from '../../src/main/mstr/responses.ts';
import { viewCaches } from '../../src/shared/cache-view.ts';
import type { CacheListing } from '../../src/shared/cache-monitor.ts';
import type { CacheWindowRequest } from '../../src/shared/cache-window.ts';
import { ListingView } from '../../src/main/caches/listing-view.ts';
import { filterProjects } from '../../src/renderer/src/lib/project-filter.ts';
import { SimulatedCluster } from '../simulator/cluster.ts';
import { generateProjects } from '../simulator/projects.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.ts';
import { median } from './median.ts';

const RENDERER = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** What a page's stand-in main answers: a JSON request body to a JSON-ready value. */
export type MainAnswer = (request: unknown) => unknown;

export interface RendererServer {
  url: string;
  close: () => void;
  /** Answers POSTs to `/main/<name>` with `answer` from now on (a fresh page's own main). */
  answer: (name: string, answer: MainAnswer) => void;
}

/** A built renderer folder over HTTP (this checkout's unless told another), and a stand-in main's answers. */
export function serve(root = RENDERER): Promise<RendererServer> {
  const answers = new Map<string, MainAnswer>();
  const server = http.createServer((request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
    const answer = request.method === 'POST' ? answers.get(path.replace(/^\/main\//, '')) : undefined;
    if (answer) return void answerMain(request, response, answer);
    const file = join(root, path === '/' ? 'index.html' : path);
    if (!existsSync(file)) return void response.writeHead(404).end();
    response
      .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      .end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        close: () => server.close(),
        answer: (name, answer) => void answers.set(name, answer),
      }),
    ),
  );
}

function answerMain(request: http.IncomingMessage, response: http.ServerResponse, answer: MainAnswer): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.stringify(answer(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown));
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
}

/**
 * window.api answered in the page: one connected environment with `projects`, a plan of purges for
 * the projects chosen, and a content cache listing.
 */
function standInMain(projectsJson: string): string {
  return `(() => {
    const projects = ${projectsJson};
    const profile = { id: '0b9c1c1e-8d1c-4f0e-9d43-6a4c2b8e2f10', name: 'Bench', url: 'https://bi.example.com/MicroStrategyLibrary', tier: 'test', tierColor: '#1565c0', loginMode: 'standard', username: 'administrator', rememberSecret: true, tls: { mode: 'system' }, proxyUrl: null, timeoutSeconds: 30, concurrency: 4, notes: '', createdAt: '2026-11-28T00:00:00.000Z', updatedAt: '2026-11-28T00:00:00.000Z' };
    const view = { profileId: profile.id, state: 'connected', userFullName: 'Administrator', serverVersion: '11.4.1200', purgeSupported: true, expiresAt: null, error: null, secretRemembered: true };
    const listeners = {};
    const ok = (data) => Promise.resolve({ ok: true, data });
    const main = (name, request) => fetch('/main/' + name, { method: 'POST', body: JSON.stringify(request) }).then((response) => response.json());
    const plan = (ids) => (window.__planIds = ids, { id: 'a3f0c4de-7a11-4d55-9c1e-2b6f0f3a9b10', runId: 'a3f0c4de-7a11-4d55-9c1e-2b6f0f3a9b10', request: {}, environments: [{ profileId: profile.id, profileName: 'Bench', tier: 'test', host: 'bi.example.com', user: 'Administrator', concurrency: 4, error: null, projectCount: projects.length }], items: ids.map((id) => ({ key: id + '/object', profileId: profile.id, profileName: 'Bench', projectId: id, projectName: id, cacheType: 'object', status: 'pending', durationMs: null, error: null, attempts: 0, retries: [], finishedAt: null })), skipped: [], missing: [], touchesProduction: false });
    const answers = {
      app: { info: () => ok({ name: 'x', version: '0', electron: '', chrome: '', node: '', platform: 'linux', dataFolder: '/tmp' }), settings: () => ok({ theme: 'light', defaultConcurrency: 4, defaultTimeoutSeconds: 30, logoutOnQuit: true }), dataProblems: () => ok([]) },
      keychain: { status: () => ok({ available: true, backend: 'keychain', message: null }) },
      sessions: { list: () => ok([view]) },
      profiles: { list: () => ok({ profiles: [profile], problems: [], refreshedAt: {} }) },
      schedules: { unseenFailures: () => ok([]) },
      projects: { list: () => ok({ profileId: profile.id, projects, fetchedAt: new Date().toISOString(), offline: false, error: null, unloadedKnown: true, lastPurged: {} }) },
      purge: { prepare: (request) => ok(plan(request.projects.ids)), start: () => ok({ planId: 'p' }), results: () => ok(null) },
      caches: { list: (request) => main('caches.list', request).then(ok), window: (request) => (window.__windowAsked = (window.__windowAsked || 0) + 1, main('caches.window', request).then(ok)) },
    };
    window.__emit = (event, payload) => (listeners[event] || []).forEach((listener) => listener(payload));
    const on = new Proxy({}, { get: (_, name) => (listener) => { const event = { sessionChanged: 'session:changed', purgeProgress: 'purge:progress', purgeFinished: 'purge:finished' }[name]; (listeners[event] ||= []).push(listener); return () => {}; } });
    window.api = new Proxy({}, { get: (_, group) => group === 'on' ? on : new Proxy({}, { get: (_, name) => answers[group]?.[name] ?? (() => ok(null)) }) });
  })();`;
}

/** Positions of the generated projects that are not loaded. */
const UNLOADED_POSITIONS = [3, 50, 700];

async function openWith(page: Page, url: string, count: number): Promise<void> {
  const projects = readProjects(generateProjects(count, UNLOADED_POSITIONS));
  await page.addInitScript({ content: standInMain(JSON.stringify(projects)) });
  await page.goto(url);
  // The window opens on the overview.
  await page.getByRole('tab', { name: 'Projects' }).click();
  await page.getByText(`${count} of ${count} shown`).waitFor({ timeout: 60_000 });
}

/**
 * The content caches of the simulator's two running nodes, `perNode` on each, as main reads them
 * from the server's pages of PAGE_SIZE (the answer the caches screen gets).
 */
export function cacheListing(perNode: number): CacheListing {
  const projects = generateProjects(50, [3]);
  const cluster = new SimulatedCluster({ contentCachesPerNode: perNode, cubeCachesPerNode: 0 }, () => projects);
  const running = cluster.nodes.filter((node) => node.status === 'running');
  const caches = running.flatMap((node) =>
    Array.from({ length: Math.ceil(perNode / PAGE_SIZE) }, (_, page) => {
      const query = new URLSearchParams({
        clusterNode: node.name,
        offset: String(page * PAGE_SIZE),
        limit: String(PAGE_SIZE),
      });
      return readContentPage(JSON.parse(cluster.listContent(query).raw ?? '{}'), node.name).caches;
    }).flat(),
  );
  return {
    profileId: '0b9c1c1e-8d1c-4f0e-9d43-6a4c2b8e2f10',
    profileName: 'Bench',
    kind: 'content',
    nodes: cluster.nodes.map((node) => ({
      name: node.name,
      status: node.status,
      isDefault: node.isDefault,
      listed: node.status === 'running',
      skippedReason: node.status === 'running' ? null : 'stopped',
      error: null,
      projectCount: node.projectIds.size,
      cacheCount: node.contentCaches.size,
    })),
    caches,
    filteredLocally: [],
    missingProjects: [],
    fetchedAt: new Date().toISOString(),
  };
}

async function openCaches(page: Page, server: RendererServer, listing: CacheListing): Promise<void> {
  const kept = new ListingView(listing);
  server.answer('caches.list', () => ({ ...listing, caches: [] }));
  server.answer('caches.window', (request) => kept.window(request as CacheWindowRequest));
  await page.addInitScript({ content: standInMain('[]') });
  await page.goto(server.url);
  await page.getByRole('tab', { name: 'Caches' }).click();
  const total = listing.caches.length;
  await page.getByText(`${total} of ${total} shown`).waitFor({ timeout: 60_000 });
}

/**
 * A purge of `count` items: progress events (running, then done) as one-item messages, for the
 * first 500 items (1,000 events; each costs what the whole run's state costs, so a sample suffices).
 */
async function progressEvents(page: Page, count: number): Promise<number> {
  await page.getByLabel('Select all visible projects').check();
  await page.getByRole('button', { name: 'Purge caches…' }).click();
  await page.getByRole('dialog').getByLabel('Object cache').check();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^Purge \d+ cache/ })
    .click();
  return page.evaluate(async (total) => {
    const planIds = (window as unknown as { __planIds: string[] }).__planIds.slice(0, Math.min(total, 500));
    const key = (index: number): string => `${planIds[index]}/object`;
    let spent = 0;
    let events = 0;
    const emit = (window as unknown as { __emit: (event: string, payload: unknown) => void }).__emit;
    for (let index = 0; index < planIds.length; index += 1) {
      for (const status of ['running', 'succeeded']) {
        const item = {
          key: key(index),
          profileId: '',
          profileName: 'Bench',
          projectId: '',
          projectName: '',
          cacheType: 'object',
          status,
          durationMs: 1,
          error: null,
          attempts: 1,
          retries: [],
          finishedAt: null,
        };
        const started = performance.now();
        emit('purge:progress', { planId: 'a3f0c4de-7a11-4d55-9c1e-2b6f0f3a9b10', items: [item] });
        await Promise.resolve();
        spent += performance.now() - started;
        events += 1;
      }
    }
    return spent / events;
  }, count);
}

const FRESH_PAGES = 5;
/**
 * From the list showing to the first key: a quick user's reaction. No one types within the frame the
 * list appears in, and by the time anyone can, the page has compiled the code the list's first
 * showing ran hot; the figure typed at once is reported beside it.
 */
const REACTION_MS = 300;

/** What is typed in a table's filter, and the count each key must leave shown out of `total`. */
interface Typing {
  typed: string;
  counts: number[];
  total: number;
}

function prefixes(typed: string): string[] {
  return Array.from({ length: typed.length }, (_, index) => typed.slice(0, index + 1));
}

function projectsTyping(count: number): Typing {
  const projects = readProjects(generateProjects(count, UNLOADED_POSITIONS));
  const typed = 'sales analytics 0';
  const sort = { column: 'name', direction: 'asc' } as const;
  return {
    typed,
    counts: prefixes(typed).map((query) => filterProjects(projects, { query, status: 'all', sort }).length),
    total: count,
  };
}

/** As the caches screen opens: no filter, the largest first. */
function cachesTyping(listing: CacheListing): Typing {
  const typed = 'document 31';
  const sort = { column: 'sizeKb', direction: 'desc' } as const;
  return {
    typed,
    counts: prefixes(typed).map((query) => viewCaches(listing.caches, { query, filter: {}, sort }).length),
    total: listing.caches.length,
  };
}

/**
 * Typing in the table's filter, one key at a time: each keystroke is timed from the input event to
 * the table having been updated (Svelte applies state changes in a microtask queued by the input
 * handler; one queued after it runs once they are applied). Each count is checked against the
 * filter computed outside the page, so a keystroke that changed nothing cannot look fast.
 */
async function filterKeystrokes(page: Page, typing: Typing): Promise<number[]> {
  return page.evaluate(async ({ typed, counts, total }) => {
    const input = document.querySelector<HTMLInputElement>('input[type="search"]');
    if (!input) throw new Error('no search field');
    const spent: number[] = [];
    const busyCount = (): boolean =>
      [...document.querySelectorAll('[role="status"]')].some(
        (element) => element.getAttribute('aria-busy') === 'true' && / shown/.test(element.textContent ?? ''),
      );
    const answerShown = (): Promise<void> =>
      new Promise((resolve, reject) => {
        if (!busyCount()) return resolve();
        const timer = setTimeout(() => reject(new Error('no answer from main in 10 s')), 10_000);
        const observer = new MutationObserver(() => {
          if (busyCount()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        });
        observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-busy'] });
      });
    for (let length = 1; length <= typed.length; length += 1) {
      const asked = (window as unknown as { __windowAsked?: number }).__windowAsked ?? 0;
      const started = performance.now();
      input.value = typed.slice(0, length);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      // The caches screen asks main: the key is done once the answer is shown (the count no longer busy).
      if (((window as unknown as { __windowAsked?: number }).__windowAsked ?? 0) > asked) await answerShown();
      spent.push(performance.now() - started);
      const shown = document.body.innerText.match(new RegExp(`(\\d+) of ${total} shown`))?.[1];
      if (Number(shown) !== counts[length - 1])
        throw new Error(`after "${typed.slice(0, length)}" the table shows ${shown}, not ${counts[length - 1]}`);
    }
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return spent;
  }, typing);
}

/**
 * The header box that chooses every shown row, clicked: timed from the click to the table having
 * been updated, the count chosen checked.
 */
async function chooseAllShown(page: Page, label: string, total: number): Promise<number> {
  const spent = await page.evaluate(async (boxLabel) => {
    const box = document.querySelector<HTMLInputElement>(`input[aria-label="${boxLabel}"]`);
    if (!box) throw new Error(`no box "${boxLabel}"`);
    const started = performance.now();
    box.click();
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    return performance.now() - started;
  }, label);
  await page.getByText(`${total} selected`).waitFor({ timeout: 10_000 });
  return spent;
}

export interface KeystrokeFigure {
  /** The slowest key, each key taken as its median over the fresh pages (its first key cold in every one). */
  worstMs: number;
  medianMs: number;
  /** The slowest single keystroke seen on any page (a pause of the machine lands here). */
  worstSingleMs: number;
  /** Each key's median, in the order typed. */
  perKeyMs: number[];
}

/**
 * The same typing on several freshly opened windows: each key's time is its median over them, so
 * one pause of a busy machine does not decide the figure, while the first key is still the first
 * one typed in each window.
 */
async function filterOnFreshPages(
  browser: Browser,
  open: (page: Page) => Promise<void>,
  typing: Typing,
  { pauseMs, keep, pages = FRESH_PAGES }: { pauseMs: number; keep?: (page: Page) => Promise<void>; pages?: number },
): Promise<KeystrokeFigure> {
  const runs: number[][] = [];
  for (let round = 0; round < pages; round += 1) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await open(page);
    await page.waitForTimeout(pauseMs);
    runs.push(await filterKeystrokes(page, typing));
    if (round === 0 && keep) await keep(page);
    await page.close();
  }
  const perKey = typing.counts.map((_, key) => median(runs.map((times) => times[key] ?? 0)));
  return {
    worstMs: Math.max(...perKey),
    medianMs: median(perKey),
    worstSingleMs: Math.max(...runs.flat()),
    perKeyMs: perKey.map((value) => Number(value.toFixed(2))),
  };
}

export interface WindowFigures {
  filter5000: KeystrokeFigure | null;
  /** The same typing with no pause after the list shows. */
  filter5000AtOnce: KeystrokeFigure | null;
  filter50000: KeystrokeFigure | null;
  /** The caches screen with 20,000 content caches on two nodes. */
  cacheFilter20000: KeystrokeFigure | null;
  /** Choosing all 20,000 of them with the header box. */
  cacheChooseAllMs: number | null;
  progressPerEventMs: number | null;
  reason: string | null;
}

export async function windowFigures(): Promise<WindowFigures> {
  const executablePath = chromiumPath();
  if (!executablePath || !existsSync(join(RENDERER, 'index.html')))
    return {
      filter5000: null,
      filter5000AtOnce: null,
      filter50000: null,
      cacheFilter20000: null,
      cacheChooseAllMs: null,
      progressPerEventMs: null,
      reason: 'needs Chromium and `npm run build`',
    };
  const server = await serve();
  const browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
  });
  try {
    let progressPerEventMs: number | null = null;
    let cacheChooseAllMs: number | null = null;
    const projects5000 = projectsTyping(5000);
    const openProjects = (count: number) => (page: Page) => openWith(page, server.url, count);
    const filter5000 = await filterOnFreshPages(browser, openProjects(5000), projects5000, {
      pauseMs: REACTION_MS,
      keep: async (page) => {
        progressPerEventMs = await progressEvents(page, 5000);
      },
    });
    const filter5000AtOnce = await filterOnFreshPages(browser, openProjects(5000), projects5000, { pauseMs: 0 });
    const filter50000 = await filterOnFreshPages(browser, openProjects(50_000), projectsTyping(50_000), {
      pauseMs: REACTION_MS,
    });
    const listing = cacheListing(10_000);
    const cacheFilter20000 = await filterOnFreshPages(
      browser,
      (page) => openCaches(page, server, listing),
      cachesTyping(listing),
      {
        pauseMs: REACTION_MS,
        keep: async (page) => {
          cacheChooseAllMs = await chooseAllShown(page, 'Select all shown caches', listing.caches.length);
        },
      },
    );
    return {
      filter5000,
      filter5000AtOnce,
      filter50000,
      cacheFilter20000,
      cacheChooseAllMs,
      progressPerEventMs,
      reason: null,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

/** What the caches screen holds with a big listing shown: its renderer process, and its JavaScript heap. */
export interface RendererMemory {
  /** The renderer process's peak resident memory (VmHWM), MB. */
  peakMb: number;
  /** Its resident memory once the list shows, MB. */
  residentMb: number;
  /** The page's JavaScript heap in use after a collection, MB. */
  heapMb: number;
}

function procStatusMb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
}

/** The renderer of the one page open (the largest renderer process, were there more), and its heap. */
async function rendererMemory(browser: Browser, page: Page): Promise<RendererMemory> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  const system = await browser.newBrowserCDPSession();
  const { processInfo } = (await system.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number }[];
  };
  const renderers = processInfo.filter((entry) => entry.type === 'renderer' && existsSync(`/proc/${entry.id}`));
  const largest = renderers
    .map((entry) => ({ pid: entry.id, residentMb: procStatusMb(entry.id, 'VmRSS') }))
    .sort((a, b) => b.residentMb - a.residentMb)[0];
  return {
    peakMb: largest ? procStatusMb(largest.pid, 'VmHWM') : 0,
    residentMb: largest?.residentMb ?? 0,
    heapMb: usedSize / 2 ** 20,
  };
}

export interface BigCacheWindowFigures {
  keystroke: KeystrokeFigure | null;
  memory: RendererMemory | null;
  /** The median round trip of an empty question to the stand-in main, which every keystroke includes. */
  roundTripMs: number | null;
  pages: number;
  reason: string | null;
}

/** An empty question to the stand-in main and its answer, from the page: the median of 20. */
async function mainRoundTrip(page: Page, server: RendererServer): Promise<number> {
  server.answer('ping', () => null);
  const spent = await page.evaluate(async () => {
    const times: number[] = [];
    for (let round = 0; round < 20; round += 1) {
      const started = performance.now();
      await (await fetch('/main/ping', { method: 'POST', body: '{}' })).json();
      times.push(performance.now() - started);
    }
    return times;
  });
  return median(spent);
}

/**
 * The caches screen with `perNode` content caches on each of two nodes: a filter keystroke on
 * `pages` fresh windows, and the renderer's memory in the first once the list shows.
 */
export async function bigCacheWindowFigures(perNode: number, pages: number): Promise<BigCacheWindowFigures> {
  const executablePath = chromiumPath();
  if (!executablePath || !existsSync(join(RENDERER, 'index.html')))
    return { keystroke: null, memory: null, roundTripMs: null, pages, reason: 'needs Chromium and `npm run build`' };
  const listing = cacheListing(perNode);
  const typing = cachesTyping(listing);
  const server = await serve();
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    let memory: RendererMemory | null = null;
    let roundTripMs: number | null = null;
    const keystroke = await filterOnFreshPages(browser, (page) => openCaches(page, server, listing), typing, {
      pauseMs: REACTION_MS,
      pages,
      keep: async (page) => {
        memory = await rendererMemory(browser, page);
        roundTripMs = await mainRoundTrip(page, server);
      },
    });
    return { keystroke, memory, roundTripMs, pages, reason: null };
  } finally {
    await browser.close();
    server.close();
  }
}
