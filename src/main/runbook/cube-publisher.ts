/**
 * Republishes cubes a few at a time and follows each job to its end. A cube "succeeded" only when
 * a signal confirms it: the job ended COMPLETED (and the cube is not dirty), or the job left the
 * monitor and the cube's last update moved past the request, READY and not DIRTY. ERROR, STOPPED
 * or a dirty cube is "failed" with the server's words. Anything else at the timeout is "unknown",
 * with what was seen. Cancel stops waiting and starting; a job already running goes on there.
 */
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import { CUBE_STATUS_BITS, cubeStatusWords, type CubePublishResult, type CubeRow } from '../../shared/runbook.ts';
import type { CubeInfo, MstrClient } from '../mstr/index.ts';
import { inBatches } from './cube-list.ts';
import { parseServerTime } from './server-time.ts';
import { count } from '../../shared/plural.ts';

type Use = <T>(call: (client: MstrClient) => Promise<T>) => Promise<T>;

export interface PublishTiming {
  /** The first look after the request; each next one waits twice as long, up to maxPollMs. */
  pollMs: number;
  maxPollMs: number;
  timeoutMs: number;
  now: () => number;
}

export interface PublishRun {
  use: Use;
  concurrency: number;
  timing: PublishTiming;
  cancelled: () => boolean;
  /** False: send the publish and do not follow the job (the outcome stays unknown). */
  wait?: boolean;
  /** Hears each cube as it starts and as it ends. */
  onItem: (result: CubePublishResult) => void;
}

interface Follow {
  result: CubePublishResult;
  cube: CubeRow;
  before: number | null;
  requestedAt: number;
  seen: string[];
}

/** Waits `ms`, or less when the run is cancelled meanwhile (looked at every 100 ms). */
async function pause(ms: number, cancelled: () => boolean): Promise<void> {
  for (let left = ms; left > 0 && !cancelled(); left -= 100)
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, left)));
}

export function unsentResult(cube: CubeRow): CubePublishResult {
  return {
    cube: cube.name,
    cubeId: cube.id,
    project: cube.projectName,
    projectId: cube.projectId,
    status: 'pending',
    jobId: null,
    message: null,
    startedAt: null,
    finishedAt: null,
    error: null,
  };
}

function end(follow: Follow, run: PublishRun, status: CubePublishResult['status'], message: string): void {
  follow.result.status = status;
  follow.result.message = message;
  follow.result.finishedAt = new Date(run.timing.now()).toISOString();
  run.onItem({ ...follow.result });
}

const has = (info: CubeInfo | null, bit: number): boolean => ((info?.status ?? 0) & bit) !== 0;
const isDirty = (info: CubeInfo | null): boolean =>
  has(info, CUBE_STATUS_BITS.dirty) || has(info, CUBE_STATUS_BITS.dirtyInfo);

/** Whether the cube itself says the republish was done: updated since the request, READY, not dirty. */
function cubeConfirms(follow: Follow, info: CubeInfo | null): boolean {
  const updated = parseServerTime(info?.lastUpdateTime ?? null);
  if (updated === null || !has(info, CUBE_STATUS_BITS.ready) || isDirty(info)) return false;
  const moved = follow.before === null || updated > follow.before;
  // The server's time has whole seconds: compare with the request's second.
  return moved && updated >= Math.floor(follow.requestedAt / 1000) * 1000;
}

function describeCube(info: CubeInfo | null): string {
  if (!info) return 'the cube has no info';
  const words = info.status === null ? 'none' : cubeStatusWords(info.status).join(' ') || 'none';
  return `cube last updated ${info.lastUpdateTime ?? 'never'}, status ${words}`;
}

async function readCube(follow: Follow, run: PublishRun): Promise<CubeInfo | null> {
  try {
    return await run.use((client) => client.cubeInfo(follow.cube.projectId, follow.cube.id));
  } catch (error) {
    follow.seen.push(`cube info failed: ${toErrorInfo(error).message}`);
    return null;
  }
}

