/**
 * Project lists for the simulator: generated ones of any size with realistic fields, or the list a
 * real 11.1 server returned (test/fixtures/mstr-11.1-recorded), and the projects area of the API.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApiArea } from './api-area.ts';
import { forbidden, notAllowed, ok } from './http.ts';

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
  #ids = new Set<string>();

  has(projects: readonly SimulatedProject[], id: string): boolean {
    if (this.#source !== projects || this.#size !== projects.length) {
      this.#source = projects;
      this.#size = projects.length;
      this.#ids = new Set(projects.map((project) => project.id));
    }
    return this.#ids.has(id);
  }
}

/** GET /projects: the projects the user may see (403 ERR014 without the privilege). */
export function projectsArea(projects: () => readonly SimulatedProject[]): ApiArea {
  return {
    serves: (route) => route === '/projects',
    answer(call) {
      if (call.method !== 'GET') return notAllowed(call.method);
      const user = call.session?.user;
      if (user && !user.canListProjects) return forbidden('You do not have the privilege to list projects.');
      return ok(projects());
    },
  };
}
