/** `purge PROFILE...`: object and/or element cache purges of chosen projects on one or more environments. */
import { findEnvironment } from '../../use-cases/environments.ts';
import { integer, parse, usage } from '../args.ts';
import { PROGRAM } from '../context.ts';
import { RUN_OPTIONS, SELECTION_OPTIONS, cacheTypes, runPurge, selection } from '../purge-run.ts';
import type { Command } from './command.ts';

export const purgeCommand: Command = {
  help: `Usage: ${PROGRAM} purge PROFILE... (--project NAME_OR_ID... | --all) --type object|element|both
             [--concurrency N] [--yes] [--skip-missing] [--password-stdin] [--force] [--json]
  Purges the object and/or element caches of the chosen projects (matched by name or id on each
  environment; --all means every loaded project). Projects that are not loaded are skipped.
  A production environment needs --yes, or its name typed at the terminal.
  Chosen projects missing on an environment stop the run unless --skip-missing.
  Another run working on one of the environments refuses this one, unless --force.
  Ctrl-C or SIGTERM stops starting calls, records every item and exits 130 after the summary.
`,
  async run(args, context) {
    const { values, positionals } = parse(args, {
      ...SELECTION_OPTIONS,
      ...RUN_OPTIONS,
      concurrency: { type: 'string' },
    });
    if (positionals.length === 0) throw usage('Name at least one profile to purge on.');
    const profiles = await Promise.all(positionals.map((name) => findEnvironment(context.services, name)));
    const concurrency = values.concurrency ? integer(values.concurrency as string, '--concurrency') : undefined;
    if (concurrency !== undefined && (concurrency < 1 || concurrency > 16)) throw usage('--concurrency is 1 to 16.');
    return runPurge(profiles, selection(values), cacheTypes(values), values, context, {
      ...(concurrency === undefined ? {} : { concurrency }),
    });
  },
};
