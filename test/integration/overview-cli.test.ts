/**
 * `overview PROFILE` as an admin or a monitoring script runs it: one JSON document with the
 * simulator's figures, a compact text table, exit code 1 when a part could not be gathered, and the
 * usual exit codes for a wrong profile or a failed login.
 */
import { describe, expect, it } from 'vitest';
import type { EnvironmentOverview } from '../../src/shared/overview.ts';
import { loadedCubeBytes } from '../simulator/cube-memory.ts';
import { addProfile, cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

const NODE_A = 'iserver-a.example.internal';
const PASSWORD = { env: { MSTR_CACHE_PASSWORD: 'admin-pass' } };

describe('overview on the command line', () => {
  it('prints the cluster as JSON and as text; a node that fails makes the exit code 1', async () => {
    const sim = await simulator({
      projects: 3,
      cluster: { nodes: [{ name: NODE_A }, { name: 'iserver-b.example.internal', goneDown: true }] },
    });
    const tool = cli();
    await addProfile(tool, sim, 'Test');
    const { code, body } = await tool.json<{ ok: boolean; overview: EnvironmentOverview }>(
      ['overview', 'Test'],
      PASSWORD,
    );
    expect(code).toBe(1);
    expect(body.ok).toBe(false);
    const [nodeA, nodeB] = body.overview.nodes;
    const held = loadedCubeBytes(sim.cluster.node(NODE_A)!);
    expect(nodeA?.memory?.map((memory) => memory.usage)).toEqual(
      nodeA?.memory?.map((memory) => held.get(memory.projectId) ?? 0),
    );
    expect(nodeB?.memoryError?.code).toBeTruthy();

    sim.cluster.nodes.splice(1, 1);
    const text = await tool.run(['overview', 'Test'], PASSWORD);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^NODE\tPROJECT\tUSED\tCAPACITY\tSHARE\tFLAG$/m);
    expect(text.stdout).toContain('OVER CAPACITY');
    expect(text.stdout).toContain('near capacity');
    expect(text.stdout).toMatch(/^NODE\tPROJECT\tREADY\tINVALID\tEXPIRED\tOTHER\tSIZE$/m);
    expect(text.stdout).toMatch(/^last purge\tnone$/m);
  });

  it('answers 2 for an unknown profile and 3 for a refused login', async () => {
    const sim = await simulator({ projects: 1 });
    const tool = cli();
    await addProfile(tool, sim, 'Test');
    expect((await tool.run(['overview', 'Nope'], PASSWORD)).code).toBe(2);
    expect((await tool.run(['overview', 'Test'], { env: { MSTR_CACHE_PASSWORD: 'wrong' } })).code).toBe(3);
  });
});
