/**
 * The overview's charts as users see them: the built renderer in Debian's Chromium, a stand-in main
 * process in the page answering window.api with an environment of 4 nodes and 100 projects each.
 * Timed from the overview's answer reaching the window to the cube-memory charts of all four nodes
 * drawn and painted (two animation frames later), on fresh windows.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { memoryLevel, type EnvironmentOverview, type NodeOverview } from '../../src/shared/overview.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.ts';
import { median } from './median.ts';
import { serve } from './window-rows.ts';

const RENDERER = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const NODES = 4;
const PROJECTS = 100;
const FRESH_PAGES = 5;

function node(index: number): NodeOverview {
  const memory = Array.from({ length: PROJECTS }, (_, project) => {
    const capacity = 512 * 1024 * 1024;
    const usage = Math.round(capacity * (((project * 37 + index * 11) % 120) / 100));
    const id = String(project).padStart(32, '0');
    return { projectId: id, projectName: `Project ${project + 1}`, usage, capacity, ...memoryLevel(usage, capacity) };
  });
  const name = `iserver-${index + 1}.example.internal`;
  return {
    name,
    status: 'running',
    load: index,
    isDefault: index === 0,
    loadedProjects: PROJECTS,
    memory,
    memorySkipped: null,
    memoryError: null,
  };
}

export function benchOverview(): EnvironmentOverview {
  return {
    profileId: '0b9c1c1e-8d1c-4f0e-9d43-6a4c2b8e2f10',
    profileName: 'Bench',
    tier: 'test',
    generatedAt: new Date().toISOString(),
    nodes: Array.from({ length: NODES }, (_, index) => node(index)),
    nodesError: null,
    content: [],
    contentError: null,
    contentNodesSkipped: [],
    lastPurge: null,
    lastPlanRun: null,
    lastRepublish: null,
    lastRun: null,
    nextScheduledRun: null,
    lastLook: null,
    failures: [],
  };
}

/** window.api answered in the page; the overview's answer waits for window.__release(). */
function standInMain(overviewJson: string): string {
  return `(() => {
    const overview = ${overviewJson};
    const profile = { id: overview.profileId, name: 'Bench', url: 'https://bi.example.com/MicroStrategyLibrary', tier: 'test', tierColor: '#1565c0', loginMode: 'standard', username: 'administrator', rememberSecret: true, tls: { mode: 'system' }, proxyUrl: null, timeoutSeconds: 30, concurrency: 4, notes: '', createdAt: '2026-11-28T00:00:00.000Z', updatedAt: '2026-11-28T00:00:00.000Z' };
    const view = { profileId: profile.id, state: 'connected', userFullName: 'Administrator', serverVersion: '11.4.1200', purgeSupported: true, expiresAt: null, error: null, secretRemembered: true };
    const ok = (data) => Promise.resolve({ ok: true, data });
    let release;
    const held = new Promise((resolve) => (release = resolve));
    window.__release = () => { window.__releasedAt = performance.now(); release({ ok: true, data: overview }); };
    const answers = {
      app: { info: () => ok({ name: 'x', version: '0', electron: '', chrome: '', node: '', platform: 'linux', dataFolder: '/tmp' }), settings: () => ok({ theme: 'light', defaultConcurrency: 4, defaultTimeoutSeconds: 30, logoutOnQuit: true }) },
      keychain: { status: () => ok({ available: true, backend: 'keychain', message: null }) },
      sessions: { list: () => ok([view]) },
      profiles: { list: () => ok({ profiles: [profile], recovery: null, refreshedAt: {} }) },
      schedules: { unseenFailures: () => ok([]) },
      projects: { list: () => ok({ profileId: profile.id, projects: [], fetchedAt: null, offline: false, error: null, lastPurged: {} }) },
      overview: { environment: () => held, environments: () => ok([]) },
    };
    const on = new Proxy({}, { get: () => () => () => {} });
    window.api = new Proxy({}, { get: (_, group) => group === 'on' ? on : new Proxy({}, { get: (_, name) => answers[group]?.[name] ?? (() => ok(null)) }) });
  })();`;
}

/**
 * From the answer released: the four charts drawn, in the animation frame that paints them; and the
 * table views (built once the bars are painted) in the page too.
 */
async function timeCharts(page: Page): Promise<{ paintedMs: number; tablesMs: number }> {
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('heading', { name: 'Overview · Bench' }).waitFor();
  await page.waitForTimeout(200);
  return page.evaluate(
    (nodes) =>
      new Promise<{ paintedMs: number; tablesMs: number }>((resolve) => {
        (window as unknown as { __release: () => void }).__release();
        const released = (window as unknown as { __releasedAt: number }).__releasedAt;
        let paintedMs = 0;
        const drawn = (): boolean =>
          [...document.querySelectorAll('canvas')].filter((canvas) => canvas.width > 0).length >= nodes;
        const tables = (): void => {
          if (document.querySelectorAll('table.chart-table').length < nodes) return void setTimeout(tables, 1);
          resolve({ paintedMs, tablesMs: performance.now() - released });
        };
        const frame = (): void => {
          if (!drawn()) return void requestAnimationFrame(frame);
          paintedMs = performance.now() - released;
          tables();
        };
        requestAnimationFrame(frame);
      }),
    NODES,
  );
}

export interface ChartFigure {
  medianMs: number | null;
  eachMs: number[];
  /** Until the table views of the four charts are built too. */
  tablesMedianMs: number | null;
  reason: string | null;
}

export async function chartFigures(): Promise<ChartFigure> {
  const executablePath = chromiumPath();
  if (!executablePath || !existsSync(join(RENDERER, 'index.html')))
    return { medianMs: null, eachMs: [], tablesMedianMs: null, reason: 'needs Chromium and `npm run build`' };
  const server = await serve();
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const eachMs: number[] = [];
    const tablesMs: number[] = [];
    for (let round = 0; round < FRESH_PAGES; round += 1) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.addInitScript({ content: standInMain(JSON.stringify(benchOverview())) });
      await page.goto(server.url);
      const timed = await timeCharts(page);
      eachMs.push(timed.paintedMs);
      tablesMs.push(timed.tablesMs);
      await page.close();
    }
    return {
      medianMs: median(eachMs),
      eachMs: eachMs.map((ms) => Number(ms.toFixed(1))),
      tablesMedianMs: median(tablesMs),
      reason: null,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  process.stdout.write(`${JSON.stringify(await chartFigures())}\n`);
