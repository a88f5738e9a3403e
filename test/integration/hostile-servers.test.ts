/**
 * Servers and proxies that misbehave cannot hang a run or eat the machine: every body is bounded in
 * size and the whole exchange, body included, in time; each case has its own error code.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN, client, failure, simulator } from './helpers.ts';

describe('hostile or broken servers', () => {
  it('an endless project list stops at the size bound with RESPONSE_TOO_LARGE, in bounded memory', async () => {
    const sim = await simulator();
    const api = client(sim);
    await api.login(ADMIN);
    sim.inject({ kind: 'endless-body', match: /GET .*\/projects$/ });
    const before = process.memoryUsage().rss;
    const error = await failure(api.listProjects());
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect(error.message).toContain('more than 64 MB');
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 1024 * 1024);
    // The next call is answered normally.
    expect(await api.listProjects()).toHaveLength(12);
  });

  it('an endless error body on a small call stops at its smaller bound', async () => {
    const sim = await simulator();
    const api = client(sim, { retry: { limit: 0 } });
    await api.login(ADMIN);
    sim.inject({ kind: 'endless-body', status: 500, match: /GET .*\/sessions$/ });
    const error = await failure(api.sessionInfo());
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect(error.message).toContain('more than 1 MB');
  });

  it('a body that trickles forever ends with RESPONSE_TOO_SLOW at the profile timeout', async () => {
    const sim = await simulator();
    const api = client(sim, { timeoutMs: 1500 });
    await api.login(ADMIN);
    sim.inject({ kind: 'slow-body', match: /GET .*\/projects$/ });
    const error = await failure(api.listProjects());
    expect(error.code).toBe('RESPONSE_TOO_SLOW');
    expect(error.message).toContain('did not finish within 2 s');
  });

  it('no answer at all is TIMEOUT, distinct from a slow body', async () => {
    const sim = await simulator();
    const api = client(sim, { timeoutMs: 1000, retry: { limit: 0 } });
    await api.login(ADMIN);
    sim.inject({ kind: 'hang', match: /GET .*\/projects$/ });
    expect((await failure(api.listProjects())).code).toBe('TIMEOUT');
  });
});
