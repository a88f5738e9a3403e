/**
 * Environments (saved server profiles) as both front ends use them: list, save, delete with
 * everything that hangs off an environment, duplicate, reorder, import and export, test a server,
 * connect and disconnect. Saving a profile that points at another server or user forgets its
 * stored secrets; deleting one forgets its sessions and project list, takes it out of presets and
 * removes the schedules of presets left without environments.
 */
import type { ClusterNode, SessionView } from '../../shared/model.ts';
import type { Profile, ProfileDraftInput } from '../../shared/profile-schema.ts';
import { MstrClient } from '../mstr/index.ts';
import {
  exportProfiles,
  importProfiles,
  previewImport,
  type ImportOptions,
  type ImportPreview,
  type ImportReport,
} from '../profiles/profile-exchange.ts';
import { validDraft } from '../profiles/profile-store.ts';
import { bindingOf, forgetSecretsIfMoved, forgetSecretsOfMoved } from '../profiles/secret-binding.ts';
import type { KeychainStatus, SecretKind } from '../secrets/secret-store.ts';
import type { Services } from '../services.ts';
import { secretKindFor } from '../sessions/profile-session.ts';

export type { ImportPreview, ImportReport };
export type ConflictChoice = ImportOptions['onConflict'];

export function listEnvironments(services: Services): ReturnType<Services['profiles']['list']> {
  return services.profiles.list();
}

/** The environments with when each one's project list was last read from its server. */
export async function listEnvironmentsWithRefreshTimes(services: Services) {
  const listed = await services.profiles.list();
  const times = await Promise.all(
    listed.profiles.map(async (profile) => [profile.id, await services.projects.fetchedAt(profile.id)] as const),
  );
  const confirmed = await Promise.all(
    listed.profiles
      .filter((profile) => profile.passwordCommand)
      .map(async (profile) => [profile.id, (await passwordCommandConfirmed(services, profile)) === true] as const),
  );
  return { ...listed, refreshedAt: Object.fromEntries(times), commandsConfirmed: Object.fromEntries(confirmed) };
}

export function getEnvironment(services: Services, id: string): Promise<Profile> {
  return services.profiles.get(id);
}

/** By name (or id), as the command line names environments. */
export function findEnvironment(services: Services, name: string): Promise<Profile> {
  return services.profiles.find(name);
}

export interface SaveEnvironment {
  /** Absent: a new environment. */
  id?: string | undefined;
  draft: ProfileDraftInput;
  /** A proxy password to keep in the keychain; "" forgets the stored one; absent leaves it. */
  proxyPassword?: string | undefined;
  /** The user read the profile's credential command and confirms it may run on this machine. */
  confirmPasswordCommand?: boolean | undefined;
  /** The editor showed the password (or token) as remembered and the user unticked it: forget it. */
  forgetSecret?: boolean | undefined;
}

export interface SavedEnvironment {
  profile: Profile;
  /** The secrets forgotten because the server or the user changed. */
  forgotten: string[];
}

export async function saveEnvironment(services: Services, request: SaveEnvironment): Promise<SavedEnvironment> {
  const { profiles, secrets, sessions } = services;
  const before = request.id === undefined ? null : await profiles.get(request.id);
  const profile =
    request.id === undefined ? await profiles.create(request.draft) : await profiles.update(request.id, request.draft);
  const forgotten = before ? await forgetSecretsIfMoved(before, profile, secrets) : [];
  // Unticking "Remember the password" is how a user makes the app forget it.
  if (before && !profile.rememberSecret && (before.rememberSecret || request.forgetSecret === true)) {
    await secrets.delete(profile.id, 'password');
    await secrets.delete(profile.id, 'api-token');
  }
  if (request.proxyPassword === '') await secrets.delete(profile.id, 'proxy-password');
  else if (request.proxyPassword !== undefined) await secrets.set(profile.id, 'proxy-password', request.proxyPassword);
  await settleCommandTrust(services, before, profile, request.confirmPasswordCommand === true);
  await sessions.for(profile);
  return { profile, forgotten };
}

