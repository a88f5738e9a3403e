/**
 * The connection of one profile: connect (reuse the session kept in the keychain if the server
 * still accepts it, else log in with the supplied or remembered secret), keep it alive while it is
 * in use, log in again once when it expires, and disconnect. It publishes a SessionView that holds
 * no secret. A remembered secret the server rejects is forgotten at once, so neither the app nor a
 * scheduled command retries it in a loop and locks the account.
 */
import { AppError, toErrorInfo } from '../../shared/errors.ts';
import type { ConnectionTest, SessionInfo, SessionState, SessionView } from '../../shared/model.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import { MstrClient, type Credentials, type SessionSnapshot } from '../mstr/index.ts';
import { supportsRestPurge } from '../mstr/server-version.ts';
import type { SecretKind, SecretStore } from '../secrets/secret-store.ts';

export interface ConnectOptions {
  /** The password, or the API token in api-token mode; omitted to use a remembered one. */
  secret?: string;
  /** Keep the supplied secret in the keychain. */
  remember?: boolean;
}

export interface SessionTiming {
  now: () => number;
  /** Fraction of the idle timeout after which the session is renewed. */
  renewAt: number;
  /** Stop renewing once nothing used the profile for this long. */
  keepAliveMs: number;
}

interface StoredSession extends SessionSnapshot {
  idleTimeoutSeconds: number;
  userFullName: string;
}

const DEFAULT_TIMING: SessionTiming = { now: Date.now, renewAt: 0.75, keepAliveMs: 60 * 60_000 };

export function secretKindFor(profile: Profile): SecretKind | null {
  if (profile.loginMode === 'guest') return null;
  return profile.loginMode === 'api-token' ? 'api-token' : 'password';
}

/** Where a profile with a credential command gets its secret (the command, once confirmed here). */
export interface CredentialCommands {
  /** The secret the profile's command prints; null when the profile has none. */
  secretFor(profile: Profile): Promise<string | null>;
}

const NO_COMMANDS: CredentialCommands = { secretFor: async () => null };

export class ProfileSession {
  readonly profileId: string;
  #profile: Profile;
  readonly #secrets: SecretStore;
  readonly #commands: CredentialCommands;
  readonly #timing: SessionTiming;
  readonly #onChange: (view: SessionView) => void;
  #client: MstrClient;
  #view: SessionView;
  /** A secret typed this run and not remembered: kept in memory for the one re-login. */
  #memorySecret: string | null = null;
  /** Keep the typed secret in the keychain once the server has accepted it. */
  #rememberOnSuccess = false;
  /** Where the secret of the last login came from: only a rejected stored secret is forgotten. */
  #lastSecretSource: 'typed' | 'stored' | null = null;
  #idleTimeoutSeconds = 1800;
  #lastActivity = 0;
  #renewTimer: NodeJS.Timeout | null = null;
  #renewScheduledAt = 0;
  #connecting: Promise<SessionView> | null = null;

  constructor(
    profile: Profile,
    secrets: SecretStore,
    onChange: (view: SessionView) => void = () => {},
    timing: Partial<SessionTiming> = {},
    commands: CredentialCommands = NO_COMMANDS,
  ) {
    this.#commands = commands;
    this.profileId = profile.id;
    this.#profile = profile;
    this.#secrets = secrets;
    this.#onChange = onChange;
    this.#timing = { ...DEFAULT_TIMING, ...timing };
    this.#client = this.#createClient();
    this.#view = emptyView(profile.id);
  }

  get view(): SessionView {
    return this.#view;
  }

  get profile(): Profile {
    return this.#profile;
  }

