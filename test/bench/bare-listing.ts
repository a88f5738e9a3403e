/**
 * The peer of a big listing, run by the bench as a process of its own (so its peak memory is its
 * own): one login, the nodes, then every page of every project loaded on every running node as
 * bare undici GETs at the profile's concurrency, each answer parsed and every parsed cache kept.
 * Nothing else: no rows of the app's own, no output but its figures as JSON.
 * `node test/bench/bare-listing.ts URL`
 */
import { request } from 'undici';
import { rawLogin, type RawSession } from './raw-loop.ts';

const PAGE = 1000;
const CONCURRENCY = 4;
const url = process.argv[2] as string;

async function get(session: RawSession, target: string): Promise<Record<string, unknown>> {
  const response = await request(target, { headers: { 'x-mstr-authtoken': session.token, cookie: session.cookie } });
  return (await response.body.json()) as Record<string, unknown>;
}

/** `tasks` run `CONCURRENCY` at a time. */
async function lanes(tasks: readonly (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) await (tasks[next++] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

const started = performance.now();
const session = await rawLogin(url);
const { nodes } = (await get(session, `${url}/api/monitors/iServer/nodes`)) as {
  nodes: { name: string; status: string; projects: { id: string; status: string }[] }[];
};
const targets = nodes
  .filter((node) => node.status === 'running')
  .flatMap((node) =>
    node.projects.filter((project) => project.status === 'loaded').map((project) => [node.name, project.id]),
  );
const pageUrl = (node: string, projectId: string, offset: number): string =>
  `${url}/api/monitors/caches/contents?${new URLSearchParams({ clusterNode: node, projectId, offset: String(offset), limit: String(PAGE) })}`;
const kept: unknown[] = [];
const rest: (() => Promise<void>)[] = [];
await lanes(
  targets.map(([node, projectId]) => async () => {
    const first = await get(session, pageUrl(node as string, projectId as string, 0));
    kept.push(...(first.contentCaches as unknown[]));
    for (let offset = PAGE; offset < (first.total as number); offset += PAGE)
      rest.push(async () => {
        kept.push(
          ...((await get(session, pageUrl(node as string, projectId as string, offset))).contentCaches as unknown[]),
        );
      });
  }),
);
await lanes(rest);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ caches: kept.length, ms, heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20 }));
