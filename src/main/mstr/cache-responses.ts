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

/** The ISO date being written, a character code at a time: made into one flat string, nothing else. */
const iso = Array.from('0000-00-00T00:00:00.000Z', (character) => character.charCodeAt(0));

/** Whether `value` has the shape of `form`; its first `kept` characters go to `iso` on the way. */
function readForm(value: string, form: string, kept: number): boolean {
  if (value.length !== form.length) return false;
  for (let index = 0; index < form.length; index += 1) {
    const code = value.charCodeAt(index);
    const expected = form.charCodeAt(index);
    if (expected === DIGIT ? code < ZERO || code > ZERO + 9 : code !== expected) return false;
    if (index < kept) iso[index] = code;
  }
  return true;
}

/** `iso` with `tail` from `at` on, as text. */
function isoWith(at: number, tail: string): string {
  for (let index = 0; index < tail.length; index += 1) iso[at + index] = tail.charCodeAt(index);
  return String.fromCharCode.apply(null, iso);
}

/**
 * Either date style a server sends, as ISO; null for anything else. The two forms servers send
 * are rewritten a character at a time (a list of 20,000 caches has 80,000 dates): several times
 * faster than a regular expression, and one flat string of 40 bytes per date where a sum or a
 * template of parts keeps a chain of them, about 120 bytes, for as long as the listing lives.
 * Other offsets go through Date.
 */
export function serverTime(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  if (readForm(value, LIBRARY_TIME, 23)) return isoWith(23, 'Z');
  if (readForm(value, PLAIN_TIME, 19)) {
    iso[10] = 'T'.charCodeAt(0);
    return isoWith(19, '.000Z');
  }
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
 * One copy of the texts that many caches share (project ids and names, report names, owners): a
 * quarter of a million rows would otherwise hold a copy each. Emptied when it grows past what one
 * cluster has.
 */
const shared = new Map<string, string>();
const MOST_SHARED = 200_000;

function sharedText(value: string | null): string | null {
  if (value === null) return null;
  const known = shared.get(value);
  if (known !== undefined) return known;
  if (shared.size >= MOST_SHARED) shared.clear();
  shared.set(value, value);
  return value;
}

/** A word list the rows share, reached word by word from the empty list (see WordLists). */
class WordList {
  readonly #parent: WordList | null;
  readonly #word: string;
  readonly #next = new Map<string, WordList>();
  #words: readonly string[] | null = null;

  constructor(parent: WordList | null, word: string) {
    this.#parent = parent;
    this.#word = word;
  }

  /** This list with `word` after it. */
  then(word: string, lists: WordLists): WordList {
    let next = this.#next.get(word);
    if (next === undefined) {
      next = new WordList(this, sharedText(word) as string);
      this.#next.set(next.#word, next);
      lists.grew();
    }
    return next;
  }

  /** The words, frozen since rows share them; made the first time a row asks. */
  get words(): string[] {
    if (this.#words === null) {
      // Walked back rather than asked of the parent: a list can be as long as a server makes it.
      const words = this.#parent === null ? [] : [this.#word];
      for (let list = this.#parent; list !== null && list.#parent !== null; list = list.#parent) words.push(list.#word);
      this.#words = Object.freeze(words.reverse());
    }
    return this.#words as string[];
  }
}

/**
 * The word lists of many caches (states, tables), one copy of each: a row's list is found a word
 * at a time as its answer is read, so a row whose list is known makes nothing (a key joined per row
 * was most of a hundred megabytes of garbage for a quarter of a million caches). Emptied, as the
 * shared texts are, past what one cluster has.
 */
class WordLists {
  #empty = new WordList(null, '');
  #size = 0;

  get empty(): WordList {
    return this.#empty;
  }

  grew(): void {
    this.#size += 1;
    if (this.#size < MOST_SHARED) return;
    this.#empty = new WordList(null, '');
    this.#size = 0;
  }
}

const wordLists = new WordLists();

// The readers below run once per cache of lists of tens of thousands: plain loops, and no array
// made only to be thrown away, keep them (and the garbage collector) off the listing's path.

function contentStatus(status: unknown): string[] {
  if (!isRecord(status)) return [];
  let list = wordLists.empty;
  for (const flag of CONTENT_FLAGS) if (status[flag] === true) list = list.then(flag, wordLists);
  if (typeof status.loaded === 'boolean') list = list.then(status.loaded ? 'loaded' : 'unloaded', wordLists);
  return list.words;
}

/** warehouseTablesUsed as names, whether the server sends strings or objects with a name (unverified). */
function tableNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  let list = wordLists.empty;
  for (const table of value as unknown[]) {
    const name = typeof table === 'string' ? table : isRecord(table) ? text(table.name) : null;
    if (name) list = list.then(name, wordLists);
  }
  return list.words;
}

/** The one key of a content cache entry ({ "<combined id>": { ... } }). */
function onlyKey(entry: Json): string | null {
  for (const key in entry) if (Object.hasOwn(entry, key)) return key;
  return null;
}

function contentRow(entry: unknown, node: string): CacheRow | null {
  if (!isRecord(entry)) return null;
  const combinedId = onlyKey(entry);
  const cache = combinedId === null ? null : entry[combinedId];
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
