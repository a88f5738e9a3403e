/**
 * Content caches (report, document and dashboard results) per node: generated ones, the list
 * (GET /monitors/caches/contents: paging, filters, each entry keyed by its combined id) and the
 * actions (PATCH /v2/monitors/caches/contents: invalidate, load, unload, delete).
 */
import type { ApiArea } from './api-area.ts';
import { badRequest, isAnswer, notAllowed, parseJson, readPage, type ApiAnswer } from './http.ts';
import { addressedAll, type SimulatedNode } from './nodes.ts';
import type { SimulatedProject } from './projects.ts';
import { DAY, NOW, OWNERS, guid, serverDate, spread } from './seeded.ts';

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

const CONTENT_TYPES = ['report', 'document', 'dossier', 'docdossier', 'report', 'report'];
const TABLES = ['LU_CUSTOMER', 'LU_REGION', 'FACT_SALES', 'FACT_INVENTORY', 'LU_PRODUCT'];

export function makeContentCache(node: SimulatedNode, project: SimulatedProject, index: number): SimulatedContentCache {
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

/** The content-cache endpoints over the cluster's nodes. */
export class ContentCaches {
  /** Each content cache's JSON, kept until it changes: a page of 1,000 costs a join, as on a real server's cache. */
  readonly #json = new WeakMap<SimulatedContentCache, string>();
  readonly #nodes: () => readonly SimulatedNode[];
  readonly #rejected: (query: URLSearchParams, filters: string[]) => ApiAnswer | null;
  readonly #actionStatus: () => number;
  /** Bumped by every change an action makes. */
  #generation = 0;
  #lastMatching: {
    key: string;
    generation: number;
    nodes: readonly SimulatedNode[];
    sizes: number[];
    caches: SimulatedContentCache[];
  } | null = null;

  constructor(
    nodes: () => readonly SimulatedNode[],
    rejected: (query: URLSearchParams, filters: string[]) => ApiAnswer | null,
    actionStatus: () => number,
  ) {
    this.#nodes = nodes;
    this.#rejected = rejected;
    this.#actionStatus = actionStatus;
  }

  /**
   * GET /monitors/caches/contents for every node named: the caches matching every filter given,
   * sorted as asked, paged, with `total` the count that matched. A filter the simulator does not
   * model answers 400 rather than unfiltered caches passed off as filtered.
   */
  list(query: URLSearchParams): ApiAnswer {
    const nodes = addressedAll(this.#nodes(), query.getAll('clusterNode'));
    if (isAnswer(nodes)) return nodes;
    const page = readPage(query);
    if (isAnswer(page)) return page;
    const refused = this.#rejected(query, ['status', 'type']) ?? unmodelled(query);
    if (refused) return refused;
    const projectId = query.get('projectId');
    const notLoaded = projectId === null ? undefined : nodes.find((node) => !node.projectIds.has(projectId));
    if (notLoaded) return badRequest(`Project ${projectId} is not loaded on ${notLoaded.name}.`);
    const order = readSortBy(query.get('sortBy'));
    if (isAnswer(order)) return order;
    const fields = readFields(query.get('fields'));
    if (isAnswer(fields)) return fields;
    const matching = this.#matching(nodes, query, order.length > 0);
    if (order.length > 0) matching.sort((left, right) => compareBy(order, left, right));
    const entries = matching.slice(page.offset, page.offset + page.limit).map((cache) => this.#entryJson(cache));
    const parts = [
      fields.has('total') ? `"total":${matching.length}` : null,
      fields.has('contentCaches') ? `"contentCaches":[${entries.join(',')}]` : null,
    ];
    return { status: 200, raw: `{${parts.filter((part) => part !== null).join(',')}}` };
  }

  /**
   * PATCH /v2/monitors/caches/contents for every node named: each operation acts on the cache its
   * combined id names, on whichever of those nodes holds it.
   */
  alter(query: URLSearchParams, body: string): ApiAnswer {
    const nodes = addressedAll(this.#nodes(), query.getAll('clusterNode'));
    if (isAnswer(nodes)) return nodes;
    const operations = parseOperations(body);
    if (!operations) return badRequest('The body must be {"operationList": [...]}.');
    this.#generation += 1;
    for (const operation of operations) this.#apply(nodes, operation);
    return { status: this.#actionStatus(), body: {} };
  }

  /**
   * The caches a list asks for, before paging. A list by project alone (what the app pages through)
   * depends only on which caches there are, so its pages share one pass over the nodes, as a real
   * server keeps its result between pages: 125 pages of 125,000 caches would otherwise each scan
   * them all, and a big listing would time the simulator rather than the client.
   */
  #matching(nodes: readonly SimulatedNode[], query: URLSearchParams, sorted: boolean): SimulatedContentCache[] {
    const keep = matcher(query);
    const byProjectOnly = !sorted && ['status', 'type', 'format', 'owner'].every((name) => !query.has(name));
    const key = `${query.getAll('clusterNode').join(',')}\u0000${query.get('projectId') ?? ''}`;
    const kept = this.#lastMatching;
    if (
      byProjectOnly &&
      kept?.key === key &&
      kept.generation === this.#generation &&
      kept.nodes.length === nodes.length &&
      kept.nodes.every((node, index) => node === nodes[index] && node.contentCaches.size === kept.sizes[index])
    )
      return kept.caches;
    const caches = nodes.flatMap((node) => [...node.contentCaches.values()].filter(keep));
    this.#lastMatching = byProjectOnly
      ? { key, generation: this.#generation, nodes, sizes: nodes.map((node) => node.contentCaches.size), caches }
      : null;
    return caches;
  }

  #apply(nodes: readonly SimulatedNode[], operation: Operation): void {
    // A combined id is base64 and may hold "/": the status part is matched from the end.
    const match = /^\/contentCaches\/(.+?)(?:\/status\/(invalid|loaded))?$/.exec(operation.path);
    const node = match ? nodes.find((candidate) => candidate.contentCaches.has(match[1] ?? '')) : undefined;
    const cache = match ? node?.contentCaches.get(match[1] ?? '') : undefined;
    if (!match || !node || !cache) return;
    this.#json.delete(cache);
    if (operation.op === 'remove' && !match[2]) node.contentCaches.delete(cache.combinedId);
    else if (operation.op === 'replace' && match[2] === 'invalid' && operation.value === true) {
      cache.status.invalid = true;
      cache.status.ready = false;
    } else if (operation.op === 'replace' && match[2] === 'loaded') cache.status.loaded = operation.value === true;
  }

  #entryJson(cache: SimulatedContentCache): string {
    let json = this.#json.get(cache);
    if (json === undefined) {
      const { combinedId, ...fields } = cache;
      json = JSON.stringify({ [combinedId]: fields });
      this.#json.set(cache, json);
    }
    return json;
  }
}

interface Operation {
  op: string;
  path: string;
  value: unknown;
}

function parseOperations(body: string): Operation[] | null {
  const parsed = parseJson(body) as { operationList?: unknown } | null;
  if (!parsed || !Array.isArray(parsed.operationList)) return null;
  return parsed.operationList.filter(
    (operation): operation is Operation =>
      operation !== null &&
      typeof operation === 'object' &&
      typeof (operation as { op?: unknown }).op === 'string' &&
      typeof (operation as { path?: unknown }).path === 'string',
  );
}

/** Filters documented for this list whose syntax nothing public confirms: refused, not ignored. */
const UNMODELLED_FILTERS = ['size', 'hitCount', 'expiration', 'lastUpdated'];

/** 400 for a filter the simulator does not model, or a one-value parameter given more than once. */
function unmodelled(query: URLSearchParams): ApiAnswer | null {
  const filter = UNMODELLED_FILTERS.find((name) => query.has(name));
  if (filter)
    return badRequest(`${filter} is not valid: the simulator does not model this filter (its syntax is unverified).`);
  const repeated = [...new Set(query.keys())].find((name) => name !== 'clusterNode' && query.getAll(name).length > 1);
  return repeated ? badRequest(`${repeated} is given more than once.`) : null;
}

/** The filters the simulator applies: project, status, type, format, and owner (exact full name). */
function matcher(query: URLSearchParams): (cache: SimulatedContentCache) => boolean {
  const projectId = query.get('projectId');
  const status = query.get('status') as keyof SimulatedContentCache['status'] | null;
  const type = query.get('type');
  const format = query.get('format');
  const owner = query.get('owner');
  return (cache) =>
    (projectId === null || cache.projectId === projectId) &&
    (status === null || cache.status[status] === true) &&
    (type === null || cache.source.type === type) &&
    (format === null || cache.format === format) &&
    (owner === null || cache.creatorName === owner);
}

/** The keys sortBy takes, in the syntax the cube list documents ("+name,-size"). */
const SORT_KEYS: Record<string, (cache: SimulatedContentCache) => string | number> = {
  name: (cache) => cache.source.name,
  type: (cache) => cache.source.type,
  project: (cache) => cache.projectName,
  owner: (cache) => cache.creatorName,
  size: (cache) => cache.size,
  hitCount: (cache) => cache.hitCount,
  lastHitTime: (cache) => dateValue(cache.lastHitTime),
  lastUpdateTime: (cache) => dateValue(cache.lastUpdateTime),
  creationTime: (cache) => dateValue(cache.creationTime),
  expirationTime: (cache) => dateValue(cache.expirationTime),
};

type SortOrder = { key: (cache: SimulatedContentCache) => string | number; direction: 1 | -1 }[];

function readSortBy(sortBy: string | null): SortOrder | ApiAnswer {
  if (sortBy === null) return [];
  const order: SortOrder = [];
  for (const part of sortBy.split(',')) {
    const name = part.trim().replace(/^[+-]/, '');
    const key = SORT_KEYS[name];
    if (!key) return badRequest(`sortBy "${part.trim()}" is not valid: sort by ${Object.keys(SORT_KEYS).join(', ')}.`);
    order.push({ key, direction: part.trim().startsWith('-') ? -1 : 1 });
  }
  return order;
}

function compareBy(order: SortOrder, left: SimulatedContentCache, right: SimulatedContentCache): number {
  for (const { key, direction } of order) {
    const a = key(left);
    const b = key(right);
    if (a !== b) return (a < b ? -1 : 1) * direction;
  }
  return 0;
}

/** Both date styles the caches carry ("…T…+0000" and "YYYY-MM-DD hh:mm:ss", UTC) as milliseconds. */
function dateValue(text: string): number {
  return Date.parse(text.includes('T') ? text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2') : `${text.replace(' ', 'T')}Z`);
}

/** `fields`: the top-level fields of the answer to keep (total, contentCaches); all when not given. */
function readFields(fields: string | null): Set<string> | ApiAnswer {
  if (fields === null) return new Set(['total', 'contentCaches']);
  const named = fields.split(',').map((field) => field.trim());
  const unknown = named.find((field) => field !== 'total' && field !== 'contentCaches');
  return unknown === undefined
    ? new Set(named)
    : badRequest(`fields "${unknown}" is not valid: the answer's top-level fields are total and contentCaches.`);
}

/** The routes of this area; the cluster puts the privilege and version gates in front. */
export function contentCachesArea(content: ContentCaches): ApiArea {
  return {
    serves: (route) => route === '/monitors/caches/contents' || route === '/v2/monitors/caches/contents',
    answer(call) {
      if (call.route.startsWith('/v2/'))
        return call.method === 'PATCH' ? content.alter(call.query, call.body) : notAllowed();
      return call.method === 'GET' ? content.list(call.query) : notAllowed();
    },
  };
}
