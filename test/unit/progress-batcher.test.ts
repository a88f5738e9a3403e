import { describe, expect, it, vi } from 'vitest';
import { ProgressBatcher } from '../../src/main/ipc/progress-batcher.ts';
import type { PurgeItem } from '../../src/shared/model.ts';

function item(key: string, status: PurgeItem['status']): PurgeItem {
  return {
    key,
    profileId: 'p',
    profileName: 'P',
    projectId: 'B7CA92F04B9FAE8D941C3E9B7E0CD754',
    projectName: key,
    cacheType: 'object',
    status,
    durationMs: null,
    error: null,
    attempts: 0,
    retries: [],
    finishedAt: null,
  };
}

describe('progress batches', () => {
  it('sends the latest state of each changed item once per interval, and everything on flush', () => {
    vi.useFakeTimers();
    try {
      const sent: PurgeItem[][] = [];
      const batcher = new ProgressBatcher((items: PurgeItem[]) => sent.push(items), 50);
      batcher.add(item('a', 'running'));
      batcher.add(item('b', 'running'));
      batcher.add(item('a', 'succeeded'));
      expect(sent).toEqual([]);
      vi.advanceTimersByTime(50);
      expect(sent).toEqual([[item('a', 'succeeded'), item('b', 'running')]]);
      batcher.add(item('b', 'failed'));
      batcher.flush();
      expect(sent.at(-1)).toEqual([item('b', 'failed')]);
      vi.advanceTimersByTime(200);
      expect(sent).toHaveLength(2);
      batcher.flush();
      expect(sent).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
