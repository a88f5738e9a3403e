/**
 * DELETE /monitors/projects/{projectId}/caches/{object|element}: the object and element cache purge
 * of one project, with its version gate (11.3.0800), the documented errors and a record of every
 * purge carried out.
 */
import type { ApiArea } from './api-area.ts';
import { badRequest, forbidden, isAtLeast, notAllowed, type ApiAnswer } from './http.ts';

export interface PerformedPurge {
  projectId: string;
  cacheType: string;
  username: string;
  at: number;
}

/** What the purge area needs of the simulator. */
export interface PurgeServer {
  readonly iServerVersion: string;
  readonly purges: PerformedPurge[];
  hasProject(id: string): boolean;
}

const PURGE_ROUTE = /^\/monitors\/projects\/([^/]+)\/caches\/([^/]+)$/;

export function purgesArea(server: PurgeServer): ApiArea {
  return {
    serves: (route) => PURGE_ROUTE.test(route),
    answer(call) {
      const [, projectId = '', cacheType = ''] = PURGE_ROUTE.exec(call.route) ?? [];
      if (!isAtLeast(server.iServerVersion, [11, 3, 800]))
        return { status: 404, error: { code: 'ERR004', message: 'HTTP 404 Not Found.' } };
      if (call.method !== 'DELETE') return notAllowed(call.method);
      return purge(
        server,
        projectId,
        cacheType,
        call.session?.user?.username ?? null,
        call.session?.user?.canAdministerCaches,
      );
    },
  };
}

function purge(
  server: PurgeServer,
  projectId: string,
  cacheType: string,
  username: string | null,
  canAdministerCaches: boolean | undefined,
): ApiAnswer {
  if (cacheType !== 'object' && cacheType !== 'element')
    return badRequest(`Invalid cacheType "${cacheType}": must be element or object.`);
  if (!canAdministerCaches || username === null)
    return forbidden('You do not have Administer caches privilege(s) to perform the task.');
  if (!server.hasProject(projectId))
    return badRequest(`Project with ID '${projectId}' does not exist or is not loaded.`, -2147209151);
  server.purges.push({ projectId, cacheType, username, at: Date.now() });
  return { status: 204 };
}
