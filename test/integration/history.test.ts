import { mkdtempSync, readdirSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { PurgeHistory } from '../../src/main/purge/history.ts';
import type { HistoryEntry } from '../../src/shared/model.ts';

function entry(index: number, overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    time: new Date(Date.UTC(2026, 10, 1, 0, index)).toISOString(),
    durationMs: 30,
    runId: 'run-1',
    profileId: 'p',
    profileName: index % 2 === 0 ? 'Prod' : 'Dev',
    serverHost: 'bi.example.com',
    user: 'Administrator',
    projectId: 'B7CA92F04B9FAE8D941C3E9B7E0CD754',
    projectName: `Project, "quoted" ${index}`,
    cacheType: 'object',
    outcome: index % 3 === 0 ? 'failed' : 'succeeded',
    httpStatus: index % 3 === 0 ? 403 : 204,
    mstrCode: index % 3 === 0 ? 'ERR014' : null,
    ticketId: null,
    errorCode: null,
    message: null,
    ...overrides,
  };
}

describe('purge history', () => {
  it('appends, filters newest first, and survives a torn last line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-history-'));
    const history = new PurgeHistory(folder);
    for (let index = 0; index < 10; index += 1) await history.append(entry(index));
    appendFileSync(history.path, '{"time":"2026-11-0');
    const listed = await history.list();
    expect(listed).toHaveLength(10);
    expect(listed[0]!.projectName).toContain(' 9');
    expect(await history.list({ profileName: 'prod' })).toHaveLength(5);
    expect(await history.list({ outcome: 'failed' })).toHaveLength(4);
    expect(await history.list({ since: new Date(Date.UTC(2026, 10, 1, 0, 7)) })).toHaveLength(3);
    expect(await history.list({ limit: 2 })).toHaveLength(2);
  });

  it('rotates at the size limit keeping five older files, and lists across them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-history-'));
    const history = new PurgeHistory(folder, { maxBytes: 2000 });
    for (let index = 0; index < 120; index += 1) await history.append(entry(index));
    expect(
      readdirSync(folder)
        .filter((name) => name.startsWith('history.jsonl'))
        .sort(),
    ).toEqual([
      'history.jsonl',
      'history.jsonl.1',
      'history.jsonl.2',
      'history.jsonl.3',
      'history.jsonl.4',
      'history.jsonl.5',
    ]);
    const listed = await history.list();
    expect(listed[0]!.projectName).toContain(' 119');
    expect(listed.length).toBeLessThan(120);
    const times = listed.map((item) => item.time);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('keeps every line once and in order while appends, syncs and rotations overlap, each in the file when its promise settles', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-history-'));
    const history = new PurgeHistory(folder, { maxBytes: 40_000, keep: 20 });
    const inFileWhenSettled: boolean[] = [];
    const append = (index: number): Promise<void> =>
      history.append(entry(index, { runId: `line-${index}` })).then(() => {
        const files = readdirSync(folder).filter((name) => name.startsWith('history.jsonl'));
        inFileWhenSettled.push(
          files.some((name) => readFileSync(join(folder, name), 'utf8').includes(`"line-${index}"`)),
        );
      });
    // Rounds of ten appends at once: some find the file open (written at once), some find a sync or a
    // rotation queued. Each round is a few kilobytes, so the file crosses its 40 KB limit several
    // times whatever the machine's speed.
    for (let round = 0; round < 40; round += 1) {
      const pending: Promise<void>[] = [];
      for (let index = round * 10; index < round * 10 + 10; index += 1) {
        pending.push(append(index));
        if (index % 37 === 0) pending.push(history.sync());
      }
      await Promise.all(pending);
    }
    await history.sync();
    expect(inFileWhenSettled).toHaveLength(400);
    expect(inFileWhenSettled.every(Boolean)).toBe(true);
    const rotated = readdirSync(folder).filter((name) => name.startsWith('history.jsonl.'));
    expect(rotated.length).toBeGreaterThanOrEqual(2);
    const lines = (await history.list()).map((item) => item.runId).reverse();
    expect(lines).toEqual(Array.from({ length: 400 }, (_, index) => `line-${index}`));
  });

  it('exports CSV that a spreadsheet reads back', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-history-'));
    const history = new PurgeHistory(folder);
    for (let index = 0; index < 4; index += 1) await history.append(entry(index));
    const file = join(folder, 'out.csv');
    expect(await history.exportCsv(file, { outcome: 'succeeded' })).toBe(2);
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      projectName: 'Project, "quoted" 2',
      outcome: 'succeeded',
      httpStatus: '204',
      profileName: 'Prod',
    });
  });

  it('escapes server text that a spreadsheet would run as a formula, in every cell', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-history-'));
    const history = new PurgeHistory(folder);
    const hostile = ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'];
    for (const [index, text] of hostile.entries())
      await history.append(
        entry(index, { projectName: text, message: text, ticketId: text, outcome: 'failed', profileName: text }),
      );
    const file = join(folder, 'out.csv');
    await history.exportCsv(file);
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(hostile.length);
    for (const row of rows) {
      for (const column of ['projectName', 'message', 'ticketId', 'profileName'])
        expect(row[column], column).toMatch(/^'/);
      // Numbers stay numbers.
      expect(row.durationMs).toBe('30');
    }
    expect(rows.map((row) => row.projectName).sort()).toEqual(hostile.map((text) => `'${text}`).sort());
  });
});

