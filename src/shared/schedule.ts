/**
 * Schedules as every process sees them: a preset run at a time of day on chosen weekdays by the
 * operating system's own scheduler, and what its last run did.
 */
import type { ErrorInfo } from './errors.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export interface ScheduledRunRecord {
  startedAt: string;
  finishedAt: string;
  /** The command line's exit code: 0 all succeeded, 1 some failed, 2 refused, 3 not reached. */
  exitCode: number;
  succeeded: number;
  failed: number;
  /** Why the run stopped before purging, when it did. */
  error: ErrorInfo | null;
}

export interface Schedule {
  presetName: string;
  /** Local time of day, HH:MM (24 h). */
  time: string;
  /** The weekdays it runs on; all seven means every day. */
  days: Weekday[];
  /** The native job's name (systemd unit, launchd label, Task Scheduler task). */
  jobName: string;
  createdAt: string;
  lastRun: ScheduledRunRecord | null;
}

export interface ScheduleView extends Schedule {
  /** The next run, computed from the time and days in this machine's time zone. */
  nextRun: string | null;
  /** Whether the native job is still installed (someone may have removed it by hand). */
  installed: boolean;
  /** Where the job lives, in words: "systemd user timer", "launchd agent", "Task Scheduler task". */
  backend: string;
  /** The log file the scheduled runs append to. */
  logFile: string;
}

/** A job this app installed that the schedules file does not list, found on the scheduler's side. */
export interface UnlistedJob {
  presetName: string;
  jobName: string;
  backend: string;
}

export interface ScheduleOverview {
  schedules: ScheduleView[];
  unlisted: UnlistedJob[];
  /** Why the schedules file does not tell the whole story, when it does not. */
  problem: string | null;
}

/** "every day", "weekdays", "Mon, Wed". */
export function describeDays(days: readonly Weekday[]): string {
  if (days.length === WEEKDAYS.length) return 'every day';
  if (days.length === 5 && !days.includes('sat') && !days.includes('sun')) return 'weekdays';
  return WEEKDAYS.filter((day) => days.includes(day))
    .map((day) => day[0]?.toUpperCase() + day.slice(1))
    .join(', ');
}

/** A scheduled run that did not end with every item purged. */
export function runFailed(record: ScheduledRunRecord | null): boolean {
  return record !== null && record.exitCode !== 0;
}
