/** `logout PROFILE`: ends the kept session on the server and forgets it. */
import { findEnvironment, logOut } from '../../use-cases/environments.ts';
import { exactly, parse } from '../args.ts';
import { EXIT, PROGRAM, printJson } from '../context.ts';
import type { Command } from './command.ts';
import { safeText } from '../terminal-text.ts';

export const logoutCommand: Command = {
  help: `Usage: ${PROGRAM} logout PROFILE [--json]\n  Ends the session on the server and forgets it.\n`,
  async run(args, context) {
    const [name] = exactly(parse(args, {}).positionals, 1, 'one profile name');
    const profile = await findEnvironment(context.services, name as string);
    await logOut(context.services, profile);
    if (context.json) printJson(context, { ok: true });
    else context.io.stdout(`Logged out of ${safeText(profile.name)}.\n`);
    return EXIT.ok;
  },
};
