#!/usr/bin/env node
/**
 * `npm run package:linux|win|mac`: builds, then packages with electron-builder. electron-builder
 * downloads the Electron binary for the target from GitHub; where that is impossible, this says so
 * instead of leaving a bare network error.
 */
import { spawnSync } from 'node:child_process';

const target = process.argv[2];
if (!['linux', 'win', 'mac'].includes(target)) {
  console.error('usage: package.mjs linux|win|mac');
  process.exit(2);
}

function run(command, args) {
  return spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;
}

if (run('npx', ['electron-vite', 'build']) !== 0) process.exit(1);
const status = run('npx', ['electron-builder', `--${target}`]);
if (status !== 0) {
  console.error(
    '\nPackaging failed. electron-builder downloads the Electron binary (and, for some targets, its own tools) ' +
      'from GitHub; on a machine that reaches only the npm registry it cannot package. The error above says which step failed.',
  );
}
process.exit(status);
