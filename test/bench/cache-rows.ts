/**
 * The cache monitor against its floor, on a two-node cluster simulator in a process of its own:
 * listing 20,000 content caches (every page of every node, at 25 ms a request) and invalidating
 * 5,000 of them, each as wall time over the least time the same requests take at the profile's
 * concurrency.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAGE_SIZE } from '../../src/main/caches/cache-lister.ts';
import { CONTENT_BATCH } from '../../src/main/caches/cache-actions.ts';
import { MemorySecretStore } from '../../src/main/secrets/secret-store.ts';
import { createServices } from '../../src/main/services.ts';
import { DEFAULT_CONCURRENCY } from '../../src/shared/profile-rules.ts';
import type { CacheRow } from '../../src/shared/cache-monitor.ts';
import { rawLogin, rawPages, rawRequests } from './raw-loop.ts';
import { contentOperation } from '../../src/main/caches/cache-actions.ts';
import { medianBy } from './median.ts';
import { startSimulatorProcess } from './simulator-process.ts';

export interface CacheFigures {
  /** Rounds run of each; the figures are the median round's. */
  rounds: number;
  listed: number;
  listMs: number;
  listFloorMs: number;
  /** The same pages fetched and parsed by a bare undici loop at the same concurrency. */
  rawListMs: number;
  acted: number;
  actMs: number;
  /** The same PATCH batches sent by a bare undici loop (on other caches of the same nodes). */
  rawActMs: number;
  actFloorMs: number;
  failed: number;
}

const NODES = 2;
const PROJECTS = 4;
const PER_NODE = 10_000;
const ACT_ON = 5_000;
const ROUNDS = 3;

/** One round: the app's wall time and the bare loop's. */
interface Timed {
  ms: number;
  rawMs: number;
}

/** The round whose app time over bare-loop time is the median. */
function medianByRatio(rounds: readonly Timed[]): Timed {
  return medianBy(rounds, (round) => round.ms / round.rawMs) as Timed;
}

/** Rounds of `requests` at `concurrency` at a time, after `before` rounds that must come first. */
function floor(requests: number, concurrency: number, latencyMs: number, before = 0): number {
  return (before + Math.ceil(requests / concurrency)) * latencyMs;
}

/** The peer: the same page URLs (node, project, offset) as bare GETs, parsed, nothing else. */
async function rawListing(url: string, rows: readonly CacheRow[]): Promise<number> {
  const counts = new Map<string, number>();
  for (const row of rows)
    counts.set(`${row.node}\u0000${row.projectId}`, (counts.get(`${row.node}\u0000${row.projectId}`) ?? 0) + 1);
  const urls = [...counts].flatMap(([key, count]) => {
    const [node, projectId] = key.split('\u0000') as [string, string];
    return Array.from({ length: Math.ceil(count / PAGE_SIZE) }, (_, page) => {
      const query = new URLSearchParams({
        clusterNode: node,
        projectId,
        offset: String(page * PAGE_SIZE),
        limit: String(PAGE_SIZE),
      });
      return `${url}/api/monitors/caches/contents?${query}`;
    });
  });
  const session = await rawLogin(url);
  const started = performance.now();
  const listed = await rawPages(session, urls, DEFAULT_CONCURRENCY);
  const wallMs = performance.now() - started;
  if (listed !== rows.length) throw new Error(`the raw loop listed ${listed} caches, not ${rows.length}`);
  return wallMs;
}

/** The same batches of 500 per node as bare PATCH requests, each body built as the app builds its own. */
export function invalidations(
  url: string,
  rows: readonly CacheRow[],
): { url: string; method: 'PATCH'; body: string }[] {
  const byNode = new Map<string, CacheRow[]>();
  for (const row of rows) {
    const nodeRows = byNode.get(row.node) ?? [];
    nodeRows.push(row);
    byNode.set(row.node, nodeRows);
  }
  return [...byNode].flatMap(([node, nodeRows]) =>
    Array.from({ length: Math.ceil(nodeRows.length / CONTENT_BATCH) }, (_, batch) => ({
      url: `${url}/api/v2/monitors/caches/contents?clusterNode=${encodeURIComponent(node)}`,
      method: 'PATCH' as const,
      body: JSON.stringify({
        operationList: nodeRows
          .slice(batch * CONTENT_BATCH, (batch + 1) * CONTENT_BATCH)
          .map((row) => contentOperation('invalidate', row.id)),
      }),
    })),
  );
}

