/**
 * The overview at the use-case layer against the cluster simulator: every figure is checked against
 * the simulator's own inventory (its nodes, loaded cubes, capacities and content caches), and the
 * history's runs against lines written through the history service (last purge, plan run and
 * republish, failures since the last look, runs per day).
 */
import { describe, expect, it } from 'vitest';
import * as overview from '../../../src/main/use-cases/overview.ts';
import type { HistoryEntry } from '../../../src/shared/model.ts';
import { NEAR_CAPACITY, localDay } from '../../../src/shared/overview.ts';
import { loadedCubeBytes } from '../../simulator/cube-memory.ts';
import type { LibrarySimulator } from '../../simulator/server.ts';
import { client, failure, simulator } from '../helpers.ts';
import { connected, world } from './world.ts';

const NODES = [
  { name: 'iserver-a.example.internal' },
  { name: 'iserver-b.example.internal', projects: [0, 1, 2] },
  { name: 'iserver-c.example.internal', status: 'stopped' as const },
];
const CLUSTER = { nodes: NODES, cubeCachesPerNode: 10, contentCachesPerNode: 30 };

function line(overrides: Partial<HistoryEntry> & Pick<HistoryEntry, 'runId' | 'time'>): HistoryEntry {
  return {
    durationMs: 5,
    profileId: 'p',
    profileName: 'P',
    serverHost: 'h',
    user: 'u',
    projectId: 'B7CA92F04B9FAE8D941C3E9B7E0CD754',
    projectName: 'Tutorial',
    cacheType: 'object',
    outcome: 'succeeded',
    httpStatus: 204,
    mstrCode: null,
    ticketId: null,
    errorCode: null,
    message: null,
    ...overrides,
  };
}

/** What the simulator holds on a node: usage and capacity per project. */
function inventory(sim: LibrarySimulator, nodeName: string): Map<string, { usage: number; capacity: number }> {
  const node = sim.cluster.node(nodeName);
  if (!node) throw new Error(nodeName);
  const bytes = loadedCubeBytes(node);
  return new Map(
    sim.cubeMemory
      .byProject(node)
      .map((usage) => [usage.id, { usage: bytes.get(usage.id) ?? 0, capacity: usage.capacity ?? 0 }]),
  );
}

function contentInventory(sim: LibrarySimulator): Map<string, Record<string, { count: number; sizeKb: number }>> {
  const expected = new Map<string, Record<string, { count: number; sizeKb: number }>>();
  for (const node of sim.cluster.nodes) {
    for (const cache of node.contentCaches.values()) {
      const key = `${node.name}/${cache.projectId}`;
      const figures = expected.get(key) ?? {};
      const status = cache.status.invalid
        ? 'invalid'
        : cache.status.expired
          ? 'expired'
          : cache.status.ready
            ? 'ready'
            : 'other';
      const figure = (figures[status] ??= { count: 0, sizeKb: 0 });
      figure.count += 1;
      figure.sizeKb += cache.size;
      expected.set(key, figures);
    }
  }
  return expected;
}

describe('the overview of an environment', () => {
  it("shows the simulator's cluster: nodes, cube memory against capacity, content caches by status", async () => {
    const sim = await simulator({ projects: 4, cluster: CLUSTER });
    const { services } = world();
    const env = await connected(services, sim, { name: 'Test' });
    const project = sim.projects[1];
    sim.cubeMemory.setCapacity(NODES[1]!.name, project!.id, 1);
    const figures = await overview.environmentOverview(services, env.id);

    expect(figures.nodesError).toBeNull();
    expect(figures.nodes.map((node) => [node.name, node.status, node.load])).toEqual(
      sim.cluster.nodes.map((node) => [node.name, node.status, node.load]),
    );
    const stopped = figures.nodes.find((node) => node.status === 'stopped');
    expect(stopped?.memory).toBeNull();
    expect(stopped?.memorySkipped).toContain('stopped');
    for (const node of figures.nodes.filter((candidate) => candidate.status === 'running')) {
      const expected = inventory(sim, node.name);
      expect(node.memory?.length).toBe(expected.size);
      for (const memory of node.memory ?? []) {
        const held = expected.get(memory.projectId);
        expect([memory.usage, memory.capacity]).toEqual([held?.usage, held?.capacity]);
        const share = memory.usage / (memory.capacity ?? 1);
        expect(memory.level).toBe(share > 1 ? 'over' : share >= NEAR_CAPACITY ? 'near' : 'ok');
      }
    }
    const levels = figures.nodes.flatMap((node) => node.memory ?? []).map((memory) => memory.level);
    expect(levels).toContain('over');
    expect(levels).toContain('near');
    expect(levels).toContain('ok');
    const tiny = figures.nodes[1]?.memory?.find((memory) => memory.projectId === project?.id);
    expect(tiny?.level).toBe(tiny?.usage === 0 ? 'ok' : 'over');

    const expectedContent = contentInventory(sim);
    expect(figures.content.length).toBe(expectedContent.size);
    for (const row of figures.content) {
      const held = expectedContent.get(`${row.node}/${row.projectId}`) ?? {};
      for (const status of ['ready', 'invalid', 'expired', 'other'] as const)
        expect(row[status], `${row.node} ${row.projectName} ${status}`).toEqual(
          held[status] ?? { count: 0, sizeKb: 0 },
        );
    }
    expect(figures.content.some((row) => row.invalid.count > 0)).toBe(true);
    expect(figures.contentNodesSkipped.map((skipped) => skipped.node)).toEqual([NODES[2]!.name]);
  });

  it('says why the figures are missing when the server lacks the privilege, and still reads the history', async () => {
    const sim = await simulator({ projects: 2, cluster: CLUSTER });
    const { services } = world();
    const env = await connected(services, sim, { name: 'Test' });
    for (const user of sim.users) {
      user.canMonitorCluster = false;
      user.canAdministerCaches = false;
    }
    const figures = await overview.environmentOverview(services, env.id);
    expect(figures.nodesError?.code).toBe('FORBIDDEN_PRIVILEGE');
    expect(figures.nodes).toEqual([]);
    expect(figures.failures).toEqual([]);
  });
});

