/**
 * Runs an admin can trust: no false failure while the shared re-login is in flight (made
 * deterministic by a slow login), a timed-out purge reported as "outcome unknown" and never as
 * failed, the requests each item took and why, and cancelled items kept in the history and retried
 * within the same run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { RunRegistry } from '../../src/main/purge/run-registry.ts';
import type { PurgeEvent } from '../../src/main/purge/purge-engine.ts';
import type { PurgeOutcome } from '../../src/shared/model.ts';
import { addProfile, cli } from './cli-helpers.ts';
import { profileFor, services } from './engine-helpers.ts';
import { simulator } from './helpers.ts';

describe('runs an admin can trust', () => {
  it('never fails a call that starts while the re-login is in flight: 80 purges, 8 at a time, session expiring mid-run', async () => {
    const sim = await simulator({ projects: 40, latencyMs: 5 });
    const all = services();
    const profile = await profileFor(all, sim, { concurrency: 8 });
    // The session ends at the 10th purge; the login that follows takes 400 ms, during which every
    // lane finishes its call and starts new ones.
    let purges = 0;
    sim.inject({ kind: 'delay', ms: 400, match: /auth\/login/ });
    const plan = await all.engine.prepare({
      environments: [profile.id],
      projects: { all: true },
      cacheTypes: ['object', 'element'],
    });
    const run = all.engine.start(plan, (event) => {
      if (event.type === 'item' && event.item.status === 'running' && ++purges === 10) sim.expireAllSessions();
    });
    const outcome = await run.done;
    expect(outcome.summary).toMatchObject({ total: 80, succeeded: 80, failed: 0, unknown: 0 });
    expect(outcome.items.filter((item) => item.error)).toEqual([]);
    expect(sim.purges).toHaveLength(80);
    expect(sim.callsTo(/auth\/login/)).toHaveLength(2);
    const relogged = outcome.items.filter((item) => item.retries.includes('session expired: logged in again'));
    expect(relogged.length).toBeGreaterThan(0);
    expect(relogged.every((item) => item.attempts === 2)).toBe(true);
  });

  it('the command line has no such race either', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 30, latencyMs: 20 });
    await addProfile(tool, sim, 'QA');
    await tool.run(['profiles', 'edit', 'QA', '--concurrency', '8']);
    await tool.run(['login', 'QA', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    // The 10th purge finds the session over; the login that follows is slow.
    sim.inject({ kind: 'delay', ms: 0, times: 9, match: /caches/ });
    sim.inject({ kind: 'expire-session', match: /caches/ });
    sim.inject({ kind: 'delay', ms: 400, match: /auth\/login/ });
    const result = await tool.json<{ summary: Record<string, number> }>(['purge', 'QA', '--all', '--type', 'both']);
    expect(result.code).toBe(0);
    expect(result.body.summary).toMatchObject({ succeeded: 60, failed: 0 });
    expect(sim.purges).toHaveLength(60);
  });

  it('reports a timed-out purge as "outcome unknown", never as failed, in results, history, CSV, --json and the exit code', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 3 });
    await addProfile(tool, sim, 'QA');
    await tool.run(['profiles', 'edit', 'QA', '--timeout', '1']);
    await tool.run(['login', 'QA', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    // The server answers this one after the client gave up, and does it anyway.
    sim.inject({ kind: 'delay', ms: 1500, match: new RegExp(`${sim.projects[1]!.id}/caches/object`) });
    const result = await tool.json<{
      ok: boolean;
      exitCode: number;
      summary: Record<string, number>;
      items: { projectName: string; status: string; error: { code: string; message: string } | null }[];
    }>(['purge', 'QA', '--all', '--type', 'object']);
    expect(result.code).toBe(4);
    expect(result.body).toMatchObject({ ok: false, exitCode: 4, summary: { succeeded: 2, failed: 0, unknown: 1 } });
    const unknown = result.body.items.find((item) => item.status === 'unknown');
    expect(unknown?.error?.code).toBe('TIMEOUT');
    expect(unknown?.error?.message).toContain('repeating a purge is harmless');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(sim.purges).toHaveLength(3);

    const text = await tool.run(['history']);
    expect(text.stdout).toMatch(/\tobject\tunknown TIMEOUT/);
    const history = await tool.json<{ entries: { outcome: string }[] }>(['history', '--outcome', 'unknown']);
    expect(history.body.entries).toHaveLength(1);
    expect((await tool.json<{ entries: unknown[] }>(['history', '--outcome', 'failed'])).body.entries).toHaveLength(0);
    const csvFile = join(tool.home, 'h.csv');
    await tool.run(['history', '--csv', csvFile]);
    const rows = parseCsv(readFileSync(csvFile, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.outcome).sort()).toEqual(['succeeded', 'succeeded', 'unknown']);
  });

  it('carries the requests an item took and why: an HTML 502, then an expired session, then 204', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 2 });
    await addProfile(tool, sim, 'QA');
    await tool.run(['login', 'QA', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    const target = new RegExp(`${sim.projects[0]!.id}/caches/element`);
    sim.inject({ kind: 'html', match: target });
    sim.inject({ kind: 'expire-session', match: target });
    const result = await tool.json<{
      durationMs: number;
      items: { projectName: string; cacheType: string; status: string; attempts: number; retries: string[] }[];
    }>(['purge', 'QA', '--project', sim.projects[0]!.name, '--type', 'element']);
    expect(result.code).toBe(0);
    expect(result.body.items[0]).toMatchObject({
      status: 'succeeded',
      attempts: 3,
      retries: ['HTTP 502', 'session expired: logged in again'],
    });
    expect(result.body.durationMs).toBeGreaterThan(0);
    const text = await tool.run(['purge', 'QA', '--project', sim.projects[1]!.name, '--type', 'object']);
    expect(text.stdout).toMatch(
      /Purge requested: 1 succeeded, 0 failed, 0 outcome unknown, 0 cancelled, 0 skipped in (\d+ ms|\d+(\.\d)? s)\./,
    );
    const history = await tool.json<{ entries: { attempts: number; retries: string[] }[] }>(['history']);
    expect(history.body.entries.at(-1)).toMatchObject({
      attempts: 3,
      retries: ['HTTP 502', 'session expired: logged in again'],
    });
    expect((await tool.run(['history'])).stdout).toContain(
      'after 3 requests (HTTP 502, session expired: logged in again)',
    );
    const csvFile = join(tool.home, 'h.csv');
    await tool.run(['history', '--csv', csvFile]);
    const rows = parseCsv(readFileSync(csvFile, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.find((row) => row.attempts === '3')?.retries).toBe('HTTP 502; session expired: logged in again');
  });

  it('keeps cancelled items in the history, retries them with the failed ones, and reports the run as one record', async () => {
    const sim = await simulator({ projects: 6, latencyMs: 30 });
    const all = services();
    const profile = await profileFor(all, sim, { concurrency: 1 });
    const runs = new RunRegistry(all.engine);
    sim.inject({ kind: 'status', status: 500, times: 3, match: new RegExp(`${sim.projects[0]!.id}/caches/object`) });
    const plan = runs.add(
      await all.engine.prepare({ environments: [profile.id], projects: { all: true }, cacheTypes: ['object'] }),
    );
    const finished = (planId: string): Promise<PurgeOutcome> =>
      new Promise((resolve) => {
        let seen = 0;
        runs.start(planId, (event: PurgeEvent) => {
          if (event.type === 'item' && event.item.status !== 'running' && ++seen === 2) runs.cancel(planId);
          if (event.type === 'finished') resolve(event.outcome);
        });
      });
    const first = await finished(plan.id);
    expect(first.summary).toMatchObject({ total: 6, succeeded: 1, failed: 1, cancelled: 4 });
    const cancelledInHistory = await all.history.list({ outcome: 'cancelled' });
    expect(cancelledInHistory).toHaveLength(4);
    expect(cancelledInHistory.every((entry) => entry.runId === plan.id && entry.attempts === 0)).toBe(true);

    const retry = runs.retry(plan.id);
    expect(retry.items).toHaveLength(5);
    expect(retry.runId).toBe(plan.id);
    const whole = await new Promise<PurgeOutcome>((resolve) =>
      runs.start(retry.id, (event) => event.type === 'finished' && resolve(event.outcome)),
    );
    expect(whole.runId).toBe(plan.id);
    expect(whole.items).toHaveLength(6);
    expect(whole.summary).toMatchObject({ total: 6, succeeded: 6, failed: 0, cancelled: 0 });
    expect(runs.outcome(retry.id)?.items.map((item) => item.status)).toEqual(Array(6).fill('succeeded'));
    expect(whole.durationMs).toBeGreaterThanOrEqual(first.durationMs);
    expect(new Set((await all.history.list()).map((entry) => entry.runId))).toEqual(new Set([plan.id]));
  });
});

describe('a run killed in the middle', () => {
  it('keeps in the history every purge that had come back before the kill', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI_BIN } = await import('./cli-helpers.ts');
    const tool = cli();
    const sim = await simulator({ projects: 60, latencyMs: 30 });
    await addProfile(tool, sim, 'QA');
    await tool.run(['login', 'QA', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    const child = spawn(process.execPath, [CLI_BIN, 'purge', 'QA', '--all', '--type', 'both', '--json'], {
      env: {
        ...process.env,
        MSTR_CACHE_HOME: tool.home,
        MSTR_CACHE_KEYCHAIN_SERVICE: tool.service,
        MSTR_CACHE_PASSWORD: '',
      },
      stdio: 'ignore',
    });
    // Killed without warning once the server has done about a third of the run.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (sim.purges.length >= 40) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const done = sim.purges.length;
    const lines = readFileSync(join(tool.home, 'history.jsonl'), 'utf8').split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    // Only the calls in flight at the kill (at most the concurrency, 4) can be missing.
    expect(lines.length).toBeGreaterThanOrEqual(done - 4);
    expect(lines.length).toBeLessThanOrEqual(done);
  });
});
