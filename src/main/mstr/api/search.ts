/**
 * The metadata search (POST then GET /api/metadataSearches/results, project header), the way the
 * official SDK finds objects by type and name, cubes with no cache included.
 */
import type { LibraryConnection } from '../core/connection.ts';

export interface FoundObject {
  id: string;
  name: string;
  subtype: number | null;
  folder: string | null;
  owner: string | null;
}

/** The SDK's SearchPattern: 4 is CONTAINS, 2 EXACTLY. */
export const SEARCH_CONTAINS = 4;
export const SEARCH_EXACTLY = 2;

const PAGE = 1000;

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function readFound(value: unknown): FoundObject | null {
  if (value === null || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  const id = text(record.id);
  const name = text(record.name);
  if (id === null || name === null) return null;
  const ancestors = Array.isArray(record.ancestors) ? (record.ancestors as unknown[]) : [];
  const path = ancestors.map((ancestor) => text((ancestor as { name?: unknown } | null)?.name)).filter(Boolean);
  const owner = record.owner as { name?: unknown } | undefined;
  return {
    id,
    name,
    subtype: typeof record.subtype === 'number' ? record.subtype : null,
    folder: path.length > 0 ? `\\${path.join('\\')}` : null,
    owner: text(owner?.name),
  };
}

/** A results page: a list, or `{result: [...]}` as some versions answer. */
function readResults(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  const result = (body as { result?: unknown } | null)?.result;
  return Array.isArray(result) ? result : [];
}

/** Every object of one type (or subtype) in a project whose name matches. */
export async function searchObjects(
  connection: LibraryConnection,
  projectId: string,
  query: { type: number; name?: string; pattern?: number },
): Promise<FoundObject[]> {
  const headers = { 'x-mstr-projectid': projectId };
  const searchParams: Record<string, string> = {
    type: String(query.type),
    pattern: String(query.pattern ?? SEARCH_CONTAINS),
    ...(query.name ? { name: query.name } : {}),
  };
  const stored = await connection.call('search', 'post', 'metadataSearches/results', { headers, searchParams });
  const searchId = text((stored.json as { id?: unknown } | null)?.id);
  if (searchId === null) return [];
  const found: FoundObject[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await connection.call('search', 'get', 'metadataSearches/results', {
      headers,
      searchParams: { searchId, offset: String(offset), limit: String(PAGE) },
    });
    const rows = readResults(page.json);
    for (const row of rows) {
      const object = readFound(row);
      if (object) found.push(object);
    }
    if (rows.length < PAGE) return found;
  }
}
