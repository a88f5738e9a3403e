/**
 * Schedules of presets: installs and removes the native job (systemd user timer, launchd agent,
 * Task Scheduler task) that runs this app's command line, keeps the list and each last run, and
 * says which scheduled runs failed since the user last looked.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeDataFileProblem } from '../../shared/data-file-problems.ts';
import { AppError } from '../../shared/errors.ts';
import { count } from '../../shared/plural.ts';
import { productionProfiles, type Profile } from '../../shared/profile-schema.ts';
import { planUnpublishes } from '../../shared/plan-steps.ts';
import type { Preset } from '../../shared/preset-schema.ts';
import {
  runFailed,
  type Schedule,
  type ScheduledRunRecord,
  type ScheduleOverview,
  type ScheduleView,
  type UnlistedJob,
  type Weekday,
} from '../../shared/schedule.ts';
import type { ProfileStore } from '../profiles/profile-store.ts';
import type { PresetStore } from '../purge/preset-store.ts';
import { isJobId, jobNameFor, jobSpec, scheduleLogFile } from './job-spec.ts';
import type { NativeScheduler } from './native-scheduler.ts';
import { nextRun } from './schedule-time.ts';
import { SCHEDULES_FILE, type ScheduleStore } from './schedule-store.ts';
import { readJson, writeJsonAtomic } from '../storage/json-file.ts';

/** When the user last saw the scheduled runs' outcomes (the window's notice). */
const SEEN_FILE = 'schedules-seen.json';

