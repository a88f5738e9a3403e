/**
 * One run at a time per environment, for every command that changes a server: while a purge is
 * held in flight on an environment, cache actions, project states, schema updates, cube
 * republishes, event triggers and subscription sends on it are refused (exit 2, nothing sent,
 * the run in progress named) unless --force; at a terminal the refusal comes before the
 * production name is asked, and a forced run asks it after saying what it runs alongside.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { LibrarySimulator } from '../simulator/server.ts';
import { addProfile, cli, CLI_BIN, type Cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

const ONCE = { env: { MSTR_CACHE_PASSWORD: 'admin-pass' } };

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A purge of every project of `name`, held in flight until the returned function is called. */
async function heldPurge(tool: Cli, sim: LibrarySimulator, name: string) {
  const release = sim.hold(/caches\/object/);
  const first = tool.run(['purge', name, '--all', '--type', 'object', '--yes'], ONCE);
  await until(() => sim.callsTo(/caches\/object/).length >= 1);
  return async () => {
    release();
    return first;
  };
}

/** What changes a server, apart from the held purge (logins and reads are not counted). */
function changes(sim: LibrarySimulator): number {
  return (
    sim.callsTo(/^(PATCH|DELETE) /).filter((call) => !call.path.endsWith('/caches/object')).length +
    sim.callsTo(/^POST .*(\/v2\/cubes\/|\/model\/schema\/reload)/).length +
    sim.runbook.performed.length
  );
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line in a pseudo-terminal of its own (util-linux `script`), as an admin types it. */
function inTerminal(tool: Cli, args: string[]) {
  const line = [process.execPath, CLI_BIN, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qefc', line, '/dev/null'], {
    env: { ...process.env, MSTR_CACHE_HOME: tool.home, MSTR_CACHE_KEYCHAIN_SERVICE: tool.service },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return { child, output: () => output, exited };
}

describe('a run against an environment another run is working on', () => {
  it('every command that changes the server is refused, naming the run, with nothing sent', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 2 });
    await addProfile(tool, sim, 'QA', 'test');
    const project = sim.projects[0]?.name as string;
    const finish = await heldPurge(tool, sim, 'QA');
    const commands = [
      ['content-caches', 'invalidate', 'QA', '--yes'],
      ['cube-caches', 'unload', 'QA', '--yes'],
      ['projects', 'idle', 'QA', '--project', project, '--mode', 'request', '--yes'],
      ['projects', 'update-schema', 'QA', '--project', project, '--refresh', '--yes'],
      ['cubes', 'publish', 'QA', '--project', project, '--cube', 'Sales Cube', '--yes'],
      ['events', 'trigger', 'QA', 'Sales_Ready', '--yes'],
      ['subscriptions', 'send', 'QA', '--project', project, '--name', 'Daily Sales', '--yes'],
    ];
    for (const args of commands) {
      const refused = await tool.run(args, ONCE);
      expect([args.slice(0, 2).join(' '), refused.code], refused.stderr).toEqual([args.slice(0, 2).join(' '), 2]);
      expect(refused.stderr).toMatch(/RUN_IN_PROGRESS: Another run is in progress: QA: "purge" \(process \d+ on /);
      expect(refused.stderr).toContain('add --force to run alongside it');
    }
    expect(changes(sim)).toBe(0);
    const forced = await tool.run(
      ['projects', 'idle', 'QA', '--project', project, '--mode', 'request', '--yes', '--force'],
      ONCE,
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('running alongside another run (--force): QA: "purge"');
    expect(sim.callsTo(/^PATCH .*\/monitors\/iServer\/nodes\//).length).toBeGreaterThan(0);
    expect((await finish()).code).toBe(0);
    // Given back at the end of each: the next run goes ahead.
    const after = await tool.run(['events', 'trigger', 'QA', 'Sales_Ready', '--yes'], ONCE);
    expect(after.code, after.stderr).toBe(0);
    expect(sim.runbook.performed.map((call) => call.kind)).toEqual(['trigger']);
  });

  it('at a terminal, is refused before the production name is asked; with --force, asked after the warning', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 2 });
    await addProfile(tool, sim, 'Prod', 'production');
    await tool.run(['login', 'Prod', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    const finish = await heldPurge(tool, sim, 'Prod');
    const refused = inTerminal(tool, ['events', 'trigger', 'Prod', 'Sales_Ready']);
    expect(await refused.exited).toBe(2);
    expect(refused.output()).toContain('RUN_IN_PROGRESS: Another run is in progress: Prod: "purge"');
    expect(refused.output()).not.toContain('Type its name');
    const forced = inTerminal(tool, ['events', 'trigger', 'Prod', 'Sales_Ready', '--force']);
    await until(() => forced.output().includes('Type its name to confirm: '));
    const said = forced.output();
    expect(said.indexOf('running alongside another run (--force): Prod: "purge"')).toBeGreaterThan(-1);
    expect(said.indexOf('running alongside')).toBeLessThan(said.indexOf('Type its name'));
    expect(sim.runbook.performed).toHaveLength(0);
    forced.child.stdin?.write('Prod\r');
    expect(await forced.exited).toBe(0);
    expect(sim.runbook.performed.map((call) => call.kind)).toEqual(['trigger']);
    expect((await finish()).code).toBe(0);
  });
});
