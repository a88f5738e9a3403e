/**
 * Where secrets live: passwords, API tokens and live sessions, one entry per profile and kind.
 * The interface hides the keychain so services never depend on it directly; when no keychain is
 * available, secrets stay in this process's memory only ("ask every time").
 */
export const SECRET_KINDS = ['password', 'api-token', 'session', 'proxy-password'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export interface KeychainStatus {
  available: boolean;
  /** Where remembered secrets go, in words a user understands. */
  backend: string;
  /** Why it is unavailable and what to install, when it is. */
  message: string | null;
}

export interface SecretStore {
  get(profileId: string, kind: SecretKind): Promise<string | null>;
  set(profileId: string, kind: SecretKind, value: string): Promise<void>;
  delete(profileId: string, kind: SecretKind): Promise<void>;
  /** Removes every entry of a profile (on profile deletion). */
  deleteProfile(profileId: string): Promise<void>;
  /** The accounts stored under this app's service name (for audits and tests; no values). */
  accounts(): Promise<string[]>;
  status(): Promise<KeychainStatus>;
}

export function accountName(profileId: string, kind: SecretKind): string {
  return `${profileId}:${kind}`;
}

/** Secrets held only in this process's memory; nothing survives a restart. */
export class MemorySecretStore implements SecretStore {
  readonly #values = new Map<string, string>();

  async get(profileId: string, kind: SecretKind): Promise<string | null> {
    return this.#values.get(accountName(profileId, kind)) ?? null;
  }

  async set(profileId: string, kind: SecretKind, value: string): Promise<void> {
    this.#values.set(accountName(profileId, kind), value);
  }

  async delete(profileId: string, kind: SecretKind): Promise<void> {
    this.#values.delete(accountName(profileId, kind));
  }

  async deleteProfile(profileId: string): Promise<void> {
    for (const kind of SECRET_KINDS) this.#values.delete(accountName(profileId, kind));
  }

  async accounts(): Promise<string[]> {
    return [...this.#values.keys()];
  }

  async status(): Promise<KeychainStatus> {
    return { available: false, backend: 'memory only (asked every time)', message: null };
  }
}
