/**
 * The after-load runbook of one process: a project's cubes (search), their republish followed to
 * the end, events and their trigger by name, a project's subscriptions and their send now. Each
 * act is written to the history (runId, step, scheduled, action). Names are matched here: a name
 * that matches nothing, or several things, refuses before anything is sent.
 */
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import { didYouMean } from '../../shared/closest-names.ts';
import { parseLibraryUrl } from '../../shared/library-url.ts';
import type { Project } from '../../shared/model.ts';
import {
  type CubeListing,
  type CubePublishResult,
  type CubeRow,
  type EventRow,
  type SendResult,
  type SubscriptionRow,
} from '../../shared/runbook.ts';
import { compareVersions, parseVersion } from '../mstr/server-version.ts';
import type { ProfileStore } from '../profiles/profile-store.ts';
import type { PurgeHistory } from '../purge/history.ts';
import type { ProfileSession } from '../sessions/profile-session.ts';
import type { SessionRegistry } from '../sessions/session-registry.ts';
import { newId } from '../storage/new-id.ts';
import { listProjectCubes } from './cube-list.ts';
import { publishCubes, type PublishTiming } from './cube-publisher.ts';
import { publishLine, sendLine, type RunContext } from './runbook-history.ts';

/** The oldest I-Server for each call (the official SDK's gates; publish: 2021 Update 5). */
export const MIN_RUNBOOK_VERSION = {
  cubes: '11.3.0000',
  publish: '11.3.0500',
  events: '11.3.0100',
  subscriptions: '11.3.0000',
};

export interface RunOptions {
  runId?: string;
  step?: string | null;
  scheduled?: boolean;
  cancelled?: () => boolean;
}

export interface PublishOptions extends RunOptions {
  concurrency: number;
  timeoutMs: number;
  /** False: send each publish and do not follow its job. */
  wait?: boolean;
  onItem?: (result: CubePublishResult) => void;
}

export class RunbookService {
  readonly #profiles: ProfileStore;
  readonly #sessions: SessionRegistry;
  readonly #history: PurgeHistory;
  readonly #timing: Omit<PublishTiming, 'timeoutMs'>;

  constructor(
    dependencies: { profiles: ProfileStore; sessions: SessionRegistry; history: PurgeHistory },
    timing: Partial<Omit<PublishTiming, 'timeoutMs'>> = {},
  ) {
    this.#profiles = dependencies.profiles;
    this.#sessions = dependencies.sessions;
    this.#history = dependencies.history;
    this.#timing = { pollMs: timing.pollMs ?? 250, maxPollMs: timing.maxPollMs ?? 5000, now: timing.now ?? Date.now };
  }

  /** A project by name or id among the loaded ones. */
  async project(profileId: string, selector: string): Promise<Project> {
    const session = await this.#connected(profileId, 'cubes');
    const projects = await session.use((client) => client.listProjects());
    const wanted = selector.trim();
    const found =
      projects.find((project) => project.id.toUpperCase() === wanted.toUpperCase()) ??
      projects.find((project) => project.name === wanted) ??
      projects.find((project) => project.name.toLowerCase() === wanted.toLowerCase());
    if (!found) throw new AppError('PROJECT_NOT_FOUND', `No loaded project "${wanted}" on ${session.profile.name}.`);
    return found;
  }

  async listCubes(profileId: string, projectSelector: string, name?: string): Promise<CubeListing> {
    const session = await this.#connected(profileId, 'cubes');
    const project = await this.project(profileId, projectSelector);
    const cubes = await listProjectCubes((call) => session.use(call), project, {
      ...(name ? { name } : {}),
      concurrency: session.profile.concurrency,
    });
    return {
      profileId,
      profileName: session.profile.name,
      projectId: project.id,
      projectName: project.name,
      cubes,
    };
  }

  /** The cubes named, each exactly once in the project; refuses (nothing sent) for a name that matches none or several. */
  async cubesByName(profileId: string, projectSelector: string, names: readonly string[]): Promise<CubeRow[]> {
    const listing = await this.listCubes(profileId, projectSelector);
    return names.map((name) => {
      const matches = listing.cubes.filter(
        (cube) => cube.name === name || cube.id.toUpperCase() === name.toUpperCase(),
      );
      if (matches.length === 1) return matches[0] as CubeRow;
      throw new AppError(
        'VALIDATION',
        matches.length === 0
          ? `No cube "${name}" in ${listing.projectName}.${didYouMean(
              name,
              listing.cubes.map((cube) => cube.name),
            )} Nothing was sent.`
          : `${matches.length} cubes are named "${name}" in ${listing.projectName} (ids ${matches.map((cube) => cube.id).join(', ')}): give the id. Nothing was sent.`,
      );
    });
  }

