/**
 * The files the native schedulers read, checked as those schedulers would: systemd's own verifier
 * and calendar, a plist parser, and the Task Scheduler schema's required elements.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import { jobNameFor, jobSpec, type JobSpec } from '../../src/main/schedules/job-spec.ts';
import { LaunchdScheduler, launchdLabel, renderLaunchdPlist } from '../../src/main/schedules/launchd.ts';
import { runCommand } from '../../src/main/schedules/native-scheduler.ts';
import { nextRun } from '../../src/main/schedules/schedule-time.ts';
import { SystemdUserScheduler, onCalendar, renderSystemdUnits } from '../../src/main/schedules/systemd.ts';
import {
  TASK_NAMESPACE,
  WindowsTaskScheduler,
  renderTaskXml,
  taskXmlBytes,
  windowsArgument,
} from '../../src/main/schedules/windows-task.ts';

/** A preset name and paths with everything that needs quoting somewhere. */
const HOSTILE_NAME = `Nightly "EU" 100% $HOME & <prod>'s`;

function spec(days: JobSpec['days'] = ['mon', 'wed', 'sun'], time = '02:30'): JobSpec {
  return jobSpec({
    presetName: HOSTILE_NAME,
    dataFolder: '/home/jane/.config/MSTR Cache Console',
    cliInvocation: ['/opt/MSTR Cache Console/mstr-cache-console'],
    production: true,
    time,
    days,
    env: { MSTR_CACHE_KEYCHAIN_SERVICE: 'MSTR Cache Console 50% $x' },
  });
}

const systemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
if (!systemdAnalyze)
  console.warn('skipped: systemd-analyze is not installed, so systemd did not verify the unit files.');

describe('the job a schedule installs', () => {
  it('runs this app with preset run --id --scheduled on the data folder it came from, --yes only for production', () => {
    const job = spec();
    expect(job.argv).toEqual([
      '/opt/MSTR Cache Console/mstr-cache-console',
      '--data-folder',
      '/home/jane/.config/MSTR Cache Console',
      'preset',
      'run',
      '--id',
      job.jobName,
      '--scheduled',
      '--json',
      '--yes',
    ]);
    const test = jobSpec({
      ...{ presetName: 'x', dataFolder: '/d', cliInvocation: ['app'], time: '01:00', days: ['mon'] },
      production: false,
    });
    expect(test.argv).not.toContain('--yes');
    expect(job.jobName).toMatch(/^mstr-cache-console-nightly-eu-100-home-prod-s-[0-9a-f]{8}$/);
    expect(jobNameFor(HOSTILE_NAME, '/other/folder')).not.toBe(job.jobName);
  });
});

describe('systemd user units', () => {
  it.skipIf(!systemdAnalyze)('pass systemd-analyze verify with a hostile preset name', () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-units-'));
    const job = spec();
    const { service, timer } = renderSystemdUnits(job);
    writeFileSync(join(folder, `${job.jobName}.service`), service);
    writeFileSync(join(folder, `${job.jobName}.timer`), timer);
    const verify = spawnSync(
      'systemd-analyze',
      ['verify', join(folder, `${job.jobName}.timer`), join(folder, `${job.jobName}.service`)],
      {
        encoding: 'utf8',
      },
    );
    // Only the program's absence may be reported: it is a made-up path.
    const problems = verify.stderr
      .split('\n')
      .filter((line) => line.trim() !== '' && !/mstr-cache-console'? is not executable|No such file/i.test(line));
    expect(problems, verify.stderr).toEqual([]);
    expect(service).toContain('Type=oneshot');
    expect(service).toContain('Description=MSTR Cache Console: preset "Nightly "EU" 100%% $HOME & <prod>\'s"');
    expect(service).not.toContain(HOSTILE_NAME);
    expect(service).toContain('Environment="MSTR_CACHE_KEYCHAIN_SERVICE=MSTR Cache Console 50%% $x"');
    expect(timer).toContain(`Unit=${job.jobName}.service`);
    expect(timer).toContain('Persistent=false');
  });

  it.skipIf(!systemdAnalyze)('fires when the app says the next run is, for chosen days and for every day', () => {
    for (const days of [
      ['mon', 'wed', 'sun'],
      ['sat'],
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
    ] as JobSpec['days'][]) {
      const calendar = spawnSync('systemd-analyze', ['calendar', onCalendar(spec(days, '02:30'))], {
        encoding: 'utf8',
      });
      expect(calendar.status, calendar.stderr).toBe(0);
      const elapse = /Next elapse: \w+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/.exec(calendar.stdout)?.[1];
      const ours = nextRun('02:30', days) as Date;
      const local = `${ours.getFullYear()}-${String(ours.getMonth() + 1).padStart(2, '0')}-${String(ours.getDate()).padStart(2, '0')} 02:30:00`;
      expect(elapse).toBe(local);
    }
  });
});

