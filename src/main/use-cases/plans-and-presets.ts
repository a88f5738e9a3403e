/**
 * Presets (maintenance plans: ordered steps over environments) as both front ends use them: list,
 * save, remove (with its schedule), the command a scheduler runs, a Command Manager script turned
 * into a preset, and a run of the plan. A run is sent only with the production confirmation when
 * any of its environments is production, and, when a step deletes cube caches, only once the user
 * accepted that this unpublishes the cubes.
 */
import { userInfo } from 'node:os';
import { commandText } from '../../shared/command-words.ts';
import { AppError, toErrorInfo, type ErrorInfo } from '../../shared/errors.ts';
import type { PurgePlan } from '../../shared/model.ts';
import type { PlanOutcome, StepOutcome } from '../../shared/plan-outcome.ts';
import { planUnpublishes, singlePurge } from '../../shared/plan-steps.ts';
import type { Preset } from '../../shared/preset-schema.ts';
import { endsUserSessions } from '../../shared/project-state.ts';
import { isProductionTier, type Profile } from '../../shared/profile-schema.ts';
import { importedSteps, type ScriptImport } from '../../shared/script-import.ts';
import { importScriptFile } from '../cmdmgr/script-import.ts';
import { runPlan, type CallChange } from '../plans/plan-runner.ts';
import { previewPlan } from '../plans/plan-preview.ts';
import type { PlanPreview } from '../../shared/plan-preview.ts';
import { scheduledCommand, type ScheduledCommand } from '../schedules/scheduled-command.ts';
import { defaultDataFolder } from '../storage/data-folder.ts';
import type { Services } from '../services.ts';
import { neededFor, requireConfirmations, type Confirmations, type NeededConfirmations } from './confirmations.ts';
import { claimForWindow } from './runs-in-progress.ts';
import { newRunId, type WindowSession } from './window-session.ts';

export type { CallChange };

export async function listPresets(services: Services): Promise<Preset[]> {
  return (await services.presets.list()).presets;
}

/** The presets with their environments' names ("(deleted profile)" for one that is gone), and the preset file's problems. */
export async function listPresetsWithNames(services: Services) {
  const [{ presets, problems }, { profiles: known }] = await Promise.all([
    services.presets.list(),
    services.profiles.list(),
  ]);
  const named = presets.map((preset) => ({
    ...preset,
    environmentNames: preset.environments.map(
      (id) => known.find((profile) => profile.id === id)?.name ?? '(deleted profile)',
    ),
  }));
  return { presets: named, problems };
}

export function getPreset(services: Services, name: string): Promise<Preset> {
  return services.presets.get(name);
}

export function savePreset(services: Services, preset: unknown, options: { replace: boolean }): Promise<Preset> {
  return services.presets.save(preset, options);
}

/** Removes a preset and its schedule, if it had one. */
export async function removePreset(
  services: Services,
  name: string,
): Promise<{ name: string; scheduleRemoved: boolean }> {
  const preset = await services.presets.get(name);
  const scheduleRemoved = await services.schedules.removeIfAny(preset.name);
  await services.presets.remove(preset.name);
  return { name: preset.name, scheduleRemoved };
}

/** The preset's environments; one that was deleted since is an error the user can act on. */
export function presetEnvironments(services: Services, preset: Preset): Promise<Profile[]> {
  return Promise.all(
    preset.environments.map((id) =>
      services.profiles.get(id).catch(() => {
        throw new AppError(
          'PROFILE_NOT_FOUND',
          `Preset "${preset.name}" uses an environment that was deleted; edit the preset in the window or save it again.`,
        );
      }),
    ),
  );
}

/** What a run of the plan on these environments needs confirmed. */
export function planNeeds(preset: Preset, environments: readonly Profile[]): NeededConfirmations {
  return neededFor(environments, planUnpublishes(preset));
}

