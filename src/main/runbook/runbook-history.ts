/** History lines for republished cubes, triggered events and sent subscriptions (the shared history contract). */
import type { HistoryEntry } from '../../shared/model.ts';
import type { CubePublishResult, SendResult } from '../../shared/runbook.ts';

export interface RunContext {
  runId: string;
  profileId: string;
  profileName: string;
  serverHost: string;
  user: string;
  scheduled: boolean;
  step: string | null;
}

function outcomeOf(status: CubePublishResult['status']): HistoryEntry['outcome'] {
  return status === 'pending' || status === 'running' ? 'cancelled' : status;
}

function common(context: RunContext, item: { startedAt: string | null; finishedAt: string | null }) {
  const started = item.startedAt ? Date.parse(item.startedAt) : NaN;
  const finished = item.finishedAt ? Date.parse(item.finishedAt) : NaN;
  return {
    time: item.finishedAt ?? new Date().toISOString(),
    durationMs: Number.isNaN(started) || Number.isNaN(finished) ? 0 : finished - started,
    runId: context.runId,
    profileId: context.profileId,
    profileName: context.profileName,
    serverHost: context.serverHost,
    user: context.user,
    scheduled: context.scheduled,
    ...(context.step ? { step: context.step } : {}),
  };
}

function errorFields(result: { error: CubePublishResult['error']; message: string | null }) {
  return {
    httpStatus: result.error?.httpStatus ?? null,
    mstrCode: result.error?.mstrCode ?? null,
    ticketId: result.error?.ticketId ?? null,
    errorCode: result.error?.code ?? null,
    message: result.message,
  };
}

export function publishLine(context: RunContext, result: CubePublishResult): HistoryEntry {
  return {
    ...common(context, result),
    projectId: result.projectId,
    projectName: result.project,
    cacheType: 'cube',
    action: 'republish',
    cacheId: result.cubeId,
    cacheName: result.cube,
    ...(result.jobId ? { jobId: result.jobId } : {}),
    outcome: outcomeOf(result.status),
    ...errorFields(result),
  };
}

export function sendLine(context: RunContext, result: SendResult, projectName = ''): HistoryEntry {
  return {
    ...common(context, result),
    projectId: result.projectId ?? '',
    projectName,
    cacheType: result.kind,
    action: result.kind === 'event' ? 'trigger' : 'send',
    cacheId: result.id,
    cacheName: result.name,
    outcome: outcomeOf(result.status),
    ...errorFields(result),
  };
}
