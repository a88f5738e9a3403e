import { describe, expect, it } from 'vitest';
import { lazy } from '../../src/renderer/src/lib/lazy.ts';

describe('a part of the window loaded on first use', () => {
  it('loads once and hands the same part to every later use', async () => {
    let loads = 0;
    const load = lazy(async () => {
      loads += 1;
      return { default: 'CachesScreen' };
    });
    expect(await load()).toBe('CachesScreen');
    expect(await load()).toBe('CachesScreen');
    expect(loads).toBe(1);
  });

  it('tries again after a failed load instead of keeping the failure', async () => {
    let loads = 0;
    const load = lazy(async () => {
      loads += 1;
      if (loads === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { default: 'HistoryScreen' };
    });
    await expect(load()).rejects.toThrow('Failed to fetch');
    expect(await load()).toBe('HistoryScreen');
    expect(loads).toBe(2);
  });
});
