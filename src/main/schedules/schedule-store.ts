/** The schedules this data folder installed (schedules.json), with each one's last run. */
import { join } from 'node:path';
import * as v from 'valibot';
import { WEEKDAYS, type Schedule, type ScheduledRunRecord } from '../../shared/schedule.ts';
import { readJsonOrRecover, schemaDecoder, withFileLock, writeJsonAtomic } from '../storage/json-file.ts';

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

const SchedulesFileSchema = v.strictObject({ schemaVersion: v.literal(1), schedules: v.array(ScheduleSchema) });

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export class ScheduleStore {
  readonly path: string;

  constructor(dataFolder: string) {
    this.path = join(dataFolder, SCHEDULES_FILE);
  }

  async list(): Promise<Schedule[]> {
    return (await this.#read()) as Schedule[];
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

  async #read(): Promise<Schedule[]> {
    const outcome = await readJsonOrRecover(this.path, schemaDecoder(SchedulesFileSchema), () => ({
      schemaVersion: 1 as const,
      schedules: [],
    }));
    return outcome.value.schedules as Schedule[];
  }

  async #change(change: (schedules: Schedule[]) => Schedule[]): Promise<void> {
    await withFileLock(this.path, async () => {
      await writeJsonAtomic(this.path, { schemaVersion: 1, schedules: change(await this.#read()) });
    });
  }
}
