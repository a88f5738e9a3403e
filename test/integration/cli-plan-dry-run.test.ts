/**
 * `preset run NAME --dry-run` against the cluster simulator: the plan's steps counted per
 * environment and node, in text and as one JSON document, exit 0, on production too without --yes,
 * and nothing sent: the simulator's request log shows no purge, no cache or cube change.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanPreview } from '../../src/shared/plan-preview.ts';
import { addProfile, cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

const A = 'iserver-a.example.internal';
const B = 'iserver-b.example.internal';

describe('preset run --dry-run', () => {
  it('shows what each step would send per environment and node, exits 0 and sends nothing', async () => {
    const sim = await simulator({
      projects: 2,
      cluster: { nodes: [{ name: A }, { name: B }], contentCachesPerNode: 8, cubeCachesPerNode: 3 },
    });
    const [p0] = sim.projects;
    if (!p0) throw new Error('a project expected');
    const tool = cli();
    await addProfile(tool, sim, 'Dev', 'dev');
    await addProfile(tool, sim, 'Prod', 'prod');
    const file = join(tool.home, 'nightly.scp');
    writeFileSync(
      file,
      [
        `PURGE ELEMENT CACHING IN PROJECT "${p0.name}";`,
        `DELETE ALL REPORT CACHES FROM PROJECTS "${p0.name}";`,
        `DELETE INTELLIGENT CUBE CACHE NAME "Cube 001" FOR PROJECT "${p0.name}";`,
        '',
      ].join('\n'),
    );
    for (const name of ['Dev', 'Prod'])
      expect((await tool.run(['login', name, '--password-stdin', '--remember'], { stdin: 'admin-pass\n' })).code).toBe(
        0,
      );
    const imported = await tool.run(['preset', 'import-script', file, '--profile', 'Dev', '--profile', 'Prod']);
    expect(imported.code, imported.stderr).toBe(0);
    const before = sim.calls.length;

    const json = await tool.json<PlanPreview & { ok: boolean; dryRun: boolean; exitCode: number }>([
      'preset',
      'run',
      'nightly',
      '--dry-run',
      '--json',
    ]);
    const text = await tool.run(['preset', 'run', 'nightly', '--dry-run']);

    const sent = sim.calls.slice(before).filter((call) => call.method === 'DELETE' || call.method === 'PATCH');
    expect(sent).toEqual([]);
    expect(sim.purges).toEqual([]);
    expect(json.code, JSON.stringify(json.body)).toBe(0);
    expect(json.body).toMatchObject({ ok: true, dryRun: true, exitCode: 0, production: ['Prod'], unpublishes: true });
    const reports = (node: string) =>
      [...(sim.cluster.node(node)?.contentCaches.values() ?? [])].filter(
        (cache) => cache.projectId === p0.id && cache.source.type === 'report',
      ).length;
    const cubes = (node: string) =>
      [...(sim.cluster.node(node)?.cubeCaches.values() ?? [])].filter(
        (cube) => cube.projectId === p0.id && cube.source.name === 'Cube 001',
      ).length;
    const [purge, reportStep, cubeStep] = json.body.steps;
    expect(purge?.environments.map((environment) => [environment.profileName, environment.count])).toEqual([
      ['Dev', 1],
      ['Prod', 1],
    ]);
    expect(reportStep?.environments[0]?.nodes).toEqual([
      { node: A, count: reports(A), alreadySo: 0 },
      { node: B, count: reports(B), alreadySo: 0 },
    ]);
    expect(cubeStep?.unit).toBe('cube cache');
    expect(cubeStep?.environments[1]?.count).toBe((cubes(A) ?? 0) + (cubes(B) ?? 0));

    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('step 1/3 purge element caches');
    expect(text.stdout).toContain('  Dev: 1 purge request\n');
    expect(text.stdout).toContain(
      `  Prod: ${count(reports(A), reports(B))} content caches - ${A} ${reports(A)}, ${B} ${reports(B)}`,
    );
    expect(text.stdout).toContain('Prod is production: a run needs --yes or the name typed');
    expect(text.stdout).toMatch(/Dry run of preset "nightly": 3 steps counted .*; nothing was sent\.\n$/);
  });
});

function count(a: number | undefined, b: number | undefined): number {
  return (a ?? 0) + (b ?? 0);
}