/** The time in the seen file; none (never acknowledged) when it is missing or not what the app wrote. */
function seenAtOf(read: Awaited<ReturnType<typeof readJson>>): string | null {
  const seenAt = read.state === 'parsed' ? (read.value as { seenAt?: unknown } | null)?.seenAt : null;
  return typeof seenAt === 'string' && !Number.isNaN(Date.parse(seenAt)) ? seenAt : null;
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

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
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

  /** Why this computer's scheduler cannot be used now; null when it can (or the app knows none). */
  async backendUnavailable(): Promise<string | null> {
    return (await this.#deps.native?.unavailable?.()) ?? null;
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
    const spec = this.#spec(preset.name, production, request);
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

  /** The id a job runs this data folder's preset by: its job name, [a-z0-9-] only. */
  jobIdFor(presetName: string): string {
    return jobNameFor(presetName, this.#deps.dataFolder);
  }

  /** The name of the preset a job id stands for (`preset run --id`). */
  async presetNameForId(id: string): Promise<string> {
    if (!isJobId(id)) throw new AppError('VALIDATION', 'A preset id has only letters, digits, "_" and "-".');
    const { presets } = await this.#deps.presets.list();
    const preset = presets.find((candidate) => this.jobIdFor(candidate.name) === id);
    if (preset) return preset.name;
    const schedule = (await this.#readStore()).schedules.find((candidate) => candidate.jobName === id);
    if (schedule) return schedule.presetName;
    throw new AppError('PRESET_NOT_FOUND', `No preset has the id ${id}; it was removed or renamed.`);
  }

  async list(): Promise<ScheduleView[]> {
    return Promise.all((await this.#readStore()).schedules.map((schedule) => this.#view(schedule)));
  }

  /**
   * The schedules, and the jobs this app installed for this folder's presets that the schedules
   * file does not list (it could not be read, or was edited): those are read from the scheduler.
   */
  async overview(): Promise<ScheduleOverview> {
    const store = await this.#readStore();
    const schedules = await Promise.all(store.schedules.map((schedule) => this.#view(schedule)));
    const unlisted = await this.#unlisted(store.schedules);
    const problem =
      store.problem ??
      (unlisted.length === 0
        ? null
        : `${SCHEDULES_FILE} does not list ${count(unlisted.length, 'job')} this app installed (it could not be read, or was changed by hand).`);
    return { schedules, unlisted, problem };
  }

  /** Removes a preset's schedule (by preset name or job name), listed or only installed. */
  async remove(presetName: string): Promise<Pick<Schedule, 'presetName' | 'jobName'>> {
    const { schedules } = await this.#readStore();
    const schedule = schedules.find((candidate) => sameName(candidate.presetName, presetName));
    if (schedule) {
      if (this.#deps.native) await this.#deps.native.remove(schedule.jobName);
      await this.#deps.store.delete(schedule.presetName);
      return schedule;
    }
    const job = (await this.#unlisted(schedules)).find(
      (candidate) => sameName(candidate.presetName, presetName) || candidate.jobName === presetName,
    );
    if (!job || !this.#deps.native)
      throw new AppError('SCHEDULE_NOT_FOUND', `Preset "${presetName.slice(0, 80)}" has no schedule.`);
    await this.#deps.native.remove(job.jobName);
    return job;
  }

  /** For a removed preset: its schedule goes too, if it had one. */
  async removeIfAny(presetName: string): Promise<boolean> {
    try {
      await this.remove(presetName);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'SCHEDULE_NOT_FOUND') return false;
      throw error;
    }
  }

  /**
   * Renames a preset; its schedule follows: the job is installed again under the new name's job
   * and the old one removed, with the same time, days and last run. The schedule is moved to the
   * new name first, so until the new job is in place (or if installing it fails) the old job still
   * finds the preset by its old id.
   */
  async renamePreset(from: string, to: string): Promise<{ preset: Preset; rescheduled: boolean }> {
    const old = (await this.#readStore()).schedules.find((candidate) => sameName(candidate.presetName, from));
    // Checked before anything changes: a scheduled preset is renamed only where its job can follow.
    const native = old ? this.#native() : null;
    const preset = await this.#deps.presets.rename(from, to);
    if (!old || !native || old.presetName === preset.name) return { preset, rescheduled: false };
    await this.#deps.store.delete(old.presetName);
    await this.#deps.store.put({ ...old, presetName: preset.name });
    const production = (await this.productionEnvironments(preset.name)).length > 0 || planUnpublishes(preset);
    const spec = this.#spec(preset.name, production, old);
    try {
      await native.install(spec);
    } catch (error) {
      // What the failed install left (unit files written before systemctl refused) goes again.
      if (spec.jobName !== old.jobName) await native.remove(spec.jobName).catch(() => undefined);
      throw new AppError(
        'SCHEDULER_FAILED',
        `The preset is now "${preset.name}" and its old job still runs it, but the job could not be moved to the new name: ${(error as Error).message}`,
        { cause: error },
      );
    }
    await this.#deps.store.put({ ...old, presetName: preset.name, jobName: spec.jobName });
    if (spec.jobName !== old.jobName) await native.remove(old.jobName);
    return { preset, rescheduled: true };
  }

  async recordRun(presetName: string, record: ScheduledRunRecord): Promise<void> {
    await this.#deps.store.recordRun(presetName, record);
  }

  /** Appends to the schedule's log file (in the data folder), whether or not it is still scheduled. */
  async log(presetName: string, text: string): Promise<void> {
    await this.logJob(this.jobIdFor(presetName), text);
  }

  /** Appends to a job's log file by the job's id (a job whose preset cannot be found still says why). */
  async logJob(jobName: string, text: string): Promise<void> {
    // The id becomes a file name: only the safe alphabet may.
    if (!isJobId(jobName)) return;
    const file = scheduleLogFile(this.#deps.dataFolder, jobName);
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, text, { mode: 0o600 });
  }

  /** Scheduled runs that did not fully succeed and ended after the user last acknowledged them. */
  async unseenFailures(): Promise<ScheduleView[]> {
    const seenAt = seenAtOf(await readJson(this.#seenFile()));
    const since = seenAt === null ? 0 : Date.parse(seenAt);
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

  #spec(presetName: string, production: boolean, when: Pick<Schedule, 'time' | 'days'>): ReturnType<typeof jobSpec> {
    return jobSpec({
      presetName,
      dataFolder: this.#deps.dataFolder,
      cliInvocation: this.#deps.cliInvocation,
      production,
      time: when.time,
      days: when.days,
      env: this.#deps.env ?? {},
    });
  }

  /** The schedules file, or why it cannot be read (its jobs are then found on the scheduler's side). */
  async #readStore(): Promise<{ schedules: Schedule[]; problem: string | null }> {
    const loaded = await this.#deps.store.load();
    const damage = loaded.unreadable ? loaded.problems.find((problem) => problem.entry === null) : undefined;
    if (!loaded.unreadable) return { schedules: loaded.entries, problem: null };
    const why = damage ? describeDataFileProblem(damage) : 'it is damaged';
    return { schedules: [], problem: `${SCHEDULES_FILE} could not be read: ${why}` };
  }

  /** Jobs of this folder's presets that the scheduler has and the schedules file does not list. */
  async #unlisted(listed: readonly Schedule[]): Promise<UnlistedJob[]> {
    const native = this.#deps.native;
    if (!native) return [];
    const installed = new Set(await native.installedJobs().catch(() => [] as string[]));
    if (installed.size === 0) return [];
    const known = new Set(listed.map((schedule) => schedule.jobName));
    const { presets } = await this.#deps.presets.list();
    return presets.flatMap((preset) => {
      const jobName = this.jobIdFor(preset.name);
      return installed.has(jobName) && !known.has(jobName)
        ? [{ presetName: preset.name, jobName, backend: native.backend }]
        : [];
    });
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
