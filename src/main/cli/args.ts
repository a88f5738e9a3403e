/**
 * Argument parsing shared by the commands: strict options (unknown ones are usage errors), whole
 * numbers, and paths resolved against the folder the user ran the command from.
 */
import { isAbsolute, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AppError } from '../../shared/errors.ts';
import { PROGRAM } from './context.ts';
import type { CliIo } from './io.ts';

export type Values = Record<string, string | boolean | string[] | undefined>;

export function usage(message: string): AppError {
  return new AppError('VALIDATION', message);
}

/** The command line of this run (the command and what follows), for corrected commands in errors. */
let invocation: readonly string[] = [];
/** Set when words followed an option's value: a name with spaces typed without quotes. */
let quoteHint: string | null = null;

export function rememberInvocation(argv: readonly string[]): void {
  invocation = argv;
  quoteHint = null;
}

/** "Names with spaces need quotes: …" with the corrected command, when words followed an option's value. */
export function namesNeedQuotes(): string | null {
  return quoteHint;
}

function quoteWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, '\\$1')}"`;
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/** The arguments with each run of words after an option's value joined into that value; null when there is none. */
function corrected(args: readonly string[], tokens: readonly Token[]): string[] | null {
  const words = args.map((word) => [word]);
  let joinTo: number | null = null;
  let changed = false;
  for (const token of tokens) {
    if (token.kind === 'option') joinTo = token.value !== undefined && !token.inlineValue ? token.index + 1 : null;
    else if (token.kind === 'positional' && joinTo !== null) {
      (words[joinTo] as string[]).push(token.value);
      words[token.index] = [];
      changed = true;
    } else joinTo = null;
  }
  return changed ? words.filter((group) => group.length > 0).map((group) => group.join(' ')) : null;
}

export function parse(args: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args,
      options: { json: { type: 'boolean' }, ...options },
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
    const fixed = corrected(args, parsed.tokens);
    if (fixed) {
      const prefix = invocation.slice(0, Math.max(0, invocation.length - args.length));
      quoteHint = `Names with spaces need quotes: ${PROGRAM} ${[...prefix, ...fixed].map(quoteWord).join(' ')}`;
    }
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    throw usage((error as Error).message.split('\n')[0] ?? 'Bad arguments.');
  }
}

export function exactly(positionals: string[], count: number, what: string): string[] {
  if (positionals.length !== count) throw usage(`Expected ${what}.${quoteHint ? ` ${quoteHint}` : ''}`);
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
