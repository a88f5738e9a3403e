import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Channel, RequestOf, Result } from '../../src/shared/ipc.ts';
import { CHANNELS } from '../../src/shared/ipc.ts';
import { privateKeyringStore } from './keyring.ts';
import { simulator } from './helpers.ts';
import { windowHandlers } from './window-main.ts';

/** A test double of ipcMain: records the handlers registered per channel. */
const registered = new Map<string, (event: unknown, request: unknown) => Promise<Result<unknown>>>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, request: unknown) => Promise<Result<unknown>>) =>
      registered.set(channel, handler),
  },
}));

const { registerIpc } = await import('../../src/main/ipc/register.ts');
const { createDispatcher, trustedSender } = await import('../../src/main/ipc/dispatcher.ts');
const { createServices } = await import('../../src/main/services.ts');

const APP_ORIGIN = 'app://bundle';
const mainFrame = { url: `${APP_ORIGIN}/index.html` };
const ownWindow = { id: 7, mainFrame };
const ownEvent = { sender: ownWindow, senderFrame: mainFrame };

const PROFILE_ID = '0b9c1c1e-8d1c-4f0e-9d43-6a4c2b8e2f10';
const PROJECT_ID = 'B7CA92F04B9FAE8D941C3E9B7E0CD754';
const DRAFT = { name: 'Dev', url: 'https://bi.example.com/MicroStrategyLibrary', tier: 'dev' };

/** One valid request per channel: the type makes this list cover every channel of the contract. */
const VALID: { [C in Channel]: RequestOf<C> } = {
  'app:info': undefined,
  'app:settings': undefined,
  'app:save-settings': { theme: 'dark' },
  'app:open-external': { url: 'https://microstrategy.github.io/rest-api-docs/' },
  'app:copy-text': { text: 'B7CA92F04B9FAE8D941C3E9B7E0CD754' },
  'app:data-problems': undefined,
  'keychain:status': undefined,
  'profiles:list': undefined,
  'profiles:save': { draft: DRAFT, proxyPassword: 'p' },
  'profiles:delete': { id: PROFILE_ID },
  'profiles:duplicate': { id: PROFILE_ID },
  'profiles:reorder': { ids: [PROFILE_ID] },
  'profiles:get': { id: PROFILE_ID },
  'profiles:import-choose': undefined,
  'profiles:import': { token: PROFILE_ID, onConflict: 'rename', choices: { Dev: 'skip' } },
  'profiles:export': { ids: [PROFILE_ID] },
  'profiles:choose-ca-file': undefined,
  'server:test': { draft: DRAFT, profileId: PROFILE_ID, proxyPassword: 'p' },
  'server:nodes': { profileId: PROFILE_ID },
  'sessions:list': undefined,
  'sessions:connect': { profileId: PROFILE_ID, secret: 'x', remember: false },
  'sessions:disconnect': { profileId: PROFILE_ID },
  'projects:list': { profileId: PROFILE_ID, refresh: true },
  'purge:prepare': { environments: [PROFILE_ID], projects: { ids: [PROJECT_ID] }, cacheTypes: ['object'] },
  'purge:start': { planId: PROFILE_ID, confirmed: false },
  'purge:cancel': { planId: PROFILE_ID },
  'purge:retry': { planId: PROFILE_ID },
  'purge:results': { planId: PROFILE_ID },
  'caches:list': { profileId: PROFILE_ID, kind: 'content', nodes: ['iserver-a'] },
  'caches:window': {
    profileId: PROFILE_ID,
    kind: 'content',
    query: 'sales',
    filter: { type: 'report' },
    sort: { column: 'sizeKb', direction: 'desc' },
    offset: 0,
    limit: 40,
    totals: true,
  },
  'caches:plan': { profileId: PROFILE_ID, kind: 'cube', action: 'unload', keys: ['iserver-a/ABC:DEF:MTA='] },
  'caches:start': { planId: PROFILE_ID, confirmed: false },
  'caches:cancel': { planId: PROFILE_ID },
  'caches:retry': { planId: PROFILE_ID },
  'caches:confirm': { planId: PROFILE_ID },
  'history:list': { outcome: 'failed', limit: 10 },
  'history:export': {},
  'history:runs-per-day': { profileName: 'Dev', runId: PROFILE_ID },
  'overview:environment': { profileId: PROFILE_ID },
  'overview:environments': undefined,
  'overview:seen': { profileId: PROFILE_ID },
  'presets:list': undefined,
  'presets:save': {
    name: 'n',
    environments: [PROFILE_ID],
    steps: [{ kind: 'purge', projects: { all: true }, cacheTypes: ['element'] }],
  },
  'presets:remove': { name: 'n' },
  'presets:rename': { name: 'n', newName: 'm' },
  'presets:prepare': { name: 'n' },
  'presets:command': { name: 'n' },
  'presets:script-choose': undefined,
  'presets:script-import': { token: PROFILE_ID, name: 'Nightly', environments: [PROFILE_ID], replace: false },
  'plans:start': { name: 'n', confirmed: true, stopOnError: false },
  'plans:cancel': { runId: PROFILE_ID },
  'plans:preview': { name: 'n' },
  'runbook:cubes': { profileId: PROFILE_ID, project: 'Sales' },
  'runbook:events': { profileId: PROFILE_ID },
  'runbook:subscriptions': { profileId: PROFILE_ID, project: 'Sales' },
  'runbook:start': {
    profileId: PROFILE_ID,
    kind: 'republish',
    project: 'Sales',
    names: ['Sales Cube'],
    confirmed: false,
  },
  'runbook:cancel': { runId: PROFILE_ID },
  'runs:in-progress': { profileIds: [PROFILE_ID] },
  'schedules:list': undefined,
  'schedules:add': { presetName: 'n', time: '02:00', days: ['mon'], confirmedProduction: false },
  'schedules:remove': { presetName: 'n' },
  'schedules:unseen-failures': undefined,
  'schedules:acknowledge': undefined,
  'project-state:table': { profileId: PROFILE_ID },
  'project-state:plan': { profileId: PROFILE_ID, action: 'idle', mode: 'full', project: 'Sales' },
  'project-state:run': { planId: PROFILE_ID, confirmed: false },
  'project-state:update-schema': { profileId: PROFILE_ID, project: 'Sales', parts: ['refresh'], confirmed: false },
};

