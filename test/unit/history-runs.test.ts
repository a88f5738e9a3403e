import { describe, expect, it } from 'vitest';
import { countsText, groupRuns, outcomeWords } from '../../src/renderer/src/lib/history-runs.ts';
import { count, noun, seconds } from '../../src/shared/plural.ts';
import type { HistoryEntry } from '../../src/shared/model.ts';

function line(overrides: Partial<HistoryEntry>): HistoryEntry {
  return {
    time: '2026-12-02T05:00:00.000Z',
    durationMs: 10,
    runId: 'run-1',
    profileId: 'p1',
    profileName: 'QA',
    serverHost: 'qa:443',
    user: 'Administrator',
    projectId: 'A'.repeat(32),
    projectName: 'Sales',
    cacheType: 'object',
    outcome: 'succeeded',
    httpStatus: 204,
    mstrCode: null,
    ticketId: null,
    errorCode: null,
    message: null,
    scheduled: false,
    ...overrides,
  };
}

describe('the history as runs', () => {
  it('names each outcome by its action', () => {
    expect(outcomeWords({ outcome: 'succeeded' })).toBe('purge requested');
    expect(outcomeWords({ outcome: 'succeeded', action: 'unload' })).toBe('unload requested');
    expect(outcomeWords({ outcome: 'succeeded', action: 'invalidate' })).toBe('invalidated');
    expect(outcomeWords({ outcome: 'succeeded', action: 'republish' })).toBe('republish succeeded');
    expect(outcomeWords({ outcome: 'failed', action: 'delete' })).toBe('delete failed');
    expect(outcomeWords({ outcome: 'unknown', action: 'load' })).toBe('outcome unknown');
  });

  it('groups lines by run, newest first, with counts, span, steps and nodes', () => {
    const runs = groupRuns([
      line({
        runId: 'plan',
        time: '2026-12-02T06:00:02.000Z',
        step: '2/2 unload cube caches',
        action: 'unload',
        cacheType: 'cube',
        node: 'b',
      }),
      line({ runId: 'plan', time: '2026-12-02T06:00:00.000Z', step: '1/2 purge', durationMs: 500, node: 'a' }),
      line({ runId: 'old', time: '2026-12-01T06:00:00.000Z', outcome: 'failed' }),
    ]);
    expect(runs.map((run) => run.runId)).toEqual(['plan', 'old']);
    const [plan] = runs;
    expect(plan).toMatchObject({ title: 'Plan run', durationMs: 2010, nodes: ['a', 'b'] });
    expect(plan?.steps).toEqual([
      { step: '1/2 purge', lines: 1 },
      { step: '2/2 unload cube caches', lines: 1 },
    ]);
    expect(countsText(plan!)).toBe('2 done');
    expect(countsText(runs[1]!)).toBe('1 purge failed');
  });

  it('links an unknown outcome to the later success of the same item, not to another item', () => {
    const runs = groupRuns([
      line({ time: '2026-12-02T06:00:05.000Z', outcome: 'succeeded' }),
      line({ time: '2026-12-02T06:00:03.000Z', outcome: 'succeeded', projectId: 'B'.repeat(32) }),
      line({ time: '2026-12-02T06:00:01.000Z', outcome: 'unknown' }),
      line({ time: '2026-12-02T06:00:00.000Z', outcome: 'unknown', projectId: 'C'.repeat(32) }),
    ]);
    const lines = runs[0]!.lines;
    expect(lines[2]?.settledBy).toBe(lines[0]);
    expect(lines[3]?.settledBy).toBeNull();
  });
});

describe('counted words', () => {
  it('says 1 cache, 2 caches, 0 caches and never "cache(s)"', () => {
    expect([count(1, 'cache'), count(2, 'cache'), count(0, 'cache'), count(2, 'entry', 'entries')]).toEqual([
      '1 cache',
      '2 caches',
      '0 caches',
      '2 entries',
    ]);
    expect(noun(4, 'step')).toBe('steps');
  });

  it('gives durations a person reads, never "0.0 s"', () => {
    expect([seconds(14), seconds(640), seconds(12_400), seconds(125_000)]).toEqual([
      '14 ms',
      '0.6 s',
      '12 s',
      '2 min 5 s',
    ]);
  });
});
