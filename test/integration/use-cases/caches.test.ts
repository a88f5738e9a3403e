/**
 * Cache actions at the use-case layer against the cluster simulator: deleting cube caches is sent
 * only once the user accepted that it unpublishes the cubes (on every tier), an action on
 * production only with its confirmation, the window's plan names only caches of its last listing,
 * and a run that cannot start still ends in an outcome.
 */
import { describe, expect, it } from 'vitest';
import * as caches from '../../../src/main/use-cases/caches.ts';
import { WindowSession } from '../../../src/main/use-cases/window-session.ts';
import type { CacheActionOutcome, CacheRow } from '../../../src/shared/cache-monitor.ts';
import { cacheKey, viewCaches } from '../../../src/shared/cache-view.ts';
import { failure, simulator } from '../helpers.ts';
import { connected, world } from './world.ts';

const NODE_A = 'iserver-a.example.internal';
const CLUSTER = { nodes: [{ name: NODE_A }], cubeCachesPerNode: 3, contentCachesPerNode: 4 };

function cubeDeletes(sim: Awaited<ReturnType<typeof simulator>>): number {
  return sim.callsTo(/^DELETE .*\/monitors\/caches\/cubes\//).length;
}

describe('cache actions', () => {
  it('deletes cube caches only once the unpublishing is accepted, on a dev environment too', async () => {
    const sim = await simulator({ projects: 1, cluster: CLUSTER });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const listing = await caches.listCaches(services, dev.id, 'cube');
    const plan = await caches.planCacheAction(services, {
      profileId: dev.id,
      kind: 'cube',
      action: 'delete',
      caches: listing.caches,
    });
    const refused = await failure(caches.runCacheAction(services, plan.id, { production: true }, () => {}));
    expect(refused.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.message).toContain('unpublishes the cubes');
    expect(() => caches.requireCacheActionConfirmed(dev, 'cube', 'delete', {})).toThrow(/unpublishes/);
    expect(cubeDeletes(sim)).toBe(0);

    const outcome = await caches.runCacheAction(services, plan.id, { unpublish: true }, () => {});
    expect(outcome.summary.succeeded).toBe(3);
    expect(cubeDeletes(sim)).toBe(3);
  });

  it('acts on production only with its confirmation, and confirms the change against a fresh list', async () => {
    const sim = await simulator({ projects: 1, cluster: CLUSTER });
    const { services } = world();
    const prod = await connected(services, sim, { name: 'Prod', tier: 'prod' });
    const listing = await caches.listCaches(services, prod.id, 'content');
    const plan = await caches.planCacheAction(services, {
      profileId: prod.id,
      kind: 'content',
      action: 'invalidate',
      caches: listing.caches,
    });
    const wrong = await failure(caches.runCacheAction(services, plan.id, { typedNames: ['prod'] }, () => {}));
    expect(wrong.message).toBe('The name did not match Prod. Nothing was sent.');
    expect(sim.callsTo(/^PATCH /)).toHaveLength(0);
    await caches.runCacheAction(services, plan.id, { typedNames: ['Prod'] }, () => {});
    const confirmed = await caches.confirmCacheAction(services, plan.id);
    expect(confirmed.items.every((item) => item.confirmed === true)).toBe(true);
  });

  it('plans in the window only caches of its last listing, and a run that cannot start ends failed with why', async () => {
    const sim = await simulator({ projects: 1, cluster: CLUSTER });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const session = new WindowSession(services);
    const listing = await caches.listCachesInWindow(services, session, { profileId: dev.id, kind: 'content' });
    const keys = listing.caches.map((row) => `${row.node}/${row.id}`);
    const unknown = await failure(
      caches.planChosenCaches(services, session, {
        profileId: dev.id,
        kind: 'content',
        action: 'delete',
        keys: [...keys, `${NODE_A}/not-listed`],
      }),
    );
    expect(unknown.message).toContain('not in the current list');
    const plan = await caches.planChosenCaches(services, session, {
      profileId: dev.id,
      kind: 'content',
      action: 'delete',
      keys,
    });
    expect(plan.items).toHaveLength(keys.length);

    await (await services.sessions.for(dev)).disconnect();
    const ended = await new Promise<CacheActionOutcome>((resolve) =>
      caches.startWindowCacheAction(services, plan.id, { production: true, unpublish: true }, () => {}, resolve),
    );
    expect(ended.summary.failed).toBe(keys.length);
    expect(ended.items.every((item) => item.error !== null)).toBe(true);
  });

  it('answers the window of rows a search shows with its counts, and plans all it shows but the unticked', async () => {
    const sim = await simulator({ projects: 2, cluster: { nodes: [{ name: NODE_A }], contentCachesPerNode: 60 } });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev', tier: 'dev' });
    const session = new WindowSession(services);
    const listing = await caches.listCachesInWindow(services, session, { profileId: dev.id, kind: 'content' });
    const search = {
      query: '',
      filter: { type: 'report' as const },
      sort: { column: 'name' as const, direction: 'asc' as const },
    };
    const reports = viewCaches(listing.caches, search);
    expect(reports.length).toBeGreaterThan(2);
    const request = { profileId: dev.id, kind: 'content' as const, ...search };
    const window = caches.cacheWindow(session, { ...request, offset: 1, limit: 2, totals: true });
    expect(window).toMatchObject({ offset: 1, shown: reports.length, total: listing.caches.length });
    expect(window.rows.map(cacheKey)).toEqual(reports.slice(1, 3).map(cacheKey));
    expect(window.nodeTotals).toEqual([
      { name: NODE_A, count: reports.length, sizeKb: reports.reduce((sum, row) => sum + (row.sizeKb ?? 0), 0) },
    ]);
    expect(caches.cacheWindow(session, { ...request, offset: reports.length, limit: 40 }).rows).toEqual([]);

    const unticked = cacheKey(reports[0] as CacheRow);
    const plan = await caches.planChosenCaches(services, session, {
      profileId: dev.id,
      kind: 'content',
      action: 'invalidate',
      shown: search,
      except: [unticked],
      keys: [unticked, cacheKey(reports[1] as CacheRow)],
    });
    // The unticked one chosen again by its key; a key the search also shows counted once.
    expect(plan.items.map((item) => item.key).sort()).toEqual(reports.map(cacheKey).sort());
    const none = await failure(
      caches.planChosenCaches(services, session, {
        profileId: dev.id,
        kind: 'content',
        action: 'invalidate',
        shown: { ...search, query: 'no such cache' },
        keys: [],
      }),
    );
    expect(none.message).toBe('Choose at least one cache.');
    const unlisted = await failure(
      Promise.resolve().then(() => caches.cacheWindow(session, { ...request, kind: 'cube', offset: 0, limit: 1 })),
    );
    expect(unlisted.code).toBe('VALIDATION');
  });
});
