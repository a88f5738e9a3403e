/**
 * What `content-caches` and `cube-caches` share: the filter options, a listing as text, CSV or one
 * JSON document, and an action run under the same rules as `purge` (production needs --yes or the
 * name typed at a terminal; deleting cube caches unpublishes cubes and needs --yes on every tier;
 * refusals send nothing), with --dry-run, progress at a terminal, and the outcome checked against
 * a fresh list.
 */
import { AppError } from '../../shared/errors.ts';
import {
  CONTENT_STATUSES,
  CONTENT_TYPES,
  CUBE_STATES,
  actionWords,
  type CacheAction,
  type CacheActionOutcome,
  type CacheActionPlan,
  type CacheFilter,
  type CacheKind,
  type CacheListing,
} from '../../shared/cache-monitor.ts';
import { count, seconds } from '../../shared/plural.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import type { Confirmations } from '../use-cases/confirmations.ts';
import {
  cacheActionNeeds,
  cacheActionOutcome,
  cancelCacheAction,
  confirmCacheAction,
  listCaches,
  planCacheAction,
  requireCacheActionConfirmed,
  runCacheAction,
} from '../use-cases/caches.ts';
import { integer, usage, type Values } from './args.ts';
import { givenUpfront, namesToBeTyped, typedConfirmations } from './confirmations.ts';
import { withEnvironmentsClaimed } from './purge-run.ts';
import { connect } from './connect.ts';
import { EXIT, printJson, printJsonDocument, printLine, warn, type Context } from './context.ts';
import { safeText } from './terminal-text.ts';

