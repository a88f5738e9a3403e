/**
 * An environment's projects as the app shows and purges them: every project, each with whether it
 * is loaded where this session's calls run. GET /api/projects holds only the loaded ones; GET
 * /api/monitors/projects (I-Server 11.2 and later) holds all of them, so the others can still be
 * shown and skipped before anything is sent. When that endpoint is missing or refused, only the
 * loaded projects are known, and the listing says so.
 */
import { AppError } from '../../shared/errors.ts';
import { isLoadedStatus, type Project } from '../../shared/model.ts';
import type { MstrClient } from '../mstr/client.ts';

export const PROJECT_PAGE_SIZE = 1000;

export interface EnvironmentProjects {
  projects: Project[];
  /** False when the server would not list every project: then `projects` holds only the loaded ones. */
  unloadedKnown: boolean;
}

export async function listEnvironmentProjects(client: MstrClient): Promise<EnvironmentProjects> {
  const loaded = await client.listProjects();
  const all = await everyProject(client);
  if (all === null) return { projects: loaded, unloadedKnown: false };
  const loadedById = new Map(loaded.map((project) => [project.id, project]));
  const merged = [...all.values()].map((project) => loadedById.get(project.id) ?? notLoadedHere(project));
  return { projects: [...merged, ...loaded.filter((project) => !all.has(project.id))], unloadedKnown: true };
}

/** Every project by id, page after page; null when the server lacks the endpoint or refuses this user. */
async function everyProject(client: MstrClient): Promise<Map<string, Project> | null> {
  const projects = new Map<string, Project>();
  try {
    for (let offset = 0; ; offset += PROJECT_PAGE_SIZE) {
      const page = await client.projectPage(offset, PROJECT_PAGE_SIZE);
      const before = projects.size;
      for (const project of page.projects) projects.set(project.id, project);
      // A short page, the total reached, or nothing new (a server that ignores offset) ends it.
      const done = page.projects.length < PROJECT_PAGE_SIZE || projects.size === before;
      if (done || (page.total !== null && projects.size >= page.total)) return projects;
    }
  } catch (error) {
    const status = error instanceof AppError ? error.facts.httpStatus : undefined;
    if (status === 403 || status === 404 || status === 405) return null;
    throw error;
  }
}

/**
 * A project the loaded list lacks is not loaded where this session runs, whatever status the
 * metadata gives it (the official SDK reads it so too); one the metadata calls loaded is loaded on
 * other nodes only, and counts as offline here.
 */
function notLoadedHere(project: Project): Project {
  return isLoadedStatus(project.status) ? { ...project, status: -1 } : project;
}
