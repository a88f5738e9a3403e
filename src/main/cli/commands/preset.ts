/** `preset save|list|remove|run|command|import-script`: maintenance plans, run by hand or by a schedule. */
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { PurgeSummary } from '../../../shared/model.ts';
import { nameProblem, nameRuleMessage } from '../../../shared/name-rules.ts';
import { describeStep, singlePurge } from '../../../shared/plan-steps.ts';
import { importedSteps } from '../../../shared/script-import.ts';
import { findEnvironment } from '../../use-cases/environments.ts';
import * as plans from '../../use-cases/plans-and-presets.ts';
import { presetNameForJob } from '../../use-cases/schedules.ts';
import { exactly, parse, usage, userPath, type Values } from '../args.ts';
import { EXIT, PROGRAM, printJson, printLine, warn, warnAboutName, type Context } from '../context.ts';
import {
  RUN_OPTIONS,
  SELECTION_OPTIONS,
  cacheTypes,
  runPurge,
  selection,
  withEnvironmentsClaimed,
} from '../purge-run.ts';
import { runPlanCommand } from '../plan-run.ts';
import { previewPlanCommand } from '../plan-dry-run.ts';
import { runScheduled } from '../scheduled-run.ts';
import { checkPlanNames, type NameCheck } from '../../use-cases/plan-names.ts';
import type { Step } from '../../../shared/preset-schema.ts';
import { withActions, type Command } from './command.ts';
import { safeText } from '../terminal-text.ts';
import { count } from '../../../shared/plural.ts';

export const presetCommand: Command = {
  help: `Usage:
  ${PROGRAM} preset save NAME PROFILE... (--project NAME... | --all) --type object|element|both [--force]
  ${PROGRAM} preset list [--json]
  ${PROGRAM} preset remove NAME                also removes its schedule
  ${PROGRAM} preset rename NAME NEW_NAME       its schedule follows
  ${PROGRAM} preset run NAME [--yes] [--skip-missing] [--stop-on-error] [--password-stdin] [--force] [--json]
  ${PROGRAM} preset run --id ID ...            by the id a schedule or "preset command" runs it by
  ${PROGRAM} preset run NAME --dry-run [--password-stdin] [--json]
                                               what each step would send, per environment and node; nothing is sent
  ${PROGRAM} preset command NAME               a cron line and a schtasks command for it
  ${PROGRAM} preset import-script FILE.scp --profile NAME [--profile NAME2]... [--name PRESET] [--force] [--strict]
             [--always-run-resume] [--json]

  A preset is a maintenance plan: an ordered list of steps (object/element purges, content cache
  and cube cache actions, project idle/resume/load/unload, schema updates), run in order on every
  environment of the preset. A step marked "always run" runs even after a failed step or a stop. A failed step does not
  stop the plan unless --stop-on-error. "preset save" makes a one-step purge preset; import-script
  turns a Command Manager script into a plan (the window edits steps too), checking its project and
  cube names on each environment (the server, else the last known list): --strict refuses a script
  with names they do not have (exit 2, nothing saved).
  A preset of one purge step runs and reports exactly as "purge" does.
  A preset of the same name is replaced only with --force (save, import-script).
  A name may not hold control or text-direction characters, nor start with "-". A name saved by
  an older version that starts with "-" goes after "--": ${PROGRAM} preset rename -- -h NEW_NAME
  "preset run" refuses while another run works on one of its environments; --force runs alongside
  it (a scheduled run always refuses). Ctrl-C or SIGTERM stops starting calls, records every item
  and exits 130 after the summary; a second Ctrl-C exits at once.
  To let the app install the schedule itself: ${PROGRAM} schedule add NAME --at 02:00
`,
  run: withActions('preset', { save, list, remove, rename, run, command, 'import-script': importScript }),
};

async function list(args: string[], context: Context): Promise<number> {
  parse(args, {});
  const { presets: all, problems } = await plans.listPresetsWithNames(context.services);
  if (context.json)
    printJson(context, {
      ok: true,
      presets: all.map((preset) => ({ ...preset, nameProblem: nameProblem(preset.name) })),
      problems,
    });
  else
    for (const preset of all) {
      warnAboutName(context, 'preset', preset.name, `${PROGRAM} preset rename NAME NEW_NAME`);
      printLine(context, preset.name, preset.environmentNames.join(', '), count(preset.steps.length, 'step'));
      for (const [index, step] of preset.steps.entries()) printLine(context, '', `${index + 1}.`, describeStep(step));
    }
  return EXIT.ok;
}

