/**
 * The last project list of each profile, kept on disk with the time it was fetched, so an
 * environment that cannot be reached still shows what it had (marked as offline, with its age).
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isAppError, toErrorInfo } from '../../shared/errors.ts';
import type { Project, ProjectListing } from '../../shared/model.ts';
import type { ProfileSession } from '../sessions/profile-session.ts';
import { writeJsonAtomic } from '../storage/json-file.ts';
import { listEnvironmentProjects } from './project-list.ts';

interface CachedList {
  fetchedAt: string;
  projects: Project[];
  /** Missing in copies stored before it was kept: those came from the loaded list alone. */
  unloadedKnown?: boolean;
}

export class ProjectCache {
  readonly folder: string;

  constructor(dataFolder: string) {
    this.folder = join(dataFolder, 'projects');
  }

  /** Asks the server when `refresh` or when nothing is stored; falls back to the stored copy. */
  async list(session: ProfileSession, refresh: boolean): Promise<Omit<ProjectListing, 'lastPurged'>> {
    const profileId = session.profileId;
    const stored = await this.#read(profileId);
    const known = (list: CachedList): boolean => list.unloadedKnown ?? false;
    if (stored && !refresh) return { profileId, ...stored, unloadedKnown: known(stored), offline: false, error: null };
    let fetched: CachedList;
    try {
      const listed = await session.use((client) => listEnvironmentProjects(client));
      fetched = { fetchedAt: new Date().toISOString(), ...listed };
    } catch (error) {
      if (!stored) throw error;
      return { profileId, ...stored, unloadedKnown: known(stored), offline: true, error: toErrorInfo(error) };
    }
    await this.#keep(profileId, fetched);
    return { profileId, ...fetched, unloadedKnown: known(fetched), offline: false, error: null };
  }

  /** Best effort: a data folder this user cannot write only means the copy is not kept. */
  async #keep(profileId: string, fetched: CachedList): Promise<void> {
    try {
      await mkdir(this.folder, { recursive: true });
      await writeJsonAtomic(this.#path(profileId), fetched);
    } catch (error) {
      if (!isAppError(error) && (error as NodeJS.ErrnoException).code === undefined) throw error;
    }
  }

  /** When the stored list of a profile was fetched, or null without one. */
  async fetchedAt(profileId: string): Promise<string | null> {
    return (await this.#read(profileId))?.fetchedAt ?? null;
  }

  async forget(profileId: string): Promise<void> {
    await rm(this.#path(profileId), { force: true });
  }

  #path(profileId: string): string {
    return join(this.folder, `${profileId}.json`);
  }

  async #read(profileId: string): Promise<CachedList | null> {
    try {
      const parsed = JSON.parse(await readFile(this.#path(profileId), 'utf8')) as CachedList;
      return Array.isArray(parsed.projects) && typeof parsed.fetchedAt === 'string' ? parsed : null;
    } catch {
      return null;
    }
  }
}
