/**
 * DELETE /monitors/projects/{projectId}/caches/{object|element}: the object and element cache purge
 * of one project, with its version gate (11.3.0800), the documented errors and a record of every
 * purge carried out.
 */
import type { ApiArea } from './api-area.ts';
import { badRequest, forbidden, isAtLeast, notAllowed, notFound, type ApiAnswer } from './http.ts';

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
  /** Whether the project exists and is loaded on the node the sessions' calls run on. */
  isLoadedForSessions(id: string): boolean;
}

const PURGE_ROUTE = /^\/monitors\/projects\/([^/]+)\/caches\/([^/]+)$/;

export function purgesArea(server: PurgeServer): ApiArea {
  return {
    serves: (route) => PURGE_ROUTE.test(route),
    answer(call) {
      const [, projectId = '', cacheType = ''] = PURGE_ROUTE.exec(call.route) ?? [];
      if (!isAtLeast(server.iServerVersion, [11, 3, 800])) return notFound();
      if (call.method !== 'DELETE') return notAllowed();
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
  // The documented 400 for a project that does not exist, and the same for one not loaded here.
  if (!server.isLoadedForSessions(projectId))
    return badRequest(`Project with ID '${projectId}' does not exist or is not loaded.`, -2147209151);
  server.purges.push({ projectId, cacheType, username, at: Date.now() });
  return { status: 204 };
}
