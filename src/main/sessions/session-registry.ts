/**
 * All profile sessions of this process: one ProfileSession per profile, created on first use,
 * forgotten (with its keychain entries) when the profile is deleted, all logged out on quit.
 */
import type { SessionView } from '../../shared/model.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { ProfileSession, type CredentialCommands, type SessionTiming } from './profile-session.ts';

export class SessionRegistry {
  readonly #sessions = new Map<string, ProfileSession>();
  readonly #secrets: SecretStore;
  readonly #listeners = new Set<(view: SessionView) => void>();
  readonly #timing: Partial<SessionTiming>;
  readonly #commands: CredentialCommands | undefined;

  constructor(secrets: SecretStore, timing: Partial<SessionTiming> = {}, commands?: CredentialCommands) {
    this.#secrets = secrets;
    this.#timing = timing;
    this.#commands = commands;
  }

  /** The session of a profile, with the profile's latest settings. */
  async for(profile: Profile): Promise<ProfileSession> {
    const existing = this.#sessions.get(profile.id);
    if (existing) {
      await existing.updateProfile(profile);
      return existing;
    }
    const created = new ProfileSession(
      profile,
      this.#secrets,
      (view) => this.#publish(view),
      this.#timing,
      this.#commands,
    );
    this.#sessions.set(profile.id, created);
    return created;
  }

  views(): SessionView[] {
    return [...this.#sessions.values()].map((session) => session.view);
  }

  view(profileId: string): SessionView | null {
    return this.#sessions.get(profileId)?.view ?? null;
  }

  onChange(listener: (view: SessionView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Logs out and forgets every secret of a deleted profile. */
  async forget(profileId: string): Promise<void> {
    const session = this.#sessions.get(profileId);
    if (session) {
      await session.disconnect();
      await session.close();
      this.#sessions.delete(profileId);
    }
    await this.#secrets.deleteProfile(profileId);
  }

  async disconnectAll(): Promise<void> {
    await Promise.allSettled([...this.#sessions.values()].map((session) => session.disconnect()));
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.#sessions.values()].map((session) => session.close()));
    this.#sessions.clear();
  }

  #publish(view: SessionView): void {
    for (const listener of this.#listeners) listener(view);
  }
}