describe('launchd agent plist', () => {
  it('parses as a property list with the exact arguments, the calendar and the log file', () => {
    const job = spec();
    const parsed = parsePlist(renderLaunchdPlist(job, '/logs/run & "x".log')) as Record<string, unknown>;
    expect(parsed.Label).toBe(launchdLabel(job.jobName));
    expect(parsed.ProgramArguments).toEqual(job.argv);
    expect(parsed.EnvironmentVariables).toEqual(job.env);
    expect(parsed.StartCalendarInterval).toEqual([
      { Hour: 2, Minute: 30, Weekday: 1 },
      { Hour: 2, Minute: 30, Weekday: 3 },
      { Hour: 2, Minute: 30, Weekday: 0 },
    ]);
    expect(parsed.StandardOutPath).toBe('/logs/run & "x".log');
    expect(parsed.RunAtLoad).toBe(false);
  });

  it('has one calendar entry without a weekday for every day', () => {
    const parsed = parsePlist(
      renderLaunchdPlist(spec([...['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']] as JobSpec['days']), '/l'),
    ) as Record<string, unknown>;
    expect(parsed.StartCalendarInterval).toEqual([{ Hour: 2, Minute: 30 }]);
  });
});

/** How the Microsoft C runtime splits a command line (the inverse of windowsArgument). */
function splitWindowsCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index] as string;
    if (character === '\\') {
      let slashes = 0;
      while (line[index] === '\\') {
        slashes += 1;
        index += 1;
      }
      if (line[index] === '"') {
        current += '\\'.repeat(Math.floor(slashes / 2));
        if (slashes % 2 === 1) current += '"';
        else inQuotes = !inQuotes;
      } else {
        current += '\\'.repeat(slashes);
        index -= 1;
      }
      started = true;
    } else if (character === '"') {
      inQuotes = !inQuotes;
      started = true;
    } else if (/\s/.test(character) && !inQuotes) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += character;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}

