/** The command line as a user runs it: a child process on its own data folder and keychain service. */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import type { LibrarySimulator } from '../simulator/server.ts';
import { privateKeyringStore } from './keyring.ts';

export interface RunOptions {
  stdin?: string;
  env?: NodeJS.ProcessEnv;
  /** The folder the command is run from. */
  cwd?: string;
  /** Replaces the whole environment (a scheduler's bare one) instead of adding to it. */
  bareEnv?: NodeJS.ProcessEnv;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Cli {
  run: (args: string[], options?: RunOptions) => Promise<CliResult>;
  json: <T = Record<string, unknown>>(args: string[], options?: RunOptions) => Promise<{ code: number; body: T }>;
  home: string;
  service: string;
}

export const REPO = resolve(import.meta.dirname, '../..');
/** The sources, or the built command line where `npm run test:built-cli` points these tests at it. */
export const CLI_BIN = process.env.MSTR_TEST_CLI_ENTRY ?? join(REPO, 'src/main/cli/bin.ts');

/** Runs a program to its end, collecting its output. */
export function runProgram(
  program: string,
  args: string[],
  options: RunOptions & { env: NodeJS.ProcessEnv },
): Promise<CliResult> {
  return new Promise((done) => {
    const child = spawn(program, args, {
      env: options.bareEnv ?? options.env,
      cwd: options.cwd ?? REPO,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.end(options.stdin ?? '');
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * The command line on a throwaway data folder and keychain service, inside the private keyring;
 * from source unless `entry` names another start (a built one).
 */
export function cli(entry = CLI_BIN): Cli {
  privateKeyringStore();
  const home = mkdtempSync(join(tmpdir(), 'mstr-cli-'));
  const service = `MSTR Cache Console cli test ${randomUUID()}`;
  const run: Cli['run'] = (args, options = {}) =>
    runProgram(process.execPath, [entry, ...args], {
      ...options,
      env: {
        ...process.env,
        MSTR_CACHE_HOME: home,
        MSTR_CACHE_KEYCHAIN_SERVICE: service,
        MSTR_CACHE_PASSWORD: '',
        ...options.env,
      },
    });
  const json: Cli['json'] = async (args, options) => {
    const result = await run([...args, '--json'], options);
    try {
      return { code: result.code, body: JSON.parse(result.stdout) };
    } catch {
      throw new Error(`not JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
    }
  };
  return { run, json, home, service };
}

export async function addProfile(
  tool: Cli,
  sim: LibrarySimulator,
  name: string,
  tier = 'test',
  user = 'administrator',
): Promise<void> {
  const tls = sim.caFile ? ['--ca-file', sim.caFile] : [];
  const result = await tool.run([
    'profiles',
    'add',
    '--name',
    name,
    '--url',
    `${sim.url}/api/`,
    '--tier',
    tier,
    '--user',
    user,
    ...tls,
  ]);
  expect(result.code, result.stderr).toBe(0);
}
