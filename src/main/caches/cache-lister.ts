/**
 * Lists content or cube caches of one environment, node by node: only running nodes are asked,
 * each only for the chosen projects loaded on it (clusters can be asymmetric), every page up to
 * the total, the first page of each list first and the rest side by side. A filter the server
 * refuses (400) is dropped from the query and applied by the app instead; every filter is checked
 * by the app on every row anyway, page by page as they arrive, so only the caches kept are held.
 * One limit (the profile's concurrency) covers every request of a listing, whichever node or page
 * it is for. The rows go out page by page in a fixed order (see ordered-pages.ts), so a listing
 * can be written while it is read.
 */
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import type { CacheFilter, CacheKind, CacheListing, CacheRow, NodeScan } from '../../shared/cache-monitor.ts';
import type { ClusterNode } from '../../shared/model.ts';
import type { MstrClient } from '../mstr/index.ts';
import type { Page } from '../mstr/cache-responses.ts';
import pLimit, { type LimitFunction } from 'p-limit';
import { matchesFilter } from '../../shared/cache-match.ts';
import { chosenNodes, chosenProjects, serverFilters } from './cache-filter.ts';
import { OrderedPages, type RowSink } from './ordered-pages.ts';

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

/** A listing without its rows: those went to the sink as they were read. */
export type StreamedListing = Omit<CacheListing, 'caches'>;

/** What a listing knows before its first request for caches: the nodes and the missing projects. */
export type ListingReady = (listing: Pick<CacheListing, 'nodes' | 'missingProjects' | 'missingSuggestions'>) => void;

/** Every cache of the listing, kept (the window's listing, an action's plan). */
export async function listCaches(context: ListContext, kind: CacheKind, filter: CacheFilter): Promise<CacheListing> {
  const caches: CacheRow[] = [];
  // One row at a time: spreading a list of 100,000 rows as arguments overflows the stack.
  const listing = await streamCaches(context, kind, filter, (rows) => {
    for (const row of rows) caches.push(row);
  });
  return { ...listing, caches };
}

/**
 * The listing's rows handed to `sink` page by page in the targets' order (nodes by name), whichever
 * list comes back first; `ready` hears the nodes and missing projects before the first request
 * for caches goes out.
 */
export async function streamCaches(
  context: ListContext,
  kind: CacheKind,
  filter: CacheFilter,
  sink: RowSink,
  ready?: ListingReady,
): Promise<StreamedListing> {
  const nodes = await context.use((client) => client.listNodes());
  const named = chosenNodes(nodes, filter.nodes);
  const projects = chosenProjects(nodes, filter.projects);
  const projectNames = new Map(nodes.flatMap((node) => node.projects.map((project) => [project.id, project.name])));
  const scans = nodes.map((node) => scanOf(node, named.includes(node), projects.ids));
  ready?.({ nodes: scans, missingProjects: projects.missing, missingSuggestions: projects.suggestions });
  const targets = scans
    .filter((scan) => scan.listed)
    .flatMap((scan) => targetsOf(kind, nodeNamed(nodes, scan.name), projects.ids));
  const refused = new Set<string>();
  const wanted = serverFilters(kind, filter);
  const limit = pLimit(Math.max(1, context.concurrency));
  const counts = new Map<string, number>();
  const pages = new OrderedPages(targets.length, (rows) => {
    const node = (rows[0] as CacheRow).node;
    counts.set(node, (counts.get(node) ?? 0) + rows.length);
    return sink(rows);
  });
  await Promise.all(
    targets.map(async (target, index) => {
      const scan = scans.find((candidate) => candidate.name === target.node) as NodeScan;
      try {
        await listTarget(
          { ...context, limit },
          kind,
          target,
          { wanted, refused, projectNames, filter },
          {
            expect: (count) => pages.expect(index, count),
            put: (page, rows) => pages.put(index, page, rows),
          },
        );
      } catch (error) {
        scan.error ??= toErrorInfo(error);
        pages.fail(index);
      }
    }),
  );
  await pages.finished();
  for (const scan of scans) scan.cacheCount = counts.get(scan.name) ?? 0;
  return {
    profileId: context.profileId,
    profileName: context.profileName,
    kind,
    nodes: scans,
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

/** Where one target's pages go: how many there are, then each as it arrives. */
interface TargetPages {
  expect: (count: number) => void;
  put: (page: number, rows: CacheRow[]) => void;
}

async function listTarget(
  context: ListContext & { limit: LimitFunction },
  kind: CacheKind,
  target: ListTarget,
  query: {
    wanted: Record<string, string>;
    refused: Set<string>;
    projectNames: ReadonlyMap<string, string>;
    filter: CacheFilter;
  },
  pages: TargetPages,
): Promise<void> {
  const { wanted, refused, projectNames, filter } = query;
  // Each page is filtered as it arrives: only the caches the filter keeps are held.
  const kept = (rows: CacheRow[]): CacheRow[] => rows.filter((row) => matchesFilter(row, filter));
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
  const count = Math.max(1, Math.ceil(first.total / PAGE_SIZE));
  pages.expect(count);
  pages.put(0, kept(first.caches));
  const rest: Promise<void>[] = [];
  for (let index = 1; index < count; index += 1)
    rest.push(page(index * PAGE_SIZE).then((answer) => pages.put(index, kept(answer.caches))));
  await Promise.all(rest);
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
