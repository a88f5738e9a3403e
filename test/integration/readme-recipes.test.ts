/**
 * The README's "Scheduled and headless runs" recipes, run as written: each block marked
 * `<!-- recipe: NAME -->` is read from README.md and its lines run by bash, one after the other,
 * against the simulator (`npx mstr-cache-console` from the checkout, on a throwaway data folder).
 * Only the secrets ($MSTR_PASSWORD, $KEYRING_PASSWORD) and the data folder come from the test; the
 * credential command's `pass` is a stand-in program on PATH that prints the password.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addProfile, cli, REPO, runProgram, type Cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' };

function recipe(name: string): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const marker = `<!-- recipe: ${name} -->`;
  const start = readme.indexOf(marker);
  expect(start, `README has the recipe ${name}`).toBeGreaterThan(0);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(start));
  const lines = (block?.[1] ?? '').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  expect(lines.length).toBeGreaterThan(0);
  return lines;
}

/** Every line of the recipe in bash, stopping at the first that fails. */
async function follow(name: string, tool: Cli, env: NodeJS.ProcessEnv): Promise<void> {
  for (const line of recipe(name)) {
    const result = await runProgram('bash', ['-c', line], {
      cwd: REPO,
      env: { ...process.env, MSTR_CACHE_HOME: tool.home, MSTR_CACHE_KEYCHAIN_SERVICE: tool.service, ...env },
    });
    expect(result.code, `${line}\n${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stderr).not.toContain('EBADENGINE');
  }
}

async function nightly(): Promise<{ tool: Cli; purges: () => number }> {
  const tool = cli();
  const sim = await simulator({ projects: 3 });
  await addProfile(tool, sim, 'Prod EU', 'test');
  const saved = await tool.run(['preset', 'save', 'nightly', 'Prod EU', '--all', '--type', 'object']);
  expect(saved.code, saved.stderr).toBe(0);
  return { tool, purges: () => sim.purges.length };
}

/** The system's own Node, as a fresh machine starts the install with (not node_modules/.bin's Node 24). */
const SYSTEM_PATH = '/usr/local/bin:/usr/bin:/bin';
const systemNode = spawnSync('node', ['--version'], { env: { PATH: SYSTEM_PATH }, encoding: 'utf8' }).stdout?.trim();
const olderSystemNode = /^v(20|21|22|23)\./.test(systemNode ?? '');
if (!olderSystemNode) console.log(`skipped: the system's Node is ${systemNode ?? 'missing'}, not one older than 24`);

describe('installing under the Node that starts the install', () => {
  it.runIf(olderSystemNode)('npx mstr-cache-console under the system Node prints no EBADENGINE warning', async () => {
    const result = await runProgram('npx', ['mstr-cache-console', '--version'], {
      cwd: REPO,
      env: { PATH: SYSTEM_PATH, HOME: tmpdir() },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(result.stderr).toBe('');
  });
});

describe('README: scheduled and headless runs', () => {
  it('in a desktop login session, with the keychain as it is', async () => {
    const { tool, purges } = await nightly();
    await follow('desktop-session', tool, { MSTR_PASSWORD: 'admin-pass' });
    expect(purges()).toBe(3);
  });

  it('with a credential command, and no keychain at all', async () => {
    const { tool, purges } = await nightly();
    const bin = mkdtempSync(join(tmpdir(), 'mstr-pass-'));
    writeFileSync(
      join(bin, 'pass'),
      '#!/bin/sh\n[ "$1" = show ] && [ "$2" = mstr/prod-eu ] && { echo admin-pass; exit 0; }\necho "pass: not found" >&2; exit 1\n',
    );
    chmodSync(join(bin, 'pass'), 0o755);
    await follow('credential-command', tool, { ...NO_KEYCHAIN, PATH: `${bin}:${process.env.PATH ?? ''}` });
    expect(purges()).toBe(3);
  });

  it('with a headless Secret Service: dbus-run-session and gnome-keyring-daemon --unlock', async () => {
    const { tool, purges } = await nightly();
    const home = mkdtempSync(join(tmpdir(), 'mstr-headless-'));
    const runtime = join(home, 'runtime');
    mkdirSync(runtime, { mode: 0o700 });
    const env: NodeJS.ProcessEnv = {
      HOME: home,
      XDG_RUNTIME_DIR: runtime,
      XDG_DATA_HOME: join(home, '.local/share'),
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_CACHE_HOME: join(home, '.cache'),
      KEYRING_PASSWORD: randomBytes(12).toString('hex'),
      MSTR_PASSWORD: 'admin-pass',
      DBUS_SESSION_BUS_ADDRESS: '',
    };
    await follow('headless-secret-service', tool, env);
    expect(purges()).toBe(3);
    // Two D-Bus sessions, two keyring daemons and three command-line starts: more than the default bound.
  }, 90_000);

  it('with MSTR_CACHE_PASSWORD, for a job on one environment', async () => {
    const { tool, purges } = await nightly();
    await follow('one-environment-password', tool, { ...NO_KEYCHAIN, MSTR_PASSWORD: 'admin-pass' });
    expect(purges()).toBe(6);
  });
});
