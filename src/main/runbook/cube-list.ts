/**
 * A project's Intelligent Cubes by name, OLAP and super cubes, found through the metadata search
 * (a cube never published has no cache and is not in the cube-cache list), each with its status,
 * size and last update read from the cube's info.
 */
import { cubeStatusWords, type CubeKind, type CubeRow } from '../../shared/runbook.ts';
import type { MstrClient } from '../mstr/index.ts';
import { isoOrNull, parseServerTime } from './server-time.ts';

/** The SDK's ObjectSubTypes: OLAP_CUBE 776, SUPER_CUBE 779. */
export const CUBE_SUBTYPES: Record<CubeKind, number> = { olap: 776, super: 779 };

type Use = <T>(call: (client: MstrClient) => Promise<T>) => Promise<T>;

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of the answers. */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

export async function listProjectCubes(
  use: Use,
  project: { id: string; name: string },
  options: { name?: string; concurrency: number },
): Promise<CubeRow[]> {
  const kinds: CubeKind[] = ['olap', 'super'];
  const found = await Promise.all(
    kinds.map(async (kind) => {
      const query = { type: CUBE_SUBTYPES[kind], ...(options.name ? { name: options.name } : {}) };
      const objects = await use((client) => client.searchObjects(project.id, query));
      return objects.map((object) => ({ object, kind }));
    }),
  );
  const unique = new Map(found.flat().map((entry) => [entry.object.id, entry]));
  const rows = await inBatches([...unique.values()], options.concurrency, async ({ object, kind }) => {
    const info = await use((client) => client.cubeInfo(project.id, object.id));
    const row: CubeRow = {
      id: object.id,
      name: object.name,
      kind,
      projectId: project.id,
      projectName: project.name,
      folder: object.folder,
      hasCache: info !== null && info.status !== null && info.status !== 0,
      status: info?.status ? cubeStatusWords(info.status) : [],
      sizeKb: info?.sizeKb ?? null,
      lastUpdated: isoOrNull(parseServerTime(info?.lastUpdateTime ?? null)),
    };
    return row;
  });
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}
