/**
 * The simulator's I-Server cluster: its nodes with their content and cube caches, and the monitor
 * area of the API over them (the Monitor cluster privilege and version gates first, then the node,
 * content-cache or cube-cache module's own answer). Options say how the cluster is built and which
 * filters it rejects as one real server did.
 */
import type { ApiArea, ApiCall } from './api-area.ts';
import { ContentCaches, makeContentCache, type SimulatedContentCache } from './content-caches.ts';
import { CubeCaches, makeCubeCache, type CubeManipulation, type SimulatedCubeCache } from './cube-caches.ts';
import { badRequest, forbidden, headerValue, isAtLeast, notAllowed, notFound, type ApiAnswer } from './http.ts';
import { DEFAULT_NODES, buildNodes, listNodes, type SimulatedNode, type SimulatedNodeOptions } from './nodes.ts';
import type { SimulatedProject } from './projects.ts';

export type { SimulatedContentCache, SimulatedCubeCache, CubeManipulation, SimulatedNode, SimulatedNodeOptions };
export { DEFAULT_NODES };
/** The answer of a monitor handler (the shape every area answers with). */
export type ClusterAnswer = ApiAnswer;

export interface ClusterOptions {
  nodes?: SimulatedNodeOptions[];
  /** Content caches generated on each running node (default 40). */
  contentCachesPerNode?: number;
  /** Cube caches generated on each running node (default 6). */
  cubeCachesPerNode?: number;
  /** Query filters this server answers 400 ERR006 for, as one real server did. */
  rejectedFilters?: ('status' | 'type' | 'state.loadedState')[];
  /** Polls a cube manipulation stays "executing" before it settles (default 2). */
  manipulationPolls?: number;
  /** Answer content-cache actions with 202 instead of 200 (as a 2026 server is reported to). */
  contentActionStatus?: 200 | 202;
}

export function buildCluster(options: ClusterOptions, projects: readonly SimulatedProject[]): SimulatedNode[] {
  return buildNodes(options.nodes ?? DEFAULT_NODES, projects).map(({ node, projects: chosen }) => {
    if (node.status !== 'running' || chosen.length === 0) return node;
    const contentCount = options.contentCachesPerNode ?? 40;
    for (let index = 0; index < contentCount; index += 1) {
      const cache = makeContentCache(node, chosen[index % chosen.length] as SimulatedProject, index);
      node.contentCaches.set(cache.combinedId, cache);
    }
    const cubeCount = options.cubeCachesPerNode ?? 6;
    for (let index = 0; index < cubeCount; index += 1) {
      const cube = makeCubeCache(node, chosen[index % chosen.length] as SimulatedProject, index);
      node.cubeCaches.set(cube.id, cube);
    }
    return node;
  });
}

/** The monitor endpoints over one cluster; the server routes to it and logs the calls. */
export class SimulatedCluster {
  nodes: SimulatedNode[];
  readonly options: ClusterOptions;
  readonly #projects: () => readonly SimulatedProject[];
  readonly #content: ContentCaches;
  readonly #cubes: CubeCaches;

