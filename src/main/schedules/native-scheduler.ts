/**
 * The operating system's scheduler behind one small interface, and the way its tools are called
 * (each argument passed as is, no shell), so the services never care which one runs the job.
 */
import { AppError } from '../../shared/errors.ts';
import type { JobSpec } from './job-spec.ts';

export interface NativeScheduler {
  /** In words, for the window and `schedule list`. */
  readonly backend: string;
  install(spec: JobSpec): Promise<void>;
  remove(jobName: string): Promise<void>;
  isInstalled(jobName: string): Promise<boolean>;
  /** The names of the jobs this app installed (recognised by their prefix), for any data folder. */
  installedJobs(): Promise<string[]>;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type CommandRunner = (program: string, args: readonly string[]) => Promise<CommandResult>;

// Loaded on first use: every command builds the schedule services, few run a tool, and
// node:child_process (with net and dgram) is a few milliseconds of each command line start.
export const runCommand: CommandRunner = (program, args) =>
  new Promise((resolve) => {
    process
      .getBuiltinModule('node:child_process')
      .execFile(program, [...args], { timeout: 30_000, windowsHide: true }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
        resolve({
          code,
          stdout: String(stdout),
          stderr: String(stderr || (error && code === 127 ? error.message : '')),
        });
      });
  });

/** The first line a failing tool printed, for an error message. */
export function firstLine(result: CommandResult): string {
  return (result.stderr || result.stdout).trim().split('\n')[0]?.slice(0, 300) || `exit code ${result.code}`;
}

export function schedulerFailed(what: string, result: CommandResult): AppError {
  return new AppError('SCHEDULER_FAILED', `${what} failed: ${firstLine(result)}`, {
    details: { exitCode: result.code },
  });
}
