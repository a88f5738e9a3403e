/**
 * A plan run as plain text for a ticket or a chat: the run's id and times, each step's status and
 * counts per environment and node (in the step's own unit), what a fresh list showed afterwards,
 * every error with its ticketId, and one tab-separated line per item. The window's "Copy report".
 */
import type { CacheActionItem } from './cache-monitor.ts';
import type { ErrorInfo } from './errors.ts';
import type { PurgeItem } from './model.ts';
import type { PlanOutcome, StepEnvironmentOutcome, StepOutcome } from './plan-outcome.ts';
import { summaryWords, totalsWords } from './plan-words.ts';
import { count, seconds } from './plural.ts';
import type { CubePublishResult, SendResult } from './runbook.ts';

function errorText(error: ErrorInfo): string {
  return `${error.code} ${error.message}${error.ticketId ? ` (ticketId ${error.ticketId})` : ''}`;
}

/** "a fresh list shows the change on 12 of 12", where the step was checked afterwards. */
export function afterCheckWords(environment: StepEnvironmentOutcome): string | null {
  if (!environment.checked) return null;
  if (environment.checked.error) return `the list could not be read again: ${environment.checked.error.message}`;
  const nodes = environment.nodes ?? [];
  const shown = nodes.reduce((total, node) => total + (node.shown ?? 0), 0);
  const succeeded = nodes.reduce((total, node) => total + node.summary.succeeded, 0);
  return `a fresh list shows the change on ${shown} of ${succeeded}`;
}

function itemLine(environment: StepEnvironmentOutcome, item: PurgeItem | CacheActionItem): string {
  const where = 'node' in item ? [item.node, item.projectName, item.name] : [item.projectName, item.cacheType];
  const afterwards = 'node' in item && item.afterwards !== null ? [`now ${item.afterwards}`] : [];
  return [
    environment.profileName,
    ...where,
    item.status,
    count(item.attempts, 'request'),
    ...afterwards,
    ...(item.error ? [errorText(item.error)] : []),
  ].join('\t');
}

function runbookLine(environment: StepEnvironmentOutcome, item: CubePublishResult | SendResult): string {
  const name = 'cube' in item ? item.cube : item.name;
  return [
    environment.profileName,
    name,
    item.status,
    item.message ?? '',
    ...(item.error ? [errorText(item.error)] : []),
  ]
    .join('\t')
    .trimEnd();
}

function environmentLines(step: StepOutcome, environment: StepEnvironmentOutcome): string[] {
  const check = afterCheckWords(environment);
  const head = environment.summary ? summaryWords(step.kind, environment.summary) : 'nothing sent';
  return [
    `  ${environment.profileName}: ${head}${check ? `; ${check}` : ''}`,
    ...(environment.error ? [`    error: ${errorText(environment.error)}`] : []),
    ...(environment.nodes ?? []).map(
      (node) =>
        `    ${node.node}: ${summaryWords(step.kind, node.summary)}` +
        (node.shown !== null ? `; a fresh list shows the change on ${node.shown} of ${node.summary.succeeded}` : ''),
    ),
    ...(environment.details ?? []).map((line) => `    ${line}`),
    ...(environment.runItems ?? []).map((item) => `    ${itemLine(environment, item)}`),
    ...(environment.items ?? []).map((item) => `    ${runbookLine(environment, item)}`),
  ];
}

/** The run's totals, each step kind in its own unit: "12 of 12 purge requests accepted; 415 of 427 content caches accepted…". */
export function outcomeTotals(outcome: PlanOutcome): string {
  return totalsWords(
    outcome.steps.flatMap((step) => step.environments.map((place) => ({ kind: step.kind, summary: place.summary }))),
  );
}

export function planReport(outcome: PlanOutcome): string {
  const succeeded = outcome.steps.filter((step) => step.status === 'succeeded').length;
  const lines = [
    `MSTR Cache Console plan run${outcome.runId ? ` ${outcome.runId}` : ''}: preset "${outcome.presetName}"`,
    `Started ${outcome.startedAt}, finished ${outcome.finishedAt}, ${seconds(outcome.durationMs)}`,
    `${succeeded} of ${count(outcome.steps.length, 'step')} succeeded${outcome.cancelled ? '; cancelled: the steps not started were skipped' : ''}`,
    `${outcomeTotals(outcome)}`,
  ];
  for (const step of outcome.steps) {
    const marked = step.ranBecauseAlwaysRun ? ' (ran because it is marked "always run")' : '';
    lines.push(`Step ${step.label}: ${step.status}${marked}`);
    for (const environment of step.environments) lines.push(...environmentLines(step, environment));
  }
  return `${lines.join('\n')}\n`;
}
