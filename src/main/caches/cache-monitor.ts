/**
 * The cache monitor service shared by the window and the command line: cluster nodes, content and
 * cube cache lists, and actions on them as plans (what will be sent, shown before anything goes
 * out), runs (progress per cache, cancel, retry of what did not succeed in the same run) and a
 * check afterwards of what the server now shows. Every action is written to the history with its
 * node and cache.
 */
import { AppError } from '../../shared/errors.ts';
import {
  actionsOf,
  isUnpublishing,
  showsAction,
  type CacheActionItem,
  type CacheActionOutcome,
  type CacheActionPlan,
  type CacheActionRequest,
  type CacheFilter,
  type CacheKind,
  type CacheListing,
} from '../../shared/cache-monitor.ts';
import { countOutcomes, type ClusterNode, type HistoryEntry, type PurgeSummary } from '../../shared/model.ts';
import { isProductionTier } from '../../shared/profile-schema.ts';
import { parseLibraryUrl } from '../../shared/library-url.ts';
import type { CubeUsage } from '../mstr/cache-responses.ts';
import { compareVersions, parseVersion } from '../mstr/server-version.ts';
import type { ProfileStore } from '../profiles/profile-store.ts';
import type { PurgeHistory } from '../purge/history.ts';
import type { ProfileSession } from '../sessions/profile-session.ts';
import type { SessionRegistry } from '../sessions/session-registry.ts';
import { DEFAULT_ACTION_TIMING, runActions, type ActionTiming } from './cache-actions.ts';
import { listCaches, streamCaches, type ListContext, type ListingReady, type StreamedListing } from './cache-lister.ts';
import type { RowSink } from './ordered-pages.ts';
import { newId } from '../storage/new-id.ts';

/** The oldest I-Server each monitor works with (the official SDK's gates). */
export const MIN_MONITOR_VERSION: Record<CacheKind, string> = { content: '11.3.0700', cube: '11.3.0000' };

export type CacheRunEvent =
  { type: 'item'; planId: string; item: CacheActionItem } | { type: 'finished'; outcome: CacheActionOutcome };

interface Entry {
  plan: CacheActionPlan;
  cancelled: boolean;
  done: Promise<CacheActionOutcome> | null;
  outcome: CacheActionOutcome | null;
}

const KEEP = 50;

export class CacheMonitor {
  readonly #profiles: ProfileStore;
  readonly #sessions: SessionRegistry;
  readonly #history: PurgeHistory;
  readonly #timing: ActionTiming;
  readonly #entries = new Map<string, Entry>();

  constructor(
    dependencies: { profiles: ProfileStore; sessions: SessionRegistry; history: PurgeHistory },
    timing: Partial<ActionTiming> = {},
  ) {
    this.#profiles = dependencies.profiles;
    this.#sessions = dependencies.sessions;
    this.#history = dependencies.history;
    this.#timing = { ...DEFAULT_ACTION_TIMING, ...timing };
  }

  async nodes(profileId: string): Promise<ClusterNode[]> {
    const session = await this.#connected(profileId);
    return session.use((client) => client.listNodes());
  }