/**
 * The peer of an action: the same requests from a bare loop, timed like the app's run from the
 * caches chosen to the last answer, so building the bodies counts on both sides.
 */
export async function rawInvalidate(
  url: string,
  rows: readonly CacheRow[],
  concurrency = DEFAULT_CONCURRENCY,
): Promise<number> {
  const session = await rawLogin(url);
  const started = performance.now();
  const failed = await rawRequests(session, invalidations(url, rows), concurrency);
  const wallMs = performance.now() - started;
  if (failed > 0) throw new Error(`the raw loop had ${failed} failed request(s)`);
  return wallMs;
}

export async function cacheMonitorFigures(latencyMs: number): Promise<CacheFigures> {
  const simulator = await startSimulatorProcess({ projects: PROJECTS, latencyMs, contentCachesPerNode: PER_NODE });
  const services = createServices({
    dataFolder: mkdtempSync(join(tmpdir(), 'mstr-bench-caches-')),
    secrets: new MemorySecretStore(),
    scheduler: null,
  });
  try {
    const profile = await services.profiles.create({
      name: 'Cluster',
      url: simulator.url,
      tier: 'test',
      username: 'administrator',
    });
    await (await services.sessions.for(profile)).connect({ secret: 'admin-pass' });
    const warm = await services.caches.list(profile.id, 'content');
    const lists = NODES * PROJECTS;
    const pages = lists * Math.ceil(PER_NODE / PROJECTS / PAGE_SIZE);
    const listFloorMs = floor(pages - lists, DEFAULT_CONCURRENCY, latencyMs, Math.ceil(lists / DEFAULT_CONCURRENCY));
    const chosen = warm.caches.slice(0, ACT_ON);
    const batches = [...new Set(chosen.map((row) => row.node))]
      .map((node) => Math.ceil(chosen.filter((row) => row.node === node).length / CONTENT_BATCH))
      .reduce((sum, count) => sum + count, 0);
    let failed = 0;
    const listings: Timed[] = [];
    const actions: Timed[] = [];
    // Rounds of each, the bare loop then the app, and the median round kept: one run on a shared
    // machine is at the mercy of whatever else ran then. Invalidating a cache twice is harmless.
    for (let round = 0; round < ROUNDS; round += 1) {
      const rawMs = await rawListing(simulator.url, warm.caches);
      const started = performance.now();
      const listing = await services.caches.list(profile.id, 'content');
      listings.push({ ms: performance.now() - started, rawMs });
      failed += listing.nodes.filter((node) => node.error).length;
      if (listing.caches.length !== warm.caches.length) failed += 1;
    }
    for (let round = 0; round < ROUNDS; round += 1) {
      const rawMs = await rawInvalidate(simulator.url, warm.caches.slice(ACT_ON, 2 * ACT_ON));
      const plan = await services.caches.plan({
        profileId: profile.id,
        kind: 'content',
        action: 'invalidate',
        caches: chosen,
      });
      const started = performance.now();
      const outcome = await services.caches.start(plan.id);
      actions.push({ ms: performance.now() - started, rawMs });
      failed += outcome.summary.failed + outcome.summary.unknown;
    }
    const listed = medianByRatio(listings);
    const acted = medianByRatio(actions);
    return {
      rounds: ROUNDS,
      listed: warm.caches.length,
      listMs: listed.ms,
      listFloorMs,
      rawListMs: listed.rawMs,
      acted: chosen.length,
      actMs: acted.ms,
      rawActMs: acted.rawMs,
      actFloorMs: floor(batches, DEFAULT_CONCURRENCY, latencyMs),
      failed,
    };
  } finally {
    await services.sessions.closeAll();
    await simulator.close();
  }
}
