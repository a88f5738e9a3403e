/**
 * A data file that holds a list of entries an admin may edit by hand (profiles, presets,
 * schedules): `{ "schemaVersion": N, "<list>": [ ... ] }`. It is read entry by entry, so one bad
 * entry hides only itself and is reported; fields this version does not know (a newer version's
 * file) are kept, not refused; and a write keeps what it could not read exactly as it was: the
 * bad entries' JSON, unknown fields of entries and of the file. A file that cannot be read at all
 * is never moved or overwritten: it is reported, and writes are refused until it is fixed.
 */
import * as v from 'valibot';
import { AppError } from '../../shared/errors.ts';
import type { DataFileProblem } from '../../shared/data-file-problems.ts';
import { describeIssues } from '../../shared/profile-schema.ts';
import { readJson, withFileLock, writeJsonAtomic } from './json-file.ts';

type EntrySchema = v.StrictObjectSchema<v.ObjectEntries, v.ErrorMessage<v.StrictObjectIssue> | undefined>;

export interface EntryFileSpec<S extends EntrySchema> {
  /** The key of the file's list ("profiles"). */
  listKey: string;
  /** The format this app writes; a file with a higher one is a newer app's and is left alone. */
  version: number;
  /** One entry, with only the fields this version knows (the others are kept aside). */
  schema: S;
  /** The field that names an entry uniquely (compared ignoring case); a second entry with it is bad. */
  identity: keyof v.InferOutput<S> & string;
  /** The field that holds the entry's name for messages, when it has one. */
  nameField?: string;
  /** An older layout of the whole file (a bare list) as the current one. */
  upgradeFile?: (parsed: unknown) => unknown;
  /** An entry of an older format as one of the current format (raw JSON in and out). */
  upgradeEntry?: (raw: Record<string, unknown>, fileVersion: number) => Record<string, unknown>;
}

/** What a load found: the entries that are valid, and what is wrong with the rest. */
export interface LoadedFile<T> {
  entries: T[];
  problems: DataFileProblem[];
  /** The file as a whole could not be read (damaged or newer): `entries` is empty, not the truth. */
  unreadable: boolean;
}

export type ProblemSink = (problems: readonly DataFileProblem[]) => void;

interface Item<T> {
  /** The decoded entry, or null for a bad one (kept as `raw`). */
  entry: T | null;
  raw: unknown;
  /** Fields this version does not know, written back as they were. */
  extra: Record<string, unknown>;
}

interface FileState<T> {
  items: Item<T>[];
  /** Top-level fields besides the version and the list. */
  top: Record<string, unknown>;
  problems: DataFileProblem[];
  unreadable: DataFileProblem | null;
}

export class EntryFile<S extends EntrySchema> {
  readonly path: string;
  readonly #spec: EntryFileSpec<S>;
  readonly #sink: ProblemSink;

  constructor(path: string, spec: EntryFileSpec<S>, sink: ProblemSink = () => {}) {
    this.path = path;
    this.#spec = spec;
    this.#sink = sink;
  }

  async load(): Promise<LoadedFile<v.InferOutput<S>>> {
    const state = await this.#read();
    return {
      entries: state.items.flatMap((item) => (item.entry === null ? [] : [item.entry])),
      problems: state.problems,
      unreadable: state.unreadable !== null,
    };
  }