  async list(profileId: string, kind: CacheKind, filter: CacheFilter = {}): Promise<CacheListing> {
    return listCaches(await this.#listContext(profileId, kind), kind, filter);
  }

  /** The same listing, its rows handed to `sink` as they are read rather than kept (see cache-lister.ts). */
  async stream(
    profileId: string,
    kind: CacheKind,
    filter: CacheFilter,
    sink: RowSink,
    ready?: ListingReady,
  ): Promise<StreamedListing> {
    return streamCaches(await this.#listContext(profileId, kind), kind, filter, sink, ready);
  }

  async #listContext(profileId: string, kind: CacheKind): Promise<ListContext> {
    const session = await this.#connected(profileId, kind);
    const profile = session.profile;
    return {
      profileId,
      profileName: profile.name,
      concurrency: profile.concurrency,
      use: (call) => session.use(call),
    };
  }

  /** Cube memory per project on one node against each project's capacity (cube monitoring's version gate). */
  async cubeMemory(profileId: string, node: string): Promise<CubeUsage[]> {
    const session = await this.#connected(profileId, 'cube');
    return session.use((client) => client.cubeUsageByProject(node));
  }

  /** What an action would send, kept by id so what runs is exactly what was shown. */
  async plan(request: CacheActionRequest): Promise<CacheActionPlan> {
    if (!actionsOf(request.kind).includes(request.action))
      throw new AppError(
        'VALIDATION',
        `${request.kind === 'content' ? 'Content' : 'Cube'} caches cannot be told to ${request.action}.`,
      );
    if (request.caches.length === 0) throw new AppError('VALIDATION', 'Choose at least one cache.');
    await this.#history.assertWritable();
    const session = await this.#connected(request.profileId, request.kind);
    const profile = session.profile;
    const id = newId();
    const plan: CacheActionPlan = {
      id,
      runId: request.runId ?? id,
      profileId: profile.id,
      profileName: profile.name,
      tier: profile.tier,
      host: parseLibraryUrl(profile.url).host,
      kind: request.kind,
      action: request.action,
      items: planItems(request),
      touchesProduction: isProductionTier(profile.tier),
      unpublishes: isUnpublishing(request.kind, request.action),
      scheduled: request.scheduled === true,
      step: request.step ?? null,
    };
    return this.#add(plan);
  }

  getPlan(planId: string): CacheActionPlan {
    return this.#entry(planId).plan;
  }

  /** Sends a plan; `listener` hears each item as it starts and ends, then the run's outcome. */
  start(planId: string, listener: (event: CacheRunEvent) => void = () => {}): Promise<CacheActionOutcome> {
    const entry = this.#entry(planId);
    if (entry.done) throw new AppError('VALIDATION', 'This action has already been started.');
    entry.done = this.#run(entry, listener);
    return entry.done;
  }

  cancel(planId: string): void {
    this.#entry(planId).cancelled = true;
  }

  /** A new plan in the same run with every item that did not succeed. */
  retry(planId: string): CacheActionPlan {
    const entry = this.#entry(planId);
    const outcome = this.outcome(planId);
    if (!outcome) throw new AppError('VALIDATION', 'This action has not finished yet.');
    const again = outcome.items.filter((item) => item.status !== 'succeeded');
    if (again.length === 0) throw new AppError('VALIDATION', 'Every cache of this run succeeded; nothing to retry.');
    const items = again.map((item) =>
      pendingItem(item.key, item.node, item.cacheId, item.name, item.projectId, item.projectName),
    );
    return this.#add({ ...entry.plan, id: newId(), items });
  }

  /** The run's outcome across its retries, once this plan has finished. */
  outcome(planId: string): CacheActionOutcome | null {
    const latest = this.#entry(planId);
    if (!latest.outcome) return null;
    const parts = [...this.#entries.values()].filter(
      (entry) => entry.plan.runId === latest.plan.runId && entry.outcome,
    );
    const merged = parts.length === 1 ? latest.outcome.items.slice() : mergedItems(parts);
    return {
      ...latest.outcome,
      startedAt: parts[0]?.outcome?.startedAt ?? latest.outcome.startedAt,
      durationMs: parts.reduce((total, part) => total + (part.outcome?.durationMs ?? 0), 0),
      summary: summarise(merged),
      items: merged,
    };
  }

  /**
   * Lists the touched nodes and projects again and notes, per succeeded item, what the server now
   * shows and whether that is the change asked for.
   */
  async confirm(planId: string): Promise<CacheActionOutcome> {
    const entry = this.#entry(planId);
    const outcome = this.outcome(planId);
    if (!outcome) throw new AppError('VALIDATION', 'This action has not finished yet.');
    const { plan } = entry;
    const succeeded = outcome.items.filter((item) => item.status === 'succeeded');
    if (succeeded.length === 0) return outcome;
    const listing = await this.list(plan.profileId, plan.kind, {
      nodes: [...new Set(succeeded.map((item) => item.node))],
      projects: [...new Set(succeeded.map((item) => item.projectId))],
    });
    const now = new Map(listing.caches.map((row) => [`${row.node}/${row.id}`, row.status]));
    const unreachable = new Set(listing.nodes.filter((node) => node.error).map((node) => node.name));
    for (const item of succeeded) {
      if (unreachable.has(item.node)) continue;
      const states = now.get(item.key) ?? null;
      item.afterwards = states === null ? 'gone' : states.join(', ');
      item.confirmed = showsAction(plan.action, states);
    }
    return outcome;
  }

  /** Waits for every started run (on quit, so the history is complete). */
  async settle(): Promise<void> {
    for (const entry of this.#entries.values()) entry.cancelled = true;
    await Promise.allSettled([...this.#entries.values()].map((entry) => entry.done));
  }

  async #run(entry: Entry, listener: (event: CacheRunEvent) => void): Promise<CacheActionOutcome> {
    const { plan } = entry;
    const startedAt = new Date().toISOString();
    const began = performance.now();
    // The run's own items (the plan stays as it was shown), made as pending items are rather than
    // spread: for 100,000 caches the spread copies were 20 to 40 ms before the first request.
    const items = plan.items.map((item) =>
      pendingItem(item.key, item.node, item.cacheId, item.name, item.projectId, item.projectName),
    );
    const session = await this.#connected(plan.profileId, plan.kind);
    const user = session.view.userFullName ?? '';
    const record = async (changed: CacheActionItem[]): Promise<void> => {
      const finished = changed.filter((item) => item.status !== 'running');
      // Items that only started are heard at once, while they still read "running": listeners get
      // the items themselves, and one a listener keeps shows its latest state when it is read.
      if (finished.length > 0) await this.#history.appendLines(historyLines(plan, finished, user));
      for (const item of changed) listener({ type: 'item', planId: plan.id, item });
    };
    try {
      await runActions(plan, items, {
        use: (call) => session.use(call),
        concurrency: session.profile.concurrency,
        timing: this.#timing,
        cancelled: () => entry.cancelled,
        onItems: record,
      });
      const neverSent = items.filter((candidate) => candidate.status === 'pending');
      for (const item of neverSent) {
        item.status = 'cancelled';
        item.finishedAt = new Date().toISOString();
      }
      await record(neverSent.map((item) => ({ ...item })));
    } finally {
      await this.#history.sync().catch(() => undefined);
    }
    entry.outcome = {
      planId: plan.id,
      runId: plan.runId,
      startedAt,
      finishedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - began),
      summary: summarise(items),
      items,
    };
    const outcome = this.outcome(plan.id) as CacheActionOutcome;
    listener({ type: 'finished', outcome });
    return outcome;
  }

  /** The profile's session, logged in, on a server new enough for the monitor asked for. */
  async #connected(profileId: string, kind?: CacheKind): Promise<ProfileSession> {
    const session = await this.#sessions.for(await this.#profiles.get(profileId));
    if (session.view.state !== 'connected') await session.connect();
    const version = session.view.serverVersion;
    if (kind && version) {
      const running = parseVersion(version);
      const minimum = parseVersion(MIN_MONITOR_VERSION[kind]);
      if (running && minimum && compareVersions(running, minimum) < 0)
        throw new AppError(
          'SERVER_TOO_OLD',
          `${session.profile.name} runs I-Server ${version}; ${kind === 'content' ? 'content' : 'cube'} cache monitoring needs ${MIN_MONITOR_VERSION[kind]} or later. Use Developer or Workstation's cache monitor on this server.`,
        );
    }
    return session;
  }

  #add(plan: CacheActionPlan): CacheActionPlan {
    this.#entries.set(plan.id, { plan, cancelled: false, done: null, outcome: null });
    while (this.#entries.size > KEEP) {
      const oldest = [...this.#entries.entries()].find(([, entry]) => entry.outcome !== null || entry.done === null);
      if (!oldest) break;
      this.#entries.delete(oldest[0]);
    }
    return plan;
  }

  #entry(planId: string): Entry {
    const entry = this.#entries.get(planId);
    if (!entry) throw new AppError('VALIDATION', 'Unknown cache action; prepare it again.');
    return entry;
  }
}

