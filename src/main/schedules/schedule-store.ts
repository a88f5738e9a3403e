/**
 * The schedules this data folder installed (schedules.json), with each one's last run. A schedule
 * that cannot be read is left out and reported, and kept in the file; `load` says when the file as
 * a whole cannot be read, so the jobs installed in the operating system can be listed from there.
 */
import { join } from 'node:path';
import * as v from 'valibot';
import { WEEKDAYS, type Schedule, type ScheduledRunRecord } from '../../shared/schedule.ts';
import { EntryFile, type LoadedFile, type ProblemSink } from '../storage/entry-file.ts';

export const SCHEDULES_FILE = 'schedules.json';

const ErrorInfoSchema = v.looseObject({ code: v.string(), message: v.string() });

const RunRecordSchema = v.strictObject({
  startedAt: v.string(),
  finishedAt: v.string(),
  exitCode: v.number(),
  succeeded: v.number(),
  failed: v.number(),
  error: v.nullable(ErrorInfoSchema),
});

const ScheduleSchema = v.strictObject({
  presetName: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
  time: v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/)),
  days: v.pipe(v.array(v.picklist(WEEKDAYS)), v.minLength(1)),
  jobName: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,80}$/)),
  createdAt: v.string(),
  lastRun: v.nullable(RunRecordSchema),
});

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export class ScheduleStore {
  readonly path: string;
  readonly #file: EntryFile<typeof ScheduleSchema>;

  constructor(dataFolder: string, onProblems?: ProblemSink) {
    this.path = join(dataFolder, SCHEDULES_FILE);
    this.#file = new EntryFile(
      this.path,
      { listKey: 'schedules', version: 1, schema: ScheduleSchema, identity: 'presetName', nameField: 'presetName' },
      onProblems,
    );
  }

  async list(): Promise<Schedule[]> {
    return (await this.load()).entries;
  }

  /**
   * The schedules that could be read, what is wrong with the file, and `unreadable` when the file
   * as a whole could not be read (then `entries` is empty whatever the operating system has).
   */
  async load(): Promise<LoadedFile<Schedule>> {
    const loaded = await this.#file.load();
    return { ...loaded, entries: loaded.entries as Schedule[] };
  }

  async find(presetName: string): Promise<Schedule | null> {
    return (await this.list()).find((schedule) => sameName(schedule.presetName, presetName)) ?? null;
  }

  async put(schedule: Schedule): Promise<void> {
    await this.#change((schedules) => [
      ...schedules.filter((candidate) => !sameName(candidate.presetName, schedule.presetName)),
      schedule,
    ]);
  }

  async delete(presetName: string): Promise<void> {
    await this.#change((schedules) => schedules.filter((candidate) => !sameName(candidate.presetName, presetName)));
  }

  /** Records a run; a run of a preset with no schedule (removed meanwhile) changes nothing. */
  async recordRun(presetName: string, record: ScheduledRunRecord): Promise<void> {
    await this.#change((schedules) =>
      schedules.map((schedule) =>
        sameName(schedule.presetName, presetName) ? { ...schedule, lastRun: record } : schedule,
      ),
    );
  }

  async #change(change: (schedules: Schedule[]) => Schedule[]): Promise<void> {
    await this.#file.update((schedules) => ({
      entries: change(schedules as Schedule[]) as v.InferOutput<typeof ScheduleSchema>[],
      result: undefined,
    }));
  }
}
