/**
 * Intelligent Cube caches per node: generated ones, the list (GET /monitors/caches/cubes, node
 * required), one cube, delete, and the asynchronous load/unload/activate/deactivate manipulations
 * polled until they settle under the server's rules.
 */
import type { ApiArea } from './api-area.ts';
import { badRequest, headerValue, isAnswer, notAllowed, parseJson, readPage, type ApiAnswer } from './http.ts';
import { addressedAll, type SimulatedNode } from './nodes.ts';
import type { SimulatedProject } from './projects.ts';
import { DAY, NOW, OWNERS, guid, serverDate } from './seeded.ts';

export interface SimulatedCubeCache {
  id: string;
  projectId: string;
  source: { id: string; name: string; type: 'cube' };
  state: {
    active: boolean;
    dirty: boolean;
    infoDirty: boolean;
    persisted: boolean;
    processing: boolean;
    loadedState: 'loaded' | 'unloaded' | 'loadPending' | 'unloadPending';
  };
  lastUpdateTime: string;
  hitCount: number;
  historicHitCount: number;
  openViewCount: number;
  size: number;
  creatorName: string;
  creationTime: string;
  rowCount: number;
  columnCount: number;
  /** The simulator's own flag: every manipulation of this cube ends in "error". */
  failsManipulation?: boolean;
}

/** A cube cache action as the simulator carried it out (or refused it). */
export interface CubeManipulation {
  id: string;
  cubeId: string;
  node: string;
  change: { loadedState?: string; active?: boolean };
  polls: number;
  status: 'executing' | 'ready' | 'error';
  statusDetail: string;
}

export function makeCubeCache(node: SimulatedNode, project: SimulatedProject, index: number): SimulatedCubeCache {
  const loaded = index % 3 !== 2;
  const updated = NOW - ((index * 11) % 200) * DAY;
  return {
    id: `${guid(`cube-${node.name}-${index}`)}:${project.id}:${node.address}`,
    projectId: project.id,
    source: { id: guid(`cube-source-${index}`), name: `Cube ${String(index + 1).padStart(3, '0')}`, type: 'cube' },
    state: {
      active: index % 4 !== 3,
      dirty: false,
      infoDirty: false,
      persisted: index % 5 !== 4,
      processing: false,
      loadedState: loaded ? 'loaded' : 'unloaded',
    },
    lastUpdateTime: serverDate(updated, index),
    hitCount: index % 2 === 0 ? 0 : index * 3,
    historicHitCount: index * 5,
    openViewCount: 0,
    size: 1024 * (1 + (index % 40)),
    creatorName: OWNERS[index % OWNERS.length] ?? 'Administrator',
    creationTime: serverDate(updated - DAY, index),
    rowCount: 1000 + index,
    columnCount: 8,
  };
}

/** The cube-cache endpoints over the cluster's nodes. */
export class CubeCaches {
  readonly manipulations = new Map<string, CubeManipulation>();
  readonly #nodes: () => readonly SimulatedNode[];
  readonly #rejected: (query: URLSearchParams, filters: string[]) => ApiAnswer | null;
  readonly #pollsUntilSettled: () => number;
  #manipulationCount = 0;

  constructor(
    nodes: () => readonly SimulatedNode[],
    rejected: (query: URLSearchParams, filters: string[]) => ApiAnswer | null,
    pollsUntilSettled: () => number,
  ) {
    this.#nodes = nodes;
    this.#rejected = rejected;
    this.#pollsUntilSettled = pollsUntilSettled;
  }

