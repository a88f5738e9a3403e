/**
 * `npm run bench [-- --json]`: what users feel, each figure against a peer measured in the same
 * run, with its target. The purge engine against a bare undici loop (simulators in processes of
 * their own), client CPU per call, ten environments at once, the command line's start, the newest
 * history entries out of a full rotation, the cache monitor's listing and actions against their
 * paging floor, the window's JavaScript size, the memory a Command Manager script at the size limit
 * takes to import; also the engine against a
 * sequential curl loop, and listing 5,000 projects. Speed is reported here, never asserted in tests.
 * The window's figures (progress per event, filter keystrokes at 5,000 and 50,000 projects) are
 * measured in Chromium with the built renderer (`npm run bench` builds first; the command line's row
 * measures the built one, which the launcher runs only when it is newer than the sources).
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MstrClient } from '../../src/main/mstr/index.ts';
import { MemorySecretStore } from '../../src/main/secrets/secret-store.ts';
import { createServices } from '../../src/main/services.ts';
import { DEFAULT_CONCURRENCY } from '../../src/shared/profile-schema.ts';
import { startSimulator } from '../simulator/server.ts';
import { readProjects } from '../../src/main/mstr/responses.ts';
import { filterProjects } from '../../src/renderer/src/lib/project-filter.ts';
import { generateProjects } from '../simulator/projects.ts';
import { cliStartToFirstRequest, historyLatest, rendererGzipKb } from './app-rows.ts';
import { engineAgainstRaw, tenEnvironments, type EngineFigure, type EngineRound } from './engine-rows.ts';
import { windowFigures, type KeystrokeFigure } from './window-rows.ts';
import { chartFigures } from './chart-rows.ts';
import { cacheMonitorFigures } from './cache-rows.ts';
import { scriptImportFigures } from './script-import-rows.ts';
import { median, medianBy } from './median.ts';
import { clusterReport, invalidateReport } from './cluster-report.ts';
import { row, rowLines, type Row } from './row.ts';

const run = promisify(execFile);
const LATENCY_MS = 25;
const PROJECTS = 200;
const asJson = process.argv.includes('--json');

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

async function benchEngine(): Promise<{
  wallMs: number;
  calls: number;
  failed: number;
  floorMs: number;
  ratioToFloor: number;
  simulatorUrl: string;
}> {
  const sim = await startSimulator({ projects: PROJECTS, latencyMs: LATENCY_MS });
  const services = createServices({
    dataFolder: mkdtempSync(join(tmpdir(), 'mstr-bench-')),
    secrets: new MemorySecretStore(),
  });
  const profile = await services.profiles.create({
    name: 'Bench',
    url: sim.url,
    tier: 'test',
    username: 'administrator',
  });
  await (await services.sessions.for(profile)).connect({ secret: 'admin-pass' });
  const plan = await services.engine.prepare({
    environments: [profile.id],
    projects: { all: true },
    cacheTypes: ['object', 'element'],
  });
  const started = performance.now();
  const outcome = await services.engine.start(plan).done;
  const wallMs = performance.now() - started;
  const floorMs = Math.ceil(plan.items.length / DEFAULT_CONCURRENCY) * LATENCY_MS;
  await services.sessions.closeAll();
  await sim.close();
  return {
    wallMs,
    calls: plan.items.length,
    failed: outcome.summary.failed,
    floorMs,
    ratioToFloor: wallMs / floorMs,
    simulatorUrl: sim.url,
  };
}

function hasCurl(): boolean {
  return spawnSync('sh', ['-c', 'command -v curl'], { stdio: 'ignore' }).status === 0;
}

/** The vendor-documentation way: log in once with curl, then one curl process per purge, in sequence. */
async function benchCurl(): Promise<number | null> {
  if (!hasCurl()) return null;
  const sim = await startSimulator({ projects: PROJECTS, latencyMs: LATENCY_MS });
  const folder = mkdtempSync(join(tmpdir(), 'mstr-curl-'));
  const jar = join(folder, 'cookies.txt');
  const headers = join(folder, 'headers.txt');
  await run('curl', [
    '-s',
    '-c',
    jar,
    '-D',
    headers,
    '-H',
    'Content-Type: application/json',
    '-d',
    '{"username":"administrator","password":"admin-pass","loginMode":1}',
    `${sim.url}/api/auth/login`,
  ]);
  const token = /x-mstr-authtoken:\s*(\S+)/i.exec(readFileSync(headers, 'utf8'))?.[1] ?? '';
  const started = performance.now();
  for (const project of sim.projects) {
    for (const type of ['object', 'element']) {
      await run('curl', [
        '-s',
        '-o',
        '/dev/null',
        '-b',
        jar,
        '-X',
        'DELETE',
        '-H',
        `X-MSTR-AuthToken: ${token}`,
        `${sim.url}/api/monitors/projects/${project.id}/caches/${type}`,
      ]);
    }
  }
  const wallMs = performance.now() - started;
  await sim.close();
  return wallMs;
}

