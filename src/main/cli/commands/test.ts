/** `test PROFILE`: the server's versions and round trip, without logging in. */
import { findEnvironment, testEnvironment } from '../../use-cases/environments.ts';
import { exactly, parse } from '../args.ts';
import { EXIT, PROGRAM, printJson, printLine } from '../context.ts';
import type { Command } from './command.ts';

export const testCommand: Command = {
  help: `Usage: ${PROGRAM} test PROFILE [--json]\n  Reads /api/status: versions, round-trip time, whether REST purges are supported.\n`,
  async run(args, context) {
    const [name] = exactly(parse(args, {}).positionals, 1, 'one profile name');
    const profile = await findEnvironment(context.services, name as string);
    const test = await testEnvironment(context.services, profile);
    if (context.json) printJson(context, { ok: true, test });
    else
      printLine(
        context,
        `${profile.name}: I-Server ${test.iServerVersion ?? 'unknown'}, web ${test.webVersion ?? 'unknown'}, ${test.roundTripMs} ms; ` +
          `${test.purgeSupported ? 'REST cache purges supported' : 'too old for REST cache purges (needs 11.3.0800+)'}`,
      );
    return EXIT.ok;
  },
};
