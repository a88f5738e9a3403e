/** `events list|trigger ENV`: the server's events, and one triggered by name. */
import { findEnvironment } from '../../use-cases/environments.ts';
import { eventToTrigger, listEvents, triggerEvent } from '../../use-cases/runbook.ts';
import { exactly, parse } from '../args.ts';
import { connect } from '../connect.ts';
import { EXIT, PROGRAM, printJson, printLine, type Context } from '../context.ts';
import { RUN_OPTIONS, confirmedWhileClaimed, printResults, refuseEarly } from '../runbook-run.ts';
import { withActions, type Command } from './command.ts';

async function list(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, { 'password-stdin': { type: 'boolean' } });
  const profile = await findEnvironment(context.services, exactly(positionals, 1, 'one environment name')[0] as string);
  await connect(profile, values, context);
  const events = await listEvents(context.services, profile.id);
  if (context.json) printJson(context, { ok: true, exitCode: EXIT.ok, profile: profile.name, events });
  else for (const event of events) printLine(context, event.name, event.id, event.description ?? '');
  return EXIT.ok;
}

async function trigger(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, RUN_OPTIONS);
  const [environment, name] = exactly(positionals, 2, 'an environment name and an event name (or id)') as [
    string,
    string,
  ];
  const profile = await findEnvironment(context.services, environment);
  refuseEarly(profile, values, context);
  await connect(profile, values, context);
  const event = await eventToTrigger(context.services, profile.id, name);
  if (values['dry-run']) {
    if (context.json) printJson(context, { ok: true, exitCode: EXIT.ok, dryRun: true, profile: profile.name, event });
    else
      context.io.stdout(
        `Dry run: event "${event.name}" (${event.id}) would be triggered on ${profile.name}; nothing was sent.\n`,
      );
    return EXIT.ok;
  }
  const claim = { what: 'events trigger', summary: `About to trigger event "${event.name}" on ${profile.name}.` };
  const result = await confirmedWhileClaimed(profile, values, context, claim, (confirmations) =>
    triggerEvent(context.services, { profileId: profile.id, event: event.id }, confirmations),
  );
  return printResults(context, [result], (item) => item.name, { profile: profile.name });
}

export const eventsCommand: Command = {
  help: `Usage: ${PROGRAM} events list ENV [--json] [--password-stdin]
       ${PROGRAM} events trigger ENV NAME [--yes] [--dry-run] [--force] [--json] [--password-stdin]
  trigger: starts the event-based schedules waiting for the event (cache refreshes, subscriptions).
  NAME is matched exactly; a name no event has, or several events share, refuses before anything
  is sent (give the id then). "succeeded" means the server accepted the trigger. Production needs
  --yes or its name typed.
  Another run working on the environment refuses this one (nothing sent), unless --force.
`,
  run: withActions('events', { list, trigger }),
};
