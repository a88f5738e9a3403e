/** The overview's rules with no I/O: capacity flags, run kinds and outcomes, days, the folding of lines into runs. */
import { describe, expect, it } from 'vitest';
import { RunFolder, scanRuns } from '../../src/main/purge/run-summaries.ts';
import { contentByProject } from '../../src/main/use-cases/overview.ts';
import type { CacheRow } from '../../src/shared/cache-monitor.ts';
import type { HistoryEntry } from '../../src/shared/model.ts';
import {
  countRunsPerDay,
  emptyDays,
  formatBytes,
  localDay,
  memoryLevel,
  runKindOf,
  runOutcome,
} from '../../src/shared/overview.ts';

function line(runId: string, time: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    time,
    durationMs: 1,
    runId,
    profileId: 'p',
    profileName: 'P',
    serverHost: 'h',
    user: 'u',
    projectId: 'x',
    projectName: 'X',
    cacheType: 'object',
    outcome: 'succeeded',
    httpStatus: 204,
    mstrCode: null,
    ticketId: null,
    errorCode: null,
    message: null,
    ...overrides,
  };
}

describe('overview rules', () => {
  it('flags a project at 80% of its capacity as near, above 100% as over, and one without a capacity as unknown', () => {
    expect(memoryLevel(79, 100)).toEqual({ share: 0.79, level: 'ok' });
    expect(memoryLevel(80, 100)).toEqual({ share: 0.8, level: 'near' });
    expect(memoryLevel(100, 100)).toEqual({ share: 1, level: 'near' });
    expect(memoryLevel(101, 100).level).toBe('over');
    expect(memoryLevel(5, null)).toEqual({ share: null, level: 'unknown' });
    expect(memoryLevel(5, 0).level).toBe('over');
    expect(memoryLevel(0, 0).level).toBe('unknown');
  });

  it('names a run by its lines: republish, plan step, cache action, purge; failed wins over unknown', () => {
    expect(runKindOf({ action: 'republish' })).toBe('republish');
    expect(runKindOf({ step: '1/2 purge', action: 'delete' })).toBe('plan');
    expect(runKindOf({ action: 'delete' })).toBe('cache-action');
    expect(runKindOf({})).toBe('purge');
    expect(runOutcome({ succeeded: 3, failed: 1, unknown: 1, cancelled: 0 })).toBe('failed');
    expect(runOutcome({ succeeded: 3, failed: 0, unknown: 1, cancelled: 0 })).toBe('unknown');
    expect(runOutcome({ succeeded: 0, failed: 0, unknown: 0, cancelled: 2 })).toBe('cancelled');
  });

  it('counts runs into the local days they ended on and leaves out the others', () => {
    const last = new Date(2026, 11, 2, 9);
    const days = emptyDays(last, 14);
    expect(days).toHaveLength(14);
    expect(days[0]?.day).toBe('2026-11-19');
    expect(days.at(-1)?.day).toBe(localDay(last));
    countRunsPerDay(
      [
        { time: new Date(2026, 11, 2, 1).toISOString(), outcome: 'failed' },
        { time: new Date(2026, 11, 1, 23).toISOString(), outcome: 'succeeded' },
        { time: new Date(2026, 10, 1).toISOString(), outcome: 'succeeded' },
      ],
      days,
    );
    expect(days.at(-1)).toMatchObject({ failed: 1, succeeded: 0 });
    expect(days.at(-2)).toMatchObject({ succeeded: 1 });
    expect(days.reduce((sum, day) => sum + day.succeeded + day.failed, 0)).toBe(2);
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(512)).toBe('512 B');
  });

  it('folds lines into runs and stops reading old lines once each last run is found', async () => {
    const folder = new RunFolder();
    folder.add(line('a', '2026-12-02T10:00:00.000Z', { outcome: 'failed' }));
    folder.add(line('a', '2026-12-02T09:00:00.000Z'));
    expect(folder.runs()).toEqual([expect.objectContaining({ runId: 'a', items: 2, failed: 1, outcome: 'failed' })]);

    let read = 0;
    async function* lines(): AsyncGenerator<HistoryEntry> {
      for (let index = 0; index < 1000; index += 1) {
        read += 1;
        yield line(`r${index}`, new Date(Date.UTC(2026, 11, 2) - index * 3_600_000).toISOString(), {
          ...(index === 500 ? { step: '1/1 purge' } : {}),
          ...(index === 600 ? { action: 'republish' } : {}),
        });
      }
    }
    const runs = await scanRuns(lines(), { cutoff: Date.UTC(2026, 11, 1), profileIds: ['p'] });
    expect(read).toBeLessThan(700);
    expect(runs.filter((run) => run.kind === 'plan').map((run) => run.runId)).toEqual(['r500']);
    expect(runs.some((run) => run.runId === 'r300')).toBe(false);
  });

  it('counts each content cache under one status: invalid, then expired, then ready', () => {
    const row = (status: string[], sizeKb: number): CacheRow =>
      ({ kind: 'content', node: 'n', projectId: 'p', projectName: 'P', status, sizeKb }) as CacheRow;
    const [figures] = contentByProject([
      row(['ready', 'invalid'], 10),
      row(['ready', 'expired'], 20),
      row(['ready'], 30),
      row(['processing'], 5),
    ]);
    expect(figures).toMatchObject({
      invalid: { count: 1, sizeKb: 10 },
      expired: { count: 1, sizeKb: 20 },
      ready: { count: 1, sizeKb: 30 },
      other: { count: 1, sizeKb: 5 },
    });
  });
});
