/**
 * A project's schema update followed to its end: the reload is started in the background and its
 * task read until it is completed ("succeeded") or failed (with the task's errors). A task still
 * running at the timeout, or one the server no longer answers for, is "unknown".
 */
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import type { SchemaTaskStatus } from '../../shared/project-state.ts';
import type { MstrClient, SchemaTask } from '../mstr/client.ts';
import type { StateTiming } from './state-change.ts';

type Use = <T>(call: (client: MstrClient) => Promise<T>) => Promise<T>;

export interface SchemaRun {
  taskId: string | null;
  status: SchemaTaskStatus;
  lastSeen: string | null;
  error: AppError | null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function ended(task: SchemaTask): SchemaRun | null {
  if (task.status === 'completed') return { taskId: task.id, status: 'succeeded', lastSeen: task.status, error: null };
  if (task.status === 'failed')
    return {
      taskId: task.id,
      status: 'failed',
      lastSeen: task.status,
      error: new AppError('SERVER_ERROR', `The schema update failed: ${task.errors ?? 'the task gave no reason'}.`),
    };
  return null;
}

async function follow(use: Use, projectId: string, first: SchemaTask, timing: StateTiming): Promise<SchemaRun> {
  const deadline = Date.now() + timing.settleTimeoutMs;
  let last = first;
  let lastError: AppError | null = null;
  for (;;) {
    const done = ended(last);
    if (done) return done;
    if (Date.now() + timing.pollIntervalMs > deadline) break;
    await sleep(timing.pollIntervalMs);
    try {
      last = await use((client) => client.schemaTask(projectId, first.id));
      lastError = null;
    } catch (error) {
      lastError = error instanceof AppError ? error : new AppError('INTERNAL', String(error));
    }
  }
  const seen = lastError ? `${lastError.code}: ${lastError.message}` : last.status;
  return {
    taskId: first.id,
    status: 'unknown',
    lastSeen: last.status,
    error: new AppError(
      'TIMEOUT',
      `The schema update task did not end within ${Math.round(timing.settleTimeoutMs / 1000)} s (last seen: ${seen}); it may still be running.`,
    ),
  };
}

export async function runSchemaUpdate(
  use: Use,
  projectId: string,
  updateTypes: readonly string[],
  timing: StateTiming,
): Promise<SchemaRun> {
  let task: SchemaTask;
  try {
    task = await use((client) => client.reloadSchema(projectId, updateTypes));
  } catch (error) {
    const info = toErrorInfo(error);
    const unknown = info.code === 'TIMEOUT' || info.code === 'RESPONSE_TOO_SLOW';
    return {
      taskId: null,
      status: unknown ? 'unknown' : 'failed',
      lastSeen: null,
      error: error instanceof AppError ? error : new AppError('INTERNAL', info.message),
    };
  }
  return follow(use, projectId, task, timing);
}
