/**
 * The projects an environment shows and purges: every project from GET /api/monitors/projects with
 * the loaded ones from GET /api/projects, unloaded ones shown and skipped before anything is sent,
 * and, where the server lacks or refuses the monitors list, only the loaded ones, saying so.
 */
import { describe, expect, it } from 'vitest';
import { failure, simulator } from './helpers.ts';
import { profileFor, services } from './engine-helpers.ts';
import { addProfile, cli } from './cli-helpers.ts';

const NODE_A = 'iserver-a.example.internal';
const NODE_B = 'iserver-b.example.internal';

async function listing(sim: Awaited<ReturnType<typeof simulator>>, secret?: string, username?: string) {
  const all = services();
  const profile = await profileFor(all, sim, username ? { username } : {}, secret);
  const list = await all.projects.list(await all.sessions.for(profile), true);
  return { all, profile, list };
}

describe('the projects of an environment', () => {
  it('shows unloaded projects from the monitors list, pages it, and skips them before anything is sent', async () => {
    const sim = await simulator({ projects: 2500, unloadedProjects: [1, 2000] });
    const { all, profile, list } = await listing(sim);
    expect(list.unloadedKnown).toBe(true);
    expect(list.projects).toHaveLength(2500);
    expect(list.projects.map((project) => project.id)).toEqual(sim.projects.map((project) => project.id));
    expect([list.projects[1]!.status, list.projects[2000]!.status]).toEqual([
      sim.projects[1]!.status,
      sim.projects[2000]!.status,
    ]);
    expect(list.projects.filter((project) => project.status !== 0)).toHaveLength(2);
    const pages = sim.callsTo(/^GET .*\/api\/monitors\/projects$/).map((call) => [call.query.offset, call.query.limit]);
    expect(pages).toEqual([
      ['0', '1000'],
      ['1000', '1000'],
      ['2000', '1000'],
    ]);

    const plan = await all.engine.prepare({
      environments: [profile.id],
      projects: { ids: [sim.projects[0]!.id, sim.projects[1]!.id] },
      cacheTypes: ['object'],
    });
    expect(plan.items.map((item) => item.projectId)).toEqual([sim.projects[0]!.id]);
    expect(plan.skipped).toMatchObject([{ projectId: sim.projects[1]!.id, reason: 'not loaded (offline)' }]);
    expect(sim.callsTo(/^DELETE /)).toHaveLength(0);
  });

  it('counts a project loaded only on another node as not loaded where the session runs', async () => {
    const sim = await simulator({
      projects: 3,
      cluster: { nodes: [{ name: NODE_A, projects: [0, 2] }, { name: NODE_B }] },
    });
    const { all, profile, list } = await listing(sim);
    expect(list.projects.map((project) => project.status)).toEqual([0, -1, 0]);
    const plan = await all.engine.prepare({
      environments: [profile.id],
      projects: { all: true },
      cacheTypes: ['element'],
    });
    expect(plan.items.map((item) => item.projectId)).toEqual([sim.projects[0]!.id, sim.projects[2]!.id]);
    expect(plan.skipped.map((skipped) => skipped.projectId)).toEqual([sim.projects[1]!.id]);
  });

  it('falls back to the loaded projects, and says so, where the monitors list is missing or forbidden', async () => {
    const old = await simulator({ projects: 'recorded' });
    const fromOld = await listing(old);
    expect(fromOld.list.unloadedKnown).toBe(false);
    expect(fromOld.list.projects).toHaveLength(7);

    const sim = await simulator({
      projects: 4,
      unloadedProjects: [3],
      users: [
        {
          username: 'ops',
          password: 'ops-pass',
          fullName: 'Ops',
          loginModes: [1],
          canAdministerCaches: true,
          canListProjects: true,
          canListAllProjects: false,
        },
      ],
    });
    const forbidden = await listing(sim, 'ops-pass', 'ops');
    expect(forbidden.list.unloadedKnown).toBe(false);
    expect(forbidden.list.projects.map((project) => project.id)).toEqual(
      sim.projects.slice(0, 3).map((project) => project.id),
    );

    const tool = cli();
    await addProfile(tool, sim, 'Ops', 'test', 'ops');
    const text = await tool.run(['projects', 'Ops', '--password-stdin'], { stdin: 'ops-pass' });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.trim().split('\n')).toHaveLength(3);
    expect(text.stderr).toContain('Only loaded projects are listed');
    const json = await tool.json<{ unloadedKnown: boolean }>(['projects', 'Ops', '--password-stdin'], {
      stdin: 'ops-pass',
    });
    expect(json.body.unloadedKnown).toBe(false);
  });

  it('fails honestly when the monitors list fails for another reason, rather than hiding unloaded projects', async () => {
    const sim = await simulator({ projects: 3 });
    const all = services();
    const profile = await profileFor(all, sim);
    sim.inject({ kind: 'status', status: 500, times: 3, match: /monitors\/projects$/ });
    const error = await failure(all.projects.list(await all.sessions.for(profile), true));
    expect(error).toMatchObject({ code: 'SERVER_ERROR', facts: { httpStatus: 500 } });
  });
});
