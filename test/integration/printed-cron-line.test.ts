/**
 * The scheduled command works as printed: the line `preset command` prints, pasted into a crontab,
 * runs under a scheduler's bare environment (here `env -i`, nothing installed, no PATH, no D-Bus)
 * with a credential-command profile, and purges.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addProfile, cli, runProgram } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

describe('the printed scheduled command', () => {
  it('runs as printed under env -i, with a credential command, and purges', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 3 });
    await addProfile(tool, sim, 'Nightly QA');
    const vault = mkdtempSync(join(tmpdir(), 'mstr-vault-'));
    const program = join(vault, 'print-secret.mjs');
    writeFileSync(program, "process.stdout.write('admin-pass\\n');\n");
    const edited = await tool.run([
      'profiles',
      'edit',
      'Nightly QA',
      '--password-command',
      `'${process.execPath}' '${program}'`,
    ]);
    expect(edited.code, edited.stderr).toBe(0);
    expect((await tool.run(['preset', 'save', 'nightly', 'Nightly QA', '--all', '--type', 'object'])).code).toBe(0);
    const printed = await tool.run(['preset', 'command', 'nightly']);
    expect(printed.code).toBe(0);
    const line = printed.stdout.split('\n').find((candidate) => candidate.startsWith('0 2 ')) ?? '';
    // The absolute program, the data folder and HOME, never a bare name looked up on PATH.
    expect(line).toMatch(/^0 2 \* \* \* /);
    expect(line).toContain(tool.home);
    expect(line).toContain(process.execPath);
    const command = line.replace(/^(\S+\s+){5}/, '');
    const result = await runProgram('env', ['-i', '/bin/sh', '-c', command], { env: {} });
    expect(result.code, `${command}\n${result.stderr}`).toBe(0);
    expect(sim.purges).toHaveLength(3);
    const home = /HOME=('?)([^';]+)\1; export HOME/.exec(command)?.[2] ?? process.env.HOME ?? '';
    const logName = /"\$HOME\/([\w-]+\.log)"/.exec(command)?.[1] ?? '';
    const log = readFileSync(join(home, logName), 'utf8');
    expect(JSON.parse(log)).toMatchObject({ ok: true, summary: { succeeded: 3 } });
    // A pasted line is a scheduled run: the history says so of every line it wrote.
    const history = await tool.run(['history', '--json']);
    const lines = (JSON.parse(history.stdout) as { entries: { scheduled: boolean }[] }).entries;
    expect(lines).toHaveLength(3);
    expect(lines.every((entry) => entry.scheduled)).toBe(true);
  });
});
