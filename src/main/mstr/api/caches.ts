/**
 * The cache monitor of each cluster node: content caches (/api/monitors/caches/contents, changed in
 * batches through /api/v2/monitors/caches/contents) and Intelligent Cube caches
 * (/api/monitors/caches/cubes, changed one by one, in the background on the server).
 */
import type { LibraryConnection } from '../core/connection.ts';
import type { CallTrace } from '../core/exchange.ts';
import {
  readContentPage,
  readCubePage,
  readCubeUsages,
  readManipulation,
  readManipulationId,
  type CubeUsage,
  type ManipulationStatus,
  type Page,
} from '../cache-responses.ts';

/** One change in a content-cache PATCH, as the Library's JSON-patch-like body spells it. */
export interface ContentOperation {
  op: 'replace' | 'remove';
  path: string;
  value: boolean | null;
}

const traced = (trace: CallTrace | undefined): { trace?: CallTrace } => (trace ? { trace } : {});

/** One page (at most 1,000) of a node's content caches; `filters` are the server's own (status, type). */
export async function contentCachePage(
  connection: LibraryConnection,
  node: string,
  query: { projectId: string; offset: number; limit: number; filters?: Record<string, string> },
): Promise<Page> {
  const searchParams = {
    clusterNode: node,
    projectId: query.projectId,
    offset: String(query.offset),
    limit: String(query.limit),
    ...query.filters,
  };
  return readContentPage(
    (await connection.call('caches', 'get', 'monitors/caches/contents', { searchParams })).json,
    node,
  );
}

/**
 * Changes many content caches of one node in one request (invalidate, load, unload, delete). Sent
 * once: a batch may delete caches, and a repeat after a lost answer would report them gone.
 */
export async function alterContentCaches(
  connection: LibraryConnection,
  node: string,
  operationList: ContentOperation[],
  trace?: CallTrace,
): Promise<void> {
  await connection.call('caches', 'patch', 'v2/monitors/caches/contents', {
    searchParams: { clusterNode: node },
    json: { operationList },
    expectBody: false,
    ...traced(trace),
  });
}

/** One page of a node's cube caches; `filters` are the server's own (state.loadedState). */
export async function cubeCachePage(
  connection: LibraryConnection,
  node: string,
  query: { projectIds: string[]; offset: number; limit: number; filters?: Record<string, string> },
  projectNames: ReadonlyMap<string, string>,
): Promise<Page> {
  const reply = await connection.call('caches', 'get', 'monitors/caches/cubes', {
    searchParams: {
      clusterNode: node,
      projectIds: query.projectIds.join(','),
      offset: String(query.offset),
      limit: String(query.limit),
      ...query.filters,
    },
  });
  return readCubePage(reply.json, reply.header('x-mstr-total-count'), node, projectNames);
}

/**
 * Asks for a cube cache change; the server does it in the background and gives a manipulation id.
 * Sent once: each request starts a job on the server.
 */
export async function alterCubeCache(
  connection: LibraryConnection,
  cacheId: string,
  state: { loadedState: 'loaded' | 'unloaded' } | { active: boolean },
  trace?: CallTrace,
): Promise<string> {
  const reply = await connection.call('cube', 'patch', `monitors/caches/cubes/${encodeURIComponent(cacheId)}`, {
    json: { state },
    headers: { prefer: 'respond-async' },
    ...traced(trace),
  });
  return readManipulationId(reply.json);
}

export async function cubeManipulationStatus(
  connection: LibraryConnection,
  manipulationId: string,
): Promise<{ status: ManipulationStatus; detail: string | null }> {
  const path = `monitors/caches/cubes/manipulations/${encodeURIComponent(manipulationId)}/status`;
  return readManipulation((await connection.call('cube', 'get', path)).json);
}

/** Deletes a cube cache, which unpublishes the cube. */
export async function deleteCubeCache(
  connection: LibraryConnection,
  cacheId: string,
  trace?: CallTrace,
): Promise<void> {
  await connection.call('cube', 'delete', `monitors/caches/cubes/${encodeURIComponent(cacheId)}`, {
    expectBody: false,
    ...traced(trace),
  });
}

/** Cube memory per project on one node, with each project's capacity (GET …/cubes/aggregatedUsages). */
export async function cubeUsageByProject(connection: LibraryConnection, node: string): Promise<CubeUsage[]> {
  const searchParams = { clusterNode: node, aggregateBy: 'project' };
  return readCubeUsages(
    (await connection.call('caches', 'get', 'monitors/caches/cubes/aggregatedUsages', { searchParams })).json,
  );
}
