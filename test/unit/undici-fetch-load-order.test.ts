/**
 * undici's fetch parts load in one order whatever the timing of each import: a Request module
 * evaluated before the fetch module leaves its body converter undefined, and every request with a
 * body then fails ("converter is not a function", two tests of one CI run under load).
 */
import { describe, expect, it } from 'vitest';
import { loadFetchParts, undiciFetch, type FetchPartImports } from '../../src/main/mstr/undici-parts.ts';

const later = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe("undici's fetch parts", () => {
  it('start importing Request and Response only once the fetch module is in, however slow it is', async () => {
    const events: string[] = [];
    const part =
      <T>(name: string, ms: number, value: T) =>
      async (): Promise<T> => {
        events.push(`${name} asked`);
        await later(ms);
        events.push(`${name} in`);
        return value;
      };
    const real = await undiciFetch();
    const imports: FetchPartImports = {
      fetch: part('fetch', 60, { fetch: real.fetch }),
      response: part('response', 0, { Response: real.Response }),
      request: part('request', 0, { Request: real.Request }),
    };
    const parts = await loadFetchParts(imports);
    expect(events.slice(0, 2)).toEqual(['fetch asked', 'fetch in']);
    expect(events).toHaveLength(6);
    expect(parts).toEqual(real);
  });

  it('build a request with a body and read an answer', async () => {
    const { Request, Response } = await loadFetchParts();
    const request = new Request('http://127.0.0.1:9/api/auth/login', { method: 'POST', body: '{"a":1}' });
    expect(await request.text()).toBe('{"a":1}');
    expect(await new Response('{"b":2}').json()).toEqual({ b: 2 });
  });
});
