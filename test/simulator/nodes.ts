/**
 * The I-Server nodes behind the simulated Library: running or stopped, each with the projects loaded
 * on it, GET /monitors/iServer/nodes, and how a monitor call's clusterNode is resolved to a node.
 */
import type { ApiArea } from './api-area.ts';
import { isAnswer, notAllowed, type ApiAnswer } from './http.ts';
import type { SimulatedProject } from './projects.ts';
import type { SimulatedContentCache } from './content-caches.ts';
import type { SimulatedCubeCache } from './cube-caches.ts';

export interface SimulatedNodeOptions {
  name: string;
  status?: 'running' | 'stopped' | 'unknown';
  /** Positions of the projects loaded on this node (default: every loaded project). */
  projects?: number[];
  /** Reported as running, yet every call addressed to it answers 503: a node that went down a moment ago. */
  goneDown?: boolean;
}

export interface SimulatedNode {
  name: string;
  address: string;
  status: 'running' | 'stopped' | 'unknown';
  goneDown: boolean;
  load: number;
  isDefault: boolean;
  projectIds: Set<string>;
  /** A project's status here when it was changed (idle, pending, loaded or unloaded by a call); else loaded or not. */
  projectStates: Map<string, string>;
  contentCaches: Map<string, SimulatedContentCache>;
  cubeCaches: Map<string, SimulatedCubeCache>;
}

/** The cluster most tests and the demo use: two running nodes with every loaded project. */
export const DEFAULT_NODES: SimulatedNodeOptions[] = [
  { name: 'iserver-a.example.internal' },
  { name: 'iserver-b.example.internal' },
];

/** The nodes, each with the loaded projects it holds (by position), and no caches yet. */
export function buildNodes(
  nodes: readonly SimulatedNodeOptions[],
  projects: readonly SimulatedProject[],
): { node: SimulatedNode; projects: SimulatedProject[] }[] {
  const loaded = projects
    .map((project, position) => ({ project, position }))
    .filter(({ project }) => project.status === 0);
  return nodes.map((nodeOptions, nodeIndex) => {
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
      projectStates: new Map(),
      contentCaches: new Map(),
      cubeCaches: new Map(),
    };
    return { node, projects: chosen.map(({ project }) => project) };
  });
}

/** The node's IP address, as the nodes call reports it (the combined ids carry it base64-encoded). */
export function ipAddressOf(node: SimulatedNode): string {
  return Buffer.from(node.address, 'base64').toString('utf8');
}

/** A project's status on one node, in the words of the nodes call. */
export function projectStatusOn(node: SimulatedNode, projectId: string): string {
  if (node.status !== 'running') return 'unloaded';
  return node.projectStates.get(projectId) ?? (node.projectIds.has(projectId) ? 'loaded' : 'unloaded');
}

/**
 * The node a session's calls run on: the Library's default node while it is up, else the first
 * running one (the Library connects to another node). None when no node is running.
 */
export function sessionNode(nodes: readonly SimulatedNode[]): SimulatedNode | undefined {
  const up = (node: SimulatedNode): boolean => node.status === 'running' && !node.goneDown;
  return nodes.find((node) => node.isDefault && up(node)) ?? nodes.find(up);
}

/** GET /monitors/iServer/nodes, optionally only the node `name` and only the project `projects.id`. */
export function listNodes(
  nodes: readonly SimulatedNode[],
  projects: readonly SimulatedProject[],
  query: URLSearchParams,
): ApiAnswer {
  const projectFilter = query.get('projects.id');
  const nameFilter = query.get('name');
  return {
    status: 200,
    body: {
      // A name no node has lists no node (the filter is an exact match on the canonical name).
      nodes: nodes
        .filter((node) => nameFilter === null || node.name === nameFilter)
        .map((node) => ({
          name: node.name,
          port: 34952,
          ipAddress: ipAddressOf(node),
          status: node.status,
          load: node.load,
          ...(node.isDefault ? { default: true } : {}),
          projects: projects
            .filter((project) => projectFilter === null || project.id === projectFilter)
            .map((project) => ({ id: project.id, name: project.name, status: projectStatusOn(node, project.id) })),
        })),
    },
  };
}

/** The node a call names; 503 for a name that is not the node's canonical one, or a node that is down. */
export function addressed(nodes: readonly SimulatedNode[], name: string | null): SimulatedNode | ApiAnswer {
  const node = name === null ? nodes.find((candidate) => candidate.isDefault) : nodes.find((n) => n.name === name);
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

/**
 * Every node a call names with repeated clusterNode parameters (clusterNode=A&clusterNode=B, as the
 * official SDK sends them), each once, in the order named; none named: the default node. The call
 * answers for all of them, so a name that cannot be answered for (unknown, stopped, gone down) fails
 * the whole call with that node's 503 rather than being left out unsaid. Whether a real server skips
 * such a node instead is not documented.
 */
export function addressedAll(nodes: readonly SimulatedNode[], names: readonly string[]): SimulatedNode[] | ApiAnswer {
  const wanted = names.length === 0 ? [null] : [...new Set(names)];
  const found: SimulatedNode[] = [];
  for (const name of wanted) {
    const node = addressed(nodes, name);
    if (isAnswer(node)) return node;
    found.push(node);
  }
  return found;
}

/** GET /monitors/iServer/nodes; the cluster puts the privilege gate in front. */
export function nodesArea(nodes: () => readonly SimulatedNode[], projects: () => readonly SimulatedProject[]): ApiArea {
  return {
    serves: (route) => route === '/monitors/iServer/nodes',
    answer: (call) => (call.method === 'GET' ? listNodes(nodes(), projects(), call.query) : notAllowed()),
  };
}
