/**
 * Safe JSON files for everything the app keeps on disk: atomic writes (temporary file, flush,
 * rename) so a crash never leaves half a file, and a lock so the window and the command line never
 * lose each other's updates. Reading never changes a file: a file that cannot be read is reported
 * as a problem value (see entry-file.ts for the files of entries an admin may edit by hand).
 */
import { constants } from 'node:fs';
import { access, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type * as properLockfile from 'proper-lockfile';
import type writeFileAtomicType from 'write-file-atomic';
import { AppError } from '../../shared/errors.ts';

// The lock and atomic-write libraries (with graceful-fs under them) load on the first write: a
// command line run that only reads its files starts without them.
const writeFileAtomic = async (...args: Parameters<typeof writeFileAtomicType>): Promise<void> =>
  (await import('write-file-atomic')).default(...args);
const lockFile = async (...args: Parameters<typeof properLockfile.lock>): Promise<() => Promise<void>> =>
  (await import('proper-lockfile')).default.lock(...args);

/** What a JSON file held: nothing (no file), a value, or text that is not JSON (and why). */
export type JsonRead =
  { state: 'missing' } | { state: 'parsed'; value: unknown } | { state: 'unparsable'; reason: string };

/** Errors that mean "this user may not write here", as opposed to a disk that failed. */
const NOT_WRITABLE = ['EACCES', 'EPERM', 'EROFS'];

/** A write that failed, as FILE_ERROR naming the folder when the folder is what refused it. */
export function writeFailure(path: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code ?? 'write failed';
  const folder = dirname(path);
  const message = NOT_WRITABLE.includes(code)
    ? `The data folder ${folder} cannot be written by this user (${code}); nothing was saved. Reading still works; fix its permissions or point MSTR_CACHE_HOME (or --data-folder) at a folder you can write.`
    : `Cannot write ${path} (${code}); nothing was saved.`;
  return new AppError('FILE_ERROR', message, { details: { path, folder, reason: code } });
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, { fsync: true, mode: 0o600 });
  } catch (error) {
    throw writeFailure(path, error);
  }
}

/**
 * Reads a JSON file as an editor saved it: a UTF-8 byte order mark (which Windows editors add) is
 * not part of the JSON. A file that cannot be read at all is FILE_ERROR.
 */
export async function readJson(path: string): Promise<JsonRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw new AppError('FILE_ERROR', `Cannot read ${path}.`, {
      details: { path, reason: (error as NodeJS.ErrnoException).code ?? 'read failed' },
    });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { state: 'parsed', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { state: 'unparsable', reason: syntaxReason(text, error) };
  }
}

/** Where the JSON broke, as line and column; never the text around it (it could be anything). */
function syntaxReason(text: string, error: unknown): string {
  if (text.trim() === '') return 'it is empty';
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('Unexpected end')) return 'it is not valid JSON (it ends too early)';
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return 'it is not valid JSON';
  const before = text.slice(0, Number(position)).split('\n');
  return `it is not valid JSON (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}

/** Runs `update` while holding the file's lock (created beside it), retrying while another process holds it. */
export async function withFileLock<T>(path: string, update: () => Promise<T>): Promise<T> {
  let release: () => Promise<void>;
  try {
    await mkdir(dirname(path), { recursive: true });
    // The lock library retries every failure for seconds: a folder that refuses writes is said at once.
    await access(dirname(path), constants.W_OK);
    release = await lockFile(path, {
      realpath: false,
      stale: 10_000,
      retries: { retries: 200, factor: 1.2, minTimeout: 5, maxTimeout: 100, randomize: true },
    });
  } catch (error) {
    if (NOT_WRITABLE.includes((error as NodeJS.ErrnoException).code ?? '')) throw writeFailure(path, error);
    throw error;
  }
  try {
    return await update();
  } finally {
    await release();
  }
}
