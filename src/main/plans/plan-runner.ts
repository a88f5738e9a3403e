/**
 * Runs a maintenance plan (a preset's steps) in order, each step on every environment of the
 * preset at once: a purge through the purge engine, a cache action through the cache monitor (its
 * caches listed with the step's filter, then acted on; cubes the list shows already in the action's
 * target state are not sent, counted skipped and named in the details). A failed step does not stop the plan unless
 * asked to; the steps after a stop are "skipped", except those marked "always run" (the resume at the
 * end of a maintenance window), which run whatever happened before them. A cancel stops starting
 * calls at once, lets those in flight end, records every item's end (cancelled ones too) and leaves
 * the steps not started "skipped" (an always-run step still runs). A project-state or schema step
 * goes through the project-state service. The whole plan run is one run in the history: every line
 * carries the plan run's id and the step it belonged to.
 */
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import type { PurgeSummary } from '../../shared/model.ts';
import { describeStep, stepCacheFilter, stepLabel } from '../../shared/plan-steps.ts';
import { isRunbookStep, type CacheStep, type Preset, type Step } from '../../shared/preset-schema.ts';
import type { CacheActionItem, CacheActionOutcome } from '../../shared/cache-monitor.ts';
import {
  EMPTY_SUMMARY,
  tallyNode,
  type NodeResult,
  type PlanOutcome,
  type StepEnvironmentOutcome,
  type StepOutcome,
  type StepStatus,
} from '../../shared/plan-outcome.ts';
import type { CacheMonitor } from '../caches/cache-monitor.ts';
import { ACTION_TARGET, splitAlreadySo, type CacheRow } from '../../shared/cache-monitor.ts';
import { count } from '../../shared/plural.ts';
import type { PurgeEngine } from '../purge/purge-engine.ts';
import type { ProjectStateService } from '../project-state/project-state-service.ts';
import type { RunbookService } from '../runbook/runbook-service.ts';
import { newId } from '../storage/new-id.ts';
import { projectStateStep, schemaStep } from './project-state-steps.ts';
import { runbookStep } from './runbook-steps.ts';

export interface PlanRunOptions {
  stopOnError?: boolean;
  /** The plan run's id for the history; a new one when absent. */
  runId?: string;
  scheduled?: boolean;
  /** Hears each step as it ends (a skipped one too). */
  onStep?: (step: StepOutcome) => void;
  /** Hears each step that runs as it starts. */
  onStepStarted?: (step: { index: number; label: string }) => void;
  /** After each cache step, the list is read again to see which caches show the change. */
  checkAfterwards?: boolean;
  cancelled?: () => boolean;
  /** Hears the calls of purge and cache steps as they are planned, started and ended. */
  onCall?: (change: CallChange) => void;
}

/** A purge or cache step's calls: `count` planned, one started, or one ended (sent or never sent). */
export type CallChange = { type: 'planned'; count: number } | { type: 'started' } | { type: 'ended'; wasSent: boolean };

/** Calls heard as item events: "running" is a start; an end is sent unless it was cancelled unsent. */
function callListener(onCall: StepContext['onCall']) {
  return (event: { type: string; item?: { status: string } }): void => {
    if (!onCall || event.type !== 'item' || !event.item) return;
    if (event.item.status === 'running') onCall({ type: 'started' });
    else onCall({ type: 'ended', wasSent: event.item.status !== 'cancelled' });
  };
}

export interface PlanServices {
  engine: PurgeEngine;
  caches: CacheMonitor;
  /** Needed by project-state and schema steps only. */
  projectStates?: ProjectStateService;
  /** Cube republishes, event triggers, subscription sends (absent: such steps fail, nothing sent). */
  runbook?: RunbookService;
  profileName: (profileId: string) => Promise<string>;
}

function add(total: PurgeSummary, part: PurgeSummary | null): PurgeSummary {
  if (!part) return total;
  const sum = { ...total };
  for (const key of Object.keys(sum) as (keyof PurgeSummary)[]) sum[key] += part[key];
  return sum;
}

export interface StepContext {
  label: string;
  scheduled: boolean;
  cancelled: () => boolean;
  /** The plan run's id, on the history lines of its steps. */
  runId: string;
  onCall?: ((change: CallChange) => void) | undefined;
  checkAfterwards?: boolean;
}

/**
 * Waits for a run, cancelling it (no new calls start) as soon as the plan is cancelled: at once
 * when the cancel came while the step was being prepared, else within a few milliseconds.
 */
