/**
 * Reads the monitor's cache answers (content cache pages, cube cache pages, manipulation states)
 * into the app's CacheRow. Every field but the id is optional on the wire; dates come as ISO with
 * `.000+0000` or as `YYYY-MM-DD hh:mm:ss` (read as UTC, since the server does not say) and leave
 * as ISO strings; `databaseConnection` and `databaseConnections` are both accepted.
 */
import { AppError } from '../../shared/errors.ts';
import type { CacheRow, ContentType } from '../../shared/cache-monitor.ts';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const UTC_ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{3})?(?:Z|\+0000|\+00:00)$/;

/** The two forms servers send their dates in; a # stands for any digit. */
const LIBRARY_TIME = '####-##-##T##:##:##.###+0000';
const PLAIN_TIME = '####-##-## ##:##:##';
const DIGIT = '#'.charCodeAt(0);
const ZERO = '0'.charCodeAt(0);

/** `value` has the shape of `form`, checked a character at a time (several times faster than a regular expression). */
function hasForm(value: string, form: string): boolean {
  if (value.length !== form.length) return false;
  for (let index = 0; index < form.length; index += 1) {
    const code = value.charCodeAt(index);
    const expected = form.charCodeAt(index);
    if (expected === DIGIT ? code < ZERO || code > ZERO + 9 : code !== expected) return false;
  }
  return true;
}

/**
 * Either date style a server sends, as ISO; null for anything else. The two forms servers send
 * are rewritten as text (a list of 20,000 caches has 80,000 dates); other offsets go through Date.
 * Parts are joined rather than added: `a + b` (and a template) keeps a chain of the parts, about
 * 120 bytes a date that lives as long as the listing, where one flat string of 24 characters is 40.
 */
export function serverTime(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  if (hasForm(value, LIBRARY_TIME)) return [value.slice(0, 23), 'Z'].join('');
  if (hasForm(value, PLAIN_TIME)) return [value.slice(0, 10), 'T', value.slice(11), '.000Z'].join('');
  const utc = UTC_ISO.exec(value);
  if (utc) return [utc[1], utc[2] ?? '.000', 'Z'].join('');
  const time = Date.parse(value.trim());
  return Number.isFinite(time) ? new Date(time).toISOString() : null;
}

function unexpected(what: string): AppError {
  return new AppError('NOT_A_LIBRARY_SERVER', `The server's answer to ${what} is not what a Library server sends.`);
}

/** "dossier" and "docdossier" are dashboards to an admin. */
export function contentType(sourceType: unknown): ContentType {
  if (sourceType === 'dossier' || sourceType === 'docdossier') return 'dashboard';
  if (sourceType === 'document' || sourceType === 'cube') return sourceType;
  return 'report';
}

const CONTENT_FLAGS = ['ready', 'processing', 'invalid', 'expired', 'filed', 'dirty'] as const;

/**
 * One copy of the texts and word lists that many caches share (project ids and names, report names,
 * owners, states, tables): a quarter of a million rows would otherwise hold a copy each. The lists
 * are frozen, since rows share them. Emptied when it grows past what one cluster has.
 */
const shared = new Map<string, string>();
const sharedLists = new Map<string, readonly string[]>();
const MOST_SHARED = 200_000;

function sharedText(value: string | null): string | null {
  if (value === null) return null;
  const known = shared.get(value);
  if (known !== undefined) return known;
  if (shared.size >= MOST_SHARED) shared.clear();
  shared.set(value, value);
  return value;
}

function sharedList(words: string[]): string[] {
  const key = words.join('\u0000');
  let known = sharedLists.get(key);
  if (known === undefined) {
    if (sharedLists.size >= MOST_SHARED) sharedLists.clear();
    known = Object.freeze(words.map((word) => sharedText(word) as string));
    sharedLists.set(key, known);
  }
  return known as string[];
}

// The readers below run once per cache of lists of tens of thousands: plain loops, and no array
// made only to be thrown away, keep them (and the garbage collector) off the listing's path.

function contentStatus(status: unknown): string[] {
  const words: string[] = [];
  if (!isRecord(status)) return words;
  for (const flag of CONTENT_FLAGS) if (status[flag] === true) words.push(flag);
  if (typeof status.loaded === 'boolean') words.push(status.loaded ? 'loaded' : 'unloaded');
  return sharedList(words);
}

/** warehouseTablesUsed as names, whether the server sends strings or objects with a name (unverified). */
function tableNames(value: unknown): string[] {
  const names: string[] = [];
  if (!Array.isArray(value)) return names;
  for (const table of value as unknown[]) {
    const name = typeof table === 'string' ? table : isRecord(table) ? text(table.name) : null;
    if (name) names.push(name);
  }
  return sharedList(names);
}

/** The one key of a content cache entry ({ "<combined id>": { ... } }) and its value. */
function onlyEntry(entry: Json): [string, unknown] | null {
  for (const key in entry) if (Object.hasOwn(entry, key)) return [key, entry[key]];
  return null;
}

