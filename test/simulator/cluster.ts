/**
 * The simulator's I-Server cluster: its nodes with their content and cube caches, and the monitor
 * areas of the API over them (nodes.ts, content-caches.ts, cube-caches.ts), each behind the version
 * and privilege gates. Options say how the cluster is built and which filters it rejects as one real
 * server did.
 */
import type { ApiArea } from './api-area.ts';
import { ContentCaches, contentCachesArea, makeContentCache, type SimulatedContentCache } from './content-caches.ts';
import {
  CubeCaches,
  cubeCachesArea,
  makeCubeCache,
  type CubeManipulation,
  type SimulatedCubeCache,
} from './cube-caches.ts';
import { badRequest, forbidden, isAtLeast, notFound, type ApiAnswer } from './http.ts';
import {
  DEFAULT_NODES,
  buildNodes,
  listNodes,
  nodesArea,
  sessionNode,
  type SimulatedNode,
  type SimulatedNodeOptions,
} from './nodes.ts';
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
  readonly nodesArea: ApiArea;
  readonly contentArea: ApiArea;
  readonly cubesArea: ApiArea;

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
    this.nodesArea = nodesArea(() => this.nodes, projects);
    this.contentArea = contentCachesArea(this.#content);
    this.cubesArea = cubeCachesArea(this.#cubes);
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

  /** The nodes call; `projectFilter` as its projects.id parameter. */
  listNodes(projectFilter: string | null = null): ApiAnswer {
    const query = new URLSearchParams(projectFilter === null ? {} : { 'projects.id': projectFilter });
    return listNodes(this.nodes, this.#projects(), query);
  }

  /** The node the sessions' calls run on (see nodes.ts). */
  sessionNode(): SimulatedNode | undefined {
    return sessionNode(this.nodes);
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

/**
 * The monitor areas (nodes, content caches, cube caches), each behind its gates: an I-Server older
 * than the area is "not on this server" (404, before anything else, as a missing endpoint is), then
 * the Monitor cluster privilege for a list and Administer caches for an action.
 */
export function monitorAreas(cluster: SimulatedCluster, iServerVersion: () => string): ApiArea[] {
  return [
    gatedArea(cluster.nodesArea, [], iServerVersion),
    gatedArea(cluster.contentArea, [11, 3, 700], iServerVersion),
    gatedArea(cluster.cubesArea, [11, 3, 0], iServerVersion),
  ];
}

/** A monitor area behind the version gate (`since`) and the privilege gates described above. */
export function gatedArea(area: ApiArea, since: number[], iServerVersion: () => string): ApiArea {
  return {
    serves: area.serves,
    answer(call) {
      if (!isAtLeast(iServerVersion(), since)) return notFound();
      const user = call.session?.user ?? null;
      const acting = call.method !== 'GET';
      const allowed =
        user !== null && (acting ? user.canAdministerCaches : (user.canMonitorCluster ?? user.canAdministerCaches));
      return allowed ? area.answer(call) : forbidden('You do not have the Monitor cluster privilege.');
    },
  };
}
