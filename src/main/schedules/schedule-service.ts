/**
 * Schedules of presets: installs and removes the native job (systemd user timer, launchd agent,
 * Task Scheduler task) that runs this app's command line, keeps the list and each last run, and
 * says which scheduled runs failed since the user last looked.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { productionProfiles, type Profile } from '../../shared/profile-schema.ts';
import { planUnpublishes } from '../../shared/plan-steps.ts';
import {
  runFailed,
  type Schedule,
  type ScheduledRunRecord,
  type ScheduleView,
  type Weekday,
} from '../../shared/schedule.ts';
import type { ProfileStore } from '../profiles/profile-store.ts';
import type { PresetStore } from '../purge/preset-store.ts';
import { jobNameFor, jobSpec, scheduleLogFile } from './job-spec.ts';
import type { NativeScheduler } from './native-scheduler.ts';
import { nextRun } from './schedule-time.ts';
import type { ScheduleStore } from './schedule-store.ts';
import { readJsonOrRecover, writeJsonAtomic } from '../storage/json-file.ts';

/** When the user last saw the scheduled runs' outcomes (the window's notice). */
const SEEN_FILE = 'schedules-seen.json';

function decodeSeen(parsed: unknown): { seenAt: string | null } {
  const seenAt = (parsed as { seenAt?: unknown } | null)?.seenAt;
  if (typeof seenAt !== 'string' || Number.isNaN(Date.parse(seenAt))) throw new Error('no valid seenAt');
  return { seenAt };
}

export interface ScheduleDependencies {
  dataFolder: string;
  store: ScheduleStore;
  presets: PresetStore;
  profiles: ProfileStore;
  /** This platform's scheduler, or null where the app knows none. */
  native: NativeScheduler | null;
  /** How the job starts this app's command line (program first). */
  cliInvocation: readonly string[];
  /** Variables the job must carry (a non-default keychain service name). */
  env?: Record<string, string>;
  now?: () => Date;
}

export interface AddSchedule {
  presetName: string;
  time: string;
  days: Weekday[];
}

export class ScheduleService {
  readonly #deps: ScheduleDependencies;

  constructor(dependencies: ScheduleDependencies) {
    this.#deps = dependencies;
  }

  get backend(): string | null {
    return this.#deps.native?.backend ?? null;
  }

  /** What a job runs (the command line's program first, absolute), its variables and data folder. */
  get jobInvocation(): { argv: readonly string[]; env: Record<string, string>; dataFolder: string } {
    return { argv: this.#deps.cliInvocation, env: this.#deps.env ?? {}, dataFolder: this.#deps.dataFolder };
  }

  /** The preset's production environments (its schedule then needs a confirmation). */
  async productionEnvironments(presetName: string): Promise<Profile[]> {
    const preset = await this.#deps.presets.get(presetName);
    return productionProfiles(preset.environments, (await this.#deps.profiles.list()).profiles);
  }

  /** Installs the job; the confirmation a production or unpublishing preset needs is asked for first, by the caller. */
  async add(request: AddSchedule): Promise<ScheduleView> {
    const native = this.#native();
    const preset = await this.#deps.presets.get(request.presetName);
    // A plan that deletes cube caches needs --yes on any tier, so its job carries it as production's does.
    const production = (await this.productionEnvironments(preset.name)).length > 0 || planUnpublishes(preset);
    const spec = jobSpec({
      presetName: preset.name,
      dataFolder: this.#deps.dataFolder,
      cliInvocation: this.#deps.cliInvocation,
      production,
      time: request.time,
      days: request.days,
      env: this.#deps.env ?? {},
    });
    await native.install(spec);
    const existing = await this.#deps.store.find(preset.name);
    const schedule: Schedule = {
      presetName: preset.name,
      time: request.time,
      days: request.days,
      jobName: spec.jobName,
      createdAt: this.#now().toISOString(),
      lastRun: existing?.lastRun ?? null,
    };
    await this.#deps.store.put(schedule);
    return this.#view(schedule);
  }

  async list(): Promise<ScheduleView[]> {
    return Promise.all((await this.#deps.store.list()).map((schedule) => this.#view(schedule)));
  }

  async remove(presetName: string): Promise<Schedule> {
    const schedule = await this.#deps.store.find(presetName);
    if (!schedule) throw new AppError('SCHEDULE_NOT_FOUND', `Preset "${presetName.slice(0, 80)}" has no schedule.`);
    if (this.#deps.native) await this.#deps.native.remove(schedule.jobName);
    await this.#deps.store.delete(schedule.presetName);
    return schedule;
  }

  /** For a removed preset: its schedule goes too, if it had one. */
  async removeIfAny(presetName: string): Promise<boolean> {
    if (!(await this.#deps.store.find(presetName))) return false;
    await this.remove(presetName);
    return true;
  }

  async recordRun(presetName: string, record: ScheduledRunRecord): Promise<void> {
    await this.#deps.store.recordRun(presetName, record);
  }

  /** Appends to the schedule's log file (in the data folder), whether or not it is still scheduled. */
  async log(presetName: string, text: string): Promise<void> {
    const file = scheduleLogFile(this.#deps.dataFolder, jobNameFor(presetName, this.#deps.dataFolder));
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, text, { mode: 0o600 });
  }

  /** Scheduled runs that did not fully succeed and ended after the user last acknowledged them. */
  async unseenFailures(): Promise<ScheduleView[]> {
    const seen = await readJsonOrRecover(this.#seenFile(), decodeSeen, () => ({ seenAt: null }));
    const since = seen.value.seenAt === null ? 0 : Date.parse(seen.value.seenAt);
    return (await this.list()).filter(
      (schedule) => runFailed(schedule.lastRun) && Date.parse(schedule.lastRun?.finishedAt ?? '') > since,
    );
  }

  async acknowledge(): Promise<void> {
    await writeJsonAtomic(this.#seenFile(), { seenAt: this.#now().toISOString() });
  }

  #seenFile(): string {
    return join(this.#deps.dataFolder, SEEN_FILE);
  }

  async #view(schedule: Schedule): Promise<ScheduleView> {
    const native = this.#deps.native;
    return {
      ...schedule,
      nextRun: nextRun(schedule.time, schedule.days, this.#now())?.toISOString() ?? null,
      installed: native ? await native.isInstalled(schedule.jobName) : false,
      backend: native?.backend ?? 'none',
      logFile: scheduleLogFile(this.#deps.dataFolder, schedule.jobName),
    };
  }

  #native(): NativeScheduler {
    if (!this.#deps.native)
      throw new AppError(
        'SCHEDULER_UNAVAILABLE',
        `This app knows no scheduler on ${process.platform}; use the command that "preset command" prints.`,
      );
    return this.#deps.native;
  }

  #now(): Date {
    return this.#deps.now?.() ?? new Date();
  }
}
