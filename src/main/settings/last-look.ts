/**
 * When the user last looked at each environment's failures (marked them seen on its overview),
 * kept per environment in a small file of the data folder, so the window and the command line
 * report the same "failures since the last look".
 */
import { join } from 'node:path';
import { readJsonOrRecover, withFileLock, writeJsonAtomic } from '../storage/json-file.ts';

export const LAST_LOOK_FILE = 'overview-seen.json';

function decodeLooks(parsed: unknown): Record<string, string> {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  const looks: Record<string, string> = {};
  for (const [profileId, time] of Object.entries(parsed)) {
    if (typeof time === 'string' && !Number.isNaN(Date.parse(time))) looks[profileId] = time;
  }
  return looks;
}

export class LastLooks {
  readonly #path: string;

  constructor(dataFolder: string) {
    this.#path = join(dataFolder, LAST_LOOK_FILE);
  }

  async all(): Promise<Record<string, string>> {
    return (await readJsonOrRecover(this.#path, decodeLooks, () => ({}))).value;
  }

  async of(profileId: string): Promise<string | null> {
    return (await this.all())[profileId] ?? null;
  }

  /** Marks the environment's failures up to `time` as seen. */
  async mark(profileId: string, time: Date): Promise<string> {
    const at = time.toISOString();
    await withFileLock(this.#path, async () => {
      const looks = await this.all();
      await writeJsonAtomic(this.#path, { ...looks, [profileId]: at });
    });
    return at;
  }
}
