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

describe('hostile text at the terminal', () => {
  it('escape sequences, line breaks and direction overrides in project names cannot recolour, forge or reverse rows', async () => {
    const { addProfile, cli } = await import('./cli-helpers.ts');
    const sim = await simulator({ projects: 3 });
    const evil = '\u001b[2J\u001b[31mSales\r\nB7CA92F04B9FAE8D941C3E9B7E0CD754\tloaded\tForged row\u0007 \u202edaol';
    sim.projects[0]!.name = evil;
    const tool = cli();
    await addProfile(tool, sim, 'QA');
    await tool.run(['login', 'QA', '--password-stdin', '--remember'], { stdin: 'admin-pass' });
    const listed = await tool.run(['projects', 'QA']);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const controls = [...listed.stdout].filter(
      (character) => character < ' ' && character !== '\t' && character !== '\n',
    );
    expect(controls).toEqual([]);
    // A right-to-left override would make the rest of the line read backwards.
    expect(listed.stdout).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    // id, status, name, and the state on each node: no forged cell.
    expect(lines.every((line) => line.split('\t').length === 4)).toBe(true);
    await tool.run(['purge', 'QA', '--all', '--type', 'object']);
    const history = await tool.run(['history']);
    expect(history.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(history.stdout).not.toContain('\u001b');
    // --json keeps the text exactly: JSON escapes it.
    const json = await tool.json<{ projects: { name: string }[] }>(['projects', 'QA']);
    expect(json.body.projects.map((project) => project.name)).toContain(evil);
  });
});
