/** `login PROFILE`: logs in and keeps the session in the keychain for later commands. */
import type { Profile } from '../../../shared/profile-schema.ts';
import { secretKindFor } from '../../sessions/profile-session.ts';
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
    const profile = await context.services.profiles.find(name as string);
    const secret = await secretForLogin(profile, values, context);
    await connectWith(profile, secret, context, { keep: true, remember: values.remember === true });
    const view = (await context.services.sessions.for(profile)).view;
    const keychain = await context.services.secrets.status();
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
  const kind = secretKindFor(profile);
  if (supplied !== undefined || !kind || !context.io.askSecret) return supplied;
  const { secrets, sessions } = context.services;
  if ((await secrets.get(profile.id, kind)) !== null) return undefined;
  if (await (await sessions.for(profile)).restore()) return undefined;
  const what = kind === 'api-token' ? 'API token' : `password of ${profile.username || 'the user'}`;
  const typed = await context.io.askSecret(`${what} on ${profile.name}: `);
  return typed === '' ? undefined : typed;
}