/** One look at the job (and at the cube once the job is gone); true when the cube's outcome is known. */
async function look(follow: Follow, run: PublishRun, polls: number): Promise<boolean> {
  const jobId = follow.result.jobId ?? '';
  let job: Awaited<ReturnType<MstrClient['jobState']>> | null = null;
  try {
    if (jobId) job = await run.use((client) => client.jobState(jobId));
  } catch (error) {
    follow.seen.push(`job monitor failed: ${toErrorInfo(error).message}`);
  }
  if (job && job.state !== 'gone' && job.state !== 'running') {
    if (job.state !== 'completed') {
      end(follow, run, 'failed', `The job ended ${job.raw}: ${job.message ?? 'the server gave no message'}.`);
      return true;
    }
    const info = await readCube(follow, run);
    if (isDirty(info))
      end(follow, run, 'failed', `The job ended COMPLETED but the cube is dirty (${describeCube(info)}).`);
    else end(follow, run, 'succeeded', `The job ended ${job.raw}.`);
    return true;
  }
  if (job?.state === 'running') {
    follow.seen[0] = `job ${jobId} still ${job.raw || 'running'} after ${count(polls, 'look')}`;
    return false;
  }
  const info = await readCube(follow, run);
  if (cubeConfirms(follow, info)) {
    end(follow, run, 'succeeded', `The job left the monitor; ${describeCube(info)} (READY, not dirty).`);
    return true;
  }
  if (job?.state === 'gone' && isDirty(info)) {
    end(follow, run, 'failed', `The job left the monitor and the cube is dirty (${describeCube(info)}).`);
    return true;
  }
  follow.seen[0] = `${job?.state === 'gone' ? `job ${jobId} left the monitor` : 'no job state'}; ${describeCube(info)}`;
  return false;
}

async function follow(follow: Follow, run: PublishRun): Promise<void> {
  const deadline = follow.requestedAt + run.timing.timeoutMs;
  for (let polls = 1; ; polls += 1) {
    const wait = Math.min(run.timing.pollMs * 2 ** Math.min(polls - 1, 16), run.timing.maxPollMs);
    await pause(Math.max(0, Math.min(wait, deadline - run.timing.now())), run.cancelled);
    if (run.cancelled()) {
      const what = `Stopped waiting; job ${follow.result.jobId ?? ''} was already running and goes on on the server.`;
      return end(follow, run, 'cancelled', what);
    }
    if (await look(follow, run, polls)) return;
    if (run.timing.now() >= deadline) {
      const ms = run.timing.timeoutMs;
      const within = ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 6000) / 10} min`;
      return end(follow, run, 'unknown', `No confirmation within ${within}: ${follow.seen.join('; ')}.`);
    }
  }
}

async function publishOne(cube: CubeRow, run: PublishRun): Promise<CubePublishResult> {
  const result = unsentResult(cube);
  if (run.cancelled()) {
    result.status = 'cancelled';
    result.message = 'Cancelled before it was sent.';
    run.onItem({ ...result });
    return result;
  }
  const before = parseServerTime(
    (await readCube({ result, cube, before: null, requestedAt: 0, seen: [] }, run))?.lastUpdateTime ?? null,
  );
  const state: Follow = { result, cube, before, requestedAt: run.timing.now(), seen: ['nothing seen yet'] };
  result.startedAt = new Date(state.requestedAt).toISOString();
  result.status = 'running';
  run.onItem({ ...result });
  try {
    const answer = await run.use((client) => client.publishCube(cube.projectId, cube.id));
    result.jobId = answer.id || null;
  } catch (error) {
    result.error = toErrorInfo(error);
    const unanswered = error instanceof AppError && (error.code === 'TIMEOUT' || error.code === 'UNREACHABLE');
    end(
      state,
      run,
      unanswered ? 'unknown' : 'failed',
      unanswered ? `No answer to the publish request: ${result.error.message}` : result.error.message,
    );
    return result;
  }
  if (run.wait === false)
    end(state, run, 'unknown', `Publish requested (job ${result.jobId ?? 'with no id'}); not followed.`);
  else await follow(state, run);
  return result;
}

/** Republishes the cubes, `concurrency` at a time; every cube ends with a result. */
export async function publishCubes(cubes: readonly CubeRow[], run: PublishRun): Promise<CubePublishResult[]> {
  return inBatches(cubes, run.concurrency, (cube) => publishOne(cube, run));
}
