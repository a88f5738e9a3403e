/**
 * The simulator's I-Server cluster: nodes (running or stopped, each with the projects loaded on it),
 * content caches and Intelligent Cube caches per node, and the monitor endpoints that list and act
 * on them as a Library server does (paging, per-node addressing, combined ids, async cube
 * manipulations polled to the end, version gates, the documented errors and a filter a server may
 * reject).
 */
import { createHash } from 'node:crypto';
import type { SimulatedProject } from './projects.ts';

export interface SimulatedNodeOptions {
  name: string;
  status?: 'running' | 'stopped' | 'unknown';
  /** Positions of the projects loaded on this node (default: every loaded project). */
  projects?: number[];
  /** Reported as running, yet every call addressed to it answers 503: a node that went down a moment ago. */
  goneDown?: boolean;
}

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

export interface SimulatedContentCache {
  combinedId: string;
  id: string;
  projectId: string;
  projectName: string;
  source: { id: string; name: string; type: string };
  status: Record<'ready' | 'processing' | 'invalid' | 'expired' | 'loaded' | 'filed' | 'dirty', boolean>;
  size: number;
  hitCount: number;
  lastHitTime: string;
  lastUpdateTime: string;
  creationTime: string;
  expirationTime: string;
  creatorName: string;
  format: string;
  warehouseTablesUsed: string[];
}

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

export interface SimulatedNode {
  name: string;
  address: string;
  status: 'running' | 'stopped' | 'unknown';
  goneDown: boolean;
  load: number;
  isDefault: boolean;
  projectIds: Set<string>;
  contentCaches: Map<string, SimulatedContentCache>;
  cubeCaches: Map<string, SimulatedCubeCache>;
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

/** What a handler answers: a status and a JSON body (or none), plus headers. */
export interface ClusterAnswer {
  status: number;
  body?: unknown;
  /** The body already as JSON text (big pages, built from each cache's text kept ready). */
  raw?: string;
  headers?: Record<string, string>;
  error?: { code: string; message: string; iServerCode?: number };
}

const CONTENT_TYPES = ['report', 'document', 'dossier', 'docdossier', 'report', 'report'];
const OWNERS = ['Administrator', 'jane.ldap', 'etl_service', 'Report Author'];
const TABLES = ['LU_CUSTOMER', 'LU_REGION', 'FACT_SALES', 'FACT_INVENTORY', 'LU_PRODUCT'];
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

/** A deterministic spread of 0..range-1 per index and salt, so fields do not move in lockstep. */
function spread(index: number, salt: number, range: number): number {
  let value = (index + 1) * 2654435761 + salt * 40503;
  value = (value ^ (value >>> 13)) * 1274126177;
  return Math.abs(value ^ (value >>> 16)) % range;
}

function guid(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32).toUpperCase();
}

/** Both date styles real servers send: ISO with milliseconds and +0000, and "YYYY-MM-DD hh:mm:ss". */
function serverDate(time: number, style: number): string {
  const iso = new Date(time).toISOString();
  return style % 2 === 0 ? iso.replace('Z', '+0000') : iso.slice(0, 19).replace('T', ' ');
}

function makeContentCache(node: SimulatedNode, project: SimulatedProject, index: number): SimulatedContentCache {
  const id = guid(`content-${node.name}-${index}`);
  const type = CONTENT_TYPES[spread(index, 1, CONTENT_TYPES.length)] ?? 'report';
  const roll = spread(index, 2, 20);
  const lastHit = NOW - spread(index, 3, 180) * DAY;
  return {
    combinedId: Buffer.from(`${id}:${project.id}:${node.address}`).toString('base64'),
    id,
    projectId: project.id,
    projectName: project.name,
    source: {
      id: guid(`source-${index % 400}`),
      name: `${type === 'report' ? 'Report' : 'Document'} ${index % 400}`,
      type,
    },
    status: {
      ready: roll < 15,
      processing: false,
      invalid: roll >= 15 && roll < 18,
      expired: roll >= 18,
      loaded: spread(index, 4, 5) !== 0,
      filed: true,
      dirty: false,
    },
    size: 16 + ((index * 37) % 4096),
    hitCount: spread(index, 5, 3) === 0 ? 0 : 1 + spread(index, 6, 250),
    lastHitTime: serverDate(lastHit, index),
    lastUpdateTime: serverDate(lastHit - DAY, index),
    creationTime: serverDate(lastHit - 2 * DAY, index),
    expirationTime: serverDate(NOW + 30 * DAY, index),
    creatorName: OWNERS[spread(index, 7, OWNERS.length)] ?? 'Administrator',
    format: type === 'report' ? 'xml' : 'binary_definition',
    warehouseTablesUsed: [TABLES[index % TABLES.length] ?? 'LU_REGION'],
  };
}