/**
 * A credential command typed (or changed) here is confirmed by that; one that came in an imported
 * file stays unconfirmed until the user confirms it. Moving a confirmed profile to another server
 * or user here keeps it confirmed: this user made the move.
 */
async function settleCommandTrust(
  services: Services,
  before: Profile | null,
  profile: Profile,
  confirm: boolean,
): Promise<void> {
  const argv = profile.passwordCommand;
  if (!argv) {
    if (before?.passwordCommand) await services.commandTrust.forget(profile.id);
    return;
  }
  const typedHere = !before || JSON.stringify(before.passwordCommand) !== JSON.stringify(argv);
  const wasConfirmed = before?.passwordCommand ? await services.commandTrust.isConfirmed(before, argv) : false;
  if (confirm || typedHere || wasConfirmed) await services.commandTrust.confirm(profile, argv);
}

/** Whether the profile's credential command may run here (null: it has none). */
export async function passwordCommandConfirmed(services: Services, profile: Profile): Promise<boolean | null> {
  if (!profile.passwordCommand) return null;
  return services.commandTrust.isConfirmed(profile, profile.passwordCommand);
}

export interface DeletedEnvironment {
  name: string;
  presets: { updated: string[]; removed: string[] };
}

/**
 * Deletes an environment and what hangs off it: its sessions and keychain entries, its project
 * list, its place in presets, and the schedules of presets left without environments.
 */
export async function deleteEnvironment(services: Services, id: string): Promise<DeletedEnvironment> {
  const profile = await services.profiles.get(id);
  await services.profiles.remove(profile.id);
  await services.sessions.forget(profile.id);
  await services.projects.forget(profile.id);
  const presets = await services.presets.removeEnvironment(profile.id);
  for (const name of presets.removed) await services.schedules.removeIfAny(name);
  return { name: profile.name, presets };
}

export function duplicateEnvironment(services: Services, id: string): Promise<Profile> {
  return services.profiles.duplicate(id);
}

export function reorderEnvironments(services: Services, ids: string[]): Promise<Profile[]> {
  return services.profiles.reorder(ids);
}

export function previewEnvironmentImport(services: Services, file: string): Promise<ImportPreview> {
  return previewImport(services.profiles, file);
}

export interface ImportedEnvironments {
  report: ImportReport;
  /** Environments the import pointed at another server or user, and the secrets that were forgotten. */
  moved: { profile: Profile; forgotten: string[] }[];
  /** Imported environments with a credential command that is not run until confirmed on this machine. */
  unconfirmedCommands: { name: string; command: string[] }[];
}

export async function importEnvironments(
  services: Services,
  file: string,
  options: ImportOptions,
): Promise<ImportedEnvironments> {
  const { profiles, secrets, sessions } = services;
  const before = (await profiles.list()).profiles;
  const report = await importProfiles(profiles, file, options);
  const moved = await forgetSecretsOfMoved(before, (await profiles.list()).profiles, secrets);
  for (const { profile } of moved) await sessions.for(profile);
  const savedAs = new Set(report.imported.map((item) => item.savedAs));
  const unconfirmedCommands: ImportedEnvironments['unconfirmedCommands'] = [];
  for (const profile of (await profiles.list()).profiles)
    if (savedAs.has(profile.name) && (await passwordCommandConfirmed(services, profile)) === false)
      unconfirmedCommands.push({ name: profile.name, command: profile.passwordCommand ?? [] });
  return { report, moved, unconfirmedCommands };
}

/** Writes the chosen environments (never a secret) to a file; returns how many. */
export function exportEnvironments(services: Services, ids: string[] | 'all', file: string): Promise<number> {
  return exportProfiles(services.profiles, ids, file);
}

/** The stored proxy password, only for the proxy it was stored for (a test may try another one). */
async function storedProxyPassword(
  services: Services,
  profileId: string,
  draft: Parameters<typeof bindingOf>[0],
): Promise<string | null> {
  const stored = await services.profiles.get(profileId).catch(() => null);
  if (!stored || bindingOf(stored, 'proxy-password') !== bindingOf(draft, 'proxy-password')) return null;
  return services.secrets.get(profileId, 'proxy-password');
}

