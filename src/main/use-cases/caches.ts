/**
 * Cluster nodes, content caches and Intelligent Cube caches of an environment: listing them, and
 * an action on chosen caches (plan, run, cancel, retry, a fresh list to confirm what changed). An
 * action is sent only with the production confirmation on production, and, for deleting cube
 * caches (which unpublishes the cubes), only once the user accepted that, on every tier.
 */
import {
  isUnpublishing,
  type CacheAction,
  type CacheActionOutcome,
  type CacheActionPlan,
  type CacheActionRequest,
  type CacheFilter,
  type CacheKind,
  type CacheListing,
  type CacheRow,
} from '../../shared/cache-monitor.ts';
import { cacheKey } from '../../shared/cache-view.ts';
import type { CacheSelection, CacheWindow, CacheWindowRequest } from '../../shared/cache-window.ts';
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import type { ClusterNode } from '../../shared/model.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import type { ListingReady, StreamedListing } from '../caches/cache-lister.ts';
import { summarise, type CacheRunEvent } from '../caches/cache-monitor.ts';
import type { RowSink } from '../caches/ordered-pages.ts';
import { ListingView } from '../caches/listing-view.ts';
import type { Services } from '../services.ts';
import { neededFor, requireConfirmations, type Confirmations, type NeededConfirmations } from './confirmations.ts';
import { claimForWindow, refuseWhileHeldForWindow } from './runs-in-progress.ts';
import type { WindowSession } from './window-session.ts';

export type { CacheRunEvent, StreamedListing };

/** The cluster's nodes as the cache monitor sees them (state, load, projects loaded on each). */
export function clusterNodes(services: Services, profileId: string): Promise<ClusterNode[]> {
  return services.caches.nodes(profileId);
}

export function listCaches(
  services: Services,
  profileId: string,
  kind: CacheKind,
  filter: CacheFilter = {},
): Promise<CacheListing> {
  return services.caches.list(profileId, kind, filter);
}

/** The same listing, its rows handed to `sink` page by page as they are read, in the listing's order. */
export function streamCaches(
  services: Services,
  profileId: string,
  kind: CacheKind,
  filter: CacheFilter,
  sink: RowSink,
  ready?: ListingReady,
): Promise<StreamedListing> {
  return services.caches.stream(profileId, kind, filter, sink, ready);
}

/** What an action of this kind on this environment needs confirmed. */
export function cacheActionNeeds(
  profile: Pick<Profile, 'name' | 'tier'>,
  kind: CacheKind,
  action: CacheAction,
): NeededConfirmations {
  return neededFor([profile], isUnpublishing(kind, action));
}

function planNeeds(plan: CacheActionPlan): NeededConfirmations {
  return neededFor([{ name: plan.profileName, tier: plan.tier }], plan.unpublishes);
}

const CACHE_REFUSAL = {
  production: (names: string) => `${names} is production: type its name to confirm this action.`,
};

/** Refuses an action that lacks a confirmation, before anything is listed or sent (see requireConfirmations). */
export function requireCacheActionConfirmed(
  profile: Pick<Profile, 'name' | 'tier'>,
  kind: CacheKind,
  action: CacheAction,
  given: Confirmations,
  namesToBeTyped = false,
): void {
  requireConfirmations(cacheActionNeeds(profile, kind, action), given, CACHE_REFUSAL, namesToBeTyped);
}

export function planCacheAction(services: Services, request: CacheActionRequest): Promise<CacheActionPlan> {
  return services.caches.plan(request);
}

/** The plan, once its confirmations are given; refused otherwise. */
function confirmedPlan(services: Services, planId: string, confirmations: Confirmations): CacheActionPlan {
  const plan = services.caches.getPlan(planId);
  requireConfirmations(planNeeds(plan), confirmations, CACHE_REFUSAL);
  return plan;
}

/** Runs a planned action once its confirmations are given; resolves with its outcome. */
export async function runCacheAction(
  services: Services,
  planId: string,
  confirmations: Confirmations,
  listener: (event: CacheRunEvent) => void,
): Promise<CacheActionOutcome> {
  confirmedPlan(services, planId, confirmations);
  return services.caches.start(planId, listener);
}

export function cancelCacheAction(services: Services, planId: string): void {
  services.caches.cancel(planId);
}

export function retryCacheAction(services: Services, planId: string): CacheActionPlan {
  return services.caches.retry(planId);
}

/** The outcome checked against a fresh list: the action calls only say a change was accepted. */
export function confirmCacheAction(services: Services, planId: string): Promise<CacheActionOutcome> {
  return services.caches.confirm(planId);
}

