/** The projects of a server: those loaded on the session's node (/api/projects) and every project with its status (/api/monitors/projects). */
import type { Project } from '../../../shared/model.ts';
import type { LibraryConnection } from '../core/connection.ts';
import { readProjectPage, readProjects } from '../responses.ts';

export async function listProjects(connection: LibraryConnection): Promise<Project[]> {
  return readProjects((await connection.call('projects', 'get', 'projects')).json);
}

export async function projectPage(
  connection: LibraryConnection,
  offset: number,
  limit: number,
): Promise<{ projects: Project[]; total: number | null }> {
  const reply = await connection.call('projects', 'get', 'monitors/projects', {
    searchParams: { offset: String(offset), limit: String(limit) },
  });
  return readProjectPage(reply.json, reply.header('x-mstr-total-count'));
}