async function save(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, { ...SELECTION_OPTIONS, force: { type: 'boolean' } });
  const [name, ...profileNames] = positionals;
  if (!name || profileNames.length === 0) throw usage('Expected the preset name and at least one profile.');
  const environments = await Promise.all(
    profileNames.map(async (profileName) => (await findEnvironment(context.services, profileName)).id),
  );
  const preset = await plans.savePreset(
    context.services,
    { name, environments, steps: [{ kind: 'purge', projects: selection(values), cacheTypes: cacheTypes(values) }] },
    { replace: values.force === true },
  );
  if (context.json) printJson(context, { ok: true, preset });
  else context.io.stdout(`Saved preset ${safeText(preset.name)}.\n`);
  return EXIT.ok;
}

async function remove(args: string[], context: Context): Promise<number> {
  const [name] = exactly(parse(args, {}).positionals, 1, 'one preset name');
  const removed = await plans.removePreset(context.services, name as string);
  if (context.json) printJson(context, { ok: true, removed: removed.name, scheduleRemoved: removed.scheduleRemoved });
  else
    context.io.stdout(
      `Removed preset ${safeText(removed.name)}${removed.scheduleRemoved ? ' and its schedule' : ''}.\n`,
    );
  return EXIT.ok;
}

async function rename(args: string[], context: Context): Promise<number> {
  const [from, to] = exactly(parse(args, {}).positionals, 2, 'the preset name and its new name');
  const { preset, rescheduled } = await plans.renamePreset(context.services, from as string, to as string);
  if (context.json) printJson(context, { ok: true, preset, rescheduled });
  else
    context.io.stdout(
      `Renamed preset ${safeText(from as string)} to ${safeText(preset.name)}${rescheduled ? '; its schedule follows' : ''}.\n`,
    );
  return EXIT.ok;
}

/** The preset a run names: by --id (what scheduled jobs use), or by its name. */
async function presetToRun(values: Values, positionals: string[], context: Context): Promise<string> {
  const id = values.id as string | undefined;
  if (id === undefined) return exactly(positionals, 1, 'one preset name or --id ID')[0] as string;
  exactly(positionals, 0, 'either a preset name or --id, not both');
  return presetNameForJob(context.services, id, { scheduled: values.scheduled === true });
}

async function run(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, {
    ...RUN_OPTIONS,
    id: { type: 'string' },
    scheduled: { type: 'boolean' },
    'stop-on-error': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  });
  const name = await presetToRun(values, positionals, context);
  if (values['dry-run']) {
    if (values.scheduled) throw usage('A scheduled run cannot be a dry run.');
    const preset = await plans.getPreset(context.services, name);
    return previewPlanCommand(preset, await plans.presetEnvironments(context.services, preset), values, context);
  }
  const purge = async (onOutcome: (outcome: { summary: PurgeSummary }) => void): Promise<number> => {
    const preset = await plans.getPreset(context.services, name);
    const chosen = await plans.presetEnvironments(context.services, preset);
    const scheduled = values.scheduled === true;
    const what = `preset run ${preset.name}${scheduled ? ' (scheduled)' : ''}`;
    const only = singlePurge(preset);
    if (only) return runPurge(chosen, only.projects, only.cacheTypes, values, context, { scheduled, onOutcome, what });
    return withEnvironmentsClaimed(chosen, values, context, { what, scheduled }, () =>
      runPlanCommand(preset, chosen, values, context, { scheduled, onOutcome }),
    );
  };
  if (values.scheduled) return runScheduled(name, context, purge);
  return purge(() => {});
}

async function command(args: string[], context: Context): Promise<number> {
  const [name] = exactly(parse(args, {}).positionals, 1, 'one preset name');
  const lines = await plans.presetCommand(context.services, name as string);
  if (context.json) printJson(context, { ok: true, ...lines });
  else context.io.stdout(`${lines.cronComment}\n${lines.cron}\n`);
  return EXIT.ok;
}

