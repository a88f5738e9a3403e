/**
 * The audit history: one JSON line per purge call, appended and flushed as each call ends so a
 * crash loses nothing already done; rotated at 10 MB keeping 5 older files; read newest first from
 * the end of the files (the latest entries cost what they are); exported to CSV as a stream. Lines
 * hold facts only, never a secret.
 */
import { writeSync } from 'node:fs';
import { constants } from 'node:fs';
import { access, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify as stringifyStream } from 'csv-stringify';
import { AppError } from '../../shared/errors.ts';
import type { HistoryEntry } from '../../shared/model.ts';
import { withFileLock, writeFailure } from '../storage/json-file.ts';
import { linesBackward } from '../storage/lines-backward.ts';
import { readHistoryLine } from './history-line.ts';
import { LastPurgedIndex } from './last-purged.ts';

export const HISTORY_FILE = 'history.jsonl';

export interface HistoryFilter {
  since?: Date;
  until?: Date;
  profileName?: string;
  outcome?: HistoryEntry['outcome'];
  limit?: number;
  runId?: string;
}

export const HISTORY_COLUMNS: (keyof HistoryEntry)[] = [
  'time',
  'durationMs',
  'profileName',
  'serverHost',
  'user',
  'projectName',
  'projectId',
  'cacheType',
  'action',
  'node',
  'cacheName',
  'cacheId',
  'outcome',
  'httpStatus',
  'mstrCode',
  'ticketId',
  'errorCode',
  'message',
  'attempts',
  'retries',
  'runId',
  'profileId',
  'scheduled',
  'step',
];

interface Batch {
  lines: string[];
  written: Promise<void>;
}

export class PurgeHistory {
  readonly path: string;
  readonly #maxBytes: number;
  readonly #keep: number;
  #syncTimer: NodeJS.Timeout | null = null;
  #knownSize: number | null = null;
  #writer: Promise<FileHandle> | null = null;
  /** The run's file once it is open and no queued write, rotation or close is using it. */
  #open: FileHandle | null = null;
  /** The lines waiting for the write going on now. */
  #batch: Batch | null = null;
  #writing: Promise<void> = Promise.resolve();
  /** Queued writes and syncs not finished yet: while there are any, lines queue behind them. */
  #queued = 0;
  readonly #lastPurged = new LastPurgedIndex(() => this.#files());

  constructor(dataFolder: string, options: { maxBytes?: number; keep?: number } = {}) {
    this.path = join(dataFolder, HISTORY_FILE);
    this.#maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.#keep = options.keep ?? 5;
  }

