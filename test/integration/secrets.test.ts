import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../src/main/secrets/secret-store.ts';
import { privateKeyringStore } from './keyring.ts';

describe('keychain secret store (real private keyring)', () => {
  it('remembers, reads back and forgets secrets per profile and kind', async () => {
    const store = privateKeyringStore();
    expect(await store.status()).toMatchObject({ available: true });
    await store.set('p1', 'password', 's3cret-one');
    await store.set('p1', 'session', '{"token":"t"}');
    await store.set('p2', 'api-token', 'TOKEN-TWO');
    expect(await store.get('p1', 'password')).toBe('s3cret-one');
    expect(await store.get('p2', 'api-token')).toBe('TOKEN-TWO');
    expect((await store.accounts()).sort()).toEqual(['p1:password', 'p1:session', 'p2:api-token']);
    await store.delete('p1', 'password');
    expect(await store.get('p1', 'password')).toBeNull();
    await store.deleteProfile('p1');
    await store.deleteProfile('p2');
    expect(await store.accounts()).toEqual([]);
  });

  it('keeps separate entries per service name (MSTR_CACHE_KEYCHAIN_SERVICE)', async () => {
    const one = privateKeyringStore();
    const two = privateKeyringStore();
    await one.set('p', 'password', 'a');
    expect(await two.get('p', 'password')).toBeNull();
    await one.deleteProfile('p');
  });
});

describe('without a Secret Service', () => {
  it('reports KEYCHAIN_UNAVAILABLE with what to install and keeps secrets in memory', () => {
    const script = `
      import { KeychainSecretStore } from './src/main/secrets/keychain.ts';
      const store = new KeychainSecretStore('mstr-no-keyring-test');
      const status = await store.status();
      await store.set('p', 'password', 'in-memory');
      const value = await store.get('p', 'password');
      let code = null;
      try { await store.assertAvailable(); } catch (error) { code = error.code; }
      console.log(JSON.stringify({ status, value, code }));
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' },
    });
    const output = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
      status: { available: boolean; message: string };
      value: string;
      code: string;
    };
    expect(output.status.available).toBe(false);
    expect(output.status.message).toContain('gnome-keyring');
    expect(output.value).toBe('in-memory');
    expect(output.code).toBe('KEYCHAIN_UNAVAILABLE');
  });

  it('has a memory-only store for "ask every time"', async () => {
    const store = new MemorySecretStore();
    await store.set('p', 'password', 'x');
    expect(await store.get('p', 'password')).toBe('x');
    await store.deleteProfile('p');
    expect(await store.accounts()).toEqual([]);
  });
});
