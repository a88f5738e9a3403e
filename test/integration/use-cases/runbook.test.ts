/**
 * After-load acts at the use-case layer against the simulator: cubes found by search (with and
 * without a cache), a republish followed to an honest end per cube (completed, error with the
 * server's message, a job that leaves the monitor after success or after failure, a dirty cube,
 * a timeout), a few at a time, cancel, a slow job while the session expires, production refusals,
 * events by name (none, several), subscriptions, and the history lines of each.
 */
import { describe, expect, it } from 'vitest';
import * as runbook from '../../../src/main/use-cases/runbook.ts';
import { failure, simulator } from '../helpers.ts';
import { connected, world } from './world.ts';

async function setup(overrides: Parameters<typeof connected>[2] = {}) {
  const sim = await simulator({ projects: 2 });
  const { services } = world();
  const profile = await connected(services, sim, { name: 'Dev', tier: 'dev', ...overrides });
  const project = sim.projects[0]?.name as string;
  return { sim, services, profile, project };
}

function publishes(sim: Awaited<ReturnType<typeof simulator>>): number {
  return sim.callsTo(/^POST .*\/api\/v2\/cubes\//).length;
}

describe('cubes', () => {
  it('lists OLAP and super cubes by name, the never-published one too, with status, size and last update', async () => {
    const { services, profile, project } = await setup();
    const listing = await runbook.listCubes(services, profile.id, project);
    const byName = new Map(listing.cubes.map((cube) => [cube.name, cube]));
    expect(byName.get('Never Published Cube')).toMatchObject({ hasCache: false, status: [], kind: 'olap' });
    expect(byName.get('Inventory Super Cube')).toMatchObject({ hasCache: true, kind: 'super', sizeKb: 2048 });
    expect(byName.get('Sales Cube')?.status).toContain('ready');
    expect(byName.get('Sales Cube')?.lastUpdated).toBe('2026-11-01T03:00:00.000Z');
    const narrowed = await runbook.listCubes(services, profile.id, project, 'revenue');
    expect(narrowed.cubes.map((cube) => cube.name)).toEqual(['Revenue Cube']);
  });

  it('ends each cube honestly: completed, error with its message, left the monitor after success or failure, dirty', async () => {
    const { sim, services, profile, project } = await setup();
    const results = await runbook.republishCubes(
      services,
      {
        profileId: profile.id,
        project,
        cubes: ['Sales Cube', 'Broken Cube', 'Vanishing Cube', 'Lost Cube', 'Dirty Cube'],
        timeoutMinutes: 0.05,
      },
      {},
    );
    const byName = new Map(results.map((result) => [result.cube, result]));
    expect(byName.get('Sales Cube')).toMatchObject({
      status: 'succeeded',
      message: expect.stringContaining('COMPLETED'),
    });
    expect(byName.get('Broken Cube')).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('WH_SALES_FACT'),
    });
    expect(byName.get('Vanishing Cube')).toMatchObject({
      status: 'succeeded',
      message: expect.stringContaining('left the monitor'),
    });
    expect(byName.get('Lost Cube')?.status).toBe('unknown');
    expect(byName.get('Lost Cube')?.message).toMatch(
      /^No confirmation within 3 s: job 4\d\d:\S+ left the monitor; cube last updated 11\/01\/2026 03:00:00, status active persisted loaded ready\.$/,
    );
    expect(byName.get('Dirty Cube')).toMatchObject({ status: 'failed', message: expect.stringContaining('dirty') });
    expect(results.every((result) => result.jobId && result.startedAt && result.finishedAt)).toBe(true);
    expect(publishes(sim)).toBe(5);
    const history = await services.history.list();
    const lines = history.filter((line) => line.action === 'republish');
    expect(lines).toHaveLength(5);
    expect(new Set(lines.map((line) => line.runId)).size).toBe(1);
    expect(lines.find((line) => line.cacheName === 'Broken Cube')).toMatchObject({
      outcome: 'failed',
      scheduled: false,
      cacheType: 'cube',
    });
  });

  it('runs two at a time by default', async () => {
    const { sim, services, profile, project } = await setup();
    for (const cube of sim.runbook.cubes) cube.jobMs = 400;
    await runbook.republishCubes(
      services,
      { profileId: profile.id, project, cubes: ['Sales Cube', 'Revenue Cube', 'Vanishing Cube'] },
      {},
    );
    const starts = sim.runbook.performed.filter((call) => call.kind === 'publish').map((call) => call.at);
    expect(starts).toHaveLength(3);
    // The third starts only when one of the first two has ended (each job runs 400 ms).
    expect((starts[2] as number) - (starts[0] as number)).toBeGreaterThanOrEqual(350);
  });

  it('a slow job while the session expires: logs in again and still confirms', async () => {
    const { sim, services, profile, project } = await setup();
    const seen: string[] = [];
    const results = await runbook.republishCubes(
      services,
      {
        profileId: profile.id,
        project,
        cubes: ['Inventory Super Cube'],
        onItem: (result) => {
          seen.push(result.status);
          if (result.status === 'running') setTimeout(() => sim.expireAllSessions(), 300);
        },
      },
      {},
    );
    expect(results[0]?.status).toBe('succeeded');
    expect(seen).toEqual(['running', 'succeeded']);
    expect(sim.callsTo(/^POST .*\/auth\/login/).length).toBeGreaterThanOrEqual(2);
    expect(publishes(sim)).toBe(1);
  });

  it('cancel stops waiting and starting; the results say the running jobs go on', async () => {
    const { sim, services, profile, project } = await setup();
    for (const cube of sim.runbook.cubes) cube.jobMs = 60_000;
    let cancelled = false;
    const results = await runbook.republishCubes(
      services,
      {
        profileId: profile.id,
        project,
        cubes: ['Sales Cube', 'Revenue Cube', 'Inventory Super Cube'],
        cancelled: () => cancelled,
        onItem: (result) => {
          if (result.status === 'running' && result.cube === 'Revenue Cube') setTimeout(() => (cancelled = true), 200);
        },
      },
      {},
    );
    expect(results.map((result) => result.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(results[0]?.message).toMatch(/already running and goes on/);
    expect(results[2]?.message).toBe('Cancelled before it was sent.');
    expect(results[2]?.jobId).toBeNull();
    expect(publishes(sim)).toBe(2);
  });

  it('refuses on production without the confirmation, and a name that matches nothing; nothing is sent', async () => {
    const { sim, services, profile, project } = await setup({ name: 'Prod', tier: 'production' });
    const refused = await failure(
      runbook.republishCubes(services, { profileId: profile.id, project, cubes: ['Sales Cube'] }, {}),
    );
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    const missing = await failure(
      runbook.republishCubes(
        services,
        { profileId: profile.id, project, cubes: ['Sales Cube', 'No Such Cube'] },
        { production: true },
      ),
    );
    expect(missing).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('No cube "No Such Cube"') });
    expect(publishes(sim)).toBe(0);
  });

  it('says which privilege is missing (403) and which version is needed', async () => {
    const { sim, services, profile, project } = await setup();
    const admin = sim.users.find((user) => user.username === 'administrator');
    if (admin) admin.canPublishCubes = false;
    const [denied] = await runbook.republishCubes(
      services,
      { profileId: profile.id, project, cubes: ['Sales Cube'] },
      {},
    );
    expect(denied).toMatchObject({ status: 'failed', error: { code: 'FORBIDDEN_PRIVILEGE', httpStatus: 403 } });
    expect(denied?.message).toContain('Publish Intelligent Cube');
    expect(denied?.error?.ticketId).toMatch(/^[0-9a-f]{32}$/);

    const old = await simulator({ projects: 1, iServerVersion: '11.3.0200.0001' });
    const { services: oldServices } = world();
    const oldProfile = await connected(oldServices, old, { name: 'Old', tier: 'dev' });
    const tooOld = await failure(
      runbook.republishCubes(
        oldServices,
        { profileId: oldProfile.id, project: old.projects[0]?.name as string, cubes: ['Sales Cube'] },
        {},
      ),
    );
    expect(tooOld).toMatchObject({ code: 'SERVER_TOO_OLD', message: expect.stringContaining('11.3.0500') });
  });
});

