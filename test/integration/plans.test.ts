/**
 * Maintenance plans as an admin brings them over: a Command Manager script imported on the command
 * line, then `preset run --yes --json` against the cluster simulator sends exactly the script's
 * calls in the script's order; its password is in no file and no keychain entry; version 1 presets
 * migrate to one purge step without loss; a failed step does not stop the plan unless asked.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPlan } from '../../src/main/plans/plan-runner.ts';
import { KeychainSecretStore } from '../../src/main/secrets/keychain.ts';
import { profileFor, services } from './engine-helpers.ts';
import { addProfile, cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

const PASSWORD = { env: { MSTR_CACHE_PASSWORD: 'admin-pass' } };
const SCRIPT_SECRET = 'Sup3rS3cret!cmdmgr';

interface StepJson {
  label: string;
  status: string;
  environments: {
    profileName: string;
    summary: { succeeded: number; failed: number } | null;
    error: { code: string } | null;
  }[];
}

function scriptFor(p0: string, p1: string): string {
  return [
    '\uFEFF// nightly cache maintenance after the warehouse load',
    `CONNECT SERVER "bi01" USER "administrator" PASSWORD "${SCRIPT_SECRET}";`,
    `PURGE ELEMENT CACHING IN PROJECT "${p0}";`,
    'LIST ALL PROJECTS;',
    `INVALIDATE ALL REPORT CACHES WHTABLE "LU_CUSTOMER"`,
    `   IN PROJECT "${p0}";`,
    `DELETE ALL INVALID REPORT CACHES FROM PROJECTS "${p0}", "${p1}";`,
    `UNLOAD INTELLIGENT CUBE CACHE NAME "Cube 001" FOR PROJECT "${p0}";`,
    '',
  ].join('\r\n');
}

describe('maintenance plans', () => {
  it('imports a Command Manager script and runs it: exactly its calls, in its order, with no trace of its password', async () => {
    const sim = await simulator({ projects: 2, cluster: { contentCachesPerNode: 120, cubeCachesPerNode: 4 } });
    const [p0, p1] = sim.projects;
    if (!p0 || !p1) throw new Error('two projects expected');
    const tool = cli();
    await addProfile(tool, sim, 'Dev', 'dev');
    const file = join(tool.home, 'nightly.scp');
    writeFileSync(file, scriptFor(p0.name, p1.name));

    const imported = await tool.json<{
      preset: { name: string; steps: unknown[] };
      notImported: { line: number; reason: string }[];
      passwordIgnored: boolean;
    }>(['preset', 'import-script', file, '--profile', 'Dev']);
    expect(imported.code).toBe(0);
    expect(imported.body.preset.name).toBe('nightly');
    expect(imported.body.preset.steps).toHaveLength(4);
    expect(imported.body.notImported.map((entry) => entry.line)).toEqual([2, 4]);
    expect(imported.body.passwordIgnored).toBe(true);

    // What the script asks for, worked out from the cluster before anything runs.
    const all = sim.cluster.allContent();
    const invalidated = all.filter(
      (cache) =>
        cache.projectId === p0.id &&
        cache.source.type === 'report' &&
        cache.warehouseTablesUsed.includes('LU_CUSTOMER'),
    );
    const invalidatedIds = new Set(invalidated.map((cache) => cache.combinedId));
    const deleted = all.filter(
      (cache) => cache.source.type === 'report' && (cache.status.invalid || invalidatedIds.has(cache.combinedId)),
    );
    const cubes = sim.cluster.allCubes().filter((cube) => cube.source.name === 'Cube 001' && cube.projectId === p0.id);
    expect(invalidated.length).toBeGreaterThan(0);
    expect(cubes.length).toBe(2);
    const before = sim.calls.length;

    const run = await tool.json<{ steps: StepJson[]; exitCode: number }>(
      ['preset', 'run', 'nightly', '--yes'],
      PASSWORD,
    );
    expect(run.body.steps.map((step) => [step.label.slice(0, 3), step.status])).toEqual([
      ['1/4', 'succeeded'],
      ['2/4', 'succeeded'],
      ['3/4', 'succeeded'],
      ['4/4', 'succeeded'],
    ]);
    expect(run.code).toBe(0);

    const actions = sim.calls.slice(before).filter((call) => call.method === 'DELETE' || call.method === 'PATCH');
    const kinds = actions.map((call) => {
      if (call.method === 'DELETE') return `purge ${call.path.split('/').slice(-3).join('/')}`;
      if (call.path.includes('/cubes/')) return 'cube';
      return `content ${(JSON.parse(call.body) as { operationList: { op: string }[] }).operationList[0]?.op}`;
    });
    // The script's order: the element purge, the invalidation, the deletion, the cube unloads.
    const order = ['purge', 'content replace', 'content remove', 'cube'];
    const ranks = kinds.map((kind) => order.findIndex((prefix) => kind.startsWith(prefix)));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(kinds[0]).toBe(`purge ${p0.id}/caches/element`);
    const operations = (prefix: string): string[] =>
      actions
        .filter((call) => call.method === 'PATCH' && !call.path.includes('/cubes/'))
        .flatMap((call) =>
          (JSON.parse(call.body) as { operationList: { path: string }[] }).operationList.map(
            (operation) => operation.path,
          ),
        )
        .filter((path) => (prefix === '' ? !path.includes('/status/') : path.endsWith(prefix)))
        .map((path) => /^\/contentCaches\/(.+?)(?:\/status\/\w+)?$/.exec(path)?.[1] ?? '')
        .sort();
    expect(operations('/status/invalid')).toEqual([...invalidatedIds].sort());
    expect(operations('')).toEqual(deleted.map((cache) => cache.combinedId).sort());
    expect(
      actions
        .filter((call) => call.path.includes('/cubes/'))
        .map((call) => decodeURIComponent(call.path.split('/').pop() ?? ''))
        .sort(),
    ).toEqual(cubes.map((cube) => cube.id).sort());

    const history = await tool.json<{ entries: { step?: string }[] }>(['history', '--limit', '1000']);
    const labels = new Set(history.body.entries.map((entry) => entry.step?.slice(0, 3)));
    expect(labels).toEqual(new Set(['1/4', '2/4', '3/4', '4/4']));

    // The script's password: in no file of the data folder, in no keychain entry.
    for (const entry of readdirSync(tool.home, { recursive: true, withFileTypes: true }).filter((item) =>
      item.isFile(),
    )) {
      if (entry.name === 'nightly.scp') continue;
      expect(readFileSync(join(entry.parentPath, entry.name), 'utf8')).not.toContain(SCRIPT_SECRET);
    }
    const keychain = new KeychainSecretStore(tool.service);
    for (const account of await keychain.accounts()) {
      const [profileId, kind] = account.split(':') as [string, 'password'];
      expect(await keychain.get(profileId, kind)).not.toContain(SCRIPT_SECRET);
    }
    expect(imported.body).not.toHaveProperty('password');
    expect(JSON.stringify(imported.body)).not.toContain(SCRIPT_SECRET);
  });

  it('goes on after a failed step, or stops there with --stop-on-error', async () => {
    const sim = await simulator({ projects: 1, cluster: { contentCachesPerNode: 10 } });
    const tool = cli();
    await addProfile(tool, sim, 'Dev', 'dev');
    const file = join(tool.home, 'two.scp');
    writeFileSync(file, 'PURGE OBJECT CACHING IN PROJECT "No Such Project";\nDELETE INVALID REPORT CACHES;\n');
    expect((await tool.run(['preset', 'import-script', file, '--profile', 'Dev', '--name', 'Two'])).code).toBe(0);
    const goesOn = await tool.json<{ steps: StepJson[] }>(['preset', 'run', 'Two'], PASSWORD);
    expect(goesOn.code).toBe(1);
    expect(goesOn.body.steps.map((step) => step.status)).toEqual(['failed', 'succeeded']);
    expect(goesOn.body.steps[0]?.environments[0]?.error?.code).toBe('VALIDATION');
    const stops = await tool.json<{ steps: StepJson[] }>(['preset', 'run', 'Two', '--stop-on-error'], PASSWORD);
    expect(stops.body.steps.map((step) => step.status)).toEqual(['failed', 'skipped']);
  });

  it('refuses a plan that deletes cube caches without --yes, and a production plan without a terminal, sending nothing', async () => {
    const sim = await simulator({ projects: 1 });
    const tool = cli();
    await addProfile(tool, sim, 'Dev', 'dev');
    await addProfile(tool, sim, 'Prod', 'prod');
    const file = join(tool.home, 'cubes.scp');
    writeFileSync(
      file,
      `DELETE INTELLIGENT CUBE CACHE OWNER "etl_service" FOR PROJECT "${sim.projects[0]?.name}";\nPURGE OBJECT CACHING IN ALL PROJECTS;\n`,
    );
    expect((await tool.run(['preset', 'import-script', file, '--profile', 'Dev', '--name', 'Cubes'])).code).toBe(0);
    const refused = await tool.json<{ error: { code: string; message: string } }>(['preset', 'run', 'Cubes'], PASSWORD);
    expect(refused.code).toBe(2);
    expect(refused.body.error.message).toContain('unpublishes');
    const schedule = await tool.json<{ error: { code: string } }>(['schedule', 'add', 'Cubes', '--at', '02:00']);
    expect(schedule.body.error.code).toBe('CONFIRMATION_REQUIRED');
    // Its scheduled command carries --yes, as a production one does.
    const command = await tool.json<{ cron: string }>(['preset', 'command', 'Cubes']);
    expect(command.body.cron).toMatch(/preset run --id mstr-cache-console-cubes-[0-9a-f]{8} --json --yes/);
    expect((await tool.run(['preset', 'import-script', file, '--profile', 'Prod', '--name', 'Prod cubes'])).code).toBe(
      0,
    );
    expect((await tool.json(['preset', 'run', 'Prod cubes', '--json'], PASSWORD)).code).toBe(2);
    expect(sim.callsTo(/^(DELETE|PATCH) /)).toHaveLength(0);
  });

  it('migrates version 1 presets to one purge step, keeps running them as purges, and writes version 2', async () => {
    const sim = await simulator({ projects: 3 });
    const tool = cli();
    await addProfile(tool, sim, 'Dev', 'dev');
    const profiles = await tool.json<{ profiles: { id: string }[] }>(['profiles', 'list']);
    const id = profiles.body.profiles[0]?.id ?? '';
    const v1 = {
      schemaVersion: 1,
      presets: [
        {
          name: 'Old nightly',
          environments: [id],
          projects: { names: [sim.projects[1]?.name] },
          cacheTypes: ['object', 'element'],
        },
        { name: 'Old all', environments: [id], projects: { all: true }, cacheTypes: ['element'] },
      ],
    };
    writeFileSync(join(tool.home, 'presets.json'), JSON.stringify(v1));
    const listed = await tool.json<{ presets: { name: string; steps: unknown[] }[] }>(['preset', 'list']);
    expect(listed.body.presets.map((preset) => [preset.name, preset.steps])).toEqual([
      [
        'Old nightly',
        [{ kind: 'purge', projects: { names: [sim.projects[1]?.name] }, cacheTypes: ['object', 'element'] }],
      ],
      ['Old all', [{ kind: 'purge', projects: { all: true }, cacheTypes: ['element'] }]],
    ]);
    const run = await tool.json<{ summary: { succeeded: number }; items: unknown[] }>(
      ['preset', 'run', 'Old nightly'],
      PASSWORD,
    );
    expect(run.code).toBe(0);
    expect(run.body.summary.succeeded).toBe(2);
    expect(sim.purges.map((purge) => purge.projectId)).toEqual([sim.projects[1]?.id, sim.projects[1]?.id]);
    expect((await tool.run(['preset', 'remove', 'Old all'])).code).toBe(0);
    const written = JSON.parse(readFileSync(join(tool.home, 'presets.json'), 'utf8')) as {
      schemaVersion: number;
      presets: { steps: unknown[] }[];
    };
    expect(written.schemaVersion).toBe(2);
    expect(written.presets[0]?.steps).toHaveLength(1);
  });
});

describe('a plan cancelled while it runs', () => {
  it('finishes the step in flight without starting new calls, and sends nothing of the later steps', async () => {
    const sim = await simulator({ projects: 40, latencyMs: 40 });
    const all = services();
    const profile = await profileFor(all, sim);
    let cancelled = false;
    const outcome = await runPlan(
      { engine: all.engine, caches: all.caches, profileName: async () => profile.name },
      {
        name: 'Two steps',
        environments: [profile.id],
        steps: [
          { kind: 'purge', projects: { all: true }, cacheTypes: ['object', 'element'] },
          { kind: 'purge', projects: { all: true }, cacheTypes: ['object'] },
        ],
      },
      {
        cancelled: () => {
          // Cancelled once the first few purges have gone out.
          if (sim.purges.length >= 8) cancelled = true;
          return cancelled;
        },
      },
    );
    expect(outcome.steps.map((step) => step.status)).toEqual(['cancelled', 'cancelled']);
    expect(outcome.steps[0]?.environments[0]?.summary?.cancelled).toBeGreaterThan(0);
    expect(outcome.steps[1]?.environments).toEqual([]);
    expect(sim.purges.length).toBeLessThan(80);
  });
});
