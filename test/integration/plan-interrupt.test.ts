/**
 * A plan run keeps its record whatever stops it: Ctrl-C typed in a real pseudo-terminal (util-linux
 * `script`), SIGTERM from a scheduler, a second Ctrl-C; one plan run is one run in the history; a
 * second run against the same environment is told which run holds it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/shared/model.ts';
import type { LibrarySimulator } from '../simulator/server.ts';
import { addProfile, cli, CLI_BIN, type Cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

const TWO_STEPS = 'PURGE OBJECT CACHING IN ALL PROJECTS;\nPURGE ELEMENT CACHING IN ALL PROJECTS;\n';

async function twoStepPreset(projects: number): Promise<{ tool: Cli; sim: LibrarySimulator }> {
  const tool = cli();
  const sim = await simulator({ projects, latencyMs: 150 });
  await addProfile(tool, sim, 'QA');
  await tool.run(['profiles', 'edit', 'QA', '--concurrency', '2']);
  await tool.run(['login', 'QA', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
  const script = join(mkdtempSync(join(tmpdir(), 'mstr-scp-')), 'big.scp');
  writeFileSync(script, TWO_STEPS);
  const imported = await tool.run(['preset', 'import-script', script, '--profile', 'QA', '--name', 'big']);
  expect(imported.code, imported.stderr).toBe(0);
  return { tool, sim };
}

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number>;
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line in a pseudo-terminal of its own, as an admin's terminal runs it. */
function inTerminal(tool: Cli, args: string[]): Running {
  const line = [process.execPath, CLI_BIN, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qefc', line, '/dev/null'], {
    env: {
      ...process.env,
      MSTR_CACHE_HOME: tool.home,
      MSTR_CACHE_KEYCHAIN_SERVICE: tool.service,
      MSTR_CACHE_PASSWORD: '',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return { child, output: () => output, exited };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function history(tool: Cli): Promise<HistoryEntry[]> {
  const result = await tool.json<{ entries: HistoryEntry[] }>(['history']);
  return result.body.entries;
}

describe('a plan run stopped part way', () => {
  it('a first Ctrl-C at a terminal lets the calls in flight end, records every item, skips the steps not started, prints counts and exits 130', async () => {
    const { tool, sim } = await twoStepPreset(40);
    const run = inTerminal(tool, ['preset', 'run', 'big', '--yes']);
    await until(() => sim.purges.length >= 4);
    run.child.stdin?.write('\x03');
    const code = await run.exited;
    expect(code, run.output()).toBe(130);
    expect(run.output()).toContain('Ctrl-C: stopping');
    expect(run.output()).toMatch(/step 1\/2 .*: CANCELLED - QA: \d+ succeeded, 0 failed, 0 unknown, \d+ cancelled/);
    expect(run.output()).toMatch(/0 of 2 steps succeeded, 1 skipped/);
    // Counts, not one line per cancelled item.
    expect(run.output()).not.toMatch(/CANCELLED \S+ object/);
    const entries = await history(tool);
    expect(entries).toHaveLength(40);
    expect(entries.filter((entry) => entry.outcome === 'succeeded')).toHaveLength(sim.purges.length);
    expect(entries.filter((entry) => entry.outcome === 'cancelled').length).toBeGreaterThan(0);
    expect(new Set(entries.map((entry) => entry.runId)).size).toBe(1);
    expect(entries.every((entry) => entry.step?.startsWith('1/2') && entry.scheduled === false)).toBe(true);
    expect(sim.purges.every((purge) => purge.cacheType === 'object')).toBe(true);
    // The CSV shows the plan run together, and says "false" rather than nothing for a run by hand.
    const csv = join(tool.home, 'history.csv');
    expect((await tool.run(['history', '--csv', csv])).code).toBe(0);
    const rows = parseCsv(readFileSync(csv, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((row) => `${row.runId}|${row.scheduled}`))).toEqual(
      new Set([`${entries[0]?.runId}|false`]),
    );
  });

  it('SIGTERM (a scheduler stopping the job) does the same, and --json keeps every item of the cancelled step', async () => {
    const { tool, sim } = await twoStepPreset(30);
    const child = spawn(process.execPath, [CLI_BIN, 'preset', 'run', 'big', '--yes', '--json'], {
      env: {
        ...process.env,
        MSTR_CACHE_HOME: tool.home,
        MSTR_CACHE_KEYCHAIN_SERVICE: tool.service,
        MSTR_CACHE_PASSWORD: '',
      },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    await until(() => sim.purges.length >= 3);
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
    const body = JSON.parse(stdout) as {
      exitCode: number;
      runId: string;
      cancelled: boolean;
      steps: { status: string; environments: { runItems: { status: string }[] }[] }[];
    };
    expect(body).toMatchObject({ exitCode: 130, cancelled: true });
    expect(body.steps.map((step) => step.status)).toEqual(['cancelled', 'skipped']);
    expect(body.steps[0]?.environments[0]?.runItems).toHaveLength(30);
    const entries = await history(tool);
    expect(entries).toHaveLength(30);
    expect(entries.every((entry) => entry.runId === body.runId)).toBe(true);
  });

  it('a second Ctrl-C exits at once and says what the history may lack', async () => {
    const { tool, sim } = await twoStepPreset(20);
    const release = sim.hold(/caches\/object/);
    const run = inTerminal(tool, ['preset', 'run', 'big', '--yes']);
    await until(() => sim.callsTo(/caches\/object/).length >= 2);
    run.child.stdin?.write('\x03');
    await until(() => run.output().includes('Ctrl-C: stopping'));
    run.child.stdin?.write('\x03');
    expect(await run.exited).toBe(130);
    expect(run.output()).toContain('Ctrl-C again: exiting at once.');
    // 20 projects, 2 at a time: the two held calls are in flight, the other 18 never sent.
    expect(run.output()).toContain(
      'Step 1 of 2 was running (items in flight: 2; not sent: 18): the history may lack them, ' +
        'and the steps after it are not recorded as skipped.',
    );
    release();
  });
});

describe('a purge stopped part way', () => {
  it('a second Ctrl-C exits at once and counts the calls in flight and those not sent', async () => {
    const { tool, sim } = await twoStepPreset(20);
    const release = sim.hold(/caches\/object/);
    const run = inTerminal(tool, ['purge', 'QA', '--all', '--type', 'object', '--yes']);
    await until(() => sim.callsTo(/caches\/object/).length >= 2);
    run.child.stdin?.write('\x03');
    await until(() => run.output().includes('Ctrl-C: stopping'));
    run.child.stdin?.write('\x03');
    expect(await run.exited).toBe(130);
    expect(run.output()).toContain('Ctrl-C again: exiting at once.');
    // Two at a time (the profile's concurrency): two held in flight, the other 18 never sent.
    expect(run.output()).toMatch(
      /\b2 purge call\S* \S+ in flight and 18 not sent: the history may lack them \(run \S+\)/,
    );
    release();
  });
});

describe('two runs against one environment', () => {
  it('the second is told which run holds it, runs only with --force, and a scheduled one refuses', async () => {
    const { tool, sim } = await twoStepPreset(6);
    // The first run is held in flight until the checks are done, however slow the machine.
    const release = sim.hold(/caches\/object/);
    const first = tool.run(['preset', 'run', 'big', '--yes']);
    await until(() => sim.callsTo(/caches\/object/).length >= 1);
    const second = await tool.run(['purge', 'QA', '--all', '--type', 'element', '--yes']);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      /RUN_IN_PROGRESS: Another run is in progress: QA: "preset run big" \(process \d+ on /,
    );
    expect(second.stderr).toContain('add --force to run alongside it');
    const scheduled = await tool.run(['preset', 'run', 'big', '--scheduled', '--yes', '--force']);
    expect(scheduled.code).toBe(2);
    expect(scheduled.stderr).toContain('A scheduled run does not run alongside another; nothing was sent.');
    const forced = await tool.run(['purge', 'QA', '--all', '--type', 'element', '--yes', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('running alongside another run (--force): QA: "preset run big"');
    release();
    expect((await first).code).toBe(0);
    // Given back at the end: the next run goes ahead.
    expect((await tool.run(['purge', 'QA', '--all', '--type', 'object', '--yes'])).code).toBe(0);
  });

  it('a lock left by a process that is gone (killed) is stale and taken over', async () => {
    const { tool, sim } = await twoStepPreset(4);
    const release = sim.hold(/caches\/object/);
    const child = spawn(process.execPath, [CLI_BIN, 'preset', 'run', 'big', '--yes'], {
      env: {
        ...process.env,
        MSTR_CACHE_HOME: tool.home,
        MSTR_CACHE_KEYCHAIN_SERVICE: tool.service,
        MSTR_CACHE_PASSWORD: '',
      },
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    await until(() => sim.callsTo(/caches\/object/).length >= 1);
    child.kill('SIGKILL');
    await exited;
    release();
    const next = await tool.run(['purge', 'QA', '--all', '--type', 'element', '--yes']);
    expect(next.code, next.stderr).toBe(0);
  });
});
