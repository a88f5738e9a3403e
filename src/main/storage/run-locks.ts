/**
 * Which environments a run is working on now, so a second run against the same one can say so: one
 * file per environment in the data folder's locks/ folder, created exclusively, naming the process
 * and what it runs. A file left by a process that is gone (crashed, killed) is stale and taken over:
 * on the same machine its process id no longer answers; a file never written in full is stale after
 * a minute.
 */
import { hostname } from 'node:os';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFailure } from './json-file.ts';

export interface RunHolder {
  pid: number;
  host: string;
  startedAt: string;
  /** What the run is, in the user's words ("preset run nightly", "purge"). */
  what: string;
}

export interface HeldElsewhere {
  key: string;
  holder: RunHolder;
}

export interface Claim {
  /** The keys another live run holds (this run did not take them). */
  heldElsewhere: HeldElsewhere[];
  /** Gives back what this run took (once; later calls do nothing). */
  release(): Promise<void>;
}

const HALF_WRITTEN_STALE_MS = 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class RunLocks {
  readonly #folder: string;

  constructor(dataFolder: string) {
    this.#folder = join(dataFolder, 'locks');
  }

  async claim(keys: readonly string[], what: string): Promise<Claim> {
    // A data folder this user cannot write is said as every other write says it (FILE_ERROR naming it).
    await mkdir(this.#folder, { recursive: true, mode: 0o700 }).catch((error: unknown) => {
      throw writeFailure(this.#folder, error);
    });
    const holder: RunHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), what };
    const taken: string[] = [];
    const heldElsewhere: HeldElsewhere[] = [];
    for (const key of new Set(keys)) {
      const other = await this.#take(key, holder);
      if (other) heldElsewhere.push({ key, holder: other });
      else taken.push(key);
    }
    return {
      heldElsewhere,
      // Once only: a second call must not remove a file another run has taken since.
      release: async () => {
        const given = taken.splice(0);
        await Promise.all(given.map((key) => rm(this.#path(key), { force: true })));
      },
    };
  }

  #path(key: string): string {
    return join(this.#folder, `${key.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
  }

  /** Takes the key; null when taken, else the live run that holds it. */
  async #take(key: string, holder: RunHolder, attempt = 0): Promise<RunHolder | null> {
    const path = this.#path(key);
    try {
      const file = await open(path, 'wx', 0o600);
      await file.writeFile(JSON.stringify(holder));
      await file.close();
      return null;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && code !== undefined) throw writeFailure(path, error);
      if (code !== 'EEXIST' || attempt > 2) throw error;
    }
    const other = await this.#holder(path);
    if (other) return other;
    await rm(path, { force: true });
    return this.#take(key, holder, attempt + 1);
  }

  /** The live run holding a file; null when the file is stale (or gone). */
  async #holder(path: string): Promise<RunHolder | null> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return null;
    }
    try {
      const holder = JSON.parse(text) as RunHolder;
      if (typeof holder.pid !== 'number' || typeof holder.host !== 'string') throw new Error('not a holder');
      // Another machine's process (a shared data folder) cannot be asked: it counts as live.
      return holder.host !== hostname() || alive(holder.pid) ? holder : null;
    } catch {
      const age = Date.now() - ((await stat(path).catch(() => null))?.mtimeMs ?? 0);
      return age > HALF_WRITTEN_STALE_MS ? null : { pid: 0, host: '', startedAt: '', what: 'a run starting' };
    }
  }
}
