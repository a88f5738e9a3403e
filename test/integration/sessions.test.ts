import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileStore } from '../../src/main/profiles/profile-store.ts';
import type { KeychainSecretStore } from '../../src/main/secrets/keychain.ts';
import { SessionRegistry } from '../../src/main/sessions/session-registry.ts';
import type { Profile } from '../../src/shared/profile-schema.ts';
import type { SessionView } from '../../src/shared/model.ts';
import type { LibrarySimulator, SimulatorOptions } from '../simulator/server.ts';
import { connectProxy, failure, simulator } from './helpers.ts';
import { privateKeyringStore } from './keyring.ts';

interface Setup {
  sim: LibrarySimulator;
  profile: Profile;
  secrets: KeychainSecretStore;
  store: ProfileStore;
  registry: () => SessionRegistry;
}

async function setup(options: SimulatorOptions = {}, profile: Partial<Profile> = {}): Promise<Setup> {
  const sim = await simulator({ https: true, ...options });
  const store = new ProfileStore(mkdtempSync(join(tmpdir(), 'mstr-sessions-')));
  const created = await store.create({
    name: 'Prod',
    url: sim.url,
    tier: 'prod',
    username: 'administrator',
    tls: { mode: 'ca-file', caFile: sim.caFile ?? '' },
    ...profile,
  });
  const secrets = privateKeyringStore();
  return { sim, profile: created, secrets, store, registry: () => new SessionRegistry(secrets) };
}

const logins = (sim: LibrarySimulator): number => sim.callsTo(/auth\/login/).length;

