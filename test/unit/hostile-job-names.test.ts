/**
 * Preset names written by an attacker (or pasted by accident) cannot change what a scheduled job
 * runs: every format the app writes is read back as its own scheduler reads it (systemd's verifier
 * and unit syntax, a plist parser, an XML parser with Windows' command-line splitting, cron's line
 * rules and a real shell), and the argument list the job would run is exactly the intended one.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import { scheduledCommand } from '../../src/main/schedules/scheduled-command.ts';
import { jobSpec, type JobSpec } from '../../src/main/schedules/job-spec.ts';
import { renderLaunchdPlist } from '../../src/main/schedules/launchd.ts';
import { renderSystemdUnits } from '../../src/main/schedules/systemd.ts';
import { renderTaskXml } from '../../src/main/schedules/windows-task.ts';
import { neutralisedName } from '../../src/shared/name-rules.ts';
import {
  commandLineToArgv,
  cronCommand,
  execStartArgv,
  expandWindowsVariables,
  parseUnitFile,
  resolveSpecifiers,
  xmlIllegalCharacters,
} from './job-file-readers.ts';

export const HOSTILE_NAMES: [label: string, name: string][] = [
  ['a newline with a cron line', 'nightly\n* * * * * id > /tmp/x\n#'],
  ['a carriage return with a directive', 'cr\rExecStart=/usr/bin/touch /tmp/x\r#'],
  ['NUL with a timer directive', 'nul\0OnCalendar=minutely'],
  ['a percent sign', '100% of caches'],
  ['an apostrophe', "Jane's nightly"],
  ['double quotes', 'say "hi"'],
  ['an option', '-h'],
  ['a flag', '--yes'],
  ['a quote-breaking flag', "a' --yes '--stop-on-error"],
  ['a Windows variable', '%PATH%'],
  ['an escape sequence', 'esc\x1b[2J\x1b[31m'],
  ['BEL', 'bel\x07'],
  ['VT', 'vt\x0b'],
  ['FF', 'ff\x0c'],
  ['a right-to-left override', 'rtl\u202eevil'],
  ['a lone surrogate', 'lone\ud800half'],
  ['a command substitution', '$(id)'],
  ['backticks', '`id`'],
  ['a semicolon', 'a; id'],
  ['a backslash at the end', 'trailing\\'],
];

const DATA_FOLDER = join(tmpdir(), 'MSTR Cache Console data');

function spec(name: string): JobSpec {
  return jobSpec({
    presetName: name,
    dataFolder: DATA_FOLDER,
    cliInvocation: [process.execPath],
    production: false,
    time: '02:30',
    days: ['mon', 'fri'],
  });
}

/** What every job must run: the app on its data folder, the preset by its id, and nothing else. */
function intended(job: JobSpec): string[] {
  return [
    process.execPath,
    '--data-folder',
    DATA_FOLDER,
    'preset',
    'run',
    '--id',
    job.jobName,
    '--scheduled',
    '--json',
  ];
}

function expectedDescription(name: string): string {
  return `MSTR Cache Console: preset "${neutralisedName(name)}"`;
}

const systemdAnalyze = spawnSync('sh', ['-c', 'command -v systemd-analyze']).status === 0;
if (!systemdAnalyze)
  console.warn('skipped: systemd-analyze is not installed here, so systemd itself did not verify the units.');

function jobId(name: string): void {
  const job = spec(name);
  expect(job.jobName).toMatch(/^mstr-cache-console-[a-z0-9-]+$/);
}

function systemdUnits(name: string): void {
  const job = spec(name);
  const { service, timer } = renderSystemdUnits(job);
  const parsedService = parseUnitFile(service);
  expect([...parsedService.keys()]).toEqual(['Unit', 'Service']);
  expect(parsedService.get('Unit')?.map(([key]) => key)).toEqual(['Description']);
  expect(resolveSpecifiers(parsedService.get('Unit')?.[0]?.[1] ?? '')).toBe(expectedDescription(name));
  expect(parsedService.get('Service')?.map(([key]) => key)).toEqual(['Type', 'ExecStart']);
  expect(execStartArgv(parsedService.get('Service')?.[1]?.[1] ?? '')).toEqual(intended(job));
  const parsedTimer = parseUnitFile(timer);
  expect([...parsedTimer.keys()]).toEqual(['Unit', 'Timer', 'Install']);
  expect(parsedTimer.get('Timer')).toEqual([
    ['OnCalendar', 'Mon,Fri *-*-* 02:30:00'],
    ['Persistent', 'false'],
    ['Unit', `${job.jobName}.service`],
  ]);
  expect(parsedTimer.get('Install')).toEqual([['WantedBy', 'timers.target']]);
}

function launchdPlist(name: string): void {
  const job = spec(name);
  const text = renderLaunchdPlist(job, join(DATA_FOLDER, 'schedules', `${job.jobName}.log`));
  expect(xmlIllegalCharacters(text)).toEqual([]);
  const parsed = parsePlist(text) as Record<string, unknown>;
  expect(parsed.ProgramArguments).toEqual(intended(job));
  expect(parsed.Label).toBe(`com.mstr-cache-console.${job.jobName}`);
  const comment = /<!-- (.*) -->/.exec(text)?.[1] ?? '';
  expect(comment).not.toContain('--');
  expect(comment.replace(/- /g, '-').trimEnd()).toBe(expectedDescription(name).replace(/- /g, '-'));
}

