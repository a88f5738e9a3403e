/**
 * Projects and purges at the use-case layer against the simulator: the project list with each
 * project's last purge, and a purge that reaches production sent only with its confirmation (the
 * window's and the command line's), refused with CONFIRMATION_REQUIRED and nothing sent otherwise.
 */
import { describe, expect, it } from 'vitest';
import * as purges from '../../../src/main/use-cases/projects-and-purges.ts';
import { WindowSession } from '../../../src/main/use-cases/window-session.ts';
import type { PurgeOutcome } from '../../../src/shared/model.ts';
import { failure, simulator } from '../helpers.ts';
import { connected, world } from './world.ts';

async function refused(action: () => unknown): Promise<{ code: string; message: string }> {
  return failure((async () => action())());
}

describe('purges', () => {
  it('refuses a production purge without its confirmation or with a wrong name, sending nothing', async () => {
    const sim = await simulator({ projects: 2 });
    const { services } = world();
    const prod = await connected(services, sim, { name: 'Prod EU', tier: 'prod' });
    const plan = await purges.preparePurge(services, {
      environments: [prod.id],
      projects: { all: true },
      cacheTypes: ['object'],
    });

    const none = await refused(() => purges.runPurge(services, plan, {}, () => {}));
    expect(none.code).toBe('CONFIRMATION_REQUIRED');
    expect(none.message).toContain('Prod EU is production');
    expect(none.message).toContain('Nothing was sent.');
    const wrong = await refused(() => purges.runPurge(services, plan, { typedNames: ['prod eu'] }, () => {}));
    expect(wrong.message).toBe('The name did not match Prod EU. Nothing was sent.');
    expect(sim.purges).toHaveLength(0);

    const run = purges.runPurge(services, plan, { typedNames: [' Prod EU '] }, () => {});
    const outcome = await run.done;
    expect(outcome.summary.succeeded).toBe(2);
    expect(sim.purges).toHaveLength(2);
  });

  it('needs no confirmation off production, and the checks before any login follow the same rule', async () => {
    const sim = await simulator({ projects: 1 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    expect(() => purges.requirePurgeConfirmed([dev], {})).not.toThrow();
    expect(() => purges.requirePurgeConfirmed([{ name: 'P', tier: 'prod' }], {})).toThrow(/P is production/);
    // At a terminal the names are typed once the plan is known: only that part waits.
    expect(() => purges.requirePurgeConfirmed([{ name: 'P', tier: 'prod' }], {}, true)).not.toThrow();
    const plan = await purges.preparePurge(services, {
      environments: [dev.id],
      projects: { all: true },
      cacheTypes: ['element'],
    });
    expect((await purges.runPurge(services, plan, {}, () => {}).done).summary.succeeded).toBe(1);
  });

  it('runs the window’s purge only once confirmed, and reports its outcome by plan id', async () => {
    const sim = await simulator({ projects: 3 });
    const { services } = world();
    const prod = await connected(services, sim, { name: 'Prod', tier: 'prod' });
    const session = new WindowSession(services);
    const plan = purges.preparedInWindow(
      session,
      await purges.preparePurge(services, { environments: [prod.id], projects: { all: true }, cacheTypes: ['object'] }),
    );
    expect(
      (await failure(purges.startWindowPurge(services, session, plan.id, { production: false }, () => {}))).code,
    ).toBe('CONFIRMATION_REQUIRED');
    expect(sim.purges).toHaveLength(0);
    const finished = new Promise<PurgeOutcome>(
      (resolve) =>
        void purges.startWindowPurge(services, session, plan.id, { production: true }, (event) => {
          if (event.type === 'finished') resolve(event.outcome);
        }),
    );
    expect((await finished).summary.succeeded).toBe(3);
    expect(session.runs.outcome(plan.id)?.summary.succeeded).toBe(3);
  });
});

describe('projects', () => {
  it('lists the projects with when each was last purged, and keeps the list for offline use', async () => {
    const sim = await simulator({ projects: 2 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev' });
    const plan = await purges.preparePurge(services, {
      environments: [dev.id],
      projects: { ids: [sim.projects[0]?.id ?? ''] },
      cacheTypes: ['object'],
    });
    await purges.runPurge(services, plan, {}, () => {}).done;
    const listing = await purges.listProjects(services, dev.id, true);
    expect(listing.projects.map((project) => project.name).sort()).toEqual(sim.projects.map((p) => p.name).sort());
    expect(Object.keys(listing.lastPurged)).toEqual([sim.projects[0]?.id]);
    expect(await services.projects.fetchedAt(dev.id)).not.toBeNull();
    const live = await purges.serverProjects(services, dev);
    expect(live.projects).toHaveLength(2);
    expect(live.unloadedKnown).toBe(true);
  });
});
