/**
 * The command line as a shell user and a scheduler meet it: the program's name, paths relative to
 * the folder the user is in, secrets asked for by name, a down server that leaves the stored
 * session alone, URLs without a scheme, editing profiles, and refusals that are usage errors.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../../src/main/secrets/keychain.ts';
import { CLI_BIN, REPO, addProfile, cli, runProgram } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

describe('command line usability', () => {
  it('calls itself mstr-cache-console in every help text', async () => {
    const tool = cli();
    for (const command of [
      '',
      'profiles',
      'login',
      'logout',
      'test',
      'projects',
      'purge',
      'preset',
      'schedule',
      'history',
    ]) {
      const help = await tool.run(command ? [command, '--help'] : ['--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toContain('mstr-cache-console');
      expect(help.stdout, command).not.toMatch(/mstr-cache(?!-console)/);
    }
  });

  it('prints pure JSON through npx, as the README shows, and writes --csv files into the folder the user is in', async () => {
    const tool = cli();
    const env = { ...process.env, MSTR_CACHE_HOME: tool.home, MSTR_CACHE_KEYCHAIN_SERVICE: tool.service };
    const listed = await runProgram('npx', ['mstr-cache-console', 'profiles', 'list', '--json'], { env });
    expect(JSON.parse(listed.stdout)).toMatchObject({ ok: true, profiles: [] });

    const elsewhere = mkdtempSync(join(tmpdir(), 'mstr-user-folder-'));
    const viaNpm = await runProgram(
      'npm',
      ['--prefix', REPO, 'run', '--silent', 'cli', '--', 'history', '--csv', 'purges.csv'],
      {
        env,
        cwd: elsewhere,
      },
    );
    expect(viaNpm.code, viaNpm.stderr).toBe(0);
    expect(existsSync(join(elsewhere, 'purges.csv'))).toBe(true);
    expect(existsSync(join(REPO, 'purges.csv'))).toBe(false);

    const direct = await tool.run(['history', '--csv', 'direct.csv'], { cwd: elsewhere });
    expect(direct.code).toBe(0);
    expect(existsSync(join(elsewhere, 'direct.csv'))).toBe(true);
  });

  it('stores --ca-file as an absolute path, so a scheduled run finds it from any folder', async () => {
    const tool = cli();
    const sim = await simulator({ https: true });
    const folder = mkdtempSync(join(tmpdir(), 'mstr-ca-'));
    writeFileSync(join(folder, 'ca.pem'), readFileSync(sim.caFile as string));
    const added = await tool.run(
      [
        'profiles',
        'add',
        '--name',
        'TLS',
        '--url',
        sim.url,
        '--tier',
        'test',
        '--user',
        'administrator',
        '--ca-file',
        'ca.pem',
      ],
      { cwd: folder },
    );
    expect(added.code, added.stderr).toBe(0);
    const profile = JSON.parse(readFileSync(join(tool.home, 'profiles.json'), 'utf8')).profiles[0];
    expect(profile.tls).toEqual({ mode: 'ca-file', caFile: join(folder, 'ca.pem') });
    expect((await tool.run(['test', 'TLS'], { cwd: tmpdir() })).code).toBe(0);
  });

  it('without a secret, names --password-stdin and MSTR_CACHE_PASSWORD, and how to remember it', async () => {
    const tool = cli();
    const sim = await simulator();
    await addProfile(tool, sim, 'QA');
    const login = await tool.json<{ error: { code: string; message: string } }>(['login', 'QA']);
    expect(login.code).toBe(3);
    expect(login.body.error.code).toBe('SECRET_REQUIRED');
    expect(login.body.error.message).toContain('--password-stdin');
    expect(login.body.error.message).toContain('MSTR_CACHE_PASSWORD');
    expect(login.body.error.message).toContain('mstr-cache-console login "QA" --password-stdin --remember');
    expect(sim.calls).toHaveLength(0);
  });

  it.skipIf(spawnSync('script', ['--version']).status !== 0)(
    'at a terminal, login asks for the password without echoing it',
    async () => {
      const tool = cli();
      const sim = await simulator();
      await addProfile(tool, sim, 'QA');
      // `script` gives the command a real terminal; the password is typed once the prompt shows.
      const child = spawn('script', ['-qec', `"${process.execPath}" "${CLI_BIN}" login QA`, '/dev/null'], {
        cwd: REPO,
        env: {
          ...process.env,
          MSTR_CACHE_HOME: tool.home,
          MSTR_CACHE_KEYCHAIN_SERVICE: tool.service,
          MSTR_CACHE_PASSWORD: '',
        },
      });
      let screen = '';
      let typed = false;
      child.stdout.on('data', (chunk: Buffer) => {
        screen += chunk.toString();
        if (!typed && /password of administrator on QA: /.test(screen)) {
          typed = true;
          child.stdin.write('admin-pass\r');
        }
      });
      const code = await new Promise<number | null>((done) => child.on('close', done));
      expect(code).toBe(0);
      expect(screen).toContain('Connected to QA as Administrator');
      expect(screen).not.toContain('admin-pass');
      expect(sim.callsTo(/auth\/login/)).toHaveLength(1);
    },
  );

  it('a server that is down leaves the stored session: the next run reuses it without logging in', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 2 });
    await addProfile(tool, sim, 'QA');
    expect((await tool.run(['login', 'QA', '--password-stdin'], { stdin: 'admin-pass' })).code).toBe(0);
    const keychain = new KeychainSecretStore(tool.service);
    sim.inject({ kind: 'drop', times: 20 });
    const down = await tool.json<{ error: { code: string } }>(['projects', 'QA']);
    expect(down.code).toBe(3);
    expect(down.body.error.code).toBe('UNREACHABLE');
    expect((await keychain.accounts()).some((account) => account.endsWith(':session'))).toBe(true);
    sim.clearFaults();
    const again = await tool.json<{ projects: unknown[] }>(['projects', 'QA']);
    expect(again.code).toBe(0);
    expect(again.body.projects).toHaveLength(2);
    expect(sim.callsTo(/auth\/login/)).toHaveLength(1);
  });

  it('accepts host:port without a scheme and says which scheme it assumed', async () => {
    const tool = cli();
    const https = await tool.json<{ profile: { url: string } }>([
      'profiles',
      'add',
      '--name',
      'A',
      '--url',
      'bi.example.com:8443/MicroStrategyLibrary',
      '--tier',
      'dev',
    ]);
    expect(https.body.profile.url).toBe('https://bi.example.com:8443/MicroStrategyLibrary');
    const plain = await tool.run([
      'profiles',
      'add',
      '--name',
      'B',
      '--url',
      '10.1.2.3:8080/MicroStrategyLibrary',
      '--tier',
      'dev',
    ]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain('"10.1.2.3:8080/MicroStrategyLibrary" has no scheme; http:// was assumed');
    const ip = await tool.run([
      'profiles',
      'add',
      '--name',
      'C',
      '--url',
      '10.1.2.3/MicroStrategyLibrary',
      '--tier',
      'dev',
    ]);
    expect(ip.stderr).toContain('https:// was assumed: https://10.1.2.3/MicroStrategyLibrary');
  });

  it('edits a profile; a new server or user forgets its secrets, so the new server never sees them', async () => {
    const tool = cli();
    const first = await simulator({ projects: 2 });
    const second = await simulator({ projects: 2 });
    await addProfile(tool, first, 'Moving');
    expect((await tool.run(['login', 'Moving', '--password-stdin', '--remember'], { stdin: 'admin-pass' })).code).toBe(
      0,
    );
    const keychain = new KeychainSecretStore(tool.service);
    expect(await keychain.accounts()).toHaveLength(2);

    const tier = await tool.json<{ profile: { tier: string }; forgotten: string[] }>([
      'profiles',
      'edit',
      'moving',
      '--tier',
      'staging',
    ]);
    expect(tier.body).toMatchObject({ profile: { tier: 'staging' }, forgotten: [] });
    expect(await keychain.accounts()).toHaveLength(2);

    const moved = await tool.run(['profiles', 'edit', 'Moving', '--url', second.url, '--name', 'Moved']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stderr).toContain('its remembered password and session were forgotten');
    expect(await keychain.accounts()).toEqual([]);
    const after = await tool.json<{ error: { code: string } }>(['projects', 'Moved']);
    expect(after.body.error.code).toBe('SECRET_REQUIRED');
    expect(second.calls).toHaveLength(0);

    expect((await tool.run(['profiles', 'edit', 'Moved'])).code).toBe(2);
    expect((await tool.run(['profiles', 'edit', 'Nobody', '--tier', 'dev'])).code).toBe(2);
  });

  it('asks for --force before replacing a preset, and calls a CSV into a missing folder a usage error', async () => {
    const tool = cli();
    const sim = await simulator();
    await addProfile(tool, sim, 'QA');
    expect((await tool.run(['preset', 'save', 'nightly', 'QA', '--all', '--type', 'object'])).code).toBe(0);
    const again = await tool.json<{ error: { code: string } }>([
      'preset',
      'save',
      'Nightly',
      'QA',
      '--all',
      '--type',
      'both',
    ]);
    expect(again.code).toBe(2);
    expect(again.body.error.code).toBe('PRESET_NAME_TAKEN');
    const forced = await tool.json<{ preset: { steps: { cacheTypes: string[] }[] } }>([
      'preset',
      'save',
      'Nightly',
      'QA',
      '--all',
      '--type',
      'both',
      '--force',
    ]);
    expect(forced.body.preset.steps[0]?.cacheTypes).toEqual(['object', 'element']);

    const csv = await tool.json<{ error: { code: string; message: string } }>([
      'history',
      '--csv',
      join(tool.home, 'no/such/folder/x.csv'),
    ]);
    expect(csv.code).toBe(2);
    expect(csv.body.error).toMatchObject({
      code: 'FILE_ERROR',
      message: expect.stringContaining('Its folder does not exist'),
    });
  });

  it('warns when certificates will not be verified', async () => {
    const tool = cli();
    const added = await tool.run([
      'profiles',
      'add',
      '--name',
      'Lab',
      '--url',
      'https://lab:8443/MicroStrategyLibrary',
      '--tier',
      'dev',
      '--insecure',
    ]);
    expect(added.code).toBe(0);
    expect(added.stderr).toContain('certificates of Lab are not verified');
  });
});

describe('a one-off password', () => {
  it('never erases the remembered one: not when it works, not when it is mistyped', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 2 });
    await addProfile(tool, sim, 'Nightly');
    expect((await tool.run(['login', 'Nightly', '--password-stdin', '--remember'], { stdin: 'admin-pass' })).code).toBe(
      0,
    );
    await tool.run(['logout', 'Nightly']);
    const keychain = new KeychainSecretStore(tool.service);
    const remembered = async (): Promise<boolean> =>
      (await keychain.accounts()).some((account) => account.endsWith(':password'));

    const oneOff = await tool.run(['projects', 'Nightly'], { env: { MSTR_CACHE_PASSWORD: 'admin-pass' } });
    expect(oneOff.code).toBe(0);
    expect(await remembered()).toBe(true);
    const wrongEnv = await tool.json<{ error: { code: string } }>(['projects', 'Nightly'], {
      env: { MSTR_CACHE_PASSWORD: 'typo' },
    });
    expect(wrongEnv.body.error.code).toBe('BAD_CREDENTIALS');
    expect(await remembered()).toBe(true);
    const wrongLogin = await tool.run(['login', 'Nightly', '--password-stdin'], { stdin: 'typo' });
    expect(wrongLogin.code).toBe(3);
    expect(await remembered()).toBe(true);
    // The scheduled run that follows still has its password.
    const scheduled = await tool.json<{ projects: unknown[] }>(['projects', 'Nightly']);
    expect(scheduled.code).toBe(0);
    // A remembered password the server rejects is still forgotten at once.
    sim.users.find((user) => user.username === 'administrator')!.password = 'rotated';
    await tool.run(['logout', 'Nightly']);
    expect((await tool.json<{ error: { code: string } }>(['projects', 'Nightly'])).body.error.code).toBe(
      'BAD_CREDENTIALS',
    );
    expect(await remembered()).toBe(false);
  });
});
