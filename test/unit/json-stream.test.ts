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
  it('is exactly the text JSON.stringify gives, with a newline', () => {
    const rows = Array.from({ length: 1234 }, (_, index) => ({
      id: `c${index}`,
      status: index % 2 ? ['ready', 'loaded'] : [],
      sizeKb: index % 3 ? index : null,
      tables: [{ name: 'LU "DAY"\n' }],
      skipped: undefined,
    }));
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
    expect(written(document).text).toBe(`${JSON.stringify(document, null, 2)}\n`);
  });

  it('writes a long list in batches rather than as one string', () => {
    const caches = Array.from({ length: 5000 }, (_, index) => ({ id: index }));
    const { text, writes } = written({ caches });
    expect(text).toBe(`${JSON.stringify({ caches }, null, 2)}\n`);
    expect(writes).toBeGreaterThanOrEqual(10);
  });

  it('writes short and empty documents as JSON.stringify does', () => {
    expect(written({}).text).toBe('{}\n');
    expect(written({ a: [], b: [1, 2] }).text).toBe(`${JSON.stringify({ a: [], b: [1, 2] }, null, 2)}\n`);
  });
});
