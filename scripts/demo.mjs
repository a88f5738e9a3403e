#!/usr/bin/env node
/**
 * `npm run demo`: starts the Library simulator, prepares a demo data folder with two ready
 * environments (a test one and a prod one, both on the simulator, password remembered where a
 * keychain exists), then starts the app on that folder. Ctrl+C stops both. Each run has a fresh
 * data folder of its own, removed at exit with the demo's keychain entries.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureElectron } from './electron-binary.mjs';

const dataFolder = mkdtempSync(join(tmpdir(), 'mstr-cache-console-demo-'));
const env = { ...process.env, MSTR_CACHE_HOME: dataFolder, MSTR_CACHE_KEYCHAIN_SERVICE: 'MSTR Cache Console demo' };

const simulator = spawn(
  process.execPath,
  ['test/simulator/cli.ts', '--port', process.env.DEMO_PORT ?? '18080', '--projects', '60', '--latency', '40'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise((resolve, reject) => {
  simulator.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const match = /listening at (\S+)/.exec(chunk.toString());
    if (match) resolve(match[1]);
  });
  simulator.once('exit', () => reject(new Error('The simulator did not start.')));
});

function cli(args, input) {
  const result = spawnSync(process.execPath, ['src/main/cli/bin.ts', ...args], { env, input, encoding: 'utf8' });
  if (result.status !== 0) process.stderr.write(result.stderr);
}
cli([
  'profiles',
  'add',
  '--name',
  'Demo test',
  '--url',
  url,
  '--tier',
  'test',
  '--user',
  'administrator',
  '--remember',
  '--notes',
  'The Library simulator (npm run simulator).',
]);
cli([
  'profiles',
  'add',
  '--name',
  'Demo prod',
  '--url',
  url,
  '--tier',
  'prod',
  '--user',
  'administrator',
  '--remember',
]);
cli(['login', 'Demo test', '--password-stdin', '--remember'], 'admin-pass');

let stopped = false;
/** Leaves nothing behind: the demo's profiles (and so their keychain entries), then its folder. */
const stop = () => {
  if (stopped) return;
  stopped = true;
  simulator.kill();
  cli(['profiles', 'remove', 'Demo test']);
  cli(['profiles', 'remove', 'Demo prod']);
  rmSync(dataFolder, { recursive: true, force: true });
  process.stdout.write(`Removed the demo data folder ${dataFolder}.\n`);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// Said only once Ctrl+C and SIGTERM are handled: whoever waits for this line may stop the demo at once.
process.stdout.write(`Demo data folder: ${dataFolder}\nDemo password: admin-pass\n`);

if (!(await ensureElectron())) {
  process.stdout.write(
    `The simulator keeps running; try the command line meanwhile:\n` +
      `  MSTR_CACHE_HOME="${dataFolder}" MSTR_CACHE_KEYCHAIN_SERVICE="${env.MSTR_CACHE_KEYCHAIN_SERVICE}" npx mstr-cache-console projects "Demo test"\n` +
      'Ctrl+C stops it.\n',
  );
} else {
  const app = spawn('npx', ['electron-vite', 'preview'], { stdio: 'inherit', env });
  app.on('exit', stop);
}
