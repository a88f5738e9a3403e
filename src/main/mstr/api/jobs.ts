/**
 * The job monitor (GET /api/v2/monitors/jobs/{id}). States are compared case-insensitively (the
 * official SDK reads them lower-case); a job that has left the monitor answers 404 (some servers
 * 500), which says nothing of how it ended.
 */
import { AppError } from '../../../shared/errors.ts';
import type { LibraryConnection } from '../core/connection.ts';

export type JobState =
  { state: 'gone' } | { state: 'running' | 'completed' | 'error' | 'stopped'; raw: string; message: string | null };

const ENDED: Record<string, 'completed' | 'error' | 'stopped'> = {
  completed: 'completed',
  error: 'error',
  stopped: 'stopped',
};

export async function jobState(connection: LibraryConnection, jobId: string): Promise<JobState> {
  try {
    const reply = await connection.call('jobs', 'get', `v2/monitors/jobs/${encodeURIComponent(jobId)}`);
    const body = (reply.json ?? {}) as { status?: unknown; errorMessage?: unknown; error_message?: unknown };
    const raw = typeof body.status === 'string' ? body.status : '';
    const message = [body.errorMessage, body.error_message].find((value) => typeof value === 'string') as
      string | undefined;
    return { state: ENDED[raw.toLowerCase()] ?? 'running', raw, message: message ?? null };
  } catch (error) {
    const status = error instanceof AppError ? error.facts.httpStatus : undefined;
    if (status === 404 || status === 500) return { state: 'gone' };
    throw error;
  }
}
