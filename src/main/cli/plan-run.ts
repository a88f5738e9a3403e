/**
 * `preset run` for a maintenance plan (more than one step, or cache steps): the production rule
 * (--yes, or every production environment's name typed at a terminal), --yes for a plan that
 * deletes cube caches on any tier, the steps in order with a line per step at a terminal, and the
 * outcome as text or one JSON document with its exit code.
 */
import { AppError } from '../../shared/errors.ts';
import { planUnpublishes } from '../../shared/plan-steps.ts';
import type { Preset } from '../../shared/preset-schema.ts';
import { isProductionTier, type Profile } from '../../shared/profile-schema.ts';
import type { PlanOutcome, StepOutcome } from '../../shared/plan-outcome.ts';
import { runPlan } from '../plans/plan-runner.ts';
import type { Values } from './args.ts';
import { connectWith, suppliedSecret } from './connect.ts';
import { EXIT, printJson, printLine, type Context } from './context.ts';
import { typeProductionNames } from './production-confirmation.ts';
import { safeText } from './terminal-text.ts';

async function confirm(preset: Preset, profiles: Profile[], values: Values, context: Context): Promise<void> {
  if (planUnpublishes(preset) && !values.yes)
    throw new AppError(
      'CONFIRMATION_REQUIRED',
      `Preset "${preset.name}" deletes cube caches, which unpublishes the cubes: users lose their data until each cube is published again. Add --yes. Nothing was sent.`,
    );
  const production = profiles.filter((profile) => isProductionTier(profile.tier));
  if (production.length === 0 || values.yes) return;
  await typeProductionNames(production, context, {
    summary: `About to run ${preset.steps.length} step(s) of "${preset.name}".\n`,
    withoutTerminal: `${production.map((profile) => profile.name).join(', ')} is production: add --yes to run preset "${preset.name}" without a terminal. Nothing was sent.`,
  });
}

export function planExitCode(outcome: PlanOutcome): number {
  const statuses = outcome.steps.map((step) => step.status);
  if (statuses.some((status) => status === 'failed' || status === 'cancelled')) return EXIT.someFailed;
  return statuses.includes('unknown') ? EXIT.unknown : EXIT.ok;
}

function stepLine(step: StepOutcome): string {
  const places = step.environments
    .map((environment) => {
      const summary = environment.summary;
      const done = summary
        ? `${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.unknown} unknown`
        : 'nothing sent';
      return `${environment.profileName}: ${done}${environment.error ? ` (${environment.error.code}: ${environment.error.message})` : ''}`;
    })
    .join('; ');
  return `step ${step.label}: ${step.status.toUpperCase()}${places ? ` - ${places}` : ''}`;
}

export async function runPlanCommand(
  preset: Preset,
  profiles: Profile[],
  values: Values,
  context: Context,
  options: { scheduled: boolean; onOutcome: (outcome: PlanOutcome) => void },
): Promise<number> {
  await confirm(preset, profiles, values, context);
  const secret = await suppliedSecret(values, context);
  if (secret !== undefined) {
    const logins = await Promise.allSettled(profiles.map((profile) => connectWith(profile, secret, context)));
    const failed = logins.find((login) => login.status === 'rejected');
    if (failed) throw failed.reason;
  }
  const showSteps = !context.json;
  const outcome = await runPlan(
    {
      engine: context.services.engine,
      caches: context.services.caches,
      profileName: async (id) => profiles.find((profile) => profile.id === id)?.name ?? id,
    },
    preset,
    {
      stopOnError: values['stop-on-error'] === true,
      scheduled: options.scheduled,
      onStep: (step) => showSteps && printLine(context, stepLine(step)),
    },
  );
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
