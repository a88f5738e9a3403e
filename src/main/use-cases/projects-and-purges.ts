/**
 * Projects of an environment and object/element cache purges of them: the project list (with when
 * each was last purged), a purge's plan, and its run, which is sent only with the production
 * confirmation when any environment of the plan is production.
 */
import type { ProjectListing, PurgePlan, PurgeRequest } from '../../shared/model.ts';
import { listEnvironmentProjects, type EnvironmentProjects } from '../projects/project-list.ts';
import type { PurgeEvent } from '../purge/purge-engine.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import type { Services } from '../services.ts';
import { neededFor, requireConfirmations, type Confirmations, type NeededConfirmations } from './confirmations.ts';
import { claimForWindow, refuseWhileHeldForWindow } from './runs-in-progress.ts';
import type { WindowSession } from './window-session.ts';

export { isCompleteSuccess } from '../purge/purge-engine.ts';

/** The project list the window shows: the kept one unless refreshed, with each project's last purge. */
export async function listProjects(services: Services, profileId: string, refresh: boolean): Promise<ProjectListing> {
  const session = await services.sessions.for(await services.profiles.get(profileId));
  const listing = await services.projects.list(session, refresh);
  const ids = listing.projects.map((project) => project.id);
  return { ...listing, lastPurged: await services.history.lastPurged(profileId, ids) };
}

/** The projects as the server lists them now: every one, or only the loaded ones where the server will not say. */
export async function serverProjects(services: Services, profile: Profile): Promise<EnvironmentProjects> {
  return (await services.sessions.for(profile)).use((client) => listEnvironmentProjects(client));
}

/** Reads the history once in the background, so the first project list does not wait for it. */
export function warmLastPurged(services: Services): void {
  void services.history.lastPurged('', []).catch(() => undefined);
}

export function preparePurge(services: Services, request: PurgeRequest): Promise<PurgePlan> {
  return services.engine.prepare(request);
}

/** What a purge of these environments needs confirmed. */
export function purgeNeeds(environments: readonly { name: string; tier: string }[]): NeededConfirmations {
  return neededFor(environments);
}

function planNeeds(plan: PurgePlan): NeededConfirmations {
  return purgeNeeds(
    plan.environments.map((environment) => ({ name: environment.profileName, tier: environment.tier })),
  );
}

const PURGE_REFUSAL = {
  production: (names: string) => `${names} is production: type its name to confirm this purge.`,
};

/** Refuses a purge of these environments that lacks a confirmation (see requireConfirmations). */
export function requirePurgeConfirmed(
  environments: readonly { name: string; tier: string }[],
  given: Confirmations,
  namesToBeTyped = false,
): void {
  requireConfirmations(purgeNeeds(environments), given, PURGE_REFUSAL, namesToBeTyped);
}

/** Runs a prepared plan now, once its confirmations are given. */
export function runPurge(
  services: Services,
  plan: PurgePlan,
  confirmations: Confirmations,
  listener: (event: PurgeEvent) => void,
): ReturnType<Services['engine']['start']> {
  requireConfirmations(planNeeds(plan), confirmations, PURGE_REFUSAL);
  return services.engine.start(plan, listener);
}

/** The window's plan of a purge, refused at once when another run holds one of its environments. */
export async function prepareWindowPurge(
  services: Services,
  session: WindowSession,
  request: PurgeRequest,
): Promise<PurgePlan> {
  await refuseWhileHeldForWindow(services, request.environments);
  return preparedInWindow(session, await preparePurge(services, request));
}

/** The window's purges: kept by plan id so that progress, cancel, retry and results find them. */
export function preparedInWindow(session: WindowSession, plan: PurgePlan): PurgePlan {
  return session.runs.add(plan);
}

/**
 * Starts a prepared plan once confirmed, with its environments claimed until it finishes (another
 * run on one of them refuses it, nothing sent); the window hears "finished" once they are given back.
 */
export async function startWindowPurge(
  services: Services,
  session: WindowSession,
  planId: string,
  confirmations: Confirmations,
  listener: (event: PurgeEvent) => void,
): Promise<void> {
  const plan = session.runs.plan(planId);
  requireConfirmations(planNeeds(plan), confirmations, PURGE_REFUSAL);
  const environments = plan.environments.map((environment) => ({
    id: environment.profileId,
    name: environment.profileName,
  }));
  const release = await claimForWindow(services, environments, 'purge');
  try {
    session.runs.start(planId, (event) => {
      if (event.type === 'item') return listener(event);
      void release().finally(() => listener(event));
    });
  } catch (error) {
    await release();
    throw error;
  }
}
