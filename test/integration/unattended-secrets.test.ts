/**
 * Secrets a scheduled job can reach: a per-profile credential command (run without a shell, its
 * first line the secret, its own message when it fails, never written to disk), never run for an
 * imported profile until confirmed here; one code and message (KEYCHAIN_UNAVAILABLE) for every
 * command where no keychain answers; --remember that cannot remember refused; MSTR_CACHE_PASSWORD
 * for a run of one environment only.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCredentialCommand } from '../../src/main/secrets/credential-command.ts';
import { splitCommand } from '../../src/shared/command-words.ts';
import { addProfile, cli, type Cli } from './cli-helpers.ts';
import { failure, simulator } from './helpers.ts';

/** A session bus that does not exist: what cron gives a job (no Secret Service). */
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };

/**
 * A credential program as a vault CLI is: prints the secret kept under the name it is given (the
 * entries "qa" and "wrong" of its own vault folder), notes each run in a marker file, or fails.
 */
function secretProgram(): { folder: string; script: string; marker: string } {
  const folder = mkdtempSync(join(tmpdir(), 'mstr-credential-'));
  const script = join(folder, 'print-secret.mjs');
  const marker = join(folder, 'ran');
  writeFileSync(join(folder, 'qa'), 'admin-pass');
  writeFileSync(join(folder, 'wrong'), 'wrong-pass');
  writeFileSync(
    script,
    `import { appendFileSync, readFileSync } from 'node:fs';
appendFileSync(${JSON.stringify(marker)}, 'ran\\n');
if (process.argv[2] === 'fail') { process.stderr.write('vault: permission denied for mstr/qa\\n'); process.exit(7); }
const secret = readFileSync(${JSON.stringify(folder)} + '/' + process.argv[2], 'utf8');
process.stdout.write(secret + '\\nsecond line ignored\\n');
`,
  );
  return { folder, script, marker };
}

function allFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name))
    .filter((path) => statSync(path).isFile());
}

async function withCommand(tool: Cli, name: string, words: string): Promise<void> {
  const edited = await tool.run(['profiles', 'edit', name, '--password-command', words]);
  expect(edited.code, edited.stderr).toBe(0);
}

describe('a credential command', () => {
  it('gives a job with no keychain its password: run without a shell, first line only, kept nowhere on disk', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 3 });
    await addProfile(tool, sim, 'QA');
    const program = secretProgram();
    await withCommand(tool, 'QA', `'${process.execPath}' ${program.script} 'qa'`);
    const result = await tool.run(['purge', 'QA', '--all', '--type', 'object', '--yes'], { env: NO_KEYCHAIN });
    expect(result.code, result.stderr).toBe(0);
    expect(sim.purges).toHaveLength(3);
    expect(readFileSync(program.marker, 'utf8')).toBe('ran\n');
    for (const file of allFiles(tool.home)) expect(readFileSync(file, 'utf8'), file).not.toContain('admin-pass');
    const listed = await tool.json<{ profiles: { passwordCommand: string[]; passwordCommandConfirmed: boolean }[] }>(
      ['profiles', 'list'],
      { env: NO_KEYCHAIN },
    );
    expect(listed.body.profiles[0]).toMatchObject({
      passwordCommand: [process.execPath, program.script, 'qa'],
      passwordCommandConfirmed: true,
    });
  });

  it('that fails is a clear error with its own message and exit code; a wrong password names the environment', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 2 });
    await addProfile(tool, sim, 'QA');
    const program = secretProgram();
    await withCommand(tool, 'QA', `${process.execPath} ${program.script} fail`);
    const failed = await tool.json<{ error: { code: string; message: string } }>(
      ['purge', 'QA', '--all', '--type', 'object', '--yes'],
      { env: NO_KEYCHAIN },
    );
    expect(failed.code).toBe(1);
    expect(JSON.stringify(failed.body)).toContain('CREDENTIAL_COMMAND_FAILED');
    expect(JSON.stringify(failed.body)).toContain('exited with code 7: vault: permission denied for mstr/qa');
    await withCommand(tool, 'QA', `${process.execPath} ${program.script} wrong`);
    const login = await tool.json<{ error: { code: string; message: string } }>(['login', 'QA'], { env: NO_KEYCHAIN });
    expect(login.body.error.code).toBe('BAD_CREDENTIALS');
    expect(login.body.error.message).toMatch(/^QA: Login failed\. Please check/);
    const missing = await failure(runCredentialCommand(['/nonexistent/vault', 'read'], 'QA'));
    expect(missing.message).toContain('could not be started: /nonexistent/vault was not found.');
  });

  it('that does not finish in time is stopped and said so', async () => {
    const slow = await failure(
      runCredentialCommand([process.execPath, '-e', 'setTimeout(() => {}, 10000)'], 'QA', 300),
    );
    expect(slow.code).toBe('CREDENTIAL_COMMAND_FAILED');
    expect(slow.message).toContain('did not finish within 0.3 s and was stopped.');
  });

  it('imported from another machine is never run until confirmed here; the import says so', async () => {
    const mine = cli();
    const sim = await simulator({ projects: 2 });
    await addProfile(mine, sim, 'QA');
    const program = secretProgram();
    await withCommand(mine, 'QA', `${process.execPath} ${program.script} qa`);
    const file = join(program.folder, 'profiles.json');
    expect((await mine.run(['profiles', 'export', file])).code).toBe(0);
    const before = readFileSync(program.marker, { flag: 'a+' }).toString();

    const theirs = cli();
    const imported = await theirs.run(['profiles', 'import', file]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('QA came with a credential command:');
    expect(imported.stderr).toContain('profiles edit "QA" --confirm-password-command');
    const refused = await theirs.json<{ environments: { error: { code: string; message: string } }[] }>(
      ['purge', 'QA', '--all', '--type', 'object', '--yes'],
      { env: NO_KEYCHAIN },
    );
    expect(refused.body.environments[0]?.error.code).toBe('CREDENTIAL_COMMAND_UNCONFIRMED');
    expect(readFileSync(program.marker, 'utf8')).toBe(before);
    expect(sim.purges).toHaveLength(0);
    const listed = await theirs.run(['profiles', 'list'], { env: NO_KEYCHAIN });
    expect(listed.stdout).toContain('(NOT CONFIRMED on this computer)');

    expect((await theirs.run(['profiles', 'edit', 'QA', '--confirm-password-command'])).code).toBe(0);
    const ran = await theirs.run(['purge', 'QA', '--all', '--type', 'object', '--yes'], { env: NO_KEYCHAIN });
    expect(ran.code, ran.stderr).toBe(0);
    expect(sim.purges).toHaveLength(2);
    expect(existsSync(join(theirs.home, 'confirmed-commands.json'))).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('confirmed');
  });

  it('is split as a user typed it, quotes grouping words and nothing expanded', () => {
    expect(splitCommand(`secret-tool lookup service "mstr qa" user '$USER'`)).toEqual([
      'secret-tool',
      'lookup',
      'service',
      'mstr qa',
      'user',
      '$USER',
    ]);
    expect(() => splitCommand('pass show "mstr')).toThrow('not closed');
  });
});

