/**
 * A plan's dry run against the cluster simulator over real HTTP: per step, environment and node it
 * counts what the run would send (purge requests, caches listed afresh, project state changes, with
 * what is already so left alone), a name an environment lacks is that step's error there, nothing
 * at all is sent, and the run that follows sends exactly what the preview counted.
 */
import { describe, expect, it } from 'vitest';
import * as plans from '../../src/main/use-cases/plans-and-presets.ts';
import type { Step } from '../../src/shared/preset-schema.ts';
import { simulator } from './helpers.ts';
import { connected, world } from './use-cases/world.ts';

const A = 'iserver-a.example.internal';
const B = 'iserver-b.example.internal';

/** Anything that changes the server: purges, cache and state changes, republishes, triggers and sends (a login and a search read). */
const CHANGES = /^(DELETE|PATCH|PUT) |^POST (?!\/MicroStrategyLibrary\/api\/(auth|metadataSearches)\/)/;

async function setUp() {
  const sim = await simulator({
    projects: 2,
    cluster: { nodes: [{ name: A }, { name: B, projects: [0] }], contentCachesPerNode: 6, cubeCachesPerNode: 3 },
  });
  const [p0, p1] = sim.projects;
  if (!p0 || !p1) throw new Error('two projects expected');
  const { services } = world();
  services.projectStates.timing = { settleTimeoutMs: 5_000, pollIntervalMs: 20 };
  const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
  const prod = await connected(services, sim, { name: 'Prod', tier: 'prod' });
  return { sim, p0, p1, services, dev, prod };
}

describe('a plan previewed before it runs', () => {
  it('counts per step, environment and node what the run would send, and sends nothing', async () => {
    const { sim, p0, p1, services, dev, prod } = await setUp();
    const steps: Step[] = [
      { kind: 'purge', projects: { all: true }, cacheTypes: ['object', 'element'] },
      { kind: 'content', action: 'invalidate', projects: { all: true }, filter: {} },
      { kind: 'project-state', action: 'unload', projects: { names: [p1.name] } },
      { kind: 'purge', projects: { names: ['No Such Project'] }, cacheTypes: ['object'] },
    ];
    await plans.savePreset(services, { name: 'Nightly', environments: [dev.id, prod.id], steps }, { replace: false });
    const before = sim.calls.length;

    const preview = await plans.previewPresetPlan(services, 'Nightly');

    expect(sim.calls.slice(before).filter((call) => CHANGES.test(`${call.method} ${call.path}`))).toEqual([]);
    expect(preview.production).toEqual(['Prod']);
    expect(preview.unpublishes).toBe(false);
    expect(preview.steps.map((step) => [step.label.slice(0, 3), step.unit])).toEqual([
      ['1/4', 'purge request'],
      ['2/4', 'content cache'],
      ['3/4', 'project state change'],
      ['4/4', 'purge request'],
    ]);
    const [purge, invalidate, unload, missing] = preview.steps;
    for (const environment of purge?.environments ?? []) {
      expect(environment.error).toBeNull();
      expect(environment.count).toBe(4); // two projects, object and element
    }
    const perNode = (node: string) => sim.cluster.node(node)?.contentCaches.size;
    expect(invalidate?.environments[0]?.nodes).toEqual([
      { node: A, count: perNode(A), alreadySo: 0 },
      { node: B, count: perNode(B), alreadySo: 0 },
    ]);
    expect(invalidate?.environments[0]?.count).toBe(sim.cluster.allContent().length);
    // The second project is loaded on node A only: B is already so.
    expect(unload?.environments.map((environment) => [environment.count, environment.leftAlone])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    expect(unload?.environments[0]?.nodes).toEqual([
      { node: A, count: 1, alreadySo: 0 },
      { node: B, count: 0, alreadySo: 1 },
    ]);
    expect(missing?.environments.map((environment) => [environment.count, environment.error?.code])).toEqual([
      [0, 'VALIDATION'],
      [0, 'VALIDATION'],
    ]);
    expect(missing?.environments[0]?.error?.message).toContain('No Such Project');
    expect(sim.projectStates.changes).toEqual([]);
    expect(sim.purges).toEqual([]);
    expect(p0.id).not.toBe(p1.id);
  });

  it('is followed by a run that sends exactly what it counted', async () => {
    const { sim, services, dev } = await setUp();
    const steps: Step[] = [
      { kind: 'purge', projects: { all: true }, cacheTypes: ['element'] },
      { kind: 'content', action: 'invalidate', projects: { all: true }, filter: { types: ['report'] } },
    ];
    const preset = await plans.savePreset(services, { name: 'Two', environments: [dev.id], steps }, { replace: false });
    const preview = await plans.previewPresetPlan(services, 'Two');
    const outcome = await plans.runPresetPlan(services, preset, [dev], {}, { stopOnError: false });
    expect(outcome.steps.map((step) => step.environments[0]?.summary?.total)).toEqual(
      preview.steps.map((step) => step.environments[0]?.count),
    );
    expect(sim.purges).toHaveLength(preview.steps[0]?.environments[0]?.count ?? -1);
  });

  it('says per environment why a step cannot be counted there, and counts the others', async () => {
    const { sim, services, dev } = await setUp();
    const other = await simulator({ projects: 1 });
    const far = await connected(services, other, { name: 'Far', tier: 'test' });
    await other.close();
    await plans.savePreset(
      services,
      {
        name: 'Both',
        environments: [dev.id, far.id],
        steps: [{ kind: 'cube', action: 'unload', projects: { all: true }, filter: {} }],
      },
      { replace: false },
    );
    const preview = await plans.previewPresetPlan(services, 'Both');
    const [here, gone] = preview.steps[0]?.environments ?? [];
    // Cubes already unloaded are left alone, as the run leaves them.
    expect(here?.leftAlone).toBeGreaterThan(0);
    expect((here?.count ?? 0) + (here?.leftAlone ?? 0)).toBe(sim.cluster.allCubes().length);
    expect(here?.nodes.reduce((total, node) => total + node.alreadySo, 0)).toBe(here?.leftAlone);
    expect(here?.error).toBeNull();
    expect(gone?.count).toBe(0);
    expect(gone?.error?.code).toBe('UNREACHABLE');
  });

  it('looks up the cubes, events and subscriptions after-load steps name, without republishing, triggering or sending', async () => {
    const { sim, p0, services, dev } = await setUp();
    const steps: Step[] = [
      { kind: 'republish', project: p0.name, cubes: ['Sales Cube', 'Revenue Cube'] },
      { kind: 'event', event: 'Sales_Ready' },
      { kind: 'event', event: 'Load_Done' },
      { kind: 'subscriptions', project: p0.name, subscriptions: ['Daily Sales'] },
    ];
    await plans.savePreset(services, { name: 'After load', environments: [dev.id], steps }, { replace: false });
    const before = sim.calls.length;
    const preview = await plans.previewPresetPlan(services, 'After load');
    expect(sim.calls.slice(before).filter((call) => CHANGES.test(`${call.method} ${call.path}`))).toEqual([]);
    expect(
      preview.steps.map((step) => [step.unit, step.environments[0]?.count, step.environments[0]?.error?.code ?? null]),
    ).toEqual([
      ['cube republish', 2, null],
      ['event trigger', 1, null],
      // Two events share this name: the run would refuse it, and the preview says so.
      ['event trigger', 0, 'VALIDATION'],
      ['subscription send', 1, null],
    ]);
  });
});
