/**
 * Project state per node in the simulated cluster: GET /monitors/iServer/nodes/{node}/projects/{id}/
 * status and PATCH /monitors/iServer/nodes/{node}/projects/{id} (loaded, unloaded, the five idle
 * modes). A change answers 202 "pending" and settles after a few status reads (deterministic, so a
 * test can see the pending moment); a stuck node never settles; a refusing node answers 403 as one
 * whose user lacks "Idle and resume project" / "Load and unload project".
 */
import type { ApiArea } from './api-area.ts';
import { forbidden, notAllowed, parseJson, type ApiAnswer } from './http.ts';
import { addressed, projectStatusOn, type SimulatedNode } from './nodes.ts';
import { isAnswer } from './http.ts';
import type { SimulatedProject } from './projects.ts';

export interface ProjectStateOptions {
  /** Status reads a change stays "pending" before it settles (default 2). */
  pendingReads?: number;
  /** Nodes that answer 403 to every state change (the user lacks the privilege there). */
  refusingNodes?: string[];
  /** Nodes where a change stays pending for ever. */
  stuckNodes?: string[];
}

const STATUSES = ['loaded', 'unloaded', 'request_idle', 'exec_idle', 'wh_exec_idle', 'partial_idle', 'full_idle'];

interface Pending {
  target: string;
  readsLeft: number;
}

export class ProjectStates {
  readonly options: ProjectStateOptions;
  readonly #nodes: () => readonly SimulatedNode[];
  readonly #projects: () => readonly SimulatedProject[];
  readonly #pending = new Map<string, Pending>();
  /** Every change the nodes accepted, in order (node, project id, status asked for). */
  readonly changes: { node: string; projectId: string; status: string }[] = [];

  constructor(
    options: ProjectStateOptions,
    nodes: () => readonly SimulatedNode[],
    projects: () => readonly SimulatedProject[],
  ) {
    this.options = options;
    this.#nodes = nodes;
    this.#projects = projects;
  }

  /** The status a node reports now (a pending change moves one read closer to settling). */
  read(node: SimulatedNode, projectId: string): string {
    const key = `${node.name}/${projectId}`;
    const pending = this.#pending.get(key);
    if (pending && !this.options.stuckNodes?.includes(node.name)) {
      pending.readsLeft -= 1;
      if (pending.readsLeft < 0) {
        this.#pending.delete(key);
        this.set(node, projectId, pending.target);
      }
    }
    return projectStatusOn(node, projectId);
  }

  /** Puts a project in a state on a node at once (tests set the scene with it). */
  set(node: SimulatedNode, projectId: string, status: string): void {
    if (status === 'unloaded') node.projectIds.delete(projectId);
    else node.projectIds.add(projectId);
    node.projectStates.set(projectId, status);
  }

  change(node: SimulatedNode, projectId: string, body: string): ApiAnswer {
    const value = readValue(body);
    if (value === null || !STATUSES.includes(value))
      return { status: 400, error: { code: 'ERR006', message: `"${String(value)}" is not a valid status.` } };
    if (this.options.refusingNodes?.includes(node.name))
      return forbidden(
        value === 'loaded' || value === 'unloaded'
          ? 'You do not have the privilege: Load and unload project.'
          : 'You do not have the privilege: Idle and resume project.',
      );
    const current = projectStatusOn(node, projectId);
    if (value === 'unloaded' && current === 'unloaded')
      return { status: 500, error: { code: 'ERR001', message: 'The project is already unloaded on this node.' } };
    this.changes.push({ node: node.name, projectId, status: value });
    node.projectStates.set(projectId, 'pending');
    this.#pending.set(`${node.name}/${projectId}`, { target: value, readsLeft: this.options.pendingReads ?? 2 });
    const project = this.#projects().find((candidate) => candidate.id === projectId);
    return { status: 202, body: { project: { id: projectId, name: project?.name ?? '', status: 'pending' } } };
  }

  answer(method: string, route: string, body: string): ApiAnswer {
    const match = /^\/monitors\/iServer\/nodes\/([^/]+)\/projects\/([0-9A-Fa-f]{32})(\/status)?$/.exec(route);
    if (!match) return { status: 404, error: { code: 'ERR004', message: 'HTTP 404 Not Found' } };
    const node = addressed(this.#nodes(), decodeURIComponent(match[1] ?? ''));
    if (isAnswer(node)) return node;
    const projectId = (match[2] ?? '').toUpperCase();
    if (!this.#projects().some((project) => project.id === projectId))
      return { status: 404, error: { code: 'ERR004', message: `No project has the id ${projectId}.` } };
    if (match[3])
      return method === 'GET' ? { status: 200, body: { status: this.read(node, projectId) } } : notAllowed();
    return method === 'PATCH' ? this.change(node, projectId, body) : notAllowed();
  }
}

function readValue(body: string): string | null {
  const parsed = parseJson(body) as { operationList?: { op?: string; path?: string; value?: unknown }[] } | null;
  const operation = parsed?.operationList?.[0];
  return operation?.op === 'replace' && operation.path === '/status' && typeof operation.value === 'string'
    ? operation.value
    : null;
}

export function projectStatesArea(states: ProjectStates): ApiArea {
  return {
    serves: (route) => route.startsWith('/monitors/iServer/nodes/'),
    answer: (call) => states.answer(call.method, call.route, call.body),
  };
}
