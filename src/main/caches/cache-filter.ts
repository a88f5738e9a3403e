/**
 * The cache monitor's choices before listing: which filters a server is asked to apply (the
 * documented query parameters; the app checks every filter on every row anyway, see
 * shared/cache-match.ts), which nodes and which projects.
 */
import { closestNames, didYouMean } from '../../shared/closest-names.ts';
import { AppError } from '../../shared/errors.ts';
import type { CacheFilter, CacheKind } from '../../shared/cache-monitor.ts';
import type { ClusterNode } from '../../shared/model.ts';

/** The query parameters a server applies itself for this filter; the rest is checked in the app. */
export function serverFilters(kind: CacheKind, filter: CacheFilter): Record<string, string> {
  if (kind === 'cube')
    return filter.state === 'loaded' || filter.state === 'unloaded' ? { 'state.loadedState': filter.state } : {};
  const filters: Record<string, string> = {};
  if (filter.status === 'ready' || filter.status === 'invalid') filters.status = filter.status;
  if (filter.type === 'report' || filter.type === 'document' || filter.type === 'cube') filters.type = filter.type;
  return filters;
}

/**
 * The nodes an admin named, by their canonical names (any case typed; the server's own spelling is
 * what goes on the wire, since another spelling gets 503). None named: every node.
 */
export function chosenNodes(nodes: readonly ClusterNode[], names: readonly string[] | undefined): ClusterNode[] {
  if (!names || names.length === 0) return [...nodes];
  return names.map((name) => {
    const wanted = name.trim().toLowerCase();
    const node =
      nodes.find((candidate) => candidate.name.toLowerCase() === wanted) ??
      nodes.find((candidate) => candidate.name.toLowerCase().split('.')[0] === wanted);
    if (!node)
      throw new AppError(
        'VALIDATION',
        `No cluster node is named "${name}".${didYouMean(
          name,
          nodes.map((candidate) => candidate.name),
        )} The nodes are: ${nodes.map((candidate) => candidate.name).join(', ') || 'none'}.`,
      );
    return node;
  });
}

const GUID = /^[0-9a-f]{32}$/i;

/**
 * The project ids chosen, matched by id or name (any case) against the projects the nodes report;
 * null: every project. Names no node has are returned as missing.
 */
export function chosenProjects(
  nodes: readonly ClusterNode[],
  selectors: readonly string[] | undefined,
): { ids: Set<string> | null; missing: string[]; suggestions: Record<string, string[]> } {
  if (!selectors || selectors.length === 0) return { ids: null, missing: [], suggestions: {} };
  const known = nodes.flatMap((node) => node.projects);
  const ids = new Set<string>();
  const missing: string[] = [];
  for (const selector of selectors) {
    const wanted = selector.trim().toLowerCase();
    const project = known.find((candidate) =>
      GUID.test(selector) ? candidate.id.toLowerCase() === wanted : candidate.name.toLowerCase() === wanted,
    );
    if (project) ids.add(project.id);
    else missing.push(selector);
  }
  const names = known.map((project) => project.name);
  const suggestions = Object.fromEntries(missing.map((selector) => [selector, closestNames(selector, names)]));
  return { ids, missing, suggestions };
}