  /** A changed profile (URL, TLS, proxy...) takes effect from the next connect. */
  async updateProfile(profile: Profile): Promise<void> {
    const changedConnection = ['url', 'tls', 'proxyUrl', 'loginMode', 'username', 'timeoutSeconds'].some(
      (key) => JSON.stringify(profile[key as keyof Profile]) !== JSON.stringify(this.#profile[key as keyof Profile]),
    );
    if (!changedConnection) {
      this.#profile = profile;
      return;
    }
    // The new client is made first: if it cannot be (a URL it cannot parse), nothing changes.
    const client = this.#createClient(profile);
    await this.disconnect();
    await this.#client.close();
    this.#profile = profile;
    this.#client = client;
  }

  /** GET /api/status with this profile's URL, TLS and proxy: no login needed. */
  test(): Promise<ConnectionTest> {
    return this.#client.testConnection();
  }

  connect(options: ConnectOptions = {}): Promise<SessionView> {
    this.#connecting ??= this.#connect(options).finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  /** Picks up the session kept in the keychain (by the window or an earlier command), if still valid. */
  async restore(): Promise<boolean> {
    return this.#view.state === 'connected' || this.#restoreStoredSession();
  }

  /** Runs a call on the connected client, keeping the session's facts and timers up to date. */
  async use<T>(call: (client: MstrClient) => Promise<T>): Promise<T> {
    if (this.#view.state !== 'connected') {
      if (this.#view.state === 'expired' || !(await this.#restoreStoredSession())) {
        throw new AppError('NOT_CONNECTED', `Connect to ${this.#profile.name} first.`);
      }
    }
    const tokenBefore = this.#client.token;
    try {
      const result = await call(this.#client);
      await this.#touched(tokenBefore);
      return result;
    } catch (error) {
      if (error instanceof AppError && (error.code === 'SESSION_EXPIRED' || error.code === 'BAD_CREDENTIALS')) {
        if (error.code === 'BAD_CREDENTIALS') await this.#rememberedSecretRejected();
        this.#setState('expired', { error: toErrorInfo(error) });
        await this.#secrets.delete(this.profileId, 'session');
      } else {
        await this.#touched(tokenBefore);
      }
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    this.#stopRenewing();
    try {
      if (this.#client.isLoggedIn) await this.#client.logout();
    } catch {
      // The server may be gone; the local session is forgotten either way.
    }
    this.#client.forgetSession();
    this.#memorySecret = null;
    await this.#secrets.delete(this.profileId, 'session');
    this.#setState('disconnected', { userFullName: null, expiresAt: null, error: null });
  }

  /** Stops timers and closes connections without logging out (process exit after disconnectAll). */
  async close(): Promise<void> {
    this.#stopRenewing();
    await this.#client.close();
  }

  async #connect(options: ConnectOptions): Promise<SessionView> {
    const before = this.#view.state;
    this.#setState('connecting', { error: null });
    try {
      const supplied = options.secret !== undefined && options.secret !== '';
      if (supplied) {
        await this.#acceptSuppliedSecret(options.secret as string, options.remember === true);
      } else if (await this.#restoreStoredSession()) {
        return this.#view;
      }
      await this.#login();
      return this.#view;
    } catch (error) {
      // Whichever way the login happened (typed, remembered, or the re-login of an expired stored
      // session), a rejected secret is not tried again.
      if (error instanceof AppError && error.code === 'BAD_CREDENTIALS') await this.#rememberedSecretRejected();
      const secretRemembered = await this.#remembered();
      // Nothing to log in with is not a failed connection: nothing was tried, the user is asked.
      if (error instanceof AppError && error.code === 'SECRET_REQUIRED')
        this.#setState(before === 'connected' ? 'disconnected' : before, { error: null, secretRemembered });
      else this.#setState('failed', { error: toErrorInfo(error), secretRemembered });
      throw error;
    }
  }

  /** Whether the keychain holds this profile's password or API token now. */
  async #remembered(): Promise<boolean> {
    const kind = secretKindFor(this.#profile);
    return kind ? (await this.#secrets.get(this.profileId, kind)) !== null : false;
  }

  /**
   * A secret typed (or handed to a command) for this connection. It is kept in the keychain only
   * once the server accepted it, and never replaces or erases a remembered one otherwise: a one-off
   * password, or a typo, leaves the scheduled runs' remembered password alone.
   */
  async #acceptSuppliedSecret(secret: string, remember: boolean): Promise<void> {
    this.#memorySecret = secret;
    this.#rememberOnSuccess = remember;
  }

  /** Reuses the session kept in the keychain when the server still accepts it. */
  async #restoreStoredSession(): Promise<boolean> {
    const stored = parseStoredSession(await this.#secrets.get(this.profileId, 'session'));
    if (!stored) return false;
    try {
      await this.#client.importSession(stored);
    } catch {
      // Cookies that cannot be read: the kept session is of no use.
      await this.#secrets.delete(this.profileId, 'session');
      return false;
    }
    try {
      await this.#connected(await this.#sessionAndVersion());
      return true;
    } catch (error) {
      this.#client.forgetSession();
      // Only the server saying the session is over ends it: a server that is down, slow or behind a
      // broken proxy leaves the stored session for the next run.
      const code = error instanceof AppError ? error.code : null;
      const over = code === 'SESSION_EXPIRED' || code === 'NOT_CONNECTED';
      if (over || code === 'BAD_CREDENTIALS') await this.#secrets.delete(this.profileId, 'session');
      if (over) return false;
      throw error;
    }
  }

  async #login(): Promise<void> {
    const credentials = await this.#credentials();
    if (!credentials) {
      throw new AppError(
        'SECRET_REQUIRED',
        this.#profile.loginMode === 'api-token'
          ? `Enter the API token for ${this.#profile.name}.`
          : `Enter the password of ${this.#profile.username || 'the user'} on ${this.#profile.name}.`,
      );
    }
    await this.#client.login(credentials);
    await this.#connected(await this.#sessionAndVersion());
  }

  /**
   * Who is logged in and the server's version, asked side by side: one round trip instead of two.
   * Both go after the login, so a cookie a load balancer pins the session to a node with goes along
   * with each. The version is informative: failing to read it leaves the last one known.
   */
  async #sessionAndVersion(): Promise<{ info: SessionInfo; serverVersion: string | null }> {
    const serverVersion = this.#client.status().then(
      (status) => status.iServerVersion,
      () => this.#view.serverVersion,
    );
    const info = await this.#client.sessionInfo();
    return { info, serverVersion: await serverVersion };
  }

  async #connected({ info, serverVersion }: { info: SessionInfo; serverVersion: string | null }): Promise<void> {
    const userFullName = info.userFullName;
    this.#idleTimeoutSeconds = info.idleTimeoutSeconds;
    const kind = secretKindFor(this.#profile);
    if (this.#rememberOnSuccess && kind && this.#memorySecret !== null) {
      await this.#secrets.set(this.profileId, kind, this.#memorySecret);
      this.#rememberOnSuccess = false;
    }
    const secretRemembered = await this.#remembered();
    await this.#storeSession(userFullName);
    this.#lastActivity = this.#timing.now();
    this.#setState('connected', {
      userFullName,
      serverVersion,
      purgeSupported: serverVersion === null ? null : supportsRestPurge(serverVersion),
      error: null,
      secretRemembered,
    });
    this.#scheduleRenew();
  }

  /**
   * The secret for a (re-)login: typed this run, else what the profile's credential command prints
   * (kept in memory only, for this process's re-logins), else remembered; none after the server
   * rejected it.
   */
  async #credentials(): Promise<Credentials | undefined> {
    const { loginMode, username } = this.#profile;
    if (loginMode === 'guest') return { loginMode };
    const kind = secretKindFor(this.#profile);
    if (this.#memorySecret === null && kind) this.#memorySecret = await this.#commands.secretFor(this.#profile);
    const secret = this.#memorySecret ?? (kind ? await this.#secrets.get(this.profileId, kind) : null);
    if (!secret) return undefined;
    this.#lastSecretSource = this.#memorySecret === null ? 'stored' : 'typed';
    return { loginMode, username, secret };
  }

  /** The server rejected the last secret: a typed one is dropped, a remembered one forgotten. */
  async #rememberedSecretRejected(): Promise<void> {
    const kind = secretKindFor(this.#profile);
    if (this.#lastSecretSource === 'stored' && kind) await this.#secrets.delete(this.profileId, kind);
    this.#memorySecret = null;
    this.#rememberOnSuccess = false;
  }

  async #storeSession(userFullName: string): Promise<void> {
    const snapshot = this.#client.exportSession();
    if (!snapshot) return;
    const stored: StoredSession = { ...snapshot, idleTimeoutSeconds: this.#idleTimeoutSeconds, userFullName };
    await this.#secrets.set(this.profileId, 'session', JSON.stringify(stored));
  }

  /** After a call: the session is kept only when it changed (a re-login), and renewal moves on. */
  async #touched(tokenBefore: string | null): Promise<void> {
    this.#lastActivity = this.#timing.now();
    if (this.#client.token !== tokenBefore) await this.#storeSession(this.#view.userFullName ?? '');
    if (this.#view.state !== 'connected' || this.#view.error !== null) this.#setState('connected', { error: null });
    this.#scheduleRenewSoon();
  }

  /** Moves the renewal at most once a second: thousands of calls need not reset a timer each. */
  #scheduleRenewSoon(): void {
    const now = this.#timing.now();
    if (this.#renewTimer && now - this.#renewScheduledAt < 1000) return;
    this.#renewScheduledAt = now;
    this.#scheduleRenew();
  }

  #scheduleRenew(): void {
    this.#stopRenewing();
    const delay = this.#idleTimeoutSeconds * 1000 * this.#timing.renewAt;
    this.#renewTimer = setTimeout(() => void this.#renew(), delay);
    this.#renewTimer.unref();
  }

  async #renew(): Promise<void> {
    this.#renewTimer = null;
    if (this.#view.state !== 'connected') return;
    if (this.#timing.now() - this.#lastActivity > this.#timing.keepAliveMs) return;
    try {
      await this.#client.extendSession();
      this.#setState('connected', {});
      this.#scheduleRenew();
    } catch (error) {
      this.#setState('expired', { error: toErrorInfo(error) });
    }
  }

  #stopRenewing(): void {
    if (this.#renewTimer) clearTimeout(this.#renewTimer);
    this.#renewTimer = null;
  }

  #setState(state: SessionState, changes: Partial<SessionView>): void {
    const expiresAt =
      state === 'connected' ? new Date(this.#timing.now() + this.#idleTimeoutSeconds * 1000).toISOString() : null;
    const previous = this.#view;
    this.#view = { ...previous, ...changes, state, expiresAt };
    if (worthTelling(previous, this.#view)) this.#onChange(this.#view);
  }

  #createClient(profile: Profile = this.#profile): MstrClient {
    return new MstrClient({
      url: profile.url,
      timeoutMs: profile.timeoutSeconds * 1000,
      tls: profile.tls,
      proxyUrl: profile.proxyUrl ?? undefined,
      proxyPassword: () => this.#secrets.get(this.profileId, 'proxy-password'),
      credentials: () => this.#credentials(),
    });
  }
}

/** The expiry moves on every call; listeners hear of it only when it moved by more than this. */
const EXPIRY_NOTICE_MS = 30_000;

/** Whether a change is worth an event: anything but a small move of the expiry time. */
function worthTelling(before: SessionView, after: SessionView): boolean {
  const { expiresAt: beforeExpiry, ...beforeRest } = before;
  const { expiresAt: afterExpiry, ...afterRest } = after;
  if (JSON.stringify(beforeRest) !== JSON.stringify(afterRest)) return true;
  if (beforeExpiry === null || afterExpiry === null) return beforeExpiry !== afterExpiry;
  return Math.abs(Date.parse(afterExpiry) - Date.parse(beforeExpiry)) > EXPIRY_NOTICE_MS;
}

function emptyView(profileId: string): SessionView {
  return {
    profileId,
    state: 'disconnected',
    userFullName: null,
    serverVersion: null,
    purgeSupported: null,
    expiresAt: null,
    error: null,
    secretRemembered: null,
  };
}

function parseStoredSession(text: string | null): StoredSession | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<StoredSession>;
    if (typeof parsed.token !== 'string' || parsed.cookies === undefined) return null;
    return parsed as StoredSession;
  } catch {
    return null;
  }
}
