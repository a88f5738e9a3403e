/**
 * Which environments a run is working on now, so a second run against the same one can say so: one
 * file per environment in the data folder's locks/ folder, created exclusively, naming the process
 * and what it runs. A run that goes ahead alongside another (forced) writes a file of its own next
 * to it, so a later run is told of it too, even once the first has ended. A file left by a process
 * that is gone (crashed, killed) is stale and taken over: on the same machine its process id no
 * longer answers; a file never written in full is stale after a minute.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
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
  /** The keys another live run holds, one line per run (this run goes ahead only when alongside). */
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

  /**
   * Takes the keys for this run. `alongside`: where another run holds a key, this run records that
   * it runs next to it (a file of its own) rather than taking nothing.
   */
  async claim(keys: readonly string[], what: string, options: { alongside?: boolean } = {}): Promise<Claim> {
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
      else taken.push(this.#path(key));
      const beside = (await this.#alongsideHolders(key)).map((run) => ({ key, holder: run }));
      heldElsewhere.push(...beside);
      if (other && options.alongside) taken.push(await this.#writeAlongside(key, holder));
    }
    return {
      heldElsewhere,
      // Once only: a second call must not remove a file another run has taken since.
      release: async () => {
        const given = taken.splice(0);
        await Promise.all(given.map((path) => rm(path, { force: true })));
      },
    };
  }

  /** The live runs holding the keys now, without taking anything (what a plan shows before it runs). */
  async holders(keys: readonly string[]): Promise<HeldElsewhere[]> {
    const held: HeldElsewhere[] = [];
    for (const key of new Set(keys)) {
      const primary = await this.#holder(this.#path(key));
      if (primary) held.push({ key, holder: primary });
      held.push(...(await this.#alongsideHolders(key)).map((holder) => ({ key, holder })));
    }
    return held;
  }

  #safe(key: string): string {
    return key.replace(/[^A-Za-z0-9_-]/g, '_');
  }

  #path(key: string): string {
    return join(this.#folder, `${this.#safe(key)}.json`);
  }

  async #writeAlongside(key: string, holder: RunHolder): Promise<string> {
    const path = join(this.#folder, `${this.#safe(key)}.alongside.${randomUUID()}.json`);
    try {
      const file = await open(path, 'wx', 0o600);
      await file.writeFile(JSON.stringify(holder));
      await file.close();
    } catch (error) {
      throw writeFailure(path, error);
    }
    return path;
  }

  /** The live runs going on alongside the key's holder; files of runs that are gone are removed. */
  async #alongsideHolders(key: string): Promise<RunHolder[]> {
    const prefix = `${this.#safe(key)}.alongside.`;
    const names = (await readdir(this.#folder).catch(() => [] as string[])).filter((name) => name.startsWith(prefix));
    const live: RunHolder[] = [];
    for (const name of names) {
      const path = join(this.#folder, name);
      const holder = await this.#holder(path);
      if (holder) live.push(holder);
      else await rm(path, { force: true });
    }
    return live;
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
