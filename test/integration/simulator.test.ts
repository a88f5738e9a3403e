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

interface Answer {
  status: number;
  body: Record<string, unknown> | null;
  headers: Headers;
}

/** Logs in as the administrator and gives a caller of the REST API with that session. */
async function adminSession(
  sim: Awaited<ReturnType<typeof simulator>>,
  username = 'administrator',
  password = 'admin-pass',
): Promise<(method: string, path: string, body?: unknown) => Promise<Answer>> {
  const session = await login(sim.url, JSON.stringify({ username, password }), 'application/json');
  expect(session.status).toBe(204);
  return async (method, path, body) => {
    const response = await fetch(`${sim.url}/api${path}`, {
      method,
      headers: {
        'x-mstr-authtoken': session.token ?? '',
        cookie: session.cookies,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
      headers: response.headers,
    };
  };
}

type ContentEntry = Record<string, { creatorName: string; size: number; lastHitTime: string; projectId: string }>;

function entriesOf(answer: Answer): { combinedId: string; creatorName: string; size: number; lastHitTime: string }[] {
  return ((answer.body?.contentCaches ?? []) as ContentEntry[]).map((entry) => {
    const [combinedId, cache] = Object.entries(entry)[0]!;
    return { combinedId, ...cache };
  });
}

const NODE_A = 'iserver-a.example.internal';
const NODE_B = 'iserver-b.example.internal';
const NODE_C = 'iserver-c.example.internal';
const NOT_FOUND = { code: 'ERR004', message: 'HTTP 404 Not Found' };
const NOT_ALLOWED = { code: 'ERR001', message: 'HTTP 405 Method Not Allowed' };

describe('Library simulator: content caches of several nodes in one call', () => {
  it('lists every node named, each once, pages across them, and refuses one it cannot answer for', async () => {
    const sim = await simulator({
      projects: 2,
      cluster: { nodes: [{ name: NODE_A }, { name: NODE_B }, { name: NODE_C, status: 'stopped' }] },
    });
    const call = await adminSession(sim);
    const both = await call('GET', `/monitors/caches/contents?clusterNode=${NODE_A}&clusterNode=${NODE_B}`);
    expect(both.status).toBe(200);
    expect(both.body?.total).toBe(80);
    const ids = entriesOf(both).map((entry) => entry.combinedId);
    expect(new Set(ids)).toEqual(new Set(sim.cluster.allContent().map((cache) => cache.combinedId)));
    // Named twice is still one node; a page that starts in A ends in B.
    const twice = await call('GET', `/monitors/caches/contents?clusterNode=${NODE_A}&clusterNode=${NODE_A}`);
    expect(twice.body?.total).toBe(40);
    const across = await call(
      'GET',
      `/monitors/caches/contents?clusterNode=${NODE_A}&clusterNode=${NODE_B}&offset=30&limit=20`,
    );
    const nodeOf = (id: string): string | undefined =>
      [NODE_A, NODE_B].find((name) => sim.cluster.node(name)?.contentCaches.has(id));
    expect(entriesOf(across).map((entry) => nodeOf(entry.combinedId))).toEqual([
      ...Array<string>(10).fill(NODE_A),
      ...Array<string>(10).fill(NODE_B),
    ]);
    // A stopped node among them fails the call; it is not left out.
    const withStopped = await call('GET', `/monitors/caches/contents?clusterNode=${NODE_A}&clusterNode=${NODE_C}`);
    expect(withStopped).toMatchObject({ status: 503, body: { code: 'ERR013' } });
    expect(String(withStopped.body?.message)).toContain(NODE_C);
  });

  it('refuses a project not loaded on one of the nodes named, and lists cube caches of several nodes', async () => {
    const sim = await simulator({
      projects: 2,
      cluster: { nodes: [{ name: NODE_A, projects: [0] }, { name: NODE_B }] },
    });
    const call = await adminSession(sim);
    const p1 = sim.projects[1]!.id;
    const onB = await call('GET', `/monitors/caches/contents?clusterNode=${NODE_B}&projectId=${p1}`);
    expect(onB.status).toBe(200);
    const onBoth = await call(
      'GET',
      `/monitors/caches/contents?clusterNode=${NODE_A}&clusterNode=${NODE_B}&projectId=${p1}`,
    );
    expect(onBoth).toMatchObject({ status: 400, body: { code: 'ERR006' } });
    expect(String(onBoth.body?.message)).toContain(NODE_A);
    const cubes = await call('GET', `/monitors/caches/cubes?clusterNode=${NODE_A}&clusterNode=${NODE_B}`);
    expect(cubes.body).toMatchObject({ total: 12 });
    expect(cubes.headers.get('x-mstr-total-count')).toBe('12');
  });

  it('carries out one PATCH for several nodes on each cache wherever it lives', async () => {
    const sim = await simulator({ projects: 2 });
    const call = await adminSession(sim);
    const [fromA] = [...sim.cluster.node(NODE_A)!.contentCaches.values()].filter((cache) => !cache.status.invalid);
    const [fromB] = [...sim.cluster.node(NODE_B)!.contentCaches.values()].filter((cache) => !cache.status.invalid);
    const operationList = [fromA!, fromB!].map((cache) => ({
      op: 'replace',
      path: `/contentCaches/${cache.combinedId}/status/invalid`,
      value: true,
    }));
    const answer = await call('PATCH', `/v2/monitors/caches/contents?clusterNode=${NODE_A}&clusterNode=${NODE_B}`, {
      operationList,
    });
    expect(answer.status).toBe(200);
    expect([fromA!.status.invalid, fromB!.status.invalid]).toEqual([true, true]);
    const unknown = await call('PATCH', `/v2/monitors/caches/contents?clusterNode=${NODE_A}&clusterNode=nope`, {
      operationList,
    });
    expect(unknown).toMatchObject({ status: 503, body: { code: 'ERR013' } });
  });
});

describe('Library simulator: content-cache filters, sorting and fields', () => {
  it('applies owner as an exact full name, with total the filtered count', async () => {
    const sim = await simulator({ projects: 2 });
    const call = await adminSession(sim);
    const owned = [...sim.cluster.node(NODE_A)!.contentCaches.values()].filter(
      (cache) => cache.creatorName === 'Report Author',
    );
    expect(owned.length).toBeGreaterThan(0);
    const answer = await call('GET', `/monitors/caches/contents?clusterNode=${NODE_A}&owner=Report%20Author&limit=3`);
    expect(answer.body?.total).toBe(owned.length);
    expect(entriesOf(answer).every((entry) => entry.creatorName === 'Report Author')).toBe(true);
    expect(entriesOf(answer)).toHaveLength(Math.min(3, owned.length));
    const partial = await call('GET', `/monitors/caches/contents?clusterNode=${NODE_A}&owner=Report`);
    expect(partial.body).toEqual({ total: 0, contentCaches: [] });
    const twice = await call('GET', `/monitors/caches/contents?clusterNode=${NODE_A}&owner=a&owner=b`);
    expect(twice).toMatchObject({ status: 400, body: { code: 'ERR006' } });
  });

  it('sorts by sortBy (dates in both styles), keeps only the fields named, and refuses what it does not model', async () => {
    const sim = await simulator({ projects: 2 });
    const call = await adminSession(sim);
    const bySize = entriesOf(await call('GET', `/monitors/caches/contents?clusterNode=${NODE_A}&sortBy=-size`));
    expect(bySize.map((entry) => entry.size)).toEqual(bySize.map((entry) => entry.size).sort((a, b) => b - a));
    const byHit = entriesOf(await call('GET', `/monitors/caches/contents?clusterNode=${NODE_A}&sortBy=%2BlastHitTime`));
    const times = byHit.map((entry) =>
      Date.parse(
        entry.lastHitTime
          .replace(' ', 'T')
          .replace(/(\d{2}:\d{2}:\d{2})$/, '$1Z')
          .replace('+0000', 'Z'),
      ),
    );
    expect(new Set(byHit.map((entry) => entry.lastHitTime.includes('T'))).size).toBe(2);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(await call('GET', `/monitors/caches/contents?clusterNode=${NODE_A}&fields=total`)).toMatchObject({
      status: 200,
      body: { total: 40 },
    });
    const onlyCaches = await call(
      'GET',
      `/monitors/caches/contents?clusterNode=${NODE_A}&fields=contentCaches&limit=2`,
    );
    expect(Object.keys(onlyCaches.body ?? {})).toEqual(['contentCaches']);
    for (const query of [
      'sortBy=colour',
      'fields=nodes',
      'size=gt:100',
      'hitCount=0',
      'expiration=x',
      'lastUpdated=x',
    ]) {
      const refused = await call('GET', `/monitors/caches/contents?clusterNode=${NODE_A}&${query}`);
      expect(refused, query).toMatchObject({ status: 400, body: { code: 'ERR006' } });
    }
  });
});

describe('Library simulator: loaded projects', () => {
  it('lists in GET /projects only the projects loaded on the session node, all of them in GET /monitors/projects', async () => {
    const sim = await simulator({ projects: 6, unloadedProjects: [1, 4] });
    const call = await adminSession(sim);
    const loaded = (await call('GET', '/projects')).body as unknown as { id: string; status: number }[];
    expect(loaded.map((project) => project.id)).toEqual([0, 2, 3, 5].map((index) => sim.projects[index]!.id));
    expect(loaded.every((project) => project.status === 0)).toBe(true);
    const all = await call('GET', '/monitors/projects');
    expect(all.headers.get('x-mstr-total-count')).toBe('6');
    const listed = all.body?.projects as { id: string; status: number; nodes: { name: string; status: string }[] }[];
    expect(listed.map((project) => project.id)).toEqual(sim.projects.map((project) => project.id));
    expect(listed.map((project) => project.status)).toEqual(sim.projects.map((project) => project.status));
    expect(listed[1]!.status).not.toBe(0);
    expect(listed[0]!.nodes).toEqual([
      { name: NODE_A, status: 'loaded' },
      { name: NODE_B, status: 'loaded' },
    ]);
    expect(listed[1]!.nodes.every((node) => node.status === 'unloaded')).toBe(true);
    const page = await call('GET', '/monitors/projects?offset=2&limit=2');
    expect((page.body?.projects as { id: string }[]).map((project) => project.id)).toEqual(
      [2, 3].map((index) => sim.projects[index]!.id),
    );
    expect(page.headers.get('x-mstr-total-count')).toBe('6');
    expect(await call('GET', '/monitors/projects?limit=0')).toMatchObject({ status: 400, body: { code: 'ERR006' } });
  });

  it('answers 400 to a purge of a project not loaded, and follows the session node in an asymmetric cluster', async () => {
    const sim = await simulator({
      projects: 3,
      unloadedProjects: [2],
      cluster: { nodes: [{ name: NODE_A, projects: [0] }, { name: NODE_B }] },
    });
    const call = await adminSession(sim);
    const [p0, p1, p2] = sim.projects.map((project) => project.id);
    expect(((await call('GET', '/projects')).body as unknown as { id: string }[]).map((project) => project.id)).toEqual(
      [p0],
    );
    const listed = (await call('GET', '/monitors/projects')).body?.projects as { id: string; status: number }[];
    // Loaded on B only: loaded somewhere (0), yet not where this session runs.
    expect(listed.map((project) => project.status)).toEqual([0, 0, sim.projects[2]!.status]);
    for (const id of [p1, p2])
      expect(await call('DELETE', `/monitors/projects/${id}/caches/object`)).toMatchObject({
        status: 400,
        body: { code: 'ERR006', iServerCode: -2147209151 },
      });
    expect((await call('DELETE', `/monitors/projects/${p0}/caches/object`)).status).toBe(204);
    expect(sim.purges.map((purge) => purge.projectId)).toEqual([p0]);
    // The default node stops: the sessions run on B, where p0 and p1 are loaded.
    sim.cluster.node(NODE_A)!.status = 'stopped';
    expect(((await call('GET', '/projects')).body as unknown as { id: string }[]).map((project) => project.id)).toEqual(
      [p0, p1],
    );
  });

  it('has no GET /monitors/projects before I-Server 11.2, and refuses a user not allowed to use it', async () => {
    const recorded = await simulator({ projects: 'recorded' });
    const call = await adminSession(recorded);
    expect(await call('GET', '/monitors/projects')).toMatchObject({ status: 404, body: NOT_FOUND });
    const sim = await simulator({
      users: [
        {
          username: 'ops',
          password: 'ops-pass',
          fullName: 'Ops',
          loginModes: [1],
          canAdministerCaches: true,
          canListProjects: true,
          canListAllProjects: false,
        },
      ],
    });
    const ops = await adminSession(sim, 'ops', 'ops-pass');
    expect(await ops('GET', '/monitors/projects')).toMatchObject({ status: 403, body: { code: 'ERR014' } });
    expect((await ops('GET', '/projects')).status).toBe(200);
  });
});

describe('Library simulator: "not on this server" as the official SDK recognises it', () => {
  it('answers ERR004 "HTTP 404 Not Found" for unknown routes and version gates, ERR001 "HTTP 405 Method Not Allowed" for wrong methods', async () => {
    const sim = await simulator({ projects: 2 });
    const call = await adminSession(sim);
    const id = sim.projects[0]!.id;
    for (const path of [
      '/nothing-here',
      `/monitors/projects/${id}/cache/object`,
      '/sessions/userInfo',
      `/objects/${id}?type=32`,
    ])
      expect(await call('GET', path), path).toMatchObject({ status: 404, body: NOT_FOUND });
    for (const [method, path] of [
      ['GET', `/monitors/projects/${id}/caches/object`],
      ['POST', '/sessions'],
      ['DELETE', '/monitors/iServer/nodes'],
      ['PUT', '/monitors/caches/contents'],
      ['POST', '/monitors/projects'],
      ['GET', '/auth/login'],
    ] as const)
      expect(await call(method, path), `${method} ${path}`).toMatchObject({ status: 405, body: NOT_ALLOWED });

    const gates: [string, string, string][] = [
      ['11.3.0700.0050', 'DELETE', `/monitors/projects/${id}/caches/object`],
      ['11.3.0600.0000', 'GET', `/monitors/caches/contents?clusterNode=${NODE_A}`],
      ['11.2.0300.0000', 'GET', `/monitors/caches/cubes?clusterNode=${NODE_A}`],
      ['11.1.0400.0000', 'GET', '/monitors/projects'],
    ];
    for (const [version, method, path] of gates) {
      const old = await simulator({ projects: 2, iServerVersion: version });
      expect(await (await adminSession(old))(method, path), `${version} ${path}`).toMatchObject({
        status: 404,
        body: NOT_FOUND,
      });
    }
  });
});

describe('Library simulator: sessions and nodes', () => {
  it('keeps one id per session, gives nodes their IP address, and honours name= on the nodes call', async () => {
    const sim = await simulator({ projects: 2 });
    const first = await adminSession(sim);
    const second = await adminSession(sim);
    const ids = [
      await first('GET', '/sessions'),
      await first('GET', '/sessions'),
      await second('GET', '/sessions'),
    ].map((answer) => answer.body?.id);
    expect(ids[0]).toMatch(/^[0-9A-F]{32}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);

    const nodes = (await first('GET', '/monitors/iServer/nodes')).body?.nodes as { name: string; ipAddress: string }[];
    expect(nodes.map((node) => node.ipAddress)).toEqual(['10.23.0.85', '10.23.1.86']);
    // The combined ids carry the same address, base64-encoded.
    const cache = [...sim.cluster.node(NODE_B)!.contentCaches.values()][0]!;
    expect(
      Buffer.from(cache.combinedId, 'base64').toString().endsWith(Buffer.from('10.23.1.86').toString('base64')),
    ).toBe(true);
    const named = (await first('GET', `/monitors/iServer/nodes?name=${NODE_B}`)).body?.nodes as { name: string }[];
    expect(named.map((node) => node.name)).toEqual([NODE_B]);
    expect((await first('GET', '/monitors/iServer/nodes?name=iserver-z')).body).toEqual({ nodes: [] });
  });
});
