/**
 * Schedules: presets run by the operating system's own scheduler. A preset that reaches
 * production, or that deletes cube caches, is scheduled only once the user confirmed that its
 * scheduled run will not ask; refused otherwise with nothing installed. A scheduled run keeps its
 * log and its outcome as the schedule's last run.
 */
import { planUnpublishes } from '../../shared/plan-steps.ts';
import { toErrorInfo } from '../../shared/errors.ts';
import type { Schedule, ScheduledRunRecord, ScheduleOverview, ScheduleView, Weekday } from '../../shared/schedule.ts';
import type { Services } from '../services.ts';
import { requireConfirmations, type Confirmations, type NeededConfirmations } from './confirmations.ts';

export { parseDays, parseTime } from '../schedules/schedule-time.ts';

/**
 * The schedules, and the jobs this app installed for this folder's presets that the schedules
 * file does not list (it could not be read, or was edited), with why.
 */
export async function listSchedules(services: Services): Promise<{ backend: string | null } & ScheduleOverview> {
  return { backend: services.schedules.backend, ...(await services.schedules.overview()) };
}

/**
 * The preset a scheduled job's id stands for. For a scheduled run, a job whose preset is gone
 * leaves a line in its own log file, where its admin looks.
 */
export async function presetNameForJob(
  services: Services,
  id: string,
  options: { scheduled: boolean },
): Promise<string> {
  try {
    return await services.schedules.presetNameForId(id);
  } catch (error) {
    if (options.scheduled)
      await services.schedules
        .logJob(id, `--- ${new Date().toISOString()} scheduled run of job ${id}: ${toErrorInfo(error).message}\n`)
        .catch(() => undefined);
    throw error;
  }
}

/** What scheduling the preset needs confirmed. */
export async function scheduleNeeds(services: Services, presetName: string): Promise<NeededConfirmations> {
  const preset = await services.presets.get(presetName);
  const production = await services.schedules.productionEnvironments(preset.name);
  return { production: production.map((profile) => profile.name), unpublishes: planUnpublishes(preset) };
}

export async function addSchedule(
  services: Services,
  request: { presetName: string; time: string; days: Weekday[] },
  confirmations: Confirmations,
): Promise<ScheduleView> {
  const preset = await services.presets.get(request.presetName);
  requireConfirmations(await scheduleNeeds(services, preset.name), confirmations, {
    unpublish: `Preset "${preset.name}" deletes cube caches (unpublishing the cubes); its scheduled run will not ask for the confirmation.`,
    production: (names) =>
      `Preset "${preset.name}" purges production; its scheduled run will not ask for the confirmation. Type the name of ${names} to confirm.`,
    nothing: 'Nothing was installed.',
  });
  return services.schedules.add(request);
}

/** Removes a preset's schedule, by preset name or job name, listed or only installed. */
export function removeSchedule(
  services: Services,
  presetName: string,
): Promise<Pick<Schedule, 'presetName' | 'jobName'>> {
  return services.schedules.remove(presetName);
}

export function unseenScheduleFailures(services: Services): Promise<ScheduleView[]> {
  return services.schedules.unseenFailures();
}

export function acknowledgeScheduleFailures(services: Services): Promise<void> {
  return services.schedules.acknowledge();
}

/** Appends to the schedule's log in the data folder; a log that cannot be written does not stop the run. */
export async function logScheduledRun(services: Services, presetName: string, text: string): Promise<void> {
  await services.schedules.log(presetName, text).catch(() => undefined);
}

export function recordScheduledRun(services: Services, presetName: string, record: ScheduledRunRecord): Promise<void> {
  return services.schedules.recordRun(presetName, record);
}
