/** The projects the session's user can see (/api/projects). */
import type { Project } from '../../../shared/model.ts';
import type { LibraryConnection } from '../core/connection.ts';
import { readProjects } from '../responses.ts';

export async function listProjects(connection: LibraryConnection): Promise<Project[]> {
  return readProjects((await connection.call('projects', 'get', 'projects')).json);
}
