/**
 * The environments use cases against the simulator and a private keyring: saving forgets the
 * secrets of a profile moved to another server or user and keeps the proxy password only when
 * asked, deleting takes everything that hangs off an environment with it, an import that moves a
 * profile forgets its secrets, and logging in and out reaches the server.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as environments from '../../../src/main/use-cases/environments.ts';
import { addSchedule } from '../../../src/main/use-cases/schedules.ts';
import { failure, simulator } from '../helpers.ts';
import { connected, draftFor, world } from './world.ts';

const PURGE_ALL = { kind: 'purge' as const, projects: { all: true as const }, cacheTypes: ['object' as const] };

describe('saving an environment', () => {
  it('keeps a proxy password when given, forgets it on "", and forgets the secrets of one moved to another server', async () => {
    const sim = await simulator();
    const other = await simulator();
    const { services } = world();
    const { profile } = await environments.saveEnvironment(services, {
      draft: draftFor(sim, { name: 'Dev', rememberSecret: true }),
      proxyPassword: 'proxy-pass',
    });
    await environments.connectEnvironment(services, profile, { secret: 'admin-pass', remember: true });
    expect(await services.secrets.get(profile.id, 'password')).toBe('admin-pass');
    expect(await services.secrets.get(profile.id, 'proxy-password')).toBe('proxy-pass');

    const kept = await environments.saveEnvironment(services, {
      id: profile.id,
      draft: draftFor(sim, { name: 'Dev 2', rememberSecret: true }),
    });
    expect(kept.forgotten).toEqual([]);
    expect(await services.secrets.get(profile.id, 'password')).toBe('admin-pass');

    const moved = await environments.saveEnvironment(services, {
      id: profile.id,
      draft: draftFor(other, { name: 'Dev 2', rememberSecret: true }),
      proxyPassword: '',
    });
    expect(moved.forgotten).toContain('password');
    expect(await services.secrets.get(profile.id, 'password')).toBeNull();
    expect(await services.secrets.get(profile.id, 'proxy-password')).toBeNull();
  });

  it('forgets the remembered password when "remember" is unticked', async () => {
    const sim = await simulator();
    const { services } = world();
    const { profile } = await environments.saveEnvironment(services, {
      draft: draftFor(sim, { rememberSecret: true }),
    });
    await environments.connectEnvironment(services, profile, { secret: 'admin-pass', remember: true });
    await environments.saveEnvironment(services, { id: profile.id, draft: draftFor(sim, { rememberSecret: false }) });
    expect(await services.secrets.get(profile.id, 'password')).toBeNull();
  });
});

describe('deleting an environment', () => {
  it('forgets its sessions and project list, takes it out of presets and removes the schedules of presets left empty', async () => {
    const sim = await simulator({ projects: 2 });
    const { services, systemctl } = world();
    const gone = await connected(services, sim, { name: 'Gone' });
    const stays = await connected(services, sim, { name: 'Stays' });
    await services.projects.list(await services.sessions.for(gone), true);
    await services.presets.save(
      { name: 'Shared', environments: [gone.id, stays.id], steps: [PURGE_ALL] },
      { replace: false },
    );
    await services.presets.save({ name: 'Alone', environments: [gone.id], steps: [PURGE_ALL] }, { replace: false });
    await addSchedule(services, { presetName: 'Alone', time: '02:00', days: ['mon'] }, {});
    const logoutsBefore = sim.callsTo(/auth\/logout/).length;

    const deleted = await environments.deleteEnvironment(services, gone.id);

    expect(deleted).toEqual({ name: 'Gone', presets: { updated: ['Shared'], removed: ['Alone'] } });
    expect(sim.callsTo(/auth\/logout/).length).toBeGreaterThan(logoutsBefore);
    expect(await services.projects.fetchedAt(gone.id)).toBeNull();
    expect((await services.presets.get('Shared')).environments).toEqual([stays.id]);
    expect((await failure(services.presets.get('Alone'))).code).toBe('PRESET_NOT_FOUND');
    expect(await services.schedules.list()).toEqual([]);
    expect(systemctl.some((call) => call.includes('disable'))).toBe(true);
    expect((await failure(environments.getEnvironment(services, gone.id))).code).toBe('PROFILE_NOT_FOUND');
    expect((await services.secrets.accounts()).some((account) => account.startsWith(gone.id))).toBe(false);
  });
});

describe('importing and exporting environments', () => {
  it('writes no secret, and an import that points a profile at another server forgets its secrets', async () => {
    const sim = await simulator();
    const other = await simulator();
    const { services } = world();
    const { profile } = await environments.saveEnvironment(services, {
      draft: draftFor(sim, { name: 'Dev', rememberSecret: true }),
    });
    await environments.connectEnvironment(services, profile, { secret: 'admin-pass', remember: true });
    const file = join(services.dataFolder, 'exported.json');
    expect(await environments.exportEnvironments(services, 'all', file)).toBe(1);

    const moved = join(services.dataFolder, 'moved.json');
    const exported = JSON.parse(readFileSync(file, 'utf8')) as {
      profiles: { url: string }[];
    };
    expect(JSON.stringify(exported)).not.toContain('admin-pass');
    for (const entry of exported.profiles) entry.url = other.url;
    writeFileSync(moved, JSON.stringify(exported));
    const { report, moved: movedProfiles } = await environments.importEnvironments(services, moved, {
      onConflict: 'replace',
    });
    expect(report.imported).toHaveLength(1);
    expect(movedProfiles.map((entry) => entry.profile.name)).toEqual(['Dev']);
    expect(await services.secrets.get(profile.id, 'password')).toBeNull();
  });
});

describe('sessions', () => {
  it('tests a draft without logging in, connects, asks for no secret once one is remembered, and logs out on the server', async () => {
    const sim = await simulator();
    const { services } = world();
    const test = await environments.testDraft(services, { draft: draftFor(sim) });
    expect(test.purgeSupported).toBe(true);
    expect(sim.callsTo(/auth\/login/)).toHaveLength(0);

    const { profile } = await environments.saveEnvironment(services, {
      draft: draftFor(sim, { rememberSecret: true }),
    });
    expect(await environments.needsSecret(services, profile)).toBe('password');
    const { view } = await environments.connectEnvironment(services, profile, { secret: 'admin-pass', remember: true });
    expect(view.state).toBe('connected');
    expect(await environments.needsSecret(services, profile)).toBeNull();
    await environments.logOut(services, profile);
    expect(sim.activeSessionCount).toBe(0);
  });
});