/**
 * One pending item per cache of the plan's kind, once each (node and id; a cache given twice keeps
 * its first place and its last row), in one pass: a filter's 100,000 caches cost no copies on the way.
 */
function planItems(request: CacheActionRequest): CacheActionItem[] {
  const items: CacheActionItem[] = [];
  // Places by node, then by id: the ids as the server's answer gave them hash once and keep their
  // hash, where a joined key would be a new string to hash for every cache.
  const places = new Map<string, Map<string, number>>();
  for (const row of request.caches) {
    if (row.kind !== request.kind) continue;
    const item = pendingItem(`${row.node}/${row.id}`, row.node, row.id, row.name, row.projectId, row.projectName);
    let onNode = places.get(row.node);
    if (!onNode) places.set(row.node, (onNode = new Map()));
    const place = onNode.get(row.id);
    if (place === undefined) {
      onNode.set(row.id, items.length);
      items.push(item);
    } else items[place] = item;
  }
  return items;
}

/** A cache not sent yet, for a plan or its retry (one shape for every item: the runs read them fast). */
function pendingItem(
  key: string,
  node: string,
  cacheId: string,
  name: string,
  projectId: string,
  projectName: string,
): CacheActionItem {
  return {
    key,
    node,
    cacheId,
    name,
    projectId,
    projectName,
    status: 'pending',
    durationMs: null,
    error: null,
    attempts: 0,
    retries: [],
    finishedAt: null,
    afterwards: null,
    confirmed: null,
  };
}

