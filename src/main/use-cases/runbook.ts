/**
 * After the data load: a project's Intelligent Cubes and their republish, events and their trigger
 * by name, a project's subscriptions and their send now. Every act is refused, nothing sent, on
 * production without the production confirmation, and for a name that matches nothing or several
 * things. Shared by the window, the command line and plans.
 */
import type { Profile } from '../../shared/profile-schema.ts';
import {
  DEFAULT_PUBLISH_CONCURRENCY,
  DEFAULT_PUBLISH_TIMEOUT_MINUTES,
  type CubeListing,
  type CubePublishResult,
  type CubeRow,
  type EventRow,
  type SendResult,
  type SubscriptionRow,
} from '../../shared/runbook.ts';
import type { Project } from '../../shared/model.ts';
import type { RunOptions } from '../runbook/runbook-service.ts';
import type { Services } from '../services.ts';
import { toErrorInfo, type ErrorInfo } from '../../shared/errors.ts';
import { newRunId, type WindowSession } from './window-session.ts';
import { claimForWindow } from './runs-in-progress.ts';
import { neededFor, requireConfirmations, type Confirmations, type NeededConfirmations } from './confirmations.ts';

export type { RunOptions };

const REFUSAL = {
  production: (names: string) => `${names} is production: type its name to confirm.`,
};

/** What a republish, trigger or send on this environment needs confirmed. */
export function runbookNeeds(profile: Pick<Profile, 'name' | 'tier'>): NeededConfirmations {
  return neededFor([profile]);
}

/** Refuses, before anything is looked up or sent, an act that lacks a confirmation. */
export function requireRunbookConfirmed(
  profile: Pick<Profile, 'name' | 'tier'>,
  given: Confirmations,
  namesToBeTyped = false,
): void {
  requireConfirmations(runbookNeeds(profile), given, REFUSAL, namesToBeTyped);
}

export function listCubes(services: Services, profileId: string, project: string, name?: string): Promise<CubeListing> {
  return services.runbook.listCubes(profileId, project, name);
}

export interface RepublishRequest extends RunOptions {
  profileId: string;
  project: string;
  /** Cube names (or ids), each matching exactly one cube of the project. */
  cubes: readonly string[];
  concurrency?: number;
  timeoutMinutes?: number;
  /** False: send each publish and do not follow its job. */
  wait?: boolean;
  onItem?: (result: CubePublishResult) => void;
}

/** The cubes a republish would send, by name; refuses (nothing sent) a name that matches none or several. */
export function cubesToRepublish(
  services: Services,
  profileId: string,
  project: string,
  names: readonly string[],
): Promise<CubeRow[]> {
  return services.runbook.cubesByName(profileId, project, names);
}

export async function republishCubes(
  services: Services,
  request: RepublishRequest,
  confirmations: Confirmations,
): Promise<CubePublishResult[]> {
  const profile = await services.profiles.get(request.profileId);
  requireRunbookConfirmed(profile, confirmations);
  const cubes = await cubesToRepublish(services, request.profileId, request.project, request.cubes);
  const minutes = request.timeoutMinutes ?? DEFAULT_PUBLISH_TIMEOUT_MINUTES;
  return services.runbook.publish(request.profileId, cubes, {
    ...request,
    concurrency: request.concurrency ?? DEFAULT_PUBLISH_CONCURRENCY,
    timeoutMs: Math.round(minutes * 60_000),
  });
}

export function listEvents(services: Services, profileId: string): Promise<EventRow[]> {
  return services.runbook.listEvents(profileId);
}

/** The one event of that name; refuses (nothing sent) for none or several. */
export function eventToTrigger(services: Services, profileId: string, name: string): Promise<EventRow> {
  return services.runbook.eventByName(profileId, name);
}

export async function triggerEvent(
  services: Services,
  request: RunOptions & { profileId: string; event: string },
  confirmations: Confirmations,
): Promise<SendResult> {
  const profile = await services.profiles.get(request.profileId);
  requireRunbookConfirmed(profile, confirmations);
  const event = await eventToTrigger(services, request.profileId, request.event);
  return services.runbook.triggerEvent(request.profileId, event, request);
}

export function listSubscriptions(
  services: Services,
  profileId: string,
  project: string,
): Promise<{ project: Project; subscriptions: SubscriptionRow[] }> {
  return services.runbook.listSubscriptions(profileId, project);
}

