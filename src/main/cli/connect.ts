/**
 * How a command gets a session: the secret handed to this run (standard input or
 * MSTR_CACHE_PASSWORD), else what the keychain holds. A run that was handed a password logs out at
 * its end; a missing secret is explained in command-line terms.
 */
import { AppError, type ErrorInfo } from '../../shared/errors.ts';
import { parseLibraryUrl } from '../../shared/library-url.ts';
import type { SessionView } from '../../shared/model.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import { connectEnvironment, keychainStatus } from '../use-cases/environments.ts';
import { usage, type Values } from './args.ts';
import { PROGRAM, type Context } from './context.ts';

/**
 * The secret from standard input or MSTR_CACHE_PASSWORD, if either was given. MSTR_CACHE_PASSWORD
 * serves a run of one environment only: a job's environment reaches every program it starts, and
 * one password for several servers is a wrong password for most of them.
 */
export async function suppliedSecret(
  values: Values,
  context: Context,
  profiles: readonly Profile[] = [],
): Promise<string | undefined> {
  if (values['password-stdin']) {
    const text = (await context.io.readStdin()).replace(/\r?\n$/, '');
    if (text === '') throw usage('--password-stdin was given but standard input is empty.');
    return text;
  }
  const fromEnvironment = context.io.env.MSTR_CACHE_PASSWORD || undefined;
  if (fromEnvironment !== undefined && profiles.length > 1)
    throw usage(
      `MSTR_CACHE_PASSWORD serves a run of one environment; this run has ${profiles.map((profile) => profile.name).join(', ')}. ` +
        `Give each its own credential command (${PROGRAM} profiles edit NAME --password-command 'CMD ARG...'), ` +
        `or remember each password in the keychain.`,
    );
  return fromEnvironment;
}

export interface ConnectChoices {
  /** Keep the session for later commands (login) rather than logging out at the end of this run. */
  keep?: boolean;
  /** Keep the password in the keychain. */
  remember?: boolean;
}

export async function connect(
  profile: Profile,
  values: Values,
  context: Context,
  choices: ConnectChoices = {},
): Promise<void> {
  await connectWith(profile, await suppliedSecret(values, context), context, choices);
}

/** Connects with the given secret, or with what the keychain holds when there is none. */
export async function connectWith(
  profile: Profile,
  secret: string | undefined,
  context: Context,
  { keep = false, remember = false }: ConnectChoices = {},
): Promise<SessionView> {
  try {
    const { view, session } = await connectEnvironment(
      context.services,
      profile,
      secret === undefined ? {} : { secret, remember },
    );
    if (secret !== undefined && !keep) context.openedHere.add(session);
    return view;
  } catch (error) {
    throw await explainMissingSecret(error, profile, context);
  }
}

/**
 * With a secret handed to this run, every environment logs in at the same time: ten environments
 * cost one login's wait, not ten. All of them finish (so none is left logged in) before the first
 * failure, if any, is reported. Without one, each session is opened when first used.
 */
export async function connectAll(
  profiles: readonly Profile[],
  secret: string | undefined,
  context: Context,
): Promise<void> {
  if (secret === undefined) return;
  const logins = await Promise.allSettled(profiles.map((profile) => connectWith(profile, secret, context)));
  const failed = logins.find((login) => login.status === 'rejected');
  if (failed) throw failed.reason;
}

/** What gives a job its secret where no keychain can be reached. */
export function withoutKeychain(profile: Profile, what: string): string {
  return (
    `Without a keychain: give ${profile.name} a credential command (${PROGRAM} profiles edit "${profile.name}" ` +
    `--password-command 'CMD ARG...'), or the ${what} in MSTR_CACHE_PASSWORD (a run of one environment) or on ` +
    `standard input (--password-stdin); or install the job with "${PROGRAM} schedule add PRESET --at HH:MM", which ` +
    `runs it in your login session.`
  );
}

/**
 * SECRET_REQUIRED in command-line terms, one code and message for every command: where the keychain
 * cannot be reached (cron has no D-Bus session, so no Secret Service), that is the real cause and the
 * answer names what works instead; otherwise it names the ways of giving the secret.
 */
export async function missingSecretError(profile: Profile, context: Context): Promise<AppError> {
  const what = profile.loginMode === 'api-token' ? 'API token' : 'password';
  const keychain = await keychainStatus(context.services);
  if (!keychain.available) {
    return new AppError(
      'KEYCHAIN_UNAVAILABLE',
      `The keychain cannot be reached, so no remembered ${what} of ${profile.name} can be read. ` +
        `${keychain.message ?? ''} ${withoutKeychain(profile, what)}`,
      { details: { profile: profile.name } },
    );
  }
  return new AppError(
    'SECRET_REQUIRED',
    `No ${what} for ${profile.name} was given and none is remembered. Give it on standard input ` +
      `(--password-stdin) or in MSTR_CACHE_PASSWORD, give the profile a credential command ` +
      `(${PROGRAM} profiles edit "${profile.name}" --password-command 'CMD ARG...'), or keep it in the keychain once: ` +
      `${PROGRAM} login "${profile.name}" --password-stdin --remember`,
    { details: { profile: profile.name } },
  );
}

/**
 * An error about an environment in command-line words: a failed login names the environment (a run
 * of several must say which); an untrusted certificate names its subject and fingerprint and the
 * command that trusts its CA.
 */
export function inCommandLineTerms(info: ErrorInfo, profile: Profile): ErrorInfo {
  if (info.code === 'BAD_CREDENTIALS' && !info.message.includes(profile.name))
    return {
      ...info,
      message: `${profile.name}: ${info.message}`,
      details: { ...info.details, profile: profile.name },
    };
  if (info.code !== 'TLS_UNTRUSTED') return info;
  const { subject, issuer, fingerprint256, reason } = info.details ?? {};
  const certificate = fingerprint256
    ? ` Its certificate: subject ${String(subject ?? 'unknown')}, issued by ${String(issuer ?? 'unknown')}, ` +
      `fingerprint (SHA-256) ${String(fingerprint256)}; compare the fingerprint with your administrator's.`
    : '';
  return {
    ...info,
    message:
      `The certificate of ${profile.name} (${parseLibraryUrl(profile.url).host}) is not trusted (${String(reason ?? 'untrusted')}).` +
      `${certificate} Trust your company's CA with: ${PROGRAM} profiles edit "${profile.name}" --ca-file FILE`,
  };
}

async function explainMissingSecret(error: unknown, profile: Profile, context: Context): Promise<unknown> {
  if (!(error instanceof AppError)) return error;
  if (error.code === 'SECRET_REQUIRED') return missingSecretError(profile, context);
  const info = inCommandLineTerms(error.toInfo(), profile);
  if (info.message === error.message) return error;
  return new AppError(error.code, info.message, {
    facts: error.facts,
    ...(info.details ? { details: info.details } : {}),
  });
}
