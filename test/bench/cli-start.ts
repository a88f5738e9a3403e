/**
 * Run by the bench as a small process of its own: the command line from process start to its first
 * request reaching a server that only notes the time it arrives, `--version` alone, and `node -e 0`
 * beside them. Prints the medians as JSON.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchProfile } from './bench-profile.ts';
import { median } from './median.ts';

const CLI = fileURLToPath(new URL('../../bin/mstr-cache-console.mjs', import.meta.url));
const ROUNDS = 7;

/** Milliseconds from the spawn to the process's exit. */
async function timedRun(args: string[]): Promise<number> {
  const started = performance.now();
  await new Promise((resolve) => spawn(process.execPath, args, { stdio: 'ignore' }).once('exit', resolve));
  return performance.now() - started;
}

let arrived: (() => void) | null = null;
const server = http.createServer((request, response) => {
  arrived?.();
  response
    .writeHead(200, { 'content-type': 'application/json' })
    .end('{"webVersion":"11.4","iServerVersion":"11.4.1200"}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const home = mkdtempSync(join(tmpdir(), 'mstr-bench-cli-'));
writeBenchProfile(home, `http://127.0.0.1:${(server.address() as AddressInfo).port}/MicroStrategyLibrary`, 30);
const env = { ...process.env, MSTR_CACHE_HOME: home };
const firsts: number[] = [];
const versions: number[] = [];
const nodeAlone: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const started = performance.now();
  const reached = new Promise<number>((resolve) => (arrived = () => resolve(performance.now() - started)));
  const child = spawn(process.execPath, [CLI, 'test', 'Bench', '--json'], { env, stdio: 'ignore' });
  firsts.push(await reached);
  await new Promise((resolve) => child.once('exit', resolve));
  versions.push(await timedRun([CLI, '--version']));
  nodeAlone.push(await timedRun(['-e', '0']));
}
server.close();
rmSync(home, { recursive: true, force: true });
process.stdout.write(
  JSON.stringify({ firstRequestMs: median(firsts), versionMs: median(versions), nodeAloneMs: median(nodeAlone) }),
);
