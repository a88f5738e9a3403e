/**
 * `nodes`, `content-caches` and `cube-caches` as an admin runs them: JSON documents, CSV, exact wire
 * traffic per node, dry runs and refusals that send nothing, and no secret in any file.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { CLI_BIN, REPO, addProfile, cli, type Cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

const NODE_A = 'iserver-a.example.internal';
const NODE_B = 'iserver-b.example.internal';
const PASSWORD = { env: { MSTR_CACHE_PASSWORD: 'admin-pass' } };

interface CacheJson {
  node: string;
  id: string;
  projectId: string;
  projectName: string;
  name: string;
  type: string;
  status: string[];
  sizeKb: number;
  hitCount: number;
  lastHit: string | null;
  lastUpdated: string | null;
}

/** The command at a real terminal (`script`), typing `answer` once the name is asked for. */
function atTerminal(tool: Cli, args: string, answer: string): Promise<{ code: number | null; screen: string }> {
  const child = spawn('script', ['-qec', `"${process.execPath}" "${CLI_BIN}" ${args}`, '/dev/null'], {
    cwd: REPO,
    env: {
      ...process.env,
      MSTR_CACHE_HOME: tool.home,
      MSTR_CACHE_KEYCHAIN_SERVICE: tool.service,
      MSTR_CACHE_PASSWORD: 'admin-pass',
    },
  });
  let screen = '';
  let typed = false;
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
    if (!typed && /Type its name to confirm: /.test(screen)) {
      typed = true;
      child.stdin.write(`${answer}\r`);
    }
  });
  return new Promise((done) => child.on('close', (code) => done({ code, screen })));
}

function actionCalls(sim: Awaited<ReturnType<typeof simulator>>): number {
  return sim.callsTo(/^(PATCH|DELETE) /).length;
}

