#!/usr/bin/env node
/**
 * `npm start` and `npm run dev`: installs the Electron binary when it is missing (the electron
 * package has no install step of its own), then hands over to electron-vite.
 */
import { spawn } from 'node:child_process';
import { ensureElectron } from './electron-binary.mjs';

const mode = process.argv[2];
if (!['preview', 'dev'].includes(mode)) {
  console.error('usage: launch.mjs preview|dev');
  process.exit(2);
}
if (!(await ensureElectron())) process.exit(1);
const child = spawn('npx', ['electron-vite', mode, ...process.argv.slice(3)], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