async function benchListing(): Promise<{ averageMs: number; projects: number }> {
  const sim = await startSimulator({ projects: 5000 });
  const client = new MstrClient({ url: sim.url });
  await client.login({ loginMode: 'standard', username: 'administrator', secret: 'admin-pass' });
  await client.listProjects();
  const rounds = 10;
  let count = 0;
  const started = performance.now();
  for (let round = 0; round < rounds; round += 1) count = (await client.listProjects()).length;
  const averageMs = (performance.now() - started) / rounds;
  await client.close();
  await sim.close();
  return { averageMs, projects: count };
}

/** The renderer's filter over 5,000 projects, as typed one keystroke at a time. */
function benchFilter(): number {
  const projects = readProjects(generateProjects(5000, [3, 50, 700]));
  const typed = 'sales analytics 0';
  let total = 0;
  let rounds = 0;
  for (let repeat = 0; repeat < 20; repeat += 1) {
    for (let length = 1; length <= typed.length; length += 1) {
      const started = performance.now();
      filterProjects(projects, {
        query: typed.slice(0, length),
        status: 'all',
        sort: { column: 'name', direction: 'asc' },
      });
      total += performance.now() - started;
      rounds += 1;
    }
  }
  return total / rounds;
}

function keystrokePeer(figure: KeystrokeFigure): string {
  return `median key ${figure.medianMs.toFixed(1)} ms; slowest single keystroke of all windows ${figure.worstSingleMs.toFixed(1)} ms; each key ${figure.perKeyMs.join(', ')} ms`;
}

/**
 * `--rows clusters`: the big cluster's rows alone (a quarter of a million caches; see
 * cluster-rows.ts), for a run that measures only them; `--rows invalidate`: only the row
 * invalidating the 100,000 caches a filter chooses there.
 */
const onlyRows = process.argv.includes('--rows') ? process.argv[process.argv.indexOf('--rows') + 1] : null;
if (onlyRows !== null) {
  if (onlyRows !== 'clusters' && onlyRows !== 'invalidate')
    throw new Error(`--rows takes "clusters" or "invalidate", not "${onlyRows}"`);
  const clusters = onlyRows === 'clusters' ? await clusterReport() : await invalidateReport();
  clearInterval(sampler);
  const goalMet = clusters.failed === 0 && clusters.rows.every((entry) => entry.met);
  if (asJson) process.stdout.write(`${JSON.stringify({ ...clusters, goalMet }, null, 2)}\n`);
  else
    process.stdout.write(
      `${rowLines(clusters.rows)}failed ${clusters.failed}\n${goalMet ? 'Goal met.' : 'Goal NOT met.'}\n`,
    );
  process.exit(0);
}

const engine = await benchEngine();
const curlMs = await benchCurl();
const listing = await benchListing();
const filterMs = benchFilter();
const ROUNDS = 3;
const latencyRounds = await engineAgainstRaw(LATENCY_MS, PROJECTS, { rounds: ROUNDS });
const LAN_LATENCY_MS = 2;
const lanRounds = await engineAgainstRaw(LAN_LATENCY_MS, PROJECTS, { rounds: ROUNDS, warmUp: 1 });
const zeroRounds = await engineAgainstRaw(0, 500, { rounds: ROUNDS, warmUp: 1 });
const ten = await tenEnvironments(LATENCY_MS, 500);
const cli = await cliStartToFirstRequest();
const history = await historyLatest();
const gzipKb = rendererGzipKb();
const window = await windowFigures();
const charts = await chartFigures();
const caches = await cacheMonitorFigures(LATENCY_MS);
const scripts = await scriptImportFigures();
const clusters = await clusterReport();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

// Both sides timed over the purge calls alone: the engine's connect (login, then the session and the
// version) and its plan (the project list) are three round trips to the loop's one login.
const purgeRatio = (round: EngineRound): number => round.engine.purgeWallMs / round.raw.purgeWallMs;
const atLatency = medianBy(latencyRounds, purgeRatio) as EngineRound;
const atLan = medianBy(lanRounds, purgeRatio) as EngineRound;
const cpuPerCall = (figure: EngineFigure): number => figure.purgeCpuMicros / figure.calls;
const engineCpu = median(zeroRounds.map((round) => cpuPerCall(round.engine)));
const rawCpu = median(zeroRounds.map((round) => cpuPerCall(round.raw)));

