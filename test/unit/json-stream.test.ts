import { describe, expect, it } from 'vitest';
import { JsonRowsDocument, writeJsonDocument } from '../../src/main/cli/json-stream.ts';

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

  it('keeps one row a line when rows hold objects like themselves or text like a row break', () => {
    const rows = Array.from({ length: 1200 }, (_, index) => ({
      kind: 'content',
      name: index % 7 ? `Report ${index}` : '},{"kind":"content"} \\"},{"kind":',
      parts: index % 5 ? [] : [{ kind: 'part' }, { kind: 'part', of: index }],
    }));
    const { text } = written({ caches: rows });
    expect(JSON.parse(text)).toEqual({ caches: rows });
    const lines = text.split('\n');
    expect(lines.slice(2, 2 + rows.length)).toEqual(
      rows.map((row, index) => `    ${JSON.stringify(row)}${index === rows.length - 1 ? '' : ','}`),
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

describe('a JSON document whose rows come while it is written', () => {
  const output = () => {
    const parts: string[] = [];
    return { parts, write: (text: string) => void parts.push(text), drained: () => Promise.resolve() };
  };

  it('prints a short list whole, exactly as writeJsonDocument does', async () => {
    const out = output();
    const document = new JsonRowsDocument(out, 'caches', { profileId: 'p' });
    await document.add([{ id: 1 }, { id: 2 }]);
    expect(document.begun).toBe(false);
    expect(out.parts).toEqual([]);
    document.end((caches) => ({ ok: true, profileId: 'p', caches, fetchedAt: 'now' }), { ok: true });
    expect(out.parts.join('')).toBe(
      written({ ok: true, profileId: 'p', caches: [{ id: 1 }, { id: 2 }], fetchedAt: 'now' }).text,
    );
  });

  it('writes a long list as it comes, a row a line, with the fields known at the end after it', async () => {
    const out = output();
    const document = new JsonRowsDocument(out, 'caches', { profileId: 'p', kind: 'content' });
    const rows = Array.from({ length: 1300 }, (_, id) => ({ id, tables: ['T'] }));
    await document.add(rows.slice(0, 400));
    expect(out.parts).toEqual([]);
    await document.add(rows.slice(400, 900));
    expect(document.begun).toBe(true);
    const early = out.parts.join('');
    expect(early.split('\n').filter((line) => line.startsWith('    {'))).toHaveLength(900);
    await document.add(rows.slice(900));
    document.end(() => ({}), { nodes: [{ name: 'a' }], skipped: undefined, ok: false, exitCode: 1 });
    const text = out.parts.join('');
    expect(JSON.parse(text)).toEqual({
      profileId: 'p',
      kind: 'content',
      caches: rows,
      nodes: [{ name: 'a' }],
      ok: false,
      exitCode: 1,
    });
    expect(text.startsWith(early)).toBe(true);
    expect(text.endsWith('  "exitCode": 1\n}\n')).toBe(true);
  });
});
