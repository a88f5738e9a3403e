/**
 * The window's runs under the one-run-per-environment rule, at the use-case layer: while another
 * run holds an environment, the window's purge, cache action and project state plans are refused
 * as they are made (before a name is typed), and its purge, cache action, project state change,
 * schema update, republish/trigger/send and plan run as the answer to their start request
 * (RUN_IN_PROGRESS, the run named, nothing sent); a window run holds the environment against a
 * run from the command line until it ends, and gives it back before the window hears "finished".
 * The plan run and republish/trigger/send dialogs ask first which environments other runs hold
 * (nothing taken), and a run the user chose to run anyway goes ahead alongside, its claim recorded
 * so that a third run is told of it.
 */
import { spawnSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as caches from '../../../src/main/use-cases/caches.ts';
import * as plans from '../../../src/main/use-cases/plans-and-presets.ts';
import * as states from '../../../src/main/use-cases/project-states.ts';
import * as purges from '../../../src/main/use-cases/projects-and-purges.ts';
import * as runbook from '../../../src/main/use-cases/runbook.ts';
import { claimEnvironments, runsHoldingForWindow } from '../../../src/main/use-cases/runs-in-progress.ts';
import { WindowSession } from '../../../src/main/use-cases/window-session.ts';
import type { PurgeOutcome } from '../../../src/shared/model.ts';
import type { PlanOutcome } from '../../../src/shared/plan-outcome.ts';
import { failure, simulator } from '../helpers.ts';
import { connected, world } from './world.ts';

const CLUSTER = { nodes: [{ name: 'iserver-a.example.internal' }], cubeCachesPerNode: 2, contentCachesPerNode: 2 };
const AS_CLI = { force: false, scheduled: false };
const HELD = /^Another run is in progress: Dev: "purge" \(process \d+ on /;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('the window’s runs', () => {
  it('are refused while another run holds the environment, each naming it, with nothing sent', async () => {
    const sim = await simulator({ projects: 2, cluster: CLUSTER });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const project = sim.projects[0]?.name as string;
    const session = new WindowSession(services);
    const purgePlan = purges.preparedInWindow(
      session,
      await purges.preparePurge(services, { environments: [dev.id], projects: { all: true }, cacheTypes: ['object'] }),
    );
    const listing = await caches.listCaches(services, dev.id, 'content');
    const cachePlan = await caches.planCacheAction(services, {
      profileId: dev.id,
      kind: 'content',
      action: 'invalidate',
      caches: listing.caches,
    });
    const statePlan = await states.planProjectState(services, {
      profileId: dev.id,
      action: 'idle',
      mode: 'request',
      project,
    });
    await plans.savePreset(
      services,
      {
        name: 'Nightly',
        environments: [dev.id],
        steps: [{ kind: 'purge', projects: { all: true }, cacheTypes: ['object'] }],
      },
      { replace: false },
    );
    const windowListing = await caches.listCachesInWindow(services, session, { profileId: dev.id, kind: 'content' });
    const other = await claimEnvironments(services, [dev], 'purge', AS_CLI);
    const refusals = [
      // Said as the window makes its plan, before any name is typed.
      failure(
        purges.prepareWindowPurge(services, session, {
          environments: [dev.id],
          projects: { all: true },
          cacheTypes: ['object'],
        }),
      ),
      failure(
        caches.planChosenCaches(services, session, {
          profileId: dev.id,
          kind: 'content',
          action: 'invalidate',
          keys: windowListing.caches.map((row) => `${row.node}/${row.id}`),
        }),
      ),
      failure(states.planProjectStateInWindow(services, { profileId: dev.id, action: 'resume', project })),
      // And when it starts, whatever was planned before.
      failure(purges.startWindowPurge(services, session, purgePlan.id, {}, () => {})),
      failure(
        caches.startWindowCacheAction(
          services,
          cachePlan.id,
          {},
          () => {},
          () => {},
        ),
      ),
      failure(states.runProjectStateInWindow(services, statePlan.id, {})),
      failure(states.updateSchemaInWindow(services, { profileId: dev.id, project, parts: ['refresh'] }, {})),
      failure(
        runbook.startWindowRunbook(
          services,
          session,
          { profileId: dev.id, kind: 'event', names: ['Sales_Ready'], confirmed: false },
          { onItem: () => {}, onFinished: () => {} },
        ),
      ),
      failure(
        plans.startWindowPlan(
          services,
          session,
          { name: 'Nightly', confirmations: {}, stopOnError: false },
          { onStep: () => {}, onFinished: () => {} },
        ),
      ),
    ];
    for (const refused of await Promise.all(refusals)) {
      expect(refused.code).toBe('RUN_IN_PROGRESS');
      expect(refused.message).toMatch(HELD);
      expect(refused.message).toContain('Nothing was sent; wait for it to end.');
      expect(refused.message).not.toContain('--force');
    }
    expect(sim.purges).toHaveLength(0);
    expect(sim.callsTo(/^(PATCH|DELETE) |^POST .*\/model\/schema\/reload/)).toHaveLength(0);
    expect(sim.runbook.performed).toHaveLength(0);
    expect(session.planRuns.size).toBe(0);
    await other.release();
    // Given back: the same request now runs.
    const outcome = await states.runProjectStateInWindow(services, statePlan.id, {});
    expect(states.projectStateStatus(outcome.nodes)).toBe('succeeded');
  });

  it('hold the environment against a command-line run until they end, and give it back before "finished"', async () => {
    const sim = await simulator({ projects: 2 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const session = new WindowSession(services);
    const plan = purges.preparedInWindow(
      session,
      await purges.preparePurge(services, { environments: [dev.id], projects: { all: true }, cacheTypes: ['object'] }),
    );
    const release = sim.hold(/caches\/object/);
    let claimAtFinish: Promise<unknown> | null = null;
    const finished = new Promise<PurgeOutcome>((resolve) => {
      void purges.startWindowPurge(services, session, plan.id, {}, (event) => {
        if (event.type !== 'finished') return;
        // A run started the moment the window hears "finished" is not refused.
        claimAtFinish = claimEnvironments(services, [dev], 'purge', AS_CLI).then((claim) => claim.release());
        resolve(event.outcome);
      });
    });
    await until(() => sim.callsTo(/caches\/object/).length >= 1);
    const refused = await failure(claimEnvironments(services, [dev], 'purge', AS_CLI));
    expect(refused.code).toBe('RUN_IN_PROGRESS');
    expect(refused.message).toMatch(/Dev: "purge in the window" \(process \d+ on /);
    release();
    expect((await finished).summary.succeeded).toBe(2);
    await expect(claimAtFinish).resolves.toBeUndefined();
  });
});

describe('a window run next to another run', () => {
  it('is told which of its environments other runs hold, before anything is confirmed, with nothing taken', async () => {
    const sim = await simulator({ projects: 2 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const qa = await connected(services, sim, { name: 'QA', tier: 'test' });
    expect(await runsHoldingForWindow(services, [dev.id, qa.id])).toEqual([]);
    const other = await claimEnvironments(services, [dev], 'purge', AS_CLI);
    const held = await runsHoldingForWindow(services, [dev.id, qa.id]);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ profileId: dev.id, name: 'Dev' });
    expect(held[0]?.run).toMatch(/^"purge" \(process \d+ on .+, started \d{4}-/);
    // Asking took nothing: QA is free, and Dev is still the other run's.
    const onQa = await claimEnvironments(services, [qa], 'purge', AS_CLI);
    await onQa.release();
    expect((await failure(claimEnvironments(services, [dev], 'purge', AS_CLI))).code).toBe('RUN_IN_PROGRESS');
    await other.release();
    expect(await runsHoldingForWindow(services, [dev.id, qa.id])).toEqual([]);
  });

  it('chosen to run anyway, a plan goes ahead alongside and a third run is told of both, then of it alone', async () => {
    const sim = await simulator({ projects: 2 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const session = new WindowSession(services);
    await plans.savePreset(
      services,
      {
        name: 'Nightly',
        environments: [dev.id],
        steps: [{ kind: 'purge', projects: { all: true }, cacheTypes: ['object'] }],
      },
      { replace: false },
    );
    const other = await claimEnvironments(services, [dev], 'purge', AS_CLI);
    const release = sim.hold(/caches\/object/);
    const finished = new Promise<PlanOutcome | null>((resolve) => {
      void plans.startWindowPlan(
        services,
        session,
        { name: 'Nightly', confirmations: {}, stopOnError: false, alongside: true },
        { onStep: () => {}, onFinished: (_runId, outcome) => resolve(outcome) },
      );
    });
    await until(() => sim.callsTo(/caches\/object/).length >= 1);
    const third = await failure(claimEnvironments(services, [dev], 'purge', AS_CLI));
    expect(third.code).toBe('RUN_IN_PROGRESS');
    expect(third.message).toMatch(/Dev: "purge" \(process \d+ on .*Dev: "preset run Nightly in the window" \(process /);
    // The first run ends: the forced one still holds the environment.
    await other.release();
    const held = await runsHoldingForWindow(services, [dev.id]);
    expect(held.map((line) => line.run)).toEqual([expect.stringMatching(/^"preset run Nightly in the window"/)]);
    expect((await failure(claimEnvironments(services, [dev], 'purge', AS_CLI))).message).toContain(
      'Dev: "preset run Nightly in the window"',
    );
    release();
    expect((await finished)?.steps.map((step) => step.status)).toEqual(['succeeded']);
    expect(sim.purges.length).toBeGreaterThan(0);
    // Given back when it ended.
    expect(await runsHoldingForWindow(services, [dev.id])).toEqual([]);
  });

  it('chosen to run anyway, a trigger goes ahead alongside; without that choice it is refused', async () => {
    const sim = await simulator({ projects: 2 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const session = new WindowSession(services);
    const other = await claimEnvironments(services, [dev], 'purge', AS_CLI);
    const trigger = { profileId: dev.id, kind: 'event' as const, names: ['Sales_Ready'], confirmed: false };
    const refused = await failure(
      runbook.startWindowRunbook(services, session, trigger, { onItem: () => {}, onFinished: () => {} }),
    );
    expect(refused.code).toBe('RUN_IN_PROGRESS');
    const results = await new Promise<{ status: string }[]>((resolve) => {
      void runbook.startWindowRunbook(
        services,
        session,
        { ...trigger, alongside: true },
        { onItem: () => {}, onFinished: (_runId, items) => resolve(items) },
      );
    });
    expect(results.map((item) => item.status)).toEqual(['succeeded']);
    expect(sim.runbook.performed).toHaveLength(1);
    // The other run still holds it; the forced one gave back only its own claim.
    expect((await runsHoldingForWindow(services, [dev.id])).map((line) => line.run)).toEqual([
      expect.stringMatching(/^"purge"/),
    ]);
    await other.release();
    expect(await runsHoldingForWindow(services, [dev.id])).toEqual([]);
  });
});

describe('a run that went ahead alongside and is gone', () => {
  it('leaves no claim: a process that no longer answers is not named, and its file is removed', async () => {
    const sim = await simulator({ projects: 1 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const other = await claimEnvironments(services, [dev], 'purge', AS_CLI);
    const forced = await claimEnvironments(services, [dev], 'purge', { force: true, scheduled: false });
    expect(forced.alongside).toMatch(/^Dev: "purge"/);
    const locks = join(services.dataFolder, 'locks');
    const [recorded] = (await readdir(locks)).filter((name) => name.includes('.alongside.'));
    expect(recorded).toBeDefined();
    // The forced run killed outright: its file names a process that has ended.
    const ended = spawnSync(process.execPath, ['-e', '']).pid;
    const gone = { pid: ended, host: hostname(), startedAt: new Date().toISOString(), what: 'purge --force' };
    await writeFile(join(locks, recorded as string), JSON.stringify(gone));
    await other.release();
    expect(await runsHoldingForWindow(services, [dev.id])).toEqual([]);
    expect((await readdir(locks)).filter((name) => name.includes('.alongside.'))).toEqual([]);
    const next = await claimEnvironments(services, [dev], 'purge', AS_CLI);
    expect(next.alongside).toBeNull();
    await next.release();
    await forced.release();
  });
});