describe('without a keychain', () => {
  it('login --remember exits non-zero with KEYCHAIN_UNAVAILABLE before sending anything', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 1 });
    await addProfile(tool, sim, 'QA');
    const result = await tool.json<{ error: { code: string; message: string } }>(
      ['login', 'QA', '--password-stdin', '--remember'],
      { stdin: 'admin-pass', env: NO_KEYCHAIN },
    );
    expect(result.code).toBe(3);
    expect(result.body.error.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(result.body.error.message).toContain('--password-command');
    expect(sim.callsTo(/auth\/login/)).toHaveLength(0);
  });

  it('a multi-step preset says KEYCHAIN_UNAVAILABLE as purge does', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 2 });
    await addProfile(tool, sim, 'QA');
    const script = join(mkdtempSync(join(tmpdir(), 'mstr-scp-')), 'two.scp');
    writeFileSync(script, 'PURGE OBJECT CACHING IN ALL PROJECTS;\nPURGE ELEMENT CACHING IN ALL PROJECTS;\n');
    expect((await tool.run(['preset', 'import-script', script, '--profile', 'QA', '--name', 'two'])).code).toBe(0);
    const plan = await tool.json<{ steps: { environments: { error: { code: string; message: string } }[] }[] }>(
      ['preset', 'run', 'two', '--yes'],
      { env: NO_KEYCHAIN },
    );
    const purge = await tool.json<{ environments: { error: { code: string; message: string } }[] }>(
      ['purge', 'QA', '--all', '--type', 'object', '--yes'],
      { env: NO_KEYCHAIN },
    );
    const planError = plan.body.steps[0]?.environments[0]?.error;
    expect(planError?.code).toBe('KEYCHAIN_UNAVAILABLE');
    expect(planError).toEqual(purge.body.environments[0]?.error);
  });
});

describe('what is remembered', () => {
  it('login --remember that remembered shows on the profile', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 1 });
    await addProfile(tool, sim, 'QA');
    expect((await tool.run(['login', 'QA', '--password-stdin', '--remember'], { stdin: 'admin-pass' })).code).toBe(0);
    const listed = await tool.json<{ profiles: { rememberSecret: boolean; remembered: Record<string, boolean> }[] }>([
      'profiles',
      'list',
    ]);
    expect(listed.body.profiles[0]).toMatchObject({
      rememberSecret: true,
      remembered: { secret: true, session: true },
    });
  });

  it('MSTR_CACHE_PASSWORD serves a run of one environment; a run of several is refused, naming them', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 1 });
    await addProfile(tool, sim, 'QA');
    await addProfile(tool, sim, 'UAT');
    const result = await tool.run(['purge', 'QA', 'UAT', '--all', '--type', 'object', '--yes'], {
      env: { MSTR_CACHE_PASSWORD: 'admin-pass' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MSTR_CACHE_PASSWORD serves a run of one environment; this run has QA, UAT.');
    expect(sim.callsTo(/auth\/login/)).toHaveLength(0);
    const one = await tool.run(['purge', 'QA', '--all', '--type', 'object', '--yes'], {
      env: { MSTR_CACHE_PASSWORD: 'admin-pass' },
    });
    expect(one.code, one.stderr).toBe(0);
  });
});
