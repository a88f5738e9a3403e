/**
 * Cube memory per node: GET /monitors/caches/cubes/aggregatedUsages?clusterNode=&aggregateBy=project|user,
 * as the vendor documents it. A project's usage is the size of its loaded cubes on the node (cube
 * sizes are KB; the usage is sent in bytes, as the documentation recommends), and each project has
 * a capacity on each node: by default seeded so that, of the projects using memory, one in three
 * is over its capacity, one in three near it (85%) and one in three well below (40%); a project
 * using nothing has 256 MiB. Tests may set a capacity of their own.
 */
import type { ApiArea } from './api-area.ts';
import type { ClusterAnswer, SimulatedNode } from './cluster.ts';
import { notAllowed } from './http.ts';
import type { SimulatedProject } from './projects.ts';

const KB = 1024;
const EMPTY_CAPACITY = 256 * 1024 * 1024;
/** Usage / capacity of the seeded projects, in turn: over, near, well below. */
const SEEDED_SHARES = [1.12, 0.85, 0.4];

export interface CubeMemoryUsage {
  id: string;
  name: string;
  currentUsage: number;
  capacity?: number;
}

/** Bytes of memory the loaded cubes of each project take on a node. */
export function loadedCubeBytes(node: SimulatedNode): Map<string, number> {
  const usage = new Map<string, number>();
  for (const cube of node.cubeCaches.values()) {
    if (cube.state.loadedState !== 'loaded') continue;
    usage.set(cube.projectId, (usage.get(cube.projectId) ?? 0) + cube.size * KB);
  }
  return usage;
}

export class CubeMemory {
  readonly #capacities = new Map<string, number>();
  readonly #nodes: () => readonly SimulatedNode[];
  readonly #projects: () => readonly SimulatedProject[];

  constructor(nodes: () => readonly SimulatedNode[], projects: () => readonly SimulatedProject[]) {
    this.#nodes = nodes;
    this.#projects = projects;
  }

  /** Sets a project's capacity on a node (bytes). */
  setCapacity(node: string, projectId: string, bytes: number): void {
    this.#capacities.set(`${node}/${projectId}`, bytes);
  }

  /** Per project loaded on the node: its usage and capacity, as the endpoint reports them. */
  byProject(node: SimulatedNode): CubeMemoryUsage[] {
    const usage = loadedCubeBytes(node);
    const projects = this.#projects().filter((project) => node.projectIds.has(project.id));
    let using = 0;
    return projects.map((project) => {
      const bytes = usage.get(project.id) ?? 0;
      const key = `${node.name}/${project.id}`;
      if (!this.#capacities.has(key)) {
        const share = SEEDED_SHARES[using % SEEDED_SHARES.length] ?? 1;
        this.#capacities.set(key, bytes === 0 ? EMPTY_CAPACITY : Math.round(bytes / share));
      }
      if (bytes > 0) using += 1;
      return { id: project.id, name: project.name, currentUsage: bytes, capacity: this.#capacities.get(key) ?? 0 };
    });
  }

  /** Per cube owner on the node (no capacity: the server gives one only per project). */
  byUser(node: SimulatedNode): CubeMemoryUsage[] {
    const owners = new Map<string, number>();
    for (const cube of node.cubeCaches.values()) {
      if (cube.state.loadedState !== 'loaded') continue;
      owners.set(cube.creatorName, (owners.get(cube.creatorName) ?? 0) + cube.size * KB);
    }
    return [...owners].map(([name, bytes]) => ({ id: ownerId(name), name, currentUsage: bytes }));
  }

  /** The endpoint: 400 for a node that is not the cluster's or not running, or an unknown aggregation. */
  answer(query: URLSearchParams): ClusterAnswer {
    const name = query.get('clusterNode') ?? '';
    const node = this.#nodes().find((candidate) => candidate.name === name);
    if (!node || node.status !== 'running' || node.goneDown)
      return { status: 400, error: { code: 'ERR006', message: `Invalid cluster node name ${name}` } };
    const aggregateBy = query.get('aggregateBy') ?? 'project';
    if (aggregateBy !== 'project' && aggregateBy !== 'user')
      return {
        status: 400,
        error: {
          code: 'ERR006',
          message: `The group by object ${aggregateBy} is invalid, currently just support group by user or project`,
        },
      };
    const aggregatedCacheUsages = aggregateBy === 'project' ? this.byProject(node) : this.byUser(node);
    return { status: 200, body: { aggregatedCacheUsages } };
  }
}

function ownerId(name: string): string {
  return Buffer.from(name).toString('hex').toUpperCase().padEnd(32, '0').slice(0, 32);
}

export const CUBE_MEMORY_ROUTE = '/monitors/caches/cubes/aggregatedUsages';

/** The endpoint as an area of the API (listed before the cube caches, whose /cubes/{id} it would match). */
export function cubeMemoryArea(memory: CubeMemory): ApiArea {
  return {
    serves: (route) => route === CUBE_MEMORY_ROUTE,
    answer: (call) => (call.method === 'GET' ? memory.answer(call.query) : notAllowed()),
  };
}