function taskXml(name: string): void {
  const job = spec(name);
  const text = renderTaskXml(job, new Date(2026, 11, 2));
  expect(xmlIllegalCharacters(text)).toEqual([]);
  const task = new XMLParser({ parseTagValue: false, trimValues: false }).parse(text).Task;
  expect(task.RegistrationInfo.Description).toBe(expectedDescription(name));
  const { Command: command, Arguments: args } = task.Actions.Exec as { Command: string; Arguments: string };
  const expanded = expandWindowsVariables(args, { PATH: 'C:\\Windows', USERNAME: 'jane' });
  expect(expanded).toBe(args);
  expect(commandLineToArgv(`"${command}" ${expanded}`)).toEqual(intended(job));
}

function schtasksLine(name: string): void {
  const job = spec(name);
  const line = scheduledCommand({ id: job.jobName, presetName: name, production: false }).windowsTask;
  const env = { LOCALAPPDATA: 'C:\\Users\\jane\\AppData\\Local', PATH: 'C:\\Windows' };
  const typed = expandWindowsVariables(line, env);
  // cmd.exe acts on & | < > ^ ( ) outside quotes: there are none.
  expect(typed.replace(/"(?:\\"|[^"])*"/g, '')).not.toMatch(/[&|<>^()%]/);
  const args = commandLineToArgv(typed);
  expect(args.slice(0, 7)).toEqual(['schtasks', '/Create', '/SC', 'DAILY', '/ST', '02:00', '/TN']);
  expect(args[7]).toBe(job.jobName);
  expect(args[8]).toBe('/TR');
  expect(args).toHaveLength(10);
  expect(commandLineToArgv(args[9] as string)).toEqual([
    `${env.LOCALAPPDATA}\\Programs\\MSTR Cache Console\\MSTR Cache Console.exe`,
    'preset',
    'run',
    '--id',
    job.jobName,
    '--json',
    '--scheduled',
  ]);
}

function cronLine(name: string): void {
  const job = spec(name);
  const folder = mkdtempSync(join(tmpdir(), 'mstr-cron-'));
  const printer = join(folder, 'print-argv');
  writeFileSync(printer, `#!${process.execPath}\nconsole.log(JSON.stringify(process.argv.slice(2)));\n`);
  chmodSync(printer, 0o755);
  const lines = scheduledCommand({ id: job.jobName, presetName: name, production: false }, printer);
  expect(lines.cron.split(/\r\n|\r|\n/)).toHaveLength(1);
  expect(lines.cronComment.split(/\r\n|\r|\n/)).toHaveLength(1);
  expect(lines.cronComment.startsWith('#')).toBe(true);
  const { schedule, command, stdin } = cronCommand(lines.cron);
  expect(schedule).toEqual(['0', '2', '*', '*', '*']);
  expect(stdin).toBeNull();
  const shell = spawnSync('sh', ['-c', command], { env: { HOME: folder, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
  expect(shell.status, shell.stderr).toBe(0);
  const ran = JSON.parse(readFileSync(join(folder, `${job.jobName}.log`), 'utf8')) as string[];
  expect(ran).toEqual(['preset', 'run', '--id', job.jobName, '--json', '--scheduled']);
}

describe.each(HOSTILE_NAMES)('a preset name with %s', (_label, name) => {
  it('gives a job id that needs no quoting anywhere', () => jobId(name));
  it('writes systemd units whose directives and ExecStart argv are exactly the intended ones', () =>
    systemdUnits(name));
  it('writes a launchd plist that parses to exactly the intended ProgramArguments', () => launchdPlist(name));
  it('writes task XML whose Command and Arguments split (and expand) to exactly the intended argv', () =>
    taskXml(name));
  it('prints a schtasks command whose /TN and /TR split to the intended task and argv', () => schtasksLine(name));
  it('prints one cron line whose command, through cron’s % rule and a real sh, runs the intended argv', () =>
    cronLine(name));
});

describe.skipIf(!systemdAnalyze)('systemd-analyze verify', () => {
  it('accepts the units written for every hostile name', () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-hostile-units-'));
    const files = HOSTILE_NAMES.flatMap(([, name]) => {
      const job = spec(name);
      const { service, timer } = renderSystemdUnits(job);
      writeFileSync(join(folder, `${job.jobName}.service`), service);
      writeFileSync(join(folder, `${job.jobName}.timer`), timer);
      return [join(folder, `${job.jobName}.timer`), join(folder, `${job.jobName}.service`)];
    });
    const verify = spawnSync('systemd-analyze', ['verify', '--man=no', ...files], { encoding: 'utf8' });
    const problems = verify.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(problems, verify.stderr).toEqual([]);
    expect(verify.status).toBe(0);
  });
});
