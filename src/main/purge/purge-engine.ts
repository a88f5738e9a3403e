/**
 * The bulk purge engine shared by the window and the command line. `prepare` checks every
 * environment before anything is sent (session valid, server new enough, which projects exist
 * and are loaded, which chosen names are missing); `start` sends the purges, up to each profile's
 * concurrency per server, reporting every item as it ends and writing each call to the history.
 * Cancel stops starting new calls at once. Every item ends succeeded, failed, unknown (timed out:
 * the server may still do it) or cancelled, with the requests it took and why; failed, unknown and
 * cancelled items can be retried, and the retry stays part of the same run.
 */
import { closestNames } from '../../shared/closest-names.ts';
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import {
  countOutcomes,
  isLoadedStatus,
  projectStatusWord,
  selectedProjects,
  type HistoryEntry,
  type PlannedEnvironment,
  type Project,
  type PurgeItem,
  type PurgeOutcome,
  type PurgePlan,
  type PurgeRequest,
  type PurgeSummary,
  type SkippedProject,
} from '../../shared/model.ts';
import { isProductionTier, type Profile } from '../../shared/profile-schema.ts';
import { newTrace } from '../mstr/index.ts';
import { parseLibraryUrl } from '../../shared/library-url.ts';
import type { ProfileStore } from '../profiles/profile-store.ts';
import { listEnvironmentProjects } from '../projects/project-list.ts';
import type { ProfileSession } from '../sessions/profile-session.ts';
import type { SessionRegistry } from '../sessions/session-registry.ts';
import type { PurgeHistory } from './history.ts';
import { runPool } from './pool.ts';
import { newId } from '../storage/new-id.ts';

export type PurgeEvent =
  { type: 'item'; planId: string; item: PurgeItem } | { type: 'finished'; outcome: PurgeOutcome };

export interface PurgeEngineDependencies {
  profiles: ProfileStore;
  sessions: SessionRegistry;
  history: PurgeHistory;
}

export interface PurgeRun {
  readonly planId: string;
  cancel(): void;
  readonly done: Promise<PurgeOutcome>;
}

interface EnvironmentContext {
  planned: PlannedEnvironment;
  session: ProfileSession | null;
}

export class PurgeEngine {
  readonly #dependencies: PurgeEngineDependencies;

  constructor(dependencies: PurgeEngineDependencies) {
    this.#dependencies = dependencies;
  }