  /**
   * Writes the line to the file before returning: once an item is in the operating system's hands,
   * a crash or kill of the app cannot lose it. While the run's file is open and far from the
   * rotation size, the line is written at once, synchronously: appending a few hundred bytes to
   * the operating system's cache takes microseconds, less than the thread pool round trip of an
   * asynchronous write (the difference is most of what the history costs a purge call). Opening
   * the file, rotating it and closing it are asynchronous and queued; lines that arrive meanwhile
   * wait behind them and are written together (a group commit). The flush to disk is batched
   * (`sync`, at least every second and at the end of every run), because waiting for the disk
   * after every call would put it on each purge's path.
   */
  /**
   * Refuses (FILE_ERROR naming the folder) where this user cannot write the history, so that a run
   * is stopped before it sends anything rather than carried out with no record of it.
   */
  async assertWritable(): Promise<void> {
    try {
      await access(dirname(this.path), constants.W_OK);
      await access(this.path, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw writeFailure(this.path, error);
    }
  }

  async append(entry: HistoryEntry): Promise<void> {
    await this.appendAll([entry]);
  }

  /** Several lines in one write, with the same promise. */
  appendAll(entries: readonly HistoryEntry[]): Promise<void> {
    return this.appendLines(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  }

  /** Lines already serialised, each a HistoryEntry as JSON ending in a newline (a batch of caches). */
  appendLines(text: string): Promise<void> {
    if (text === '') return Promise.resolve();
    if (this.#queued === 0 && this.#open !== null) {
      const bytes = Buffer.byteLength(text);
      if (this.#farFromFull(bytes)) {
        try {
          writeAll(this.#open.fd, text, bytes);
        } catch (error) {
          this.#open = null;
          return Promise.reject(this.#writeFailure(error));
        }
        this.#knownSize = (this.#knownSize ?? 0) + bytes;
        this.#syncSoon();
        return Promise.resolve();
      }
    }
    return this.#enqueue(text);
  }

  #enqueue(text: string): Promise<void> {
    if (!this.#batch) {
      const batch: Batch = { lines: [], written: Promise.resolve() };
      batch.written = this.#inQueue(() => {
        // From here on the batch is closed: later lines go to the next one.
        if (this.#batch === batch) this.#batch = null;
        return this.#write(batch.lines.join(''));
      });
      this.#batch = batch;
    }
    this.#batch.lines.push(text);
    return this.#batch.written;
  }

  /** Runs `work` after everything queued before it; the file is not written directly meanwhile. */
  #inQueue(work: () => Promise<void>): Promise<void> {
    this.#queued += 1;
    const done = this.#writing.then(work).finally(() => {
      this.#queued -= 1;
    });
    this.#writing = done.catch(() => undefined);
    return done;
  }

  async #write(text: string): Promise<void> {
    this.#open = null;
    await this.#rotateIfFull(Buffer.byteLength(text));
    try {
      // One open file for a run's lines (opened on the first, closed by `sync`).
      this.#writer ??= open(this.path, 'a', 0o600);
      const handle = await this.#writer;
      await handle.write(text);
      this.#open = handle;
    } catch (error) {
      this.#writer = null;
      throw this.#writeFailure(error);
    }
    this.#syncSoon();
  }

  #writeFailure(error: unknown): AppError {
    return new AppError('FILE_ERROR', `Cannot write the purge history at ${this.path}.`, {
      details: { path: this.path, reason: (error as NodeJS.ErrnoException).code ?? 'write failed' },
    });
  }

  /** Flushes what was appended to the disk (also against a power cut) and closes the file. */
  sync(): Promise<void> {
    if (this.#syncTimer) clearTimeout(this.#syncTimer);
    this.#syncTimer = null;
    // In the write queue: lines handed over before are written first, and no write uses the file
    // while it is being closed.
    return this.#inQueue(() => this.#flushAndClose());
  }

  async #flushAndClose(): Promise<void> {
    const writer = this.#writer;
    this.#writer = null;
    this.#open = null;
    const handle = await writer?.catch(() => null);
    if (!handle) return;
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }

  #syncSoon(): void {
    this.#syncTimer ??= setTimeout(() => void this.sync().catch(() => undefined), 1000);
    this.#syncTimer.unref();
  }

  /**
   * The matching entries, newest first, read from the end of the newest file backwards: the latest
   * few cost a few reads, whatever the size of the history. Lines that cannot be read (a torn last
   * line after a power cut) are passed over.
   */
  async *entries(filter: HistoryFilter = {}): AsyncGenerator<HistoryEntry> {
    let count = 0;
    if (filter.limit === 0) return;
    for (const file of this.#files()) {
      for await (const line of linesBackward(file)) {
        const entry = readHistoryLine(line);
        if (!entry || !matches(entry, filter)) continue;
        yield entry;
        count += 1;
        if (filter.limit !== undefined && count >= filter.limit) return;
      }
    }
  }

  /** Newest first, as an array (the window's list, which always has a limit). */
  async list(filter: HistoryFilter = {}): Promise<HistoryEntry[]> {
    const entries: HistoryEntry[] = [];
    for await (const entry of this.entries(filter)) entries.push(entry);
    return entries;
  }

  /** Per project of a profile, when a purge of it was last accepted (see LastPurgedIndex). */
  lastPurged(profileId: string, projectIds: readonly string[]): Promise<Record<string, string>> {
    return this.#lastPurged.get(profileId, projectIds);
  }

  /** Writes the matching entries as CSV, streamed: any history size in bounded memory. */
  async exportCsv(file: string, filter: HistoryFilter = {}): Promise<number> {
    let handle;
    try {
      handle = await open(file, 'w', 0o600);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'write failed';
      const hint =
        reason === 'ENOENT' ? ' Its folder does not exist.' : reason === 'EACCES' ? ' Permission denied.' : '';
      throw new AppError('FILE_ERROR', `Cannot write ${file}.${hint}`, { details: { path: file, reason } });
    }
    let count = 0;
    const entries = this.entries(filter);
    const rows = Readable.from(
      (async function* () {
        for await (const entry of entries) {
          count += 1;
          yield csvRow(entry);
        }
      })(),
    );
    try {
      await pipeline(rows, stringifyStream(CSV_OPTIONS), handle.createWriteStream());
    } finally {
      await handle.close().catch(() => undefined);
    }
    return count;
  }

  /** history.jsonl, then history.jsonl.1 (newer) ... history.jsonl.N (oldest). */
  #files(): string[] {
    return [this.path, ...Array.from({ length: this.#keep }, (_, index) => `${this.path}.${index + 1}`)];
  }

  /** Whether `incoming` more bytes leave the file, as this process last knew it, clear of the rotation size. */
  #farFromFull(incoming: number): boolean {
    return this.#knownSize !== null && this.#knownSize + incoming <= this.#maxBytes * 0.9;
  }

  /**
   * Rotation is checked against the size this process last saw plus what it wrote since, and the file
   * is looked at again only near the limit (another process may be appending too).
   */
  async #rotateIfFull(incoming: number): Promise<void> {
    if (this.#farFromFull(incoming)) {
      this.#knownSize = (this.#knownSize ?? 0) + incoming;
      return;
    }
    this.#knownSize = (await sizeOf(this.path)) + incoming;
    if (this.#knownSize <= this.#maxBytes) return;
    this.#knownSize = null;
    // Already in the write queue (a write rotates): close the file here, not through sync().
    await this.#flushAndClose();
    await withFileLock(this.path, async () => {
      // Another writer may have rotated while this one waited for the lock.
      if ((await sizeOf(this.path)) + incoming <= this.#maxBytes) return;
      const files = this.#files();
      await rm(files[files.length - 1] as string, { force: true });
      for (let index = files.length - 2; index >= 0; index -= 1) {
        await rename(files[index] as string, files[index + 1] as string).catch(() => undefined);
      }
    });
  }
}

/**
 * Names, messages and ticketIds come from servers: a cell that starts like a formula is escaped the
 * way spreadsheets expect, so opening the export never runs anything.
 */
const CSV_OPTIONS = { header: true, columns: HISTORY_COLUMNS as string[], escape_formulas: true };

function csvRow(entry: HistoryEntry): (string | number | boolean)[] {
  return HISTORY_COLUMNS.map((column) => {
    // Written out: the CSV writer would write false as an empty cell.
    if (column === 'scheduled') return entry.scheduled === true ? 'true' : 'false';
    const value = entry[column];
    return Array.isArray(value) ? value.join('; ') : (value ?? '');
  });
}

/**
 * Written as the string it is: Node encodes it straight into the write, where a Buffer made first
 * cost ten times as much for a batch's 500 lines (fresh memory for each). A regular file may take
 * less than asked in one write (rare, but then the rest follows).
 */
function writeAll(fd: number, text: string, bytes: number): void {
  const written = writeSync(fd, text);
  if (written === bytes) return;
  const data = Buffer.from(text);
  for (let offset = written; offset < bytes;) offset += writeSync(fd, data, offset);
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function matches(entry: HistoryEntry, filter: HistoryFilter): boolean {
  const time = Date.parse(entry.time);
  if (filter.since && time < filter.since.getTime()) return false;
  if (filter.until && time > filter.until.getTime()) return false;
  if (filter.profileName && entry.profileName.toLowerCase() !== filter.profileName.toLowerCase()) return false;
  if (filter.outcome && entry.outcome !== filter.outcome) return false;
  if (filter.runId && entry.runId !== filter.runId) return false;
  return true;
}
