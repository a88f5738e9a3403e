/** The server's own status (/api/status): versions, read without a session. */
import type { ServerStatus } from '../../../shared/model.ts';
import type { LibraryConnection } from '../core/connection.ts';
import { readServerStatus } from '../responses.ts';

export async function serverStatus(connection: LibraryConnection): Promise<ServerStatus> {
  return readServerStatus((await connection.send('status', 'get', 'status', { authenticated: false })).json);
}
