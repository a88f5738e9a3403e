/**
 * Carries out cache monitor actions. Content caches: one PATCH per node for up to 500 caches, each
 * cache then holding its batch's outcome. Cube caches: one request per cube; a load, unload,
 * activate or deactivate is done by the server in the background and polled until it settles (a
 * manipulation still running at the time bound is "unknown", not failed); a delete is one DELETE.
 * Every item ends succeeded, failed, unknown or cancelled, with the requests it took.
 */
import pLimit from 'p-limit';
import { AppError, toErrorInfo, type ErrorInfo } from '../../shared/errors.ts';
import type { CacheAction, CacheActionItem, CacheActionPlan } from '../../shared/cache-monitor.ts';
import type { ItemProgress } from '../../shared/model.ts';
import { newTrace, type CallTrace, type MstrClient } from '../mstr/index.ts';
import type { ContentOperation } from '../mstr/client.ts';

/** Content caches changed in one request: enough to be quick, small enough for any gateway's body limit. */
export const CONTENT_BATCH = 500;

export interface ActionTiming {
  /** The longest a cube manipulation is polled before its outcome is called unknown. */
  manipulationTimeoutMs: number;
  /** The first wait between polls; it grows to 2 s. */
  pollIntervalMs: number;
}

export const DEFAULT_ACTION_TIMING: ActionTiming = { manipulationTimeoutMs: 120_000, pollIntervalMs: 250 };

export interface ActionRun {
  use: <T>(call: (client: MstrClient) => Promise<T>) => Promise<T>;
  concurrency: number;
  timing: ActionTiming;
  cancelled: () => boolean;
  /** Hears items as they start and as they end (a content batch's items together). */
  onItems: (items: CacheActionItem[]) => Promise<void> | void;
}

export function contentOperation(action: CacheAction, combinedId: string): ContentOperation {
  const path = `/contentCaches/${combinedId}`;
  switch (action) {
    case 'invalidate':
      return { op: 'replace', path: `${path}/status/invalid`, value: true };
    case 'load':
    case 'unload':
      return { op: 'replace', path: `${path}/status/loaded`, value: action === 'load' };
    case 'delete':
      return { op: 'remove', path, value: null };
    default:
      throw new AppError('VALIDATION', `Content caches cannot be told to ${action}.`);
  }
}

export async function runActions(plan: CacheActionPlan, items: CacheActionItem[], run: ActionRun): Promise<void> {
  const limit = pLimit(Math.max(1, run.concurrency));
  const groups = plan.kind === 'content' ? contentBatches(items) : items.map((item) => [item]);
  await Promise.all(
    groups.map(async (group) => {
      const ended = await limit(async () => {
        if (run.cancelled()) return null;
        return plan.kind === 'content'
          ? contentBatch(plan.action, group, run)
          : [await cubeItem(plan.action, group[0] as CacheActionItem, run)];
      });
      if (!ended) return;
      // Heard once the request slot is free and the next request has gone out: writing a batch's
      // 500 history lines then overlaps that request's round trip instead of delaying it.
      await new Promise((resolve) => setImmediate(resolve));
      await run.onItems(ended);
    }),
  );
}

function contentBatches(items: CacheActionItem[]): CacheActionItem[][] {
  const byNode = new Map<string, CacheActionItem[]>();
  for (const item of items) {
    const nodeItems = byNode.get(item.node);
    if (nodeItems) nodeItems.push(item);
    else byNode.set(item.node, [item]);
  }
  const batches: CacheActionItem[][] = [];
  for (const nodeItems of byNode.values())
    for (let start = 0; start < nodeItems.length; start += CONTENT_BATCH)
      batches.push(nodeItems.slice(start, start + CONTENT_BATCH));
  return batches;
}

/**
 * Sends one batch; its items as they ended. The request goes out first and its 500 items are
 * announced as running while it is on the wire, rather than holding it back.
 */
