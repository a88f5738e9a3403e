/**
 * When the user last looked at each environment's failures (marked them seen on its overview),
 * kept per environment in a small file of the data folder, so the window and the command line
 * report the same "failures since the last look".
 */
import { join } from 'node:path';
import { readJson, withFileLock, writeJsonAtomic, type JsonRead } from '../storage/json-file.ts';

export const LAST_LOOK_FILE = 'overview-seen.json';

/** The times kept per environment; none (never looked) for a missing file or one not as the app wrote it. */
function looksOf(read: JsonRead): Record<string, string> {
  const parsed = read.state === 'parsed' ? read.value : null;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
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
    return looksOf(await readJson(this.#path));
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
