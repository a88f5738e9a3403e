/**
 * `preset run NAME --dry-run`: the plan's preview on the command line. It logs in where it must,
 * counts per step, environment and node what the run would send against the lists as they are now,
 * prints it (text, or one JSON document with --json) and sends nothing: no confirmation is asked,
 * no run is claimed, and the exit code is 0 once the preview is made.
 */
import type { PlanPreview, StepEnvironmentPreview, StepPreview } from '../../shared/plan-preview.ts';
import { count } from '../../shared/plural.ts';
import { leftAloneWords } from '../../shared/plan-words.ts';
import type { Preset } from '../../shared/preset-schema.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import { previewPresetPlan } from '../use-cases/plans-and-presets.ts';
import type { Values } from './args.ts';
import { connectAll, suppliedSecret } from './connect.ts';
import { EXIT, printJson, printLine, type Context } from './context.ts';
import { safeText } from './terminal-text.ts';

function environmentLine(step: StepPreview, environment: StepEnvironmentPreview): string {
  if (environment.error)
    return `${environment.profileName}: nothing would be sent (${environment.error.code}: ${environment.error.message})`;
  const nodes = environment.nodes.length
    ? ` - ${environment.nodes.map((node) => `${node.node} ${node.count}${node.alreadySo ? ` (${node.alreadySo} already so)` : ''}`).join(', ')}`
    : '';
  const left = environment.leftAlone ? `, ${leftAloneWords(step.kind, environment.leftAlone)}` : '';
  return `${environment.profileName}: ${count(environment.count, step.unit)}${left}${nodes}`;
}

function printPreview(preview: PlanPreview, context: Context): void {
  for (const step of preview.steps) {
    printLine(context, `step ${step.label}${step.alwaysRun ? ' (always run)' : ''}`);
    for (const environment of step.environments) {
      printLine(context, `  ${environmentLine(step, environment)}`);
      for (const note of environment.notes) printLine(context, `    ${note}`);
    }
  }
  const needs = [
    ...(preview.production.length
      ? [`${preview.production.join(', ')} is production: a run needs --yes or the name typed`]
      : []),
    ...(preview.unpublishes ? ['a step deletes cube caches, which unpublishes the cubes: a run needs --yes'] : []),
  ];
  for (const line of needs) printLine(context, `Note: ${line}.`);
  context.io.stdout(
    `Dry run of preset "${safeText(preview.presetName)}": ${count(preview.steps.length, 'step')} counted against the lists as they are now ` +
      `(a step is counted before the earlier ones run); nothing was sent.\n`,
  );
}

export async function previewPlanCommand(
  preset: Preset,
  profiles: Profile[],
  values: Values,
  context: Context,
): Promise<number> {
  await connectAll(profiles, await suppliedSecret(values, context, profiles), context);
  const preview = await previewPresetPlan(context.services, preset.name);
  if (context.json) printJson(context, { ok: true, exitCode: EXIT.ok, dryRun: true, ...preview });
  else printPreview(preview, context);
  return EXIT.ok;
}
