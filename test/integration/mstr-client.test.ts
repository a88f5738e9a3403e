import { describe, expect, it } from 'vitest';
import { MstrClient } from '../../src/main/mstr/index.ts';
import { createCertificateAuthority } from '../simulator/certificates.ts';
import { readRecorded } from '../simulator/projects.ts';
import { ADMIN, VIEWER, client, connectProxy, failure, simulator } from './helpers.ts';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TICKET = /^[0-9a-f]{32}$/;

describe('status and connection test', () => {
  it('reads versions without logging in and says whether REST purges exist', async () => {
    const sim = await simulator();
    const test = await client(sim).testConnection();
    expect(test.iServerVersion).toBe('11.4.1200.0081');
    expect(test.purgeSupported).toBe(true);
    expect(test.roundTripMs).toBeGreaterThanOrEqual(0);
    expect(sim.calls.map((call) => `${call.method} ${call.path}`)).toEqual(['GET /MicroStrategyLibrary/api/status']);
  });

  it('flags a server older than 11.3.0800', async () => {
    const sim = await simulator({ iServerVersion: '11.3.0700.0123' });
    expect((await client(sim).testConnection()).purgeSupported).toBe(false);
  });

  it('accepts whatever link an admin pastes and uses a configurable context path', async () => {
    const sim = await simulator({ contextPath: '/MicroStrategyLibraryNoSAML' });
    for (const pasted of [`${sim.url}/`, `${sim.url}/api`, `${sim.url}/api-docs/`, `${sim.url}/app#/home`]) {
      const status = await client(sim, { url: pasted }).status();
      expect(status.iServerVersion).toBe('11.4.1200.0081');
    }
  });
});

describe('login and session', () => {
  it('sends the token and every session cookie on every call, including a sticky cookie', async () => {
    const sim = await simulator({ stickyCookie: true, https: true });
    const mstr = client(sim);
    await mstr.login(ADMIN);
    await mstr.sessionInfo();
    await mstr.listProjects();
    await mstr.extendSession();
    await mstr.purgeCache(sim.projects[0]!.id, 'object');
    await mstr.logout();
    const authenticated = sim.calls.filter((call) => call.tokenMatched !== null);
    expect(authenticated).toHaveLength(5);
    for (const call of authenticated) {
      expect(call).toMatchObject({ tokenMatched: true, cookiesMatched: true, missingCookies: [] });
    }
    // Every call says what sends it: some proxies and gateways refuse requests that do not.
    expect(new Set(sim.calls.map((call) => call.userAgent))).toEqual(new Set(['MSTR-Cache-Console']));
  });

  it('logs in with JSON for every login mode the server allows', async () => {
    const sim = await simulator({ guestEnabled: true });
    const mstr = client(sim);
    await mstr.login({ loginMode: 'ldap', username: 'jane.ldap', secret: 'ldap-pass' });
    expect((await mstr.sessionInfo()).userFullName).toBe('Jane LDAP');
    await mstr.login({ loginMode: 'api-token', secret: 'APITOKENADMIN0001' });
    expect((await mstr.sessionInfo()).userFullName).toBe('Administrator');
    await mstr.login({ loginMode: 'guest' });
    expect((await mstr.sessionInfo()).userFullName).toBe('Guest');
  });

  it('reports bad credentials as BAD_CREDENTIALS with the ticketId, and never retries a login', async () => {
    const sim = await simulator();
    const error = await failure(client(sim).login({ ...ADMIN, secret: 'wrong' }));
    expect(error.code).toBe('BAD_CREDENTIALS');
    expect(error.facts).toMatchObject({ httpStatus: 401, mstrCode: 'ERR003' });
    expect(error.facts.ticketId).toMatch(TICKET);
    expect(error.message).not.toContain('wrong');
    sim.inject({ kind: 'status', status: 503, match: /login/ });
    expect((await failure(client(sim).login(ADMIN))).code).toBe('SERVER_ERROR');
    expect(sim.callsTo(/auth\/login/)).toHaveLength(2);
  });

  it('gives SESSION_EXPIRED when a cookie is missing', async () => {
    const sim = await simulator();
    const mstr = client(sim);
    await mstr.login(ADMIN);
    const snapshot = mstr.exportSession()!;
    const bare = client(sim);
    await bare.importSession({
      token: snapshot.token,
      cookies: new (await import('tough-cookie')).CookieJar().serializeSync(),
    });
    const error = await failure(bare.listProjects());
    expect(error.code).toBe('SESSION_EXPIRED');
    expect(error.facts.mstrCode).toBe('ERR009');
    expect(sim.calls.at(-1)).toMatchObject({ tokenMatched: true, cookiesMatched: false });
  });

  it('restores an exported session in a new client', async () => {
    const sim = await simulator();
    const first = client(sim);
    await first.login(ADMIN);
    const second = client(sim);
    await second.importSession(JSON.parse(JSON.stringify(first.exportSession())));
    expect(await second.listProjects()).toHaveLength(12);
  });

  it('logs in again exactly once when the session expires mid-run, then succeeds', async () => {
    const sim = await simulator();
    let asked = 0;
    const mstr = client(sim, {
      credentials: async () => {
        asked += 1;
        return ADMIN;
      },
    });
    await mstr.login(ADMIN);
    sim.expireAllSessions();
    const projects = sim.projects.slice(0, 6);
    await Promise.all(projects.map((project) => mstr.purgeCache(project.id, 'element')));
    expect(asked).toBe(1);
    expect(sim.callsTo(/auth\/login/)).toHaveLength(2);
    expect(sim.purges).toHaveLength(6);
  });

  it('does not loop when the re-login itself fails', async () => {
    const sim = await simulator();
    const mstr = client(sim, { credentials: async () => ({ ...ADMIN, secret: 'changed' }) });
    await mstr.login(ADMIN);
    sim.expireAllSessions();
    expect((await failure(mstr.listProjects())).code).toBe('BAD_CREDENTIALS');
    expect(sim.callsTo(/auth\/login/)).toHaveLength(2);
    expect(sim.callsTo(/projects/)).toHaveLength(1);
  });

  it('expires after the idle timeout and treats a second logout as done', async () => {
    const sim = await simulator({ idleTimeoutSeconds: 1 });
    const mstr = client(sim);
    await mstr.login(ADMIN);
    expect((await mstr.sessionInfo()).idleTimeoutSeconds).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await failure(mstr.listProjects())).code).toBe('SESSION_EXPIRED');
    await mstr.logout();
    expect(mstr.isLoggedIn).toBe(false);
  });
});