describe('sessions', () => {
  it('connects with a remembered password and reuses the stored session after a restart', async () => {
    const { sim, profile, secrets, registry } = await setup();
    const views: SessionView[] = [];
    const first = registry();
    first.onChange((view) => views.push(view));
    const session = await first.for(profile);
    const view = await session.connect({ secret: 'admin-pass', remember: true });
    expect(view).toMatchObject({
      state: 'connected',
      userFullName: 'Administrator',
      serverVersion: '11.4.1200.0081',
      purgeSupported: true,
      error: null,
    });
    expect(Date.parse(view.expiresAt!)).toBeGreaterThan(Date.now() + 1700_000);
    expect(views.map((item) => item.state)).toEqual(['connecting', 'connected']);
    for (let call = 0; call < 5; call += 1) await session.use((client) => client.sessionInfo());
    expect(views, 'calls that only move the expiry a little publish nothing').toHaveLength(2);
    expect(JSON.stringify(views)).not.toMatch(/admin-pass|token|JSESSIONID/);
    expect(await secrets.get(profile.id, 'password')).toBe('admin-pass');
    expect((await secrets.accounts()).sort()).toEqual([`${profile.id}:password`, `${profile.id}:session`]);
    await first.closeAll();

    const restarted = await registry().for(profile);
    expect((await restarted.connect()).state).toBe('connected');
    expect(logins(sim)).toBe(1);
    expect(await restarted.use((client) => client.listProjects())).toHaveLength(12);

    sim.expireAllSessions();
    const third = await registry().for(profile);
    expect((await third.connect()).state).toBe('connected');
    expect(logins(sim)).toBe(2);
    await secrets.deleteProfile(profile.id);
  });

  it('logs in afresh when the kept session has cookies it cannot read, and forgets that entry', async () => {
    const { sim, profile, secrets, registry } = await setup();
    await secrets.set(profile.id, 'password', 'admin-pass');
    await secrets.set(profile.id, 'session', JSON.stringify({ token: 'T', cookies: '{not a cookie jar' }));
    const session = await registry().for(profile);
    expect((await session.connect()).state).toBe('connected');
    expect(logins(sim)).toBe(1);
    const kept = JSON.parse((await secrets.get(profile.id, 'session'))!) as { token: string };
    expect(kept.token).not.toBe('T');
    await session.disconnect();
    await secrets.deleteProfile(profile.id);
  });

  it('asks for the secret when none is remembered, and does not keep one that was not to be remembered', async () => {
    const { profile, secrets, registry } = await setup();
    const session = await registry().for(profile);
    expect((await failure(session.connect())).code).toBe('SECRET_REQUIRED');
    // Nothing was tried: not a failed connection, and no error to show before the user typed anything.
    expect(session.view).toMatchObject({ state: 'disconnected', error: null, secretRemembered: false });
    await session.connect({ secret: 'admin-pass' });
    expect(await secrets.get(profile.id, 'password')).toBeNull();
    await session.disconnect();
    expect(await secrets.accounts()).toEqual([]);
  });

  it('gives BAD_CREDENTIALS and forgets a remembered password the server rejects, never retrying it', async () => {
    const { sim, profile, secrets, registry } = await setup();
    await secrets.set(profile.id, 'password', 'old-password');
    const session = await registry().for(profile);
    const error = await failure(session.connect());
    expect(error.code).toBe('BAD_CREDENTIALS');
    expect(error.facts.ticketId).toMatch(/^[0-9a-f]{32}$/);
    expect(await secrets.get(profile.id, 'password')).toBeNull();
    expect((await failure(session.connect())).code).toBe('SECRET_REQUIRED');
    expect(logins(sim)).toBe(1);
  });

  it('forgets a remembered password that fails while reviving an expired stored session', async () => {
    const { sim, profile, secrets, registry } = await setup();
    await (await registry().for(profile)).connect({ secret: 'admin-pass', remember: true });
    sim.expireAllSessions();
    sim.users.find((user) => user.username === 'administrator')!.password = 'rotated';
    const restarted = await registry().for(profile);
    expect((await failure(restarted.connect())).code).toBe('BAD_CREDENTIALS');
    expect(await secrets.get(profile.id, 'password')).toBeNull();
    expect((await failure((await registry().for(profile)).connect())).code).toBe('SECRET_REQUIRED');
    expect(sim.callsTo(/auth\/login/).map((call) => call.status)).toEqual([204, 401]);
  });

  it('asks for the session and the server version side by side after the login, and connects when the version cannot be read', async () => {
    const { sim, profile, registry } = await setup();
    // Each answer is held a second: asked one after another, neither would find the other in flight.
    sim.inject({ kind: 'delay', ms: 1000, times: 2, match: /^GET \/MicroStrategyLibrary\/api\/(sessions|status)$/ });
    const session = await registry().for(profile);
    await session.connect({ secret: 'admin-pass' });
    const asked = sim.callsTo(/^GET .*\/api\/(sessions|status)$/);
    expect(asked.map((call) => call.path).sort()).toEqual([
      '/MicroStrategyLibrary/api/sessions',
      '/MicroStrategyLibrary/api/status',
    ]);
    expect(Math.max(...asked.map((call) => call.othersInFlight))).toBe(1);
    expect(asked.find((call) => call.path.endsWith('/sessions'))?.cookiesMatched).toBe(true);
    expect(session.view).toMatchObject({ state: 'connected', serverVersion: '11.4.1200.0081' });
    await session.disconnect();

    sim.inject({ kind: 'status', status: 500, match: /^GET \/MicroStrategyLibrary\/api\/status$/ });
    await session.connect({ secret: 'admin-pass' });
    expect(session.view).toMatchObject({ state: 'connected', userFullName: 'Administrator' });
    await session.disconnect();
  });

  it('logs in again once when the session expires mid-use', async () => {
    const { sim, profile, secrets, registry } = await setup();
    const session = await registry().for(profile);
    await session.connect({ secret: 'admin-pass' });
    sim.expireAllSessions();
    const projects = await session.use((client) => client.listProjects());
    expect(projects).toHaveLength(12);
    expect(logins(sim)).toBe(2);
    const stored = JSON.parse((await secrets.get(profile.id, 'session'))!) as { token: string };
    expect(sim.activeTokens).toEqual([stored.token]);
    await session.disconnect();
  });

  it('renews the session before the idle timeout while it is in use', async () => {
    const { sim, profile } = await setup({ idleTimeoutSeconds: 1 });
    const secrets = privateKeyringStore();
    const session = await new SessionRegistry(secrets, { renewAt: 0.4 }).for(profile);
    await session.connect({ secret: 'admin-pass' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sim.callsTo(/PUT .*\/sessions$/).length).toBeGreaterThanOrEqual(2);
    expect(await session.use((client) => client.sessionInfo())).toMatchObject({ userFullName: 'Administrator' });
    expect(logins(sim)).toBe(1);
    await session.disconnect();
  });

  it('disconnects: logs out, forgets the stored session, keeps a remembered password', async () => {
    const { sim, profile, secrets, registry } = await setup();
    const session = await registry().for(profile);
    await session.connect({ secret: 'admin-pass', remember: true });
    await session.disconnect();
    expect(session.view.state).toBe('disconnected');
    expect(sim.callsTo(/auth\/logout/)).toHaveLength(1);
    expect(sim.activeSessionCount).toBe(0);
    expect(await secrets.accounts()).toEqual([`${profile.id}:password`]);
    expect((await failure(session.use((client) => client.listProjects()))).code).toBe('NOT_CONNECTED');
  });

  it('leaves no keychain entry after the profile is deleted', async () => {
    const { profile, secrets, registry, store } = await setup({}, { loginMode: 'api-token', username: '' });
    const sessions = registry();
    await (await sessions.for(profile)).connect({ secret: 'APITOKENADMIN0001', remember: true });
    expect((await secrets.accounts()).sort()).toEqual([`${profile.id}:api-token`, `${profile.id}:session`]);
    await store.remove(profile.id);
    await sessions.forget(profile.id);
    expect(await secrets.accounts()).toEqual([]);
  });

  it('goes through a proxy that needs a password, kept in the keychain', async () => {
    const proxy = await connectProxy('jane:pr0xy-pass');
    try {
      const { secrets, store, profile, registry } = await setup(
        {},
        { proxyUrl: proxy.url.replace('http://', 'http://jane@') },
      );
      const withoutPassword = await registry().for(profile);
      const refused = await failure(withoutPassword.connect({ secret: 'admin-pass' }));
      expect(refused.message).toContain('407');
      await secrets.set(profile.id, 'proxy-password', 'pr0xy-pass');
      const session = await registry().for(profile);
      expect((await session.connect({ secret: 'admin-pass' })).state).toBe('connected');
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(readFileSync(store.path, 'utf8')).not.toContain('pr0xy-pass');
      await session.disconnect();
    } finally {
      proxy.close();
    }
  });

  it('logs every session out on quit', async () => {
    const { sim, profile, registry } = await setup();
    const sessions = registry();
    await (await sessions.for(profile)).connect({ secret: 'admin-pass' });
    await sessions.disconnectAll();
    expect(sim.activeSessionCount).toBe(0);
    expect(sessions.views().map((view) => view.state)).toEqual(['disconnected']);
  });

  it('reports a server that cannot be reached as a failed connection with a code', async () => {
    const { sim, profile, registry } = await setup();
    await sim.close();
    const session = await registry().for(profile);
    const error = await failure(session.connect({ secret: 'admin-pass' }));
    expect(error.code).toBe('UNREACHABLE');
    expect(session.view).toMatchObject({ state: 'failed', error: { code: 'UNREACHABLE' } });
  });
});
