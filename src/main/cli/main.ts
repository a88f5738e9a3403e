/**
 * The command line's start under Node, shared by the source entry (bin.ts) and the built one
 * (out/cli/main.cjs, which the launcher in bin/ prefers): the version, the process's terminal, and
 * how a scheduled job starts this same command again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { useUndiciFetchClasses } from '../mstr/fetch-classes-choice.ts';
import { processIo } from './io.ts';
import { runCli } from './run.ts';

/** package.json is two folders up from out/cli and three from src/main/cli. */
function appVersion(): string {
  const candidates = ['../../package.json', '../../../package.json'].map((path) => new URL(path, import.meta.url));
  const found = candidates.find((url) => existsSync(url));
  if (!found) return 'unknown';
  return (JSON.parse(readFileSync(found, 'utf8')) as { version: string }).version;
}

/** Runs the command in process.argv; `entry` is the file a scheduled job runs (with this same Node). */
export async function main(entry: string): Promise<void> {
  // This process is the command line's own: its requests are built from undici's fetch classes.
  useUndiciFetchClasses();
  process.exitCode = await runCli(process.argv.slice(2), processIo(), appVersion(), {
    cliInvocation: [process.execPath, entry],
  });
}