  async prepare(request: PurgeRequest): Promise<PurgePlan> {
    if (request.environments.length === 0) throw new AppError('VALIDATION', 'Choose at least one environment.');
    if (request.cacheTypes.length === 0)
      throw new AppError('VALIDATION', 'Choose object caches, element caches or both.');
    await this.#dependencies.history.assertWritable();
    const profiles = await Promise.all(
      [...new Set(request.environments)].map((id) => this.#dependencies.profiles.get(id)),
    );
    const prepared = await Promise.all(profiles.map((profile) => this.#prepareEnvironment(profile, request)));
    const id = newId();
    return {
      id,
      runId: request.runId ?? id,
      request,
      environments: prepared.map((entry) => entry.planned),
      items: prepared.flatMap((entry) => entry.items),
      skipped: prepared.flatMap((entry) => entry.skipped),
      missing: prepared.flatMap((entry) => entry.missing),
      touchesProduction: profiles.some((profile) => isProductionTier(profile.tier)),
    };
  }

  /**
   * A new plan, in the same run, with the items of an outcome that did not succeed: failed, unknown
   * (repeating a purge is harmless) and cancelled.
   */
  retryPlan(plan: PurgePlan, outcome: PurgeOutcome): PurgePlan {
    const again = outcome.items.filter((item) => needsRetry(item.status));
    return {
      ...plan,
      id: newId(),
      items: again.map((item) => ({ ...item, ...unsent() })),
      skipped: [],
      missing: [],
    };
  }

  start(plan: PurgePlan, listener: (event: PurgeEvent) => void = () => {}): PurgeRun {
    let cancelled = false;
    const startedAt = new Date().toISOString();
    const started = performance.now();
    const items = plan.items.map((item) => ({ ...item }));
    const done = (async (): Promise<PurgeOutcome> => {
      const byEnvironment = plan.environments.filter((environment) => environment.error === null);
      await Promise.all(
        byEnvironment.map(async (environment) => {
          const profile = await this.#dependencies.profiles.get(environment.profileId);
          const session = await this.#dependencies.sessions.for(profile);
          const own = items.filter((item) => item.profileId === environment.profileId);
          await runPool(
            own,
            plan.request.concurrency ?? environment.concurrency,
            () => cancelled,
            (item) => this.#purgeOne(plan, environment, session, item, listener),
          );
        }),
      );
      const neverSent = items.filter((item) => item.status === 'pending');
      for (const item of neverSent) {
        item.status = 'cancelled';
        item.finishedAt = new Date().toISOString();
        listener({ type: 'item', planId: plan.id, item: { ...item } });
      }
      await this.#recordCancelled(plan, neverSent);
      await this.#dependencies.history.sync().catch(() => undefined);
      const outcome: PurgeOutcome = {
        planId: plan.id,
        runId: plan.runId,
        startedAt,
        finishedAt: new Date().toISOString(),
        durationMs: Math.round(performance.now() - started),
        summary: summarise(plan, items),
        items,
      };
      listener({ type: 'finished', outcome });
      return outcome;
    })();
    return {
      planId: plan.id,
      cancel: () => {
        cancelled = true;
      },
      done,
    };
  }

  async #purgeOne(
    plan: PurgePlan,
    environment: PlannedEnvironment,
    session: ProfileSession,
    item: PurgeItem,
    listener: (event: PurgeEvent) => void,
  ): Promise<void> {
    item.status = 'running';
    listener({ type: 'item', planId: plan.id, item: { ...item } });
    const started = performance.now();
    const time = new Date().toISOString();
    const trace = newTrace();
    try {
      await session.use((client) => client.purgeCache(item.projectId, item.cacheType, trace));
      item.status = 'succeeded';
    } catch (error) {
      item.error = toErrorInfo(error);
      item.status = item.error.code === 'TIMEOUT' ? 'unknown' : 'failed';
      if (item.status === 'unknown') item.error = { ...item.error, message: `${item.error.message} ${UNKNOWN_NOTE}` };
    }
    item.durationMs = Math.round(performance.now() - started);
    item.attempts = trace.attempts;
    item.retries = trace.retries;
    item.finishedAt = new Date().toISOString();
    await this.#dependencies.history.append(historyEntry(plan, environment, item, time));
    listener({ type: 'item', planId: plan.id, item: { ...item } });
  }

  /** Cancelled items are part of the record too: the history says they were never sent. */
  async #recordCancelled(plan: PurgePlan, items: readonly PurgeItem[]): Promise<void> {
    for (const item of items) {
      const environment = plan.environments.find((candidate) => candidate.profileId === item.profileId);
      if (environment)
        await this.#dependencies.history.append(historyEntry(plan, environment, item, item.finishedAt ?? ''));
    }
  }

  async #prepareEnvironment(
    profile: Profile,
    request: PurgeRequest,
  ): Promise<{
    planned: PlannedEnvironment;
    items: PurgeItem[];
    skipped: SkippedProject[];
    missing: PurgePlan['missing'];
  }> {
    const context: EnvironmentContext = {
      planned: {
        profileId: profile.id,
        profileName: profile.name,
        tier: profile.tier,
        host: parseLibraryUrl(profile.url).host,
        user: null,
        concurrency: request.concurrency ?? profile.concurrency,
        error: null,
        projectCount: 0,
      },
      session: null,
    };
    try {
      const projects = await this.#preflight(profile, context);
      return { planned: context.planned, ...select(profile, projects, request) };
    } catch (error) {
      context.planned.error = toErrorInfo(error);
      return { planned: context.planned, items: [], skipped: [], missing: [] };
    }
  }

  async #preflight(profile: Profile, context: EnvironmentContext): Promise<Project[]> {
    const session = await this.#dependencies.sessions.for(profile);
    context.session = session;
    if (session.view.state !== 'connected') await session.connect();
    if (session.view.purgeSupported === false) {
      throw new AppError(
        'SERVER_TOO_OLD',
        `${profile.name} runs I-Server ${session.view.serverVersion ?? 'of an unknown version'}; REST cache purges need 11.3.0800 (2021 Update 8) or later.`,
      );
    }
    const { projects } = await session.use((client) => listEnvironmentProjects(client));
    context.planned.user = session.view.userFullName;
    context.planned.projectCount = projects.length;
    return projects;
  }
}

const GUID = /^[0-9a-f]{32}$/i;

