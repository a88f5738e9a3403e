/**
 * The operating system's keychain through @github/keytar: macOS Keychain, Windows Credential
 * Manager, the Secret Service (gnome-keyring, KWallet) on Linux. When it cannot be reached, the
 * store falls back to memory and reports KEYCHAIN_UNAVAILABLE with what to install.
 */
import { createRequire } from 'node:module';
import type * as keytarModule from '@github/keytar';
import { AppError } from '../../shared/errors.ts';
import {
  MemorySecretStore,
  SECRET_KINDS,
  accountName,
  type KeychainStatus,
  type SecretKind,
  type SecretStore,
} from './secret-store.ts';

export const DEFAULT_KEYCHAIN_SERVICE = 'MSTR Cache Console';

type Keytar = typeof keytarModule;

export function keychainServiceName(env: NodeJS.ProcessEnv = process.env): string {
  return env.MSTR_CACHE_KEYCHAIN_SERVICE || DEFAULT_KEYCHAIN_SERVICE;
}

function backendName(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (GNOME Keyring or KWallet)';
}

function unavailableMessage(platform: NodeJS.Platform): string {
  if (platform === 'linux') {
    return 'No keychain is available: no Secret Service answers on D-Bus. Install and start gnome-keyring (or KWallet) and log in again; until then passwords are asked for every time and kept in memory only.';
  }
  return `The ${backendName(platform)} cannot be reached; until it can, passwords are asked for every time and kept in memory only.`;
}

export function keychainUnavailable(platform: NodeJS.Platform = process.platform): AppError {
  return new AppError('KEYCHAIN_UNAVAILABLE', unavailableMessage(platform));
}

/**
 * Keychain-backed store. Each call tries the keychain; when it fails the value goes to (or comes
 * from) memory instead, so the app keeps working, and status() says so.
 */
export class KeychainSecretStore implements SecretStore {
  readonly service: string;
  readonly #fallback = new MemorySecretStore();
  readonly #platform: NodeJS.Platform;
  #keytar: Keytar | null | undefined;
  #lastFailure: AppError | null = null;

  constructor(service = keychainServiceName(), platform: NodeJS.Platform = process.platform) {
    this.service = service;
    this.#platform = platform;
  }

  async get(profileId: string, kind: SecretKind): Promise<string | null> {
    const remembered = await this.#attempt((keytar) => keytar.getPassword(this.service, accountName(profileId, kind)));
    return remembered.ok ? remembered.value : this.#fallback.get(profileId, kind);
  }

  async set(profileId: string, kind: SecretKind, value: string): Promise<void> {
    const stored = await this.#attempt((keytar) =>
      keytar.setPassword(this.service, accountName(profileId, kind), value),
    );
    if (!stored.ok) await this.#fallback.set(profileId, kind, value);
  }

  async delete(profileId: string, kind: SecretKind): Promise<void> {
    await this.#fallback.delete(profileId, kind);
    await this.#attempt((keytar) => keytar.deletePassword(this.service, accountName(profileId, kind)));
  }

  async deleteProfile(profileId: string): Promise<void> {
    for (const kind of SECRET_KINDS) await this.delete(profileId, kind);
  }

  async accounts(): Promise<string[]> {
    const listed = await this.#attempt(async (keytar) =>
      (await keytar.findCredentials(this.service)).map((entry) => entry.account),
    );
    if (!listed.ok) throw this.#lastFailure ?? keychainUnavailable(this.#platform);
    return listed.value;
  }

  async status(): Promise<KeychainStatus> {
    const probe = await this.#attempt((keytar) => keytar.findCredentials(this.service));
    return probe.ok
      ? { available: true, backend: backendName(this.#platform), message: null }
      : { available: false, backend: 'memory only (asked every time)', message: unavailableMessage(this.#platform) };
  }

  /** Throws KEYCHAIN_UNAVAILABLE when the keychain cannot be used (for callers that must know). */
  async assertAvailable(): Promise<void> {
    if (!(await this.status()).available) throw keychainUnavailable(this.#platform);
  }

  async #attempt<T>(operation: (keytar: Keytar) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    const keytar = this.#load();
    if (!keytar) return { ok: false };
    try {
      const value = await operation(keytar);
      this.#lastFailure = null;
      return { ok: true, value };
    } catch {
      // keytar's own messages never contain the secret, but they are not shown either: the code says it all.
      this.#lastFailure = keychainUnavailable(this.#platform);
      return { ok: false };
    }
  }

  #load(): Keytar | null {
    if (this.#keytar === undefined) {
      try {
        this.#keytar = createRequire(import.meta.url)('@github/keytar') as Keytar;
      } catch {
        this.#keytar = null;
        this.#lastFailure = keychainUnavailable(this.#platform);
      }
    }
    return this.#keytar;
  }
}