export const FILTER_OPTIONS = {
  node: { type: 'string', multiple: true },
  project: { type: 'string', multiple: true },
  owner: { type: 'string' },
  'unused-days': { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

export const KIND_OPTIONS = {
  content: { type: { type: 'string' }, status: { type: 'string' } },
  cube: { state: { type: 'string' } },
} as const;

export const ACTION_OPTIONS = {
  yes: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
} as const;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw usage(`${option} is ${allowed.join(', ')}.`);
  return value as T;
}

export function cacheFilter(kind: CacheKind, values: Values): CacheFilter {
  const filter: CacheFilter = {};
  if (values.node) filter.nodes = values.node as string[];
  if (values.project) filter.projects = values.project as string[];
  if (typeof values.owner === 'string') filter.owner = values.owner;
  if (typeof values['unused-days'] === 'string') {
    const days = integer(values['unused-days'], '--unused-days');
    if (days < 0) throw usage('--unused-days is 0 or more.');
    filter.unusedDays = days;
  }
  if (kind === 'content') {
    const type = oneOf(values.type, CONTENT_TYPES, '--type');
    const status = oneOf(values.status, CONTENT_STATUSES, '--status');
    if (type) filter.type = type;
    if (status) filter.status = status;
  } else {
    const state = oneOf(values.state, CUBE_STATES, '--state');
    if (state) filter.state = state;
  }
  return filter;
}

function suggested(names: readonly string[] | undefined): string {
  return names?.length ? ` Did you mean ${names.map((name) => `"${name}"`).join(', ')}?` : '';
}

function meant(names: readonly string[] | undefined): string {
  return names?.length ? ` (did you mean ${names.map((name) => `"${name}"`).join(', ')}?)` : '';
}

/** What a listing says before its rows: projects no node has, nodes skipped (and why). */
export function warnBeforeRows(
  listing: Pick<CacheListing, 'nodes' | 'missingProjects' | 'missingSuggestions'>,
  context: Context,
): void {
  if (context.json) return;
  // A misspelled project is said first, with the names it may have meant; the nodes skipped for
  // want of it are not listed one by one.
  for (const project of listing.missingProjects)
    warn(context, `no node has a project "${project}".${suggested(listing.missingSuggestions?.[project])}`);
  const onlyMissing = listing.missingProjects.length > 0;
  for (const node of listing.nodes)
    if (!node.listed && node.skippedReason !== 'not chosen' && !(onlyMissing && node.projectCount === 0))
      context.io.stderr(`${safeText(node.name)}: skipped (${node.skippedReason ?? ''})\n`);
}

/** What a listing says once read: nodes that could not be listed, filters the server refused. */
export function warnAfterRows(listing: Pick<CacheListing, 'nodes' | 'filteredLocally'>, context: Context): void {
  if (context.json) return;
  for (const node of listing.nodes)
    if (node.error) warn(context, `${node.name}: not listed: ${node.error.code}: ${node.error.message}`);
  for (const name of listing.filteredLocally)
    warn(context, `the server refused the ${name} filter; the app applied it to the whole list instead.`);
}

async function listFor(profile: Profile, kind: CacheKind, values: Values, context: Context): Promise<CacheListing> {
  await connect(profile, values, context);
  const listing = await listCaches(context.services, profile.id, kind, cacheFilter(kind, values));
  warnBeforeRows(listing, context);
  warnAfterRows(listing, context);
  return listing;
}

/** A node that could not be listed makes the listing incomplete: exit 1, whatever else was found. */
export function listingExit(listing: Pick<CacheListing, 'nodes'>): number {
  return listing.nodes.some((node) => node.error) ? EXIT.someFailed : EXIT.ok;
}

/** The name typed at a terminal on production (asked once the count is known). */
function confirmAction(
  profile: Profile,
  plan: CacheActionPlan,
  values: Values,
  context: Context,
): Promise<Confirmations> {
  return typedConfirmations(
    cacheActionNeeds(profile, plan.kind, plan.action).production,
    values,
    context,
    `About to ${actionWords(plan.kind, plan.action)}: ${plan.items.length} on ${profile.name}.\n`,
  );
}

async function runWithProgress(
  plan: CacheActionPlan,
  confirmations: Confirmations,
  context: Context,
): Promise<CacheActionOutcome> {
  let finished = 0;
  const showProgress = context.io.stderrIsTerminal && !context.json;
  const interrupt = (): void => cancelCacheAction(context.services, plan.id);
  process.once('SIGINT', interrupt);
  try {
    await runCacheAction(context.services, plan.id, confirmations, (event) => {
      if (event.type !== 'item' || event.item.status === 'running') return;
      finished += 1;
      if (showProgress) context.io.stderr(`\r[${finished}/${plan.items.length}] `);
    });
  } finally {
    process.off('SIGINT', interrupt);
    if (showProgress) context.io.stderr('\n');
  }
  // What the server now shows: the action calls only say a change was accepted.
  return confirmCacheAction(context.services, plan.id).catch(
    () => cacheActionOutcome(context.services, plan.id) as CacheActionOutcome,
  );
}

function outcomeExit(outcome: CacheActionOutcome): number {
  const { failed, cancelled, unknown } = outcome.summary;
  if (failed + cancelled > 0) return EXIT.someFailed;
  return unknown > 0 ? EXIT.unknown : EXIT.ok;
}

export async function actionCommand(
  profile: Profile,
  kind: CacheKind,
  action: CacheAction,
  values: Values,
  context: Context,
): Promise<number> {
  // Refused before anything is listed when no one can confirm later (a dry run sends nothing).
  if (!values['dry-run'])
    requireCacheActionConfirmed(
      profile,
      kind,
      action,
      givenUpfront(values, 'add --yes (or --dry-run to see which)'),
      namesToBeTyped(values, context),
    );
  const listing = await listFor(profile, kind, values, context);
  if (listing.missingProjects.length > 0)
    throw new AppError(
      'VALIDATION',
      `Not found on any node: ${listing.missingProjects.map((project) => `"${project}"${meant(listing.missingSuggestions?.[project])}`).join(', ')}. Nothing was sent.`,
    );
  if (values['dry-run']) return printDryRun(listing, action, context);
  if (listing.caches.length === 0) {
    if (context.json)
      printJson(context, { ok: true, exitCode: EXIT.ok, action, kind, nodes: listing.nodes, items: [] });
    else context.io.stdout('No cache matches; nothing was sent.\n');
    return listingExit(listing);
  }
  // Claimed before the name is asked: a run already on this environment is said first.
  const what = `${kind === 'content' ? 'content-caches' : 'cube-caches'} ${action}`;
  return withEnvironmentsClaimed([profile], values, context, { what, scheduled: false }, async () => {
    const plan = await planCacheAction(context.services, {
      profileId: profile.id,
      kind,
      action,
      caches: listing.caches,
    });
    const outcome = await runWithProgress(plan, await confirmAction(profile, plan, values, context), context);
    const exitCode = Math.max(outcomeExit(outcome), listingExit(listing));
    printOutcome(plan, outcome, listing, exitCode, context);
    return exitCode;
  });
}

function printDryRun(listing: CacheListing, action: CacheAction, context: Context): number {
  if (context.json) {
    printJsonDocument(context, { ok: true, dryRun: true, action, ...listing });
    return EXIT.ok;
  }
  for (const row of listing.caches) printLine(context, 'would', action, row.node, row.projectName, row.type, row.name);
  context.io.stdout(`Dry run: ${count(listing.caches.length, 'cache')} would be sent "${action}"; nothing was sent.\n`);
  return listingExit(listing);
}

function printOutcome(
  plan: CacheActionPlan,
  outcome: CacheActionOutcome,
  listing: CacheListing,
  exitCode: number,
  context: Context,
): void {
  if (context.json) {
    printJsonDocument(context, {
      ok: exitCode === EXIT.ok,
      exitCode,
      runId: outcome.runId,
      profile: plan.profileName,
      kind: plan.kind,
      action: plan.action,
      startedAt: outcome.startedAt,
      finishedAt: outcome.finishedAt,
      durationMs: outcome.durationMs,
      summary: outcome.summary,
      nodes: listing.nodes,
      items: outcome.items,
    });
    return;
  }
  for (const item of outcome.items.filter((candidate) => candidate.status !== 'succeeded')) {
    const error = item.error
      ? `: ${item.error.code}: ${item.error.message}${item.error.ticketId ? ` (ticketId ${item.error.ticketId})` : ''}`
      : '';
    printLine(context, `${item.node}: ${item.status.toUpperCase()} ${item.projectName} ${item.name}${error}`);
  }
  const { summary } = outcome;
  const confirmed = outcome.items.filter((item) => item.confirmed === true).length;
  const notShown = outcome.items.filter((item) => item.confirmed === false).length;
  context.io.stdout(
    `${plan.action} requested: ${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.unknown} outcome unknown, ` +
      `${summary.cancelled} cancelled in ${seconds(outcome.durationMs)}. ` +
      `A fresh list shows the change on ${confirmed}` +
      (notShown ? `; ${notShown} do not show it yet` : '') +
      '.\n',
  );
}
