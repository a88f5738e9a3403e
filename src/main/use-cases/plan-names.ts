/**
 * Whether the project and cube names a plan (an imported script) uses exist on each of its
 * environments: the server's lists when it can be reached, else the project list kept from the last
 * time it was; each name found nowhere comes with the closest known names.
 */
import { closestNames } from '../../shared/closest-names.ts';
import { selectedProjects } from '../../shared/model.ts';
import type { Step } from '../../shared/preset-schema.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import type { Services } from '../services.ts';
import { listProjects } from './projects-and-purges.ts';

export interface UnknownName {
  profileName: string;
  kind: 'project' | 'cube';
  name: string;
  didYouMean: string[];
}

export interface NameCheck {
  unknown: UnknownName[];
  /** Where each environment's names came from; "none" when neither the server nor a kept list could say. */
  checkedAgainst: { profileName: string; source: 'server' | 'last known list' | 'none' }[];
}

const GUID = /^[0-9a-f]{32}$/i;

function namesUsed(steps: readonly Step[]): { projects: string[]; cubes: string[] } {
  const projects = steps
    .flatMap((step) => ('projects' in step ? (selectedProjects(step.projects) ?? []) : []))
    .filter((name) => !GUID.test(name));
  const cubes = steps.flatMap((step) => (step.kind === 'cube' ? (step.filter?.names ?? []) : []));
  return { projects: [...new Set(projects)], cubes: [...new Set(cubes)] };
}

/** The server's list, or the kept one when the server cannot be asked (offline, no secret here). */
async function knownProjects(services: Services, profile: Profile) {
  const listing = await listProjects(services, profile.id, true).catch(() => null);
  if (!listing) return null;
  return { source: listing.offline ? ('last known list' as const) : ('server' as const), names: listing.projects };
}

async function knownCubes(services: Services, profile: Profile): Promise<string[] | null> {
  try {
    return (await services.caches.list(profile.id, 'cube', {})).caches.map((row) => row.name);
  } catch {
    return null;
  }
}

function unknownOf(
  wanted: readonly string[],
  known: readonly string[],
  base: Omit<UnknownName, 'name' | 'didYouMean'>,
) {
  const lower = new Set(known.map((name) => name.toLowerCase()));
  return wanted
    .filter((name) => !lower.has(name.trim().toLowerCase()))
    .map((name) => ({ ...base, name, didYouMean: closestNames(name, known) }));
}

export async function checkPlanNames(
  services: Services,
  steps: readonly Step[],
  profiles: readonly Profile[],
): Promise<NameCheck> {
  const used = namesUsed(steps);
  const check: NameCheck = { unknown: [], checkedAgainst: [] };
  if (used.projects.length === 0 && used.cubes.length === 0) return check;
  for (const profile of profiles) {
    const projects = await knownProjects(services, profile);
    check.checkedAgainst.push({ profileName: profile.name, source: projects?.source ?? 'none' });
    if (!projects) continue;
    const names = projects.names.map((project) => project.name);
    check.unknown.push(...unknownOf(used.projects, names, { profileName: profile.name, kind: 'project' }));
    const cubes = used.cubes.length > 0 && projects.source === 'server' ? await knownCubes(services, profile) : null;
    if (cubes) check.unknown.push(...unknownOf(used.cubes, cubes, { profileName: profile.name, kind: 'cube' }));
  }
  return check;
}
