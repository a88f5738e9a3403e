/**
 * The overview of an environment against the cluster simulator's own inventory: every node with its
 * state and load, each running node's cube memory per project (the bytes of the cubes loaded there)
 * with the capacity the endpoint gives, and its content caches per project counted under one status
 * each (invalid, then expired, then ready, else other) with their sizes. A stopped node is not asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { environmentOverview } from '../../src/main/use-cases/overview.ts';
import type { ProjectContent } from '../../src/shared/overview.ts';
import { loadedCubeBytes } from '../simulator/cube-memory.ts';
import type { SimulatedNode } from '../simulator/nodes.ts';
import type { LibrarySimulator } from '../simulator/server.ts';
import { profileFor, services } from './engine-helpers.ts';
import { simulator } from './helpers.ts';

const NODE_A = 'iserver-a.example.internal';
const NODE_B = 'iserver-b.example.internal';
const NODE_C = 'iserver-c.example.internal';
const running: LibrarySimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** The content figures the simulator holds for a node, in the overview's shape. */
function heldContent(node: SimulatedNode): Map<string, Omit<ProjectContent, 'node' | 'projectName'>> {
  const byProject = new Map<string, Omit<ProjectContent, 'node' | 'projectName'>>();
  for (const cache of node.contentCaches.values()) {
    let figures = byProject.get(cache.projectId);
    if (!figures) {
      const empty = () => ({ count: 0, sizeKb: 0 });
      figures = { projectId: cache.projectId, ready: empty(), invalid: empty(), expired: empty(), other: empty() };
      byProject.set(cache.projectId, figures);
    }
    const status = cache.status.invalid
      ? 'invalid'
      : cache.status.expired
        ? 'expired'
        : cache.status.ready
          ? 'ready'
          : 'other';
    figures[status].count += 1;
    figures[status].sizeKb += cache.size;
  }
  return byProject;
}

describe('the overview against the simulator inventory', () => {
  it('shows each node, its cube memory per project and its content caches per project by status', async () => {
    const sim = await simulator({
      projects: 6,
      cluster: {
        nodes: [{ name: NODE_A }, { name: NODE_B, projects: [0, 1, 2] }, { name: NODE_C, status: 'stopped' }],
        cubeCachesPerNode: 12,
        contentCachesPerNode: 60,
      },
    });
    running.push(sim);
    const all = services();
    const profile = await profileFor(all, sim);
    const overview = await environmentOverview(all, profile.id);

    expect(overview.nodesError).toBeNull();
    expect(overview.contentError).toBeNull();
    expect(overview.nodes.map(({ name, status, load, isDefault }) => ({ name, status, load, isDefault }))).toEqual(
      sim.cluster.nodes.map(({ name, status, load, isDefault }) => ({ name, status, load, isDefault })),
    );

    for (const node of sim.cluster.nodes.filter((candidate) => candidate.status === 'running')) {
      const shown = overview.nodes.find((candidate) => candidate.name === node.name);
      const held = loadedCubeBytes(node);
      const reported = new Map(sim.cubeMemory.byProject(node).map((usage) => [usage.id, usage]));
      expect(reported.size, node.name).toBeGreaterThan(0);
      expect(shown?.memory?.length, node.name).toBe(reported.size);
      for (const memory of shown?.memory ?? []) {
        expect(memory.usage, `${node.name} ${memory.projectName}`).toBe(held.get(memory.projectId) ?? 0);
        expect(memory.capacity, `${node.name} ${memory.projectName}`).toBe(reported.get(memory.projectId)?.capacity);
      }
      expect(shown?.memory?.some((memory) => memory.level === 'over')).toBe(true);
      expect(shown?.memory?.some((memory) => memory.level === 'near')).toBe(true);

      const content = overview.content.filter((row) => row.node === node.name);
      const heldByProject = heldContent(node);
      expect(heldByProject.size, node.name).toBeGreaterThan(0);
      expect(content.map((row) => row.projectId).sort()).toEqual([...heldByProject.keys()].sort());
      for (const row of content) {
        const { node: _node, projectName: _name, ...figures } = row;
        expect(figures, `${node.name} ${row.projectName}`).toEqual(heldByProject.get(row.projectId));
      }
    }

    const stopped = overview.nodes.find((node) => node.name === NODE_C);
    expect(stopped?.memory).toBeNull();
    expect(stopped?.memorySkipped).toContain('stopped');
    expect(overview.content.some((row) => row.node === NODE_C)).toBe(false);
    await all.sessions.closeAll();
  });
});
