/**
 * Project lists for the simulator: generated ones of any size with realistic fields, or the list a
 * real 11.1 server returned (test/fixtures/mstr-11.1-recorded), and the project areas of the API:
 * GET /projects (loaded where the session runs) and GET /monitors/projects (all, with status).
 * GET /objects/{id}?type=32 (a project as an object) is not served: neither the app nor its tests
 * use it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApiArea } from './api-area.ts';
import { badRequest, forbidden, isAtLeast, notAllowed, notFound, ok } from './http.ts';
import { projectStatusOn, type SimulatedNode } from './nodes.ts';

export interface SimulatedProject {
  [field: string]: unknown;
  id: string;
  name: string;
  status: number;
}

export const RECORDED_DIR = new URL('../fixtures/mstr-11.1-recorded/', import.meta.url);

export function readRecorded<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, RECORDED_DIR), 'utf8')) as T;
}

const AREAS = [
  'Sales',
  'Finance',
  'Supply Chain',
  'Marketing',
  'HR',
  'Retail',
  'Risk',
  'Claims',
  'Inventory',
  'Pricing',
];
const KINDS = ['Analytics', 'Reporting', 'Dashboards', 'Data Mart', 'Forecasting'];

export function projectId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32).toUpperCase();
}

/**
 * `count` projects; every project whose position is in `unloaded` gets an idle or offline status,
 * so callers can test that such projects are skipped.
 */
export function generateProjects(count: number, unloaded: readonly number[] = []): SimulatedProject[] {
  const unloadedStatuses = [-1, 7, 1, -3];
  return Array.from({ length: count }, (_, index) => {
    const name = `${AREAS[index % AREAS.length]} ${KINDS[Math.floor(index / AREAS.length) % KINDS.length]} ${String(index + 1).padStart(3, '0')}`;
    const unloadedAt = unloaded.indexOf(index);
    const created = new Date(Date.UTC(2018, index % 12, 1 + (index % 27), 9, 30)).toISOString().replace('Z', '+0000');
    return {
      acg: 255,
      id: projectId(`project-${index}`),
      name,
      status: unloadedAt === -1 ? 0 : (unloadedStatuses[unloadedAt % unloadedStatuses.length] ?? -1),
      alias: '',
      description: `${name} project`,
      dateCreated: created,
      dateModified: created.replace('2018', '2026'),
      owner: { name: 'Administrator', id: '54F3D26011D2896560009A8E67019608' },
    };
  });
}

/** Constant time per lookup, rebuilt when the list is replaced or grows, so a big run measures the client. */
export class ProjectIndex {
  #source: readonly SimulatedProject[] | null = null;
  #size = 0;
  #byId = new Map<string, SimulatedProject>();

  get(projects: readonly SimulatedProject[], id: string): SimulatedProject | undefined {
    if (this.#source !== projects || this.#size !== projects.length) {
      this.#source = projects;
      this.#size = projects.length;
      this.#byId = new Map(projects.map((project) => [project.id, project]));
    }
    return this.#byId.get(id);
  }
}

/** What the project areas need of the simulator. */
export interface ProjectServer {
  readonly projects: readonly SimulatedProject[];
  readonly iServerVersion: string;
  readonly cluster: { readonly nodes: readonly SimulatedNode[]; sessionNode(): SimulatedNode | undefined };
}

/**
 * Whether a project is loaded where the sessions' calls run: a loaded project (status 0) that the
 * session's node holds. GET /projects lists only these (as the recorded 11.1 answer holds only
 * status 0, and the official SDK takes a project missing from it as unloaded), and a purge of any
 * other project answers 400.
 */
export function isLoadedForSessions(server: ProjectServer, project: SimulatedProject): boolean {
  return project.status === 0 && server.cluster.sessionNode()?.projectIds.has(project.id) === true;
}

/** GET /projects: the projects loaded on the session's node (403 ERR014 without the privilege). */
export function projectsArea(server: ProjectServer): ApiArea {
  return {
    serves: (route) => route === '/projects',
    answer(call) {
      if (call.method !== 'GET') return notAllowed();
      const user = call.session?.user;
      if (user && !user.canListProjects) return forbidden('You do not have the privilege to list projects.');
      return ok(server.projects.filter((project) => isLoadedForSessions(server, project)));
    },
  };
}

/**
 * GET /monitors/projects (I-Server 11.2 or later, the official SDK's gate): every project in the
 * metadata, loaded or not, paged with offset and limit (-1, the default, for all) and the total in
 * x-mstr-total-count, as the SDK's list_projects reads it ({projects: [...]}). Each project carries
 * its status number (0 when loaded on some running node, -1 when loaded on none, else its own idle or
 * offline status) and `nodes`: its status on each node in the words of the nodes call. The SDK reads
 * only `projects`, `status` and the header; the `nodes` entries' shape is unverified.
 */
export function monitoredProjectsArea(server: ProjectServer): ApiArea {
  return {
    serves: (route) => route === '/monitors/projects',
    answer(call) {
      if (!isAtLeast(server.iServerVersion, [11, 2, 0])) return notFound();
      if (call.method !== 'GET') return notAllowed();
      const user = call.session?.user;
      if (user && (!user.canListProjects || user.canListAllProjects === false))
        return forbidden('You do not have the privilege to list all projects.');
      const offset = Number(call.query.get('offset') ?? '0');
      const limit = Number(call.query.get('limit') ?? '-1');
      if (!Number.isInteger(offset) || offset < 0) return badRequest('offset is not valid.');
      if (!Number.isInteger(limit) || (limit < 1 && limit !== -1)) return badRequest('limit is not valid.');
      const all = server.projects;
      const page = all.slice(offset, limit === -1 ? undefined : offset + limit);
      const projects = page.map((project) => monitoredProject(project, server.cluster.nodes));
      return ok({ projects }, { 'x-mstr-total-count': String(all.length) });
    },
  };
}

function monitoredProject(project: SimulatedProject, nodes: readonly SimulatedNode[]): SimulatedProject {
  const onNodes = nodes.map((node) => ({ name: node.name, status: projectStatusOn(node, project.id) }));
  const loadedSomewhere = onNodes.some((node) => node.status === 'loaded');
  const status = project.status !== 0 ? project.status : loadedSomewhere ? 0 : -1;
  return { ...project, status, nodes: onNodes };
}
