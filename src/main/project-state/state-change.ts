/**
 * One project-state change on the chosen nodes: each node where the action changes something gets
 * the per-node PATCH, then is re-read until the status settles. A node that reaches the target has
 * succeeded; one that settles elsewhere, or refuses, has failed; one still pending (or not readable)
 * when the time is up is "unknown": the server may yet do it.
 */
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import { isPendingStatus, type NodeChange, type ProjectStatePlan } from '../../shared/project-state.ts';
import type { MstrClient } from '../mstr/client.ts';

export interface StateTiming {
  /** How long a node may stay pending before its outcome is "unknown". */
  settleTimeoutMs: number;
  pollIntervalMs: number;
}

export const DEFAULT_STATE_TIMING: StateTiming = { settleTimeoutMs: 120_000, pollIntervalMs: 250 };

type Use = <T>(call: (client: MstrClient) => Promise<T>) => Promise<T>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Errors after which the request may have reached the server: its outcome is not known. */
function outcomeUnknown(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'TIMEOUT' || error.code === 'RESPONSE_TOO_SLOW');
}

/** Re-reads the node until the project leaves "pending"; null when the time ran out first. */
async function settle(
  use: Use,
  plan: ProjectStatePlan,
  change: NodeChange,
  timing: StateTiming,
): Promise<string | null> {
  const deadline = Date.now() + timing.settleTimeoutMs;
  for (;;) {
    try {
      const status = await use((client) => client.projectStatusOnNode(change.node, plan.projectId));
      change.after = status;
      if (!isPendingStatus(status)) return status;
    } catch (error) {
      change.error = toErrorInfo(error);
    }
    if (Date.now() + timing.pollIntervalMs > deadline) return null;
    await sleep(timing.pollIntervalMs);
  }
}

function settled(plan: ProjectStatePlan, change: NodeChange, status: string | null, timing: StateTiming): void {
  if (status === null) {
    change.status = 'unknown';
    change.note = `Still ${change.after ?? 'unread'} after ${Math.round(timing.settleTimeoutMs / 1000)} s: the node may yet change it.`;
    return;
  }
  change.error = null;
  if (status.toLowerCase() === plan.target) {
    change.status = 'succeeded';
    return;
  }
  change.status = 'failed';
  change.note = `The node settled at ${status}, not ${plan.target}.`;
}

/** Sends the change to one node and follows it to the end. */
export async function changeOnNode(
  use: Use,
  plan: ProjectStatePlan,
  change: NodeChange,
  timing: StateTiming,
): Promise<void> {
  const began = performance.now();
  try {
    const answered = await use((client) => client.changeProjectStatusOnNode(change.node, plan.projectId, plan.target));
    change.after = answered;
    const status =
      answered !== null && answered.toLowerCase() === plan.target ? answered : await settle(use, plan, change, timing);
    settled(plan, change, status, timing);
  } catch (error) {
    change.error = toErrorInfo(error);
    change.status = outcomeUnknown(error) ? 'unknown' : 'failed';
  }
  change.durationMs = Math.round(performance.now() - began);
}