function makeCubeCache(node: SimulatedNode, project: SimulatedProject, index: number): SimulatedCubeCache {
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

/** The cluster most tests and the demo use: two running nodes with every loaded project. */
export const DEFAULT_NODES: SimulatedNodeOptions[] = [
  { name: 'iserver-a.example.internal' },
  { name: 'iserver-b.example.internal' },
];

export function buildCluster(options: ClusterOptions, projects: readonly SimulatedProject[]): SimulatedNode[] {
  const loaded = projects
    .map((project, position) => ({ project, position }))
    .filter(({ project }) => project.status === 0);
  return (options.nodes ?? DEFAULT_NODES).map((nodeOptions, nodeIndex) => {
    const chosen = nodeOptions.projects
      ? loaded.filter(({ position }) => nodeOptions.projects?.includes(position))
      : loaded;
    const node: SimulatedNode = {
      name: nodeOptions.name,
      address: Buffer.from(`10.23.${nodeIndex}.${85 + nodeIndex}`).toString('base64'),
      status: nodeOptions.status ?? 'running',
      goneDown: nodeOptions.goneDown === true,
      load: 5 + nodeIndex * 3,
      isDefault: nodeIndex === 0,
      projectIds: new Set(chosen.map(({ project }) => project.id)),
      contentCaches: new Map(),
      cubeCaches: new Map(),
    };
    if (node.status !== 'running' || chosen.length === 0) return node;
    const contentCount = options.contentCachesPerNode ?? 40;
    for (let index = 0; index < contentCount; index += 1) {
      const { project } = chosen[index % chosen.length] as { project: SimulatedProject };
      const cache = makeContentCache(node, project, index);
      node.contentCaches.set(cache.combinedId, cache);
    }
    const cubeCount = options.cubeCachesPerNode ?? 6;
    for (let index = 0; index < cubeCount; index += 1) {
      const { project } = chosen[index % chosen.length] as { project: SimulatedProject };
      const cube = makeCubeCache(node, project, index);
      node.cubeCaches.set(cube.id, cube);
    }
    return node;
  });
}

/** The monitor endpoints over one cluster; the server routes to it and logs the calls. */
export class SimulatedCluster {
  nodes: SimulatedNode[];
  readonly options: ClusterOptions;
  readonly manipulations = new Map<string, CubeManipulation>();
  /** Each content cache's JSON, kept until it changes: a page of 1,000 costs a join, as on a real server's cache. */
  readonly #contentJson = new WeakMap<SimulatedContentCache, string>();
  #projects: () => readonly SimulatedProject[];
  #manipulationCount = 0;

  constructor(options: ClusterOptions, projects: () => readonly SimulatedProject[]) {
    this.options = options;
    this.#projects = projects;
    this.nodes = buildCluster(options, projects());
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

  listNodes(projectFilter: string | null): ClusterAnswer {
    const projects = this.#projects();
    return {
      status: 200,
      body: {
        nodes: this.nodes.map((node) => ({
          name: node.name,
          port: 34952,
          status: node.status,
          load: node.load,
          ...(node.isDefault ? { default: true } : {}),
          projects: projects
            .filter((project) => projectFilter === null || project.id === projectFilter)
            .map((project) => ({
              id: project.id,
              name: project.name,
              status: node.projectIds.has(project.id) && node.status === 'running' ? 'loaded' : 'unloaded',
            })),
        })),
      },
    };
  }

  listContent(query: URLSearchParams): ClusterAnswer {
    const node = this.#addressed(query.get('clusterNode'));
    if (isAnswer(node)) return node;
    const page = readPage(query);
    if (isAnswer(page)) return page;
    const rejected = this.#rejected(query, ['status', 'type']);
    if (rejected) return rejected;
    const projectId = query.get('projectId');
    if (projectId !== null && !node.projectIds.has(projectId))
      return badRequest(`Project ${projectId} is not loaded on ${node.name}.`);
    const status = query.get('status');
    const type = query.get('type');
    const matching = [...node.contentCaches.values()].filter(
      (cache) =>
        (projectId === null || cache.projectId === projectId) &&
        (status === null || cache.status[status as keyof SimulatedContentCache['status']] === true) &&
        (type === null || cache.source.type === type),
    );
    const entries = matching.slice(page.offset, page.offset + page.limit).map((cache) => this.#entryJson(cache));
    return { status: 200, raw: `{"total":${matching.length},"contentCaches":[${entries.join(',')}]}` };
  }

  #entryJson(cache: SimulatedContentCache): string {
    let json = this.#contentJson.get(cache);
    if (json === undefined) {
      const { combinedId, ...fields } = cache;
      json = JSON.stringify({ [combinedId]: fields });
      this.#contentJson.set(cache, json);
    }
    return json;
  }

  alterContent(query: URLSearchParams, body: string): ClusterAnswer {
    const node = this.#addressed(query.get('clusterNode'));
    if (isAnswer(node)) return node;
    const operations = parseOperations(body);
    if (!operations) return badRequest('The body must be {"operationList": [...]}.');
    for (const operation of operations) {
      // A combined id is base64 and may hold "/": the status part is matched from the end.
      const match = /^\/contentCaches\/(.+?)(?:\/status\/(invalid|loaded))?$/.exec(operation.path);
      const cache = match ? node.contentCaches.get(match[1] ?? '') : undefined;
      if (!match || !cache) continue;
      this.#contentJson.delete(cache);
      if (operation.op === 'remove' && !match[2]) node.contentCaches.delete(cache.combinedId);
      else if (operation.op === 'replace' && match[2] === 'invalid' && operation.value === true) {
        cache.status.invalid = true;
        cache.status.ready = false;
      } else if (operation.op === 'replace' && match[2] === 'loaded') cache.status.loaded = operation.value === true;
    }
    return { status: this.options.contentActionStatus ?? 200, body: {} };
  }

  listCubes(query: URLSearchParams): ClusterAnswer {
    if (query.get('clusterNode') === null) return badRequest('clusterNode is required.');
    const node = this.#addressed(query.get('clusterNode'));
    if (isAnswer(node)) return node;
    const page = readPage(query);
    if (isAnswer(page)) return page;
    const rejected = this.#rejected(query, ['state.loadedState']);
    if (rejected) return rejected;
    const projectIds = query.get('projectIds')?.split(',').filter(Boolean) ?? null;
    const loadedState = query.get('state.loadedState');
    if (loadedState !== null && !['loaded', 'unloaded'].includes(loadedState))
      return badRequest('state.loadedState is not valid.');
    const matching = [...node.cubeCaches.values()].filter(
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

  getCube(id: string): ClusterAnswer {
    const found = this.#cube(id);
    return found ? { status: 200, body: publicCube(found.cube) } : gone(id);
  }

  alterCube(id: string, body: string, prefer: string): ClusterAnswer {
    const found = this.#cube(id);
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

  manipulationStatus(id: string): ClusterAnswer {
    const manipulation = this.manipulations.get(id);
    if (!manipulation) return { status: 404, error: { code: 'ERR004', message: `Manipulation ${id} was not found.` } };
    if (manipulation.status === 'executing') {
      manipulation.polls += 1;
      if (manipulation.polls > (this.options.manipulationPolls ?? 2)) this.#settle(manipulation);
    }
    return {
      status: 200,
      body: {
        status: manipulation.status,
        ...(manipulation.statusDetail ? { statusDetail: manipulation.statusDetail } : {}),
      },
    };
  }

  deleteCube(id: string): ClusterAnswer {
    const found = this.#cube(id);
    if (!found) return gone(id);
    found.node.cubeCaches.delete(id);
    return { status: 204 };
  }

  /** Carries out a manipulation under the server's rules: activate needs a filed cache, load an active one. */
  #settle(manipulation: CubeManipulation): void {
    const cube = this.#cube(manipulation.cubeId)?.cube;
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

  #cube(id: string): { node: SimulatedNode; cube: SimulatedCubeCache } | null {
    for (const node of this.nodes) {
      const cube = node.cubeCaches.get(id);
      if (cube) return { node, cube };
    }
    return null;
  }

  /** The node a call names; 503 for a name that is not the node's canonical one, or a node that is down. */
  #addressed(name: string | null): SimulatedNode | ClusterAnswer {
    const node = name === null ? this.nodes.find((candidate) => candidate.isDefault) : this.node(name);
    if (!node || node.status !== 'running' || node.goneDown)
      return {
        status: 503,
        error: {
          code: 'ERR013',
          message: `The cluster node "${name ?? ''}" is not connected or is not the node's canonical name.`,
        },
      };
    return node;
  }

  #rejected(query: URLSearchParams, filters: string[]): ClusterAnswer | null {
    const rejected = filters.find(
      (filter) => query.has(filter) && this.options.rejectedFilters?.includes(filter as 'status'),
    );
    return rejected ? badRequest(`${rejected} is not valid.`) : null;
  }
}

function isAnswer(value: object): value is ClusterAnswer {
  return typeof (value as { status?: unknown }).status === 'number';
}

function publicCube(cube: SimulatedCubeCache): Omit<SimulatedCubeCache, 'failsManipulation'> {
  const { failsManipulation: _hidden, ...visible } = cube;
  return visible;
}

function readPage(query: URLSearchParams): { offset: number; limit: number } | ClusterAnswer {
  const offset = Number(query.get('offset') ?? '0');
  const limit = Number(query.get('limit') ?? '1000');
  if (!Number.isInteger(offset) || offset < 0) return badRequest('offset is not valid.');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return badRequest('limit must be 1 to 1000.');
  return { offset, limit };
}

function badRequest(message: string): ClusterAnswer {
  return { status: 400, error: { code: 'ERR006', message } };
}

function gone(id: string): ClusterAnswer {
  return { status: 404, error: { code: 'ERR004', message: `The cube cache ${id} was not found.` } };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function parseOperations(body: string): { op: string; path: string; value: unknown }[] | null {
  const parsed = parseJson(body) as { operationList?: unknown } | null;
  if (!parsed || !Array.isArray(parsed.operationList)) return null;
  return parsed.operationList.filter(
    (operation): operation is { op: string; path: string; value: unknown } =>
      operation !== null &&
      typeof operation === 'object' &&
      typeof (operation as { op?: unknown }).op === 'string' &&
      typeof (operation as { path?: unknown }).path === 'string',
  );
}
