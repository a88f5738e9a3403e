/**
 * Project state per node at the use-case layer against the simulator: the state table of an
 * asymmetric cluster, idles in every mode followed through "pending", a resume where nothing was
 * idled (nothing sent, said so), a node that refuses, a node that never settles (unknown, not
 * succeeded), production confirmations that name the end of users' sessions, and schema updates
 * that take a while or fail.
 */
import { describe, expect, it } from 'vitest';
import * as states from '../../../src/main/use-cases/project-states.ts';
import { IDLE_MODES, IDLE_STATUS } from '../../../src/shared/project-state.ts';
import { failure, simulator } from '../helpers.ts';
import { connected, world } from './world.ts';

const A = 'iserver-a.example.internal';
const B = 'iserver-b.example.internal';
/** Project 0 on both nodes, project 1 on node A only. */
const ASYMMETRIC = {
  nodes: [
    { name: A, projects: [0, 1] },
    { name: B, projects: [0] },
  ],
  contentCachesPerNode: 0,
  cubeCachesPerNode: 0,
};
const FAST = { settleTimeoutMs: 3_000, pollIntervalMs: 20 };

async function setUp(options: Parameters<typeof simulator>[0] = {}, tier = 'test') {
  const sim = await simulator({ projects: 2, cluster: ASYMMETRIC, ...options });
  const { services } = world();
  services.projectStates.timing = { ...FAST };
  const profile = await connected(services, sim, { name: 'Cluster', tier });
  const project = sim.projects[0] as { id: string; name: string };
  return { sim, services, profile, project };
}

describe('project state per node', () => {
  it('lists each project on each running node and marks one loaded on some nodes only', async () => {
    const { services, profile, sim } = await setUp();
    const table = await states.projectStateTable(services, profile.id);
    expect(table.nodes.map((node) => node.name)).toEqual([A, B]);
    const second = table.projects.find((row) => row.id === sim.projects[1]?.id);
    expect(second?.states).toEqual([
      { node: A, status: 'loaded' },
      { node: B, status: 'unloaded' },
    ]);
    expect(second?.asymmetric).toBe(true);
    expect(table.projects.find((row) => row.id === sim.projects[0]?.id)?.asymmetric).toBe(false);
    const onlyB = await states.projectStateTable(services, profile.id, [B]);
    expect(onlyB.nodes.map((node) => node.name)).toEqual([B]);
    expect((await failure(states.projectStateTable(services, profile.id, ['nope']))).code).toBe('VALIDATION');
  });

  it('idles in every mode through pending, and a resume then brings every node back', async () => {
    const { services, profile, project, sim } = await setUp();
    for (const mode of IDLE_MODES) {
      const plan = await states.planProjectState(services, {
        profileId: profile.id,
        action: 'idle',
        mode,
        project: project.name,
      });
      const outcome = await states.runProjectState(services, plan.id, {});
      expect(outcome.nodes.map((node) => [node.node, node.status, node.after])).toEqual([
        [A, 'succeeded', IDLE_STATUS[mode]],
        [B, 'succeeded', IDLE_STATUS[mode]],
      ]);
    }
    // The nodes answered "pending" first: the change was followed, not assumed.
    expect(sim.callsTo(/^GET .*\/projects\/[0-9A-F]{32}\/status$/).length).toBeGreaterThanOrEqual(
      2 * IDLE_MODES.length,
    );
    const resume = await states.planProjectState(services, {
      profileId: profile.id,
      action: 'resume',
      project: project.id,
    });
    const back = await states.runProjectState(services, resume.id, {});
    expect(states.projectStateStatus(back.nodes)).toBe('succeeded');
    const table = await states.projectStateTable(services, profile.id);
    expect(table.projects.find((row) => row.id === project.id)?.states.map((s) => s.status)).toEqual([
      'loaded',
      'loaded',
    ]);
    const lines = await services.history.list();
    expect(lines.filter((line) => line.action === 'resume').map((line) => [line.node, line.outcome])).toEqual(
      expect.arrayContaining([
        [A, 'succeeded'],
        [B, 'succeeded'],
      ]),
    );
  });

  it('a resume on nodes that were never idled changes nothing, sends nothing and says so', async () => {
    const { services, profile, project, sim } = await setUp();
    const plan = await states.planProjectState(services, {
      profileId: profile.id,
      action: 'resume',
      project: project.name,
    });
    expect(plan.nodes.map((node) => [node.status, node.note])).toEqual([
      ['unchanged', 'already loaded'],
      ['unchanged', 'already loaded'],
    ]);
    const outcome = await states.runProjectState(services, plan.id, {});
    expect(states.projectStateStatus(outcome.nodes)).toBe('unchanged');
    expect(sim.callsTo(/^PATCH /)).toHaveLength(0);
  });

  it('loads a project where it is not loaded, only there, and leaves the other node alone', async () => {
    const { services, profile, sim } = await setUp();
    const second = sim.projects[1] as { id: string };
    const plan = await states.planProjectState(services, { profileId: profile.id, action: 'load', project: second.id });
    expect(states.nodesToChange(plan).map((node) => node.node)).toEqual([B]);
    const outcome = await states.runProjectState(services, plan.id, {});
    expect(outcome.nodes.find((node) => node.node === B)?.status).toBe('succeeded');
    expect(sim.projectStates.changes).toEqual([{ node: B, projectId: second.id, status: 'loaded' }]);
  });

  it('reports a node that refuses with its privilege, and the other node as done', async () => {
    const { services, profile, project } = await setUp({ projectStates: { refusingNodes: [B] } });
    const plan = await states.planProjectState(services, {
      profileId: profile.id,
      action: 'idle',
      mode: 'request',
      project: project.name,
    });
    const outcome = await states.runProjectState(services, plan.id, {});
    const refused = outcome.nodes.find((node) => node.node === B);
    expect(refused?.status).toBe('failed');
    expect(refused?.error?.code).toBe('FORBIDDEN_PRIVILEGE');
    expect(refused?.error?.message).toContain('Idle and resume project');
    expect(outcome.nodes.find((node) => node.node === A)?.status).toBe('succeeded');
    expect(states.projectStateStatus(outcome.nodes)).toBe('failed');
  });

  it('calls a change that is still pending at the timeout unknown, not succeeded', async () => {
    const { services, profile, project } = await setUp({ projectStates: { stuckNodes: [A] } });
    services.projectStates.timing = { settleTimeoutMs: 300, pollIntervalMs: 20 };
    const plan = await states.planProjectState(services, {
      profileId: profile.id,
      action: 'unload',
      project: project.name,
      nodes: [A],
    });
    const outcome = await states.runProjectState(services, plan.id, {});
    expect(outcome.nodes).toHaveLength(1);
    expect(outcome.nodes[0]?.status).toBe('unknown');
    expect(outcome.nodes[0]?.note).toMatch(/Still pending/);
    expect((await services.history.list()).find((line) => line.action === 'unload')?.outcome).toBe('unknown');
  });

  it('on production asks for the name, and says an unload ends users sessions; nothing sent until then', async () => {
    const { services, profile, project, sim } = await setUp({}, 'prod');
    const plan = await states.planProjectState(services, {
      profileId: profile.id,
      action: 'unload',
      project: project.name,
    });
    const refused = await failure(states.runProjectState(services, plan.id, {}));
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.message).toContain("ends its users' sessions");
    const full = await states.planProjectState(services, {
      profileId: profile.id,
      action: 'idle',
      mode: 'full',
      project: project.name,
    });
    expect((await failure(states.runProjectState(services, full.id, { typedNames: ['cluster'] }))).message).toContain(
      'did not match',
    );
    expect(sim.callsTo(/^PATCH /)).toHaveLength(0);
    const done = await states.runProjectState(services, full.id, { typedNames: [profile.name] });
    expect(states.projectStateStatus(done.nodes)).toBe('succeeded');
  });
});