/** Tests a server as a draft describes it, before it is saved, without logging in. */
export async function testDraft(
  services: Services,
  request: { draft: ProfileDraftInput; profileId?: string | undefined; proxyPassword?: string | undefined },
) {
  const profile = validDraft(request.draft);
  const { profileId, proxyPassword } = request;
  const client = new MstrClient({
    url: profile.url,
    timeoutMs: profile.timeoutSeconds * 1000,
    tls: profile.tls,
    proxyUrl: profile.proxyUrl ?? undefined,
    proxyPassword: async () =>
      proxyPassword ?? (profileId ? await storedProxyPassword(services, profileId, profile) : null),
    retry: { limit: 0 },
  });
  try {
    return await client.testConnection();
  } finally {
    await client.close();
  }
}

/** Tests a saved environment's server, without logging in. */
export async function testEnvironment(services: Services, profile: Profile) {
  return (await services.sessions.for(profile)).test();
}

/** The I-Server nodes as the environment's session sees them. */
export async function serverNodes(services: Services, profileId: string): Promise<ClusterNode[]> {
  const session = await services.sessions.for(await services.profiles.get(profileId));
  return session.use((client) => client.listNodes());
}

export function sessionViews(services: Services): SessionView[] {
  return services.sessions.views();
}

export function onSessionChange(services: Services, listener: (view: SessionView) => void): () => void {
  return services.sessions.onChange(listener);
}

export function keychainStatus(services: Services): Promise<KeychainStatus> {
  return services.secrets.status();
}

/** A session a front end opened and may end when it is done. */
export interface OpenedSession {
  readonly view: SessionView;
  disconnect(): Promise<void>;
}

/** Logs in with the secret given, or with what the keychain holds when none is. */
export async function connectEnvironment(
  services: Services,
  profile: Profile,
  choices: { secret?: string | undefined; remember?: boolean | undefined } = {},
): Promise<{ view: SessionView; session: OpenedSession }> {
  const session = await services.sessions.for(profile);
  const view = await session.connect({
    ...(choices.secret === undefined ? {} : { secret: choices.secret }),
    ...(choices.remember === undefined ? {} : { remember: choices.remember }),
  });
  // The profile says what is remembered: the secret the server just accepted is in the keychain.
  if (
    choices.remember &&
    choices.secret !== undefined &&
    !profile.rememberSecret &&
    (await keychainStatus(services)).available
  ) {
    const { id, createdAt: _created, updatedAt: _updated, ...draft } = profile;
    await services.profiles.update(id, { ...draft, rememberSecret: true });
  }
  return { view, session };
}

/** What the keychain holds for an environment (null where the keychain cannot be reached). */
export async function rememberedFor(
  services: Services,
  profile: Profile,
): Promise<{ secret: boolean; session: boolean } | null> {
  if (!(await services.secrets.status()).available) return null;
  const kind = secretKindFor(profile);
  return {
    secret: kind ? (await services.secrets.get(profile.id, kind)) !== null : false,
    session: (await services.secrets.get(profile.id, 'session')) !== null,
  };
}

/** Ends the session this process holds for the environment. */
export async function disconnectEnvironment(services: Services, profileId: string): Promise<SessionView> {
  const session = await services.sessions.for(await services.profiles.get(profileId));
  await session.disconnect();
  return session.view;
}

/** Ends the environment's session kept in the keychain for later commands, on the server too, and forgets it. */
export async function logOut(services: Services, profile: Profile): Promise<void> {
  const session = await services.sessions.for(profile);
  await session.restore().catch(() => false);
  await session.disconnect();
}

/** Whether logging in needs a secret typed: none remembered, and no stored session to resume. */
export async function needsSecret(services: Services, profile: Profile): Promise<SecretKind | null> {
  const kind = secretKindFor(profile);
  if (!kind || (await services.secrets.get(profile.id, kind)) !== null) return null;
  if (await (await services.sessions.for(profile)).restore()) return null;
  return kind;
}

/** On quit: logs out of every server if the user asked for that, and closes every connection. */
export async function closeSessions(services: Services, logout: boolean): Promise<void> {
  if (logout) await services.sessions.disconnectAll();
  await services.sessions.closeAll();
}
