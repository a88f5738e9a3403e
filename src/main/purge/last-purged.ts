/**
 * When each project of each environment was last purged, for the projects table, kept in memory:
 * built by one read of the whole history, then kept up to date by reading only what was appended
 * to the newest file since the last look, by this app or by a scheduled run in another process.
 * Reading the history backwards until every project was found cost a full read of the rotation
 * (up to 60 MB) on every refresh as soon as one project had never been purged.
 */
import { open, stat } from 'node:fs/promises';
import { readHistoryLine } from './history-line.ts';

const SLICE_BYTES = 256 * 1024;

interface Seen {
  /** The newest file's identity (its inode alone may be reused) and how much of it has been read (whole lines only). */
  id: string;
  read: number;
}

function key(profileId: string, projectId: string): string {
  return `${profileId}\u0000${projectId}`;
}

async function fileStat(path: string): Promise<{ id: string; size: number } | null> {
  try {
    const found = await stat(path);
    return { id: `${found.dev}:${found.ino}:${found.birthtimeMs}`, size: found.size };
  } catch {
    return null;
  }
}

export class LastPurgedIndex {
  readonly #files: () => string[];
  #latest = new Map<string, string>();
  #seen: Seen | null = null;
  #refreshing: Promise<void> | null = null;

  /** `files`: the newest file first, as the history names them. */
  constructor(files: () => string[]) {
    this.#files = files;
  }

  async get(profileId: string, projectIds: readonly string[]): Promise<Record<string, string>> {
    // Calls that arrive together share one look at the files.
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = null));
    await this.#refreshing;
    const last: Record<string, string> = {};
    for (const projectId of projectIds) {
      const time = this.#latest.get(key(profileId, projectId));
      if (time !== undefined) last[projectId] = time;
    }
    return last;
  }

  async #refresh(): Promise<void> {
    const [newest, ...older] = this.#files() as [string, ...string[]];
    const now = await fileStat(newest);
    const seen = this.#seen;
    if (seen && now && now.id === seen.id && now.size >= seen.read) {
      seen.read += await this.#readFrom(newest, seen.read, now.size);
      return;
    }
    // First look, or the files were rotated or replaced since: read them all, oldest first.
    this.#latest = new Map();
    for (const file of older.reverse()) {
      const found = await fileStat(file);
      if (found) await this.#readFrom(file, 0, found.size);
    }
    this.#seen = now ? { id: now.id, read: await this.#readFrom(newest, 0, now.size) } : null;
  }

  /** Reads the whole lines between two offsets into the index; how many bytes that was. */
  async #readFrom(file: string, start: number, end: number): Promise<number> {
    if (end <= start) return 0;
    const handle = await open(file, 'r').catch(() => null);
    if (!handle) return 0;
    try {
      const buffer = Buffer.alloc(end - start);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      // A line still being written by another process is left for the next look.
      const whole = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
      // A first look reads up to 60 MB: a slice at a time, so the main process keeps answering the
      // window in between.
      for (let from = 0; from < whole;) {
        let to = Math.min(from + SLICE_BYTES, whole);
        if (to < whole) to = Math.max(buffer.lastIndexOf(0x0a, to - 1), buffer.indexOf(0x0a, from)) + 1;
        for (const line of buffer.toString('utf8', from, to).split('\n')) this.#note(line);
        from = to;
        if (from < whole) await new Promise((resolve) => setImmediate(resolve));
      }
      return whole;
    } finally {
      await handle.close();
    }
  }

  #note(line: string): void {
    // Failed and cancelled lines are passed over without reading them further.
    if (!line.includes('succeeded')) return;
    const entry = quickRead(line) ?? parsed(line);
    // Cache monitor actions have an action; a purge has none.
    if (!entry || entry.outcome !== 'succeeded' || entry.action) return;
    const at = key(entry.profileId, entry.projectId);
    const known = this.#latest.get(at);
    if (known === undefined || isLater(entry.time, known)) this.#latest.set(at, entry.time);
  }
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The app writes toISOString() times, which compare as text; anything else goes through Date. */
function isLater(time: string, than: string): boolean {
  return ISO_UTC.test(time) && ISO_UTC.test(than) ? time > than : Date.parse(time) > Date.parse(than);
}

interface Fields {
  time: string;
  profileId: string;
  projectId: string;
  outcome: unknown;
  action: boolean;
}

/** Members as JSON.stringify writes them: a key is always preceded by `{` or `,`, never inside a string. */
const MEMBERS = {
  time: /[{,]"time":"([^"\\]*)"/,
  profileId: /[{,]"profileId":"([^"\\]*)"/,
  projectId: /[{,]"projectId":"([^"\\]*)"/,
  outcome: /[{,]"outcome":"([^"\\]*)"/,
};

function member(line: string, name: keyof typeof MEMBERS): string | null {
  return MEMBERS[name].exec(line)?.[1] ?? null;
}

/** The few members needed, from a line the app wrote, without parsing all of it (a first look reads every line). */
function quickRead(line: string): Fields | null {
  const time = member(line, 'time');
  const profileId = member(line, 'profileId');
  const projectId = member(line, 'projectId');
  if (time === null || profileId === null || projectId === null) return null;
  return { time, profileId, projectId, outcome: member(line, 'outcome'), action: line.includes(',"action":') };
}

/** Any other valid line (written by hand, or by a tool that spaces its JSON). */
function parsed(line: string): Fields | null {
  const entry = readHistoryLine(line);
  if (!entry || typeof entry.profileId !== 'string') return null;
  const { time, profileId, projectId } = entry;
  return { time, profileId, projectId, outcome: entry.outcome, action: entry.action !== undefined };
}
