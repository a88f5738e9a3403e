/**
 * A project's state on one cluster node: read it (GET /api/monitors/iServer/nodes/{node}/projects/
 * {id}/status) and change it (PATCH /api/monitors/iServer/nodes/{node}/projects/{id}, one status
 * value: loaded, unloaded or an idle mode). The change answers 202 with the project "pending" more
 * often than not; the caller re-reads until it settles.
 */
import { AppError } from '../../../shared/errors.ts';
import type { LibraryConnection } from '../core/connection.ts';
import type { CallTrace } from '../core/exchange.ts';

const traced = (trace: CallTrace | undefined): { trace?: CallTrace } => (trace ? { trace } : {});

function projectPath(node: string, projectId: string): string {
  if (!/^[0-9A-F]{32}$/i.test(projectId))
    throw new AppError('PROJECT_NOT_FOUND', `"${projectId.slice(0, 64)}" is not a project id (32 hex digits).`);
  return `monitors/iServer/nodes/${encodeURIComponent(node)}/projects/${projectId.toUpperCase()}`;
}

/** The status in an answer: `{status}` or `{project: {status}}`; null when it names none. */
export function readProjectStatus(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  const record = body as Record<string, unknown>;
  if (typeof record.status === 'string') return record.status;
  const project = record.project;
  if (project !== null && typeof project === 'object') {
    const status = (project as Record<string, unknown>).status;
    if (typeof status === 'string') return status;
  }
  return null;
}

export async function projectStatusOnNode(
  connection: LibraryConnection,
  node: string,
  projectId: string,
): Promise<string> {
  const reply = await connection.call('project-state', 'get', `${projectPath(node, projectId)}/status`);
  const status = readProjectStatus(reply.json);
  if (status === null)
    throw new AppError('NOT_A_LIBRARY_SERVER', `The node ${node} answered a project status without a status.`);
  return status;
}

/**
 * Asks one node to put the project in `status`; answers the status the node reported back (often
 * "pending"), or null when it said none. Setting a state twice is the same as once, so a lost answer
 * may be repeated.
 */
export async function changeProjectStatusOnNode(
  connection: LibraryConnection,
  node: string,
  projectId: string,
  status: string,
  trace?: CallTrace,
): Promise<string | null> {
  const reply = await connection.call('project-state', 'patch', projectPath(node, projectId), {
    json: { operationList: [{ op: 'replace', path: '/status', value: status }] },
    idempotent: true,
    ...traced(trace),
  });
  return readProjectStatus(reply.json);
}
