/**
 * macOS: a launchd agent per schedule in ~/Library/LaunchAgents. Agents run in the user's login
 * session, where the login Keychain is unlocked.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { WEEKDAYS } from '../../shared/schedule.ts';
import { JOB_PREFIX, type JobSpec } from './job-spec.ts';
import { runCommand, schedulerFailed, type CommandRunner, type NativeScheduler } from './native-scheduler.ts';

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The description as an XML comment, the one place a plist can hold words for people. A comment may
 * not contain "--" nor end with "-"; the description holds no character XML 1.0 refuses.
 */
function comment(text: string): string {
  return `<!-- ${text.replace(/-(?=-)/g, '- ').replace(/-$/, '- ')} -->`;
}

function string(value: string): string {
  return `<string>${xml(value)}</string>`;
}

/** launchd counts weekdays from Sunday = 0; one calendar entry per day, or one without a weekday. */
function calendarIntervals(spec: JobSpec): string[] {
  const [hour, minute] = spec.time.split(':').map(Number) as [number, number];
  const at = `<key>Hour</key><integer>${hour}</integer><key>Minute</key><integer>${minute}</integer>`;
  if (spec.days.length === WEEKDAYS.length) return [`    <dict>${at}</dict>`];
  return spec.days.map(
    (day) => `    <dict>${at}<key>Weekday</key><integer>${(WEEKDAYS.indexOf(day) + 1) % 7}</integer></dict>`,
  );
}

export function launchdLabel(jobName: string): string {
  return `com.mstr-cache-console.${jobName}`;
}

export function renderLaunchdPlist(spec: JobSpec, logFile: string): string {
  const env = Object.entries(spec.env);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    comment(spec.description),
    '<dict>',
    `  <key>Label</key>${string(launchdLabel(spec.jobName))}`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...spec.argv.map((argument) => `    ${string(argument)}`),
    '  </array>',
    ...(env.length === 0
      ? []
      : [
          '  <key>EnvironmentVariables</key>',
          '  <dict>',
          ...env.map(([k, v]) => `    <key>${xml(k)}</key>${string(v)}`),
          '  </dict>',
        ]),
    '  <key>StartCalendarInterval</key>',
    '  <array>',
    ...calendarIntervals(spec),
    '  </array>',
    '  <key>RunAtLoad</key><false/>',
    // Output the app did not log itself (a crash at start) still lands beside the run log.
    `  <key>StandardOutPath</key>${string(logFile)}`,
    `  <key>StandardErrorPath</key>${string(logFile)}`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}

export class LaunchdScheduler implements NativeScheduler {
  readonly backend = 'launchd agent';
  readonly #folder: string;
  readonly #run: CommandRunner;
  readonly #logFile: (jobName: string) => string;

  constructor(options: { logFile: (jobName: string) => string; folder?: string; run?: CommandRunner }) {
    this.#folder = options.folder ?? join(homedir(), 'Library', 'LaunchAgents');
    this.#run = options.run ?? runCommand;
    this.#logFile = options.logFile;
  }

  #plist(jobName: string): string {
    return join(this.#folder, `${launchdLabel(jobName)}.plist`);
  }

  async install(spec: JobSpec): Promise<void> {
    await mkdir(this.#folder, { recursive: true });
    const file = this.#plist(spec.jobName);
    await writeFile(file, renderLaunchdPlist(spec, this.#logFile(spec.jobName)), { mode: 0o644 });
    const domain = `gui/${userInfo().uid}`;
    // Replacing a job: launchd keeps the old definition until it is booted out.
    await this.#run('launchctl', ['bootout', `${domain}/${launchdLabel(spec.jobName)}`]);
    const result = await this.#run('launchctl', ['bootstrap', domain, file]);
    if (result.code !== 0) throw schedulerFailed('launchctl bootstrap', result);
  }

  async remove(jobName: string): Promise<void> {
    await this.#run('launchctl', ['bootout', `gui/${userInfo().uid}/${launchdLabel(jobName)}`]);
    await rm(this.#plist(jobName), { force: true });
  }

  async installedJobs(): Promise<string[]> {
    const files = await readdir(this.#folder).catch(() => [] as string[]);
    const pattern = new RegExp(`^${launchdLabel('').replace(/\./g, '\\.')}(${JOB_PREFIX}-[a-z0-9-]+)\\.plist$`);
    return files.flatMap((file) => pattern.exec(file)?.[1] ?? []);
  }

  async isInstalled(jobName: string): Promise<boolean> {
    return stat(this.#plist(jobName)).then(
      () => true,
      () => false,
    );
  }
}