/** The plan of a one-purge preset, for the window's purge flow. */
export async function preparePresetPurge(services: Services, name: string): Promise<PurgePlan> {
  const preset = await services.presets.get(name);
  const only = singlePurge(preset);
  if (!only) throw new AppError('VALIDATION', `Preset "${preset.name}" has several steps; run it as a plan.`);
  return services.engine.prepare({
    environments: preset.environments,
    projects: only.projects,
    cacheTypes: only.cacheTypes,
  });
}

/**
 * The command a scheduler runs for the preset, naming it by its job id; with --yes when it reaches
 * production or unpublishes cubes.
 */
export async function presetCommand(services: Services, name: string): Promise<ScheduledCommand> {
  const preset = await services.presets.get(name);
  const chosen = await Promise.all(preset.environments.map((id) => services.profiles.get(id)));
  return scheduledCommand(
    {
      id: services.schedules.jobIdFor(preset.name),
      presetName: preset.name,
      production: chosen.some((profile) => isProductionTier(profile.tier)) || planUnpublishes(preset),
    },
    commandPrefix(services),
  );
}

/** Renames a preset; its schedule follows (installed again under the new name's job). */
export function renamePreset(
  services: Services,
  from: string,
  to: string,
): Promise<{ preset: Preset; rescheduled: boolean }> {
  return services.schedules.renamePreset(from, to);
}

/**
 * How a line pasted into a crontab starts this command line as it is: the absolute program (the
 * packaged app's executable, or Node and the checkout's launcher), HOME and the keychain service
 * set first when they are not the default, and the data folder when it is not the default one. A
 * process that knows no way to start itself (none given) prints the installed command's name.
 */
function commandPrefix(services: Services, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { argv, env: jobEnv, dataFolder } = services.schedules.jobInvocation;
  if (argv.length === 0) return undefined;
  const assignments = { ...(env.HOME && env.HOME !== userInfo().homedir ? { HOME: env.HOME } : {}), ...jobEnv };
  const exports = Object.entries(assignments)
    .map(([name, value]) => `${name}=${commandText([value])}; export ${name}; `)
    .join('');
  const { MSTR_CACHE_HOME: _ignored, ...withoutOverride } = env;
  const folder =
    dataFolder === defaultDataFolder(process.platform, withoutOverride) ? [] : ['--data-folder', dataFolder];
  return `${exports}${commandText([...argv, ...folder])}`;
}

/** Reads a Command Manager script: what each statement becomes, and what is not imported and why. */
export function readScript(file: string): Promise<ScriptImport> {
  return importScriptFile(file);
}

/** Saves what a script's preview can import as a preset; null when nothing in it can be. */
export async function saveScriptAsPreset(
  services: Services,
  preview: ScriptImport,
  target: { name: string; environments: string[]; replace: boolean; alwaysRunResume?: boolean },
): Promise<Preset | null> {
  const offered = new Set(target.alwaysRunResume ? (preview.resumeAfterIdle ?? []) : []);
  const steps = importedSteps(preview).map((step, index) => (offered.has(index) ? { ...step, alwaysRun: true } : step));
  if (steps.length === 0) return null;
  await Promise.all(target.environments.map((id) => services.profiles.get(id)));
  return services.presets.save(
    { name: target.name, environments: target.environments, steps },
    { replace: target.replace },
  );
}

/**
 * The plan's dry run on its environments: what each step would send where, against the lists as
 * they are now, with nothing sent and no confirmation needed.
 */
export async function previewPresetPlan(services: Services, name: string): Promise<PlanPreview> {
  const preset = await services.presets.get(name);
  const environments = await presetEnvironments(services, preset);
  return previewPlan(
    {
      engine: services.engine,
      caches: services.caches,
      projectStates: services.projectStates,
      runbook: services.runbook,
      profile: async (id) => {
        const profile = environments.find((candidate) => candidate.id === id);
        if (!profile)
          throw new AppError('PROFILE_NOT_FOUND', `Preset "${preset.name}" uses an environment that was deleted.`);
        return profile;
      },
    },
    preset,
  );
}