async function contentBatch(action: CacheAction, batch: CacheActionItem[], run: ActionRun): Promise<CacheActionItem[]> {
  const node = (batch[0] as CacheActionItem).node;
  const began = performance.now();
  const trace = newTrace();
  const sent = (async () => {
    const operations = batch.map((item) => contentOperation(action, item.cacheId));
    await run.use((client) => client.alterContentCaches(node, operations, trace));
  })().then(
    () => ({ error: null as unknown }),
    (caught: unknown) => ({ error: caught }),
  );
  await started(batch, run);
  const { error } = await sent;
  const end = endState(error, trace, began);
  return batch.map((item) => ended(item, end));
}

async function cubeItem(action: CacheAction, item: CacheActionItem, run: ActionRun): Promise<CacheActionItem> {
  await started([item], run);
  const began = performance.now();
  const trace = newTrace();
  let error: unknown = null;
  try {
    if (action === 'delete') await deleteCube(item, trace, run);
    else await changeCube(action, item, trace, run);
  } catch (caught) {
    error = caught;
  }
  return ended(item, endState(error, trace, began));
}

/** A delete repeated after a lost answer finds the cache gone: that is the delete having worked. */
async function deleteCube(item: CacheActionItem, trace: CallTrace, run: ActionRun): Promise<void> {
  try {
    await run.use((client) => client.deleteCubeCache(item.cacheId, trace));
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'CACHE_NOT_FOUND' && trace.attempts > 1)) throw error;
  }
}

function cubeState(action: CacheAction): { loadedState: 'loaded' | 'unloaded' } | { active: boolean } {
  if (action === 'load' || action === 'unload') return { loadedState: action === 'load' ? 'loaded' : 'unloaded' };
  if (action === 'activate' || action === 'deactivate') return { active: action === 'activate' };
  throw new AppError('VALIDATION', `Cube caches cannot be told to ${action}.`);
}

async function changeCube(action: CacheAction, item: CacheActionItem, trace: CallTrace, run: ActionRun): Promise<void> {
  const manipulationId = await run.use((client) => client.alterCubeCache(item.cacheId, cubeState(action), trace));
  const deadline = performance.now() + run.timing.manipulationTimeoutMs;
  let wait = run.timing.pollIntervalMs;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    const { status, detail } = await run.use((client) => client.cubeManipulationStatus(manipulationId));
    if (status === 'ready') return;
    if (status === 'error')
      throw new AppError(
        'MANIPULATION_FAILED',
        `The server could not ${action} ${item.name}: ${detail ?? 'no reason given'}.`,
      );
    if (performance.now() > deadline)
      throw new AppError(
        'TIMEOUT',
        `The server was still working on it after ${Math.round(run.timing.manipulationTimeoutMs / 1000)} s; it may still finish. Refresh the list to see.`,
      );
    wait = Math.min(wait * 1.5, 2000);
  }
}

/** Marks the items running and tells the listeners (the items themselves: a batch's 500 copies were 100,000 for a big run). */
async function started(items: CacheActionItem[], run: ActionRun): Promise<void> {
  for (const item of items) item.status = 'running';
  await run.onItems(items);
}

/** How a request ended, once for all the caches it carried (a batch ends together). */
function endState(error: unknown, trace: CallTrace, began: number): ItemProgress {
  const info: ErrorInfo | null = error === null ? null : toErrorInfo(error);
  return {
    status: info === null ? 'succeeded' : info.code === 'TIMEOUT' ? 'unknown' : 'failed',
    error: info,
    durationMs: Math.round(performance.now() - began),
    attempts: trace.attempts,
    retries: [...trace.retries],
    finishedAt: new Date().toISOString(),
  };
}

/**
 * The item with its end state. Listeners get the item itself: nothing in this run changes it again
 * (a copy per cache was 100,000 objects more for a filter's run to make and collect).
 */
function ended(item: CacheActionItem, end: ItemProgress): CacheActionItem {
  return Object.assign(item, end);
}
