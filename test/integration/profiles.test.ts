import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getCACertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { exportProfiles, importProfiles, previewImport } from '../../src/main/profiles/profile-exchange.ts';
import { ProfileStore } from '../../src/main/profiles/profile-store.ts';
import { failure } from './helpers.ts';

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'mstr-profiles-'));
}

const PROD = {
  name: 'Production',
  url: 'https://bi.example.com/MicroStrategyLibrary/app',
  tier: 'prod',
  username: 'admin',
};
const DEV = { name: 'Dev', url: 'http://dev.example.com:8080/MicroStrategyLibrary/', tier: 'dev', username: 'admin' };

describe('profile store', () => {
  it('creates profiles with defaults and a normalised URL, and keeps them across instances', async () => {
    const data = folder();
    const created = await new ProfileStore(data).create(PROD);
    expect(created).toMatchObject({
      name: 'Production',
      url: 'https://bi.example.com/MicroStrategyLibrary',
      tier: 'prod',
      tierColor: '#c62828',
      loginMode: 'standard',
      rememberSecret: false,
      tls: { mode: 'system' },
      proxyUrl: null,
      timeoutSeconds: 30,
      concurrency: 4,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    const reread = await new ProfileStore(data).list();
    expect(reread).toEqual({ profiles: [created], problems: [] });
  });

  it('edits, duplicates, reorders and deletes', async () => {
    const store = new ProfileStore(folder());
    const prod = await store.create(PROD);
    const dev = await store.create(DEV);
    const edited = await store.update(prod.id, { ...PROD, concurrency: 8, notes: 'EU cluster' });
    expect(edited).toMatchObject({ id: prod.id, concurrency: 8, notes: 'EU cluster', createdAt: prod.createdAt });
    const copy = await store.duplicate(prod.id);
    expect(copy.name).toBe('Production (copy)');
    expect((await store.duplicate(prod.id)).name).toBe('Production (copy) 2');
    const names = async (): Promise<string[]> => (await store.list()).profiles.map((profile) => profile.name);
    expect(await names()).toEqual(['Production', 'Production (copy) 2', 'Production (copy)', 'Dev']);
    const ids = (await store.list()).profiles.map((profile) => profile.id).reverse();
    await store.reorder(ids);
    expect(await names()).toEqual(['Dev', 'Production (copy)', 'Production (copy) 2', 'Production']);
    await store.remove(dev.id);
    expect(await names()).not.toContain('Dev');
    expect((await failure(store.reorder([prod.id]))).code).toBe('VALIDATION');
    expect((await failure(store.get(dev.id))).code).toBe('PROFILE_NOT_FOUND');
  });

  it('rejects bad input with codes and keeps the file as it was', async () => {
    const store = new ProfileStore(folder());
    await store.create(PROD);
    const before = readFileSync(store.path, 'utf8');
    expect((await failure(store.create({ ...DEV, name: 'production' }))).code).toBe('PROFILE_NAME_TAKEN');
    expect((await failure(store.create({ ...DEV, url: 'ftp://x/y' }))).code).toBe('BAD_URL');
    expect((await failure(store.create({ ...DEV, concurrency: 17 }))).code).toBe('VALIDATION');
    expect((await failure(store.create({ ...DEV, name: '   ' }))).message).toContain('name');
    expect((await failure(store.create({ ...DEV, proxyUrl: 'http://u:p@proxy:3128' }))).code).toBe('VALIDATION');
    expect(readFileSync(store.path, 'utf8')).toBe(before);
  });

  it('leaves a file it cannot read where it is, says so on every read, and saves nothing over it', async () => {
    const data = folder();
    const store = new ProfileStore(data);
    const broken = '{"schemaVersion":1,"profiles":[{"name":"half';
    writeFileSync(store.path, broken);
    for (let read = 0; read < 2; read += 1) {
      const listed = await store.list();
      expect(listed.profiles).toEqual([]);
      expect(listed.problems).toEqual([
        {
          code: 'DATA_FILE_DAMAGED',
          file: store.path,
          entry: null,
          field: null,
          reason: 'it is not valid JSON (line 1, column 45)',
        },
      ]);
    }
    expect((await failure(store.create(DEV))).code).toBe('DATA_FILE_DAMAGED');
    expect(readFileSync(store.path, 'utf8')).toBe(broken);
    expect(readdirSync(data)).toEqual(['profiles.json']);

    writeFileSync(store.path, JSON.stringify({ schemaVersion: 1, people: [] }));
    expect((await store.list()).problems[0]).toMatchObject({ code: 'DATA_FILE_DAMAGED', field: 'profiles' });
  });

  it('migrates a bare array (format 0) and leaves a file from a newer version alone', async () => {
    const data = folder();
    const store = new ProfileStore(data);
    const created = await store.create(DEV);
    writeFileSync(store.path, JSON.stringify([created]));
    expect((await store.list()).profiles).toEqual([created]);
    const newer = JSON.stringify({ schemaVersion: 99, profiles: [created] });
    writeFileSync(store.path, newer);
    const listed = await store.list();
    expect(listed.profiles).toEqual([]);
    expect(listed.problems).toMatchObject([{ code: 'DATA_FILE_NEWER', field: 'schemaVersion' }]);
    expect((await failure(store.create(PROD))).code).toBe('DATA_FILE_NEWER');
    expect(readFileSync(store.path, 'utf8')).toBe(newer);
    expect(readdirSync(data)).toEqual(['profiles.json']);
  });

  it('a second profile with the same id is left out, named, and kept in the file when it is written', async () => {
    const store = new ProfileStore(folder());
    const dev = await store.create(DEV);
    const twin = { ...dev, name: 'Twin' };
    writeFileSync(store.path, JSON.stringify({ schemaVersion: 1, profiles: [dev, twin] }));
    const listed = await store.list();
    expect(listed.profiles).toEqual([dev]);
    expect(listed.problems).toMatchObject([
      { code: 'DATA_ENTRY_INVALID', entry: { index: 1, name: 'Twin' }, field: 'id', reason: 'the same id as entry 1' },
    ]);
    await store.create(PROD);
    const written = JSON.parse(readFileSync(store.path, 'utf8')) as { profiles: { name: string }[] };
    expect(written.profiles.map((profile) => profile.name)).toEqual(['Dev', 'Twin', 'Production']);
  });

  it('loses no update when two processes write at the same time', async () => {
    const data = folder();
    const writer = (prefix: string): Promise<number> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, ['test/integration/profile-writer.ts', data, prefix, '15'], {
          stdio: 'inherit',
        });
        child.on('exit', (code) => resolve(code ?? 1));
      });
    const codes = await Promise.all([writer('a'), writer('b'), writer('c')]);
    expect(codes).toEqual([0, 0, 0]);
    const { profiles } = await new ProfileStore(data).list();
    expect(profiles).toHaveLength(45);
  });

  it('leaves the previous file intact when a writer is killed mid-write', async () => {
    const data = folder();
    const store = new ProfileStore(data);
    await store.create(DEV);
    for (let round = 0; round < 5; round += 1) {
      const child = spawn(process.execPath, ['test/integration/profile-writer.ts', data, `kill${round}`, '1000'], {
        stdio: 'ignore',
      });
      await new Promise((resolve) => setTimeout(resolve, 150 + round * 40));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('exit', resolve));
      const { profiles, problems } = await new ProfileStore(data).list();
      expect(problems).toEqual([]);
      expect(profiles[0]?.name).toBe('Dev');
    }
  });
});