describe('cache monitor on the command line', () => {
  it('lists nodes, and content caches of running nodes only, as one JSON document and as CSV', async () => {
    const sim = await simulator({
      projects: 2,
      cluster: {
        nodes: [
          { name: NODE_A },
          { name: NODE_B, projects: [1] },
          { name: 'iserver-c.example.internal', status: 'stopped' },
        ],
        contentCachesPerNode: 1100,
      },
    });
    const tool = cli();
    await addProfile(tool, sim, 'Test');
    const nodes = await tool.json<{ nodes: { name: string; status: string }[] }>(['nodes', 'Test'], PASSWORD);
    expect(nodes.body.nodes.map((node) => [node.name, node.status])).toEqual([
      [NODE_A, 'running'],
      [NODE_B, 'running'],
      ['iserver-c.example.internal', 'stopped'],
    ]);

    const listed = await tool.json<{
      caches: CacheJson[];
      nodes: { name: string; listed: boolean; skippedReason: string | null }[];
    }>(['content-caches', 'list', 'Test'], PASSWORD);
    expect(listed.code).toBe(0);
    expect(listed.body.caches).toHaveLength(2200);
    const first = listed.body.caches[0] as CacheJson;
    for (const field of ['node', 'id', 'projectId', 'projectName', 'name', 'type', 'status', 'sizeKb', 'hitCount'])
      expect(first).toHaveProperty(field);
    expect(first.lastHit).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(listed.body.nodes.find((node) => node.name.startsWith('iserver-c'))).toMatchObject({
      listed: false,
      skippedReason: 'stopped: not asked',
    });
    expect(sim.calls.some((call) => call.query.clusterNode?.startsWith('iserver-c'))).toBe(false);
    // Node b has project 1 only: it is never asked about project 0.
    const asked = sim.callsTo(/caches\/contents$/).filter((call) => call.query.clusterNode === NODE_B);
    expect(new Set(asked.map((call) => call.query.projectId))).toEqual(new Set([sim.projects[1]?.id]));

    const csv = join(tool.home, 'caches.csv');
    const written = await tool.run(['content-caches', 'list', 'Test', '--node', 'iserver-b', '--csv', csv], PASSWORD);
    expect(written.code, written.stderr).toBe(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'node,projectName,projectId,name,type,status,sizeKb,hitCount,lastHit,lastUpdated,created,expires,owner,id',
    );
    expect(lines).toHaveLength(1101);
  });

  it('invalidates exactly the filtered caches, one PATCH per node, and writes each to the history', async () => {
    const sim = await simulator({ projects: 2, cluster: { contentCachesPerNode: 60 } });
    const tool = cli();
    await addProfile(tool, sim, 'Test');
    const filters = ['--status', 'ready', '--type', 'report', '--project', sim.projects[0]?.name ?? ''];
    const dry = await tool.json<{ caches: CacheJson[]; dryRun: boolean }>(
      ['content-caches', 'invalidate', 'Test', ...filters, '--dry-run'],
      PASSWORD,
    );
    expect(dry.body.dryRun).toBe(true);
    expect(actionCalls(sim)).toBe(0);
    const expected = dry.body.caches.map((row) => `${row.node}/${row.id}`).sort();
    expect(expected.length).toBeGreaterThan(0);

    const run = await tool.json<{
      summary: { succeeded: number };
      items: { node: string; cacheId: string; confirmed: boolean }[];
    }>(['content-caches', 'invalidate', 'Test', ...filters], PASSWORD);
    expect(run.code).toBe(0);
    expect(run.body.summary.succeeded).toBe(expected.length);
    expect(run.body.items.every((item) => item.confirmed)).toBe(true);
    const sent = sim
      .callsTo(/^PATCH /)
      .flatMap((call) =>
        (JSON.parse(call.body) as { operationList: { path: string }[] }).operationList.map(
          (operation) =>
            `${call.query.clusterNode}/${/^\/contentCaches\/(.+)\/status\/invalid$/.exec(operation.path)?.[1]}`,
        ),
      );
    expect(sent.sort()).toEqual(expected);
    expect(new Set(sim.callsTo(/^PATCH /).map((call) => call.query.clusterNode)).size).toBe(
      sim.callsTo(/^PATCH /).length,
    );

    const history = await tool.json<{ entries: { action: string; node: string; cacheId: string }[] }>(
      ['history'],
      PASSWORD,
    );
    const recorded = history.body.entries.filter((entry) => entry.action === 'invalidate');
    expect(recorded.map((entry) => `${entry.node}/${entry.cacheId}`).sort()).toEqual(expected);
  });

  it('refuses production without --yes and cube deletes without --yes on any tier, sending nothing', async () => {
    const sim = await simulator({ projects: 1 });
    const tool = cli();
    await addProfile(tool, sim, 'Prod', 'prod');
    await addProfile(tool, sim, 'Dev', 'dev');
    const production = await tool.json(['content-caches', 'delete', 'Prod'], PASSWORD);
    expect(production).toMatchObject({ code: 2, body: { error: { code: 'CONFIRMATION_REQUIRED' } } });
    const unpublish = await tool.json<{ error: { message: string } }>(['cube-caches', 'delete', 'Dev'], PASSWORD);
    expect(unpublish.code).toBe(2);
    expect(unpublish.body.error.message).toContain('unpublishes');
    expect(actionCalls(sim)).toBe(0);

    const deleted = await tool.json<{ summary: { succeeded: number } }>(
      ['cube-caches', 'delete', 'Dev', '--node', NODE_A, '--state', 'unloaded', '--yes'],
      PASSWORD,
    );
    expect(deleted.code).toBe(0);
    const deletes = sim.callsTo(/^DELETE .*\/monitors\/caches\/cubes\//);
    expect(deletes).toHaveLength(deleted.body.summary.succeeded);
    expect(deletes.length).toBeGreaterThan(0);
    // Every deleted cube was an unloaded one of node a: its id names node a's address.
    const nodeA = sim.cluster.node(NODE_A)?.address ?? '';
    expect(deletes.every((call) => decodeURIComponent(call.path).endsWith(`:${nodeA}`))).toBe(true);
  });

  it('at a terminal, a production action shows what it will do and sends only once the name is typed right', async () => {
    const sim = await simulator({ projects: 1, cluster: { contentCachesPerNode: 20 } });
    const tool = cli();
    await addProfile(tool, sim, 'Prod', 'prod');
    const wrong = await atTerminal(tool, 'content-caches invalidate Prod --status ready', 'prod');
    expect(wrong.screen).toMatch(/About to invalidate content caches: \d+ on Prod\./);
    expect(wrong.screen).toContain('The name did not match Prod. Nothing was sent.');
    expect(wrong.code).toBe(2);
    expect(actionCalls(sim)).toBe(0);
    const right = await atTerminal(tool, 'content-caches invalidate Prod --status ready', 'Prod');
    expect(right.code).toBe(0);
    expect(actionCalls(sim)).toBeGreaterThan(0);
  });

  it('unloads cubes, following each manipulation to its end, and exits 1 when one ends in error', async () => {
    const sim = await simulator({ projects: 1, cluster: { nodes: [{ name: NODE_A }], cubeCachesPerNode: 3 } });
    const [failing] = sim.cluster.allCubes().filter((cube) => cube.state.loadedState === 'loaded');
    if (!failing) throw new Error('no loaded cube');
    failing.failsManipulation = true;
    const tool = cli();
    await addProfile(tool, sim, 'Dev', 'dev');
    const run = await tool.json<{
      summary: { succeeded: number; failed: number };
      items: { cacheId: string; status: string; error: { code: string } | null }[];
    }>(['cube-caches', 'unload', 'Dev', '--state', 'loaded'], PASSWORD);
    expect(run.code).toBe(1);
    expect(run.body.summary).toMatchObject({ succeeded: 1, failed: 1 });
    expect(run.body.items.find((item) => item.cacheId === failing.id)?.error?.code).toBe('MANIPULATION_FAILED');
    expect(sim.callsTo(/manipulations\/.+\/status$/).length).toBeGreaterThanOrEqual(6);
  });

  it('keeps no password or token in any file of the data folder', async () => {
    const sim = await simulator({ projects: 1 });
    const tool = cli();
    await addProfile(tool, sim, 'Dev', 'dev');
    expect((await tool.run(['content-caches', 'invalidate', 'Dev', '--status', 'ready'], PASSWORD)).code).toBe(0);
    expect((await tool.run(['cube-caches', 'unload', 'Dev', '--state', 'loaded'], PASSWORD)).code).toBe(0);
    const secrets = ['admin-pass', ...sim.issuedTokens];
    expect(sim.issuedTokens.length).toBeGreaterThan(1);
    const files = readdirSync(tool.home, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(join(file.parentPath, file.name), 'utf8');
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