export interface PlanRunChoices {
  stopOnError: boolean;
  scheduled?: boolean;
  onStep?: (step: StepOutcome) => void;
  cancelled?: () => boolean;
  /** The plan run's id, on its history lines. */
  runId?: string;
  /** Hears the calls of purge and cache steps as they are planned, started and ended. */
  onCall?: (change: CallChange) => void;
  onStepStarted?: (step: { index: number; label: string }) => void;
  checkAfterwards?: boolean;
}

/** A plan that unloads or fully idles a project ends or blocks its users' sessions: the confirmation says so. */
function planSessionWarning(preset: Preset): string {
  const ending = preset.steps.some((step) => step.kind === 'project-state' && endsUserSessions(step.action, step.mode));
  return ending ? " It unloads or fully idles a project, which ends or blocks that project's user sessions." : '';
}

function planRefusal(preset: Preset) {
  return {
    unpublish: `Preset "${preset.name}" deletes cube caches, which unpublishes the cubes: users lose their data until each cube is published again.`,
    production: (names: string) =>
      `${names} is production: type its name to confirm the run of preset "${preset.name}".${planSessionWarning(preset)}`,
  };
}

/** Refuses a run of the plan that lacks a confirmation, before anything is sent (see requireConfirmations). */
export function requirePlanConfirmed(
  preset: Preset,
  environments: readonly Profile[],
  given: Confirmations,
  namesToBeTyped = false,
): void {
  requireConfirmations(planNeeds(preset, environments), given, planRefusal(preset), namesToBeTyped);
}

/** Runs the plan's steps in order on its environments, once its confirmations are given. */
export async function runPresetPlan(
  services: Services,
  preset: Preset,
  environments: readonly Profile[],
  confirmations: Confirmations,
  choices: PlanRunChoices,
): Promise<PlanOutcome> {
  requirePlanConfirmed(preset, environments, confirmations);
  const planServices = {
    engine: services.engine,
    caches: services.caches,
    projectStates: services.projectStates,
    runbook: services.runbook,
    profileName: async (id: string) => environments.find((profile) => profile.id === id)?.name ?? id,
  };
  return runPlan(planServices, preset, choices);
}

export interface PlanRunEvents {
  onStep: (runId: string, step: StepOutcome) => void;
  onStepStarted?: (runId: string, step: { index: number; label: string }) => void;
  onFinished: (runId: string, outcome: PlanOutcome | null, error: ErrorInfo | null) => void;
}

/** The window's run of a plan, in the background: cancellable by its run id, heard through the events. */
export async function startWindowPlan(
  services: Services,
  session: WindowSession,
  /** alongside: the user chose "Run anyway", next to another run on one of its environments. */
  request: { name: string; confirmations: Confirmations; stopOnError: boolean; alongside?: boolean },
  events: PlanRunEvents,
): Promise<{ runId: string }> {
  const preset = await services.presets.get(request.name);
  const environments = await presetEnvironments(services, preset);
  // Refused here, before a run id exists: the window hears the refusal as the answer to its request.
  requirePlanConfirmed(preset, environments, request.confirmations);
  // Claimed until it ends (another run on one of them refuses it); given back before "finished".
  const release = await claimForWindow(services, environments, `preset run ${preset.name}`, {
    alongside: request.alongside === true,
  });
  const runId = newRunId();
  const control = { cancelled: false, done: Promise.resolve() };
  const run = runPresetPlan(services, preset, environments, request.confirmations, {
    runId,
    stopOnError: request.stopOnError,
    cancelled: () => control.cancelled,
    onStep: (step) => events.onStep(runId, step),
    onStepStarted: (step) => events.onStepStarted?.(runId, step),
    // The window shows, as a single cache action does, what a fresh list shows after each cache step.
    checkAfterwards: true,
  });
  session.planRuns.set(runId, control);
  control.done = run
    .then(
      (outcome) => release().finally(() => events.onFinished(runId, outcome, null)),
      (error: unknown) => release().finally(() => events.onFinished(runId, null, toErrorInfo(error))),
    )
    .finally(() => session.planRuns.delete(runId));
  return { runId };
}

export function cancelWindowPlan(session: WindowSession, runId: string): void {
  const control = session.planRuns.get(runId);
  if (control) control.cancelled = true;
}
