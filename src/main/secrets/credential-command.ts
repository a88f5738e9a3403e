/**
 * A profile's credential command: a program (a vault CLI, `pass`, `secret-tool lookup`) that prints
 * the password or API token when one is needed. It runs without a shell (its words are passed as
 * they are), its first line of output is the secret, it has 30 seconds, and when it fails the error
 * carries its own message. The secret is never written anywhere; the caller keeps it in memory.
 */
import type { ExecFileException } from 'node:child_process';
import { commandText } from '../../shared/command-words.ts';
import { AppError } from '../../shared/errors.ts';

export const CREDENTIAL_COMMAND_TIMEOUT_MS = 30_000;

function lastWords(text: string): string {
  const trimmed = text.trim().split(/\r?\n/).slice(-3).join(' / ');
  return trimmed.length > 400 ? `${trimmed.slice(0, 400)}…` : trimmed;
}

function failure(argv: readonly string[], profileName: string, why: string): AppError {
  return new AppError(
    'CREDENTIAL_COMMAND_FAILED',
    `The credential command of ${profileName} (${commandText(argv)}) ${why}`,
    { details: { profile: profileName } },
  );
}

function why(error: ExecFileException, stderr: string, timeoutMs: number): string {
  if (error.code === 'ENOENT')
    return `could not be started: ${String((error as NodeJS.ErrnoException).path ?? 'the program')} was not found.`;
  if (error.code === 'EACCES') return 'could not be started: permission denied.';
  if (error.killed) return `did not finish within ${timeoutMs / 1000} s and was stopped.`;
  const said = lastWords(stderr);
  return `exited with code ${String(error.code ?? 'unknown')}${said ? `: ${said}` : ' and said nothing on standard error.'}`;
}

/** Runs the command and answers the first line it printed. */
export function runCredentialCommand(
  argv: readonly string[],
  profileName: string,
  timeoutMs = CREDENTIAL_COMMAND_TIMEOUT_MS,
): Promise<string> {
  const [program, ...args] = argv;
  if (!program) return Promise.reject(failure(argv, profileName, 'is empty.'));
  // node:child_process loads when a credential command first runs, not at every command line start.
  const { execFile } = process.getBuiltinModule('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      { shell: false, timeout: timeoutMs, maxBuffer: 64 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) return reject(failure(argv, profileName, why(error, String(stderr), timeoutMs)));
        const secret = String(stdout).split(/\r?\n/)[0] ?? '';
        if (secret === '') return reject(failure(argv, profileName, 'printed nothing on its first line.'));
        resolve(secret);
      },
    );
  });
}
