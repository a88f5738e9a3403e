/**
 * The history at the use-case layer: every purge the use cases ran is listed, filtered as the
 * window's query asks (dates as text), streamed, and exported to CSV.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as history from '../../../src/main/use-cases/history.ts';
import { preparePurge, runPurge } from '../../../src/main/use-cases/projects-and-purges.ts';
import { simulator } from '../helpers.ts';
import { connected, world } from './world.ts';

describe('history', () => {
  it('lists, filters, streams and exports what the purges did', async () => {
    const sim = await simulator({ projects: 2 });
    const { services } = world();
    const dev = await connected(services, sim, { name: 'Dev' });
    const plan = await preparePurge(services, {
      environments: [dev.id],
      projects: { all: true },
      cacheTypes: ['object'],
    });
    await runPurge(services, plan, {}, () => {}).done;

    const filter = history.historyFilter({ profileName: 'Dev', outcome: 'succeeded', since: '2000-01-01', limit: 10 });
    expect(filter).toEqual({ profileName: 'Dev', outcome: 'succeeded', since: new Date('2000-01-01'), limit: 10 });
    expect(await history.listHistory(services, filter)).toHaveLength(2);
    expect(await history.listHistory(services, history.historyFilter({ outcome: 'failed' }))).toEqual([]);
    const streamed = [];
    for await (const entry of history.historyEntries(services, {})) streamed.push(entry);
    expect(streamed.map((entry) => entry.profileName)).toEqual(['Dev', 'Dev']);

    const file = join(services.dataFolder, 'history.csv');
    expect(await history.exportHistory(services, file, {})).toBe(2);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
  });
});
