/**
 * Intelligent Cubes as objects: the metadata search (POST/GET /metadataSearches/results by type
 * and name), a cube's info (GET /cubes?id=) and the publish (POST /v2/cubes/{id}, project header,
 * 202 with the job id; gate 11.3.0500; 403 without the publish privilege).
 */
import { randomUUID } from 'node:crypto';
import type { ApiArea, ApiCall } from './api-area.ts';
import { badRequest, forbidden, headerValue, isAtLeast, notAllowed, notFound, ok, type ApiAnswer } from './http.ts';
import { cubeTime, type RunbookState } from './runbook-state.ts';

export interface RunbookServer {
  readonly iServerVersion: string;
  readonly runbook: RunbookState;
}

const PUBLISH = /^\/v2\/cubes\/([^/]+)$/;

function projectOf(call: ApiCall): string {
  return headerValue(call.request.headers['x-mstr-projectid']) ?? '';
}

/** Who may act: the publish and trigger privileges follow Administer caches unless set. */
export function mayRun(
  call: ApiCall,
  privilege: 'canPublishCubes' | 'canTriggerEvents' | 'canSendSubscriptions',
): boolean {
  const user = call.session?.user as (Record<string, unknown> & { canAdministerCaches: boolean }) | null | undefined;
  if (!user) return false;
  const own = user[privilege];
  return typeof own === 'boolean' ? own : user.canAdministerCaches;
}

function search(server: RunbookServer, call: ApiCall, searches: Map<string, string[]>): ApiAnswer {
  const projectId = projectOf(call);
  if (call.method === 'POST') {
    const type = Number(call.query.get('type'));
    const name = (call.query.get('name') ?? '').toLowerCase();
    const ids = server.runbook.cubes
      .filter((cube) => cube.projectId === projectId && cube.subtype === type && cube.name.toLowerCase().includes(name))
      .map((cube) => cube.id);
    const id = randomUUID().replaceAll('-', '').toUpperCase();
    searches.set(id, ids);
    return { status: 200, body: { id } };
  }
  if (call.method !== 'GET') return notAllowed();
  const ids = searches.get(call.query.get('searchId') ?? '');
  if (!ids) return badRequest('The search result is not found in memory.');
  const offset = Number(call.query.get('offset') ?? '0');
  const limit = Number(call.query.get('limit') ?? '-1');
  const page = ids.slice(offset, limit < 0 ? undefined : offset + limit);
  return ok(
    page.map((id) => {
      const cube = server.runbook.cube(id);
      return {
        id,
        name: cube?.name,
        type: 3,
        subtype: cube?.subtype,
        owner: { name: 'Administrator' },
        ancestors: (cube?.folder ?? []).map((name) => ({ name })),
      };
    }),
  );
}

function info(server: RunbookServer, call: ApiCall): ApiAnswer {
  const id = call.query.get('id') ?? '';
  const cube = server.runbook.cube(id);
  if (!cube) return { status: 404, error: { code: 'ERR004', message: `Cube ${id} not found.` } };
  for (const job of server.runbook.jobs.values()) if (job.cubeId === id) server.runbook.settle(job, Date.now());
  const infos =
    cube.status === 0
      ? []
      : [
          {
            cubeId: cube.id,
            cubeName: cube.name,
            status: cube.status,
            size: cube.sizeKb,
            lastUpdateTime: cube.lastUpdate === null ? undefined : cubeTime(cube.lastUpdate),
          },
        ];
  return ok({ cubesInfos: infos });
}

function publish(server: RunbookServer, call: ApiCall, cubeId: string): ApiAnswer {
  if (!isAtLeast(server.iServerVersion, [11, 3, 500])) return notFound();
  if (call.method !== 'POST') return notAllowed();
  if (!mayRun(call, 'canPublishCubes')) return forbidden('You do not have the Publish Intelligent Cube privilege.');
  const cube = server.runbook.cube(cubeId);
  if (!cube || cube.projectId !== projectOf(call))
    return { status: 404, error: { code: 'ERR004', message: `Cube ${cubeId} not found in this project.` } };
  const job = server.runbook.startJob(cube, Date.now());
  server.runbook.performed.push({
    kind: 'publish',
    id: cube.id,
    projectId: cube.projectId,
    username: call.session?.user?.username ?? '',
    at: Date.now(),
  });
  return { status: 202, body: { id: job.id, jobId: job.jobId } };
}

export function cubesArea(server: RunbookServer): ApiArea {
  const searches = new Map<string, string[]>();
  return {
    serves: (route) =>
      route === '/metadataSearches/results' || route === '/cubes' || route === '/cubes/' || PUBLISH.test(route),
    answer(call) {
      if (call.route === '/metadataSearches/results') return search(server, call, searches);
      if (call.route === '/cubes' || call.route === '/cubes/')
        return call.method === 'GET' ? info(server, call) : notAllowed();
      return publish(server, call, decodeURIComponent(PUBLISH.exec(call.route)?.[1] ?? ''));
    },
  };
}
