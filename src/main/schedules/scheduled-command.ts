/**
 * The command line that runs a preset from a scheduler: a cron line for Linux and macOS and a Task
 * Scheduler command for Windows. The password is never part of it: the scheduled run uses the
 * session or the password remembered in the keychain of the account that runs it. The command
 * names the preset by its job id ([A-Za-z0-9_-] only), never by its name, so no shell, cron's "%"
 * or Windows' command-line splitting can turn a name into another command or an option; the name
 * is only in the cron comment line, where nothing reads it.
 */
import { neutralisedName } from '../../shared/name-rules.ts';
import { AppError } from '../../shared/errors.ts';
import { isJobId } from './job-spec.ts';

export interface ScheduledCommand {
  /** The command itself, as run by the packaged app. */
  command: string;
  /** A crontab line running it at 02:00 every night: exactly one line. */
  cron: string;
  /** A crontab comment line saying which preset the cron line runs. */
  cronComment: string;
  /** A schtasks command creating a nightly task at 02:00. */
  windowsTask: string;
}

export interface ScheduledCommandInput {
  /** The preset's job id, as `preset run --id` takes it. */
  id: string;
  presetName: string;
  production: boolean;
}

const WINDOWS_PROGRAM = '%LOCALAPPDATA%\\Programs\\MSTR Cache Console\\MSTR Cache Console.exe';

export function scheduledCommand(input: ScheduledCommandInput, executable = 'mstr-cache-console'): ScheduledCommand {
  // The id goes into shell and cmd.exe text unquoted: only a word of the safe alphabet may.
  if (!isJobId(input.id)) throw new AppError('INTERNAL', 'A scheduled command needs a plain job id.');
  // --scheduled: a pasted line is a scheduled run as the app's own schedules are (marked so in the
  // history, logged to the job, refused rather than forced beside another run).
  const words = `preset run --id ${input.id} --json${input.production ? ' --yes' : ''} --scheduled`;
  const command = `${executable} ${words}`;
  return {
    command,
    cron: `0 2 * * * ${command} >> "$HOME/${input.id}.log" 2>&1`,
    cronComment: `# MSTR Cache Console: preset "${neutralisedName(input.presetName)}"`,
    // Inside /TR's quotes, \" is a quote of the task's own command line (the C runtime's rule).
    windowsTask: `schtasks /Create /SC DAILY /ST 02:00 /TN ${input.id} /TR "\\"${WINDOWS_PROGRAM}\\" ${words}"`,
  };
}
