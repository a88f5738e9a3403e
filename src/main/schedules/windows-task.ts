/**
 * Windows: a Task Scheduler task per schedule, in the "MSTR Cache Console" folder, registered from
 * task XML (UTF-16, as schtasks expects). It runs as the user, only while they are logged on
 * (InteractiveToken), which is when the Credential Manager holds their secrets.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WEEKDAY_NAMES, WEEKDAYS } from '../../shared/schedule.ts';
import { JOB_PREFIX, type JobSpec } from './job-spec.ts';
import { runCommand, schedulerFailed, type CommandRunner, type NativeScheduler } from './native-scheduler.ts';

export const TASK_NAMESPACE = 'http://schemas.microsoft.com/windows/2004/02/mit/task';
const TASK_FOLDER = '\\MSTR Cache Console\\';

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * One argument as the C runtime splits a command line: quoted, with backslashes before quotes doubled.
 * Task Scheduler expands %VARIABLE% in Arguments, which no quoting prevents: the job's own arguments
 * are an id and fixed words, and only the data folder (a path the user chose) is free text.
 */
export function windowsArgument(value: string): string {
  if (value !== '' && !/[\s"]/.test(value)) return value;
  return `"${value.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

export function taskPath(jobName: string): string {
  return `${TASK_FOLDER}${jobName}`;
}

function schedule(spec: JobSpec): string[] {
  if (spec.days.length === WEEKDAYS.length)
    return ['      <ScheduleByDay>', '        <DaysInterval>1</DaysInterval>', '      </ScheduleByDay>'];
  return [
    '      <ScheduleByWeek>',
    '        <DaysOfWeek>',
    ...spec.days.map((day) => `          <${WEEKDAY_NAMES[day]} />`),
    '        </DaysOfWeek>',
    '        <WeeksInterval>1</WeeksInterval>',
    '      </ScheduleByWeek>',
  ];
}

/** StartBoundary is local time without a zone: the task follows the machine's clock. */
export function renderTaskXml(spec: JobSpec, today: Date = new Date()): string {
  const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const [program, ...args] = spec.argv;
  return [
    '<?xml version="1.0" encoding="UTF-16"?>',
    `<Task version="1.2" xmlns="${TASK_NAMESPACE}">`,
    '  <RegistrationInfo>',
    `    <Description>${xml(spec.description)}</Description>`,
    `    <URI>${xml(taskPath(spec.jobName))}</URI>`,
    '  </RegistrationInfo>',
    '  <Triggers>',
    '    <CalendarTrigger>',
    `      <StartBoundary>${date}T${spec.time}:00</StartBoundary>`,
    '      <Enabled>true</Enabled>',
    ...schedule(spec),
    '    </CalendarTrigger>',
    '  </Triggers>',
    '  <Principals>',
    '    <Principal id="Author">',
    '      <LogonType>InteractiveToken</LogonType>',
    '      <RunLevel>LeastPrivilege</RunLevel>',
    '    </Principal>',
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <StartWhenAvailable>false</StartWhenAvailable>',
    '    <ExecutionTimeLimit>PT4H</ExecutionTimeLimit>',
    '    <Enabled>true</Enabled>',
    '  </Settings>',
    '  <Actions Context="Author">',
    '    <Exec>',
    `      <Command>${xml(program ?? '')}</Command>`,
    `      <Arguments>${xml(args.map(windowsArgument).join(' '))}</Arguments>`,
    '    </Exec>',
    '  </Actions>',
    '</Task>',
    '',
  ].join('\r\n');
}

/** UTF-16 little endian with a byte order mark, the encoding the XML declaration names. */
export function taskXmlBytes(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

export class WindowsTaskScheduler implements NativeScheduler {
  readonly backend = 'Task Scheduler task';
  readonly #run: CommandRunner;

  constructor(options: { run?: CommandRunner } = {}) {
    this.#run = options.run ?? runCommand;
  }

  async install(spec: JobSpec): Promise<void> {
    const folder = await mkdtemp(join(tmpdir(), 'mstr-task-'));
    const file = join(folder, 'task.xml');
    try {
      await writeFile(file, taskXmlBytes(renderTaskXml(spec)));
      const result = await this.#run('schtasks', ['/Create', '/TN', taskPath(spec.jobName), '/XML', file, '/F']);
      if (result.code !== 0) throw schedulerFailed('schtasks /Create', result);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  async remove(jobName: string): Promise<void> {
    if (await this.isInstalled(jobName)) {
      const result = await this.#run('schtasks', ['/Delete', '/TN', taskPath(jobName), '/F']);
      if (result.code !== 0) throw schedulerFailed('schtasks /Delete', result);
    }
  }

  async isInstalled(jobName: string): Promise<boolean> {
    return (await this.#run('schtasks', ['/Query', '/TN', taskPath(jobName)])).code === 0;
  }

  /** The tasks in the app's folder, from schtasks' CSV listing ("\\MSTR Cache Console\\name",...). */
  async installedJobs(): Promise<string[]> {
    const result = await this.#run('schtasks', ['/Query', '/FO', 'CSV', '/NH']);
    if (result.code !== 0) return [];
    const folder = TASK_FOLDER.replace(/\\/g, '\\\\');
    const pattern = new RegExp(`^"${folder}(${JOB_PREFIX}-[a-z0-9-]+)"`, 'gm');
    return [...new Set([...result.stdout.matchAll(pattern)].map((match) => match[1] as string))];
  }
}
