/** `subscriptions list|send ENV --project P`: a project's subscriptions, and some sent now. */
import { findEnvironment } from '../../use-cases/environments.ts';
import { listSubscriptions, sendSubscriptions, subscriptionsToSend } from '../../use-cases/runbook.ts';
import { exactly, parse, usage, type Values } from '../args.ts';
import { connect } from '../connect.ts';
import { EXIT, PROGRAM, printJson, printLine, type Context } from '../context.ts';
import { RUN_OPTIONS, confirmedWhileClaimed, printResults, refuseEarly, withInterrupt } from '../runbook-run.ts';
import { withActions, type Command } from './command.ts';
import { count } from '../../../shared/plural.ts';

function project(values: Values): string {
  if (typeof values.project !== 'string' || values.project.trim() === '')
    throw usage('--project takes a project name or id.');
  return values.project;
}

async function list(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, { project: { type: 'string' }, 'password-stdin': { type: 'boolean' } });
  const profile = await findEnvironment(context.services, exactly(positionals, 1, 'one environment name')[0] as string);
  await connect(profile, values, context);
  const listing = await listSubscriptions(context.services, profile.id, project(values));
  if (context.json) printJson(context, { ok: true, exitCode: EXIT.ok, profile: profile.name, ...listing });
  else
    for (const row of listing.subscriptions)
      printLine(
        context,
        row.name,
        row.owner ?? '',
        row.delivery ?? '',
        row.triggers.join(', '),
        row.lastRun ?? '',
        row.id,
      );
  return EXIT.ok;
}

async function send(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, {
    project: { type: 'string' },
    name: { type: 'string', multiple: true },
    ...RUN_OPTIONS,
  });
  const profile = await findEnvironment(context.services, exactly(positionals, 1, 'one environment name')[0] as string);
  const names = (values.name as string[] | undefined) ?? [];
  if (names.length === 0) throw usage('Name at least one --name.');
  refuseEarly(profile, values, context);
  await connect(profile, values, context);
  const chosen = await subscriptionsToSend(context.services, profile.id, project(values), names);
  if (values['dry-run']) {
    if (context.json)
      printJson(context, { ok: true, exitCode: EXIT.ok, dryRun: true, profile: profile.name, ...chosen });
    else
      context.io.stdout(
        `Dry run: ${count(chosen.subscriptions.length, 'subscription')} of ${chosen.project.name} would be sent; nothing was sent.\n`,
      );
    return EXIT.ok;
  }
  const claim = {
    what: 'subscriptions send',
    summary: `About to send ${count(names.length, 'subscription')} on ${profile.name}.`,
  };
  const results = await confirmedWhileClaimed(profile, values, context, claim, (confirmations) =>
    withInterrupt((cancelled) =>
      sendSubscriptions(
        context.services,
        { profileId: profile.id, project: project(values), names, cancelled },
        confirmations,
      ),
    ),
  );
  return printResults(context, results, (item) => item.name, { profile: profile.name, project: chosen.project.name });
}

export const subscriptionsCommand: Command = {
  help: `Usage: ${PROGRAM} subscriptions list ENV --project P [--json] [--password-stdin]
       ${PROGRAM} subscriptions send ENV --project P --name NAME [--name NAME...] [--yes] [--dry-run] [--force] [--json]
  list: name, owner, delivery type, schedules or events, last run where the server gives it.
  send: sends each subscription now, one after another; "succeeded" means the server accepted
  it. A name that matches none or several subscriptions refuses before anything is sent.
  Production needs --yes or its name typed.
  Another run working on the environment refuses this one (nothing sent), unless --force.
`,
  run: withActions('subscriptions', { list, send }),
};