describe('events and subscriptions', () => {
  it('triggers one event by name; none or several matches refuse before anything is sent', async () => {
    const { sim, services, profile } = await setup();
    const events = await runbook.listEvents(services, profile.id);
    expect(events.map((event) => event.name)).toContain('Sales_Ready');
    const none = await failure(runbook.triggerEvent(services, { profileId: profile.id, event: 'Sales Ready' }, {}));
    expect(none).toMatchObject({
      code: 'VALIDATION',
      message: 'No event is named "Sales Ready". Did you mean "Sales_Ready"? Nothing was sent.',
    });
    const two = await failure(runbook.triggerEvent(services, { profileId: profile.id, event: 'Load_Done' }, {}));
    expect(two.message).toMatch(/2 events are named "Load_Done" .*give the id/);
    expect(sim.runbook.performed).toHaveLength(0);
    const id = sim.runbook.events[2]?.id as string;
    const byId = await runbook.triggerEvent(
      services,
      { profileId: profile.id, event: id, step: '2/2 trigger event' },
      {},
    );
    expect(byId).toMatchObject({ status: 'succeeded', name: 'Load_Done' });
    const result = await runbook.triggerEvent(services, { profileId: profile.id, event: 'Sales_Ready' }, {});
    expect(result.status).toBe('succeeded');
    expect(sim.runbook.performed.map((call) => call.kind)).toEqual(['trigger', 'trigger']);
    const lines = (await services.history.list()).filter((line) => line.action === 'trigger');
    expect(lines.map((line) => line.cacheName).sort()).toEqual(['Load_Done', 'Sales_Ready']);
    expect(lines.find((line) => line.cacheName === 'Load_Done')).toMatchObject({
      step: '2/2 trigger event',
      cacheType: 'event',
    });
  });

  it('lists and sends subscriptions; a trigger without the privilege fails with the 403', async () => {
    const { sim, services, profile, project } = await setup();
    const { subscriptions } = await runbook.listSubscriptions(services, profile.id, project);
    expect(subscriptions.map((row) => [row.name, row.owner, row.delivery, row.triggers])).toEqual([
      ['Daily Sales', 'Administrator', 'email', ['Sales_Ready']],
      ['Weekly KPIs', 'jane.ldap', 'file', ['Weekly Monday']],
    ]);
    const results = await runbook.sendSubscriptions(
      services,
      { profileId: profile.id, project, names: ['Daily Sales', 'Weekly KPIs'] },
      {},
    );
    expect(results.map((result) => result.status)).toEqual(['succeeded', 'succeeded']);
    expect((await services.history.list()).filter((line) => line.action === 'send')).toHaveLength(2);
    const admin = sim.users.find((user) => user.username === 'administrator');
    if (admin) admin.canTriggerEvents = false;
    const denied = await runbook.triggerEvent(services, { profileId: profile.id, event: 'Sales_Ready' }, {});
    expect(denied).toMatchObject({ status: 'failed', error: { code: 'FORBIDDEN_PRIVILEGE' } });
  });
});
