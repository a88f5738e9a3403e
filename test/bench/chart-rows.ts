/**
 * The overview's charts as users see them: the built renderer in Debian's Chromium, a stand-in main
 * process in the page answering window.api with an environment of 4 nodes and 100 projects each.
 * Timed from the overview's answer reaching the window to the cube-memory charts of all four nodes
 * drawn and the frame that shows them painted, on fresh windows.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
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
 * From the answer released to the frame that paints the four charts having been painted (the clock
 * stops in a task queued from that frame's animation callback, so after its paint); and the table
 * views (built once the bars are painted) in the page too.
 */
async function timeCharts(page: Page): Promise<{ paintedMs: number; tablesMs: number }> {
  return page.evaluate(
    (nodes) =>
      new Promise<{ paintedMs: number; tablesMs: number }>((resolve) => {
        performance.mark('released');
        (window as unknown as { __release: () => void }).__release();
        const released = (window as unknown as { __releasedAt: number }).__releasedAt;
        let paintedMs = 0;
        // chart.js gives a canvas its CSS size as it draws it (a canvas not drawn yet has none).
        const drawn = (): boolean =>
          [...document.querySelectorAll('canvas')].filter((canvas) => canvas.style.width !== '').length >= nodes;
        const tables = (): void => {
          if (document.querySelectorAll('table.chart-table').length < nodes) return void setTimeout(tables, 1);
          resolve({ paintedMs, tablesMs: performance.now() - released });
        };
        const frame = (): void => {
          if (!drawn()) return void requestAnimationFrame(frame);
          setTimeout(() => {
            paintedMs = performance.now() - released;
            performance.mark('painted');
            tables();
          });
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
  /**
   * The window's main-thread CPU time from the answer to the charts painted (what a machine busy
   * with other work inflates far less than the wall times).
   */
  cpuMedianMs: number | null;
  /** The same, with another checkout's built renderer, windows taken in turn with ours. */
  peer: { medianMs: number; eachMs: number[]; tablesMedianMs: number; cpuMedianMs: number } | null;
  reason: string | null;
}

interface Timings {
  paintedMs: number[];
  tablesMs: number[];
  cpuMs: number[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
}

/**
 * The CPU time of the window's main thread from the answer released to the charts painted: its
 * tasks' thread time in a trace, between the page's two marks.
 */
function mainThreadCpuMs(trace: Buffer): number {
  const events = (JSON.parse(trace.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  const released = events.find((event) => event.name === 'released');
  const painted = events.find((event) => event.name === 'painted');
  if (!released || !painted) return Number.NaN;
  const tasks = events.filter(
    (event) =>
      event.name === 'RunTask' &&
      event.ph === 'X' &&
      event.pid === released.pid &&
      event.tid === released.tid &&
      event.ts + (event.dur ?? 0) >= released.ts &&
      event.ts <= painted.ts,
  );
  return tasks.reduce((sum, task) => sum + (task.tdur ?? 0), 0) / 1000;
}

/**
 * One fresh window; traced (for the CPU time, what the trace costs left out of the wall times) or
 * not (the wall times).
 */
async function timeFreshWindow(browser: Browser, url: string, into: Timings, traced: boolean): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript({ content: standInMain(JSON.stringify(benchOverview())) });
  await page.goto(url);
  await page.getByRole('tab', { name: 'Overview' }).click();
  await page.getByRole('heading', { name: 'Overview · Bench' }).waitFor();
  // The answer comes 200 ms after the screen shows, a quick server's answer to the requests the
  // overview sends every node; what the window does while it waits (chart.js primed) is its own.
  await page.waitForTimeout(200);
  if (traced) {
    await browser.startTracing(page, {
      categories: ['toplevel', 'blink.user_timing', 'disabled-by-default-devtools.timeline'],
    });
    await timeCharts(page);
    into.cpuMs.push(mainThreadCpuMs(await browser.stopTracing()));
  } else {
    const timed = await timeCharts(page);
    into.paintedMs.push(timed.paintedMs);
    into.tablesMs.push(timed.tablesMs);
  }
  await page.close();
}

const tenths = (values: number[]): number[] => values.map((ms) => Number(ms.toFixed(1)));

/** `peerRenderer`: another checkout's out/renderer, measured in the same browser, in turn with ours. */
export async function chartFigures(peerRenderer?: string, rounds = FRESH_PAGES): Promise<ChartFigure> {
  const executablePath = chromiumPath();
  if (!executablePath || !existsSync(join(RENDERER, 'index.html')))
    return {
      medianMs: null,
      eachMs: [],
      tablesMedianMs: null,
      cpuMedianMs: null,
      peer: null,
      reason: 'needs Chromium and `npm run build`',
    };
  const server = await serve();
  const peerServer = peerRenderer ? await serve(peerRenderer) : null;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const ours: Timings = { paintedMs: [], tablesMs: [], cpuMs: [] };
    const theirs: Timings = { paintedMs: [], tablesMs: [], cpuMs: [] };
    for (let round = 0; round < rounds; round += 1) {
      for (const traced of [false, true]) {
        await timeFreshWindow(browser, server.url, ours, traced);
        if (peerServer) await timeFreshWindow(browser, peerServer.url, theirs, traced);
      }
    }
    return {
      medianMs: median(ours.paintedMs),
      eachMs: tenths(ours.paintedMs),
      tablesMedianMs: median(ours.tablesMs),
      cpuMedianMs: median(ours.cpuMs),
      peer: peerServer
        ? {
            medianMs: median(theirs.paintedMs) ?? 0,
            eachMs: tenths(theirs.paintedMs),
            tablesMedianMs: median(theirs.tablesMs) ?? 0,
            cpuMedianMs: median(theirs.cpuMs) ?? 0,
          }
        : null,
      reason: null,
    };
  } finally {
    await browser.close();
    server.close();
    peerServer?.close();
  }
}

// `node test/bench/chart-rows.ts [--peer OTHER_CHECKOUT/out/renderer] [--rounds N]`: this row alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const option = (name: string): string | undefined => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const rounds = Number(option('--rounds') ?? FRESH_PAGES);
  process.stdout.write(`${JSON.stringify(await chartFigures(option('--peer'), rounds))}\n`);
}
