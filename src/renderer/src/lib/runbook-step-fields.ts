/**
 * The fields of an after-load plan step as the plan editor holds them (text, as typed) and the step
 * they make, with what is missing said in words; kept apart from the component so it is tested alone.
 */
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { RunbookStep } from '../../../shared/preset-schema.ts';
import { DEFAULT_PUBLISH_CONCURRENCY, DEFAULT_PUBLISH_TIMEOUT_MINUTES } from '../../../shared/runbook.ts';

export type RunbookKind = RunbookStep['kind'];

export const RUNBOOK_KINDS: readonly { kind: RunbookKind; label: string }[] = [
  { kind: 'republish', label: 'Republish Intelligent Cubes' },
  { kind: 'event', label: 'Trigger an event' },
  { kind: 'subscriptions', label: 'Send subscriptions' },
];

export interface RunbookFields {
  project: string;
  /** Cube names, one per line. */
  cubes: string;
  /** Subscription names, one per line. */
  subscriptions: string;
  event: string;
  concurrency: string;
  timeoutMinutes: string;
}

export function isRunbookKind(kind: string): kind is RunbookKind {
  return RUNBOOK_KINDS.some((choice) => choice.kind === kind);
}

export function emptyRunbookFields(): RunbookFields {
  return {
    project: '',
    cubes: '',
    subscriptions: '',
    event: '',
    concurrency: String(DEFAULT_PUBLISH_CONCURRENCY),
    timeoutMinutes: String(DEFAULT_PUBLISH_TIMEOUT_MINUTES),
  };
}

/** A saved step's fields, to change it. */
export function runbookFieldsOf(step: RunbookStep): RunbookFields {
  const fields = emptyRunbookFields();
  if (step.kind === 'event') return { ...fields, event: step.event };
  if (step.kind === 'subscriptions')
    return { ...fields, project: step.project, subscriptions: step.subscriptions.join('\n') };
  return {
    ...fields,
    project: step.project,
    cubes: step.cubes.join('\n'),
    concurrency: String(step.concurrency ?? DEFAULT_PUBLISH_CONCURRENCY),
    timeoutMinutes: String(step.timeoutMinutes ?? DEFAULT_PUBLISH_TIMEOUT_MINUTES),
  };
}

function names(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

const invalid = (message: string): { error: ErrorInfo } => ({ error: { code: 'VALIDATION', message } });

/** Settings left at their defaults stay out of the step, as an imported script leaves them. */
function publishSettings(
  fields: RunbookFields,
): { error: ErrorInfo } | { settings: { concurrency?: number; timeoutMinutes?: number } } {
  const concurrency = Number(fields.concurrency);
  const timeout = Number(fields.timeoutMinutes);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16)
    return invalid('Cubes at a time is a whole number from 1 to 16.');
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 1440)
    return invalid('The timeout is more than 0 and at most 1440 minutes.');
  return {
    settings: {
      ...(concurrency !== DEFAULT_PUBLISH_CONCURRENCY ? { concurrency } : {}),
      ...(timeout !== DEFAULT_PUBLISH_TIMEOUT_MINUTES ? { timeoutMinutes: timeout } : {}),
    },
  };
}

/** The step the fields describe, or what is missing. */
export function runbookStepFrom(
  kind: RunbookKind,
  fields: RunbookFields,
): { step: RunbookStep } | { error: ErrorInfo } {
  if (kind === 'event') {
    const event = fields.event.trim();
    return event ? { step: { kind, event } } : invalid('Name the event to trigger.');
  }
  const project = fields.project.trim();
  if (!project) return invalid('Name the project.');
  if (kind === 'subscriptions') {
    const subscriptions = names(fields.subscriptions);
    return subscriptions.length
      ? { step: { kind, project, subscriptions } }
      : invalid('Name at least one subscription.');
  }
  const chosen = names(fields.cubes);
  if (chosen.length === 0) return invalid('Name at least one cube.');
  const chosenSettings = publishSettings(fields);
  if ('error' in chosenSettings) return chosenSettings;
  return { step: { kind, project, cubes: chosen, ...chosenSettings.settings } };
}
