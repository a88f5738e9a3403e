/**
 * The command line as `npm run build` makes it (what the launcher runs, and what users run): built
 * into a folder of its own, then run against the simulator over HTTP and HTTPS. The other command
 * line tests run the sources, where CommonJS dependencies have their __filename; a bundle has not,
 * and saving a profile failed there. The build takes node:http2 out of undici's start, node:tls is
 * loaded only for an https server, node:crypto only when an id or a temporary file is made, and
 * node:child_process only when a scheduler tool is run.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, addProfile, cli, runProgram } from './cli-helpers.ts';
import { connectProxy, simulator } from './helpers.ts';

let folder = '';
let entry = '';

beforeAll(async () => {
  // Inside the repository, so the build finds node_modules (the keychain module stays outside it).
  mkdirSync(join(REPO, 'out'), { recursive: true });
  folder = mkdtempSync(join(REPO, 'out', 'cli-test-'));
  const built = await runProgram(process.execPath, ['scripts/build-cli.mjs', '--out-dir', folder], {
    env: process.env,
  });
  expect(built.code, built.stderr).toBe(0);
  entry = join(folder, 'entry.mjs');
  writeFileSync(
    entry,
    [
      "import { createRequire } from 'node:module';",
      "const { main } = createRequire(import.meta.url)('./main.cjs');",
      'await main(import.meta.filename);',
      "const loaded = ['http2', 'tls', 'crypto', 'child_process'].filter((name) => process.moduleLoadList.includes(`NativeModule ${name}`));",
      "process.stderr.write(`loaded: ${loaded.join(',')}\\n`);",
    ].join('\n'),
  );
}, 60_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('the built command line', () => {
  it('lists the source files it was made from, for the launcher to compare with the build', () => {
    const sources = readFileSync(join(folder, 'sources.txt'), 'utf8').trim().split('\n');
    expect(sources).toContain('src/main/cli/main.ts');
    expect(sources).toContain('src/main/mstr/http2-on-demand.ts');
    expect(sources.filter((path) => !existsSync(join(REPO, path)))).toEqual([]);
    // The window's code is not part of it, so editing it leaves the build fresh.
    expect(sources.filter((path) => path.startsWith('src/renderer/') || path.startsWith('src/main/shell/'))).toEqual(
      [],
    );
  });

  it('reaches an HTTPS server through the proxy in HTTPS_PROXY (its proxy pools load on demand)', async () => {
    const tool = cli(entry);
    const sim = await simulator({ https: true });
    const proxy = await connectProxy();
    try {
      await addProfile(tool, sim, 'Behind a proxy');
      const result = await tool.run(['test', 'Behind a proxy', '--json'], { env: { HTTPS_PROXY: proxy.url } });
      expect(result.code, result.stderr).toBe(0);
      expect(proxy.tunnels).toEqual([new URL(sim.url).host]);
    } finally {
      proxy.close();
    }
  });

  it('tests an http server without loading node:http2, node:tls, node:crypto or node:child_process', async () => {
    const tool = cli(entry);
    const sim = await simulator();
    await addProfile(tool, sim, 'Plain');
    const result = await tool.run(['test', 'Plain', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, test: { purgeSupported: true } });
    expect(result.stderr).toContain('loaded: \n');
  });

  it('logs in over HTTPS with the profile CA, lists, purges and keeps the history, still without node:http2', async () => {
    const tool = cli(entry);
    const sim = await simulator({ https: true, projects: 4, unloadedProjects: [] });
    await addProfile(tool, sim, 'Secure');
    const login = await tool.run(['login', 'Secure', '--password-stdin', '--remember', '--json'], {
      stdin: 'admin-pass\n',
    });
    expect(login.code, login.stderr).toBe(0);
    const projects = await tool.run(['projects', 'Secure', '--json']);
    expect(projects.code, projects.stderr).toBe(0);
    expect((JSON.parse(projects.stdout) as { projects: unknown[] }).projects).toHaveLength(4);
    expect(projects.stderr).toMatch(/loaded: tls\b/);
    const purge = await tool.run(['purge', 'Secure', '--all', '--type', 'both', '--json']);
    expect(purge.code, purge.stderr).toBe(0);
    expect(sim.purges).toHaveLength(8);
    const history = await tool.run(['history', '--limit', '50', '--json']);
    expect((JSON.parse(history.stdout) as { entries: unknown[] }).entries).toHaveLength(8);
  });
});
