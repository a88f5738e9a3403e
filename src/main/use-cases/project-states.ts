/**
 * Maintenance windows on a cluster: project state per node, idle/resume/load/unload on chosen nodes
 * (planned first: which nodes get it and which are already so), and the schema update. On
 * production the environment's name is confirmed, and the refusal says when the change ends or
 * blocks the project's user sessions.
 */
import type { Profile } from '../../shared/profile-schema.ts';
import {
  actionWordsFor,
  type NodeChange,
  type ProjectStateOutcome,
  type ProjectStatePlan,
  type ProjectStateRequest,
  type ProjectStateTable,
  type SchemaUpdateOutcome,
} from '../../shared/project-state.ts';
import type { SchemaUpdateRequest } from '../project-state/project-state-service.ts';
import type { Services } from '../services.ts';
import { neededFor, requireConfirmations, type Confirmations, type NeededConfirmations } from './confirmations.ts';
import { refuseWhileHeldForWindow, whileClaimedInWindow } from './runs-in-progress.ts';

export type { SchemaUpdateRequest } from '../project-state/project-state-service.ts';

export function projectStateTable(
  services: Services,
  profileId: string,
  nodes?: readonly string[],
): Promise<ProjectStateTable> {
  return services.projectStates.table(profileId, nodes);
}

export function planProjectState(services: Services, request: ProjectStateRequest): Promise<ProjectStatePlan> {
  return services.projectStates.plan(request);
}

/** The nodes a plan sends to (the others are already so, or cannot be reached). */
export function nodesToChange(plan: ProjectStatePlan): NodeChange[] {
  return plan.nodes.filter((change) => change.status === 'pending');
}

/** What a change needs confirmed: the production environment's name, when there is anything to send. */
export function projectStateNeeds(plan: Pick<ProjectStatePlan, 'profileName' | 'tier'>): NeededConfirmations {
  return neededFor([{ name: plan.profileName, tier: plan.tier }]);
}

/** The refusal's words: what the change is, and that it ends or blocks users' sessions when it does. */
export function sessionWarning(
  plan: Pick<ProjectStatePlan, 'action' | 'mode' | 'projectName' | 'endsSessions'>,
): string {
  if (!plan.endsSessions) return '';
  return plan.action === 'unload'
    ? ` Unloading "${plan.projectName}" ends its users' sessions on those nodes.`
    : ` A ${plan.mode} idle of "${plan.projectName}" cancels running jobs and blocks its users' sessions until it is resumed.`;
}

function refusalText(plan: ProjectStatePlan): { production: (names: string) => string } {
  return {
    production: (names) =>
      `${names} is production: type its name to confirm ${actionWordsFor(plan.action, plan.mode ?? undefined)} of "${plan.projectName}".${sessionWarning(plan)}`,
  };
}

/** Refuses a change to production that lacks its confirmation (see requireConfirmations). */
export function requireProjectStateConfirmed(
  plan: ProjectStatePlan,
  given: Confirmations,
  namesToBeTyped = false,
): void {
  if (nodesToChange(plan).length === 0) return;
  requireConfirmations(projectStateNeeds(plan), given, refusalText(plan), namesToBeTyped);
}

/** Sends a planned change once it is confirmed, and follows every node until it settles. */
export async function runProjectState(
  services: Services,
  planId: string,
  confirmations: Confirmations,
  onNode?: (change: NodeChange) => void,
): Promise<ProjectStateOutcome> {
  requireProjectStateConfirmed(services.projectStates.getPlan(planId), confirmations);
  return services.projectStates.run(planId, onNode);
}

/** The window's plan of a change, refused at once when another run holds the environment. */
export async function planProjectStateInWindow(
  services: Services,
  request: ProjectStateRequest,
): Promise<ProjectStatePlan> {
  await refuseWhileHeldForWindow(services, [request.profileId]);
  return planProjectState(services, request);
}

/** The window's change: its environment claimed while it runs (another run on it refuses it, nothing sent). */
export async function runProjectStateInWindow(
  services: Services,
  planId: string,
  confirmations: Confirmations,
): Promise<ProjectStateOutcome> {
  const plan = services.projectStates.getPlan(planId);
  requireProjectStateConfirmed(plan, confirmations);
  const environment = { id: plan.profileId, name: plan.profileName };
  return whileClaimedInWindow(services, [environment], `projects ${plan.action}`, () =>
    runProjectState(services, planId, confirmations),
  );
}

/** How a change ended over its nodes: failed beats unknown beats succeeded; all unchanged is "unchanged". */
export function projectStateStatus(nodes: readonly NodeChange[]): 'succeeded' | 'failed' | 'unknown' | 'unchanged' {
  if (nodes.some((node) => node.status === 'failed' || node.status === 'cancelled')) return 'failed';
  if (nodes.some((node) => node.status === 'unknown' || node.status === 'pending')) return 'unknown';
  return nodes.some((node) => node.status === 'succeeded') ? 'succeeded' : 'unchanged';
}

export function requireSchemaUpdateConfirmed(profile: Profile, given: Confirmations, namesToBeTyped = false): void {
  requireConfirmations(
    neededFor([profile]),
    given,
    {
      production: (names) => `${names} is production: type its name to confirm this schema update.`,
    },
    namesToBeTyped,
  );
}

/** Updates a project's schema (the parts ticked) once confirmed, following its task to the end. */
export async function updateSchema(
  services: Services,
  request: SchemaUpdateRequest,
  confirmations: Confirmations,
): Promise<SchemaUpdateOutcome> {
  requireSchemaUpdateConfirmed(await services.profiles.get(request.profileId), confirmations);
  return services.projectStates.updateSchema(request);
}

/** The window's schema update: its environment claimed while it runs (another run on it refuses it). */
export async function updateSchemaInWindow(
  services: Services,
  request: SchemaUpdateRequest,
  confirmations: Confirmations,
): Promise<SchemaUpdateOutcome> {
  const profile = await services.profiles.get(request.profileId);
  requireSchemaUpdateConfirmed(profile, confirmations);
  return whileClaimedInWindow(services, [profile], 'projects update-schema', () =>
    updateSchema(services, request, confirmations),
  );
}
