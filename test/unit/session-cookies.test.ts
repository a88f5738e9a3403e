import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionCookies } from '../../src/main/mstr/session-cookies.ts';

const API = 'https://bi.example.com/MicroStrategyLibrary/api/';
const LOGIN = `${API}auth/login`;
const PURGE = `${API}monitors/projects/B7CA92F04B9FAE8D941C3E9B7E0CD754/caches/object`;
const SESSIONS = `${API}sessions`;

afterEach(() => {
  vi.useRealTimers();
});

describe('the Cookie header of a session', () => {
  it('is empty before any cookie, then sends what the server set, including cookies set later', async () => {
    const cookies = SessionCookies.empty();
    expect(cookies.header(PURGE)).toBe('');
    await cookies.keep(['JSESSIONID=A1; Path=/MicroStrategyLibrary; Secure; HttpOnly'], LOGIN);
    expect(cookies.header(PURGE)).toBe('JSESSIONID=A1');
    expect(cookies.header(SESSIONS)).toBe('JSESSIONID=A1');
    await cookies.keep(['AWSALB=node-b; Path=/'], PURGE);
    expect(cookies.header(SESSIONS)).toBe('JSESSIONID=A1; AWSALB=node-b');
    await cookies.keep(['JSESSIONID=B2; Path=/MicroStrategyLibrary; Secure; HttpOnly'], LOGIN);
    expect(cookies.header(PURGE)).toBe('JSESSIONID=B2; AWSALB=node-b');
  });

  it('sends a cookie whose path lies inside the API only below that path, whatever was asked before', async () => {
    const cookies = SessionCookies.empty();
    await cookies.keep(
      ['JSESSIONID=A1; Path=/MicroStrategyLibrary', 'monitor=M; Path=/MicroStrategyLibrary/api/monitors'],
      LOGIN,
    );
    // A cookie set without a path belongs to the folder of the URL that set it (/api/auth).
    await cookies.keep(['loginOnly=L'], LOGIN);
    for (let round = 0; round < 2; round += 1) {
      expect(cookies.header(PURGE)).toBe('monitor=M; JSESSIONID=A1');
      expect(cookies.header(SESSIONS)).toBe('JSESSIONID=A1');
      expect(cookies.header(`${API}auth/logout`)).toBe('loginOnly=L; JSESSIONID=A1');
    }
  });

  it('stops sending a cookie once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-28T08:00:00Z'));
    const cookies = SessionCookies.empty();
    await cookies.keep(['JSESSIONID=A1; Path=/MicroStrategyLibrary', 'AWSALB=node-b; Path=/; Max-Age=60'], LOGIN);
    expect(cookies.header(PURGE)).toBe('JSESSIONID=A1; AWSALB=node-b');
    vi.setSystemTime(new Date('2026-11-28T08:00:30Z'));
    expect(cookies.header(PURGE)).toBe('JSESSIONID=A1; AWSALB=node-b');
    vi.setSystemTime(new Date('2026-11-28T08:01:01Z'));
    expect(cookies.header(PURGE)).toBe('JSESSIONID=A1');
  });

  it('sends the same cookies after the session is kept and restored', async () => {
    const cookies = SessionCookies.empty();
    await cookies.keep(
      ['JSESSIONID=A1; Path=/MicroStrategyLibrary', 'monitor=M; Path=/MicroStrategyLibrary/api/monitors'],
      LOGIN,
    );
    const restored = await SessionCookies.restore(cookies.serialize());
    expect(restored.header(PURGE)).toBe('monitor=M; JSESSIONID=A1');
    expect(restored.header(SESSIONS)).toBe('JSESSIONID=A1');
  });
});
