import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCompleteSuccess, type PurgeEvent } from '../../src/main/purge/purge-engine.ts';
import type { PurgeItem } from '../../src/shared/model.ts';
import { generateProjects } from '../simulator/projects.ts';
import { failure, simulator } from './helpers.ts';
import { profileFor, services } from './engine-helpers.ts';

const outcomes = (items: readonly PurgeItem[]): Record<string, string> =>
  Object.fromEntries(items.map((item) => [`${item.projectName}/${item.cacheType}`, item.error?.code ?? item.status]));

describe('purge engine', () => {
  it('purges every loaded project x both cache types, skips unloaded ones, and logs each call', async () => {
    const sim = await simulator({ projects: 6, unloadedProjects: [1, 4] });
    const all = services();
    const profile = await profileFor(all, sim, { name: 'QA' });
    const plan = await all.engine.prepare({
      environments: [profile.id],
      projects: { all: true },
      cacheTypes: ['object', 'element'],
    });
    expect(plan.items).toHaveLength(8);
    expect(plan.skipped.map((skip) => skip.reason)).toEqual(['not loaded (offline)', 'not loaded (fully idle)']);
    expect(plan.environments[0]).toMatchObject({
      profileName: 'QA',
      user: 'Administrator',
      concurrency: 4,
      error: null,
      projectCount: 6,
    });
    expect(plan.touchesProduction).toBe(false);

    const events: PurgeEvent[] = [];
    const outcome = await all.engine.start(plan, (event) => events.push(event)).done;
    expect(outcome.summary).toEqual({
      total: 8,
      succeeded: 8,
      failed: 0,
      unknown: 0,
      cancelled: 0,
      skipped: 2,
      blockedEnvironments: 0,
    });
    expect(isCompleteSuccess(outcome)).toBe(true);
    expect(sim.purges).toHaveLength(8);
    expect(events.filter((event) => event.type === 'item')).toHaveLength(16);
    expect(events.at(-1)?.type).toBe('finished');

    const history = await all.history.list();
    expect(history).toHaveLength(8);
    expect(history[0]).toMatchObject({
      profileName: 'QA',
      serverHost: `127.0.0.1:${sim.port}`,
      user: 'Administrator',
      outcome: 'succeeded',
      httpStatus: 204,
      runId: plan.id,
    });
  });

  it('reports exact per-item outcomes under faults: 503s retried, HTML 502, expiry, a vanished project', async () => {
    const sim = await simulator({ projects: 5 });
    const all = services();
    const profile = await profileFor(all, sim, { concurrency: 1 });
    const plan = await all.engine.prepare({
      environments: [profile.id],
      projects: { all: true },
      cacheTypes: ['object'],
    });
    const [p1, p2, p3, p4] = sim.projects;
    sim.inject({ kind: 'status', status: 503, times: 2, match: new RegExp(`${p1!.id}/caches`) });
    sim.inject({ kind: 'html', times: 3, match: new RegExp(`${p2!.id}/caches`) });
    sim.inject({ kind: 'expire-session', match: new RegExp(`${p3!.id}/caches`) });
    sim.removeProject(p4!.id);
    const outcome = await all.engine.start(plan).done;
    expect(outcomes(outcome.items)).toEqual({
      'Sales Analytics 001/object': 'succeeded',
      'Finance Analytics 002/object': 'NOT_A_LIBRARY_SERVER',
      'Supply Chain Analytics 003/object': 'succeeded',
      'Marketing Analytics 004/object': 'PROJECT_NOT_FOUND',
      'HR Analytics 005/object': 'succeeded',
    });
    expect(outcome.summary).toMatchObject({ succeeded: 3, failed: 2 });
    expect(isCompleteSuccess(outcome)).toBe(false);
    expect(sim.callsTo(/auth\/login/)).toHaveLength(2);
    const history = await all.history.list();
    expect(history.map((entry) => entry.outcome).sort()).toEqual([
      'failed',
      'failed',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(history.find((entry) => entry.errorCode === 'PROJECT_NOT_FOUND')).toMatchObject({
      httpStatus: 400,
      mstrCode: 'ERR006',
    });
  });

  it('fails every item for a user without the privilege, with the ticketId, and can retry them', async () => {
    const sim = await simulator({ projects: 3 });
    const all = services();
    const profile = await profileFor(all, sim, { username: 'viewer' }, 'viewer-pass');
    const plan = await all.engine.prepare({
      environments: [profile.id],
      projects: { all: true },
      cacheTypes: ['element'],
    });
    const outcome = await all.engine.start(plan).done;
    expect(outcome.items.map((item) => item.error?.code)).toEqual([
      'FORBIDDEN_PRIVILEGE',
      'FORBIDDEN_PRIVILEGE',
      'FORBIDDEN_PRIVILEGE',
    ]);
    expect(outcome.items[0]!.error?.ticketId).toMatch(/^[0-9a-f]{32}$/);
    sim.users.find((user) => user.username === 'viewer')!.canAdministerCaches = true;
    const retry = all.engine.retryPlan(plan, outcome);
    expect(retry.items).toHaveLength(3);
    expect((await all.engine.start(retry).done).summary).toMatchObject({ succeeded: 3, failed: 0 });
  });

  it('cancel stops starting new calls at once', async () => {
    const sim = await simulator({ projects: 20, latencyMs: 40 });
    const all = services();
    const profile = await profileFor(all, sim, { concurrency: 2 });
    const plan = await all.engine.prepare({
      environments: [profile.id],
      projects: { all: true },
      cacheTypes: ['object'],
    });
    let run: ReturnType<typeof all.engine.start> | null = null;
    run = all.engine.start(plan, (event) => {
      if (event.type === 'item' && event.item.status === 'succeeded') run?.cancel();
    });
    const outcome = await run.done;
    expect(outcome.summary.succeeded).toBeGreaterThanOrEqual(1);
    expect(outcome.summary.succeeded).toBeLessThanOrEqual(2);
    expect(outcome.summary.cancelled).toBe(20 - outcome.summary.succeeded);
    expect(sim.callsTo(/DELETE/)).toHaveLength(outcome.summary.succeeded);
    expect(await all.history.list({ outcome: 'succeeded' })).toHaveLength(outcome.summary.succeeded);
    expect(await all.history.list({ outcome: 'cancelled' })).toHaveLength(outcome.summary.cancelled);
  });

  it('matches projects by name across environments and reports names missing somewhere', async () => {
    const shared = generateProjects(4);
    const second = shared.map((project, index) => ({
      ...project,
      id: `${'AB'.repeat(15)}${String(index).padStart(2, '0')}`,
    }));
    const simA = await simulator({ projects: shared });
    const simB = await simulator({ projects: second.slice(0, 3), https: true });
    const all = services();
    const a = await profileFor(all, simA, { name: 'Staging' });
    const b = await profileFor(all, simB, { name: 'Prod EU', tier: 'prod' });
    const names = [shared[0]!.name, shared[3]!.name.toUpperCase()];
    const plan = await all.engine.prepare({
      environments: [a.id, b.id],
      projects: { select: names },
      cacheTypes: ['object'],
    });
    expect(plan.missing).toEqual([{ profileName: 'Prod EU', selector: names[1] }]);
    expect(plan.touchesProduction).toBe(true);
    expect(plan.items.map((item) => `${item.profileName}:${item.projectId}`)).toEqual([
      `Staging:${shared[0]!.id}`,
      `Staging:${shared[3]!.id}`,
      `Prod EU:${second[0]!.id}`,
    ]);
    await all.engine.start(plan).done;
    expect(simA.purges.map((purge) => purge.projectId)).toEqual([shared[0]!.id, shared[3]!.id]);
    expect(simB.purges.map((purge) => purge.projectId)).toEqual([second[0]!.id]);
  });

  it('blocks an environment whose server is too old and sends it nothing', async () => {
    const old = await simulator({ iServerVersion: '11.3.0700.0010', projects: 2 });
    const current = await simulator({ projects: 2 });
    const all = services();
    const oldProfile = await profileFor(all, old, { name: 'Old' });
    const newProfile = await profileFor(all, current, { name: 'New' });
    const plan = await all.engine.prepare({
      environments: [oldProfile.id, newProfile.id],
      projects: { all: true },
      cacheTypes: ['object'],
    });
    expect(plan.environments.map((environment) => environment.error?.code ?? 'ok')).toEqual(['SERVER_TOO_OLD', 'ok']);
    const outcome = await all.engine.start(plan).done;
    expect(outcome.summary).toMatchObject({ succeeded: 2, blockedEnvironments: 1 });
    expect(isCompleteSuccess(outcome)).toBe(false);
    expect(old.callsTo(/DELETE/)).toHaveLength(0);
  });

  it('refuses an empty request', async () => {
    const all = services();
    expect(
      (await failure(all.engine.prepare({ environments: [], projects: { all: true }, cacheTypes: ['object'] }))).code,
    ).toBe('VALIDATION');
  });

  it('leaves no password, token or cookie value in any file of the data folder', async () => {
    const sim = await simulator({ projects: 3, stickyCookie: true });
    const all = services();
    const profile = await profileFor(all, sim, { rememberSecret: true }, 'admin-pass');
    await all.presets.save(
      {
        name: 'nightly',
        environments: [profile.id],
        steps: [{ kind: 'purge', projects: { all: true }, cacheTypes: ['object', 'element'] }],
      },
      { replace: false },
    );
    const plan = await all.engine.prepare({
      environments: [profile.id],
      projects: { all: true },
      cacheTypes: ['object', 'element'],
    });
    await all.engine.start(plan).done;
    await all.history.exportCsv(join(all.dataFolder, 'history.csv'));
    const secrets = ['admin-pass', ...sim.activeTokens, ...sim.activeCookieValues];
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const files = readdirSync(all.dataFolder, { recursive: true, withFileTypes: true }).filter((entry) =>
      entry.isFile(),
    );
    expect(files.map((file) => file.name).sort()).toEqual([
      'history.csv',
      'history.jsonl',
      'presets.json',
      'profiles.json',
    ]);
    for (const file of files) {
      const text = readFileSync(join(file.parentPath, file.name), 'utf8');
      for (const secret of secrets) expect(text, `${file.name} holds a secret`).not.toContain(secret);
    }
  });
});
