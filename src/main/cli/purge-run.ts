/**
 * A purge run as `purge` and `preset run` share it: the production rule (--yes, or the name typed at
 * a terminal; refused without either and nothing sent), the plan, progress at a terminal, and the
 * outcome as text or one JSON document with its exit code.
 */
import { AppError, type ErrorCode } from '../../shared/errors.ts';
import {
  CACHE_TYPES,
  type CacheType,
  type PurgeItem,
  type ProjectSelection,
  type PurgeOutcome,
  type PurgePlan,
} from '../../shared/model.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import {
  isCompleteSuccess,
  preparePurge,
  purgeNeeds,
  requirePurgeConfirmed,
  runPurge as runPurgeCase,
} from '../use-cases/projects-and-purges.ts';
import { usage, type Values } from './args.ts';
import type { Confirmations } from '../use-cases/confirmations.ts';
import { givenUpfront, namesToBeTyped, typedConfirmations } from './confirmations.ts';
import { connectAll, inCommandLineTerms, missingSecretError, suppliedSecret } from './connect.ts';
import { whileClaimed } from '../use-cases/runs-in-progress.ts';
import { EXIT, printJson, printLine, warn, type Context } from './context.ts';
import { watchInterrupts } from './interrupts.ts';
import { count, seconds } from '../../shared/plural.ts';

export const SELECTION_OPTIONS = {
  project: { type: 'string', multiple: true },
  all: { type: 'boolean' },
  type: { type: 'string' },
} as const;

export const RUN_OPTIONS = {
  yes: { type: 'boolean' },
  'skip-missing': { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
  force: { type: 'boolean' },
} as const;

export function selection(values: Values): ProjectSelection {
  const projects = values.project as string[] | undefined;
  if (values.all && projects) throw usage('Choose either --project or --all.');
  if (values.all) return { all: true };
  if (!projects || projects.length === 0)
    throw usage('Choose projects with --project NAME_OR_ID (repeatable) or --all.');
  return { select: projects };
}

export function cacheTypes(values: Values): CacheType[] {
  const type = values.type as string | undefined;
  if (type === 'both') return [...CACHE_TYPES];
  if (type === 'object' || type === 'element') return [type];
  throw usage('--type is object, element or both.');
}

export interface PurgeRunOptions {
  concurrency?: number;
  /** Started by a native schedule: marked so in the history. */
  scheduled?: boolean;
  /** Hears the outcome before it is printed (a scheduled run records it). */
  onOutcome?: (outcome: PurgeOutcome) => void;
  /** What this run is, as another run against the same environment is told ("purge"). */
  what?: string;
}

/**
 * Claims the environments for this run (another run on one of them refuses it, unless --force),
 * runs `work`, and gives them back whatever happens.
 */
export function withEnvironmentsClaimed<T>(
  profiles: readonly Profile[],
  values: Values,
  context: Context,
  claim: { what: string; scheduled: boolean },
  work: () => Promise<T>,
): Promise<T> {
  return whileClaimed(
    context.services,
    profiles,
    claim.what,
    {
      force: values.force === true,
      scheduled: claim.scheduled,
      alongside: (holders) => warn(context, `running alongside another run (--force): ${holders}`),
    },
    work,
  );
}

export async function runPurge(
  profiles: Profile[],
  projects: ProjectSelection,
  types: CacheType[],
  values: Values,
  context: Context,
  options: PurgeRunOptions = {},
): Promise<number> {
  // Refused before any login when no one can confirm later; names are typed once the plan is known.
  requirePurgeConfirmed(profiles, givenUpfront(values), namesToBeTyped(values, context));
  return withEnvironmentsClaimed(
    profiles,
    values,
    context,
    { what: options.what ?? 'purge', scheduled: options.scheduled === true },
    () => purgeClaimed(profiles, projects, types, values, context, options),
  );
}

async function purgeClaimed(
  profiles: Profile[],
  projects: ProjectSelection,
  types: CacheType[],
  values: Values,
  context: Context,
  options: PurgeRunOptions,
): Promise<number> {
  await connectAll(profiles, await suppliedSecret(values, context, profiles), context);
  const plan = await preparePurge(context.services, {
    environments: profiles.map((profile) => profile.id),
    projects,
    cacheTypes: types,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.scheduled ? { scheduled: true } : {}),
  });
  await explainEnvironmentErrors(plan, profiles, context);
  if (plan.missing.length > 0 && !values['skip-missing']) {
    const list = plan.missing.map((item) => `"${item.selector}" on ${item.profileName}${suggestion(item)}`).join(', ');
    throw new AppError('VALIDATION', `Not found: ${list}. Nothing was sent; add --skip-missing to purge the rest.`);
  }
  const confirmations = await typedConfirmations(
    purgeNeeds(profiles).production,
    values,
    context,
    `About to request ${count(plan.items.length, 'cache purge')}:\n${planSummary(plan)}`,
  );
  const { outcome, interrupted } = await runWithProgress(plan, confirmations, context);
  const exitCode = interrupted ? EXIT.interrupted : outcomeExitCode(plan, outcome);
  options.onOutcome?.(outcome);
  printOutcome(plan, outcome, exitCode, context);
  return exitCode;
}

