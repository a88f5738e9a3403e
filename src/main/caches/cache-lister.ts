/**
 * Lists content or cube caches of one environment, node by node: only running nodes are asked,
 * each only for the chosen projects loaded on it (clusters can be asymmetric), every page up to
 * the total, the first page of each list first and the rest side by side. A filter the server
 * refuses (400) is dropped from the query and applied by the app instead; every filter is checked
 * by the app on every row anyway. One limit (the profile's concurrency) covers every request of a
 * listing, whichever node or page it is for.
 */
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import type { CacheFilter, CacheKind, CacheListing, CacheRow, NodeScan } from '../../shared/cache-monitor.ts';
import type { ClusterNode } from '../../shared/model.ts';
import type { MstrClient } from '../mstr/index.ts';
import type { Page } from '../mstr/cache-responses.ts';
import pLimit, { type LimitFunction } from 'p-limit';
import { matchesFilter } from '../../shared/cache-match.ts';
import { chosenNodes, chosenProjects, serverFilters } from './cache-filter.ts';

/** The most a server returns per page. */
export const PAGE_SIZE = 1000;

export interface ListContext {
  profileId: string;
  profileName: string;
  /** Requests at a time (the profile's concurrency). */
  concurrency: number;
  use: <T>(call: (client: MstrClient) => Promise<T>) => Promise<T>;
}

/** One list to page through: a project on a node (content caches) or a node's projects (cubes). */
interface ListTarget {
  node: string;
  projectIds: string[];
}

export async function listCaches(context: ListContext, kind: CacheKind, filter: CacheFilter): Promise<CacheListing> {
  const nodes = await context.use((client) => client.listNodes());
  const named = chosenNodes(nodes, filter.nodes);
  const projects = chosenProjects(nodes, filter.projects);
  const projectNames = new Map(nodes.flatMap((node) => node.projects.map((project) => [project.id, project.name])));
  const scans = nodes.map((node) => scanOf(node, named.includes(node), projects.ids));
  const targets = scans
    .filter((scan) => scan.listed)
    .flatMap((scan) => targetsOf(kind, nodeNamed(nodes, scan.name), projects.ids));
  const refused = new Set<string>();
  const wanted = serverFilters(kind, filter);
  const limit = pLimit(Math.max(1, context.concurrency));
  // Each target's rows in the targets' order (nodes by name), whichever list comes back first.
  const perTarget = await Promise.all(
    targets.map(async (target): Promise<CacheRow[]> => {
      const scan = scans.find((candidate) => candidate.name === target.node) as NodeScan;
      try {
        return await listTarget({ ...context, limit }, kind, target, { wanted, refused, projectNames });
      } catch (error) {
        scan.error ??= toErrorInfo(error);
        return [];
      }
    }),
  );
  const caches = perTarget.flat().filter((row) => matchesFilter(row, filter));
  for (const scan of scans) scan.cacheCount = caches.filter((row) => row.node === scan.name).length;
  return {
    profileId: context.profileId,
    profileName: context.profileName,
    kind,
    nodes: scans,
    caches,
    filteredLocally: [...refused],
    missingProjects: projects.missing,
    missingSuggestions: projects.suggestions,
    fetchedAt: new Date().toISOString(),
  };
}

function nodeNamed(nodes: readonly ClusterNode[], name: string): ClusterNode {
  return nodes.find((node) => node.name === name) as ClusterNode;
}

function loadedProjects(node: ClusterNode, chosen: Set<string> | null): string[] {
  return node.projects
    .filter((project) => project.status === 'loaded' && (chosen === null || chosen.has(project.id)))
    .map((project) => project.id);
}

function scanOf(node: ClusterNode, named: boolean, chosen: Set<string> | null): NodeScan {
  const projectCount = loadedProjects(node, chosen).length;
  const skippedReason = !named
    ? 'not chosen'
    : node.status !== 'running'
      ? `${node.status || 'unknown'}: not asked`
      : projectCount === 0
        ? 'none of the chosen projects is loaded on this node'
        : null;
  return {
    name: node.name,
    status: node.status,
    isDefault: node.isDefault,
    listed: skippedReason === null,
    skippedReason,
    error: null,
    projectCount,
    cacheCount: 0,
  };
}

/** Content caches are listed per project (the API takes one); cube caches per node, projects together. */
function targetsOf(kind: CacheKind, node: ClusterNode, chosen: Set<string> | null): ListTarget[] {
  const projectIds = loadedProjects(node, chosen);
  if (kind === 'cube') return [{ node: node.name, projectIds }];
  return projectIds.map((projectId) => ({ node: node.name, projectIds: [projectId] }));
}

async function listTarget(
  context: ListContext & { limit: LimitFunction },
  kind: CacheKind,
  target: ListTarget,
  query: { wanted: Record<string, string>; refused: Set<string>; projectNames: ReadonlyMap<string, string> },
): Promise<CacheRow[]> {
  const { wanted, refused, projectNames } = query;
  /** A page with the server filters not known to be refused; `sent` hears which went along. */
  const page = (offset: number, sent?: (names: string[]) => void): Promise<Page> => {
    const filters = Object.fromEntries(Object.entries(wanted).filter(([name]) => !refused.has(name)));
    sent?.(Object.keys(filters));
    const paging = { offset, limit: PAGE_SIZE, filters };
    return context.limit(() =>
      context.use((client) =>
        kind === 'content'
          ? client.contentCachePage(target.node, { projectId: target.projectIds[0] ?? '', ...paging })
          : client.cubeCachePage(target.node, { projectIds: target.projectIds, ...paging }, projectNames),
      ),
    );
  };
  const first = await firstPage(page, refused);
  const offsets: number[] = [];
  for (let offset = PAGE_SIZE; offset < first.total; offset += PAGE_SIZE) offsets.push(offset);
  const rest = await Promise.all(offsets.map(async (offset) => (await page(offset)).caches));
  return [...first.caches, ...rest.flat()];
}

/**
 * The first page; a 400 for a query that carried server filters means this server refuses them
 * (lists of other nodes and projects, asked at the same time, may learn it first).
 */
async function firstPage(
  page: (offset: number, sent?: (names: string[]) => void) => Promise<Page>,
  refused: Set<string>,
): Promise<Page> {
  let sentFilters: string[] = [];
  try {
    return await page(0, (names) => (sentFilters = names));
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'BAD_REQUEST') || sentFilters.length === 0) throw error;
    for (const name of sentFilters) refused.add(name);
    return page(0);
  }
}
