/**
 * Linux: a systemd user timer and service per schedule in ~/.config/systemd/user. The job runs in
 * the user's own systemd instance, inside their login session, where the Secret Service (and so the
 * remembered password) can be reached, unlike cron.
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { WEEKDAYS } from '../../shared/schedule.ts';
import { JOB_PREFIX, type JobSpec } from './job-spec.ts';
import {
  firstLine,
  runCommand,
  schedulerFailed,
  type CommandRunner,
  type NativeScheduler,
} from './native-scheduler.ts';

/**
 * A double-quoted value with systemd's specifiers (%) kept literal and every control character as a
 * C escape, so a value can never end the line (systemd splits lines on CR and LF, and stops at NUL).
 */
function quoted(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/%/g, '%%')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `"${escaped}"`;
}

/** One argument of ExecStart: quoted, and "$" kept literal too (ExecStart expands variables). */
function execArgument(value: string): string {
  return quoted(value).replace(/\$/g, '$$$$');
}

function environmentLine(name: string, value: string): string {
  return `Environment=${quoted(`${name}=${value}`)}`;
}

/** OnCalendar=: "Mon,Wed *-*-* 02:30:00", or every day without a weekday list. */
export function onCalendar(spec: Pick<JobSpec, 'time' | 'days'>): string {
  const days =
    spec.days.length === WEEKDAYS.length
      ? ''
      : `${spec.days.map((day) => day[0]?.toUpperCase() + day.slice(1)).join(',')} `;
  return `${days}*-*-* ${spec.time}:00`;
}

/** Free text (Description=): the job spec's description holds no control character; % stays literal. */
function unitText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]/g, '\ufffd').replace(/%/g, '%%');
}

export function renderSystemdUnits(spec: JobSpec): { service: string; timer: string } {
  const service = [
    '[Unit]',
    `Description=${unitText(spec.description)}`,
    '',
    '[Service]',
    'Type=oneshot',
    ...Object.entries(spec.env).map(([name, value]) => environmentLine(name, value)),
    `ExecStart=${spec.argv.map(execArgument).join(' ')}`,
    '',
  ].join('\n');
  const timer = [
    '[Unit]',
    `Description=${unitText(spec.description)}`,
    '',
    '[Timer]',
    `OnCalendar=${onCalendar(spec)}`,
    // A run missed while the machine was off is not made up at boot: a purge at 02:00 must not
    // happen at 09:00 in the middle of the working day.
    'Persistent=false',
    `Unit=${spec.jobName}.service`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return { service, timer };
}

export function systemdUserFolder(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'systemd', 'user');
}

export class SystemdUserScheduler implements NativeScheduler {
  readonly backend = 'systemd user timer';
  readonly #folder: string;
  readonly #run: CommandRunner;

  constructor(options: { folder?: string; run?: CommandRunner } = {}) {
    this.#folder = options.folder ?? systemdUserFolder();
    this.#run = options.run ?? runCommand;
  }

  async install(spec: JobSpec): Promise<void> {
    await this.#assertAvailable();
    const { service, timer } = renderSystemdUnits(spec);
    await mkdir(this.#folder, { recursive: true });
    await writeFile(join(this.#folder, `${spec.jobName}.service`), service, { mode: 0o644 });
    await writeFile(join(this.#folder, `${spec.jobName}.timer`), timer, { mode: 0o644 });
    await this.#systemctl('daemon-reload');
    await this.#systemctl('enable', '--now', `${spec.jobName}.timer`);
  }

  async remove(jobName: string): Promise<void> {
    const timerFile = join(this.#folder, `${jobName}.timer`);
    if (await exists(timerFile)) {
      // A user instance that is gone (no session) cannot disable it; the files go regardless.
      await this.#run('systemctl', ['--user', 'disable', '--now', `${jobName}.timer`]);
    }
    await rm(timerFile, { force: true });
    await rm(join(this.#folder, `${jobName}.service`), { force: true });
    await this.#run('systemctl', ['--user', 'daemon-reload']);
  }

  async isInstalled(jobName: string): Promise<boolean> {
    return exists(join(this.#folder, `${jobName}.timer`));
  }

  async installedJobs(): Promise<string[]> {
    const files = await readdir(this.#folder).catch(() => [] as string[]);
    return files.flatMap((file) => new RegExp(`^(${JOB_PREFIX}-[a-z0-9-]+)\\.timer$`).exec(file)?.[1] ?? []);
  }

  async #assertAvailable(): Promise<void> {
    const probe = await this.#run('systemctl', ['--user', 'show-environment']);
    if (probe.code === 0) return;
    throw new AppError(
      'SCHEDULER_UNAVAILABLE',
      `No systemd user instance answers (systemctl --user: ${firstLine(probe)}). Schedules run in your own ` +
        'systemd instance, which exists while you are logged in (on a server, "loginctl enable-linger" keeps it). ' +
        'Without systemd, use the cron line that "preset command" prints, with the password in MSTR_CACHE_PASSWORD.',
    );
  }

  async #systemctl(...args: string[]): Promise<void> {
    const result = await this.#run('systemctl', ['--user', ...args]);
    if (result.code !== 0) throw schedulerFailed(`systemctl --user ${args.join(' ')}`, result);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
