/** `test PROFILE`: the server's versions and round trip, without logging in. */
import { findEnvironment, testEnvironment } from '../../use-cases/environments.ts';
import { AppError } from '../../../shared/errors.ts';
import { exactly, parse } from '../args.ts';
import { inCommandLineTerms } from '../connect.ts';
import { EXIT, PROGRAM, printJson, printLine } from '../context.ts';
import type { Command } from './command.ts';

export const testCommand: Command = {
  help: `Usage: ${PROGRAM} test PROFILE [--json]
  Reads /api/status: versions, round-trip time, whether REST purges are supported. A server too old
  for REST purges exits 1, as a purge of it would.
`,
  async run(args, context) {
    const [name] = exactly(parse(args, {}).positionals, 1, 'one profile name');
    const profile = await findEnvironment(context.services, name as string);
    const test = await testEnvironment(context.services, profile).catch((error: unknown) => {
      throw error instanceof AppError
        ? new AppError(error.code, inCommandLineTerms(error.toInfo(), profile).message, {
            facts: error.facts,
            ...(error.details ? { details: error.details } : {}),
          })
        : error;
    });
    // A purge of a server too old for it fails (its environment is not purged): so does the test.
    const exitCode = test.purgeSupported === false ? EXIT.someFailed : EXIT.ok;
    if (context.json) printJson(context, { ok: exitCode === EXIT.ok, exitCode, test });
    else
      printLine(
        context,
        `${profile.name}: I-Server ${test.iServerVersion ?? 'unknown'}, web ${test.webVersion ?? 'unknown'}, ${test.roundTripMs} ms; ` +
          `${test.purgeSupported === false ? 'connected, but purges need 11.3.0800 or later' : 'REST cache purges supported'}`,
      );
    return exitCode;
  },
};
