/**
 * Reading a schedule's time and days as users type them (--at 02:30, --days mon-fri,sat) and
 * finding its next run in local time.
 */
import { AppError } from '../../shared/errors.ts';
import { WEEKDAYS, type Weekday } from '../../shared/schedule.ts';

export function parseTime(text: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59)
    throw new AppError('VALIDATION', `"${text.slice(0, 20)}" is not a time of day; use HH:MM, for example 02:30.`);
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

const DAY_GROUPS: Record<string, readonly Weekday[]> = {
  daily: WEEKDAYS,
  'every-day': WEEKDAYS,
  all: WEEKDAYS,
  weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  weekends: ['sat', 'sun'],
};

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** "mon", "tues", "monday": any start of a day's name of three letters or more. */
function dayIndex(text: string): number {
  const index = DAY_NAMES.findIndex((name) => text.length >= 3 && name.startsWith(text));
  if (index === -1)
    throw new AppError('VALIDATION', `"${text.slice(0, 20)}" is not a day; use mon, tue, wed, thu, fri, sat or sun.`);
  return index;
}

/** "mon,wed", "mon-fri", "weekdays", "daily"; days in week order, each once. */
export function parseDays(text: string | undefined): Weekday[] {
  if (text === undefined || text.trim() === '') return [...WEEKDAYS];
  const chosen = new Set<Weekday>();
  for (const part of text
    .toLowerCase()
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const group = DAY_GROUPS[part];
    if (group) {
      group.forEach((day) => chosen.add(day));
      continue;
    }
    const [from, to] = part.split('-');
    const start = dayIndex(from ?? '');
    const end = to === undefined ? start : dayIndex(to);
    for (let index = start; ; index = (index + 1) % 7) {
      chosen.add(WEEKDAYS[index] as Weekday);
      if (index === end) break;
    }
  }
  return WEEKDAYS.filter((day) => chosen.has(day));
}

/** JavaScript's getDay() (0 = Sunday) as a Weekday. */
function weekdayOf(date: Date): Weekday {
  return WEEKDAYS[(date.getDay() + 6) % 7] as Weekday;
}

/** The first moment after `now` at `time` (local) on one of `days`. */
export function nextRun(time: string, days: readonly Weekday[], now: Date = new Date()): Date | null {
  if (days.length === 0) return null;
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  for (let offset = 0; offset <= 7; offset += 1) {
    const candidate = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset, hours, minutes, 0, 0);
    if (candidate > now && days.includes(weekdayOf(candidate))) return candidate;
  }
  return null;
}