export function cacheActionOutcome(services: Services, planId: string): CacheActionOutcome | null {
  return services.caches.outcome(planId);
}

/** The window's listing, kept so that its plans name caches of it. */
export async function listCachesInWindow(
  services: Services,
  session: WindowSession,
  request: { profileId: string; kind: CacheKind; nodes?: string[] | undefined },
): Promise<CacheListing> {
  const listing = await listCaches(
    services,
    request.profileId,
    request.kind,
    request.nodes ? { nodes: request.nodes } : {},
  );
  session.cacheListings.set(session.listingKey(request.profileId, request.kind), new ListingView(listing));
  return listing;
}

/** The window's listing without its caches: the screen asks for the rows in view (see cacheWindow). */
export async function listCachesForScreen(
  services: Services,
  session: WindowSession,
  request: { profileId: string; kind: CacheKind; nodes?: string[] | undefined },
): Promise<CacheListing> {
  const listing = await listCachesInWindow(services, session, request);
  return { ...listing, caches: [] };
}

function keptListing(session: WindowSession, profileId: string, kind: CacheKind): ListingView {
  const view = session.cacheListings.get(session.listingKey(profileId, kind));
  if (!view) throw new AppError('VALIDATION', 'These caches are not listed yet; list them first.');
  return view;
}

/** The shown rows from an offset, with the counts of the search, out of the window's last listing. */
export function cacheWindow(session: WindowSession, request: CacheWindowRequest): CacheWindow {
  return keptListing(session, request.profileId, request.kind).window(request);
}

/** The caches a selection names in the window's last listing; refused when one of its keys is not there. */
export function chosenCaches(view: ListingView, selection: CacheSelection): CacheRow[] {
  const chosen = new Map<string, CacheRow>();
  if (selection.shown) {
    const except = new Set(selection.except);
    for (const row of view.find(selection.shown).found.rows)
      if (!except.has(cacheKey(row))) chosen.set(cacheKey(row), row);
  }
  if (selection.keys.length === 0) return [...chosen.values()];
  const byKey = new Map(view.listing.caches.map((row) => [cacheKey(row), row]));
  for (const key of selection.keys) {
    const row = byKey.get(key);
    if (row === undefined)
      throw new AppError(
        'VALIDATION',
        'Some of the chosen caches are not in the current list; refresh and choose again.',
      );
    chosen.set(key, row);
  }
  return [...chosen.values()];
}

/** A plan for caches the window chose in its last listing: by node/id key, or all a search shows. */
export async function planChosenCaches(
  services: Services,
  session: WindowSession,
  request: { profileId: string; kind: CacheKind; action: CacheAction } & CacheSelection,
): Promise<CacheActionPlan> {
  const { profileId, kind, action } = request;
  const caches = chosenCaches(keptListing(session, profileId, kind), request);
  if (caches.length === 0) throw new AppError('VALIDATION', 'Choose at least one cache.');
  // Said before a name is typed: the run claims the environment when it starts.
  await refuseWhileHeldForWindow(services, [profileId]);
  return planCacheAction(services, { profileId, kind, action, caches });
}

/** A run that could not start (the session was lost before the first call): every item failed, with why. */
export function failedRun(plan: CacheActionPlan, error: unknown): CacheActionOutcome {
  const now = new Date().toISOString();
  const info = toErrorInfo(error);
  const items = plan.items.map((item) => ({ ...item, status: 'failed' as const, error: info, finishedAt: now }));
  return {
    planId: plan.id,
    runId: plan.runId,
    startedAt: now,
    finishedAt: now,
    durationMs: 0,
    summary: summarise(items),
    items,
  };
}

/**
 * The window's run: started once confirmed, heard through the listener, and ending in an outcome
 * even when it could not start.
 */
export async function startWindowCacheAction(
  services: Services,
  planId: string,
  confirmations: Confirmations,
  listener: (event: CacheRunEvent) => void,
  onFailedStart: (outcome: CacheActionOutcome) => void,
): Promise<void> {
  const plan = confirmedPlan(services, planId, confirmations);
  // Claimed until it ends (another run on the environment refuses it); given back before "finished".
  const release = await claimForWindow(services, [{ id: plan.profileId, name: plan.profileName }], plan.action);
  const forward = (event: CacheRunEvent): void => {
    if (event.type === 'item') return listener(event);
    void release().finally(() => listener(event));
  };
  void services.caches
    .start(planId, forward)
    .catch((error: unknown) => release().finally(() => onFailedStart(failedRun(plan, error))));
}
