/**
 * The command line that runs a preset from a scheduler: a cron line for Linux and macOS and a Task
 * Scheduler command for Windows. The password is never part of it: the scheduled run uses the
 * session or the password remembered in the keychain of the account that runs it.
 */

export interface ScheduledCommand {
  /** The command itself, as run by the packaged app. */
  command: string;
  /** A crontab line running it at 02:00 every night. */
  cron: string;
  /** A schtasks command creating a nightly task at 02:00. */
  windowsTask: string;
}

export function quotePosix(value: string): string {
  return /^[\w./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function quoteWindows(value: string): string {
  return /^[\w./-]+$/.test(value) ? value : `"${value.replace(/"/g, '""')}"`;
}

export function scheduledCommand(
  presetName: string,
  production: boolean,
  executable = 'mstr-cache-console',
): ScheduledCommand {
  const flags = `--json${production ? ' --yes' : ''}`;
  const command = `${executable} preset run ${quotePosix(presetName)} ${flags}`;
  const logName = presetName.replace(/[^\w-]+/g, '-').toLowerCase();
  return {
    command,
    cron: `0 2 * * * ${command} >> "$HOME/mstr-cache-${logName}.log" 2>&1`,
    windowsTask: `schtasks /Create /SC DAILY /ST 02:00 /TN ${quoteWindows(`MSTR cache purge ${presetName}`)} /TR "'%LOCALAPPDATA%\\Programs\\MSTR Cache Console\\MSTR Cache Console.exe' preset run ${quoteWindows(presetName).replace(/"/g, "'")} ${flags}"`,
  };
}