async function cancellable<T>(done: Promise<T>, cancelled: () => boolean, cancel: () => void): Promise<T> {
  if (cancelled()) cancel();
  const watch = setInterval(() => {
    if (cancelled()) cancel();
  }, 20);
  try {
    return await done;
  } finally {
    clearInterval(watch);
  }
}

export async function runPlan(
  services: PlanServices,
  preset: Preset,
  options: PlanRunOptions = {},
): Promise<PlanOutcome> {
  const startedAt = new Date().toISOString();
  const began = performance.now();
  const runId = options.runId ?? newId();
  const cancelled = options.cancelled ?? (() => false);
  const steps: StepOutcome[] = [];
  let stopped = false;
  for (const [index, step] of preset.steps.entries()) {
    const label = stepLabel(index, preset.steps.length, step);
    const outcome: StepOutcome = {
      index,
      label,
      description: describeStep(step),
      kind: step.kind,
      status: 'skipped',
      environments: [],
      ...(step.alwaysRun ? { alwaysRun: true } : {}),
    };
    const halted = stopped || cancelled();
    if (!halted || step.alwaysRun) {
      // A step marked "always run" runs after a stop or a cancel too, and is not itself cancelled.
      const stepCancelled = halted ? () => false : cancelled;
      const context = {
        label,
        runId,
        scheduled: options.scheduled === true,
        cancelled: stepCancelled,
        onCall: options.onCall,
        checkAfterwards: options.checkAfterwards === true,
      };
      options.onStepStarted?.({ index, label });
      outcome.environments = await Promise.all(
        preset.environments.map((profileId) => runStepOn(services, step, profileId, context)),
      );
      outcome.status = stepStatus(outcome.environments);
      if (halted) outcome.ranBecauseAlwaysRun = true;
    }
    steps.push(outcome);
    options.onStep?.(outcome);
    if (options.stopOnError && (outcome.status === 'failed' || outcome.status === 'cancelled')) stopped = true;
  }
  return {
    presetName: preset.name,
    runId,
    cancelled: cancelled(),
    startedAt,
    finishedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - began),
    steps,
    summary: steps
      .flatMap((step) => step.environments)
      .reduce((total, part) => add(total, part.summary), EMPTY_SUMMARY),
  };
}

function stepStatus(environments: readonly StepEnvironmentOutcome[]): StepStatus {
  const failed = environments.some(
    (environment) =>
      environment.error !== null ||
      (environment.summary !== null && (environment.summary.failed > 0 || environment.summary.blockedEnvironments > 0)),
  );
  if (failed) return 'failed';
  if (environments.some((environment) => (environment.summary?.cancelled ?? 0) > 0)) return 'cancelled';
  return environments.some((environment) => (environment.summary?.unknown ?? 0) > 0) ? 'unknown' : 'succeeded';
}

async function runStepOn(
  services: PlanServices,
  step: Step,
  profileId: string,
  context: StepContext,
): Promise<StepEnvironmentOutcome> {
  const result: StepEnvironmentOutcome = {
    profileId,
    profileName: await services.profileName(profileId),
    summary: null,
    error: null,
    missing: [],
  };
  try {
    if (step.kind === 'purge') await purgeStep(services, step, profileId, context, result);
    else if (step.kind === 'project-state')
      await projectStateStep(stateService(services), step, profileId, context, result);
    else if (step.kind === 'update-schema') await schemaStep(stateService(services), step, profileId, context, result);
    else if (isRunbookStep(step)) await runbookStep(services.runbook, step, profileId, context, result);
    else await cacheStep(services, step, profileId, context, result);
  } catch (error) {
    result.error = toErrorInfo(error);
  }
  return result;
}

function stateService(services: PlanServices): ProjectStateService {
  if (!services.projectStates) throw new AppError('INTERNAL', 'This run cannot change project states.');
  return services.projectStates;
}

