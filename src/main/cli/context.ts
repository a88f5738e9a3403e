/**
 * What every command receives (the terminal, the services, the output mode) and the shared way a
 * command ends: exit codes, one JSON document with --json, and one error line otherwise.
 */
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { toErrorInfo, type ErrorCode } from '../../shared/errors.ts';
import type { Services } from '../services.ts';
import type { OpenedSession } from '../use-cases/environments.ts';
import type { CliIo } from './io.ts';
import { writeJsonDocument } from './json-stream.ts';
import { safeText } from './terminal-text.ts';
import { nameProblem, type NameKind } from '../../shared/name-rules.ts';

/**
 * 0 all succeeded, 1 some items failed (or were cancelled, or an environment was not reached),
 * 2 bad usage or refused, 3 connection or login failure, 4 none failed but some timed out: the
 * server may have done them (repeating is harmless), 130 stopped by Ctrl-C or SIGTERM (what was
 * done is recorded and summed up).
 */
export const EXIT = { ok: 0, someFailed: 1, usage: 2, connection: 3, unknown: 4, interrupted: 130 } as const;

/**
 * The program's name as the user runs it, for the commands hints print: the installed command, or
 * from a checkout where it is not on PATH, `npx mstr-cache-console` (`npm run cli --` under that script).
 */
export const PROGRAM = programAsRun();

function programAsRun(env: NodeJS.ProcessEnv = process.env): string {
  if (env.npm_lifecycle_event === 'cli') return 'npm run cli --';
  const entry = process.argv[1];
  if (!entry) return 'mstr-cache-console';
  const real = (path: string): string | null => {
    try {
      return realpathSync(path);
    } catch {
      return null;
    }
  };
  // bin/, out/cli/ or src/main/cli/ of a checkout.
  const start = dirname(real(entry) ?? entry);
  const root = ['..', '../..', '../../..']
    .map((up) => resolve(start, up))
    .find((folder) => existsSync(join(folder, 'src', 'main', 'cli', 'main.ts')));
  if (!root) return 'mstr-cache-console';
  const launcher = real(join(root, 'bin', 'mstr-cache-console.mjs'));
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .some((folder) => folder !== '' && real(join(folder, 'mstr-cache-console')) === launcher);
  return onPath ? 'mstr-cache-console' : 'npx mstr-cache-console';
}

const USAGE_CODES: ErrorCode[] = [
  'VALIDATION',
  'BAD_URL',
  'PROFILE_NOT_FOUND',
  'PROFILE_NAME_TAKEN',
  'PRESET_NOT_FOUND',
  'PRESET_NAME_TAKEN',
  'INVALID_NAME',
  'SCHEDULE_NOT_FOUND',
  'SCHEDULER_UNAVAILABLE',
  'CONFIRMATION_REQUIRED',
  'RUN_IN_PROGRESS',
  'CREDENTIAL_COMMAND_UNCONFIRMED',
  'FILE_ERROR',
  'DATA_FILE_DAMAGED',
  'DATA_FILE_NEWER',
  'PROFILES_CORRUPT',
];

export interface Context {
  io: CliIo;
  services: Services;
  json: boolean;
  version: string;
  /**
   * Sessions this run logged in to with a password it was handed (stdin, MSTR_CACHE_PASSWORD): they
   * are logged out at the end, so scheduled runs leave no session behind. `login` keeps its own.
   */
  openedHere: Set<OpenedSession>;
}

export function printJson(context: Context, value: unknown): void {
  context.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** The same text as printJson, its long top-level lists written a batch of rows at a time. */
export function printJsonDocument(context: Context, document: Record<string, unknown>): void {
  writeJsonDocument(context.io.stdout, document);
}

/** One line of plain output; server-supplied text in it cannot move the cursor or forge lines. */
export function printLine(context: Context, ...cells: (string | number | null | undefined)[]): void {
  context.io.stdout(`${cells.map((cell) => safeText(String(cell ?? ''))).join('\t')}\n`);
}

export function warn(context: Context, message: string): void {
  context.io.stderr(`warning: ${safeText(message)}\n`);
}

/** Says on stderr why an existing name breaks the name rule and how to rename it. */
export function warnAboutName(context: Context, kind: NameKind, name: string, howToRename: string): void {
  const problem = nameProblem(name);
  if (problem !== null)
    warn(context, `the ${kind} name "${name}" needs renaming: ${problem}. Rename it with: ${howToRename}`);
}

export function exitCodeFor(code: ErrorCode): number {
  return USAGE_CODES.includes(code) ? EXIT.usage : EXIT.connection;
}

export function reportError(context: Context, error: unknown): number {
  const info = toErrorInfo(error);
  const exitCode = exitCodeFor(info.code);
  if (context.json) {
    printJson(context, { ok: false, exitCode, error: info });
  } else {
    const facts = [
      info.httpStatus ? `HTTP ${info.httpStatus}` : null,
      info.mstrCode,
      info.ticketId ? `ticketId ${info.ticketId}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    context.io.stderr(`error ${info.code}: ${safeText(info.message)}${facts ? ` (${safeText(facts)})` : ''}\n`);
  }
  return exitCode;
}
