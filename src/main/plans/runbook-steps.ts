/**
 * The after-load steps of a plan on one environment: republish cubes (the step ends only when
 * every job has ended or timed out, so the next step sees the cubes done), trigger an event, send
 * subscriptions. Names that match nothing or several things fail the step with nothing sent.
 */
import { AppError } from '../../shared/errors.ts';
import type { PurgeSummary } from '../../shared/model.ts';
import type { StepEnvironmentOutcome } from '../../shared/plan-outcome.ts';
import type { RunbookStep } from '../../shared/preset-schema.ts';
import {
  DEFAULT_PUBLISH_CONCURRENCY,
  DEFAULT_PUBLISH_TIMEOUT_MINUTES,
  summariseRunbook,
  type CubePublishResult,
  type SendResult,
} from '../../shared/runbook.ts';
import type { RunbookService } from '../runbook/runbook-service.ts';
import type { StepContext } from './plan-runner.ts';

function summaryOf(items: readonly (CubePublishResult | SendResult)[]): PurgeSummary {
  return { ...summariseRunbook(items), skipped: 0, blockedEnvironments: 0 };
}

async function itemsOf(
  runbook: RunbookService,
  step: RunbookStep,
  profileId: string,
  context: StepContext,
): Promise<(CubePublishResult | SendResult)[]> {
  const options = {
    runId: context.runId,
    step: context.label,
    scheduled: context.scheduled,
    cancelled: context.cancelled,
  };
  if (step.kind === 'event') {
    const event = await runbook.eventByName(profileId, step.event);
    return [await runbook.triggerEvent(profileId, event, options)];
  }
  if (step.kind === 'subscriptions') {
    const chosen = await runbook.subscriptionsByName(profileId, step.project, step.subscriptions);
    return runbook.sendSubscriptions(profileId, chosen.project, chosen.subscriptions, options);
  }
  const cubes = await runbook.cubesByName(profileId, step.project, step.cubes);
  return runbook.publish(profileId, cubes, {
    ...options,
    concurrency: step.concurrency ?? DEFAULT_PUBLISH_CONCURRENCY,
    timeoutMs: Math.round((step.timeoutMinutes ?? DEFAULT_PUBLISH_TIMEOUT_MINUTES) * 60_000),
  });
}

export async function runbookStep(
  runbook: RunbookService | undefined,
  step: RunbookStep,
  profileId: string,
  context: StepContext,
  result: StepEnvironmentOutcome,
): Promise<void> {
  if (!runbook)
    throw new AppError('INTERNAL', 'This run cannot republish cubes, trigger events or send subscriptions.');
  const items = await itemsOf(runbook, step, profileId, context);
  result.items = items;
  result.summary = summaryOf(items);
}
