/**
 * The peer the engine is measured against: the same purges as bare undici.request calls with the
 * same token and cookies and the same concurrency, and nothing else (no history, no retries, no
 * session bookkeeping).
 */
import { request } from 'undici';

export interface RawSession {
  token: string;
  cookie: string;
}

export async function rawLogin(url: string): Promise<RawSession> {
  const response = await request(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'administrator', password: 'admin-pass', loginMode: 1 }),
  });
  await response.body.dump();
  const setCookie = response.headers['set-cookie'];
  const cookies = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map(
    (line) => line.split(';')[0],
  );
  return { token: String(response.headers['x-mstr-authtoken']), cookie: cookies.join('; ') };
}

export async function rawPurges(
  url: string,
  session: RawSession,
  projectIds: readonly string[],
  concurrency: number,
): Promise<number> {
  const calls = projectIds.flatMap((id) =>
    ['object', 'element'].map((type) => `${url}/api/monitors/projects/${id}/caches/${type}`),
  );
  let next = 0;
  let failed = 0;
  const lane = async (): Promise<void> => {
    while (next < calls.length) {
      const target = calls[next++] as string;
      const response = await request(target, {
        method: 'DELETE',
        headers: { 'x-mstr-authtoken': session.token, cookie: session.cookie },
      });
      await response.body.dump();
      if (response.statusCode !== 204) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return failed;
}

/** GETs every URL (pages of a list) and parses each answer, `concurrency` at a time. */
export async function rawPages(session: RawSession, urls: readonly string[], concurrency: number): Promise<number> {
  let next = 0;
  let items = 0;
  const lane = async (): Promise<void> => {
    while (next < urls.length) {
      const target = urls[next++] as string;
      const response = await request(target, {
        headers: { 'x-mstr-authtoken': session.token, cookie: session.cookie },
      });
      const body = (await response.body.json()) as { contentCaches?: unknown[] };
      items += body.contentCaches?.length ?? 0;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return items;
}

/** Sends each request (a PATCH with its JSON body), `concurrency` at a time; counts the answers that were not 2xx. */
export async function rawRequests(
  session: RawSession,
  requests: readonly { url: string; method: 'PATCH'; body: string }[],
  concurrency: number,
): Promise<number> {
  let next = 0;
  let failed = 0;
  const lane = async (): Promise<void> => {
    while (next < requests.length) {
      const target = requests[next++] as (typeof requests)[number];
      const response = await request(target.url, {
        method: target.method,
        body: target.body,
        headers: { 'x-mstr-authtoken': session.token, cookie: session.cookie, 'content-type': 'application/json' },
      });
      await response.body.dump();
      if (response.statusCode >= 300) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return failed;
}
