import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../../src/main/secrets/keychain.ts';
import { addProfile, cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

describe('command line', () => {
  it('prints help and version, and rejects bad usage with exit code 2', async () => {
    const tool = cli();
    const help = await tool.run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('purge PROFILE...');
    expect((await tool.run(['purge', '--help'])).stdout).toContain('--skip-missing');
    expect((await tool.run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const unknown = await tool.run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error VALIDATION');
    expect((await tool.run(['purge', 'x', '--type', 'object', '--all', '--wat'])).code).toBe(2);
    expect(
      (await tool.json(['profiles', 'add', '--name', 'X', '--url', 'ftp://x', '--tier', 'dev'])).body,
    ).toMatchObject({
      ok: false,
      exitCode: 2,
      error: { code: 'BAD_URL' },
    });
  });

  it('adds, lists, exports, imports and removes profiles', async () => {
    const tool = cli();
    const sim = await simulator();
    await addProfile(tool, sim, 'Dev', 'dev');
    await addProfile(tool, sim, 'Prod', 'prod');
    const listed = await tool.json<{ ok: boolean; profiles: { name: string; url: string; tierColor: string }[] }>([
      'profiles',
      'list',
    ]);
    expect(listed.body.profiles.map((profile) => [profile.name, profile.url])).toEqual([
      ['Dev', sim.url],
      ['Prod', sim.url],
    ]);
    const file = join(tool.home, 'out.json');
    expect((await tool.run(['profiles', 'export', file, 'Prod'])).code).toBe(0);
    const other = cli();
    const imported = await other.json<{ imported: { name: string }[] }>(['profiles', 'import', file]);
    expect(imported.body.imported.map((item) => item.name)).toEqual(['Prod']);
    const proxied = await tool.run(
      [
        'profiles',
        'add',
        '--name',
        'Proxied',
        '--url',
        sim.url,
        '--tier',
        'dev',
        '--proxy',
        'http://jane@proxy.corp:3128',
        '--proxy-password-stdin',
      ],
      { stdin: 'pr0xy\n' },
    );
    expect(proxied.code).toBe(0);
    const keychain = new KeychainSecretStore(tool.service);
    expect(await keychain.accounts()).toEqual([expect.stringMatching(/:proxy-password$/)]);
    expect(readFileSync(join(tool.home, 'profiles.json'), 'utf8')).not.toContain('pr0xy');
    expect((await tool.run(['profiles', 'remove', 'Proxied'])).code).toBe(0);
    expect(await keychain.accounts()).toEqual([]);
    const removed = await tool.run(['profiles', 'remove', 'prod']);
    expect(removed.stdout).toContain('Removed Prod');
    expect((await tool.json<{ profiles: unknown[] }>(['profiles', 'list'])).body.profiles).toHaveLength(1);
  });

  it('tests, logs in with the password on stdin, lists projects and logs out', async () => {
    const tool = cli();
    const sim = await simulator({ https: true });
    await addProfile(tool, sim, 'QA');
    const test = await tool.json<{ test: { iServerVersion: string; purgeSupported: boolean } }>(['test', 'QA']);
    expect(test.body.test).toMatchObject({ iServerVersion: '11.4.1200.0081', purgeSupported: true });
    const login = await tool.json<{ session: Record<string, unknown> }>(['login', 'QA', '--password-stdin'], {
      stdin: 'admin-pass\n',
    });
    expect(login.code).toBe(0);
    expect(login.body.session).toMatchObject({ state: 'connected', userFullName: 'Administrator' });
    const projects = await tool.json<{ projects: { id: string }[] }>(['projects', 'QA']);
    expect(projects.body.projects).toHaveLength(12);
    expect(sim.callsTo(/auth\/login/)).toHaveLength(1);
    expect((await tool.run(['logout', 'QA'])).code).toBe(0);
    expect(sim.activeSessionCount).toBe(0);
    const after = await tool.json(['projects', 'QA']);
    expect(after.code).toBe(3);
    expect(after.body).toMatchObject({ ok: false, error: { code: 'SECRET_REQUIRED' } });
  });

  it('purges with the password remembered in the keychain, and exits 0 / 1 / 3 as documented', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 4, unloadedProjects: [3] });
    await addProfile(tool, sim, 'Nightly');
    expect((await tool.run(['login', 'Nightly', '--password-stdin', '--remember'], { stdin: 'admin-pass' })).code).toBe(
      0,
    );
    const keychain = new KeychainSecretStore(tool.service);
    expect((await keychain.accounts()).some((account) => account.endsWith(':password'))).toBe(true);
    sim.expireAllSessions();

    const purge = await tool.json<{
      ok: boolean;
      exitCode: number;
      summary: Record<string, number>;
      items: { projectName: string; cacheType: string; status: string }[];
      skipped: { reason: string }[];
    }>(['purge', 'Nightly', '--all', '--type', 'both']);
    expect(purge.code).toBe(0);
    expect(purge.body).toMatchObject({
      ok: true,
      exitCode: 0,
      summary: { total: 6, succeeded: 6, failed: 0, skipped: 1 },
    });
    expect(purge.body.skipped[0]!.reason).toBe('not loaded (offline)');
    expect(sim.callsTo(/auth\/login/)).toHaveLength(2);
    expect(sim.purges).toHaveLength(6);

    sim.inject({ kind: 'status', status: 500, times: 3, match: /caches\/element/ });
    const partial = await tool.json<{
      exitCode: number;
      items: { status: string; error: { code: string; ticketId: string } | null }[];
    }>(['purge', 'Nightly', '--project', sim.projects[0]!.name, '--type', 'both']);
    expect(partial.code).toBe(1);
    expect(partial.body.items.map((item) => item.status)).toEqual(['succeeded', 'failed']);
    expect(partial.body.items[1]!.error).toMatchObject({
      code: 'SERVER_ERROR',
      ticketId: expect.stringMatching(/^[0-9a-f]{32}$/),
    });

    const text = await tool.run(['purge', 'Nightly', '--project', 'No Such Project', '--type', 'object']);
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('"No Such Project" on Nightly');

    const history = await tool.json<{ entries: { outcome: string }[] }>(['history', '--outcome', 'failed']);
    expect(history.body.entries).toHaveLength(1);
    const csv = join(tool.home, 'history.csv');
    expect((await tool.run(['history', '--csv', csv])).code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toContain('time,durationMs,profileName');

    await tool.run(['logout', 'Nightly']);
    const scheduled = await tool.run(['purge', 'Nightly', '--all', '--type', 'object'], {
      env: { MSTR_CACHE_PASSWORD: 'admin-pass' },
    });
    expect(scheduled.code).toBe(0);
    expect(sim.activeSessionCount).toBe(0);
    expect(sim.callsTo(/auth\/logout/).length).toBeGreaterThanOrEqual(2);

    await sim.close();
    const down = await tool.json(['purge', 'Nightly', '--all', '--type', 'object']);
    expect(down.code).toBe(3);
  });

  it('refuses a production purge without --yes and without a terminal, sending nothing', async () => {
    const tool = cli();
    const sim = await simulator();
    await addProfile(tool, sim, 'PROD-EU', 'prod');
    await tool.run(['login', 'PROD-EU', '--password-stdin'], { stdin: 'admin-pass' });
    const callsBefore = sim.calls.length;
    const refused = await tool.run(['purge', 'PROD-EU', '--all', '--type', 'both']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('CONFIRMATION_REQUIRED');
    expect(refused.stderr).toContain('Nothing was sent');
    expect(sim.calls.length).toBe(callsBefore);
    const confirmed = await tool.run(['purge', 'PROD-EU', '--all', '--type', 'object', '--yes']);
    expect(confirmed.code).toBe(0);
    expect(sim.purges).toHaveLength(12);
  });

  it('saves, lists, runs and schedules presets', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 3 });
    await addProfile(tool, sim, 'Test');
    await tool.run(['login', 'Test', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    expect((await tool.run(['preset', 'save', 'Night run', 'Test', '--all', '--type', 'element'])).code).toBe(0);
    const list = await tool.json<{ presets: { name: string; environmentNames: string[] }[] }>(['preset', 'list']);
    expect(list.body.presets).toEqual([
      expect.objectContaining({
        name: 'Night run',
        environmentNames: ['Test'],
        steps: [expect.objectContaining({ kind: 'purge', cacheTypes: ['element'] })],
      }),
    ]);
    const run = await tool.json<{ summary: { succeeded: number } }>(['preset', 'run', 'night run']);
    expect(run.code).toBe(0);
    expect(run.body.summary.succeeded).toBe(3);
    const scheduled = await tool.json<{ cron: string; windowsTask: string }>(['preset', 'command', 'Night run']);
    // The command names the preset by an id (never by its name), which runs the same preset.
    const id = / preset run --id (mstr-cache-console-night-run-[0-9a-f]{8}) --json /.exec(scheduled.body.cron)?.[1];
    const byId = await tool.json<{ summary: { succeeded: number } }>(['preset', 'run', '--id', id as string]);
    expect([byId.code, byId.body.summary.succeeded]).toEqual([0, 3]);
    expect(scheduled.body.windowsTask).toContain('schtasks /Create');
    expect((await tool.run(['preset', 'remove', 'Night run'])).code).toBe(0);
    expect((await tool.run(['preset', 'run', 'Night run'])).code).toBe(2);
  });

  it('never accepts a password as an argument', async () => {
    const tool = cli();
    const result = await tool.run(['login', 'x', '--password', 'hunter2']);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).not.toContain('hunter2');
  });
});