/** What a timed-out item's message adds, so nobody mistakes it for a failure or fears a retry. */
export const UNKNOWN_NOTE =
  'The request was sent, so the server may still carry out the purge; repeating a purge is harmless.';

/** The state of an item not sent yet. */
function unsent(): Pick<PurgeItem, 'status' | 'durationMs' | 'error' | 'attempts' | 'retries' | 'finishedAt'> {
  return { status: 'pending', durationMs: null, error: null, attempts: 0, retries: [], finishedAt: null };
}

function needsRetry(status: PurgeItem['status']): boolean {
  return status === 'failed' || status === 'unknown' || status === 'cancelled';
}

function historyEntry(plan: PurgePlan, environment: PlannedEnvironment, item: PurgeItem, time: string): HistoryEntry {
  const outcome = item.status as HistoryEntry['outcome'];
  return {
    time,
    durationMs: item.durationMs ?? 0,
    runId: plan.runId,
    profileId: item.profileId,
    profileName: item.profileName,
    serverHost: environment.host,
    user: environment.user ?? '',
    projectId: item.projectId,
    projectName: item.projectName,
    cacheType: item.cacheType,
    outcome,
    attempts: item.attempts,
    retries: item.retries,
    httpStatus: item.error ? (item.error.httpStatus ?? null) : outcome === 'succeeded' ? 204 : null,
    mstrCode: item.error?.mstrCode ?? null,
    ticketId: item.error?.ticketId ?? null,
    errorCode: item.error?.code ?? null,
    message: item.error?.message ?? (outcome === 'cancelled' ? 'Cancelled before it was sent.' : null),
    scheduled: plan.request.scheduled === true,
    ...(plan.request.step ? { step: plan.request.step } : {}),
  };
}

/** The projects a request targets on one environment, matched by id or by name (ignoring case). */
export function select(
  profile: Profile,
  projects: readonly Project[],
  request: PurgeRequest,
): { items: PurgeItem[]; skipped: SkippedProject[]; missing: PurgePlan['missing'] } {
  const missing: PurgePlan['missing'] = [];
  let chosen: Project[];
  if ('all' in request.projects) {
    chosen = [...projects];
  } else {
    const selectors = selectedProjects(request.projects) ?? [];
    const mode = 'ids' in request.projects ? 'id' : 'names' in request.projects ? 'name' : 'either';
    const byId = new Map(projects.map((project) => [project.id.toUpperCase(), project]));
    const byName = new Map(projects.map((project) => [project.name.toLowerCase(), project]));
    const found = new Map<string, Project>();
    for (const selector of selectors) {
      const asId = mode !== 'name' && GUID.test(selector) ? byId.get(selector.toUpperCase()) : undefined;
      const project = asId ?? (mode === 'id' ? undefined : byName.get(selector.trim().toLowerCase()));
      if (project) found.set(project.id, project);
      else {
        const suggestions = closestNames(
          selector,
          [...byName.values()].map((candidate) => candidate.name),
        );
        missing.push({
          profileName: profile.name,
          selector,
          ...(suggestions.length ? { didYouMean: suggestions } : {}),
        });
      }
    }
    chosen = [...found.values()];
  }
  const skipped = chosen
    .filter((project) => !isLoadedStatus(project.status))
    .map((project) => ({
      profileName: profile.name,
      projectId: project.id,
      projectName: project.name,
      reason: `not loaded (${projectStatusWord(project.status)})`,
    }));
  const items = chosen
    .filter((project) => isLoadedStatus(project.status))
    .flatMap((project) =>
      request.cacheTypes.map((cacheType): PurgeItem => ({
        key: `${profile.id}/${project.id}/${cacheType}`,
        profileId: profile.id,
        profileName: profile.name,
        projectId: project.id,
        projectName: project.name,
        cacheType,
        ...unsent(),
      })),
    );
  return { items, skipped, missing };
}

/** The counts of items as they stand (also a run's items merged across its retries). */
export function summarise(plan: PurgePlan, items: readonly PurgeItem[]): PurgeSummary {
  return {
    ...countOutcomes(items),
    skipped: plan.skipped.length,
    blockedEnvironments: plan.environments.filter((environment) => environment.error !== null).length,
  };
}

/** True only when every requested item was purged and every environment was reached. */
export function isCompleteSuccess(outcome: PurgeOutcome): boolean {
  const { summary } = outcome;
  return summary.failed === 0 && summary.unknown === 0 && summary.cancelled === 0 && summary.blockedEnvironments === 0;
}
