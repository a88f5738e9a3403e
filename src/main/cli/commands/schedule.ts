/** `schedule add|list|remove`: presets run by the operating system's own scheduler. */
import { describeDays, type ScheduleView } from '../../../shared/schedule.ts';
import type { Confirmations } from '../../use-cases/confirmations.ts';
import * as schedules from '../../use-cases/schedules.ts';
import { exactly, parse, usage } from '../args.ts';
import { EXIT, PROGRAM, printJson, printLine, warn, type Context } from '../context.ts';
import { withActions, type Command } from './command.ts';
import { safeText } from '../terminal-text.ts';

export const scheduleCommand: Command = {
  help: `Usage:
  ${PROGRAM} schedule add PRESET --at HH:MM [--days mon,tue,...|mon-fri|weekdays|daily] [--yes] [--json]
  ${PROGRAM} schedule list [--json]
  ${PROGRAM} schedule remove PRESET|JOB [--json]

  Installs a job in this computer's own scheduler (a systemd user timer on Linux, a launchd agent
  on macOS, a Task Scheduler task on Windows) that runs "preset run --id JOB" as you, in your login
  session, where the keychain is reachable. Runs are logged to a file in the data folder, marked
  "scheduled" in the history, and shown with their outcome in the window. Without --days it runs
  every day. A preset that purges production needs --yes (or its name typed at a terminal): the
  scheduled run will not ask for the confirmation. Adding a schedule for a preset that has one
  replaces it; removing the preset removes its schedule. The job names the preset by its id, never
  by its name. When schedules.json cannot be read, the jobs this app installed for this folder's
  presets are still listed (from the scheduler) and removable.
`,
  run: withActions('schedule', { add, list, remove }),
};

/**
 * --yes, or each production environment's name typed at a terminal: the scheduled run will not
 * ask. Deleting cube caches unpublishes cubes: only --yes accepts that, so nothing is asked then.
 */
async function confirmations(presetName: string, yes: boolean, context: Context): Promise<Confirmations> {
  if (yes) return { production: true, unpublish: true };
  const given = { howToConfirm: 'add --yes' };
  const needed = await schedules.scheduleNeeds(context.services, presetName);
  const ask = context.io.ask;
  if (needed.unpublishes || needed.production.length === 0 || !ask) return given;
  const typedNames: string[] = [];
  for (const name of needed.production)
    typedNames.push(
      await ask(
        `${safeText(name)} is production and the scheduled run will purge it without asking. Type its name to confirm: `,
      ),
    );
  return { ...given, typedNames };
}

async function add(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, {
    at: { type: 'string' },
    days: { type: 'string' },
    yes: { type: 'boolean' },
  });
  const [presetName] = exactly(positionals, 1, 'one preset name');
  if (!values.at) throw usage('--at HH:MM is required, for example --at 02:00.');
  const time = schedules.parseTime(values.at as string);
  const days = schedules.parseDays(values.days as string | undefined);
  const schedule = await schedules.addSchedule(
    context.services,
    { presetName: presetName as string, time, days },
    await confirmations(presetName as string, values.yes === true, context),
  );
  if (context.json) printJson(context, { ok: true, schedule });
  else
    context.io.stdout(
      `Scheduled preset ${safeText(schedule.presetName)} at ${schedule.time}, ${describeDays(schedule.days)} (${schedule.backend} ${schedule.jobName}).\n` +
        `Next run: ${schedule.nextRun ? new Date(schedule.nextRun).toString() : 'none'}. Log: ${schedule.logFile}\n`,
    );
  return EXIT.ok;
}

function lastRunText(schedule: ScheduleView): string {
  const run = schedule.lastRun;
  if (!run) return 'never ran';
  const result =
    run.exitCode === 0
      ? `${run.succeeded} succeeded`
      : run.error
        ? `${run.error.code}`
        : `${run.failed} failed, ${run.succeeded} succeeded`;
  return `last ${run.finishedAt} exit ${run.exitCode} (${result})`;
}

async function list(args: string[], context: Context): Promise<number> {
  parse(args, {});
  const { backend, schedules: all, unlisted, problem } = await schedules.listSchedules(context.services);
  if (context.json) {
    printJson(context, { ok: true, backend, schedules: all, unlisted, problem });
    return EXIT.ok;
  }
  if (problem) warn(context, problem);
  if (all.length === 0 && unlisted.length === 0)
    context.io.stdout(`No schedules. Add one with: ${PROGRAM} schedule add PRESET --at 02:00\n`);
  for (const schedule of all) {
    printLine(
      context,
      schedule.presetName,
      `${schedule.time} ${describeDays(schedule.days)}`,
      `next ${schedule.nextRun ?? 'none'}`,
      lastRunText(schedule),
      schedule.installed ? schedule.backend : `NOT INSTALLED (${schedule.backend} missing)`,
    );
    if (!schedule.installed)
      warn(context, `the ${schedule.backend} of ${schedule.presetName} is gone; "schedule add" installs it again.`);
  }
  for (const job of unlisted)
    printLine(context, job.presetName, 'time unknown (not in schedules.json)', `${job.backend} ${job.jobName}`);
  if (unlisted.length > 0)
    warn(
      context,
      `${PROGRAM} schedule remove PRESET removes such a job; schedule add PRESET --at HH:MM lists it again.`,
    );
  return EXIT.ok;
}

async function remove(args: string[], context: Context): Promise<number> {
  const [presetName] = exactly(parse(args, {}).positionals, 1, 'one preset name');
  const removed = await schedules.removeSchedule(context.services, presetName as string);
  if (context.json) printJson(context, { ok: true, removed: removed.presetName });
  else context.io.stdout(`Removed the schedule of preset ${safeText(removed.presetName)}.\n`);
  return EXIT.ok;
}
