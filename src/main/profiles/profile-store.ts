/**
 * The saved connection profiles, kept offline in `profiles.json` in the data folder. Every change
 * re-reads the file under a lock and writes it atomically, so the window and the command line can
 * change profiles at the same time without losing an update. Profiles hold no secrets. A profile
 * an admin broke by hand is left out and reported, and stays in the file as it was.
 */
import { join } from 'node:path';
import * as v from 'valibot';
import { AppError } from '../../shared/errors.ts';
import type { DataFileProblem } from '../../shared/data-file-problems.ts';
import {
  PROFILE_SCHEMA_VERSION,
  ProfileDraftSchema,
  ProfileSchema,
  defaultTierColor,
  describeIssues,
  type Profile,
  type ProfileDraftInput,
} from '../../shared/profile-schema.ts';
import { parseLibraryUrl } from '../../shared/library-url.ts';
import { assertValidName } from '../../shared/name-rules.ts';
import { readCaFile } from '../mstr/transport.ts';
import { EntryFile, type LoadedFile, type ProblemSink } from '../storage/entry-file.ts';
import { newId } from '../storage/new-id.ts';

export const PROFILES_FILE = 'profiles.json';

export interface ProfileList {
  profiles: Profile[];
  /** What is wrong with the file: entries left out, or the whole file unreadable. */
  problems: DataFileProblem[];
}

export class ProfileStore {
  readonly path: string;
  readonly #now: () => Date;
  readonly #file: EntryFile<typeof ProfileSchema>;

  constructor(dataFolder: string, now: () => Date = () => new Date(), onProblems?: ProblemSink) {
    this.path = join(dataFolder, PROFILES_FILE);
    this.#now = now;
    this.#file = new EntryFile(
      this.path,
      {
        listKey: 'profiles',
        version: PROFILE_SCHEMA_VERSION,
        schema: ProfileSchema,
        identity: 'id',
        nameField: 'name',
        // Version 0: a bare array of profiles (hand-written files).
        upgradeFile: (parsed) => (Array.isArray(parsed) ? { schemaVersion: 1, profiles: parsed } : parsed),
      },
      onProblems,
    );
  }

  async list(): Promise<ProfileList> {
    const { entries, problems } = await this.#file.load();
    return { profiles: entries, problems };
  }

  /** The valid profiles and the file's problems, and whether the file could be read at all. */
  async load(): Promise<LoadedFile<Profile>> {
    return this.#file.load();
  }

  async get(id: string): Promise<Profile> {
    const profile = (await this.#read()).find((candidate) => candidate.id === id);
    if (!profile) throw notFound(id);
    return profile;
  }

  /** A profile by exact id, or by name ignoring case (what the command line accepts). */
  async find(nameOrId: string): Promise<Profile> {
    const profiles = await this.#read();
    const wanted = nameOrId.trim().toLowerCase();
    const profile =
      profiles.find((candidate) => candidate.id === nameOrId) ??
      profiles.find((candidate) => candidate.name.toLowerCase() === wanted);
    if (!profile) throw notFound(nameOrId);
    return profile;
  }

  async create(input: ProfileDraftInput): Promise<Profile> {
    assertUsableCaFile(input);
    return this.#mutate((profiles) => {
      const now = this.#now().toISOString();
      const profile: Profile = { id: newId(), ...validDraft(input), createdAt: now, updatedAt: now };
      assertValidName('environment', profile.name);
      assertUniqueName(profiles, profile.name);
      return { profiles: [...profiles, profile], result: profile };
    });
  }

  async update(id: string, input: ProfileDraftInput): Promise<Profile> {
    assertUsableCaFile(input);
    return this.#mutate((profiles) => {
      const existing = profiles.find((candidate) => candidate.id === id);
      if (!existing) throw notFound(id);
      const updated: Profile = { ...existing, ...validDraft(input), updatedAt: this.#now().toISOString() };
      // A name kept as it was stays usable (its other fields can still be edited); a new one follows the rule.
      if (updated.name !== existing.name) assertValidName('environment', updated.name);
      assertUniqueName(profiles, updated.name, id);
      return { profiles: profiles.map((candidate) => (candidate.id === id ? updated : candidate)), result: updated };
    });
  }

  async duplicate(id: string): Promise<Profile> {
    return this.#mutate((profiles) => {
      const index = profiles.findIndex((candidate) => candidate.id === id);
      const source = profiles[index];
      if (!source) throw notFound(id);
      const now = this.#now().toISOString();
      assertValidName('environment', source.name);
      const copy: Profile = {
        ...source,
        id: newId(),
        name: freeName(profiles, `${source.name} (copy)`),
        createdAt: now,
        updatedAt: now,
      };
      return { profiles: [...profiles.slice(0, index + 1), copy, ...profiles.slice(index + 1)], result: copy };
    });
  }

  async remove(id: string): Promise<Profile> {
    return this.#mutate((profiles) => {
      const removed = profiles.find((candidate) => candidate.id === id);
      if (!removed) throw notFound(id);
      return { profiles: profiles.filter((candidate) => candidate.id !== id), result: removed };
    });
  }

  /** Puts the profiles in the order of `ids`, which must name every profile once. */
  async reorder(ids: readonly string[]): Promise<Profile[]> {
    return this.#mutate((profiles) => {
      const byId = new Map(profiles.map((profile) => [profile.id, profile]));
      if (ids.length !== profiles.length || new Set(ids).size !== ids.length || ids.some((id) => !byId.has(id))) {
        throw new AppError('VALIDATION', 'The new order must list every profile exactly once.');
      }
      const ordered = ids.map((id) => byId.get(id) as Profile);
      return { profiles: ordered, result: ordered };
    });
  }

  /** Replaces the whole list (used by import, which prepares it under the same lock). */
  async transform<T>(change: (profiles: Profile[]) => { profiles: Profile[]; result: T }): Promise<T> {
    return this.#mutate(change);
  }

  async #read(): Promise<Profile[]> {
    return (await this.#file.load()).entries;
  }

  async #mutate<T>(change: (profiles: Profile[]) => { profiles: Profile[]; result: T }): Promise<T> {
    return this.#file.update((entries) => {
      const { profiles, result } = change(entries);
      return { entries: profiles, result };
    });
  }
}

