/**
 * `preset run` for a maintenance plan (more than one step, or cache steps): the production rule
 * (--yes, or every production environment's name typed at a terminal), --yes for a plan that
 * deletes cube caches on any tier, the steps in order with a line per step at a terminal, and the
 * outcome as text or one JSON document (every item of every step) with its exit code. A first
 * Ctrl-C or SIGTERM stops starting calls, records every item's end and exits 130 after the summary.
 */
import type { Preset } from '../../shared/preset-schema.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import type { PlanOutcome, StepOutcome } from '../../shared/plan-outcome.ts';
import { planNeeds, requirePlanConfirmed, runPresetPlan, type CallChange } from '../use-cases/plans-and-presets.ts';
import type { Values } from './args.ts';
import { givenUpfront, namesToBeTyped, typedConfirmations } from './confirmations.ts';
import type { Confirmations } from '../use-cases/confirmations.ts';
import { connectAll, inCommandLineTerms, missingSecretError, suppliedSecret } from './connect.ts';
import { EXIT, printJson, printLine, type Context } from './context.ts';
import { watchInterrupts } from './interrupts.ts';
import { safeText } from './terminal-text.ts';
import { count, seconds } from '../../shared/plural.ts';
import { outcomeTotals } from '../../shared/plan-report.ts';

export function planExitCode(outcome: PlanOutcome): number {
  const statuses = outcome.steps.map((step) => step.status);
  if (statuses.some((status) => status === 'failed' || status === 'cancelled')) return EXIT.someFailed;
  return statuses.includes('unknown') ? EXIT.unknown : EXIT.ok;
}

function stepLines(step: StepOutcome): string[] {
  const places = step.environments
    .map((environment) => {
      const summary = environment.summary;
      const done = summary
        ? `${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.unknown} unknown` +
          (summary.cancelled ? `, ${summary.cancelled} cancelled` : '') +
          (summary.skipped ? `, ${summary.skipped} already so (not sent)` : '')
        : 'nothing sent';
      return `${environment.profileName}: ${done}${environment.error ? ` (${environment.error.code}: ${environment.error.message})` : ''}`;
    })
    .join('; ');
  const marked = step.ranBecauseAlwaysRun ? ' (ran because it is marked "always run")' : '';
  const details = step.environments.flatMap((environment) => (environment.details ?? []).map((line) => `  ${line}`));
  return [`step ${step.label}: ${step.status.toUpperCase()}${marked}${places ? ` - ${places}` : ''}`, ...details];
}

/** A step that found no secret says why in command-line terms, as `purge` does (the keychain, if that is the cause). */
async function explainStepErrors(outcome: PlanOutcome, profiles: readonly Profile[], context: Context): Promise<void> {
  for (const environment of outcome.steps.flatMap((step) => step.environments)) {
    const profile = profiles.find((candidate) => candidate.id === environment.profileId);
    if (!environment.error || !profile) continue;
    environment.error =
      environment.error.code === 'SECRET_REQUIRED'
        ? (await missingSecretError(profile, context)).toInfo()
        : inCommandLineTerms(environment.error, profile);
  }
}

/** Each cube, event or subscription of an after-load step, with how it ended. */
function itemLines(step: StepOutcome): string[] {
  return step.environments.flatMap((environment) =>
    (environment.items ?? []).map((item) => {
      const name = 'cube' in item ? item.cube : item.name;
      const ticket = item.error?.ticketId ? ` (ticketId ${item.error.ticketId})` : '';
      return `  ${environment.profileName}: ${item.status.toUpperCase()} ${name}: ${item.message ?? ''}${ticket}`;
    }),
  );
}

export async function runPlanCommand(
  preset: Preset,
  profiles: Profile[],
  values: Values,
  context: Context,
  options: { scheduled: boolean; onOutcome: (outcome: PlanOutcome) => void },
): Promise<number> {
  requirePlanConfirmed(preset, profiles, givenUpfront(values), namesToBeTyped(values, context));
  const confirmations = await typedConfirmations(
    planNeeds(preset, profiles).production,
    values,
    context,
    `About to run ${count(preset.steps.length, 'step')} of "${preset.name}".\n`,
  );
  await connectAll(profiles, await suppliedSecret(values, context, profiles), context);
  const { outcome, interrupted } = await runInterruptible(preset, profiles, confirmations, values, context, options);
  await explainStepErrors(outcome, profiles, context);
  const exitCode = interrupted ? EXIT.interrupted : planExitCode(outcome);
  options.onOutcome(outcome);
  if (context.json) printJson(context, { ok: exitCode === EXIT.ok, exitCode, ...outcome });
  else printPlanSummary(preset, outcome, context);
  return exitCode;
}

/** The plan run, stopped by a first Ctrl-C or SIGTERM as a run is (the calls in flight end and are recorded). */
async function runInterruptible(
  preset: Preset,
  profiles: Profile[],
  confirmations: Confirmations,
  values: Values,
  context: Context,
  options: { scheduled: boolean },
): Promise<{ outcome: PlanOutcome; interrupted: boolean }> {
  let stop = false;
  let stepsDone = 0;
  const calls = { counted: false, inFlight: 0, notSent: 0 };
  const interrupts = watchInterrupts(context, {
    stop: () => (stop = true),
    unrecorded: () => {
      const step = `Step ${Math.min(stepsDone + 1, preset.steps.length)} of ${preset.steps.length} was running`;
      const lacks = calls.counted
        ? ` (items in flight: ${calls.inFlight}; not sent: ${calls.notSent}): the history may lack them`
        : ': the history may lack its calls in flight and its items not sent';
      return `${step}${lacks}, and the steps after it are not recorded as skipped.`;
    },
  });
  try {
    const outcome = await runPresetPlan(context.services, preset, profiles, confirmations, {
      stopOnError: values['stop-on-error'] === true,
      scheduled: options.scheduled,
      cancelled: () => stop,
      onCall: (change) => countCall(calls, change),
      onStep: (step) => {
        stepsDone += 1;
        // A step that does not count its calls (project states, schema, cubes, events) says so in words.
        calls.counted = false;
        if (context.json) return;
        for (const line of stepLines(step)) printLine(context, line);
        for (const line of itemLines(step)) printLine(context, line);
      },
    });
    return { outcome, interrupted: interrupts.requested };
  } finally {
    interrupts.dispose();
  }
}

/** The items of the running step not yet ended: sent and unanswered, or not sent. */
function countCall(calls: { counted: boolean; inFlight: number; notSent: number }, change: CallChange): void {
  calls.counted = true;
  if (change.type === 'planned') calls.notSent += change.count;
  else if (change.type === 'started') {
    calls.notSent -= 1;
    calls.inFlight += 1;
  } else if (change.wasSent) calls.inFlight -= 1;
  else calls.notSent -= 1;
}

function printPlanSummary(preset: Preset, outcome: PlanOutcome, context: Context): void {
  const succeededSteps = outcome.steps.filter((step) => step.status === 'succeeded').length;
  const skippedSteps = outcome.steps.filter((step) => step.status === 'skipped').length;
  context.io.stdout(
    `Preset "${safeText(preset.name)}": ${succeededSteps} of ${count(outcome.steps.length, 'step')} succeeded` +
      (skippedSteps ? `, ${skippedSteps} skipped` : '') +
      `; ${outcomeTotals(outcome)} ` +
      `in ${seconds(outcome.durationMs)}` +
      (outcome.runId ? ` (run ${outcome.runId})` : '') +
      '.\n',
  );
}
