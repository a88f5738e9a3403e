/** `logout PROFILE`: ends the kept session on the server and forgets it. */
import { exactly, parse } from '../args.ts';
import { EXIT, PROGRAM, printJson } from '../context.ts';
import type { Command } from './command.ts';
import { safeText } from '../terminal-text.ts';

export const logoutCommand: Command = {
  help: `Usage: ${PROGRAM} logout PROFILE [--json]\n  Ends the session on the server and forgets it.\n`,
  async run(args, context) {
    const [name] = exactly(parse(args, {}).positionals, 1, 'one profile name');
    const profile = await context.services.profiles.find(name as string);
    const session = await context.services.sessions.for(profile);
    await session.restore().catch(() => false);
    await session.disconnect();
    if (context.json) printJson(context, { ok: true });
    else context.io.stdout(`Logged out of ${safeText(profile.name)}.\n`);
    return EXIT.ok;
  },
};
