/**
 * `content-caches list` and `cube-caches list`: the listing written while it is read, a page at a
 * time in the listing's order (lines at the terminal, a CSV file, one JSON document), so a quarter
 * of a million caches never sit whole in memory and the output keeps pace with the server. The
 * totals per node and what went wrong follow the rows.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import type { CacheKind, CacheRow } from '../../shared/cache-monitor.ts';
import { formatSize } from '../../shared/cache-match.ts';
import { count } from '../../shared/plural.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import { streamCaches, type StreamedListing } from '../use-cases/caches.ts';
import { userPath, type Values } from './args.ts';
import { cacheFilter, listingExit, warnAfterRows, warnBeforeRows } from './cache-run.ts';
import { connect } from './connect.ts';
import { EXIT, exitCodeFor, printLine, type Context } from './context.ts';
import { JsonRowsDocument } from './json-stream.ts';
import { safeText } from './terminal-text.ts';

const CSV_COLUMNS: (keyof CacheRow)[] = [
  'node',
  'projectName',
  'projectId',
  'name',
  'type',
  'status',
  'sizeKb',
  'hitCount',
  'lastHit',
  'lastUpdated',
  'created',
  'expires',
  'owner',
  'id',
];

function csvText(rows: readonly CacheRow[], header: boolean): string {
  return stringify(
    rows.map((row) =>
      CSV_COLUMNS.map((column) => (Array.isArray(row[column]) ? row[column].join('; ') : (row[column] ?? ''))),
    ),
    { header, columns: CSV_COLUMNS as string[], escape_formulas: true },
  );
}

function fileError(file: string, error: unknown): AppError {
  const reason = (error as NodeJS.ErrnoException).code ?? 'write failed';
  return new AppError(
    'FILE_ERROR',
    `Cannot write ${file}.${reason === 'ENOENT' ? ' Its folder does not exist.' : ''}`,
    {
      details: { path: file, reason },
    },
  );
}

/**
 * The CSV file, written beside its place and moved there once the listing is whole: a listing that
 * fails leaves the file that was there before as it was.
 */
class CsvFile {
  readonly path: string;
  readonly #partial: string;
  readonly #handle: FileHandle;
  #header = true;

  private constructor(path: string, partial: string, handle: FileHandle) {
    this.path = path;
    this.#partial = partial;
    this.#handle = handle;
  }

  /** Opened before the first request, so a folder that is not there is said at once. */
  static async create(path: string): Promise<CsvFile> {
    const partial = `${path}.${process.pid}.part`;
    try {
      return new CsvFile(path, partial, await open(partial, 'w', 0o600));
    } catch (error) {
      throw fileError(path, error);
    }
  }

  async add(rows: readonly CacheRow[]): Promise<void> {
    await this.#write(csvText(rows, this.#header));
    this.#header = false;
  }

  async finish(): Promise<void> {
    if (this.#header) await this.#write(csvText([], true));
    try {
      await this.#handle.close();
      await rename(this.#partial, this.path);
    } catch (error) {
      await rm(this.#partial, { force: true });
      throw fileError(this.path, error);
    }
  }

  async discard(): Promise<void> {
    await this.#handle.close().catch(() => undefined);
    await rm(this.#partial, { force: true });
  }

  async #write(text: string): Promise<void> {
    try {
      await this.#handle.write(text);
    } catch (error) {
      throw fileError(this.path, error);
    }
  }
}

/** Caches and their size per node, counted as the rows go by. */
class NodeTotals {
  readonly #totals = new Map<string, { caches: number; sizeKb: number }>();

  add(rows: readonly CacheRow[]): void {
    for (const row of rows) {
      const total = this.#totals.get(row.node) ?? { caches: 0, sizeKb: 0 };
      total.caches += 1;
      total.sizeKb += row.sizeKb ?? 0;
      this.#totals.set(row.node, total);
    }
  }

  get caches(): number {
    let caches = 0;
    for (const total of this.#totals.values()) caches += total.caches;
    return caches;
  }

  print(listing: StreamedListing, context: Context): void {
    for (const node of listing.nodes.filter((candidate) => candidate.listed)) {
      const total = this.#totals.get(node.name) ?? { caches: 0, sizeKb: 0 };
      context.io.stderr(`${safeText(node.name)}: ${count(total.caches, 'cache')}, ${formatSize(total.sizeKb)}\n`);
    }
  }
}

async function printRows(rows: readonly CacheRow[], context: Context): Promise<void> {
  for (const row of rows)
    printLine(
      context,
      row.node,
      row.projectName,
      row.type,
      row.status.join(','),
      formatSize(row.sizeKb),
      row.hitCount,
      row.lastHit ?? row.lastUpdated ?? '',
      row.name,
    );
  await context.io.stdoutDrained();
}

function jsonDocument(profile: Profile, kind: CacheKind, context: Context): JsonRowsDocument {
  return new JsonRowsDocument({ write: context.io.stdout, drained: context.io.stdoutDrained }, 'caches', {
    profileId: profile.id,
    profileName: profile.name,
    kind,
  });
}

/** The document's end: the whole of it for a short list (as it always read), the fields after the rows otherwise. */
function endJson(json: JsonRowsDocument, listing: StreamedListing, exitCode: number): void {
  const ok = exitCode === EXIT.ok;
  const { profileId, profileName, kind, nodes, filteredLocally, missingProjects, missingSuggestions, fetchedAt } =
    listing;
  const after = { filteredLocally, missingProjects, missingSuggestions, fetchedAt };
  json.end((caches) => ({ ok, exitCode, profileId, profileName, kind, nodes, caches, ...after }), {
    nodes,
    ...after,
    ok,
    exitCode,
  });
}

export async function listCommand(
  profile: Profile,
  kind: CacheKind,
  values: Values,
  context: Context,
): Promise<number> {
  await connect(profile, values, context);
  const filter = cacheFilter(kind, values);
  const csv = typeof values.csv === 'string' ? await CsvFile.create(userPath(context.io, values.csv)) : null;
  const json = context.json ? jsonDocument(profile, kind, context) : null;
  const totals = new NodeTotals();
  const sink = async (rows: CacheRow[]): Promise<void> => {
    totals.add(rows);
    await csv?.add(rows);
    if (json) await json.add(rows);
    else if (!csv) await printRows(rows, context);
  };
  let listing: StreamedListing;
  try {
    listing = await streamCaches(context.services, profile.id, kind, filter, sink, (ready) =>
      warnBeforeRows(ready, context),
    );
    await csv?.finish();
  } catch (error) {
    await csv?.discard();
    // Rows already out belong to a document begun: it ends saying what failed rather than a second one.
    if (!json?.begun) throw error;
    const info = toErrorInfo(error);
    json.end(() => ({}), { ok: false, exitCode: exitCodeFor(info.code), error: info });
    return exitCodeFor(info.code);
  }
  const exitCode = listingExit(listing);
  if (json) endJson(json, listing, exitCode);
  warnAfterRows(listing, context);
  if (csv && !context.json) context.io.stderr(`${count(totals.caches, 'cache')} written to ${safeText(csv.path)}\n`);
  if (!context.json) totals.print(listing, context);
  return exitCode;
}