function suggestion(missing: PurgePlan['missing'][number]): string {
  const names = missing.didYouMean ?? [];
  return names.length ? ` (did you mean ${names.map((name) => `"${name}"`).join(', ')}?)` : '';
}

/** An environment blocked for want of a secret says why in command-line terms. */
async function explainEnvironmentErrors(plan: PurgePlan, profiles: Profile[], context: Context): Promise<void> {
  for (const environment of plan.environments) {
    const profile = profiles.find((candidate) => candidate.id === environment.profileId);
    if (!environment.error || !profile) continue;
    environment.error =
      environment.error.code === 'SECRET_REQUIRED'
        ? (await missingSecretError(profile, context)).toInfo()
        : inCommandLineTerms(environment.error, profile);
  }
}

function outcomeExitCode(plan: PurgePlan, outcome: PurgeOutcome): number {
  const unreached = plan.environments.some(
    (environment) => environment.error?.code && isConnectionCode(environment.error.code),
  );
  if (unreached && outcome.summary.succeeded === 0) return EXIT.connection;
  if (isCompleteSuccess(outcome)) return EXIT.ok;
  const { failed, cancelled, blockedEnvironments } = outcome.summary;
  return failed + cancelled + blockedEnvironments === 0 ? EXIT.unknown : EXIT.someFailed;
}

function isConnectionCode(code: ErrorCode): boolean {
  return [
    'UNREACHABLE',
    'TIMEOUT',
    'TLS_UNTRUSTED',
    'BAD_CREDENTIALS',
    'SECRET_REQUIRED',
    'KEYCHAIN_UNAVAILABLE',
    'SESSION_EXPIRED',
    'NOT_CONNECTED',
    'NOT_A_LIBRARY_SERVER',
  ].includes(code);
}

function planSummary(plan: PurgePlan): string {
  return plan.environments
    .map((environment) => {
      const calls = plan.items.filter((item) => item.profileId === environment.profileId).length;
      return `  ${environment.profileName} (${environment.tier}, ${environment.host}): ${environment.error ? `blocked: ${environment.error.message}` : count(calls, 'purge call')}\n`;
    })
    .join('');
}

