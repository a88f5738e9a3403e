/**
 * A long listing on the command line as it meets a big cluster: the rows come out while later pages
 * are still on the way (a page held at the simulator keeps the run in flight, whatever the
 * machine's speed), in the same order as a whole listing, and a listing that fails leaves the CSV
 * file that was there before as it was.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, REPO, addProfile, cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

const NODE_B = 'iserver-b.example.internal';

function rowsOf(text: string, node: string): number {
  return text.split('\n').filter((line) => line.startsWith('    {') && line.includes(`"node":"${node}"`)).length;
}

describe('a long cache listing on the command line', () => {
  it('writes the rows it has while a later page is still on its way, then the whole document', async () => {
    const sim = await simulator({ projects: 1, cluster: { contentCachesPerNode: 2500 } });
    const tool = cli();
    await addProfile(tool, sim, 'Big');
    const whole = await tool.json<{ caches: { id: string }[] }>(['content-caches', 'list', 'Big'], {
      env: { MSTR_CACHE_PASSWORD: 'admin-pass' },
    });
    expect(whole.code).toBe(0);

    // Node b's last page waits at the server until released.
    const release = sim.hold(new RegExp(`^GET [^?]*caches/contents\\?(?=.*clusterNode=${NODE_B})(?=.*offset=2000)`));
    const child = spawn(process.execPath, [CLI_BIN, 'content-caches', 'list', 'Big', '--json'], {
      cwd: REPO,
      env: {
        ...process.env,
        MSTR_CACHE_HOME: tool.home,
        MSTR_CACHE_KEYCHAIN_SERVICE: tool.service,
        MSTR_CACHE_PASSWORD: 'admin-pass',
      },
    });
    let stdout = '';
    let exited = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const closed = new Promise<number | null>((done) => child.on('close', (code) => ((exited = true), done(code))));
    await expect.poll(() => rowsOf(stdout, NODE_B), { timeout: 30_000 }).toBe(2000);
    expect(exited).toBe(false);
    expect(rowsOf(stdout, 'iserver-a.example.internal')).toBe(2500);
    release();
    expect(await closed).toBe(0);
    const streamed = JSON.parse(stdout) as { ok: boolean; exitCode: number; caches: { id: string }[] };
    expect(streamed).toMatchObject({ ok: true, exitCode: 0 });
    expect(streamed.caches.map((cache) => cache.id)).toEqual(whole.body.caches.map((cache) => cache.id));
  });

  it('leaves the CSV file that was there before when the listing fails, and no partial file', async () => {
    const sim = await simulator({ projects: 1, cluster: { contentCachesPerNode: 10 } });
    const tool = cli();
    await addProfile(tool, sim, 'Test');
    const csv = join(tool.home, 'caches.csv');
    writeFileSync(csv, 'yesterday\n');
    sim.inject({ kind: 'status', status: 500, times: 10, match: /iServer\/nodes/ });
    const failed = await tool.run(['content-caches', 'list', 'Test', '--csv', csv], {
      env: { MSTR_CACHE_PASSWORD: 'admin-pass' },
    });
    expect(failed.code).not.toBe(0);
    expect(readFileSync(csv, 'utf8')).toBe('yesterday\n');
    expect(readdirSync(tool.home).filter((name) => name.startsWith('caches.csv'))).toEqual(['caches.csv']);
    sim.clearFaults();

    const written = await tool.run(['content-caches', 'list', 'Test', '--csv', csv], {
      env: { MSTR_CACHE_PASSWORD: 'admin-pass' },
    });
    expect(written.code, written.stderr).toBe(0);
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(21);
    expect(written.stderr).toContain(`20 caches written to ${csv}`);
  });
});
