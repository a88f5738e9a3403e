/** `login PROFILE`: logs in and keeps the session in the keychain for later commands. */
import type { Profile } from '../../../shared/profile-schema.ts';
import { findEnvironment, keychainStatus, needsSecret } from '../../use-cases/environments.ts';
import { exactly, parse, type Values } from '../args.ts';
import { connectWith, suppliedSecret } from '../connect.ts';
import { EXIT, PROGRAM, printJson, warn, type Context } from '../context.ts';
import type { Command } from './command.ts';
import { safeText } from '../terminal-text.ts';

export const loginCommand: Command = {
  help: `Usage: ${PROGRAM} login PROFILE [--password-stdin] [--remember] [--json]
  Logs in and keeps the session in the keychain for later commands. The password (or the API token
  in api-token mode) comes from standard input (--password-stdin), MSTR_CACHE_PASSWORD, the
  keychain, or, at a terminal, a prompt that does not echo it.
  --remember keeps the secret in the keychain.
`,
  async run(args, context) {
    const { values, positionals } = parse(args, {
      'password-stdin': { type: 'boolean' },
      remember: { type: 'boolean' },
    });
    const [name] = exactly(positionals, 1, 'one profile name');
    const profile = await findEnvironment(context.services, name as string);
    const secret = await secretForLogin(profile, values, context);
    const view = await connectWith(profile, secret, context, { keep: true, remember: values.remember === true });
    const keychain = await keychainStatus(context.services);
    if (!keychain.available) warn(context, `${keychain.message ?? 'no keychain'} Nothing was kept for later commands.`);
    if (context.json) printJson(context, { ok: true, session: view });
    else
      context.io.stdout(
        `Connected to ${safeText(profile.name)} as ${safeText(view.userFullName ?? '?')} (I-Server ${safeText(view.serverVersion ?? 'unknown')}).\n`,
      );
    return EXIT.ok;
  },
};

/**
 * The secret given to this run; at a terminal with nothing given and nothing remembered, a prompt.
 * A stored session still counts: `login` then only confirms it.
 */
async function secretForLogin(profile: Profile, values: Values, context: Context): Promise<string | undefined> {
  const supplied = await suppliedSecret(values, context);
  if (supplied !== undefined || !context.io.askSecret) return supplied;
  const kind = await needsSecret(context.services, profile);
  if (!kind) return undefined;
  const what = kind === 'api-token' ? 'API token' : `password of ${profile.username || 'the user'}`;
  const typed = await context.io.askSecret(`${what} on ${profile.name}: `);
  return typed === '' ? undefined : typed;
}