export function subscriptionsToSend(services: Services, profileId: string, project: string, names: readonly string[]) {
  return services.runbook.subscriptionsByName(profileId, project, names);
}

export async function sendSubscriptions(
  services: Services,
  request: RunOptions & {
    profileId: string;
    project: string;
    names: readonly string[];
    onItem?: (result: SendResult) => void;
  },
  confirmations: Confirmations,
): Promise<SendResult[]> {
  const profile = await services.profiles.get(request.profileId);
  requireRunbookConfirmed(profile, confirmations);
  const { project, subscriptions } = await subscriptionsToSend(
    services,
    request.profileId,
    request.project,
    request.names,
  );
  return services.runbook.sendSubscriptions(request.profileId, project, subscriptions, request);
}

export interface WindowRunbookRequest {
  profileId: string;
  kind: 'republish' | 'event' | 'subscriptions';
  project?: string | undefined;
  names: string[];
  confirmed: boolean;
  concurrency?: number | undefined;
  timeoutMinutes?: number | undefined;
  /** The user chose "Run anyway": it runs alongside another run on the environment. */
  alongside?: boolean | undefined;
}

const WINDOW_WHAT: Record<WindowRunbookRequest['kind'], string> = {
  republish: 'cube republish',
  event: 'event trigger',
  subscriptions: 'subscription send',
};

export interface WindowRunbookEvents {
  onItem: (runId: string, item: CubePublishResult | SendResult) => void;
  onFinished: (runId: string, results: (CubePublishResult | SendResult)[], error: ErrorInfo | null) => void;
}

function windowRun(
  services: Services,
  request: WindowRunbookRequest,
  options: RunOptions & { onItem: (item: CubePublishResult | SendResult) => void },
): Promise<(CubePublishResult | SendResult)[]> {
  const confirmations = { production: request.confirmed };
  const project = request.project ?? '';
  if (request.kind === 'event')
    return Promise.all(
      request.names.map((event) =>
        triggerEvent(services, { ...options, profileId: request.profileId, event }, confirmations),
      ),
    ).then((results) => (results.forEach(options.onItem), results));
  if (request.kind === 'subscriptions')
    return sendSubscriptions(
      services,
      { ...options, profileId: request.profileId, project, names: request.names },
      confirmations,
    );
  return republishCubes(
    services,
    {
      ...options,
      profileId: request.profileId,
      project,
      cubes: request.names,
      ...(request.concurrency !== undefined ? { concurrency: request.concurrency } : {}),
      ...(request.timeoutMinutes !== undefined ? { timeoutMinutes: request.timeoutMinutes } : {}),
    },
    confirmations,
  );
}

/**
 * The window's republish, trigger or send, in the background: refused at once (nothing sent)
 * without the production confirmation or for names that match nothing or several, else heard
 * item by item and cancellable by its run id.
 */
export async function startWindowRunbook(
  services: Services,
  session: WindowSession,
  request: WindowRunbookRequest,
  events: WindowRunbookEvents,
): Promise<{ runId: string }> {
  const profile = await services.profiles.get(request.profileId);
  requireRunbookConfirmed(profile, { production: request.confirmed });
  const project = request.project ?? '';
  if (request.kind === 'event')
    await Promise.all(request.names.map((name) => eventToTrigger(services, profile.id, name)));
  else if (request.kind === 'subscriptions') await subscriptionsToSend(services, profile.id, project, request.names);
  else await cubesToRepublish(services, profile.id, project, request.names);
  // Claimed until it ends (another run on the environment refuses it); given back before "finished".
  const release = await claimForWindow(services, [profile], WINDOW_WHAT[request.kind], {
    alongside: request.alongside === true,
  });
  const runId = newRunId();
  const control = { cancelled: false, done: Promise.resolve() };
  session.planRuns.set(runId, control);
  control.done = windowRun(services, request, {
    runId,
    cancelled: () => control.cancelled,
    onItem: (item) => events.onItem(runId, item),
  })
    .then(
      (results) => release().finally(() => events.onFinished(runId, results, null)),
      (error: unknown) => release().finally(() => events.onFinished(runId, [], toErrorInfo(error))),
    )
    .finally(() => session.planRuns.delete(runId));
  return { runId };
}

export function cancelWindowRunbook(session: WindowSession, runId: string): void {
  const control = session.planRuns.get(runId);
  if (control) control.cancelled = true;
}
