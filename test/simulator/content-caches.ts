/**
 * Content caches (report, document and dashboard results) per node: generated ones, the list
 * (GET /monitors/caches/contents: paging, filters, each entry keyed by its combined id) and the
 * actions (PATCH /v2/monitors/caches/contents: invalidate, load, unload, delete).
 */
import { badRequest, isAnswer, parseJson, readPage, type ApiAnswer } from './http.ts';
import { addressed, type SimulatedNode } from './nodes.ts';
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

  constructor(
    nodes: () => readonly SimulatedNode[],
    rejected: (query: URLSearchParams, filters: string[]) => ApiAnswer | null,
    actionStatus: () => number,
  ) {
    this.#nodes = nodes;
    this.#rejected = rejected;
    this.#actionStatus = actionStatus;
  }

  list(query: URLSearchParams): ApiAnswer {
    const node = addressed(this.#nodes(), query.get('clusterNode'));
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

  alter(query: URLSearchParams, body: string): ApiAnswer {
    const node = addressed(this.#nodes(), query.get('clusterNode'));
    if (isAnswer(node)) return node;
    const operations = parseOperations(body);
    if (!operations) return badRequest('The body must be {"operationList": [...]}.');
    for (const operation of operations) this.#apply(node, operation);
    return { status: this.#actionStatus(), body: {} };
  }

  #apply(node: SimulatedNode, operation: Operation): void {
    // A combined id is base64 and may hold "/": the status part is matched from the end.
    const match = /^\/contentCaches\/(.+?)(?:\/status\/(invalid|loaded))?$/.exec(operation.path);
    const cache = match ? node.contentCaches.get(match[1] ?? '') : undefined;
    if (!match || !cache) return;
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
