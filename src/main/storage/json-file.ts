/**
 * Safe JSON files for everything the app keeps on disk: atomic writes (temporary file, flush,
 * rename) so a crash never leaves half a file, a lock so the window and the command line never
 * lose each other's updates, and a corrupt file moved aside instead of being overwritten.
 */
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type * as properLockfile from 'proper-lockfile';
import type writeFileAtomicType from 'write-file-atomic';
import * as v from 'valibot';
import { AppError } from '../../shared/errors.ts';
import { describeIssues } from '../../shared/profile-schema.ts';

export interface Recovery {
  /** Where the unreadable file was moved. */
  movedTo: string;
  reason: string;
}

export type ReadOutcome<T> = { value: T; recovery: Recovery | null };

/** Checks and upgrades parsed JSON; throws (any error) when the content is not acceptable. */
export type Decoder<T> = (parsed: unknown) => T;

/** A decoder that accepts what `schema` accepts and says in a line what it found wrong. */
export function schemaDecoder<S extends v.GenericSchema>(schema: S): Decoder<v.InferOutput<S>> {
  return (parsed) => {
    const result = v.safeParse(schema, parsed);
    if (!result.success) throw new Error(describeIssues(result.issues));
    return result.output;
  };
}

// The lock and atomic-write libraries (with graceful-fs under them) load on the first write: a
// command line run that only reads its files starts without them.
const writeFileAtomic = async (...args: Parameters<typeof writeFileAtomicType>): Promise<void> =>
  (await import('write-file-atomic')).default(...args);
const lockFile = async (...args: Parameters<typeof properLockfile.lock>): Promise<() => Promise<void>> =>
  (await import('proper-lockfile')).default.lock(...args);

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, { fsync: true, mode: 0o600 });
  } catch (error) {
    throw new AppError('FILE_ERROR', `Cannot write ${path}.`, {
      details: { path, reason: (error as NodeJS.ErrnoException).code ?? 'write failed' },
    });
  }
}

/**
 * Reads and decodes a JSON file. A missing file gives `empty`; an unparsable or invalid one is
 * renamed to `<file>.corrupt-<time>` and reported, so its content is never lost or overwritten.
 */
export async function readJsonOrRecover<T>(path: string, decode: Decoder<T>, empty: () => T): Promise<ReadOutcome<T>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { value: empty(), recovery: null };
    throw new AppError('FILE_ERROR', `Cannot read ${path}.`, {
      details: { path, reason: (error as NodeJS.ErrnoException).code ?? 'read failed' },
    });
  }
  try {
    return { value: decode(JSON.parse(text) as unknown), recovery: null };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const movedTo = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(path, movedTo);
    const reason = error instanceof SyntaxError ? 'it is not valid JSON' : describeDecodeError(error);
    return { value: empty(), recovery: { movedTo, reason } };
  }
}

function describeDecodeError(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : 'its content is not valid';
}

/** Runs `update` while holding the file's lock (created beside it), retrying while another process holds it. */
export async function withFileLock<T>(path: string, update: () => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const release = await lockFile(path, {
    realpath: false,
    stale: 10_000,
    retries: { retries: 200, factor: 1.2, minTimeout: 5, maxTimeout: 100, randomize: true },
  });
  try {
    return await update();
  } finally {
    await release();
  }
}
