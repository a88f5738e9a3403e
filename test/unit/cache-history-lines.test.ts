import { describe, expect, it } from 'vitest';
import { historyLines } from '../../src/main/caches/cache-monitor.ts';
import type { CacheActionItem, CacheActionPlan } from '../../src/shared/cache-monitor.ts';

const plan = {
  runId: 'run-1',
  profileId: 'p1',
  profileName: 'QA "east"',
  host: 'qa:443',
  kind: 'content',
  action: 'invalidate',
  scheduled: false,
  step: null,
} as unknown as CacheActionPlan;

function item(overrides: Partial<CacheActionItem>): CacheActionItem {
  return {
    key: 'node-a/c1',
    node: 'node-a',
    cacheId: 'c1',
    name: 'Report 1',
    projectId: 'P1',
    projectName: 'Sales',
    status: 'succeeded',
    durationMs: 40,
    error: null,
    attempts: 1,
    retries: [],
    finishedAt: '2026-12-02T05:00:00.000Z',
    afterwards: null,
    confirmed: null,
    ...overrides,
  };
}

/** The line each cache had when every entry was serialised whole. */
function wholeLine(entry: CacheActionItem): string {
  return JSON.stringify({
    time: entry.finishedAt,
    durationMs: entry.durationMs ?? 0,
    runId: 'run-1',
    profileId: 'p1',
    profileName: 'QA "east"',
    serverHost: 'qa:443',
    user: 'Ana Müller',
    cacheType: 'content',
    action: 'invalidate',
    outcome: entry.status,
    attempts: entry.attempts,
    retries: entry.retries,
    httpStatus: entry.error?.httpStatus ?? null,
    mstrCode: entry.error?.mstrCode ?? null,
    ticketId: entry.error?.ticketId ?? null,
    errorCode: entry.error?.code ?? null,
    message: entry.error?.message ?? (entry.status === 'cancelled' ? 'Cancelled before it was sent.' : null),
    scheduled: false,
    node: entry.node,
    projectId: entry.projectId,
    projectName: entry.projectName,
    cacheId: entry.cacheId,
    cacheName: entry.name,
  });
}

describe('history lines of a cache batch', () => {
  it('writes each cache as its whole entry would be, across shared batches, projects, errors and retries', () => {
    const items = [
      item({}),
      item({ cacheId: 'c2', name: 'Report "2"\n' }),
      item({ cacheId: 'c3', projectId: 'P2', projectName: 'Finance' }),
      item({ cacheId: 'c4', node: 'node-b', projectId: 'P2', projectName: 'Finance' }),
      item({ cacheId: 'c5', durationMs: 41, attempts: 2, retries: ['HTTP 502'] }),
      item({ cacheId: 'c6', durationMs: 41, attempts: 2 }),
      item({
        cacheId: 'c7',
        status: 'failed',
        error: { code: 'SERVER_ERROR', message: 'No.', httpStatus: 500, mstrCode: 'ERR001', ticketId: 't-1' },
      }),
      item({ cacheId: 'c8', status: 'failed' }),
      item({
        cacheId: 'c9',
        status: 'cancelled',
        durationMs: null,
        attempts: 0,
        finishedAt: '2026-12-02T05:00:01.000Z',
      }),
    ];
    expect(historyLines(plan, items, 'Ana Müller')).toBe(items.map((entry) => `${wholeLine(entry)}\n`).join(''));
  });

  it('writes nothing for no caches', () => {
    expect(historyLines(plan, [], 'Ana Müller')).toBe('');
  });
});
