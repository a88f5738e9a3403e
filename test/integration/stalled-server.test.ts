/**
 * A server that stops answering mid-run (its process paused: the kernel still accepts connections,
 * nothing answers, TLS handshakes never finish) holds no call past the profile's deadline, whether
 * the call was waiting for an answer on an open connection or for a new connection's handshake.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { MstrClient } from '../../src/main/mstr/index.ts';
import { AppError } from '../../src/shared/errors.ts';
import { ADMIN } from './helpers.ts';
import { services } from './engine-helpers.ts';

const SIMULATOR = fileURLToPath(new URL('../simulator/cli.ts', import.meta.url));
let running: ChildProcess | null = null;

afterEach(async () => {
  const child = running;
  running = null;
  if (!child || child.exitCode !== null) return;
  child.kill('SIGCONT');
  await new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
});

/** An HTTPS simulator in a process of its own, so that it can be paused. */
async function simulatorProcess(projects = 12): Promise<{ url: string; caFile: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [SIMULATOR, '--port', '0', '--https', '--projects', String(projects)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running = child;
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening at (\S+)/.exec(output)?.[1];
      const caFile = /CA certificate: (\S+)/.exec(output)?.[1];
      if (url && caFile) resolve({ url, caFile, child });
    });
    child.once('exit', (code) => reject(new Error(`the simulator stopped (exit ${String(code)})`)));
  });
}

/** The call's error code and how long it took to end. */
async function ended(call: Promise<unknown>): Promise<{ code: string; ms: number }> {
  const started = performance.now();
  try {
    await call;
    return { code: 'succeeded', ms: performance.now() - started };
  } catch (error) {
    return { code: error instanceof AppError ? error.code : String(error), ms: performance.now() - started };
  }
}

// A paused process is how the test stalls a server; Windows has no SIGSTOP.
const canPause = process.platform !== 'win32';
if (!canPause) console.warn('stalled-server.test.ts: skipped on Windows, which cannot pause a process (SIGSTOP).');

describe('a server that stops answering', () => {
  it.runIf(canPause)('ends every call, on an open connection or a new one, with TIMEOUT at the deadline', async () => {
    const sim = await simulatorProcess();
    const options = { url: sim.url, tls: { mode: 'ca-file' as const, caFile: sim.caFile }, timeoutMs: 1000 };
    const client = new MstrClient({ ...options, retry: { baseDelayMs: 10 } });
    const fresh = new MstrClient(options);
    try {
      await client.login(ADMIN);
      const projects = await client.listProjects();
      sim.child.kill('SIGSTOP');
      // Eight purges at once: one finds the open connection, the others wait for new handshakes.
      const calls = [
        ...projects.slice(0, 8).map((project) => ended(client.purgeCache(project.id, 'object'))),
        ended(fresh.status()),
      ];
      const outcomes = await Promise.all(calls);
      expect(outcomes.map((outcome) => outcome.code)).toEqual(Array(9).fill('TIMEOUT'));
      // The deadline is one second; a connect that waited for the connection pool's own limit took 10.
      for (const outcome of outcomes) expect(outcome.ms).toBeLessThan(4000);
    } finally {
      sim.child.kill('SIGCONT');
      await Promise.all([client.close(), fresh.close()]);
    }
  });
});

describe('a purge run against a server that stops answering', () => {
  it.runIf(canPause)('ends each of 14 items within the 2 s deadline, saying attempts and time', async () => {
    const sim = await simulatorProcess(10);
    const all = services();
    const profile = await all.profiles.create({
      name: 'Stalled',
      url: sim.url,
      tier: 'test',
      username: 'administrator',
      tls: { mode: 'ca-file', caFile: sim.caFile },
      timeoutSeconds: 2,
      concurrency: 7,
    });
    try {
      await (await all.sessions.for(profile)).connect({ secret: ADMIN.secret });
      const loaded = await all.engine.prepare({
        environments: [profile.id],
        projects: { all: true },
        cacheTypes: ['object'],
      });
      const ids = loaded.items.slice(0, 7).map((item) => item.projectId);
      const plan = await all.engine.prepare({
        environments: [profile.id],
        projects: { ids },
        cacheTypes: ['object', 'element'],
      });
      expect(plan.items).toHaveLength(14);
      sim.child.kill('SIGSTOP');
      const started = performance.now();
      const outcome = await all.engine.start(plan).done;
      const runMs = performance.now() - started;
      expect(outcome.items.map((item) => item.status)).toEqual(Array(14).fill('unknown'));
      for (const item of outcome.items) {
        // The documented bound of one item: the profile's timeout, attempts and handshake included.
        expect(item.durationMs).toBeLessThan(2000 + 750);
        expect(item.error?.message).toMatch(/did not answer within 2 s \(1 attempt in 2\.\d s\)/);
      }
      // Two rounds of seven at 2 s each, not 10 s connect waits.
      expect(runMs).toBeLessThan(2 * 2000 + 1500);
      const history = await all.history.list();
      expect(history.map((line) => line.outcome)).toEqual(Array(14).fill('unknown'));
    } finally {
      sim.child.kill('SIGCONT');
      await all.sessions.disconnectAll().catch(() => undefined);
      await all.sessions.closeAll();
    }
  });
});