async function runWithProgress(
  plan: PurgePlan,
  confirmations: Confirmations,
  context: Context,
): Promise<{ outcome: PurgeOutcome; interrupted: boolean }> {
  let finished = 0;
  let failed = 0;
  let running = 0;
  const showProgress = context.io.stderrIsTerminal && !context.json;
  const run = runPurgeCase(context.services, plan, confirmations, (event) => {
    if (event.type !== 'item') return;
    if (event.item.status === 'running') {
      running += 1;
      return;
    }
    if (running > 0 && event.item.status !== 'cancelled') running -= 1;
    finished += 1;
    if (event.item.status === 'failed') failed += 1;
    if (showProgress) context.io.stderr(`\r[${finished}/${plan.items.length}] ${failed} failed `);
  });
  const interrupts = watchInterrupts(context, {
    stop: () => run.cancel(),
    unrecorded: () =>
      `${count(running, 'purge call')} ${running === 1 ? 'was' : 'were'} in flight and ${plan.items.length - finished - running} not sent: ` +
      `the history may lack them (run ${plan.runId}).`,
  });
  try {
    const outcome = await run.done;
    return { outcome, interrupted: interrupts.requested };
  } finally {
    interrupts.dispose();
    if (showProgress) context.io.stderr('\n');
  }
}

const STATUS_WORDS: Record<PurgeItem['status'], string> = {
  pending: 'NOT SENT',
  running: 'RUNNING',
  succeeded: 'purge requested',
  failed: 'FAILED',
  unknown: 'OUTCOME UNKNOWN',
  cancelled: 'CANCELLED',
};

/** An item worth a line: anything but a plain success at the first request. */
function printItem(item: PurgeItem, context: Context): void {
  const repeated = item.attempts > 1 ? ` after ${item.attempts} requests (${item.retries.join(', ')})` : '';
  if (item.status === 'succeeded' && !repeated) return;
  const error = item.error
    ? `: ${item.error.code}: ${item.error.message}${item.error.ticketId ? ` (ticketId ${item.error.ticketId})` : ''}`
    : '';
  printLine(
    context,
    `${item.profileName}: ${STATUS_WORDS[item.status]} ${item.projectName} ${item.cacheType}${repeated}${error}`,
  );
}

/** Cancelled items as a count per environment: after a Ctrl-C, one line each would bury the rest. */
export function printCancelledCounts(items: readonly PurgeItem[], context: Context): void {
  const counts = new Map<string, number>();
  for (const item of items)
    if (item.status === 'cancelled') counts.set(item.profileName, (counts.get(item.profileName) ?? 0) + 1);
  for (const [profileName, cancelled] of counts)
    printLine(context, `${profileName}: ${cancelled} cancelled (never sent)`);
}

function printOutcome(plan: PurgePlan, outcome: PurgeOutcome, exitCode: number, context: Context): void {
  if (context.json) {
    printJson(context, {
      ok: exitCode === EXIT.ok,
      exitCode,
      runId: outcome.runId,
      startedAt: outcome.startedAt,
      finishedAt: outcome.finishedAt,
      durationMs: outcome.durationMs,
      summary: outcome.summary,
      environments: plan.environments,
      skipped: plan.skipped,
      missing: plan.missing,
      items: outcome.items,
    });
    return;
  }
  for (const environment of plan.environments) {
    if (environment.error)
      printLine(
        context,
        `${environment.profileName}: not purged: ${environment.error.code}: ${environment.error.message}`,
      );
  }
  for (const skipped of plan.skipped)
    printLine(context, `${skipped.profileName}: skipped ${skipped.projectName}: ${skipped.reason}`);
  for (const missing of plan.missing)
    printLine(context, `${missing.profileName}: not found: ${missing.selector}${suggestion(missing)}`);
  for (const item of outcome.items) if (item.status !== 'cancelled') printItem(item, context);
  printCancelledCounts(outcome.items, context);
  const { summary } = outcome;
  context.io.stdout(
    `Purge requested: ${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.unknown} outcome unknown, ` +
      `${summary.cancelled} cancelled, ${summary.skipped} skipped` +
      (summary.blockedEnvironments ? `, ${count(summary.blockedEnvironments, 'environment')} not reached` : '') +
      ` in ${seconds(outcome.durationMs)}.\n`,
  );
  if (summary.unknown > 0)
    context.io.stdout('Outcome unknown: sent but not answered in time; repeating a purge is harmless.\n');
}