  /**
   * Changes the valid entries under the file's lock. Refused (with the problem's code) while the
   * file cannot be read, unless the change leaves it with no entries, which writes nothing.
   */
  async update<R>(change: (entries: v.InferOutput<S>[]) => { entries: v.InferOutput<S>[]; result: R }): Promise<R> {
    return withFileLock(this.path, async () => {
      const state = await this.#read();
      if (state.unreadable) return refuseOrSkip(state.unreadable, change);
      const valid = state.items.flatMap((item) => (item.entry === null ? [] : [item.entry]));
      const { entries, result } = change(valid);
      await writeJsonAtomic(this.path, this.#document(state, entries));
      return result;
    });
  }

  async #read(): Promise<FileState<v.InferOutput<S>>> {
    const state = await readState(this.path, this.#spec);
    if (state.problems.length > 0) this.#sink(state.problems);
    return state;
  }

  #document(state: FileState<v.InferOutput<S>>, entries: v.InferOutput<S>[]): Record<string, unknown> {
    const key = (entry: v.InferOutput<S>): string => identityOf(entry, this.#spec.identity);
    const extras = new Map(state.items.flatMap((item) => (item.entry ? [[key(item.entry), item.extra]] : [])));
    const list = placeBadEntries(state.items, key, entries, (entry) => ({ ...entry, ...extras.get(key(entry)) }));
    return { schemaVersion: this.#spec.version, [this.#spec.listKey]: list, ...state.top };
  }
}

function refuseOrSkip<T, R>(problem: DataFileProblem, change: (entries: T[]) => { entries: T[]; result: R }): R {
  let outcome: { entries: T[]; result: R } | null;
  try {
    outcome = change([]);
  } catch {
    // The change needed an entry the unreadable file may hold: the file is what to report.
    outcome = null;
  }
  if (outcome && outcome.entries.length === 0) return outcome.result;
  throw new AppError(
    problem.code === 'DATA_FILE_NEWER' ? 'DATA_FILE_NEWER' : 'DATA_FILE_DAMAGED',
    `${problem.file} cannot be read (${problem.reason}), so nothing was saved to it. Fix it or move it away, then try again.`,
    { details: { path: problem.file, reason: problem.reason } },
  );
}

function identityOf(entry: object, field: string): string {
  return String((entry as Record<string, unknown>)[field])
    .trim()
    .toLowerCase();
}

/**
 * The list to write: each bad entry stays after the valid entry it followed (at the start when it
 * followed none), or at the end once that entry is gone, so hand-edited files keep their order.
 */
function placeBadEntries<T extends object>(
  items: readonly Item<T>[],
  key: (entry: T) => string,
  entries: readonly T[],
  written: (entry: T) => unknown,
): unknown[] {
  const after = new Map<string | null, unknown[]>();
  let anchor: string | null = null;
  for (const item of items) {
    if (item.entry !== null) anchor = key(item.entry);
    else after.set(anchor, [...(after.get(anchor) ?? []), item.raw]);
  }
  const list: unknown[] = [...(after.get(null) ?? [])];
  after.delete(null);
  for (const entry of entries) {
    list.push(written(entry));
    list.push(...(after.get(key(entry)) ?? []));
    after.delete(key(entry));
  }
  for (const orphans of after.values()) list.push(...orphans);
  return list;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fileProblem(path: string, code: DataFileProblem['code'], reason: string, field: string | null = null) {
  const problem: DataFileProblem = { code, file: path, entry: null, field, reason };
  return { items: [], top: {}, problems: [problem], unreadable: problem };
}

async function readState<S extends EntrySchema>(
  path: string,
  spec: EntryFileSpec<S>,
): Promise<FileState<v.InferOutput<S>>> {
  const read = await readJson(path);
  if (read.state === 'missing') return { items: [], top: {}, problems: [], unreadable: null };
  if (read.state === 'unparsable') return fileProblem(path, 'DATA_FILE_DAMAGED', read.reason);
  const document = spec.upgradeFile ? spec.upgradeFile(read.value) : read.value;
  if (!isRecord(document)) return fileProblem(path, 'DATA_FILE_DAMAGED', `it holds no object with "${spec.listKey}"`);
  const { schemaVersion: version, [spec.listKey]: list, ...top } = document;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return fileProblem(
      path,
      'DATA_FILE_DAMAGED',
      'its schemaVersion is missing or not a whole number',
      'schemaVersion',
    );
  if (version > spec.version)
    return fileProblem(
      path,
      'DATA_FILE_NEWER',
      `it was written by a newer version of MSTR Cache Console (format ${version}; this one reads up to ${spec.version})`,
      'schemaVersion',
    );
  if (!Array.isArray(list))
    return fileProblem(path, 'DATA_FILE_DAMAGED', `"${spec.listKey}" is missing or not a list`, spec.listKey);
  return { ...decodeEntries(path, spec, list, version), top, unreadable: null };
}

function decodeEntries<S extends EntrySchema>(
  path: string,
  spec: EntryFileSpec<S>,
  list: unknown[],
  version: number,
): { items: Item<v.InferOutput<S>>[]; problems: DataFileProblem[] } {
  const items: Item<v.InferOutput<S>>[] = [];
  const problems: DataFileProblem[] = [];
  const seen = new Map<string, number>();
  list.forEach((raw, index) => {
    const decoded = decodeEntry(spec, raw, version);
    let failure: Failure;
    if (!('entry' in decoded)) failure = decoded;
    else {
      const first = seen.get(identityOf(decoded.entry, spec.identity));
      if (first === undefined) {
        seen.set(identityOf(decoded.entry, spec.identity), index);
        items.push({ entry: decoded.entry, raw, extra: decoded.extra });
        return;
      }
      failure = { field: spec.identity, reason: `the same ${spec.identity} as entry ${first + 1}` };
    }
    items.push({ entry: null, raw, extra: {} });
    const name = isRecord(raw) && spec.nameField ? raw[spec.nameField] : undefined;
    const entry = { index, name: typeof name === 'string' ? name.slice(0, 80) : null };
    problems.push({ code: 'DATA_ENTRY_INVALID', file: path, entry, ...failure });
  });
  return { items, problems };
}

interface Failure {
  field: string | null;
  reason: string;
}

type Decoded<T> = { entry: T; extra: Record<string, unknown> } | Failure;

function decodeEntry<S extends EntrySchema>(
  spec: EntryFileSpec<S>,
  raw: unknown,
  version: number,
): Decoded<v.InferOutput<S>> {
  if (!isRecord(raw)) return { field: null, reason: 'an entry is an object { ... }' };
  const upgraded = spec.upgradeEntry ? spec.upgradeEntry(raw, version) : raw;
  const known: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(upgraded)) {
    if (Object.hasOwn(spec.schema.entries, key)) known[key] = value;
    else extra[key] = value;
  }
  const result = v.safeParse(spec.schema, known);
  if (result.success) return { entry: result.output, extra };
  const [issue] = result.issues;
  const field = issue.path?.map((item) => String(item.key).slice(0, 40)).join('.') ?? null;
  return { field, reason: describeIssues([{ ...issue, path: undefined }]) };
}