  constructor(options: ClusterOptions, projects: () => readonly SimulatedProject[]) {
    this.options = options;
    this.#projects = projects;
    this.nodes = buildCluster(options, projects());
    const rejected = (query: URLSearchParams, filters: string[]): ApiAnswer | null => this.#rejected(query, filters);
    this.#content = new ContentCaches(
      () => this.nodes,
      rejected,
      () => this.options.contentActionStatus ?? 200,
    );
    this.#cubes = new CubeCaches(
      () => this.nodes,
      rejected,
      () => this.options.manipulationPolls ?? 2,
    );
  }

  get manipulations(): Map<string, CubeManipulation> {
    return this.#cubes.manipulations;
  }

  node(name: string): SimulatedNode | undefined {
    return this.nodes.find((node) => node.name === name);
  }

  /** Every cube cache, wherever it lives (for tests that pick one). */
  allCubes(): SimulatedCubeCache[] {
    return this.nodes.flatMap((node) => [...node.cubeCaches.values()]);
  }

  allContent(): SimulatedContentCache[] {
    return this.nodes.flatMap((node) => [...node.contentCaches.values()]);
  }

  listNodes(projectFilter: string | null): ApiAnswer {
    return listNodes(this.nodes, this.#projects(), projectFilter);
  }

  listContent(query: URLSearchParams): ApiAnswer {
    return this.#content.list(query);
  }

  alterContent(query: URLSearchParams, body: string): ApiAnswer {
    return this.#content.alter(query, body);
  }

  listCubes(query: URLSearchParams): ApiAnswer {
    return this.#cubes.list(query);
  }

  getCube(id: string): ApiAnswer {
    return this.#cubes.get(id);
  }

  alterCube(id: string, body: string, prefer: string): ApiAnswer {
    return this.#cubes.alter(id, body, prefer);
  }

  manipulationStatus(id: string): ApiAnswer {
    return this.#cubes.manipulationStatus(id);
  }

  deleteCube(id: string): ApiAnswer {
    return this.#cubes.delete(id);
  }

  #rejected(query: URLSearchParams, filters: string[]): ApiAnswer | null {
    const rejected = filters.find(
      (filter) => query.has(filter) && this.options.rejectedFilters?.includes(filter as 'status'),
    );
    return rejected ? badRequest(`${rejected} is not valid.`) : null;
  }
}

const MONITOR_ROUTES = [
  /^\/monitors\/iServer\/nodes$/,
  /^\/monitors\/caches\/contents$/,
  /^\/v2\/monitors\/caches\/contents$/,
  /^\/monitors\/caches\/cubes$/,
  /^\/monitors\/caches\/cubes\/[^/]+$/,
  /^\/monitors\/caches\/cubes\/manipulations\/[^/]+\/status$/,
];

/** The cluster monitor: privilege and version gates first, then the cluster's own answer. */
export function monitorArea(cluster: SimulatedCluster, iServerVersion: () => string): ApiArea {
  return {
    serves: (route) => MONITOR_ROUTES.some((pattern) => pattern.test(route)),
    answer(call) {
      const user = call.session?.user ?? null;
      const acting = call.method !== 'GET';
      const allowed =
        user !== null && (acting ? user.canAdministerCaches : (user.canMonitorCluster ?? user.canAdministerCaches));
      if (!allowed) return forbidden('You do not have the Monitor cluster privilege.');
      return monitorCall(cluster, call, iServerVersion());
    },
  };
}

function monitorCall(cluster: SimulatedCluster, call: ApiCall, version: string): ApiAnswer {
  const { method, route, query } = call;
  if (route === '/monitors/iServer/nodes')
    return method === 'GET' ? cluster.listNodes(query.get('projects.id')) : notAllowed(method);
  if (route.includes('/caches/contents')) {
    if (!isAtLeast(version, [11, 3, 700])) return notFound(route);
    if (route.startsWith('/v2/'))
      return method === 'PATCH' ? cluster.alterContent(query, call.body) : notAllowed(method);
    return method === 'GET' ? cluster.listContent(query) : notAllowed(method);
  }
  if (!isAtLeast(version, [11, 3, 0])) return notFound(route);
  const manipulation = /^\/monitors\/caches\/cubes\/manipulations\/([^/]+)\/status$/.exec(route);
  if (manipulation)
    return method === 'GET'
      ? cluster.manipulationStatus(decodeURIComponent(manipulation[1] ?? ''))
      : notAllowed(method);
  if (route === '/monitors/caches/cubes') return method === 'GET' ? cluster.listCubes(query) : notAllowed(method);
  const id = decodeURIComponent(/^\/monitors\/caches\/cubes\/([^/]+)$/.exec(route)?.[1] ?? '');
  if (method === 'GET') return cluster.getCube(id);
  if (method === 'PATCH') return cluster.alterCube(id, call.body, headerValue(call.request.headers.prefer) ?? '');
  if (method === 'DELETE') return cluster.deleteCube(id);
  return notAllowed(method);
}
