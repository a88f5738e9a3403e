/**
 * Which profiles' credential commands were confirmed on this machine: a hash of each confirmed
 * command per profile, in a file of the data folder that no export carries. A profile imported
 * from another admin's file comes with its command unconfirmed, so a file cannot make this machine
 * run a program; typing or confirming the command here confirms it. A confirmation is of the
 * command for the profile's server and user: a file that moves the profile elsewhere voids it.
 */
import { join } from 'node:path';
import * as v from 'valibot';
import { readJson, withFileLock, writeJsonAtomic } from '../storage/json-file.ts';

const TrustFileSchema = v.object({ confirmed: v.record(v.string(), v.string()) });
type TrustFile = v.InferOutput<typeof TrustFileSchema>;

export const COMMAND_TRUST_FILE = 'confirmed-commands.json';

/** What a confirmation is of: the command, for this profile's server and user (its secret goes nowhere else). */
export interface CommandOwner {
  id: string;
  url: string;
  username: string;
}

/** Node's crypto loads with the first hash, not with every command line start (most never need it). */
function hashOf(owner: CommandOwner, argv: readonly string[]): string {
  return process
    .getBuiltinModule('node:crypto')
    .createHash('sha256')
    .update(JSON.stringify([owner.id, owner.url, owner.username, ...argv]))
    .digest('hex');
}

export class CommandTrust {
  readonly #path: string;

  constructor(dataFolder: string) {
    this.#path = join(dataFolder, COMMAND_TRUST_FILE);
  }

  async isConfirmed(owner: CommandOwner, argv: readonly string[]): Promise<boolean> {
    return (await this.#read()).confirmed[owner.id] === hashOf(owner, argv);
  }

  async confirm(owner: CommandOwner, argv: readonly string[]): Promise<void> {
    await this.#update((file) => {
      file.confirmed[owner.id] = hashOf(owner, argv);
    });
  }

  async forget(profileId: string): Promise<void> {
    await this.#update((file) => {
      delete file.confirmed[profileId];
    });
  }

  /** A file that is missing or damaged confirms nothing: no command runs until confirmed again. */
  async #read(): Promise<TrustFile> {
    const read = await readJson(this.#path);
    const parsed = read.state === 'parsed' ? v.safeParse(TrustFileSchema, read.value) : null;
    return parsed?.success ? parsed.output : { confirmed: {} };
  }

  async #update(change: (file: TrustFile) => void): Promise<void> {
    await withFileLock(this.#path, async () => {
      const file = await this.#read();
      change(file);
      await writeJsonAtomic(this.#path, file);
    });
  }
}
