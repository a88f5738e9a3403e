/**
 * A maintenance window as an admin runs it: a Command Manager script (idle, purge, update schema,
 * resume) imported as a plan with the resume marked "always run", then run at the use-case layer,
 * through `preset run` and in its scheduled form, with the purge failing in the middle. Whatever
 * fails, every node ends with the project loaded again, the report says the resume ran because it
 * is marked so, and every history line of the run carries the run's id.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as plans from '../../src/main/use-cases/plans-and-presets.ts';
import { projectStateTable } from '../../src/main/use-cases/project-states.ts';
import type { PlanOutcome } from '../../src/shared/plan-outcome.ts';
import type { LibrarySimulator } from '../simulator/server.ts';
import { addProfile, cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';
import { connected, world } from './use-cases/world.ts';

const A = 'iserver-a.example.internal';
const B = 'iserver-b.example.internal';
const CLUSTER = { nodes: [{ name: A }, { name: B }], contentCachesPerNode: 2, cubeCachesPerNode: 0 };

function script(folder: string, project: string): string {
  const file = join(folder, 'window.scp');
  writeFileSync(
    file,
    `// Nightly window
IDLE PROJECT "${project}" MODE FULL;
PURGE OBJECT CACHING IN PROJECT "${project}";
UPDATE SCHEMA REFRESHSCHEMA RECALTABLEKEYS FOR PROJECT "${project}";
RESUME PROJECT "${project}";
`,
  );
  return file;
}

/** The purge answers 500 however often it is repeated: the middle step fails. */
function failPurges(sim: LibrarySimulator): void {
  sim.inject({ kind: 'status', status: 500, times: 100, match: /^DELETE .*\/caches\/object$/ });
}

function statesOf(sim: LibrarySimulator, projectId: string): string[] {
  return sim.cluster.nodes.map(
    (node) => node.projectStates.get(projectId) ?? (node.projectIds.has(projectId) ? 'loaded' : 'unloaded'),
  );
}

async function setUp() {
  const sim = await simulator({ projects: 2, cluster: CLUSTER });
  const project = sim.projects[0] as { id: string; name: string };
  return { sim, project };
}

describe('a maintenance window at the use-case layer', () => {
  it('imports the script, and a window whose purge fails and stops still resumes the project on every node', async () => {
    const { sim, project } = await setUp();
    const { services } = world();
    services.projectStates.timing = { settleTimeoutMs: 5_000, pollIntervalMs: 20 };
    const profile = await connected(services, sim, { name: 'Cluster' });
    const preview = await plans.readScript(script(services.dataFolder, project.name));
    expect(preview.resumeAfterIdle).toEqual([3]);
    const preset = await plans.saveScriptAsPreset(services, preview, {
      name: 'Window',
      environments: [profile.id],
      replace: false,
      alwaysRunResume: true,
    });
    expect(preset?.steps.map((step) => [step.kind, step.alwaysRun === true])).toEqual([
      ['project-state', false],
      ['purge', false],
      ['update-schema', false],
      ['project-state', true],
    ]);
    failPurges(sim);
    const outcome = await plans.runPresetPlan(services, preset!, [profile], {}, { stopOnError: true });
    expect(outcome.steps.map((step) => step.status)).toEqual(['succeeded', 'failed', 'skipped', 'succeeded']);
    expect(outcome.steps[3]?.ranBecauseAlwaysRun).toBe(true);
    expect(sim.projectStates.changes.map((change) => [change.node, change.status])).toEqual([
      [A, 'full_idle'],
      [B, 'full_idle'],
      [A, 'loaded'],
      [B, 'loaded'],
    ]);
    const table = await projectStateTable(services, profile.id);
    expect(table.projects.find((row) => row.id === project.id)?.states.map((state) => state.status)).toEqual([
      'loaded',
      'loaded',
    ]);
    const lines = (await services.history.list()).filter((line) => line.action === 'idle' || line.action === 'resume');
    expect(new Set(lines.map((line) => line.runId)).size).toBe(1);
    expect(lines.every((line) => line.step?.startsWith('1/4') || line.step?.startsWith('4/4'))).toBe(true);
  });

  it('without stopping, runs the schema update after the failed purge and still leaves every node loaded', async () => {
    const { sim, project } = await setUp();
    const { services } = world();
    services.projectStates.timing = { settleTimeoutMs: 5_000, pollIntervalMs: 20 };
    const profile = await connected(services, sim, { name: 'Cluster' });
    const preview = await plans.readScript(script(services.dataFolder, project.name));
    const preset = await plans.saveScriptAsPreset(services, preview, {
      name: 'Window',
      environments: [profile.id],
      replace: false,
    });
    failPurges(sim);
    const outcome = await plans.runPresetPlan(services, preset!, [profile], {}, { stopOnError: false });
    expect(outcome.steps.map((step) => step.status)).toEqual(['succeeded', 'failed', 'succeeded', 'succeeded']);
    expect(outcome.steps[3]?.ranBecauseAlwaysRun).toBeUndefined();
    expect([...sim.schema.tasks.values()].map((task) => task.updateTypes)).toEqual([['table_key', 'entry_level']]);
    expect(statesOf(sim, project.id)).toEqual(['loaded', 'loaded']);
  });
});