describe('export and import', () => {
  it('round-trips chosen profiles without secrets, and reports conflicts and rejects', async () => {
    const source = new ProfileStore(folder());
    // A CA file is checked when a profile is saved with it: a real PEM certificate.
    const caFile = join(folder(), 'corp.pem');
    writeFileSync(caFile, getCACertificates('bundled')[0] ?? '');
    const prod = await source.create({
      ...PROD,
      rememberSecret: true,
      tls: { mode: 'ca-file', caFile },
    });
    await source.create(DEV);
    const file = join(folder(), 'export.json');
    expect(await exportProfiles(source, [prod.id], file)).toBe(1);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; profiles: Record<string, unknown>[] };
    expect(exported.format).toBe('mstr-cache-console-profiles');
    expect(Object.keys(exported.profiles[0]!).sort()).not.toContain('id');
    expect(readFileSync(file, 'utf8')).not.toMatch(/"(password|secret|token|apiToken|cookies)"\s*:/i);

    const target = new ProfileStore(folder());
    const first = await importProfiles(target, file);
    expect(first.imported).toEqual([{ name: 'Production', savedAs: 'Production', action: 'added' }]);
    const [imported] = (await target.list()).profiles;
    expect(imported).toMatchObject({ name: 'Production', url: prod.url, tls: prod.tls, rememberSecret: true });

    expect((await importProfiles(target, file, { onConflict: 'skip' })).skipped).toHaveLength(1);
    expect((await importProfiles(target, file)).imported[0]).toMatchObject({
      savedAs: 'Production (imported)',
      action: 'renamed',
    });
    const replaced = await importProfiles(target, file, { choices: { Production: 'replace' } });
    expect(replaced.imported[0]).toMatchObject({ action: 'replaced' });
    expect((await target.list()).profiles.map((profile) => profile.name)).toEqual([
      'Production',
      'Production (imported)',
    ]);
  });

  it('imports the valid entries and says why each other one was rejected', async () => {
    const file = join(folder(), 'mixed.json');
    writeFileSync(
      file,
      JSON.stringify([
        DEV,
        { ...PROD, url: 'gopher://x' },
        { ...PROD, name: '' },
        { ...PROD, password: 'hunter2' },
        42,
      ]),
    );
    const report = await importProfiles(new ProfileStore(folder()), file);
    expect(report.imported.map((entry) => entry.name)).toEqual(['Dev']);
    expect(report.rejected.map((entry) => entry.index)).toEqual([1, 2, 3, 4]);
    expect(report.rejected[0]!.reason).toContain('Only http and https');
    expect(report.rejected[2]!.reason).toMatch(/password/);
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });

  it('previews an import: valid names, conflicts and rejects, writing nothing', async () => {
    const store = new ProfileStore(folder());
    await store.create(DEV);
    const before = readFileSync(store.path, 'utf8');
    const file = join(folder(), 'preview.json');
    writeFileSync(file, JSON.stringify([DEV, PROD, { ...PROD, name: 'Bad', url: 'gopher://x' }]));
    const preview = await previewImport(store, file);
    expect(preview).toEqual({
      names: ['Dev', 'Production'],
      conflicts: ['Dev'],
      rejected: [{ index: 2, name: 'Bad', reason: expect.stringContaining('Only http and https') }],
    });
    expect(readFileSync(store.path, 'utf8')).toBe(before);
  });

  it('refuses a file that is not JSON or holds no profiles', async () => {
    const file = join(folder(), 'x.json');
    writeFileSync(file, '<html>');
    expect((await failure(importProfiles(new ProfileStore(folder()), file))).code).toBe('VALIDATION');
    writeFileSync(file, '{"something":1}');
    expect((await failure(importProfiles(new ProfileStore(folder()), file))).code).toBe('VALIDATION');
    expect((await failure(importProfiles(new ProfileStore(folder()), '/nonexistent.json'))).code).toBe('FILE_ERROR');
  });
});
