import { describe, expect, it } from 'vitest';
import { readRecorded } from '../simulator/projects.ts';
import { simulator } from './helpers.ts';

async function login(
  base: string,
  body: string,
  contentType: string,
): Promise<{ status: number; token: string | null; cookies: string }> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  const cookies = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
  return { status: response.status, token: response.headers.get('x-mstr-authtoken'), cookies };
}

describe('Library simulator', () => {
  it('accepts form-encoded logins and answers the documented errors', async () => {
    const sim = await simulator({ projects: 3 });
    const session = await login(
      sim.url,
      'username=administrator&password=admin-pass&loginMode=1',
      'application/x-www-form-urlencoded',
    );
    expect(session.status).toBe(204);
    expect(session.token).toMatch(/^[a-z0-9]{26}$/);
    const headers = { 'x-mstr-authtoken': session.token ?? '', cookie: session.cookies };
    const call = async (
      method: string,
      path: string,
    ): Promise<{ status: number; body: Record<string, unknown> | null }> => {
      const response = await fetch(`${sim.url}/api${path}`, { method, headers });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
    };
    const id = sim.projects[0]!.id;
    expect(await call('DELETE', `/monitors/projects/${id}/cache/object`)).toMatchObject({
      status: 404,
      body: { code: 'ERR004' },
    });
    expect(await call('DELETE', `/monitors/projects/${id}/caches/report`)).toMatchObject({
      status: 400,
      body: { code: 'ERR006' },
    });
    expect(await call('GET', `/monitors/projects/${id}/caches/object`)).toMatchObject({
      status: 405,
      body: { code: 'ERR001' },
    });
    expect(await call('DELETE', `/monitors/projects/${'0'.repeat(32)}/caches/object`)).toMatchObject({ status: 400 });
    expect(await call('GET', '/nothing-here')).toMatchObject({ status: 404, body: { code: 'ERR004' } });
    expect((await call('DELETE', `/monitors/projects/${id}/caches/element`)).status).toBe(204);
    expect(await call('POST', '/auth/logout')).toMatchObject({ status: 204 });
    expect(await call('POST', '/auth/logout')).toMatchObject({ status: 401, body: { code: 'ERR009' } });
    expect((await login(sim.url, '{"username":"administrator","password":"nope"}', 'application/json')).status).toBe(
      401,
    );
    expect((await login(sim.url, '{"loginMode":8}', 'application/json')).status).toBe(401);
    expect(sim.purges).toEqual([
      expect.objectContaining({ projectId: id, cacheType: 'element', username: 'administrator' }),
    ]);
  });

  it('serves the recorded projects exactly as recorded, and up to 5,000 generated ones', async () => {
    const recorded = await simulator({ projects: 'recorded' });
    const session = await login(
      recorded.url,
      '{"username":"administrator","password":"admin-pass"}',
      'application/json',
    );
    const response = await fetch(`${recorded.url}/api/projects`, {
      headers: { 'x-mstr-authtoken': session.token ?? '', cookie: session.cookies },
    });
    expect(await response.json()).toEqual(readRecorded<{ response: { body: unknown } }>('projects.json').response.body);

    const large = await simulator({ projects: 5000 });
    const second = await login(large.url, '{"username":"administrator","password":"admin-pass"}', 'application/json');
    const list = (await (
      await fetch(`${large.url}/api/projects`, {
        headers: { 'x-mstr-authtoken': second.token ?? '', cookie: second.cookies },
      })
    ).json()) as { id: string }[];
    expect(list).toHaveLength(5000);
    expect(new Set(list.map((project) => project.id)).size).toBe(5000);
  });

  it('marks JSESSIONID Secure on HTTPS and can add a sticky load-balancer cookie', async () => {
    const sim = await simulator({ https: true, stickyCookie: true });
    const { Agent } = await import('undici');
    const response = await fetch(`${sim.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"administrator","password":"admin-pass"}',
      dispatcher: new Agent({ connect: { ca: sim.caPem ?? '' } }),
    } as RequestInit);
    const cookies = response.headers.getSetCookie();
    expect(cookies[0]).toMatch(/^JSESSIONID=[0-9A-F]{32}; Path=\/MicroStrategyLibrary; Secure; HttpOnly$/);
    expect(cookies[1]).toMatch(/^iSession=\w+; Path=\/MicroStrategyLibrary$/);
    expect(cookies[2]).toMatch(/^AWSALB=/);
  });

  it("keeps each simulator's users to itself", async () => {
    const first = await simulator();
    const second = await simulator();
    first.users.find((user) => user.username === 'administrator')!.password = 'changed';
    expect(
      (await login(second.url, '{"username":"administrator","password":"admin-pass"}', 'application/json')).status,
    ).toBe(204);
    expect(
      (await login(first.url, '{"username":"administrator","password":"admin-pass"}', 'application/json')).status,
    ).toBe(401);
  });
});
