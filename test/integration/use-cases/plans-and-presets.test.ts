/**
 * Presets and maintenance plans at the use-case layer: removing a preset takes its schedule, the
 * scheduled command carries --yes exactly when a run reaches production or unpublishes cubes, a
 * script with nothing importable saves nothing, a plan runs only with its confirmations, and the
 * window's run is heard step by step and can be cancelled; a cube action skips the cubes already so.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as plans from '../../../src/main/use-cases/plans-and-presets.ts';
import { addSchedule } from '../../../src/main/use-cases/schedules.ts';
import { WindowSession } from '../../../src/main/use-cases/window-session.ts';
import type { PlanOutcome, StepOutcome } from '../../../src/shared/plan-outcome.ts';
import { failure, simulator } from '../helpers.ts';
import { connected, world } from './world.ts';

const NODE_A = 'iserver-a.example.internal';
const PURGE = { kind: 'purge' as const, projects: { all: true as const }, cacheTypes: ['object' as const] };
const DELETE_CUBES = { kind: 'cube' as const, action: 'delete' as const, projects: { all: true as const }, filter: {} };

describe('presets', () => {
  it('removes a preset with its schedule, and says when its scheduled command needs --yes', async () => {
    const sim = await simulator({ projects: 1 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const prod = await connected(services, sim, { name: 'Prod', tier: 'prod' });
    await plans.savePreset(services, { name: 'Dev only', environments: [dev.id], steps: [PURGE] }, { replace: false });
    await plans.savePreset(
      services,
      { name: 'Both', environments: [dev.id, prod.id], steps: [PURGE] },
      { replace: false },
    );
    await plans.savePreset(
      services,
      { name: 'Cubes', environments: [dev.id], steps: [DELETE_CUBES] },
      { replace: false },
    );
    expect((await plans.presetCommand(services, 'Dev only')).command).not.toContain('--yes');
    expect((await plans.presetCommand(services, 'Both')).command).toContain('--yes');
    expect((await plans.presetCommand(services, 'Cubes')).command).toContain('--yes');
    expect(
      (await plans.listPresetsWithNames(services)).presets.find((preset) => preset.name === 'Both')?.environmentNames,
    ).toEqual(['Dev', 'Prod']);

    await addSchedule(services, { presetName: 'Dev only', time: '03:00', days: ['sun'] }, {});
    expect(await plans.removePreset(services, 'Dev only')).toEqual({ name: 'Dev only', scheduleRemoved: true });
    expect(await services.schedules.list()).toEqual([]);
    expect((await failure(plans.getPreset(services, 'Dev only'))).code).toBe('PRESET_NOT_FOUND');
  });

  it('saves what a Command Manager script can import, and nothing from a script with no importable statement', async () => {
    const sim = await simulator({ projects: 1 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev' });
    const script = join(services.dataFolder, 'nightly.scp');
    writeFileSync(script, `PURGE OBJECT CACHING IN PROJECT "${sim.projects[0]?.name}";\r\nLIST ALL PROJECTS;\r\n`);
    const preview = await plans.readScript(script);
    expect(preview.notImported).toHaveLength(1);
    const saved = await plans.saveScriptAsPreset(services, preview, {
      name: 'Nightly',
      environments: [dev.id],
      replace: false,
    });
    expect(saved?.steps).toHaveLength(1);
    const empty = join(services.dataFolder, 'empty.scp');
    writeFileSync(empty, 'LIST ALL PROJECTS;\r\n');
    expect(
      await plans.saveScriptAsPreset(services, await plans.readScript(empty), {
        name: 'Empty',
        environments: [dev.id],
        replace: false,
      }),
    ).toBeNull();
    expect((await plans.listPresets(services)).map((preset) => preset.name)).toEqual(['Nightly']);
  });
});

describe('plan runs', () => {
  it('runs a plan that deletes cube caches only once the unpublishing is accepted, and a production one only with its name', async () => {
    const sim = await simulator({ projects: 1, cluster: { nodes: [{ name: NODE_A }], cubeCachesPerNode: 2 } });
    const { services } = world();
    const prod = await connected(services, sim, { name: 'Prod', tier: 'prod' });
    const preset = await plans.savePreset(
      services,
      { name: 'Cubes', environments: [prod.id], steps: [PURGE, DELETE_CUBES] },
      { replace: false },
    );
    const environments = await plans.presetEnvironments(services, preset);
    const unaccepted = await failure(
      plans.runPresetPlan(services, preset, environments, { typedNames: ['Prod'] }, { stopOnError: false }),
    );
    expect(unaccepted.message).toContain('Preset "Cubes" deletes cube caches');
    const unnamed = await failure(
      plans.runPresetPlan(services, preset, environments, { unpublish: true }, { stopOnError: false }),
    );
    expect(unnamed.message).toContain('Prod is production');
    expect(sim.purges).toHaveLength(0);
    expect(sim.callsTo(/^DELETE .*\/monitors\/caches\/cubes\//)).toHaveLength(0);

    const outcome = await plans.runPresetPlan(
      services,
      preset,
      environments,
      { typedNames: ['Prod'], unpublish: true },
      { stopOnError: false },
    );
    expect(outcome.steps.map((step) => step.status)).toEqual(['succeeded', 'succeeded']);
    // The window's run is refused as the answer to its request, before any run exists.
    const session = new WindowSession(services);
    const events = { onStep: () => {}, onFinished: () => {} };
    const request = { name: 'Cubes', confirmations: { production: true }, stopOnError: false };
    expect((await failure(plans.startWindowPlan(services, session, request, events))).code).toBe(
      'CONFIRMATION_REQUIRED',
    );
    expect(session.planRuns.size).toBe(0);
    expect(sim.callsTo(/^DELETE .*\/monitors\/caches\/cubes\//)).toHaveLength(2);
  });

  it('sends a cube action only to the cubes not already so, and says how many were', async () => {
    // Of three cubes on the node the third is already unloaded (the simulator's pattern).
    const sim = await simulator({ projects: 1, cluster: { nodes: [{ name: NODE_A }], cubeCachesPerNode: 3 } });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const unload = { kind: 'cube' as const, action: 'unload' as const, projects: { all: true as const }, filter: {} };
    const preset = await plans.savePreset(
      services,
      { name: 'Unload', environments: [dev.id], steps: [unload] },
      { replace: false },
    );
    const outcome = await plans.runPresetPlan(
      services,
      preset,
      await plans.presetEnvironments(services, preset),
      {},
      { stopOnError: false },
    );
    const [step] = outcome.steps;
    expect(step?.status).toBe('succeeded');
    expect(step?.environments[0]?.summary).toMatchObject({ total: 2, succeeded: 2, skipped: 1 });
    expect(step?.environments[0]?.details).toEqual([`1 cache already unloaded: not sent ("Cube 003" on ${NODE_A})`]);
    expect(sim.callsTo(/^PATCH .*\/cubes\//)).toHaveLength(2);

    // Run again: every cube is unloaded now, so nothing is sent and all three are counted.
    const before = sim.calls.length;
    const again = await plans.runPresetPlan(
      services,
      preset,
      await plans.presetEnvironments(services, preset),
      {},
      { stopOnError: false },
    );
    expect(again.steps[0]?.environments[0]?.summary).toMatchObject({ total: 0, skipped: 3 });
    expect(again.steps[0]?.environments[0]?.details?.[0]).toMatch(/^3 caches already unloaded: not sent/);
    expect(sim.calls.slice(before).filter((call) => call.method === 'PATCH')).toHaveLength(0);
  });

  it('runs the window’s plan in the background, step by step, and a deleted environment is an error to act on', async () => {
    const sim = await simulator({ projects: 2 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const gone = await connected(services, sim, { name: 'Gone', tier: 'dev' });
    await plans.savePreset(
      services,
      { name: 'Two', environments: [dev.id], steps: [PURGE, PURGE] },
      { replace: false },
    );
    const session = new WindowSession(services);
    const steps: StepOutcome[] = [];
    const finished = new Promise<PlanOutcome | null>((resolve) => {
      void plans.startWindowPlan(
        services,
        session,
        { name: 'Two', confirmations: {}, stopOnError: false },
        { onStep: (_runId, step) => steps.push(step), onFinished: (_runId, outcome) => resolve(outcome) },
      );
    });
    expect((await finished)?.steps).toHaveLength(2);
    expect(steps).toHaveLength(2);
    await Promise.all([...session.planRuns.values()].map((control) => control.done));
    expect(session.planRuns.size).toBe(0);

    const orphan = await plans.savePreset(
      services,
      { name: 'Orphan', environments: [gone.id], steps: [PURGE] },
      { replace: false },
    );
    await services.profiles.remove(gone.id);
    const deleted = await failure(plans.presetEnvironments(services, orphan));
    expect(deleted.code).toBe('PROFILE_NOT_FOUND');
    expect(deleted.message).toContain('uses an environment that was deleted');
  });
});