  /** GET /monitors/caches/cubes for every node named (clusterNode is required; several answer together). */
  list(query: URLSearchParams): ApiAnswer {
    if (query.get('clusterNode') === null) return badRequest('clusterNode is required.');
    const nodes = addressedAll(this.#nodes(), query.getAll('clusterNode'));
    if (isAnswer(nodes)) return nodes;
    const page = readPage(query);
    if (isAnswer(page)) return page;
    const rejected = this.#rejected(query, ['state.loadedState']);
    if (rejected) return rejected;
    const projectIds = query.get('projectIds')?.split(',').filter(Boolean) ?? null;
    const loadedState = query.get('state.loadedState');
    if (loadedState !== null && !['loaded', 'unloaded'].includes(loadedState))
      return badRequest('state.loadedState is not valid.');
    const matching = nodes
      .flatMap((node) => [...node.cubeCaches.values()])
      .filter(
        (cube) =>
          (projectIds === null || projectIds.includes(cube.projectId)) &&
          (loadedState === null || cube.state.loadedState === loadedState),
      );
    const count = (state: string): number => matching.filter((cube) => cube.state.loadedState === state).length;
    return {
      status: 200,
      headers: { 'x-mstr-total-count': String(matching.length) },
      body: {
        offset: page.offset,
        limit: page.limit,
        total: matching.length,
        loaded: count('loaded'),
        unloaded: count('unloaded'),
        cubeCaches: matching.slice(page.offset, page.offset + page.limit).map(publicCube),
      },
    };
  }

  get(id: string): ApiAnswer {
    const found = this.find(id);
    return found ? { status: 200, body: publicCube(found.cube) } : gone(id);
  }

  alter(id: string, body: string, prefer: string): ApiAnswer {
    const found = this.find(id);
    if (!found) return gone(id);
    const state = (parseJson(body) as { state?: Record<string, unknown> } | null)?.state;
    const hasLoaded = state?.loadedState !== undefined;
    const hasActive = state?.active !== undefined;
    if (!state || hasLoaded === hasActive) return badRequest('Send either state.loadedState or state.active.');
    if (!/respond-async/i.test(prefer)) return badRequest('This call needs "Prefer: respond-async".');
    this.#manipulationCount += 1;
    const manipulation: CubeManipulation = {
      id: `${guid(`manipulation-${this.#manipulationCount}`)}:${found.node.address}`,
      cubeId: id,
      node: found.node.name,
      change: hasLoaded ? { loadedState: String(state.loadedState) } : { active: state.active === true },
      polls: 0,
      status: 'executing',
      statusDetail: '',
    };
    this.manipulations.set(manipulation.id, manipulation);
    return { status: 202, body: { manipulationId: manipulation.id, status: 'executing' } };
  }

  manipulationStatus(id: string): ApiAnswer {
    const manipulation = this.manipulations.get(id);
    if (!manipulation) return { status: 404, error: { code: 'ERR004', message: `Manipulation ${id} was not found.` } };
    if (manipulation.status === 'executing') {
      manipulation.polls += 1;
      if (manipulation.polls > this.#pollsUntilSettled()) this.#settle(manipulation);
    }
    return {
      status: 200,
      body: {
        status: manipulation.status,
        ...(manipulation.statusDetail ? { statusDetail: manipulation.statusDetail } : {}),
      },
    };
  }

  delete(id: string): ApiAnswer {
    const found = this.find(id);
    if (!found) return gone(id);
    found.node.cubeCaches.delete(id);
    return { status: 204 };
  }

  find(id: string): { node: SimulatedNode; cube: SimulatedCubeCache } | null {
    for (const node of this.#nodes()) {
      const cube = node.cubeCaches.get(id);
      if (cube) return { node, cube };
    }
    return null;
  }

  /** Carries out a manipulation under the server's rules: activate needs a filed cache, load an active one. */
  #settle(manipulation: CubeManipulation): void {
    const cube = this.find(manipulation.cubeId)?.cube;
    const refuse = (detail: string): void => {
      manipulation.status = 'error';
      manipulation.statusDetail = detail;
    };
    if (!cube) return refuse('The cube cache no longer exists.');
    if (cube.failsManipulation)
      return refuse('The Intelligence Server could not change the cube cache (error -2147212544).');
    const { change } = manipulation;
    if (change.active === true && !cube.state.persisted)
      return refuse('Only a cube cache saved to disk can be activated.');
    if (change.loadedState === 'loaded' && !cube.state.active)
      return refuse('Only an active cube cache can be loaded.');
    if (change.active !== undefined) {
      cube.state.active = change.active;
      if (!change.active) cube.state.loadedState = 'unloaded';
    }
    if (change.loadedState === 'loaded' || change.loadedState === 'unloaded')
      cube.state.loadedState = change.loadedState;
    manipulation.status = 'ready';
  }
}

function publicCube(cube: SimulatedCubeCache): Omit<SimulatedCubeCache, 'failsManipulation'> {
  const { failsManipulation: _hidden, ...visible } = cube;
  return visible;
}

function gone(id: string): ApiAnswer {
  return { status: 404, error: { code: 'ERR004', message: `The cube cache ${id} was not found.` } };
}

const MANIPULATION_ROUTE = /^\/monitors\/caches\/cubes\/manipulations\/([^/]+)\/status$/;
const CUBE_ROUTE = /^\/monitors\/caches\/cubes\/([^/]+)$/;

/** The routes of this area; the cluster puts the privilege and version gates in front. */
export function cubeCachesArea(cubes: CubeCaches): ApiArea {
  return {
    serves: (route) => route === '/monitors/caches/cubes' || MANIPULATION_ROUTE.test(route) || CUBE_ROUTE.test(route),
    answer(call) {
      const { method, route } = call;
      const manipulation = MANIPULATION_ROUTE.exec(route);
      if (manipulation)
        return method === 'GET' ? cubes.manipulationStatus(decodeURIComponent(manipulation[1] ?? '')) : notAllowed();
      if (route === '/monitors/caches/cubes') return method === 'GET' ? cubes.list(call.query) : notAllowed();
      const id = decodeURIComponent(CUBE_ROUTE.exec(route)?.[1] ?? '');
      if (method === 'GET') return cubes.get(id);
      if (method === 'PATCH') return cubes.alter(id, call.body, headerValue(call.request.headers.prefer) ?? '');
      if (method === 'DELETE') return cubes.delete(id);
      return notAllowed();
    },
  };
}
