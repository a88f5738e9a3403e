/**
 * The cache monitor against the cluster simulator: exact per-node wire traffic, paging past 1,000,
 * the rejected-filter fallback, cube manipulations polled to ready and to error, and every action
 * in the history with its node.
 */
import { describe, expect, it } from 'vitest';
import { CacheMonitor } from '../../src/main/caches/cache-monitor.ts';
import type { CacheRow } from '../../src/shared/cache-monitor.ts';
import { failure, simulator } from './helpers.ts';
import { profileFor, services } from './engine-helpers.ts';

const NODE_A = 'iserver-a.example.internal';
const NODE_B = 'iserver-b.example.internal';

/** A monitor that polls quickly, so manipulation tests stay short. */
function fastMonitor(all: ReturnType<typeof services>): CacheMonitor {
  return new CacheMonitor(all, { pollIntervalMs: 5, manipulationTimeoutMs: 2000 });
}

function contentCalls(
  sim: Awaited<ReturnType<typeof simulator>>,
): { node: string; projectId: string; offset: string }[] {
  return sim.callsTo(/^GET .*\/api\/monitors\/caches\/contents$/).map((call) => ({
    node: call.query.clusterNode ?? '',
    projectId: call.query.projectId ?? '',
    offset: call.query.offset ?? '',
  }));
}