  async publish(profileId: string, cubes: readonly CubeRow[], options: PublishOptions): Promise<CubePublishResult[]> {
    await this.#history.assertWritable();
    const session = await this.#connected(profileId, 'publish');
    const context = this.#context(session, options);
    return publishCubes(cubes, {
      use: (call) => session.use(call),
      concurrency: Math.max(1, options.concurrency),
      timing: { ...this.#timing, timeoutMs: options.timeoutMs },
      cancelled: options.cancelled ?? (() => false),
      ...(options.wait === false ? { wait: false } : {}),
      onItem: (result) => {
        if (result.status !== 'running') void this.#history.append(publishLine(context, result)).catch(() => undefined);
        options.onItem?.(result);
      },
    }).finally(() => this.#history.sync().catch(() => undefined));
  }

  async listEvents(profileId: string): Promise<EventRow[]> {
    const session = await this.#connected(profileId, 'events');
    return session.use((client) => client.listEvents());
  }

  /** The one event with this name (or id); refuses for none or several. */
  async eventByName(profileId: string, name: string): Promise<EventRow> {
    const events = await this.listEvents(profileId);
    const matches = events.filter((event) => event.name === name || event.id.toUpperCase() === name.toUpperCase());
    if (matches.length === 1) return matches[0] as EventRow;
    throw new AppError(
      'VALIDATION',
      matches.length === 0
        ? `No event is named "${name}".${didYouMean(
            name,
            events.map((event) => event.name),
          )} Nothing was sent.`
        : `${matches.length} events are named "${name}" (ids ${matches.map((event) => event.id).join(', ')}): give the id. Nothing was sent.`,
    );
  }

  async triggerEvent(profileId: string, event: EventRow, options: RunOptions = {}): Promise<SendResult> {
    await this.#history.assertWritable();
    const session = await this.#connected(profileId, 'events');
    const result = await this.#send(
      { kind: 'event', id: event.id, name: event.name, projectId: null },
      options,
      (client) => client.triggerEvent(event.id),
      session,
    );
    await this.#history.append(sendLine(this.#context(session, options), result));
    return result;
  }

  async listSubscriptions(
    profileId: string,
    projectSelector: string,
  ): Promise<{ project: Project; subscriptions: SubscriptionRow[] }> {
    const session = await this.#connected(profileId, 'subscriptions');
    const project = await this.project(profileId, projectSelector);
    return { project, subscriptions: await session.use((client) => client.listSubscriptions(project.id)) };
  }

  async subscriptionsByName(profileId: string, projectSelector: string, names: readonly string[]) {
    const { project, subscriptions } = await this.listSubscriptions(profileId, projectSelector);
    const chosen = names.map((name) => {
      const matches = subscriptions.filter((row) => row.name === name || row.id.toUpperCase() === name.toUpperCase());
      if (matches.length === 1) return matches[0] as SubscriptionRow;
      throw new AppError(
        'VALIDATION',
        matches.length === 0
          ? `No subscription "${name}" in ${project.name}.${didYouMean(
              name,
              subscriptions.map((row) => row.name),
            )} Nothing was sent.`
          : `${matches.length} subscriptions are named "${name}" in ${project.name}: give the id. Nothing was sent.`,
      );
    });
    return { project, subscriptions: chosen };
  }

  async sendSubscriptions(
    profileId: string,
    project: Project,
    subscriptions: readonly SubscriptionRow[],
    options: RunOptions & { onItem?: (result: SendResult) => void } = {},
  ): Promise<SendResult[]> {
    await this.#history.assertWritable();
    const session = await this.#connected(profileId, 'subscriptions');
    const context = this.#context(session, options);
    const results: SendResult[] = [];
    for (const row of subscriptions) {
      const item = { kind: 'subscription' as const, id: row.id, name: row.name, projectId: project.id };
      const result = await this.#send(item, options, (client) => client.sendSubscription(project.id, row.id), session);
      await this.#history.append(sendLine(context, result, project.name));
      options.onItem?.(result);
      results.push(result);
    }
    return results;
  }

  async #send(
    item: Pick<SendResult, 'kind' | 'id' | 'name' | 'projectId'>,
    options: RunOptions,
    call: (client: Parameters<Parameters<ProfileSession['use']>[0]>[0]) => Promise<void>,
    session: ProfileSession,
  ): Promise<SendResult> {
    const startedAt = new Date().toISOString();
    if (options.cancelled?.())
      return {
        ...item,
        status: 'cancelled',
        message: 'Cancelled before it was sent.',
        startedAt: null,
        finishedAt: startedAt,
        error: null,
      };
    try {
      await session.use(call);
      const message = item.kind === 'event' ? 'The server accepted the trigger.' : 'The server accepted the send.';
      return { ...item, status: 'succeeded', message, startedAt, finishedAt: new Date().toISOString(), error: null };
    } catch (error) {
      const info = toErrorInfo(error);
      const unanswered = info.code === 'TIMEOUT' || info.code === 'UNREACHABLE';
      const status = unanswered ? 'unknown' : 'failed';
      return { ...item, status, message: info.message, startedAt, finishedAt: new Date().toISOString(), error: info };
    }
  }

  #context(session: ProfileSession, options: RunOptions): RunContext {
    return {
      runId: options.runId ?? newId(),
      profileId: session.profile.id,
      profileName: session.profile.name,
      serverHost: parseLibraryUrl(session.profile.url).host,
      user: session.view.userFullName ?? '',
      scheduled: options.scheduled === true,
      step: options.step ?? null,
    };
  }

  async #connected(profileId: string, gate: keyof typeof MIN_RUNBOOK_VERSION): Promise<ProfileSession> {
    const session = await this.#sessions.for(await this.#profiles.get(profileId));
    if (session.view.state !== 'connected') await session.connect();
    const version = session.view.serverVersion;
    const running = version ? parseVersion(version) : null;
    const minimum = parseVersion(MIN_RUNBOOK_VERSION[gate]);
    if (running && minimum && compareVersions(running, minimum) < 0)
      throw new AppError(
        'SERVER_TOO_OLD',
        `${session.profile.name} runs I-Server ${version}; ${gate === 'publish' ? 'publishing cubes over REST' : gate} needs ${MIN_RUNBOOK_VERSION[gate]} or later. Nothing was sent.`,
      );
    return session;
  }
}