describe('when each project was last purged (the projects table)', () => {
  const A = 'A'.repeat(32);
  const B = 'B'.repeat(32);
  const NEVER = 'C'.repeat(32);
  const purged = (minute: number, projectId: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry =>
    entry(1, {
      time: new Date(Date.UTC(2026, 10, 2, 0, minute)).toISOString(),
      projectId,
      outcome: 'succeeded',
      ...overrides,
    });

  it('gives the newest accepted purge per project of the profile, never a failure, a cache action or another profile', async () => {
    const history = new PurgeHistory(mkdtempSync(join(tmpdir(), 'mstr-history-')));
    await history.appendAll([
      purged(1, A),
      purged(5, A),
      purged(3, A),
      purged(9, A, { outcome: 'failed' }),
      purged(8, B, { action: 'invalidate' }),
      purged(7, B, { profileId: 'other' }),
      purged(2, B),
    ]);
    expect(await history.lastPurged('p', [A, B, NEVER])).toEqual({
      [A]: purged(5, A).time,
      [B]: purged(2, B).time,
    });
  });

  it('reads a line spaced by another tool, and passes over lines that are not entries', async () => {
    const history = new PurgeHistory(mkdtempSync(join(tmpdir(), 'mstr-history-')));
    const spaced = JSON.stringify(purged(4, A)).replace(/":/g, '": ').replace(/,"/g, ', "');
    appendFileSync(
      history.path,
      `${spaced}\nnull\n{"time":"succeeded"}\n${JSON.stringify({ ...purged(6, B), profileId: 7 })}\n{"torn":"succeeded`,
    );
    expect(await history.lastPurged('p', [A, B])).toEqual({ [A]: purged(4, A).time });
  });

  it('reads a history of several megabytes in slices without losing a line at their edges', async () => {
    const history = new PurgeHistory(mkdtempSync(join(tmpdir(), 'mstr-history-')));
    // Every line is the only purge of its project: a line cut at a slice's edge would be missed.
    const projects = Array.from({ length: 6000 }, (_, index) => index.toString(16).toUpperCase().padStart(32, '0'));
    await history.appendAll(projects.map((projectId, minute) => purged(minute, projectId)));
    const last = await history.lastPurged('p', projects);
    expect(Object.keys(last)).toHaveLength(projects.length);
    projects.forEach((projectId, minute) => expect(last[projectId]).toBe(purged(minute, projectId).time));
  });

  it('sees what another process appends later, a line half-written at the time, and a rotation', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-history-'));
    const app = new PurgeHistory(folder);
    await app.append(purged(1, A));
    expect(await app.lastPurged('p', [A, B])).toEqual({ [A]: purged(1, A).time });

    // A scheduled run in another process, with a line it has only begun to write.
    const scheduled = new PurgeHistory(folder, { maxBytes: 3000 });
    await scheduled.append(purged(2, B));
    const half = JSON.stringify(purged(4, A));
    appendFileSync(scheduled.path, half.slice(0, 40));
    expect(await app.lastPurged('p', [A, B])).toEqual({ [A]: purged(1, A).time, [B]: purged(2, B).time });
    appendFileSync(scheduled.path, `${half.slice(40)}\n`);
    expect(await app.lastPurged('p', [A, B])).toEqual({ [A]: purged(4, A).time, [B]: purged(2, B).time });

    // Enough lines to rotate the files, the newest purge of B among them.
    for (let minute = 10; minute < 40; minute += 1) await scheduled.append(purged(minute, minute === 30 ? B : A));
    await scheduled.sync();
    expect(readdirSync(folder)).toContain('history.jsonl.1');
    expect(await app.lastPurged('p', [A, B])).toEqual({ [A]: purged(39, A).time, [B]: purged(30, B).time });
  });
});