const MEGABYTE = 'x'.repeat(1024 * 1024);

/** Fields a valid request may leave out, per channel; every other field is required. */
const OPTIONAL_FIELDS: Partial<Record<Channel, string[]>> = {
  'app:save-settings': ['theme'],
  'profiles:save': ['id', 'proxyPassword'],
  'server:test': ['profileId', 'proxyPassword'],
  'sessions:connect': ['secret', 'remember'],
  'history:list': ['outcome', 'limit'],
  'history:runs-per-day': ['profileName', 'runId'],
  'caches:list': ['nodes'],
  'caches:window': ['totals'],
  'caches:plan': ['shown', 'except'],
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object field (and each object inside it) replaced by an empty list and by a list of its values. */
function listsInPlaceOf(record: Record<string, unknown>, key: string): { label: string; request: unknown }[] {
  const inner = record[key] as Record<string, unknown>;
  const variants = [
    { label: `${key} as an empty list`, request: { ...record, [key]: [] } },
    { label: `${key} as a list`, request: { ...record, [key]: Object.values(inner) } },
  ];
  for (const innerKey of Object.keys(inner).filter((name) => isObject(inner[name])))
    variants.push({
      label: `${key}.${innerKey} as an empty list`,
      request: { ...record, [key]: { ...inner, [innerKey]: [] } },
    });
  return variants;
}

/** Requests that must be refused for a channel, built from its valid one. */
function invalidVariants(channel: Channel): { label: string; request: unknown }[] {
  const valid = VALID[channel] as unknown;
  const variants: { label: string; request: unknown }[] = [
    { label: 'a number', request: 42 },
    { label: 'a string', request: 'hello' },
    { label: 'an array', request: [valid] },
    { label: 'an empty array', request: [] },
    { label: 'a __proto__ key', request: JSON.parse('{"__proto__": {"polluted": true}}') },
  ];
  if (valid === undefined) return [...variants, { label: 'an object', request: {} }];
  const record = valid as Record<string, unknown>;
  variants.push({ label: 'an extra field', request: { ...record, extra: true } });
  variants.push({ label: 'a nested __proto__ key', request: { ...record, ...JSON.parse('{"__proto__": {"x": 1}}') } });
  for (const key of Object.keys(record)) {
    const { [key]: _dropped, ...missing } = record;
    if (!(OPTIONAL_FIELDS[channel] ?? []).includes(key)) variants.push({ label: `without ${key}`, request: missing });
    variants.push({ label: `${key} as a 1 MB string`, request: { ...record, [key]: MEGABYTE } });
    variants.push({
      label: `${key} of the wrong type`,
      request: { ...record, [key]: typeof record[key] === 'number' ? 'x' : 12345 },
    });
    if (isObject(record[key])) variants.push(...listsInPlaceOf(record, key));
  }
  return variants;
}

describe('IPC registry', () => {
  const calls: string[] = [];

  beforeAll(() => {
    const services = createServices({
      dataFolder: mkdtempSync(join(tmpdir(), 'mstr-ipc-')),
      secrets: privateKeyringStore(),
    });
    const handlers = windowHandlers(services);
    const counted = Object.fromEntries(
      Object.entries(handlers).map(([channel, handler]) => [
        channel,
        (request: unknown) => {
          calls.push(channel);
          return (handler as (request: unknown) => Promise<unknown>)(request);
        },
      ]),
    ) as typeof handlers;
    registerIpc(
      createDispatcher(
        counted,
        trustedSender(() => ownWindow.id, APP_ORIGIN),
      ),
    );
  });

  const invoke = (channel: string, request: unknown, event: unknown = ownEvent): Promise<Result<unknown>> => {
    const handler = registered.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, request);
  };

  it('registers exactly the channels of the contract', () => {
    expect([...registered.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it.each(CHANNELS)('%s refuses invalid requests before any service runs', async (channel) => {
    calls.length = 0;
    for (const { label, request } of invalidVariants(channel)) {
      const result = await invoke(channel, request);
      expect(result, `${channel} with ${label}`).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(JSON.stringify(result).length, 'the error does not echo a 1 MB input').toBeLessThan(2000);
    }
    expect(calls).toEqual([]);
  });

  it('refuses non-GUID project ids and unknown cache types', async () => {
    calls.length = 0;
    const base = VALID['purge:prepare'];
    for (const request of [
      { ...base, projects: { ids: ['../../etc'] } },
      { ...base, projects: { ids: ['B7CA92F04B9FAE8D941C3E9B7E0CD75'] } },
      { ...base, cacheTypes: ['report'] },
      { ...base, cacheTypes: [] },
      { ...base, concurrency: 17 },
      { ...base, environments: ['not-a-profile'] },
    ]) {
      expect(await invoke('purge:prepare', request)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(calls).toEqual([]);
  });

  it('rejects a foreign sender: another window, a sub-frame, another origin', async () => {
    calls.length = 0;
    const subFrame = { url: `${APP_ORIGIN}/index.html` };
    const foreign = [
      { sender: { id: 8, mainFrame }, senderFrame: mainFrame },
      { sender: ownWindow, senderFrame: subFrame },
      { sender: { id: 7, mainFrame: { url: 'https://evil.example' } }, senderFrame: { url: 'https://evil.example' } },
      { sender: ownWindow, senderFrame: null },
    ];
    foreign[2]!.sender.mainFrame = foreign[2]!.senderFrame as typeof mainFrame;
    for (const event of foreign) {
      expect(await invoke('app:info', undefined, event)).toMatchObject({
        ok: false,
        error: { code: 'FOREIGN_SENDER' },
      });
    }
    expect(calls).toEqual([]);
  });

  it('answers valid requests in an envelope, and service errors with their code', async () => {
    expect(await invoke('app:info', undefined)).toMatchObject({ ok: true, data: { version: '1.2.3' } });
    expect(await invoke('profiles:delete', { id: PROFILE_ID })).toMatchObject({
      ok: false,
      error: { code: 'PROFILE_NOT_FOUND' },
    });
    expect(await invoke('app:open-external', { url: 'https://evil.example/' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await invoke('app:open-external', { url: 'http://microstrategy.github.io/' })).toMatchObject({ ok: false });
  });

  it('carries a whole connect-list-purge flow without any secret in a response', async () => {
    const sim = await simulator({ projects: 3 });
    const saved = await invoke('profiles:save', { draft: { ...DRAFT, url: sim.url, username: 'administrator' } });
    expect(saved.ok).toBe(true);
    const profileId = (saved as { data: { id: string } }).data.id;
    const connected = await invoke('sessions:connect', { profileId, secret: 'admin-pass', remember: true });
    expect(connected).toMatchObject({ ok: true, data: { state: 'connected', userFullName: 'Administrator' } });
    const listing = await invoke('projects:list', { profileId, refresh: true });
    expect(listing).toMatchObject({ ok: true, data: { offline: false } });
    expect(await invoke('profiles:list', undefined)).toMatchObject({
      ok: true,
      data: { refreshedAt: { [profileId]: expect.any(String) } },
    });
    const plan = await invoke('purge:prepare', {
      environments: [profileId],
      projects: { ids: [sim.projects[0]!.id] },
      cacheTypes: ['object', 'element'],
    });
    const planId = (plan as { data: { id: string } }).data.id;
    expect(await invoke('purge:start', { planId, confirmed: false })).toMatchObject({ ok: true });
    await expect
      .poll(async () => ((await invoke('purge:results', { planId })) as { data: unknown }).data)
      .toMatchObject({ summary: { succeeded: 2 } });
    const everything = JSON.stringify([saved, connected, listing, plan]);
    for (const secret of ['admin-pass', ...sim.activeTokens, ...sim.activeCookieValues])
      expect(everything).not.toContain(secret);

    await sim.close();
    const offline = await invoke('projects:list', { profileId, refresh: true });
    expect(offline).toMatchObject({ ok: true, data: { offline: true, error: { code: 'UNREACHABLE' } } });
    expect((offline as { data: { projects: unknown[] } }).data.projects).toHaveLength(3);
  });

  it('refuses to start a production purge the user did not confirm, and sends nothing', async () => {
    const sim = await simulator({ projects: 3 });
    const draft = { ...DRAFT, name: 'Prod', tier: 'prod', url: sim.url, username: 'administrator' };
    const saved = await invoke('profiles:save', { draft });
    const profileId = (saved as { data: { id: string } }).data.id;
    await invoke('sessions:connect', { profileId, secret: 'admin-pass', remember: false });
    const plan = await invoke('purge:prepare', {
      environments: [profileId],
      projects: { ids: [sim.projects[0]!.id] },
      cacheTypes: ['object'],
    });
    const planId = (plan as { data: { id: string } }).data.id;
    expect(await invoke('purge:start', { planId, confirmed: false })).toMatchObject({
      ok: false,
      error: { code: 'CONFIRMATION_REQUIRED' },
    });
    expect(sim.purges).toHaveLength(0);
    expect(await invoke('purge:start', { planId, confirmed: true })).toMatchObject({ ok: true });
    await expect
      .poll(async () => ((await invoke('purge:results', { planId })) as { data: unknown }).data)
      .toMatchObject({ summary: { succeeded: 1 } });
    expect(sim.purges).toHaveLength(1);
    await sim.close();
  });

  it('refuses to delete cube caches the user did not accept to unpublish, and sends nothing', async () => {
    const sim = await simulator({ projects: 1, cluster: { cubeCachesPerNode: 2 } });
    const draft = { ...DRAFT, name: 'Cubes', url: sim.url, username: 'administrator' };
    const saved = await invoke('profiles:save', { draft });
    const profileId = (saved as { data: { id: string } }).data.id;
    await invoke('sessions:connect', { profileId, secret: 'admin-pass', remember: false });
    const listing = await invoke('caches:list', { profileId, kind: 'cube' });
    // The list comes without its caches: main keeps them, and answers the rows a search shows.
    expect(listing).toMatchObject({ ok: true, data: { caches: [] } });
    const window = await invoke('caches:window', {
      profileId,
      kind: 'cube',
      query: '',
      filter: {},
      sort: { column: 'name', direction: 'asc' },
      offset: 0,
      limit: 10,
    });
    expect(window).toMatchObject({ ok: true, data: { shown: 4, total: 4 } });
    const caches = (window as { data: { rows: { node: string; id: string }[] } }).data.rows;
    const plan = await invoke('caches:plan', {
      profileId,
      kind: 'cube',
      action: 'delete',
      keys: caches.slice(0, 1).map((row) => `${row.node}/${row.id}`),
    });
    const planId = (plan as { data: { id: string } }).data.id;
    expect(await invoke('caches:start', { planId, confirmed: false })).toMatchObject({
      ok: false,
      error: { code: 'CONFIRMATION_REQUIRED' },
    });
    expect(sim.callsTo(/^DELETE/)).toHaveLength(0);
    await sim.close();
  });

  it('turns an unexpected exception into INTERNAL without its message', async () => {
    const dispatch = createDispatcher(
      {
        ...Object.fromEntries(CHANNELS.map((channel) => [channel, async () => null])),
        'app:info': async () => {
          throw new Error('token=abc123 at /home/jane');
        },
      } as never,
      () => true,
    );
    const result = await dispatch('app:info', undefined, { webContentsId: 1, frameUrl: APP_ORIGIN, isMainFrame: true });
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'An unexpected internal error occurred.' },
    });
  });
});