const rows: Row[] = [
  row(
    `400 purges at 25 ms, concurrency 4: engine wall / raw undici loop, the purge calls (median of ${ROUNDS} rounds)`,
    purgeRatio(atLatency),
    'ratio',
    1.05,
    `engine ${Math.round(atLatency.engine.purgeWallMs)} ms, raw loop ${Math.round(atLatency.raw.purgeWallMs)} ms; each round ${latencyRounds.map((round) => purgeRatio(round).toFixed(3)).join(', ')}; with the engine's connect and plan and the loop's login ${(atLatency.engine.wallMs / atLatency.raw.wallMs).toFixed(3)}`,
  ),
  // No target of its own: at LAN latency the client's own time shows, and it is reported as it is.
  row(
    `the same at ${LAN_LATENCY_MS} ms (a server on the same LAN): engine wall / raw undici loop (median of ${ROUNDS} rounds after a warm-up)`,
    purgeRatio(atLan),
    'ratio',
    null,
    `engine ${Math.round(atLan.engine.purgeWallMs)} ms, raw loop ${Math.round(atLan.raw.purgeWallMs)} ms; each round ${lanRounds.map((round) => purgeRatio(round).toFixed(3)).join(', ')}; client CPU per call: engine ${Math.round(median(lanRounds.map((round) => cpuPerCall(round.engine))))} µs, raw loop ${Math.round(median(lanRounds.map((round) => cpuPerCall(round.raw))))} µs`,
  ),
  row(
    `client CPU per purge call at latency 0, concurrency 4 (median of ${ROUNDS} runs after a warm-up run)`,
    engineCpu,
    'µs',
    150,
    `raw loop ${Math.round(rawCpu)} µs; each run ${zeroRounds.map((round) => Math.round(cpuPerCall(round.engine))).join(', ')} µs; with the engine's connect and plan ${Math.round(median(zeroRounds.map((round) => round.engine.cpuMicros / round.engine.calls)))} µs`,
  ),
  row(
    `the same purge on 10 environments at once (${ten.calls} calls, 25 ms): wall / the bare undici loop on the same ten at once`,
    ten.wallMs / ten.rawWallMs,
    'ratio',
    1.03,
    `wall ${Math.round(ten.wallMs)} ms, bare loop ${Math.round(ten.rawWallMs)} ms; floor ${ten.floorMs} ms (engine ${(ten.wallMs / ten.floorMs).toFixed(3)} of it, bare loop ${(ten.rawWallMs / ten.floorMs).toFixed(3)}); CPU on this machine's ${availableParallelism()} cores: client ${Math.round(ten.cpuMicros / 1000)} ms, the ten simulators ${ten.simulatorsCpuMs ?? '-'} ms`,
  ),
  row(
    'window, 5,000 projects: a filter keystroke to the rows updated, slowest key (Chromium, 5 fresh windows, first key 300 ms after the list shows)',
    window.filter5000?.worstMs ?? null,
    'ms',
    4,
    window.filter5000 && window.filter5000AtOnce
      ? `${keystrokePeer(window.filter5000)}; typed the moment the list shows: slowest key ${window.filter5000AtOnce.worstMs.toFixed(1)} ms (each key ${window.filter5000AtOnce.perKeyMs.join(', ')} ms)`
      : (window.reason ?? undefined),
  ),
  row(
    'window, 50,000 projects: a filter keystroke to the rows updated, slowest key (Chromium, 5 fresh windows, first key 300 ms after the list shows)',
    window.filter50000?.worstMs ?? null,
    'ms',
    30,
    window.filter50000 ? keystrokePeer(window.filter50000) : (window.reason ?? undefined),
  ),
  row(
    'window, cache monitor, 20,000 content caches on 2 nodes: a filter keystroke to the rows updated, slowest key (Chromium, 5 fresh windows, first key 300 ms after the list shows)',
    window.cacheFilter20000?.worstMs ?? null,
    'ms',
    30,
    window.cacheFilter20000
      ? `${keystrokePeer(window.cacheFilter20000)}; choosing all 20,000 with the header box ${window.cacheChooseAllMs?.toFixed(1) ?? '-'} ms`
      : (window.reason ?? undefined),
  ),
  row(
    'window, purge progress: renderer time per progress event at 5,000 items (Chromium)',
    window.progressPerEventMs,
    'ms',
    0.2,
    window.reason ?? undefined,
  ),
  row(
    'window, overview: cube memory of 100 projects on each of 4 nodes, from the answer to the 4 charts drawn and painted (Chromium, median of 5 fresh windows)',
    charts.medianMs,
    'ms',
    50,
    charts.reason ??
      `each window ${charts.eachMs.join(', ')} ms; the window's main-thread CPU over the same span ${charts.cpuMedianMs?.toFixed(1) ?? '-'} ms; with the charts' table views built after the bars are painted ${charts.tablesMedianMs?.toFixed(1) ?? '-'} ms`,
  ),
  row(
    'command line: process start to the first request reaching the server',
    cli.firstRequestMs,
    'ms',
    200,
    `--version alone ${Math.round(cli.versionMs)} ms; \`node -e 0\` ${Math.round(cli.nodeAloneMs)} ms (started from a small process, as a shell or cron starts it)`,
  ),
  // No transfer is free: the target is the bare loop's own ratio to the floor, plus a quarter.
  row(
    `cache monitor: listing ${caches.listed.toLocaleString('en')} content caches on 2 nodes at 25 ms: wall / paging floor (median of ${caches.rounds} rounds)`,
    caches.listMs / caches.listFloorMs,
    'ratio',
    Number(((caches.rawListMs / caches.listFloorMs) * 1.25).toFixed(2)),
    `wall ${Math.round(caches.listMs)} ms, floor ${caches.listFloorMs} ms, bare undici loop ${Math.round(caches.rawListMs)} ms`,
  ),
  row(
    `cache monitor: invalidating ${caches.acted.toLocaleString('en')} of them (batches of 500 per node): wall / floor (median of ${caches.rounds} rounds)`,
    caches.actMs / caches.actFloorMs,
    'ratio',
    Number(((caches.rawActMs / caches.actFloorMs) * 1.25).toFixed(2)),
    `wall ${Math.round(caches.actMs)} ms, floor ${caches.actFloorMs} ms, bare undici loop ${Math.round(caches.rawActMs)} ms`,
  ),
  row(
    'Command Manager import of a script at the 5 MB limit: memory added, the worst of its shapes (a process each)',
    Math.max(...scripts.map((figure) => figure.addedMb)),
    'MB',
    100,
    scripts.map((figure) => `${figure.name} ${Math.round(figure.addedMb)} MB ${Math.round(figure.ms)} ms`).join('; '),
  ),
  ...clusters.rows,
  row(
    'renderer JavaScript loaded at start, gzip',
    gzipKb?.startKb ?? null,
    'KB',
    40,
    gzipKb ? `with the screens and dialogs loaded on first use ${gzipKb.allKb.toFixed(1)} KB` : undefined,
  ),
  row(
    `history: the latest 50 of ${history.lines.toLocaleString('en')} lines`,
    history.latest50Ms,
    'ms',
    50,
    `the projects table's "last purged" for 500 projects: ${Math.round(history.lastPurgedFirstMs)} ms at the app's first look (longest pause of the process meanwhile ${Math.round(history.longestPauseMs)} ms), ${history.lastPurgedLaterMs.toFixed(2)} ms after (reading the whole history at every refresh: ${Math.round(history.fullScanMs)} ms)`,
  ),
];

