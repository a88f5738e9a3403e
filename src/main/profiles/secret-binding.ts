/**
 * A remembered secret belongs to the server and user it was stored for. When a profile is pointed
 * at another origin (scheme, host, port, context path) or user, its password, API token and session
 * are forgotten; when its proxy changes, the proxy password is. A shared profiles file can therefore
 * never send one server's password to another.
 */
import type { Profile } from '../../shared/profile-schema.ts';
import { parseLibraryUrl } from '../mstr/library-url.ts';
import type { SecretKind, SecretStore } from '../secrets/secret-store.ts';

const SECRET_WORDS: Record<SecretKind, string> = {
  password: 'password',
  'api-token': 'API token',
  session: 'session',
  'proxy-password': 'proxy password',
};

function origin(url: string): string {
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

/** The secret kinds a change from `before` to `after` makes invalid. */
export function secretsInvalidatedBy(before: Profile, after: Profile): SecretKind[] {
  const kinds: SecretKind[] = [];
  const movedServer =
    origin(before.url) !== origin(after.url) ||
    before.username.toLowerCase() !== after.username.toLowerCase() ||
    before.loginMode !== after.loginMode;
  if (movedServer) kinds.push('password', 'api-token', 'session');
  if (proxyOrigin(before.proxyUrl) !== proxyOrigin(after.proxyUrl)) kinds.push('proxy-password');
  return kinds;
}

/** Forgets what the change invalidates; returns, in words, what was actually stored and is now gone. */
export async function forgetSecretsIfMoved(before: Profile, after: Profile, secrets: SecretStore): Promise<string[]> {
  const forgotten: string[] = [];
  for (const kind of secretsInvalidatedBy(before, after)) {
    if ((await secrets.get(before.id, kind)) !== null) forgotten.push(SECRET_WORDS[kind]);
    await secrets.delete(before.id, kind);
  }
  return forgotten;
}
