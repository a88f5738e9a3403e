/**
 * The I-Server nodes behind the simulated Library: running or stopped, each with the projects loaded
 * on it, GET /monitors/iServer/nodes, and how a monitor call's clusterNode is resolved to a node.
 */
import type { ApiAnswer } from './http.ts';
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
      contentCaches: new Map(),
      cubeCaches: new Map(),
    };
    return { node, projects: chosen.map(({ project }) => project) };
  });
}

export function listNodes(
  nodes: readonly SimulatedNode[],
  projects: readonly SimulatedProject[],
  projectFilter: string | null,
): ApiAnswer {
  return {
    status: 200,
    body: {
      nodes: nodes.map((node) => ({
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
