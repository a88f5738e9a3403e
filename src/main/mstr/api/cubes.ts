/**
 * Intelligent Cubes as objects (/api/cubes, /api/v2/cubes, project header): a cube's info (status
 * bits, size, last update) and a publish, which is also how a cube is republished (refreshed).
 */
import type { LibraryConnection } from '../core/connection.ts';
import type { CallTrace } from '../core/exchange.ts';

export interface CubeInfo {
  id: string;
  name: string | null;
  /** The status bit mask (cubesInfos[].status), null when the server gave none. */
  status: number | null;
  sizeKb: number | null;
  /** As the server wrote it: "MM/DD/YYYY hh:mm:ss", no zone. */
  lastUpdateTime: string | null;
}

export interface PublishAnswer {
  /** The job as the monitor names it ("478:RU5W..."). */
  id: string;
  jobId: number | null;
}

function projectHeader(projectId: string): Record<string, string> {
  return { 'x-mstr-projectid': projectId };
}

function readInfo(id: string, body: unknown): CubeInfo | null {
  const infos = (body as { cubesInfos?: unknown } | null)?.cubesInfos;
  const first = Array.isArray(infos) ? (infos[0] as Record<string, unknown> | undefined) : undefined;
  if (!first || typeof first !== 'object') return null;
  return {
    id: typeof first.cubeId === 'string' ? first.cubeId : id,
    name: typeof first.cubeName === 'string' ? first.cubeName : null,
    status: typeof first.status === 'number' ? first.status : null,
    sizeKb: typeof first.size === 'number' ? first.size : null,
    lastUpdateTime: typeof first.lastUpdateTime === 'string' ? first.lastUpdateTime : null,
  };
}

/** The cube's info, or null when the server has none for it (never published). */
export async function cubeInfo(
  connection: LibraryConnection,
  projectId: string,
  cubeId: string,
): Promise<CubeInfo | null> {
  const reply = await connection.call('cubes', 'get', 'cubes', {
    headers: projectHeader(projectId),
    searchParams: { id: cubeId },
  });
  return readInfo(cubeId, reply.json);
}

/** Publishes (or republishes) a cube; sent once: each call starts a job that loads the warehouse. */
export async function publishCube(
  connection: LibraryConnection,
  projectId: string,
  cubeId: string,
  trace?: CallTrace,
): Promise<PublishAnswer> {
  const reply = await connection.call('cubes', 'post', `v2/cubes/${encodeURIComponent(cubeId)}`, {
    headers: projectHeader(projectId),
    ...(trace ? { trace } : {}),
  });
  const body = (reply.json ?? {}) as { id?: unknown; jobId?: unknown };
  const jobId = typeof body.jobId === 'number' ? body.jobId : null;
  const id = typeof body.id === 'string' ? body.id : jobId === null ? '' : String(jobId);
  return { id, jobId };
}