/** Validates what a user typed and normalises the URL to the Library root. */
export function validDraft(input: ProfileDraftInput): Omit<Profile, 'id' | 'createdAt' | 'updatedAt'> {
  const result = v.safeParse(ProfileDraftSchema, input);
  if (!result.success) {
    throw new AppError('VALIDATION', describeIssues(result.issues), {
      details: { field: result.issues[0]?.path?.map((item) => String(item.key)).join('.') ?? null },
    });
  }
  const draft = result.output;
  return {
    ...draft,
    url: parseLibraryUrl(draft.url).root,
    tierColor: draft.tierColor ?? defaultTierColor(draft.tier),
  };
}

/**
 * A CA file is checked before a profile is saved with it, so a typo never reaches the profiles file
 * (imports keep paths from other machines as they are; connecting then names the problem).
 */
function assertUsableCaFile(input: ProfileDraftInput): void {
  if (input.tls?.mode !== 'ca-file') return;
  try {
    readCaFile(input.tls.caFile.trim());
  } catch (error) {
    if (error instanceof AppError)
      throw new AppError('VALIDATION', `${error.message} Nothing was saved.`, {
        details: { field: 'tls.caFile', path: input.tls.caFile },
      });
    throw error;
  }
}

function assertUniqueName(profiles: readonly Profile[], name: string, exceptId?: string): void {
  const taken = profiles.some(
    (profile) => profile.id !== exceptId && profile.name.toLowerCase() === name.toLowerCase(),
  );
  if (taken)
    throw new AppError('PROFILE_NAME_TAKEN', `A profile named "${name}" already exists.`, { details: { name } });
}

export function freeName(profiles: readonly Profile[], wanted: string): string {
  const taken = new Set(profiles.map((profile) => profile.name.toLowerCase()));
  if (!taken.has(wanted.toLowerCase())) return wanted;
  for (let counter = 2; ; counter += 1) {
    const candidate = `${wanted} ${counter}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function notFound(nameOrId: string): AppError {
  return new AppError('PROFILE_NOT_FOUND', `No profile "${nameOrId.slice(0, 80)}".`);
}
