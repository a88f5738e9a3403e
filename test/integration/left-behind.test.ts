/**
 * Nothing left behind: the HTTPS simulator removes its CA file when stopped by Ctrl-C or SIGTERM,
 * and `npm run demo` works in a fresh data folder of its own, removed when it stops.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO } from './cli-helpers.ts';

/** Starts a program in a process group of its own and answers the first match of `pattern` in its output. */
function startUntil(args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, args, { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const found = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) resolve(match[1] ?? '');
    });
    child.on('close', () => reject(new Error(`exited before printing ${String(pattern)}: ${output}`)));
  });
  return { child, found, exited, output: () => output };
}

describe('left behind', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    it(`the HTTPS simulator removes its CA file on ${signal}`, async () => {
      const started = startUntil(
        ['test/simulator/cli.ts', '--https', '--port', '0', '--projects', '2'],
        /CA certificate: (\S+)/,
      );
      const caFile = await started.found;
      expect(existsSync(caFile)).toBe(true);
      started.child.kill(signal);
      expect(await started.exited).toBe(0);
      expect(existsSync(caFile)).toBe(false);
    });

  it('npm run demo uses a fresh data folder per run and removes it when stopped', async () => {
    const env = { ...process.env, DEMO_PORT: '0', MSTR_CACHE_PASSWORD: '' };
    const first = startUntil(['scripts/demo.mjs'], /Demo data folder: (\S+)/, env);
    const folder = await first.found;
    expect(existsSync(folder)).toBe(true);
    expect(folder).toMatch(/mstr-cache-console-demo-\w+$/);
    // The whole group: the demo, its simulator, and whatever it started meanwhile.
    process.kill(-(first.child.pid as number), 'SIGTERM');
    await first.exited;
    expect(first.output()).toContain(`Removed the demo data folder ${folder}.`);
    expect(existsSync(folder)).toBe(false);
  });
});