function contentRow(entry: unknown, node: string): CacheRow | null {
  if (!isRecord(entry)) return null;
  const [combinedId, cache] = onlyEntry(entry) ?? [];
  if (!combinedId || !isRecord(cache)) return null;
  const source = isRecord(cache.source) ? cache.source : {};
  return {
    kind: 'content',
    node,
    id: combinedId,
    projectId: sharedText(text(cache.projectId)) ?? '',
    projectName: sharedText(text(cache.projectName)) ?? '',
    name: sharedText(text(source.name)) ?? text(cache.id) ?? combinedId,
    sourceId: sharedText(text(source.id)),
    type: contentType(source.type),
    status: contentStatus(cache.status),
    sizeKb: count(cache.size),
    hitCount: count(cache.hitCount),
    lastHit: serverTime(cache.lastHitTime),
    lastUpdated: serverTime(cache.lastUpdateTime),
    created: serverTime(cache.creationTime),
    expires: serverTime(cache.expirationTime),
    owner: sharedText(text(cache.creatorName)),
    tables: tableNames(cache.warehouseTablesUsed),
  };
}

export interface Page {
  total: number;
  caches: CacheRow[];
}

export function readContentPage(body: unknown, node: string): Page {
  if (!isRecord(body) || !Array.isArray(body.contentCaches)) throw unexpected('GET /api/monitors/caches/contents');
  const caches: CacheRow[] = [];
  for (const entry of body.contentCaches as unknown[]) {
    const row = contentRow(entry, node);
    if (row) caches.push(row);
  }
  return { total: count(body.total) ?? caches.length, caches };
}

function cubeStatus(state: unknown): string[] {
  if (!isRecord(state)) return [];
  const words: string[] = [];
  if (typeof state.loadedState === 'string') words.push(state.loadedState);
  if (typeof state.active === 'boolean') words.push(state.active ? 'active' : 'inactive');
  for (const flag of ['persisted', 'processing', 'dirty'] as const) if (state[flag] === true) words.push(flag);
  return words;
}

export function readCube(cube: unknown, node: string, projectNames: ReadonlyMap<string, string>): CacheRow | null {
  if (!isRecord(cube) || typeof cube.id !== 'string') return null;
  const source = isRecord(cube.source) ? cube.source : {};
  const projectId = text(cube.projectId) ?? '';
  return {
    kind: 'cube',
    node,
    id: cube.id,
    projectId,
    projectName: projectNames.get(projectId) ?? projectId,
    name: text(source.name) ?? cube.id,
    sourceId: text(source.id),
    type: 'cube',
    status: cubeStatus(cube.state),
    sizeKb: count(cube.size),
    hitCount: count(cube.hitCount),
    lastHit: null,
    lastUpdated: serverTime(cube.lastUpdateTime),
    created: serverTime(cube.creationTime),
    expires: null,
    owner: text(cube.creatorName),
    tables: [],
  };
}

export function readCubePage(
  body: unknown,
  totalHeader: string | null,
  node: string,
  projectNames: ReadonlyMap<string, string>,
): Page {
  if (!isRecord(body) || !Array.isArray(body.cubeCaches)) throw unexpected('GET /api/monitors/caches/cubes');
  const caches = body.cubeCaches.flatMap((cube) => readCube(cube, node, projectNames) ?? []);
  const headerTotal = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : null;
  return { total: count(body.total) ?? headerTotal ?? caches.length, caches };
}

export type ManipulationStatus = 'executing' | 'ready' | 'error';

export function readManipulation(body: unknown): { status: ManipulationStatus; detail: string | null } {
  if (!isRecord(body) || typeof body.status !== 'string') throw unexpected('a cube cache manipulation status');
  const status = body.status === 'ready' ? 'ready' : body.status === 'executing' ? 'executing' : 'error';
  return { status, detail: text(body.statusDetail) ?? (status === 'error' ? `status "${body.status}"` : null) };
}

export function readManipulationId(body: unknown): string {
  if (!isRecord(body) || typeof body.manipulationId !== 'string') throw unexpected('a cube cache change');
  return body.manipulationId;
}

/** A project's cube memory on one node (GET …/cubes/aggregatedUsages?aggregateBy=project). */
export interface CubeUsage {
  id: string;
  name: string;
  currentUsage: number;
  /** Only aggregation by project carries it; null when absent. */
  capacity: number | null;
}

export function readCubeUsages(body: unknown): CubeUsage[] {
  if (!isRecord(body) || !Array.isArray(body.aggregatedCacheUsages)) throw unexpected('the cube memory usage');
  return body.aggregatedCacheUsages.filter(isRecord).flatMap((usage) => {
    const id = text(usage.id);
    if (id === null) return [];
    return [
      {
        id,
        name: text(usage.name) ?? id,
        currentUsage: count(usage.currentUsage) ?? 0,
        capacity: count(usage.capacity),
      },
    ];
  });
}
