/**
 * The schema update of a project: POST /api/model/schema/reload (asked to run in the background)
 * and its task, GET /api/model/tasks/{id}, until it is completed or failed.
 */
import { AppError } from '../../../shared/errors.ts';
import type { LibraryConnection } from '../core/connection.ts';
import type { CallTrace } from '../core/exchange.ts';

export interface SchemaTask {
  id: string;
  /** As the server spells it, lower-cased: running, completed, failed, or another word. */
  status: string;
  /** The task's own errors, joined (a failed task says why here). */
  errors: string | null;
}

function readTask(body: unknown, what: string): SchemaTask {
  const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  if (typeof record.id !== 'string' || typeof record.status !== 'string')
    throw new AppError('NOT_A_LIBRARY_SERVER', `The server's answer to ${what} does not name a task.`);
  const errors = Array.isArray(record.errors)
    ? record.errors
        .map((error) => (error && typeof error === 'object' ? (error as Record<string, unknown>).message : null))
        .filter((message): message is string => typeof message === 'string')
    : [];
  return { id: record.id, status: record.status.toLowerCase(), errors: errors.length ? errors.join('; ') : null };
}

/** Starts a schema reload of one project with these update types; answers its task. Sent once. */
export async function reloadSchema(
  connection: LibraryConnection,
  projectId: string,
  updateTypes: readonly string[],
  trace?: CallTrace,
): Promise<SchemaTask> {
  const reply = await connection.call('schema', 'post', 'model/schema/reload', {
    headers: { 'x-mstr-projectid': projectId, prefer: 'respond-async' },
    json: { updateTypes },
    ...(trace ? { trace } : {}),
  });
  return readTask(reply.json, 'POST /api/model/schema/reload');
}

export async function schemaTask(
  connection: LibraryConnection,
  projectId: string,
  taskId: string,
): Promise<SchemaTask> {
  const reply = await connection.call('schema', 'get', `model/tasks/${encodeURIComponent(taskId)}`, {
    headers: { 'x-mstr-projectid': projectId },
  });
  return readTask(reply.json, 'GET /api/model/tasks');
}
