/** Data files as an admin edits them by hand, and a command line that may not write its data folder. */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_BIN, runProgram, type Cli, type CliResult } from './cli-helpers.ts';

export function readData(tool: Cli, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(tool.home, file), 'utf8')) as Record<string, unknown>;
}

export function writeData(tool: Cli, file: string, value: unknown, prefix = ''): void {
  writeFileSync(join(tool.home, file), `${prefix}${JSON.stringify(value, null, 2)}\n`);
}

export async function addPlainProfile(tool: Cli, name: string): Promise<void> {
  const url = `https://${name.toLowerCase()}.example.com/MicroStrategyLibrary`;
  const result = await tool.run(['profiles', 'add', '--name', name, '--url', url, '--tier', 'dev', '--user', 'u']);
  if (result.code !== 0) throw new Error(result.stderr);
}

/** Root may write anywhere: as root, the command runs without the capabilities that allow that. */
const WITHOUT_OVERRIDE = ['--bounding-set=-all', '--inh-caps=-all'];

/**
 * Runs the command line on the tool's data folder made read-only (mode 0555), as a process the
 * folder really refuses; null (with the reason) where this machine has no honest way to do that.
 */
export function readOnlyRunner(tool: Cli): { run: (args: string[]) => Promise<CliResult> } | { skip: string } {
  chmodSync(tool.home, 0o555);
  const asRoot = process.getuid?.() === 0;
  const probe = asRoot
    ? spawnSync('setpriv', [
        ...WITHOUT_OVERRIDE,
        process.execPath,
        '-e',
        `try { require('node:fs').writeFileSync(${JSON.stringify(join(tool.home, 'probe'))}, ''); } catch { process.exit(7); }`,
      ])
    : spawnSync(process.execPath, ['-e', 'process.exit(7)']);
  if (probe.status !== 7)
    return { skip: 'as root, setpriv could not start a process without the capability to write anywhere' };
  return {
    run: (args) => {
      const env = { ...process.env, MSTR_CACHE_HOME: tool.home, MSTR_CACHE_KEYCHAIN_SERVICE: tool.service };
      return asRoot
        ? runProgram('setpriv', [...WITHOUT_OVERRIDE, process.execPath, CLI_BIN, ...args], { env })
        : runProgram(process.execPath, [CLI_BIN, ...args], { env });
    },
  };
}
