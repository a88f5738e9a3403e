/**
 * Files that are not what they should be: a CA file that cannot be read is refused before saving
 * and never leaves a connected session half-replaced; a data folder that is a file or that this user
 * may not read is named at once with exit code 2 (a read-only one: see data-files.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/main/services.ts';
import { CLI_BIN, REPO, addProfile, cli, runProgram } from './cli-helpers.ts';
import { simulator } from './helpers.ts';
import { privateKeyringStore } from './keyring.ts';
import { windowHandlers } from './window-main.ts';

describe('bad files', () => {
  it('a CA file that cannot be read is refused before saving, and the connected profile keeps working', async () => {
    const sim = await simulator({ https: true });
    const services = createServices({
      dataFolder: mkdtempSync(join(tmpdir(), 'mstr-ca-')),
      secrets: privateKeyringStore(),
    });
    const handlers = windowHandlers(services);
    const draft = {
      name: 'TLS',
      url: sim.url,
      tier: 'test',
      username: 'administrator',
      tls: { mode: 'ca-file' as const, caFile: sim.caFile! },
    };
    const profile = await handlers['profiles:save']({ draft });
    await handlers['sessions:connect']({ profileId: profile.id, secret: 'admin-pass' });
    const notPem = join(services.dataFolder, 'not-a-certificate.txt');
    writeFileSync(notPem, 'hello');
    for (const caFile of [join(services.dataFolder, 'missing.pem'), notPem]) {
      const refused = handlers['profiles:save']({
        id: profile.id,
        draft: { ...draft, tls: { mode: 'ca-file', caFile } },
      });
      await expect(refused).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringContaining('Nothing was saved'),
      });
      expect((await services.profiles.get(profile.id)).tls).toEqual({ mode: 'ca-file', caFile: sim.caFile });
      // Still connected, still usable, and the next save works.
      expect((await handlers['projects:list']({ profileId: profile.id, refresh: true })).projects).toHaveLength(12);
    }
    const saved = await handlers['profiles:save']({ id: profile.id, draft: { ...draft, name: 'TLS renamed' } });
    expect(saved.name).toBe('TLS renamed');
    expect((await handlers['sessions:list'](undefined)).find((view) => view.profileId === profile.id)?.state).toBe(
      'connected',
    );
  });

  it('the command line refuses an unreadable --ca-file with exit code 2 and saves nothing', async () => {
    const tool = cli();
    const sim = await simulator();
    await addProfile(tool, sim, 'QA');
    const result = await tool.json<{ error: { code: string; message: string } }>([
      'profiles',
      'edit',
      'QA',
      '--ca-file',
      '/nonexistent/ca.pem',
    ]);
    expect(result.code).toBe(2);
    expect(result.body.error.message).toContain('/nonexistent/ca.pem cannot be read');
    const listed = await tool.json<{ profiles: { tls: { mode: string } }[] }>(['profiles', 'list']);
    expect(listed.body.profiles[0]?.tls.mode).toBe('system');
  });

  it('a data folder that is a file, or that this user may not read, is named at once with exit code 2', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mstr-home-')), 'not-a-folder');
    writeFileSync(file, '');
    const asFile = await runProgram(process.execPath, [CLI_BIN, 'profiles', 'list', '--json'], {
      env: { ...process.env, MSTR_CACHE_HOME: file },
    });
    expect(asFile.code).toBe(2);
    expect(JSON.parse(asFile.stdout).error).toMatchObject({
      code: 'FILE_ERROR',
      message: expect.stringContaining('it is a file, not a folder'),
    });

    // Root may read anywhere: the unreadable case runs as an unprivileged user where the machine allows it.
    const asOther = ['--reuid=65534', '--regid=65534', '--clear-groups'];
    const canDrop =
      process.getuid?.() === 0 &&
      spawnSync('setpriv', [
        ...asOther,
        process.execPath,
        '-e',
        `require('node:fs').readFileSync(${JSON.stringify(CLI_BIN)})`,
      ]).status === 0;
    if (!canDrop) {
      console.warn(
        'skipped the unreadable folder case: it needs root, setpriv, and a checkout another user can read, to run as that user',
      );
      return;
    }
    const readOnly = mkdtempSync(join(tmpdir(), 'mstr-unreadable-'));
    chmodSync(readOnly, 0o700);
    const asNobody = await runProgram('setpriv', [...asOther, process.execPath, CLI_BIN, 'preset', 'list', '--json'], {
      env: { PATH: process.env.PATH, HOME: tmpdir(), MSTR_CACHE_HOME: readOnly },
      bareEnv: { PATH: process.env.PATH, HOME: tmpdir(), MSTR_CACHE_HOME: readOnly },
      cwd: REPO,
    });
    expect(asNobody.code, asNobody.stderr).toBe(2);
    expect(JSON.parse(asNobody.stdout).error.message).toContain('this user may not read it');
  });
});
