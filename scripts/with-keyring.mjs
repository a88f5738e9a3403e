#!/usr/bin/env node
/**
 * Runs a command with a private, throwaway keychain: on Linux a new D-Bus session with its own
 * gnome-keyring (unlocked with a random password) and HOME/XDG folders in a temporary directory, so
 * tests never read or write a developer's real login keyring. Where no D-Bus/gnome-keyring exists
 * (macOS, Windows) the command runs as it is; keychain tests there use their own service names.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: with-keyring.mjs COMMAND [ARGS...]');
  process.exit(2);
}

function has(program) {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

function run(argv, env) {
  const result = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit', env });
  if (result.error) {
    console.error(`Cannot run ${argv[0]}: ${result.error.message}`);
    return 127;
  }
  return result.status ?? 1;
}

if (process.env.MSTR_PRIVATE_KEYRING === '1' || process.platform !== 'linux') {
  process.exit(run(command, process.env));
}

if (!has('dbus-run-session') || !has('gnome-keyring-daemon')) {
  console.error(
    'The keychain tests need a private Secret Service: install gnome-keyring and dbus (Debian: apt-get install gnome-keyring dbus-x11).',
  );
  process.exit(1);
}

const home = mkdtempSync(join(tmpdir(), 'mstr-keyring-'));
const runtime = join(home, 'runtime');
mkdirSync(runtime, { mode: 0o700 });
for (const folder of ['data', 'config', 'cache']) mkdirSync(join(home, folder));

const env = {
  ...process.env,
  HOME: home,
  XDG_RUNTIME_DIR: runtime,
  XDG_DATA_HOME: join(home, 'data'),
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_CACHE_HOME: join(home, 'cache'),
  MSTR_PRIVATE_KEYRING: '1',
  KEYRING_PASSWORD: randomBytes(12).toString('hex'),
};
delete env.DBUS_SESSION_BUS_ADDRESS;
delete env.GNOME_KEYRING_CONTROL;

const inner =
  'printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || ' +
  '{ echo "gnome-keyring-daemon did not start" >&2; exit 1; }; unset KEYRING_PASSWORD; exec "$@"';
const status = run(['dbus-run-session', '--', 'sh', '-c', inner, 'sh', ...command], env);
rmSync(home, { recursive: true, force: true });
process.exit(status);