const failed =
  [...latencyRounds, ...lanRounds, ...zeroRounds].reduce((sum, round) => sum + round.engine.failed, 0) +
  ten.failed +
  engine.failed +
  caches.failed +
  clusters.failed;
const result = {
  rows,
  failed,
  legacy: {
    latencyMs: LATENCY_MS,
    concurrency: DEFAULT_CONCURRENCY,
    calls: engine.calls,
    wallMs: Math.round(engine.wallMs),
    floorMs: engine.floorMs,
    ratioToFloor: Number(engine.ratioToFloor.toFixed(3)),
    curlWallMs: curlMs === null ? null : Math.round(curlMs),
    speedupOverCurl: curlMs === null ? null : Number((curlMs / engine.wallMs).toFixed(2)),
    list5000AverageMs: Number(listing.averageMs.toFixed(1)),
    listedProjects: listing.projects,
    filterFunction5000AverageMs: Number(filterMs.toFixed(3)),
  },
  peakRssMb: Math.round(peakRss / 1024 / 1024),
  goalMet: failed === 0 && rows.every((entry) => entry.met),
};

if (asJson) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  process.stdout.write(rowLines(rows));
  process.stdout.write(
    `engine 400 purges, simulator in this process: ${result.legacy.wallMs} ms, floor ${result.legacy.floorMs} ms; ` +
      `sequential curl loop ${result.legacy.curlWallMs ?? '-'} ms; listing 5,000 projects ${result.legacy.list5000AverageMs} ms; ` +
      `peak RSS ${result.peakRssMb} MB; failed ${failed}\n`,
  );
  process.stdout.write(result.goalMet ? 'Goal met.\n' : 'Goal NOT met.\n');
}