/** The preset name a script's file name gives, refused before the script is read when it breaks the rule. */
function nameFromFile(path: string): string {
  const name = basename(path).replace(/\.(scp|txt)$/i, '');
  const message = nameRuleMessage('preset', name);
  if (message !== null)
    throw new AppError('INVALID_NAME', `${message} It comes from the file name: give a name with --name PRESET.`, {
      details: { field: 'name' },
    });
  return name;
}

/** `preset import-script FILE.scp --profile NAME...`: a Command Manager script as a plan. */
async function importScript(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, {
    profile: { type: 'string', multiple: true },
    name: { type: 'string' },
    force: { type: 'boolean' },
    strict: { type: 'boolean' },
    'always-run-resume': { type: 'boolean' },
  });
  const [file] = exactly(positionals, 1, 'one script file');
  const profileNames = (values.profile as string[] | undefined) ?? [];
  if (profileNames.length === 0) throw usage('Name the environments to run it on with --profile NAME (repeatable).');
  const environments = await Promise.all(
    profileNames.map(async (name) => (await findEnvironment(context.services, name)).id),
  );
  const path = userPath(context.io, file as string);
  const name = (values.name as string | undefined) ?? nameFromFile(path);
  const result = await plans.readScript(path);
  const steps = importedSteps(result);
  const names = await checkScriptNames(steps, profileNames, values.strict === true, context);
  if (names === null) return EXIT.usage;
  const preset = await plans.saveScriptAsPreset(context.services, result, {
    name,
    environments,
    replace: values.force === true,
    alwaysRunResume: values['always-run-resume'] === true,
  });
  const exitCode = preset ? EXIT.ok : EXIT.usage;
  if (context.json) {
    printJson(context, { ok: preset !== null, exitCode, preset, ...result, names });
    return exitCode;
  }
  for (const entry of result.imported)
    for (const step of entry.steps) {
      printLine(context, `line ${entry.line}: imported: ${describeStep(step)}`);
      for (const note of entry.notes) printLine(context, `line ${entry.line}: note: ${note}`);
    }
  for (const entry of result.notImported) printLine(context, `line ${entry.line}: NOT imported: ${entry.reason}`);
  if (result.passwordIgnored) printLine(context, 'A password in the script was ignored; it is stored nowhere.');
  if (result.resumeAfterIdle?.length)
    printLine(
      context,
      values['always-run-resume']
        ? 'The resume after the idle is marked "always run": it runs even when an earlier step fails.'
        : 'The script idles a project and later resumes it: add --always-run-resume to mark the resume "always run", so it runs even when an earlier step fails.',
    );
  context.io.stdout(
    preset
      ? `Saved preset ${safeText(preset.name)}: ${count(steps.length, 'step')}; ${count(result.notImported.length, 'statement')} not imported.\n`
      : 'Nothing in the script can be imported; no preset was saved.\n',
  );
  return exitCode;
}

/**
 * The script's project and cube names checked on each environment (the server, else the last known
 * list), the unknown ones listed with the closest names; with --strict they refuse the import
 * (null: nothing saved, exit 2).
 */
async function checkScriptNames(
  steps: Step[],
  profileNames: string[],
  strict: boolean,
  context: Context,
): Promise<NameCheck | null> {
  const profiles = await Promise.all(profileNames.map((name) => findEnvironment(context.services, name)));
  const check = await checkPlanNames(context.services, steps, profiles);
  for (const { profileName, source } of check.checkedAgainst)
    if (source !== 'server')
      warn(
        context,
        `${profileName}: ${source === 'none' ? 'names not checked (the server could not be asked and no list is kept)' : 'names checked against the last known project list'}.`,
      );
  for (const unknown of check.unknown)
    warn(
      context,
      `${unknown.profileName}: no ${unknown.kind} "${unknown.name}".${unknown.didYouMean.length ? ` Did you mean ${unknown.didYouMean.map((name) => `"${name}"`).join(', ')}?` : ''}`,
    );
  if (strict && check.unknown.length > 0) {
    if (context.json) printJson(context, { ok: false, exitCode: EXIT.usage, names: check });
    else context.io.stderr('--strict: names the environments do not have; nothing was saved.\n');
    return null;
  }
  return check;
}
