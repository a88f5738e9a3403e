/**
 * `preset run` for a maintenance plan (more than one step, or cache steps): the production rule
 * (--yes, or every production environment's name typed at a terminal), --yes for a plan that
 * deletes cube caches on any tier, the steps in order with a line per step at a terminal, and the
 * outcome as text or one JSON document with its exit code.
 */
import type { Preset } from '../../shared/preset-schema.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import type { PlanOutcome, StepOutcome } from '../../shared/plan-outcome.ts';
import { planNeeds, requirePlanConfirmed, runPresetPlan } from '../use-cases/plans-and-presets.ts';
import type { Values } from './args.ts';
import { givenUpfront, namesToBeTyped, typedConfirmations } from './confirmations.ts';
import { connectAll, suppliedSecret } from './connect.ts';
import { EXIT, printJson, printLine, type Context } from './context.ts';
import { safeText } from './terminal-text.ts';

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
          (summary.skipped ? `, ${summary.skipped} already so (not sent)` : '')
        : 'nothing sent';
      return `${environment.profileName}: ${done}${environment.error ? ` (${environment.error.code}: ${environment.error.message})` : ''}`;
    })
    .join('; ');
  const marked = step.ranBecauseAlwaysRun ? ' (ran because it is marked "always run")' : '';
  const details = step.environments.flatMap((environment) => (environment.details ?? []).map((line) => `  ${line}`));
  return [`step ${step.label}: ${step.status.toUpperCase()}${marked}${places ? ` - ${places}` : ''}`, ...details];
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
    `About to run ${preset.steps.length} step(s) of "${preset.name}".\n`,
  );
  await connectAll(profiles, await suppliedSecret(values, context), context);
  const showSteps = !context.json;
  const outcome = await runPresetPlan(context.services, preset, profiles, confirmations, {
    stopOnError: values['stop-on-error'] === true,
    scheduled: options.scheduled,
    onStep: (step) => {
      if (!showSteps) return;
      for (const line of stepLines(step)) printLine(context, line);
      for (const line of itemLines(step)) printLine(context, line);
    },
  });
  const exitCode = planExitCode(outcome);
  options.onOutcome(outcome);
  if (context.json) printJson(context, { ok: exitCode === EXIT.ok, exitCode, ...outcome });
  else {
    const { summary } = outcome;
    context.io.stdout(
      `Preset "${safeText(preset.name)}": ${outcome.steps.filter((step) => step.status === 'succeeded').length} of ${outcome.steps.length} step(s) succeeded; ` +
        `${summary.succeeded} request(s) succeeded, ${summary.failed} failed, ${summary.unknown} outcome unknown, ${summary.cancelled} cancelled ` +
        `in ${(outcome.durationMs / 1000).toFixed(1)} s.\n`,
    );
  }
  return exitCode;
}
