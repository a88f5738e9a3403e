/**
 * What a plan step counts, in words: one purge request, one content cache, one project state
 * change… The preview, the results and the report count each step in its own unit, so no total
 * calls caches "requests".
 */
import type { PurgeSummary } from './model.ts';
import type { Step } from './preset-schema.ts';
import { count } from './plural.ts';

const UNITS: Record<Step['kind'], string> = {
  purge: 'purge request',
  content: 'content cache',
  cube: 'cube cache',
  'project-state': 'project state change',
  'update-schema': 'schema update',
  republish: 'cube republish',
  event: 'event trigger',
  subscriptions: 'subscription send',
};

export function stepUnit(kind: Step['kind']): string {
  return UNITS[kind];
}

/** The server said yes to a purge or a cache action; the other steps are followed to their end. */
function doneWord(kind: Step['kind']): string {
  return kind === 'purge' || kind === 'content' || kind === 'cube' ? 'accepted' : 'succeeded';
}

/** What is left alone, in the step's words. */
export function leftAloneWords(kind: Step['kind'], n: number): string {
  if (kind === 'purge') return `${count(n, 'project')} not loaded (skipped)`;
  return `${n} already so (not sent)`;
}

/** "415 of 427 content caches accepted, 10 failed, 2 outcome unknown". */
export function summaryWords(kind: Step['kind'], summary: PurgeSummary): string {
  const parts = [`${summary.succeeded} of ${count(summary.total, stepUnit(kind))} ${doneWord(kind)}`];
  if (summary.failed) parts.push(`${summary.failed} failed`);
  if (summary.unknown) parts.push(`${summary.unknown} outcome unknown`);
  if (summary.cancelled) parts.push(`${summary.cancelled} cancelled`);
  if (summary.skipped) parts.push(leftAloneWords(kind, summary.skipped));
  return parts.join(', ');
}

/** A plan's totals, one part per unit in the order its steps first use it. */
export function totalsWords(parts: readonly { kind: Step['kind']; summary: PurgeSummary | null }[]): string {
  const byUnit = new Map<Step['kind'], PurgeSummary>();
  for (const { kind, summary } of parts) {
    if (!summary) continue;
    const sum = byUnit.get(kind) ?? zero();
    for (const key of Object.keys(sum) as (keyof PurgeSummary)[]) sum[key] += summary[key];
    byUnit.set(kind, sum);
  }
  const words = [...byUnit.entries()].map(([kind, summary]) => summaryWords(kind, summary));
  return words.length ? words.join('; ') : 'nothing sent';
}

function zero(): PurgeSummary {
  return { total: 0, succeeded: 0, failed: 0, unknown: 0, cancelled: 0, skipped: 0, blockedEnvironments: 0 };
}