describe('the aggregated-usage endpoint', () => {
  it('answers per project with capacity, 400 for a node that is not running, and follows the privilege', async () => {
    const sim = await simulator({ projects: 3, cluster: CLUSTER });
    const api = client(sim);
    await api.login({ loginMode: 'standard', username: 'administrator', secret: 'admin-pass' });
    const usages = await api.cubeUsageByProject(NODES[0]!.name);
    expect(usages).toEqual(
      sim.cubeMemory
        .byProject(sim.cluster.node(NODES[0]!.name)!)
        .map((usage) => ({ ...usage, capacity: usage.capacity })),
    );
    expect((await failure(api.cubeUsageByProject(NODES[2]!.name))).facts.httpStatus).toBe(400);
    for (const user of sim.users) user.canMonitorCluster = false;
    for (const user of sim.users) user.canAdministerCaches = false;
    expect((await failure(api.cubeUsageByProject(NODES[0]!.name))).code).toBe('FORBIDDEN_PRIVILEGE');
    sim.iServerVersion = '11.2.0000.0000';
    expect((await failure(api.cubeUsageByProject(NODES[0]!.name))).code).toBe('NOT_SUPPORTED');
  });
});

describe('runs from the history', () => {
  it('names the last purge, plan run and republish, counts failures since the last look, and per day', async () => {
    const sim = await simulator({ projects: 1, cluster: { nodes: [NODES[0]!] } });
    const { services } = world();
    const env = await connected(services, sim, { name: 'Test' });
    const other = await services.profiles.create({ name: 'Other', url: sim.url, tier: 'dev', username: 'a' });
    const now = new Date();
    const ago = (hours: number): string => new Date(now.getTime() - hours * 3_600_000).toISOString();
    const own = { profileId: env.id, profileName: env.name };
    for (const entry of [
      line({ ...own, runId: 'r-old-purge', time: ago(24 * 40) }),
      line({ ...own, runId: 'r-purge', time: ago(30), outcome: 'failed', errorCode: 'HTTP' }),
      line({ ...own, runId: 'r-purge', time: ago(30), cacheType: 'element' }),
      line({ ...own, runId: 'r-plan', time: ago(20), step: '1/2 purge object caches' }),
      line({ ...own, runId: 'r-republish', time: ago(10), cacheType: 'cube', action: 'republish', node: 'n' }),
      line({ ...own, runId: 'r-delete', time: ago(5), cacheType: 'cube', action: 'delete', outcome: 'failed' }),
      line({ profileId: other.id, profileName: other.name, runId: 'r-other', time: ago(1), outcome: 'failed' }),
    ])
      await services.history.append(entry);

    const figures = await overview.environmentOverview(services, env.id, now);
    expect(figures.lastPurge).toMatchObject({ runId: 'r-purge', outcome: 'failed', items: 2, failed: 1 });
    expect(figures.lastPlanRun).toMatchObject({ runId: 'r-plan', kind: 'plan', label: '1/2 purge object caches' });
    expect(figures.lastRepublish).toMatchObject({ runId: 'r-republish', kind: 'republish' });
    expect(figures.lastRun?.runId).toBe('r-delete');
    expect(figures.failures.map((run) => run.runId)).toEqual(['r-delete', 'r-purge']);

    const seenAt = await overview.markFailuresSeen(services, env.id, new Date(Date.parse(ago(7))));
    const later = await overview.environmentOverview(services, env.id, now);
    expect(later.lastLook).toBe(seenAt);
    expect(later.failures.map((run) => run.runId)).toEqual(['r-delete']);

    const rows = await overview.environmentRows(services, now);
    const row = rows.find((candidate) => candidate.profileId === env.id);
    expect(row?.days).toHaveLength(14);
    const total = (row?.days ?? []).reduce((sum, day) => sum + day.succeeded + day.failed + day.unknown, 0);
    expect(total).toBe(4);
    expect(rows.find((candidate) => candidate.profileId === other.id)?.failures).toHaveLength(1);

    const perDay = await overview.runsPerDay(services, { profileName: env.name, outcome: 'failed' }, now);
    expect(perDay).toHaveLength(30);
    expect(perDay.reduce((sum, day) => sum + day.failed, 0)).toBe(2);
    expect(perDay.at(-1)?.day).toBe(localDay(now));
  });
});
