/**
 * A run started by a native schedule (`preset run --id ID --scheduled`): everything it prints also goes
 * to the schedule's log file in the data folder, and its outcome is kept as the schedule's last run,
 * which the window shows and warns about.
 */
import { toErrorInfo } from '../../shared/errors.ts';
import { neutralisedName } from '../../shared/name-rules.ts';
import type { PurgeSummary } from '../../shared/model.ts';
import type { ScheduledRunRecord } from '../../shared/schedule.ts';
import { logScheduledRun, recordScheduledRun } from '../use-cases/schedules.ts';
import { reportError, type Context } from './context.ts';

export async function runScheduled(
  presetName: string,
  context: Context,
  purge: (onOutcome: (outcome: { summary: PurgeSummary }) => void) => Promise<number>,
): Promise<number> {
  const startedAt = new Date().toISOString();
  const { services } = context;
  await logScheduledRun(
    services,
    presetName,
    `--- ${startedAt} scheduled run of preset "${neutralisedName(presetName)}"\n`,
  );
  const io = context.io;
  let captured = '';
  context.io = {
    ...io,
    stdout: (text) => {
      captured += text;
      io.stdout(text);
    },
    stderr: (text) => {
      captured += text;
      io.stderr(text);
    },
  };
  let outcome: { summary: PurgeSummary } | null = null;
  let exitCode: number;
  let failure: ScheduledRunRecord['error'] = null;
  try {
    exitCode = await purge((finished) => (outcome = finished));
  } catch (error) {
    failure = toErrorInfo(error);
    exitCode = reportError(context, error);
  } finally {
    context.io = io;
  }
  const finishedAt = new Date().toISOString();
  const summary = (outcome as { summary: PurgeSummary } | null)?.summary;
  await logScheduledRun(services, presetName, `${captured}--- ${finishedAt} exit code ${exitCode}\n`);
  await recordScheduledRun(services, presetName, {
    startedAt,
    finishedAt,
    exitCode,
    succeeded: summary?.succeeded ?? 0,
    failed: summary?.failed ?? 0,
    error: failure,
  });
  return exitCode;
}
