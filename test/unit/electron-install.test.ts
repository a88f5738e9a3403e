/**
 * The first start: a missing Electron binary is installed by the electron package's own installer
 * before the app starts, and a download that cannot happen ends in one clear paragraph. The failing
 * download is real: electron's install.js and @electron/get, pointed (ELECTRON_MIRROR) at a server
 * on loopback that has no such file.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureElectron, electronBinaryPath } from '../../scripts/electron-binary.mjs';

const REPO = resolve(import.meta.dirname, '../..');
const ELECTRON_FILES = ['package.json', 'install.js', 'checksums.json', 'index.js', 'cli.js'];

/** A project folder whose node_modules is the repository's, but with an electron package that has no binary. */
function projectWithoutBinary(): string {
  const root = mkdtempSync(join(tmpdir(), 'mstr-first-start-'));
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, 'electron'), { recursive: true });
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry !== 'electron' && entry !== '.bin') symlinkSync(join(REPO, 'node_modules', entry), join(modules, entry));
  }
  for (const file of ELECTRON_FILES)
    copyFileSync(join(REPO, 'node_modules/electron', file), join(modules, 'electron', file));
  return root;
}

let mirror: http.Server;
let mirrorUrl = '';
const requested: string[] = [];
const savedEnv = { ...process.env };

beforeAll(async () => {
  mirror = http.createServer((request, response) => {
    requested.push(request.url ?? '');
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
  });
  await new Promise<void>((done) => mirror.listen(0, '127.0.0.1', done));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`;
});

afterAll(() => {
  mirror.close();
  process.env = savedEnv;
});

describe('the first start without the Electron binary', () => {
  it('runs the installer the electron package ships, and starts once it has put the binary in place', async () => {
    const root = projectWithoutBinary();
    // Stands in for the download: the real installer cannot reach GitHub from here.
    const installer = join(root, 'fake-install.cjs');
    writeFileSync(
      installer,
      `const fs = require('node:fs'); const path = require('node:path');
       const dir = path.join(${JSON.stringify(root)}, 'node_modules/electron');
       fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
       fs.writeFileSync(path.join(dir, 'dist', 'electron'), '');
       fs.writeFileSync(path.join(dir, 'path.txt'), 'electron');`,
    );
    const lines: string[] = [];
    expect(electronBinaryPath(root)).toBeNull();
    expect(await ensureElectron({ root, installer, log: (text) => lines.push(text) })).toBe(true);
    expect(electronBinaryPath(root)).toBe(join(root, 'node_modules/electron/dist/electron'));
    expect(lines.join('')).toMatch(
      /Downloading Electron 45\.\d+\.\d+ for the app's window[\s\S]*Electron is installed/,
    );
  });

  it('says in one paragraph, without a stack trace, why the download failed and what to do', async () => {
    const root = projectWithoutBinary();
    process.env = {
      ...savedEnv,
      ELECTRON_MIRROR: mirrorUrl,
      ELECTRON_GET_NO_PROGRESS: '1',
      electron_config_cache: join(root, 'cache'),
    };
    const lines: string[] = [];
    expect(await ensureElectron({ root, log: (text) => lines.push(text) })).toBe(false);
    const said = lines.join('');
    expect(requested.some((url) => /electron-v45\.\d+\.\d+-\w+-\w+\.zip$/.test(url))).toBe(true);
    expect(said).toContain("The app's window needs the Electron 45");
    expect(said).toMatch(/could not be downloaded \([^)]*404/);
    expect(said).toContain('ELECTRON_MIRROR');
    expect(said).toContain('npx mstr-cache-console --help');
    expect(said).not.toMatch(/^\s+at /m);
    expect(existsSync(join(root, 'node_modules/electron/path.txt'))).toBe(false);
  });

  it('names the network cause when nothing answers (not just "fetch failed")', async () => {
    const root = projectWithoutBinary();
    const closed = http.createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    process.env = {
      ...savedEnv,
      ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
      ELECTRON_GET_NO_PROGRESS: '1',
      electron_config_cache: join(root, 'cache'),
    };
    const lines: string[] = [];
    expect(await ensureElectron({ root, log: (text) => lines.push(text) })).toBe(false);
    expect(lines.join('')).toMatch(/could not be downloaded \(TypeError: fetch failed: ECONNREFUSED 127\.0\.0\.1\)/);
  });

  it('npm start (scripts/launch.mjs) stops with that paragraph and exit code 1, never reaching electron-vite', async () => {
    const root = projectWithoutBinary();
    const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [join(REPO, 'scripts/launch.mjs'), 'preview'], {
        cwd: root,
        env: {
          ...savedEnv,
          ELECTRON_MIRROR: mirrorUrl,
          ELECTRON_GET_NO_PROGRESS: '1',
          electron_config_cache: join(root, 'cache'),
        },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => done({ code, stderr }));
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('could not be downloaded');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain('electron-vite');
  });
});