/** A run's items across its plans, each cache once with its latest outcome, in first-seen order. */
function mergedItems(parts: readonly Entry[]): CacheActionItem[] {
  const items = new Map<string, CacheActionItem>();
  for (const part of parts) for (const item of part.outcome?.items ?? []) items.set(item.key, item);
  return [...items.values()];
}

export function summarise(items: readonly CacheActionItem[]): PurgeSummary {
  return { ...countOutcomes(items), skipped: 0, blockedEnvironments: 0 };
}

type PerCache = 'node' | 'projectId' | 'projectName' | 'cacheId' | 'cacheName';

/** What the history says of a cache action, but which cache. */
function sharedFields(plan: CacheActionPlan, item: CacheActionItem, user: string): Omit<HistoryEntry, PerCache> {
  const outcome = item.status as HistoryEntry['outcome'];
  return {
    time: item.finishedAt ?? new Date().toISOString(),
    durationMs: item.durationMs ?? 0,
    runId: plan.runId,
    profileId: plan.profileId,
    profileName: plan.profileName,
    serverHost: plan.host,
    user,
    cacheType: plan.kind,
    action: plan.action,
    outcome,
    attempts: item.attempts,
    retries: item.retries,
    httpStatus: item.error ? (item.error.httpStatus ?? null) : null,
    mstrCode: item.error?.mstrCode ?? null,
    ticketId: item.error?.ticketId ?? null,
    errorCode: item.error?.code ?? null,
    message: item.error?.message ?? (outcome === 'cancelled' ? 'Cancelled before it was sent.' : null),
    scheduled: plan.scheduled,
    ...(plan.step ? { step: plan.step } : {}),
  };
}

/**
 * One history line per cache. The caches of a batch ended together and share everything but which
 * cache they are, so that part is written out once per batch, and the node and project once per run
 * of caches from the same project: 100,000 lines cost a fraction of serialising each whole.
 */
export function historyLines(plan: CacheActionPlan, items: readonly CacheActionItem[], user: string): string {
  let text = '';
  let shared = '';
  let sharedBy: CacheActionItem | null = null;
  let where = '';
  let whereBy: CacheActionItem | null = null;
  for (const item of items) {
    if (sharedBy === null || !endedAlike(sharedBy, item)) {
      shared = JSON.stringify(sharedFields(plan, item, user)).slice(0, -1);
      sharedBy = item.error === null && item.retries.length === 0 ? item : null;
    }
    if (whereBy === null || !sameProject(whereBy, item)) {
      where = `,"node":${JSON.stringify(item.node)},"projectId":${JSON.stringify(item.projectId)},"projectName":${JSON.stringify(item.projectName)}`;
      whereBy = item;
    }
    text += `${shared}${where},"cacheId":${JSON.stringify(item.cacheId)},"cacheName":${JSON.stringify(item.name)}}\n`;
  }
  return text;
}

/** Whether `item` ended as `before` did, with no error or retry of its own (so its shared fields are the same). */
function endedAlike(before: CacheActionItem, item: CacheActionItem): boolean {
  return (
    item.error === null &&
    item.retries.length === 0 &&
    item.status === before.status &&
    item.finishedAt === before.finishedAt &&
    item.durationMs === before.durationMs &&
    item.attempts === before.attempts
  );
}

function sameProject(before: CacheActionItem, item: CacheActionItem): boolean {
  return item.node === before.node && item.projectId === before.projectId && item.projectName === before.projectName;
}
