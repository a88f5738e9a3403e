/**
 * A secret stays with the server and user it was stored for: editing the URL in the window, an
 * import that replaces a profile (window and command line), the command line's edit, and a
 * hand-edited profiles file each leave the new server without the old password, token or cookie.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../../src/main/secrets/keychain.ts';
import { createServices, type Services } from '../../src/main/services.ts';
import { AppError } from '../../src/shared/errors.ts';
import type { LibrarySimulator } from '../simulator/server.ts';
import { addProfile, cli } from './cli-helpers.ts';
import { failure, simulator } from './helpers.ts';
import { privateKeyringStore } from './keyring.ts';
import { windowHandlers } from './window-main.ts';

function windowMain(openFile: () => string | null = () => null): {
  services: Services;
  raw: KeychainSecretStore;
  handlers: ReturnType<typeof windowHandlers>;
} {
  const raw = privateKeyringStore();
  const services = createServices({ dataFolder: mkdtempSync(join(tmpdir(), 'mstr-origin-')), secrets: raw });
  const handlers = windowHandlers(services, { open: async () => openFile(), save: async () => null });
  return { services, raw, handlers };
}

/** A profile on `sim` connected with its password remembered: password and session in the keychain. */
async function rememberedOn(main: ReturnType<typeof windowMain>, sim: LibrarySimulator, name = 'Prod EU') {
  const profile = await main.handlers['profiles:save']({
    draft: { name, url: sim.url, tier: 'prod', username: 'administrator' },
  });
  await main.handlers['sessions:connect']({ profileId: profile.id, secret: 'admin-pass', remember: true });
  expect((await main.raw.accounts()).sort()).toEqual([`${profile.id}:password`, `${profile.id}:session`]);
  return profile;
}

/** Nothing of the old session or password reached this server. */
function untouched(sim: LibrarySimulator): void {
  expect(sim.calls).toEqual([]);
}

describe('secrets stay with their server', () => {
  it('editing the URL in the window forgets the password and session; the new server sees nothing', async () => {
    const [oldServer, newServer] = [await simulator(), await simulator()];
    const main = windowMain();
    const profile = await rememberedOn(main, oldServer);
    const { id: _id, createdAt: _c, updatedAt: _u, ...draft } = profile;
    await main.handlers['profiles:save']({ id: profile.id, draft: { ...draft, url: newServer.url } });
    expect(await main.raw.accounts()).toEqual([]);
    const refused = await failure(main.handlers['sessions:connect']({ profileId: profile.id }));
    expect(refused.code).toBe('SECRET_REQUIRED');
    await expect(main.handlers['projects:list']({ profileId: profile.id, refresh: true })).rejects.toThrow(AppError);
    untouched(newServer);
    // A change that keeps the server (the tier) keeps the secrets.
    const kept = await rememberedOn(windowMain(), oldServer, 'Kept');
    expect(kept.tier).toBe('prod');
  });

  it('an import that replaces a profile with another origin forgets its secrets, in the window and the command line', async () => {
    const [oldServer, newServer] = [await simulator(), await simulator()];
    const file = join(mkdtempSync(join(tmpdir(), 'mstr-shared-')), 'our-environments.json');
    writeFileSync(
      file,
      JSON.stringify({
        schemaVersion: 1,
        profiles: [{ name: 'Prod EU', url: newServer.url, tier: 'prod', username: 'administrator' }],
      }),
    );
    const main = windowMain(() => file);
    const profile = await rememberedOn(main, oldServer);
    const preview = await main.handlers['profiles:import-choose'](undefined);
    await main.handlers['profiles:import']({ token: preview?.token ?? '', onConflict: 'replace', choices: {} });
    expect((await main.services.profiles.get(profile.id)).url).toBe(newServer.url);
    expect(await main.raw.accounts()).toEqual([]);
    expect((await failure(main.handlers['sessions:connect']({ profileId: profile.id }))).code).toBe('SECRET_REQUIRED');
    untouched(newServer);

    const tool = cli();
    await addProfile(tool, oldServer, 'Prod EU', 'prod');
    await tool.run(['login', 'Prod EU', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    const imported = await tool.run(['profiles', 'import', file, '--on-conflict', 'replace']);
    expect(imported.stderr).toContain(
      'Prod EU now points at another server or user: its remembered password and session were forgotten',
    );
    expect(await new KeychainSecretStore(tool.service).accounts()).toEqual([]);
    const after = await tool.json<{ error: { code: string } }>(['projects', 'Prod EU']);
    expect(after.body.error.code).toBe('SECRET_REQUIRED');
    untouched(newServer);
  });

  it('a profiles file edited by hand cannot send a stored password or session to another server', async () => {
    const [oldServer, newServer] = [await simulator(), await simulator()];
    const tool = cli();
    await addProfile(tool, oldServer, 'Prod EU', 'prod');
    await tool.run(['login', 'Prod EU', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    const path = join(tool.home, 'profiles.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace(oldServer.url, newServer.url));
    const after = await tool.json<{ error: { code: string } }>(['projects', 'Prod EU']);
    expect(after.code).toBe(3);
    expect(after.body.error.code).toBe('SECRET_REQUIRED');
    untouched(newServer);
    expect(await new KeychainSecretStore(tool.service).accounts()).toEqual([]);
  });

  it('a proxy password is read only for the proxy it was stored for', async () => {
    const sim = await simulator();
    const main = windowMain();
    const profile = await main.handlers['profiles:save']({
      draft: { name: 'Behind proxy', url: sim.url, tier: 'test', username: 'a', proxyUrl: 'http://jane@proxy-a:3128' },
      proxyPassword: 'pr0xy',
    });
    expect(await main.services.secrets.get(profile.id, 'proxy-password')).toBe('pr0xy');
    const { id: _id, createdAt: _c, updatedAt: _u, ...draft } = profile;
    await main.services.profiles.update(profile.id, { ...draft, proxyUrl: 'http://jane@proxy-b:3128' });
    expect(await main.services.secrets.get(profile.id, 'proxy-password')).toBeNull();
    expect(await main.raw.accounts()).toEqual([]);
  });
});
