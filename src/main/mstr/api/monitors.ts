/** The cluster monitor (/api/monitors/iServer/nodes) and the project cache purge (/api/monitors/projects/…/caches). */
import { AppError } from '../../../shared/errors.ts';
import type { CacheType, ClusterNode } from '../../../shared/model.ts';
import type { LibraryConnection } from '../core/connection.ts';
import { newTrace, type CallTrace } from '../core/exchange.ts';
import { readClusterNodes } from '../responses.ts';

export async function listNodes(connection: LibraryConnection): Promise<ClusterNode[]> {
  return readClusterNodes((await connection.call('nodes', 'get', 'monitors/iServer/nodes')).json);
}

/** Asks the server to purge one cache type of one project; 204 means the purge was triggered. */
export async function purgeCache(
  connection: LibraryConnection,
  projectId: string,
  cacheType: CacheType,
  trace: CallTrace = newTrace(),
): Promise<void> {
  if (!/^[0-9A-F]{32}$/i.test(projectId)) {
    throw new AppError('PROJECT_NOT_FOUND', `"${projectId.slice(0, 64)}" is not a project id (32 hex digits).`);
  }
  const path = `monitors/projects/${projectId.toUpperCase()}/caches/${cacheType}`;
  await connection.call('purge', 'delete', path, { expectBody: false, trace });
}
