/**
 * The bulk purge engine shared by the window and the command line. `prepare` checks every
 * environment before anything is sent (session valid, server new enough, which projects exist
 * and are loaded, which chosen names are missing); `start` sends the purges, up to each profile's
 * concurrency per server, reporting every item as it ends and writing each call to the history.
 * Cancel stops starting new calls at once; failed items can be retried as a new run.
 */
import { randomUUID } from 'node:crypto';
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import {
  isLoadedStatus,
  projectStatusWord,
  selectedProjects,
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
import { parseLibraryUrl } from '../mstr/library-url.ts';
import type { ProfileStore } from '../profiles/profile-store.ts';
import type { ProfileSession } from '../sessions/profile-session.ts';
import type { SessionRegistry } from '../sessions/session-registry.ts';
import type { PurgeHistory } from './history.ts';
import { runPool } from './pool.ts';

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
    const profiles = await Promise.all(
      [...new Set(request.environments)].map((id) => this.#dependencies.profiles.get(id)),
    );
    const prepared = await Promise.all(profiles.map((profile) => this.#prepareEnvironment(profile, request)));
    return {
      id: randomUUID(),
      request,
      environments: prepared.map((entry) => entry.planned),
      items: prepared.flatMap((entry) => entry.items),
      skipped: prepared.flatMap((entry) => entry.skipped),
      missing: prepared.flatMap((entry) => entry.missing),
      touchesProduction: profiles.some((profile) => isProductionTier(profile.tier)),
    };
  }

  /** A new plan with the failed items of an outcome, on the same environments. */
  retryPlan(plan: PurgePlan, outcome: PurgeOutcome): PurgePlan {
    const failed = outcome.items.filter((item) => item.status === 'failed');
    return {
      ...plan,
      id: randomUUID(),
      items: failed.map((item) => ({ ...item, status: 'pending', durationMs: null, error: null })),
      skipped: [],
      missing: [],
    };
  }

  start(plan: PurgePlan, listener: (event: PurgeEvent) => void = () => {}): PurgeRun {
    let cancelled = false;
    const startedAt = new Date().toISOString();
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
      for (const item of items) {
        if (item.status === 'pending') {
          item.status = 'cancelled';
          listener({ type: 'item', planId: plan.id, item: { ...item } });
        }
      }
      const outcome: PurgeOutcome = {
        planId: plan.id,
        startedAt,
        finishedAt: new Date().toISOString(),
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
    try {
      await session.use((client) => client.purgeCache(item.projectId, item.cacheType));
      item.status = 'succeeded';
    } catch (error) {
      item.status = 'failed';
      item.error = toErrorInfo(error);
    }
    item.durationMs = Math.round(performance.now() - started);
    await this.#dependencies.history.append({
      time,
      durationMs: item.durationMs,
      runId: plan.id,
      profileId: item.profileId,
      profileName: item.profileName,
      serverHost: environment.host,
      user: environment.user ?? '',
      projectId: item.projectId,
      projectName: item.projectName,
      cacheType: item.cacheType,
      outcome: item.status === 'succeeded' ? 'succeeded' : 'failed',
      httpStatus: item.error ? (item.error.httpStatus ?? null) : 204,
      mstrCode: item.error?.mstrCode ?? null,
      ticketId: item.error?.ticketId ?? null,
      errorCode: item.error?.code ?? null,
      message: item.error?.message ?? null,
      scheduled: plan.request.scheduled === true,
    });
    listener({ type: 'item', planId: plan.id, item: { ...item } });
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
    const projects = await session.use((client) => client.listProjects());
    context.planned.user = session.view.userFullName;
    context.planned.projectCount = projects.length;
    return projects;
  }
}

const GUID = /^[0-9a-f]{32}$/i;

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
      else missing.push({ profileName: profile.name, selector });
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
        status: 'pending',
        durationMs: null,
        error: null,
      })),
    );
  return { items, skipped, missing };
}

function summarise(plan: PurgePlan, items: readonly PurgeItem[]): PurgeSummary {
  const count = (status: PurgeItem['status']): number => items.filter((item) => item.status === status).length;
  return {
    total: items.length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    skipped: plan.skipped.length,
    blockedEnvironments: plan.environments.filter((environment) => environment.error !== null).length,
  };
}

/** True only when every requested item was purged and every environment was reached. */
export function isCompleteSuccess(outcome: PurgeOutcome): boolean {
  const { summary } = outcome;
  return summary.failed === 0 && summary.cancelled === 0 && summary.blockedEnvironments === 0;
}