describe('listing content caches', () => {
  it('asks each running node only for the projects loaded on it, pages past 1,000, never calls a stopped node', async () => {
    const sim = await simulator({
      projects: 3,
      cluster: {
        nodes: [
          { name: NODE_A, projects: [0, 1] },
          { name: NODE_B, projects: [1, 2] },
          { name: 'iserver-c.example.internal', status: 'stopped' },
        ],
        contentCachesPerNode: 2500,
      },
    });
    const all = services();
    const profile = await profileFor(all, sim);
    const listing = await all.caches.list(profile.id, 'content');

    expect(listing.caches).toHaveLength(5000);
    const [p0, p1, p2] = sim.projects.map((project) => project.id);
    const calls = contentCalls(sim);
    expect(calls.every((call) => call.node === NODE_A || call.node === NODE_B)).toBe(true);
    expect(new Set(calls.filter((call) => call.node === NODE_A).map((call) => call.projectId))).toEqual(
      new Set([p0, p1]),
    );
    expect(new Set(calls.filter((call) => call.node === NODE_B).map((call) => call.projectId))).toEqual(
      new Set([p1, p2]),
    );
    // 1,250 caches per project and node: two pages each, the second at offset 1000.
    expect(calls.filter((call) => call.offset === '1000')).toHaveLength(4);
    expect(calls).toHaveLength(8);
    expect(sim.calls.some((call) => call.query.clusterNode === 'iserver-c.example.internal')).toBe(false);
    expect(listing.nodes.find((node) => node.status === 'stopped')).toMatchObject({
      listed: false,
      skippedReason: 'stopped: not asked',
    });
    // Every cache is addressed by its combined id, which names its own node.
    const sample = listing.caches.find((row) => row.node === NODE_B) as CacheRow;
    expect(sim.cluster.node(NODE_B)?.contentCaches.has(sample.id)).toBe(true);
    expect(new Set(listing.caches.map((row) => row.id)).size).toBe(5000);
    // Both date styles come out as ISO.
    expect(listing.caches.every((row) => row.lastHit === null || row.lastHit.endsWith('Z'))).toBe(true);
  });

  it('reads a node name in any case, sends its canonical spelling, and refuses a node that does not exist', async () => {
    const sim = await simulator({ projects: 2 });
    const all = services();
    const profile = await profileFor(all, sim);
    const listing = await all.caches.list(profile.id, 'content', { nodes: ['ISERVER-B'] });
    expect(listing.caches.every((row) => row.node === NODE_B)).toBe(true);
    expect(new Set(contentCalls(sim).map((call) => call.node))).toEqual(new Set([NODE_B]));
    const error = await failure(all.caches.list(profile.id, 'content', { nodes: ['iserver-z'] }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain(NODE_A);
  });

  it('sends the filters the API has, and filters the rest (owner, unused days) in the app', async () => {
    const sim = await simulator({ projects: 2, cluster: { contentCachesPerNode: 300 } });
    const all = services();
    const profile = await profileFor(all, sim);
    const listing = await all.caches.list(profile.id, 'content', {
      status: 'invalid',
      type: 'report',
      owner: 'ETL_SERVICE',
      unusedDays: 30,
      projects: [sim.projects[0]?.name ?? ''],
    });
    expect(listing.caches.length).toBeGreaterThan(0);
    for (const row of listing.caches) {
      expect(row.status).toContain('invalid');
      expect(row.type).toBe('report');
      expect(row.owner).toBe('etl_service');
      expect(row.hitCount).toBe(0);
      expect(Date.now() - Date.parse(row.lastHit ?? '')).toBeGreaterThan(30 * 86_400_000);
      expect(row.projectId).toBe(sim.projects[0]?.id);
    }
    const calls = sim.callsTo(/caches\/contents$/);
    expect(calls.every((call) => call.query.status === 'invalid' && call.query.type === 'report')).toBe(true);
    expect(calls.every((call) => call.query.projectId === sim.projects[0]?.id)).toBe(true);
    expect(listing.filteredLocally).toEqual([]);
  });

  it('lists the same caches when the server rejects a filter (400 ERR006), filtering them itself', async () => {
    const plain = await simulator({ projects: 2, cluster: { contentCachesPerNode: 200 } });
    const strict = await simulator({
      projects: 2,
      cluster: { contentCachesPerNode: 200, rejectedFilters: ['status'] },
    });
    const all = services();
    const onPlain = await all.caches.list((await profileFor(all, plain)).id, 'content', { status: 'invalid' });
    const onStrict = await all.caches.list((await profileFor(all, strict)).id, 'content', { status: 'invalid' });
    expect(onStrict.caches.map((row) => row.id).sort()).toEqual(onPlain.caches.map((row) => row.id).sort());
    expect(onStrict.filteredLocally).toEqual(['status']);
    expect(strict.callsTo(/caches\/contents$/).some((call) => call.status === 400)).toBe(true);
  });

  it('a node that went down after the node list is reported with NODE_UNAVAILABLE; the other node is listed', async () => {
    const sim = await simulator({
      projects: 2,
      cluster: { nodes: [{ name: NODE_A }, { name: NODE_B, goneDown: true }], contentCachesPerNode: 30 },
    });
    const all = services();
    const profile = await profileFor(all, sim);
    const listing = await all.caches.list(profile.id, 'content');
    expect(listing.caches).toHaveLength(30);
    expect(listing.caches.every((row) => row.node === NODE_A)).toBe(true);
    expect(listing.nodes.find((node) => node.name === NODE_B)).toMatchObject({
      listed: true,
      error: { code: 'NODE_UNAVAILABLE', httpStatus: 503 },
    });
  });

  it('says what to do without the privilege and on a server too old for the monitor', async () => {
    const sim = await simulator({ projects: 2 });
    const all = services();
    const viewer = await profileFor(all, sim, { name: 'viewer-env', username: 'viewer' }, 'viewer-pass');
    expect((await failure(all.caches.list(viewer.id, 'content'))).code).toBe('FORBIDDEN_PRIVILEGE');
    const old = await simulator({ projects: 2, iServerVersion: '11.3.0600.0001' });
    const oldProfile = await profileFor(all, old, { name: 'old-env' });
    const error = await failure(all.caches.list(oldProfile.id, 'content'));
    expect(error.code).toBe('SERVER_TOO_OLD');
    expect(error.message).toContain('11.3.0700');
    expect(old.callsTo(/caches/)).toHaveLength(0);
    expect((await all.caches.list(oldProfile.id, 'cube')).caches.length).toBeGreaterThan(0);
  });
});

describe('acting on content caches', () => {
  it('tells a listener each cache as it starts and as it ends, in that order, and leaves the plan as it was shown', async () => {
    const sim = await simulator({ projects: 2, cluster: { contentCachesPerNode: 700 } });
    const all = services();
    const profile = await profileFor(all, sim);
    const listing = await all.caches.list(profile.id, 'content');
    const plan = await all.caches.plan({
      profileId: profile.id,
      kind: 'content',
      action: 'invalidate',
      caches: listing.caches.slice(0, 1200),
    });
    const heard = new Map<string, string[]>();
    await all.caches.start(plan.id, (event) => {
      if (event.type !== 'item') return;
      // Read as the event is heard: a listener that reads later may see a newer state.
      heard.set(event.item.key, [...(heard.get(event.item.key) ?? []), event.item.status]);
    });
    expect(heard.size).toBe(1200);
    for (const statuses of heard.values()) expect(statuses).toEqual(['running', 'succeeded']);
    expect(all.caches.getPlan(plan.id).items.every((item) => item.status === 'pending' && item.attempts === 0)).toBe(
      true,
    );
  });

  it('sends one PATCH per node with the combined ids of that node only, and writes every cache to the history', async () => {
    const sim = await simulator({ projects: 2, cluster: { contentCachesPerNode: 700 } });
    const all = services();
    const profile = await profileFor(all, sim);
    const listing = await all.caches.list(profile.id, 'content', { status: 'ready' });
    const chosen = listing.caches
      .slice(0, 600)
      .concat(listing.caches.filter((row) => row.node === NODE_B).slice(0, 10));
    const plan = await all.caches.plan({
      profileId: profile.id,
      kind: 'content',
      action: 'invalidate',
      caches: chosen,
    });
    const outcome = await all.caches.start(plan.id);
    expect(outcome.summary).toMatchObject({ total: plan.items.length, succeeded: plan.items.length });

    const patches = sim.callsTo(/^PATCH .*\/api\/v2\/monitors\/caches\/contents$/);
    for (const patch of patches) {
      const node = patch.query.clusterNode as string;
      const operations = (JSON.parse(patch.body) as { operationList: { op: string; path: string; value: unknown }[] })
        .operationList;
      expect(operations.length).toBeLessThanOrEqual(500);
      for (const operation of operations) {
        expect(operation.op).toBe('replace');
        expect(operation.value).toBe(true);
        const id = /^\/contentCaches\/(.+)\/status\/invalid$/.exec(operation.path)?.[1] ?? '';
        expect(sim.cluster.node(node)?.contentCaches.has(id)).toBe(true);
      }
    }
    const sent = patches.flatMap((patch) => (JSON.parse(patch.body) as { operationList: unknown[] }).operationList);
    expect(sent).toHaveLength(plan.items.length);

    const confirmed = await all.caches.confirm(plan.id);
    expect(confirmed.items.every((item) => item.confirmed === true && item.afterwards?.includes('invalid'))).toBe(true);
    const history = await all.history.list({ limit: 1000 });
    expect(history.filter((entry) => entry.action === 'invalidate')).toHaveLength(plan.items.length);
    expect(history.every((entry) => entry.node === NODE_A || entry.node === NODE_B)).toBe(true);
    expect(history[0]).toMatchObject({ cacheType: 'content', outcome: 'succeeded', profileName: profile.name });
    // Each line is the whole entry for its own cache.
    const lines = new Map(history.map((entry) => [`${entry.node}/${entry.cacheId}`, entry]));
    for (const item of outcome.items)
      expect(lines.get(`${item.node}/${item.cacheId}`)).toEqual({
        time: item.finishedAt,
        durationMs: item.durationMs,
        runId: plan.runId,
        profileId: profile.id,
        profileName: profile.name,
        serverHost: plan.host,
        user: 'Administrator',
        projectId: item.projectId,
        projectName: item.projectName,
        cacheType: 'content',
        action: 'invalidate',
        node: item.node,
        cacheId: item.cacheId,
        cacheName: item.name,
        outcome: 'succeeded',
        attempts: 1,
        retries: [],
        httpStatus: null,
        mstrCode: null,
        ticketId: null,
        errorCode: null,
        message: null,
        scheduled: false,
      });
  });

  it('plans a cache given twice once, in its first place with its last row; the same id on another node is another cache', async () => {
    const sim = await simulator({ projects: 1, cluster: { contentCachesPerNode: 3 } });
    const all = services();
    const profile = await profileFor(all, sim);
    const listing = await all.caches.list(profile.id, 'content');
    const [first, second] = listing.caches.filter((row) => row.node === NODE_A);
    if (!first || !second) throw new Error('the simulator has too few caches on node A');
    const renamed: CacheRow = { ...first, name: 'Renamed since' };
    const elsewhere: CacheRow = { ...first, node: NODE_B };
    const plan = await all.caches.plan({
      profileId: profile.id,
      kind: 'content',
      action: 'invalidate',
      caches: [first, second, renamed, elsewhere, { ...second }],
    });
    expect(plan.items.map((item) => [item.key, item.name, item.status])).toEqual([
      [`${NODE_A}/${first.id}`, 'Renamed since', 'pending'],
      [`${NODE_A}/${second.id}`, second.name, 'pending'],
      [`${NODE_B}/${first.id}`, first.name, 'pending'],
    ]);
  });

  it("writes a refused batch's error, with the server's ticketId, on the line of every cache it carried", async () => {
    const sim = await simulator({ projects: 1, cluster: { contentCachesPerNode: 30 } });
    const all = services();
    const profile = await profileFor(all, sim);
    const listing = await all.caches.list(profile.id, 'content');
    const plan = await all.caches.plan({
      profileId: profile.id,
      kind: 'content',
      action: 'load',
      caches: listing.caches,
    });
    sim.inject({ kind: 'status', status: 500, times: 10, match: /^PATCH/ });
    const outcome = await all.caches.start(plan.id);
    expect(outcome.summary.failed).toBe(plan.items.length);
    const history = await all.history.list({ limit: 1000 });
    expect(new Set(history.map((entry) => entry.cacheId)).size).toBe(plan.items.length);
    for (const entry of history) {
      const item = outcome.items.find(
        (candidate) => candidate.cacheId === entry.cacheId && candidate.node === entry.node,
      );
      expect(entry).toMatchObject({
        outcome: 'failed',
        httpStatus: 500,
        errorCode: item?.error?.code,
        ticketId: item?.error?.ticketId,
        cacheName: item?.name,
        projectName: item?.projectName,
      });
      expect(entry.ticketId).toEqual(expect.any(String));
    }
  });

  it('deletes, and the list afterwards shows the caches gone', async () => {
    const sim = await simulator({ projects: 1, cluster: { contentCachesPerNode: 20, contentActionStatus: 202 } });
    const all = services();
    const profile = await profileFor(all, sim);
    const listing = await all.caches.list(profile.id, 'content', { status: 'expired' });
    const plan = await all.caches.plan({
      profileId: profile.id,
      kind: 'content',
      action: 'delete',
      caches: listing.caches,
    });
    await all.caches.start(plan.id);
    const confirmed = await all.caches.confirm(plan.id);
    expect(confirmed.items.every((item) => item.afterwards === 'gone' && item.confirmed)).toBe(true);
    expect((await all.caches.list(profile.id, 'content', { status: 'expired' })).caches).toHaveLength(0);
  });
});

describe('cube caches', () => {
  it('lists per node with the node named and the projects of that node, even when the server rejects the state filter', async () => {
    const sim = await simulator({
      projects: 3,
      cluster: {
        nodes: [{ name: NODE_A, projects: [0] }, { name: NODE_B }],
        cubeCachesPerNode: 1200,
        rejectedFilters: ['state.loadedState'],
      },
    });
    const all = services();
    const profile = await profileFor(all, sim);
    const listing = await all.caches.list(profile.id, 'cube', { state: 'loaded' });
    expect(listing.caches.length).toBe(1600);
    expect(listing.caches.every((row) => row.status.includes('loaded'))).toBe(true);
    expect(listing.filteredLocally).toEqual(['state.loadedState']);
    const calls = sim.callsTo(/^GET .*\/monitors\/caches\/cubes$/);
    expect(calls.every((call) => call.query.clusterNode === NODE_A || call.query.clusterNode === NODE_B)).toBe(true);
    expect(
      calls
        .filter((call) => call.query.clusterNode === NODE_A)
        .every((call) => call.query.projectIds === sim.projects[0]?.id),
    ).toBe(true);
    expect(calls.filter((call) => call.status === 200 && call.query.offset === '1000')).toHaveLength(2);
    expect(listing.caches.every((row) => row.projectName !== '' && row.projectName !== row.projectId)).toBe(true);
  });

  it('polls a manipulation to ready and another to error, each with its own outcome', async () => {
    const sim = await simulator({ projects: 1, cluster: { nodes: [{ name: NODE_A }], cubeCachesPerNode: 4 } });
    const all = services();
    const monitor = fastMonitor(all);
    const profile = await profileFor(all, sim);
    const listing = await monitor.list(profile.id, 'cube', { state: 'loaded' });
    const [good, bad] = listing.caches;
    const failing = sim.cluster.allCubes().find((cube) => cube.id === bad?.id);
    if (!failing || !good) throw new Error('the simulator has no loaded cubes');
    failing.failsManipulation = true;
    const plan = await monitor.plan({
      profileId: profile.id,
      kind: 'cube',
      action: 'unload',
      caches: [good, bad as CacheRow],
    });
    const outcome = await monitor.start(plan.id);
    const byId = new Map(outcome.items.map((item) => [item.cacheId, item]));
    expect(byId.get(good.id)?.status).toBe('succeeded');
    expect(byId.get(bad?.id ?? '')).toMatchObject({ status: 'failed', error: { code: 'MANIPULATION_FAILED' } });
    expect(sim.cluster.allCubes().find((cube) => cube.id === good.id)?.state.loadedState).toBe('unloaded');
    const patches = sim.callsTo(/^PATCH .*\/monitors\/caches\/cubes\//);
    expect(patches).toHaveLength(2);
    expect(patches.every((call) => JSON.parse(call.body).state.loadedState === 'unloaded')).toBe(true);
    expect(sim.callsTo(/manipulations\/.+\/status$/).length).toBeGreaterThanOrEqual(6);
    const history = await all.history.list();
    expect(history.map((entry) => [entry.cacheId, entry.outcome]).sort()).toEqual(
      [
        [good.id, 'succeeded'],
        [bad?.id, 'failed'],
      ].sort(),
    );
  });

  it('reports a manipulation still running at the time bound as unknown, not failed', async () => {
    const sim = await simulator({
      projects: 1,
      cluster: { nodes: [{ name: NODE_A }], cubeCachesPerNode: 2, manipulationPolls: 1000 },
    });
    const all = services();
    const monitor = new CacheMonitor(all, { pollIntervalMs: 5, manipulationTimeoutMs: 100 });
    const profile = await profileFor(all, sim);
    const [cube] = (await monitor.list(profile.id, 'cube')).caches;
    const plan = await monitor.plan({
      profileId: profile.id,
      kind: 'cube',
      action: 'deactivate',
      caches: [cube as CacheRow],
    });
    const outcome = await monitor.start(plan.id);
    expect(outcome.items[0]).toMatchObject({ status: 'unknown', error: { code: 'TIMEOUT' } });
    expect(outcome.summary.unknown).toBe(1);
  });

  it('a cube deleted in the meantime fails with CACHE_NOT_FOUND; the retry stays in the same run', async () => {
    const sim = await simulator({ projects: 1, cluster: { nodes: [{ name: NODE_A }], cubeCachesPerNode: 3 } });
    const all = services();
    const profile = await profileFor(all, sim);
    const listing = await all.caches.list(profile.id, 'cube');
    const gone = listing.caches[0] as CacheRow;
    sim.cluster.node(NODE_A)?.cubeCaches.delete(gone.id);
    const plan = await all.caches.plan({
      profileId: profile.id,
      kind: 'cube',
      action: 'delete',
      caches: listing.caches,
    });
    expect(plan.unpublishes).toBe(true);
    const outcome = await all.caches.start(plan.id);
    expect(outcome.summary).toMatchObject({ succeeded: 2, failed: 1 });
    expect(outcome.items.find((item) => item.cacheId === gone.id)?.error?.code).toBe('CACHE_NOT_FOUND');
    expect(sim.callsTo(/^DELETE .*\/monitors\/caches\/cubes\//)).toHaveLength(3);
    const retry = all.caches.retry(plan.id);
    expect(retry.runId).toBe(plan.runId);
    expect(retry.items.map((item) => item.cacheId)).toEqual([gone.id]);
    await all.caches.start(retry.id);
    expect(all.caches.outcome(retry.id)?.summary).toMatchObject({ total: 3, succeeded: 2, failed: 1 });
  });
});
