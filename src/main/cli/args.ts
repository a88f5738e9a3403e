/**
 * Argument parsing shared by the commands: strict options (unknown ones are usage errors), whole
 * numbers, and paths resolved against the folder the user ran the command from.
 */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../../shared/errors.ts';
import type { CliIo } from './io.ts';

export type Values = Record<string, string | boolean | string[] | undefined>;

export function usage(message: string): AppError {
  return new AppError('VALIDATION', message);
}

export function parse(args: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args,
      options: { json: { type: 'boolean' }, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    throw usage((error as Error).message.split('\n')[0] ?? 'Bad arguments.');
  }
}

export function exactly(positionals: string[], count: number, what: string): string[] {
  if (positionals.length !== count) throw usage(`Expected ${what}.`);
  return positionals;
}

export function integer(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value)) throw usage(`${option} takes a whole number.`);
  return value;
}

/**
 * The folder the user typed the command in. `npm run cli` runs from the package folder and says
 * where the user was in INIT_CWD, so `npm run cli -- history --csv out.csv` writes beside the user.
 * Only that script's own run is trusted: an npm variable inherited from elsewhere is not.
 */
export function userFolder(io: CliIo): string {
  return io.env.npm_lifecycle_event === 'cli' && io.env.INIT_CWD ? io.env.INIT_CWD : io.cwd;
}

export function userPath(io: CliIo, path: string): string {
  return isAbsolute(path) ? path : resolve(userFolder(io), path);
}