describe('schema update', () => {
  it('follows a task that takes a while to its end, with the parts ticked', async () => {
    const { services, profile, project, sim } = await setUp({ schema: { taskReads: 3 } });
    const outcome = await states.updateSchema(
      services,
      { profileId: profile.id, project: project.name, parts: ['refresh', 'table-keys', 'clear-element-cache'] },
      {},
    );
    expect(outcome.status).toBe('succeeded');
    expect([...sim.schema.tasks.values()][0]?.updateTypes).toEqual(['table_key', 'entry_level', 'clear_element_cache']);
    expect(sim.callsTo(/^GET .*\/model\/tasks\//).length).toBeGreaterThanOrEqual(4);
    expect((await services.history.list()).find((line) => line.action === 'update-schema')?.outcome).toBe('succeeded');
  });

  it('reports a failed task as failed with its reason, and one that never ends as unknown', async () => {
    const { services, profile, sim } = await setUp();
    const [first, second] = sim.projects as { id: string }[];
    sim.schema.options.failingProjects = [first?.id ?? ''];
    sim.schema.options.endlessProjects = [second?.id ?? ''];
    const failed = await states.updateSchema(
      services,
      { profileId: profile.id, project: first?.id ?? '', parts: ['refresh'] },
      {},
    );
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toContain('LU_CUSTOMER');
    services.projectStates.timing = { settleTimeoutMs: 200, pollIntervalMs: 20 };
    const endless = await states.updateSchema(
      services,
      { profileId: profile.id, project: second?.id ?? '', parts: ['logical-sizes'] },
      {},
    );
    expect(endless.status).toBe('unknown');
    expect(endless.error?.message).toContain('may still be running');
  });
});
