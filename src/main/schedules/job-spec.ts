/**
 * What a native scheduler job runs: the app's own command line with `preset run --id ID --scheduled`,
 * on the data folder it was created from, at a time on chosen days. Each backend renders this
 * one description in its own format. The job names its preset by the job's id, which is made of
 * [a-z0-9-] only, so no scheduler, shell or command line can read anything but one argument into
 * it; the preset's own name appears only in the description, which each format escapes.
 */
import { join } from 'node:path';
import { neutralisedName } from '../../shared/name-rules.ts';
import type { Weekday } from '../../shared/schedule.ts';

export interface JobSpec {
  /** A name safe for files, units, labels and task paths: preset slug plus a short hash. */
  jobName: string;
  /** For people: names the preset, with nothing in it that a format could read as structure. */
  description: string;
  /** The program and its arguments, each one argument (no shell involved). */
  argv: string[];
  /** Variables the run needs beyond the user's own (the keychain service name, in tests). */
  env: Record<string, string>;
  time: string;
  days: Weekday[];
}

export const JOB_PREFIX = 'mstr-cache-console';

/** What `preset run --id` accepts: letters, digits, "_" and "-", which need quoting nowhere. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

/** The job's name doubles as the id it runs its preset by. */
export function isJobId(text: string): boolean {
  return JOB_ID_PATTERN.test(text);
}

/**
 * One job per preset and data folder: the hash keeps two data folders (a demo and the real one)
 * from replacing each other's job for a preset of the same name.
 */
export function jobNameFor(presetName: string, dataFolder: string): string {
  const slug =
    presetName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'preset';
  // Node's crypto module loads here, when a schedule is named, not with every command line run.
  const hash = process
    .getBuiltinModule('node:crypto')
    .createHash('sha256')
    .update(`${dataFolder}\0${presetName.toLowerCase()}`)
    .digest('hex')
    .slice(0, 8);
  return `${JOB_PREFIX}-${slug}-${hash}`;
}

export function scheduleLogFile(dataFolder: string, jobName: string): string {
  return join(dataFolder, 'schedules', `${jobName}.log`);
}

export interface JobInput {
  presetName: string;
  dataFolder: string;
  /** How to start this app's command line (program first). */
  cliInvocation: readonly string[];
  /** The preset touches production; the schedule was confirmed for it, so the run carries --yes. */
  production: boolean;
  time: string;
  days: Weekday[];
  env?: Record<string, string>;
}

export function jobSpec(input: JobInput): JobSpec {
  const jobName = jobNameFor(input.presetName, input.dataFolder);
  return {
    jobName,
    description: `MSTR Cache Console: preset "${neutralisedName(input.presetName)}"`,
    argv: [
      ...input.cliInvocation,
      '--data-folder',
      input.dataFolder,
      'preset',
      'run',
      '--id',
      jobName,
      '--scheduled',
      '--json',
      ...(input.production ? ['--yes'] : []),
    ],
    env: input.env ?? {},
    time: input.time,
    days: input.days,
  };
}
