/**
 * `projects` on the command line against a two-node simulator: state per node with --node, the
 * idle/resume/load/unload verbs with --dry-run, --yes and exit codes (0 done or already so, 1 a node
 * failed, 2 refused), update-schema, and `projects -- NAME` for a profile named like a verb.
 */
import { describe, expect, it } from 'vitest';
import type { LibrarySimulator } from '../simulator/server.ts';
import { addProfile, cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

const A = 'iserver-a.example.internal';
const B = 'iserver-b.example.internal';
const PASSWORD = { env: { MSTR_CACHE_PASSWORD: 'admin-pass' } };

async function setUp(tier = 'test', options: Parameters<typeof simulator>[0] = {}) {
  const sim = await simulator({
    projects: 2,
    cluster: {
      nodes: [
        { name: A, projects: [0, 1] },
        { name: B, projects: [0] },
      ],
      contentCachesPerNode: 0,
      cubeCachesPerNode: 0,
    },
    ...options,
  });
  const tool = cli();
  await addProfile(tool, sim, 'Cluster', tier);
  return {
    sim,
    tool,
    project: sim.projects[0] as { id: string; name: string },
    second: sim.projects[1] as { id: string; name: string },
  };
}

const patches = (sim: LibrarySimulator) => sim.callsTo(/^PATCH .*\/monitors\/iServer\/nodes\//).length;

describe('projects on the command line', () => {
  it('lists state per node, marks a project loaded on one node only, and filters by node', async () => {
    const { tool, second } = await setUp();
    const text = await tool.run(['projects', 'Cluster'], PASSWORD);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`${A}: loaded; ${B}: unloaded (not the same on every node)`);
    const json = await tool.json<{ states: { id: string; states: { node: string }[]; asymmetric: boolean }[] }>(
      ['projects', 'Cluster', '--node', B],
      PASSWORD,
    );
    expect(json.code).toBe(0);
    expect(json.body.states.find((row) => row.id === second.id)?.states).toEqual([{ node: B, status: 'unloaded' }]);
    const unknown = await tool.json<{ error: { code: string } }>(['projects', 'Cluster', '--node', 'nope'], PASSWORD);
    expect([unknown.code, unknown.body.error.code]).toEqual([2, 'VALIDATION']);
  });

  it('a resume where nothing was idled sends nothing and says so (exit 0)', async () => {
    const { sim, tool, project } = await setUp();
    const run = await tool.run(['projects', 'resume', 'Cluster', '--project', project.name], PASSWORD);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${A}: not sent: already loaded`);
    expect(run.stdout).toContain('nothing was sent');
    expect(patches(sim)).toBe(0);
  });

  it('idles with --dry-run (nothing sent), then for real on one node, and resumes it', async () => {
    const { sim, tool, project } = await setUp();
    const dry = await tool.run(
      ['projects', 'idle', 'Cluster', '--project', project.id, '--mode', 'execution', '--dry-run'],
      PASSWORD,
    );
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: 2 nodes would be sent "idle"');
    expect(patches(sim)).toBe(0);
    const idle = await tool.json<{ nodes: { node: string; status: string; after: string }[] }>(
      ['projects', 'idle', 'Cluster', '--project', project.id, '--mode', 'execution', '--node', B],
      PASSWORD,
    );
    expect(idle.code).toBe(0);
    expect(idle.body.nodes).toEqual([expect.objectContaining({ node: B, status: 'succeeded', after: 'exec_idle' })]);
    const resume = await tool.json<{ nodes: { node: string; status: string }[] }>(
      ['projects', 'resume', 'Cluster', '--project', project.name],
      PASSWORD,
    );
    expect(resume.body.nodes.map((node) => [node.node, node.status])).toEqual([
      [A, 'unchanged'],
      [B, 'succeeded'],
    ]);
  });

  it('on production refuses without --yes (exit 2), saying a full idle blocks users sessions; --yes sends it', async () => {
    const { sim, tool, project } = await setUp('prod');
    const refused = await tool.json<{ error: { code: string; message: string } }>(
      ['projects', 'idle', 'Cluster', '--project', project.name, '--mode', 'full'],
      PASSWORD,
    );
    expect(refused.code).toBe(2);
    expect(refused.body.error.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.body.error.message).toContain("blocks its users' sessions");
    expect(patches(sim)).toBe(0);
    const done = await tool.run(['projects', 'unload', 'Cluster', '--project', project.name, '--yes'], PASSWORD);
    expect(done.code, done.stderr).toBe(0);
    expect(patches(sim)).toBe(2);
  });

  it('a node that refuses makes the exit code 1 and names the privilege', async () => {
    const { tool, project } = await setUp('test', { projectStates: { refusingNodes: [B] } });
    const run = await tool.run(
      ['projects', 'idle', 'Cluster', '--project', project.name, '--mode', 'request'],
      PASSWORD,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`${B}: FAILED: FORBIDDEN_PRIVILEGE: .*Idle and resume project`));
  });

  it('update-schema follows the task: exit 0 when it completes, 1 when it fails, 2 with no part ticked', async () => {
    const { sim, tool, project, second } = await setUp();
    sim.schema.options.failingProjects = [second.id];
    const done = await tool.run(
      ['projects', 'update-schema', 'Cluster', '--project', project.name, '--refresh', '--logical-sizes'],
      PASSWORD,
    );
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('SUCCEEDED');
    const failed = await tool.run(
      ['projects', 'update-schema', 'Cluster', '--project', second.id, '--table-keys'],
      PASSWORD,
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('LU_CUSTOMER');
    const none = await tool.run(['projects', 'update-schema', 'Cluster', '--project', project.name], PASSWORD);
    expect(none.code).toBe(2);
  });

  it('lists a profile named like a verb with projects -- NAME, as its help says', async () => {
    const sim = await simulator({ projects: 1 });
    const tool = cli();
    await addProfile(tool, sim, 'idle');
    const help = await tool.run(['projects', '--help']);
    expect(help.stdout).toContain('-- PROFILE');
    const listed = await tool.run(['projects', '--json', '--', 'idle'], PASSWORD);
    expect([listed.code, (JSON.parse(listed.stdout) as { profile: string }).profile]).toEqual([0, 'idle']);
    const text = await tool.run(['projects', '--', 'idle'], PASSWORD);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('loaded');
  });
});