describe('Task Scheduler task XML', () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed XML has no static shape
  function parsedTask(job: JobSpec): Record<string, any> {
    const bytes = taskXmlBytes(renderTaskXml(job, new Date(2026, 10, 28)));
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const text = bytes.subarray(2).toString('utf16le');
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-16"?>')).toBe(true);
    return parser.parse(text).Task;
  }

  it('has the schema’s required elements, a weekly trigger and the exact arguments', () => {
    const job = spec();
    const task = parsedTask(job);
    expect(task['@xmlns']).toBe(TASK_NAMESPACE);
    expect(task['@version']).toBe('1.2');
    const trigger = task.Triggers.CalendarTrigger;
    expect(trigger.StartBoundary).toBe('2026-11-28T02:30:00');
    expect(Object.keys(trigger.ScheduleByWeek.DaysOfWeek)).toEqual(['Monday', 'Wednesday', 'Sunday']);
    expect(trigger.ScheduleByWeek.WeeksInterval).toBe('1');
    expect(task.Principals.Principal.LogonType).toBe('InteractiveToken');
    expect(task.Settings.MultipleInstancesPolicy).toBe('IgnoreNew');
    const exec = task.Actions.Exec;
    expect(exec.Command).toBe(job.argv[0]);
    expect(splitWindowsCommandLine(exec.Arguments)).toEqual(job.argv.slice(1));
  });

  it('runs daily without a weekday list', () => {
    const task = parsedTask(spec(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']));
    expect(task.Triggers.CalendarTrigger.ScheduleByDay.DaysInterval).toBe('1');
  });

  it('quotes arguments the way the C runtime splits them back', () => {
    const samples = ['plain', 'with space', 'quote"inside', 'trailing\\', 'C:\\Program Files\\', 'a\\\\"b', ''];
    expect(splitWindowsCommandLine(samples.map(windowsArgument).join(' '))).toEqual(samples);
  });
});

describe('running a scheduler tool', () => {
  it('passes each argument as is, without a shell, and reports the exit code and output', async () => {
    const result = await runCommand(process.execPath, [
      '-e',
      'console.log(process.argv.slice(1).join("|")); console.error("warned"); process.exit(3)',
      HOSTILE_NAME,
      '$HOME',
    ]);
    expect(result).toEqual({ code: 3, stdout: `${HOSTILE_NAME}|$HOME\n`, stderr: 'warned\n' });
  });

  it('says a tool that is not installed is missing (exit code 127) with the reason', async () => {
    const result = await runCommand('mstr-no-such-scheduler-tool', ['--version']);
    expect(result.code).toBe(127);
    expect(result.stderr).toMatch(/ENOENT/);
  });
});

describe('the jobs this app installed, found on the scheduler’s side by their prefix', () => {
  const ours = ['mstr-cache-console-nightly-1a2b3c4d', 'mstr-cache-console-eu-0f0f0f0f'];

  it('systemd: the timers in the user unit folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-units-'));
    for (const name of [
      ...ours.map((job) => `${job}.timer`),
      `${ours[0]}.service`,
      'other.timer',
      'mstr-cache-console-x.timer~',
    ])
      writeFileSync(join(folder, name), '');
    const found = await new SystemdUserScheduler({ folder }).installedJobs();
    expect(found.sort()).toEqual([...ours].sort());
    expect(await new SystemdUserScheduler({ folder: join(folder, 'missing') }).installedJobs()).toEqual([]);
  });

  it('launchd: the agents named com.mstr-cache-console.<job>.plist', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-agents-'));
    for (const name of [
      ...ours.map((job) => `${launchdLabel(job)}.plist`),
      'com.apple.x.plist',
      'comXmstr-cache-consoleXmstr-cache-console-a.plist',
    ])
      writeFileSync(join(folder, name), '');
    const found = await new LaunchdScheduler({ folder, logFile: () => '/l' }).installedJobs();
    expect(found.sort()).toEqual([...ours].sort());
  });

  it('Windows: the tasks in the app’s folder of schtasks’ CSV listing', async () => {
    const listing = [
      `"\\MSTR Cache Console\\${ours[0]}","12/3/2026 2:00:00 AM","Ready"`,
      `"\\MSTR Cache Console\\${ours[1]}","N/A","Disabled"`,
      `"\\MSTR Cache Console\\${ours[1]}","N/A","Disabled"`,
      '"\\Microsoft\\Windows\\Defrag\\ScheduledDefrag","N/A","Ready"',
      '"\\mstr-cache-console-elsewhere-12345678","N/A","Ready"',
    ].join('\r\n');
    const calls: string[][] = [];
    const scheduler = new WindowsTaskScheduler({
      run: async (program, args) => {
        calls.push([program, ...args]);
        return { code: 0, stdout: listing, stderr: '' };
      },
    });
    expect(await scheduler.installedJobs()).toEqual(ours);
    expect(calls).toEqual([['schtasks', '/Query', '/FO', 'CSV', '/NH']]);
  });
});