async function purgeStep(
  services: PlanServices,
  step: Extract<Step, { kind: 'purge' }>,
  profileId: string,
  context: StepContext,
  result: StepEnvironmentOutcome,
): Promise<void> {
  const plan = await services.engine.prepare({
    environments: [profileId],
    projects: step.projects,
    cacheTypes: step.cacheTypes,
    step: context.label,
    runId: context.runId,
    ...(context.scheduled ? { scheduled: true } : {}),
  });
  result.missing = plan.missing.map((missing) => missing.selector);
  if (result.missing.length > 0)
    throw new AppError(
      'VALIDATION',
      `Not found: ${plan.missing.map((missing) => `${missing.selector}${missing.didYouMean?.length ? ` (did you mean ${missing.didYouMean.map((name) => `"${name}"`).join(', ')}?)` : ''}`).join(', ')}; this step sent nothing here.`,
    );
  result.error = plan.environments[0]?.error ?? null;
  context.onCall?.({ type: 'planned', count: plan.items.length });
  const run = services.engine.start(plan, callListener(context.onCall));
  const outcome = await cancellable(run.done, context.cancelled, () => run.cancel());
  result.summary = outcome.summary;
  result.runItems = outcome.items;
}

async function cacheStep(
  services: PlanServices,
  step: CacheStep,
  profileId: string,
  context: StepContext,
  result: StepEnvironmentOutcome,
): Promise<void> {
  const listing = await services.caches.list(profileId, step.kind, stepCacheFilter(step));
  result.missing = listing.missingProjects;
  const unlisted = listing.nodes.find((node) => node.error);
  if (listing.missingProjects.length > 0)
    throw new AppError(
      'VALIDATION',
      `Not found on any node: ${listing.missingProjects.join(', ')}; this step sent nothing here.`,
    );
  // Cubes a list already shows in the target state are left alone (content caches are all sent, as asked).
  const { toChange, alreadySo } =
    step.kind === 'cube' ? splitAlreadySo(step.action, listing.caches) : { toChange: listing.caches, alreadySo: [] };
  if (alreadySo.length > 0)
    result.details = [
      `${count(alreadySo.length, 'cache')} already ${ACTION_TARGET[step.action]}: not sent (${alreadySoNames(alreadySo)})`,
    ];
  if (toChange.length === 0) {
    result.summary = { ...EMPTY_SUMMARY, skipped: alreadySo.length };
    result.nodes = nodeResults([], false, alreadySo);
    result.error = unlisted?.error ?? null;
    return;
  }
  const plan = await services.caches.plan({
    profileId,
    kind: step.kind,
    action: step.action,
    caches: toChange,
    step: context.label,
    runId: context.runId,
    ...(context.scheduled ? { scheduled: true } : {}),
  });
  context.onCall?.({ type: 'planned', count: plan.items.length });
  const ran = await cancellable(services.caches.start(plan.id, callListener(context.onCall)), context.cancelled, () =>
    services.caches.cancel(plan.id),
  );
  const outcome = context.checkAfterwards ? await checkAfterwards(services.caches, plan.id, ran, result) : ran;
  result.summary = { ...outcome.summary, skipped: outcome.summary.skipped + alreadySo.length };
  result.runItems = outcome.items;
  result.nodes = nodeResults(outcome.items, result.checked !== undefined && result.checked.error === null, alreadySo);
  // A node that could not be listed was not acted on: the step is incomplete there.
  result.error = unlisted?.error ?? null;
}

/** The caches a step left alone, named with their node: a few by name, the rest as a count. */
function alreadySoNames(caches: readonly CacheRow[]): string {
  const named = caches.slice(0, 5).map((cache) => `"${cache.name}" on ${cache.node}`);
  return caches.length > named.length
    ? `${named.join(', ')} and ${caches.length - named.length} more`
    : named.join(', ');
}

/** Per node, how the step's caches ended and, once checked, how many a fresh list shows changed. */
function nodeResults(
  items: readonly CacheActionItem[],
  checked: boolean,
  alreadySo: readonly CacheRow[] = [],
): NodeResult[] {
  const nodes: NodeResult[] = [];
  for (const cache of alreadySo) tallyNode(nodes, cache.node, 'skipped');
  for (const item of items)
    if (item.status !== 'pending' && item.status !== 'running')
      tallyNode(nodes, item.node, item.status, checked && item.status === 'succeeded' ? item.confirmed === true : null);
  return nodes;
}

/** The list read again after a cache step: each succeeded cache notes what the server now shows. */
async function checkAfterwards(
  caches: CacheMonitor,
  planId: string,
  ran: CacheActionOutcome,
  result: StepEnvironmentOutcome,
): Promise<CacheActionOutcome> {
  try {
    const checked = await caches.confirm(planId);
    result.checked = { at: new Date().toISOString(), error: null };
    return checked;
  } catch (error) {
    result.checked = { at: new Date().toISOString(), error: toErrorInfo(error) };
    return ran;
  }
}
