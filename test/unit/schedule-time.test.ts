import { describe, expect, it } from 'vitest';
import { nextRun, parseDays, parseTime } from '../../src/main/schedules/schedule-time.ts';
import { describeDays } from '../../src/shared/schedule.ts';

describe('schedule times and days', () => {
  it('reads HH:MM and refuses what is not a time of day', () => {
    expect(parseTime('2:05')).toBe('02:05');
    expect(parseTime(' 23:59 ')).toBe('23:59');
    for (const bad of ['24:00', '12:60', '2pm', '', '12:5']) expect(() => parseTime(bad)).toThrow(/HH:MM/);
  });

  it('reads day lists, ranges across the weekend, groups and full names', () => {
    expect(parseDays(undefined)).toHaveLength(7);
    expect(parseDays('mon,wed')).toEqual(['mon', 'wed']);
    expect(parseDays('Friday,mon')).toEqual(['mon', 'fri']);
    expect(parseDays('fri-mon')).toEqual(['mon', 'fri', 'sat', 'sun']);
    expect(parseDays('weekdays')).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']);
    expect(parseDays('weekends,wed')).toEqual(['wed', 'sat', 'sun']);
    expect(() => parseDays('mo')).toThrow(/not a day/);
    expect(() => parseDays('funday')).toThrow(/not a day/);
    expect(describeDays(parseDays('mon-fri'))).toBe('weekdays');
    expect(describeDays(parseDays('daily'))).toBe('every day');
    expect(describeDays(parseDays('sun,tue'))).toBe('Tue, Sun');
  });

  it('finds the next run later today, on a later day, or a week later', () => {
    const fridayMorning = new Date(2026, 10, 27, 1, 0); // Friday 27 November 2026, 01:00
    expect(nextRun('02:00', ['fri'], fridayMorning)).toEqual(new Date(2026, 10, 27, 2, 0));
    expect(nextRun('00:30', ['fri'], fridayMorning)).toEqual(new Date(2026, 11, 4, 0, 30));
    expect(nextRun('02:00', ['mon'], fridayMorning)).toEqual(new Date(2026, 10, 30, 2, 0));
    expect(nextRun('01:00', ['fri'], fridayMorning)).toEqual(new Date(2026, 11, 4, 1, 0));
  });
});