async function cliWindow(sim: LibrarySimulator, project: { name: string }) {
  const tool = cli();
  await addProfile(tool, sim, 'Cluster');
  const file = script(tool.home, project.name);
  const imported = await tool.run([
    'preset',
    'import-script',
    file,
    '--profile',
    'Cluster',
    '--name',
    'Window',
    '--always-run-resume',
  ]);
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toContain('marked "always run"');
  return tool;
}

describe('a maintenance window on the command line', () => {
  it('preset run: the purge fails, the plan stops, the resume runs because it is marked so (exit 1)', async () => {
    const { sim, project } = await setUp();
    const tool = await cliWindow(sim, project);
    failPurges(sim);
    const run = await tool.run(['preset', 'run', 'Window', '--stop-on-error'], {
      env: { MSTR_CACHE_PASSWORD: 'admin-pass' },
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/step 4\/4 resume .*: SUCCEEDED \(ran because it is marked "always run"\)/);
    expect(run.stdout).toMatch(/step 3\/4 update schema .*: SKIPPED/);
    expect(statesOf(sim, project.id)).toEqual(['loaded', 'loaded']);
  });

  it('the scheduled form does the same, and its history says it was scheduled', async () => {
    const { sim, project } = await setUp();
    const tool = await cliWindow(sim, project);
    failPurges(sim);
    const run = await tool.json<PlanOutcome & { exitCode: number }>(
      ['preset', 'run', 'Window', '--scheduled', '--stop-on-error'],
      {
        env: { MSTR_CACHE_PASSWORD: 'admin-pass' },
      },
    );
    expect(run.code).toBe(1);
    expect(run.body.steps.map((step) => step.status)).toEqual(['succeeded', 'failed', 'skipped', 'succeeded']);
    expect(run.body.steps[3]?.ranBecauseAlwaysRun).toBe(true);
    expect(statesOf(sim, project.id)).toEqual(['loaded', 'loaded']);
    const history = await tool.json<{ entries: { action?: string; scheduled: boolean }[] }>(['history']);
    const resumes = history.body.entries.filter((entry) => entry.action === 'resume');
    expect(resumes).toHaveLength(2);
    expect(resumes.every((entry) => entry.scheduled)).toBe(true);
  });
});

describe('a cancelled maintenance window', () => {
  it('still runs the resume marked "always run" after a cancel, and says so', async () => {
    const { sim, project } = await setUp();
    const { services } = world();
    services.projectStates.timing = { settleTimeoutMs: 5_000, pollIntervalMs: 20 };
    const profile = await connected(services, sim, { name: 'Cluster' });
    const preview = await plans.readScript(script(services.dataFolder, project.name));
    const preset = await plans.saveScriptAsPreset(services, preview, {
      name: 'Window',
      environments: [profile.id],
      replace: false,
      alwaysRunResume: true,
    });
    let stepsSeen = 0;
    const outcome = await plans.runPresetPlan(
      services,
      preset!,
      [profile],
      {},
      { stopOnError: false, onStep: () => (stepsSeen += 1), cancelled: () => stepsSeen >= 1 },
    );
    expect(outcome.steps.map((step) => step.status)).toEqual(['succeeded', 'skipped', 'skipped', 'succeeded']);
    expect(outcome.steps[3]?.ranBecauseAlwaysRun).toBe(true);
    expect(sim.callsTo(/^DELETE .*\/caches\/object$/)).toHaveLength(0);
    expect(statesOf(sim, project.id)).toEqual(['loaded', 'loaded']);
  });
});

describe('a cancelled schema step', () => {
  it('updates no further project once the run is cancelled, and counts the rest cancelled', async () => {
    const sim = await simulator({ projects: 3, cluster: CLUSTER });
    const { services } = world();
    services.projectStates.timing = { settleTimeoutMs: 5_000, pollIntervalMs: 20 };
    const profile = await connected(services, sim, { name: 'Cluster' });
    const preset = await plans.savePreset(
      services,
      {
        name: 'Schemas',
        environments: [profile.id],
        steps: [{ kind: 'update-schema', projects: { all: true }, parts: ['refresh'] }],
      },
      { replace: false },
    );
    const reloads = () => sim.callsTo(/^POST .*\/model\/schema\/reload/).length;
    const outcome = await plans.runPresetPlan(
      services,
      preset,
      [profile],
      {},
      {
        stopOnError: false,
        cancelled: () => reloads() >= 1,
      },
    );
    expect(reloads()).toBe(1);
    expect(outcome.cancelled).toBe(true);
    expect(outcome.steps[0]?.environments[0]?.summary).toMatchObject({ total: 1, succeeded: 1, cancelled: 2 });
  });
});
