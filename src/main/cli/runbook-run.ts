/**
 * What `cubes`, `events` and `subscriptions` share: the confirmation before anything is looked up
 * (production needs --yes or the name typed at a terminal), Ctrl+C as cancel, and results printed
 * as text or one JSON document with the exit code they mean.
 */
import type { Profile } from '../../shared/profile-schema.ts';
import { summariseRunbook, type RunbookItemStatus } from '../../shared/runbook.ts';
import type { Confirmations } from '../use-cases/confirmations.ts';
import { requireRunbookConfirmed, runbookNeeds } from '../use-cases/runbook.ts';
import type { Values } from './args.ts';
import { givenUpfront, namesToBeTyped, typedConfirmations } from './confirmations.ts';
import { EXIT, printJson, printLine, type Context } from './context.ts';
import { withEnvironmentsClaimed } from './purge-run.ts';

export const RUN_OPTIONS = {
  yes: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
  force: { type: 'boolean' },
} as const;

/** Refused before anything is looked up when no one can confirm later (a dry run sends nothing). */
export function refuseEarly(profile: Profile, values: Values, context: Context): void {
  if (values['dry-run']) return;
  requireRunbookConfirmed(
    profile,
    givenUpfront(values, 'add --yes (or --dry-run to see what)'),
    namesToBeTyped(values, context),
  );
}

/** The production name typed at a terminal once what will be sent is known. */
export function confirmAt(profile: Profile, values: Values, context: Context, summary: string): Promise<Confirmations> {
  return typedConfirmations(runbookNeeds(profile).production, values, context, `${summary}\n`);
}

/**
 * The environment claimed for `what` (another run on it refuses this one, unless --force), then
 * the name asked and `work` run with what was confirmed.
 */
export function confirmedWhileClaimed<T>(
  profile: Profile,
  values: Values,
  context: Context,
  claim: { what: string; summary: string },
  work: (confirmations: Confirmations) => Promise<T>,
): Promise<T> {
  return withEnvironmentsClaimed([profile], values, context, { what: claim.what, scheduled: false }, async () =>
    work(await confirmAt(profile, values, context, claim.summary)),
  );
}

/** Runs `work` with Ctrl+C turned into a cancel. */
export async function withInterrupt<T>(work: (cancelled: () => boolean) => Promise<T>): Promise<T> {
  let cancelled = false;
  const interrupt = (): void => {
    cancelled = true;
  };
  process.once('SIGINT', interrupt);
  try {
    return await work(() => cancelled);
  } finally {
    process.off('SIGINT', interrupt);
  }
}

/** 1 when any failed or was cancelled, 4 when none did but some are unknown, else 0. */
export function resultsExit(results: readonly { status: RunbookItemStatus }[]): number {
  const summary = summariseRunbook(results);
  if (summary.failed + summary.cancelled > 0) return EXIT.someFailed;
  return summary.unknown > 0 ? EXIT.unknown : EXIT.ok;
}

interface Printable {
  status: RunbookItemStatus;
  message: string | null;
  error: { code: string; ticketId?: string | undefined } | null;
}

export function printResults<T extends Printable>(
  context: Context,
  results: readonly T[],
  name: (item: T) => string,
  extra: Record<string, unknown>,
  exitCode = resultsExit(results),
): number {
  if (context.json) {
    printJson(context, { ok: exitCode === EXIT.ok, exitCode, ...extra, summary: summariseRunbook(results), results });
    return exitCode;
  }
  for (const item of results) {
    const ticket = item.error?.ticketId ? ` (ticketId ${item.error.ticketId})` : '';
    printLine(
      context,
      item.status.toUpperCase(),
      name(item),
      `${item.error ? `${item.error.code}: ` : ''}${item.message ?? ''}${ticket}`,
    );
  }
  const summary = summariseRunbook(results);
  context.io.stdout(
    `${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.unknown} outcome unknown, ${summary.cancelled} cancelled.\n`,
  );
  return exitCode;
}