describe('projects, nodes and purges', () => {
  it('parses the recorded 11.1 responses (gzip, lower-case token header, extra fields)', async () => {
    const sim = await simulator({ projects: 'recorded' });
    const mstr = client(sim);
    const status = await mstr.testConnection();
    expect(status.iServerVersion).toBe('11.1.0400.26937');
    expect(status.purgeSupported).toBe(false);
    await mstr.login(ADMIN);
    expect(mstr.exportSession()?.token).toBe('ek93m4oocifekbaqss6ulstrjj');
    const projects = await mstr.listProjects();
    const recorded = readRecorded<{ response: { body: { id: string; name: string }[] } }>('projects.json').response
      .body;
    expect(projects.map((project) => project.id)).toEqual(recorded.map((project) => project.id));
    expect(projects.find((project) => project.name === 'Platform Analytics')).toMatchObject({
      status: 0,
      owner: 'Administrator',
      dateModified: '2019-10-21T10:29:01.000+0000',
    });
    expect(sim.calls.every((call) => call.status === 204 || call.status === 200)).toBe(true);
  });

  it('purges on /caches/ and never requests the singular /cache/ path', async () => {
    const sim = await simulator();
    const mstr = client(sim);
    await mstr.login(ADMIN);
    const [first] = await mstr.listProjects();
    await mstr.purgeCache(first!.id, 'object');
    await mstr.purgeCache(first!.id, 'element');
    expect(sim.purges.map((purge) => purge.cacheType)).toEqual(['object', 'element']);
    expect(sim.callsTo(/\/cache\//)).toHaveLength(0);
    expect(sim.callsTo(/\/caches\/(object|element)$/)).toHaveLength(2);
  });

  it('lists the two cluster nodes with per-node project status', async () => {
    const sim = await simulator({ unloadedProjects: [1] });
    const mstr = client(sim);
    await mstr.login(ADMIN);
    const nodes = await mstr.listNodes();
    expect(nodes.map((node) => node.isDefault)).toEqual([true, false]);
    expect(nodes[0]!.projects[1]!.status).toBe('unloaded');
  });

  it('maps purge failures to codes: privilege, unknown project, server too old', async () => {
    const sim = await simulator();
    const viewer = client(sim);
    await viewer.login(VIEWER);
    const denied = await failure(viewer.purgeCache(sim.projects[0]!.id, 'object'));
    expect(denied.code).toBe('FORBIDDEN_PRIVILEGE');
    expect(denied.facts).toMatchObject({ httpStatus: 403, mstrCode: 'ERR014' });
    expect(denied.facts.ticketId).toMatch(TICKET);

    const admin = client(sim);
    await admin.login(ADMIN);
    expect((await failure(admin.purgeCache('0'.repeat(32), 'object'))).code).toBe('PROJECT_NOT_FOUND');
    expect((await failure(admin.purgeCache('../status', 'object'))).code).toBe('PROJECT_NOT_FOUND');

    const old = await simulator({ iServerVersion: '11.3.0700.0050' });
    const oldClient = client(old);
    await oldClient.login(ADMIN);
    const tooOld = await failure(oldClient.purgeCache(old.projects[0]!.id, 'object'));
    expect(tooOld.code).toBe('SERVER_TOO_OLD');
    expect(tooOld.message).toContain('11.3.0800');
  });
});

describe('faults', () => {
  it('retries 503 and 500 on GET and the purge DELETE, then succeeds', async () => {
    const sim = await simulator();
    const mstr = client(sim);
    await mstr.login(ADMIN);
    sim.inject({ kind: 'status', status: 503, times: 2, match: /DELETE/ });
    await mstr.purgeCache(sim.projects[0]!.id, 'object');
    expect(sim.callsTo(/DELETE/).map((call) => call.status)).toEqual([503, 503, 204]);
    sim.inject({ kind: 'status', status: 500, match: /GET .*projects/ });
    expect(await mstr.listProjects()).toHaveLength(12);
  });

  it('asks again for a list whose answer broke off half-way, and never repeats a PATCH', async () => {
    const sim = await simulator();
    const mstr = client(sim);
    await mstr.login(ADMIN);
    sim.inject({ kind: 'cut-body', match: /GET .*\/projects$/ });
    expect(await mstr.listProjects()).toHaveLength(12);
    expect(sim.callsTo(/GET .*\/projects$/).map((call) => call.status)).toEqual([-1, 200]);
    sim.inject({ kind: 'drop', match: /PATCH/ });
    await expect(mstr.alterContentCaches('node1', [])).rejects.toMatchObject({ code: 'UNREACHABLE' });
    expect(sim.callsTo(/PATCH/)).toHaveLength(1);
  });

  it('gives SERVER_ERROR with the ticketId when retries run out', async () => {
    const sim = await simulator();
    const mstr = client(sim, { retry: { limit: 1, baseDelayMs: 5 } });
    await mstr.login(ADMIN);
    sim.inject({ kind: 'status', status: 500, times: 5 });
    const error = await failure(mstr.listProjects());
    expect(error.code).toBe('SERVER_ERROR');
    expect(error.facts).toMatchObject({ httpStatus: 500, mstrCode: 'ERR001' });
    expect(error.facts.ticketId).toMatch(TICKET);
  });

  it('turns an HTML 502 from a gateway into a retry, and a persistent one into NOT_A_LIBRARY_SERVER', async () => {
    const sim = await simulator();
    const mstr = client(sim);
    sim.inject({ kind: 'html' });
    expect((await mstr.status()).iServerVersion).not.toBeNull();
    sim.inject({ kind: 'html', times: 3 });
    const error = await failure(mstr.status());
    expect(error.code).toBe('NOT_A_LIBRARY_SERVER');
    expect(error.message).toContain('502 Bad Gateway');
  });

  it('says NOT_A_LIBRARY_SERVER for a URL that is not a Library', async () => {
    const sim = await simulator();
    const error = await failure(client(sim, { url: `${sim.origin}/SomethingElse` }).status());
    expect(error.code).toBe('NOT_A_LIBRARY_SERVER');
    expect(error.facts.httpStatus).toBe(404);
  });

  it('gives TIMEOUT for a call that never answers', async () => {
    const sim = await simulator();
    sim.inject({ kind: 'hang' });
    const error = await failure(client(sim, { timeoutMs: 300 }).status());
    expect(error.code).toBe('TIMEOUT');
  });

  it('retries a dropped connection on GET', async () => {
    const sim = await simulator();
    sim.inject({ kind: 'drop' });
    expect((await client(sim).status()).iServerVersion).toBe('11.4.1200.0081');
    expect(sim.calls.map((call) => call.status)).toEqual([-1, 200]);
  });

  it('gives UNREACHABLE when nothing listens', async () => {
    const sim = await simulator();
    const url = sim.url;
    await sim.close();
    const error = await failure(new MstrClient({ url, retry: { limit: 0 } }).status());
    expect(error.code).toBe('UNREACHABLE');
    expect(error.details?.reason).toBe('ECONNREFUSED');
  });

  it('decodes gzip responses', async () => {
    const sim = await simulator({ gzip: true, projects: 40 });
    const mstr = client(sim);
    await mstr.login(ADMIN);
    expect(await mstr.listProjects()).toHaveLength(40);
  });
});

describe('TLS', () => {
  it('trusts the server through the profile CA file', async () => {
    const sim = await simulator({ https: true });
    expect((await client(sim).status()).iServerVersion).toBe('11.4.1200.0081');
  });

  it('gives TLS_UNTRUSTED with the certificate fingerprint for a wrong CA, without the CA file', async () => {
    const sim = await simulator({ https: true });
    const folder = mkdtempSync(join(tmpdir(), 'wrong-ca-'));
    const wrongCa = join(folder, 'wrong.pem');
    writeFileSync(wrongCa, createCertificateAuthority('Some Other CA').pem);
    for (const tls of [{ mode: 'ca-file' as const, caFile: wrongCa }, { mode: 'system' as const }]) {
      const error = await failure(client(sim, { tls }).status());
      expect(error.code).toBe('TLS_UNTRUSTED');
      expect(error.details?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(error.details?.subject).toContain('CN=localhost');
      expect(error.message).toContain(String(error.details?.fingerprint256));
    }
  });

  it('connects without verification only when asked to', async () => {
    const sim = await simulator({ https: true });
    expect((await client(sim, { tls: { mode: 'insecure' } }).status()).iServerVersion).not.toBeNull();
  });

  it('reports an unreadable CA file as FILE_ERROR on the first request, and tries it again on the next', async () => {
    const sim = await simulator({ https: true });
    const folder = mkdtempSync(join(tmpdir(), 'mstr-ca-later-'));
    const caFile = join(folder, 'ca.pem');
    const api = client(sim, { tls: { mode: 'ca-file', caFile } });
    expect((await failure(api.status())).code).toBe('FILE_ERROR');
    copyFileSync(sim.caFile!, caFile);
    expect((await api.status()).iServerVersion).not.toBeNull();
  });
});

describe('proxy', () => {
  it('tunnels HTTPS through an explicit proxy with CONNECT', async () => {
    const sim = await simulator({ https: true });
    const proxy = await connectProxy();
    try {
      const mstr = client(sim, { proxyUrl: proxy.url });
      await mstr.login(ADMIN);
      expect(await mstr.listProjects()).toHaveLength(12);
      expect(proxy.tunnels[0]).toBe(`127.0.0.1:${sim.port}`);
    } finally {
      proxy.close();
    }
  });

  it('uses HTTPS_PROXY with credentials from the environment, and NO_PROXY', async () => {
    const sim = await simulator({ https: true });
    const proxy = await connectProxy('jane:s3cret');
    const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY };
    try {
      process.env.HTTPS_PROXY = proxy.url.replace('http://', 'http://jane:s3cret@');
      process.env.NO_PROXY = '';
      await client(sim).status();
      expect(proxy.tunnels).toEqual([`127.0.0.1:${sim.port}`]);
      process.env.NO_PROXY = '127.0.0.1';
      await client(sim).status();
      expect(proxy.tunnels).toHaveLength(1);
      process.env.HTTPS_PROXY = proxy.url;
      process.env.NO_PROXY = '';
      const refused = await failure(client(sim, { retry: { limit: 0 } }).status());
      expect(refused.code).toBe('UNREACHABLE');
      expect(refused.message).toContain('proxy');
      expect(refused.message).toContain('407');
      expect(refused.message).not.toContain('s3cret');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      proxy.close();
    }
  });
});
