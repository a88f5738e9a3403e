import { describe, expect, it } from 'vitest';
import { writeJsonDocument } from '../../src/main/cli/json-stream.ts';

function written(document: Record<string, unknown>): { text: string; writes: number } {
  let text = '';
  let writes = 0;
  writeJsonDocument((part) => {
    text += part;
    writes += 1;
  }, document);
  return { text, writes };
}

describe('a JSON document written a part at a time', () => {
  it('is the document JSON.stringify lays out, with a long list one row a line, and a newline', () => {
    const rows: unknown[] = Array.from({ length: 1234 }, (_, index) => ({
      id: `c${index}`,
      status: index % 2 ? ['ready', 'loaded'] : [],
      sizeKb: index % 3 ? index : null,
      tables: [{ name: 'LU "DAY"\n' }],
      skipped: undefined,
    }));
    rows.push(undefined, null, 'text', { toJSON: () => ({ replaced: true }) }, { when: new Date(0) });
    const document = {
      ok: true,
      exitCode: 0,
      nodes: [{ name: 'a', error: null }],
      empty: [],
      nothing: undefined,
      caches: rows,
      missingSuggestions: { x: ['y'] },
      fetchedAt: '2026-12-02T00:00:00.000Z',
    };
    const { text } = written(document);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(document)));
    const lines = text.split('\n');
    const start = lines.indexOf('  "caches": [');
    expect(lines.slice(0, start).join('\n')).toBe(
      JSON.stringify({ ok: true, exitCode: 0, nodes: document.nodes, empty: [] }, null, 2).slice(0, -2) + ',',
    );
    const rowLines = lines.slice(start + 1, start + 1 + rows.length);
    expect(rowLines).toEqual(
      rows.map((row, index) => `    ${JSON.stringify(row) ?? 'null'}${index === rows.length - 1 ? '' : ','}`),
    );
    expect(lines.slice(start + 1 + rows.length).join('\n')).toBe(
      `  ],\n${JSON.stringify({ missingSuggestions: document.missingSuggestions, fetchedAt: document.fetchedAt }, null, 2).slice(2)}\n`,
    );
  });

  it('writes a long list in batches rather than as one string', () => {
    const caches = Array.from({ length: 5000 }, (_, index) => ({ id: index }));
    const { text, writes } = written({ caches });
    expect(JSON.parse(text)).toEqual({ caches });
    expect(writes).toBeGreaterThanOrEqual(10);
  });

  it('writes short and empty documents as JSON.stringify does', () => {
    expect(written({}).text).toBe('{}\n');
    expect(written({ a: [], b: [1, 2] }).text).toBe(`${JSON.stringify({ a: [], b: [1, 2] }, null, 2)}\n`);
  });
});
