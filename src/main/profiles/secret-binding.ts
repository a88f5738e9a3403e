/**
 * A remembered secret belongs to the server and user it was stored for. Every secret is kept with
 * the origin (scheme, host, port, context path) and user of its profile (for a proxy password, the
 * proxy's origin and user); a secret read for a profile that now points elsewhere is deleted, not
 * returned. So a changed URL, an import that replaces a profile, or a hand-edited profiles file can
 * never send one server's password, token or session to another. Changes made in the app also
 * forget the secrets at once and say so.
 */
import { Buffer } from 'node:buffer';
import type { Profile } from '../../shared/profile-schema.ts';
import { parseLibraryUrl } from '../../shared/library-url.ts';
import { SECRET_KINDS, type KeychainStatus, type SecretKind, type SecretStore } from '../secrets/secret-store.ts';

const SECRET_WORDS: Record<SecretKind, string> = {
  password: 'password',
  'api-token': 'API token',
  session: 'session',
  'proxy-password': 'proxy password',
};

function serverOrigin(url: string): string {
  try {
    return parseLibraryUrl(url).root.toLowerCase();
  } catch {
    return url;
  }
}

function proxyOrigin(proxyUrl: string | null): string {
  if (!proxyUrl) return '';
  try {
    const parsed = new URL(proxyUrl);
    return `${parsed.protocol}//${parsed.username}@${parsed.host}`.toLowerCase();
  } catch {
    return proxyUrl;
  }
}

/** What a secret of this kind is bound to, for this profile. */
export function bindingOf(
  profile: Pick<Profile, 'url' | 'username' | 'loginMode' | 'proxyUrl'>,
  kind: SecretKind,
): string {
  if (kind === 'proxy-password') return `proxy ${proxyOrigin(profile.proxyUrl)}`;
  return `${profile.loginMode} ${profile.username.toLowerCase()}@${serverOrigin(profile.url)}`;
}

/** The secret kinds a change from `before` to `after` makes invalid. */
export function secretsInvalidatedBy(before: Profile, after: Profile): SecretKind[] {
  return SECRET_KINDS.filter((kind) => bindingOf(before, kind) !== bindingOf(after, kind));
}

/** Forgets what the change invalidates; returns, in words, what was actually stored and is now gone. */
export async function forgetSecretsIfMoved(
  before: Profile,
  after: Profile,
  secrets: ProfileBoundSecrets,
): Promise<string[]> {
  const forgotten: string[] = [];
  for (const kind of secretsInvalidatedBy(before, after)) {
    if (await secrets.has(before.id, kind)) forgotten.push(SECRET_WORDS[kind]);
    await secrets.delete(before.id, kind);
  }
  return forgotten;
}

/** After a change of many profiles (an import): forgets what each moved profile may no longer use. */
export async function forgetSecretsOfMoved(
  before: readonly Profile[],
  after: readonly Profile[],
  secrets: ProfileBoundSecrets,
): Promise<{ profile: Profile; forgotten: string[] }[]> {
  const moved: { profile: Profile; forgotten: string[] }[] = [];
  for (const profile of after) {
    const previous = before.find((candidate) => candidate.id === profile.id);
    if (!previous || secretsInvalidatedBy(previous, profile).length === 0) continue;
    moved.push({ profile, forgotten: await forgetSecretsIfMoved(previous, profile, secrets) });
  }
  return moved;
}

const PREFIX = 'mstr-bound-1:';

function seal(binding: string, value: string): string {
  return `${PREFIX}${Buffer.from(binding, 'utf8').toString('base64url')}:${value}`;
}

function open(stored: string): { binding: string | null; value: string } {
  if (!stored.startsWith(PREFIX)) return { binding: null, value: stored };
  const rest = stored.slice(PREFIX.length);
  const colon = rest.indexOf(':');
  return { binding: Buffer.from(rest.slice(0, colon), 'base64url').toString('utf8'), value: rest.slice(colon + 1) };
}

/**
 * The secret store as the services use it: values go in with their binding and come out only for a
 * profile that still has it. A value stored before bindings existed is bound to the profile as it is
 * at its first read.
 */
export class ProfileBoundSecrets implements SecretStore {
  readonly #inner: SecretStore;
  readonly #profileOf: (profileId: string) => Promise<Profile | null>;

  constructor(inner: SecretStore, profileOf: (profileId: string) => Promise<Profile | null>) {
    this.#inner = inner;
    this.#profileOf = profileOf;
  }

  async get(profileId: string, kind: SecretKind): Promise<string | null> {
    const stored = await this.#inner.get(profileId, kind);
    if (stored === null) return null;
    const profile = await this.#profileOf(profileId);
    if (!profile) return null;
    const { binding, value } = open(stored);
    const expected = bindingOf(profile, kind);
    if (binding === null) {
      await this.#inner.set(profileId, kind, seal(expected, value));
      return value;
    }
    if (binding === expected) return value;
    await this.#inner.delete(profileId, kind);
    return null;
  }

  /** Whether anything is stored for the profile and kind, whatever it is bound to. */
  async has(profileId: string, kind: SecretKind): Promise<boolean> {
    return (await this.#inner.get(profileId, kind)) !== null;
  }

  async set(profileId: string, kind: SecretKind, value: string): Promise<void> {
    const profile = await this.#profileOf(profileId);
    if (!profile) return;
    await this.#inner.set(profileId, kind, seal(bindingOf(profile, kind), value));
  }

  delete(profileId: string, kind: SecretKind): Promise<void> {
    return this.#inner.delete(profileId, kind);
  }

  deleteProfile(profileId: string): Promise<void> {
    return this.#inner.deleteProfile(profileId);
  }

  accounts(): Promise<string[]> {
    return this.#inner.accounts();
  }

  status(): Promise<KeychainStatus> {
    return this.#inner.status();
  }
}
