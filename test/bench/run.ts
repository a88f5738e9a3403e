/**
 * `npm run bench [-- --json]`: purge speed against the simulator with 25 ms latency per call
 * (200 projects x both cache types at the default concurrency), the same purges as a sequential
 * curl loop the way the vendor's documentation scripts them, listing and parsing 5,000 projects,
 * and the UI's re-filter time on 5,000 projects. Speed is reported here, never asserted in tests.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MstrClient } from '../../src/main/mstr/index.ts';
import { MemorySecretStore } from '../../src/main/secrets/secret-store.ts';
import { createServices } from '../../src/main/services.ts';
import { DEFAULT_CONCURRENCY } from '../../src/shared/profile-schema.ts';
import { startSimulator } from '../simulator/server.ts';
import { readProjects } from '../../src/main/mstr/responses.ts';
import { filterProjects } from '../../src/renderer/src/lib/project-filter.ts';
import { generateProjects } from '../simulator/projects.ts';

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

const engine = await benchEngine();
const curlMs = await benchCurl();
const listing = await benchListing();
const filterMs = benchFilter();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

const result = {
  latencyMs: LATENCY_MS,
  concurrency: DEFAULT_CONCURRENCY,
  calls: engine.calls,
  wallMs: Math.round(engine.wallMs),
  floorMs: engine.floorMs,
  ratioToFloor: Number(engine.ratioToFloor.toFixed(3)),
  failed: engine.failed,
  curlWallMs: curlMs === null ? null : Math.round(curlMs),
  speedupOverCurl: curlMs === null ? null : Number((curlMs / engine.wallMs).toFixed(2)),
  list5000AverageMs: Number(listing.averageMs.toFixed(1)),
  listedProjects: listing.projects,
  uiRefilter5000AverageMs: Number(filterMs.toFixed(3)),
  peakRssMb: Math.round(peakRss / 1024 / 1024),
  goal: { ratioToFloorAtMost: 1.3, failed: 0 },
  goalMet: engine.ratioToFloor <= 1.3 && engine.failed === 0,
};

if (asJson) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  const rows: [string, string][] = [
    ['purge calls (200 projects x 2 types)', String(result.calls)],
    ['latency per call / concurrency', `${LATENCY_MS} ms / ${DEFAULT_CONCURRENCY}`],
    ['engine wall time', `${result.wallMs} ms`],
    ['floor (ceil(calls/concurrency) x latency)', `${result.floorMs} ms`],
    ['ratioToFloor (goal <= 1.3)', String(result.ratioToFloor)],
    ['failed (goal 0)', String(result.failed)],
    ['sequential curl loop', result.curlWallMs === null ? 'curl not installed' : `${result.curlWallMs} ms`],
    ['speedup over curl', result.speedupOverCurl === null ? '-' : `${result.speedupOverCurl}x`],
    ['list + parse 5,000 projects (avg)', `${result.list5000AverageMs} ms`],
    ['UI re-filter on 5,000 projects (avg per keystroke)', `${result.uiRefilter5000AverageMs} ms`],
    ['peak memory (RSS)', `${result.peakRssMb} MB`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
  process.stdout.write(result.goalMet ? 'Goal met.\n' : 'Goal NOT met.\n');
}
