/** `cubes list|publish ENV --project P`: a project's Intelligent Cubes, and their republish followed to the end. */
import { formatSize } from '../../../shared/cache-match.ts';
import {
  DEFAULT_PUBLISH_CONCURRENCY,
  DEFAULT_PUBLISH_TIMEOUT_MINUTES,
  summariseRunbook,
  type CubePublishResult,
} from '../../../shared/runbook.ts';
import { findEnvironment } from '../../use-cases/environments.ts';
import { cubesToRepublish, listCubes, republishCubes } from '../../use-cases/runbook.ts';
import { exactly, integer, parse, usage, type Values } from '../args.ts';
import { connect } from '../connect.ts';
import { EXIT, PROGRAM, printJson, printLine, type Context } from '../context.ts';
import {
  RUN_OPTIONS,
  confirmedWhileClaimed,
  printResults,
  refuseEarly,
  resultsExit,
  withInterrupt,
} from '../runbook-run.ts';
import { withActions, type Command } from './command.ts';
import { count } from '../../../shared/plural.ts';

function project(values: Values): string {
  if (typeof values.project !== 'string' || values.project.trim() === '')
    throw usage('--project takes a project name or id.');
  return values.project;
}

async function list(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, {
    project: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  });
  const profile = await findEnvironment(context.services, exactly(positionals, 1, 'one environment name')[0] as string);
  await connect(profile, values, context);
  const listing = await listCubes(
    context.services,
    profile.id,
    project(values),
    typeof values.name === 'string' ? values.name : undefined,
  );
  if (context.json) {
    printJson(context, { ok: true, exitCode: EXIT.ok, ...listing });
    return EXIT.ok;
  }
  for (const cube of listing.cubes)
    printLine(
      context,
      cube.name,
      cube.kind,
      cube.hasCache ? cube.status.join(',') : 'no cache',
      formatSize(cube.sizeKb),
      cube.lastUpdated ?? '',
      cube.id,
    );
  context.io.stderr(`${count(listing.cubes.length, 'cube')} in ${listing.projectName}\n`);
  return EXIT.ok;
}

function publishChoices(values: Values): { concurrency: number; timeoutMinutes: number } {
  const concurrency =
    typeof values.concurrency === 'string' ? integer(values.concurrency, '--concurrency') : DEFAULT_PUBLISH_CONCURRENCY;
  if (concurrency < 1 || concurrency > 16) throw usage('--concurrency is 1 to 16.');
  const timeoutMinutes = typeof values.timeout === 'string' ? Number(values.timeout) : DEFAULT_PUBLISH_TIMEOUT_MINUTES;
  if (!Number.isFinite(timeoutMinutes) || timeoutMinutes <= 0 || timeoutMinutes > 24 * 60)
    throw usage('--timeout takes minutes, more than 0 and at most 1440.');
  return { concurrency, timeoutMinutes };
}

const PUBLISH_OPTIONS = {
  project: { type: 'string' },
  cube: { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  'no-wait': { type: 'boolean' },
  ...RUN_OPTIONS,
} as const;

async function publish(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, PUBLISH_OPTIONS);
  const profile = await findEnvironment(context.services, exactly(positionals, 1, 'one environment name')[0] as string);
  const names = (values.cube as string[] | undefined) ?? [];
  if (names.length === 0) throw usage('Name at least one --cube.');
  const choices = publishChoices(values);
  refuseEarly(profile, values, context);
  await connect(profile, values, context);
  const cubes = await cubesToRepublish(context.services, profile.id, project(values), names);
  if (values['dry-run']) {
    if (context.json) printJson(context, { ok: true, exitCode: EXIT.ok, dryRun: true, profile: profile.name, cubes });
    else {
      for (const cube of cubes) printLine(context, 'would republish', cube.projectName, cube.name, cube.id);
      context.io.stdout(
        `Dry run: ${count(cubes.length, 'cube')} would be republished on ${profile.name}; nothing was sent.\n`,
      );
    }
    return EXIT.ok;
  }
  const claim = {
    what: 'cubes publish',
    summary: `About to republish ${count(cubes.length, 'cube')} on ${profile.name}.`,
  };
  const results = await confirmedWhileClaimed(profile, values, context, claim, (confirmations) =>
    withInterrupt((cancelled) =>
      republishCubes(
        context.services,
        {
          profileId: profile.id,
          project: project(values),
          cubes: names,
          ...choices,
          cancelled,
          ...(values['no-wait'] ? { wait: false } : {}),
        },
        confirmations,
      ),
    ),
  );
  if (values['no-wait']) return printRequested(context, results, profile.name);
  return printResults(context, results, (result) => `${result.project}\t${result.cube}\t${result.jobId ?? ''}`, {
    profile: profile.name,
  });
}

/**
 * --no-wait: a publish the server accepted is "requested", not followed; it is never printed as
 * succeeded (in JSON its status stays "unknown", with `followed: false`).
 */
function printRequested(context: Context, results: readonly CubePublishResult[], profileName: string): number {
  const requested = results.filter((result) => result.status === 'unknown' && result.jobId !== null);
  const exitCode = requested.length === results.length ? EXIT.ok : resultsExit(results);
  if (context.json) {
    printJson(context, {
      ok: exitCode === EXIT.ok,
      exitCode,
      profile: profileName,
      followed: false,
      summary: summariseRunbook(results),
      results,
    });
    return exitCode;
  }
  for (const result of results) {
    const word = requested.includes(result) ? 'REQUESTED' : result.status.toUpperCase();
    const error = result.error ? `${result.error.code}: ` : '';
    printLine(context, word, result.project, result.cube, result.jobId ?? '', `${error}${result.message ?? ''}`);
  }
  const others = results.length - requested.length;
  context.io.stdout(
    `${requested.length} ${requested.length === 1 ? 'publish' : 'publishes'} requested and not followed` +
      `${others > 0 ? `; ${others} not requested` : ''}: see "cubes list" for their state.\n`,
  );
  return exitCode;
}

export const cubesCommand: Command = {
  help: `Usage: ${PROGRAM} cubes list ENV --project P [--name TEXT] [--json] [--password-stdin]
       ${PROGRAM} cubes publish ENV --project P --cube NAME [--cube NAME...] [--concurrency N]
             [--timeout MINUTES] [--no-wait] [--yes] [--dry-run] [--force] [--json] [--password-stdin]
  list: the project's OLAP and super cubes found by the metadata search (cubes with no cache too),
  with status, size and last update (the server gives no time zone; it is read as UTC).
  publish: republishes each cube (the same call as a first publish), ${DEFAULT_PUBLISH_CONCURRENCY} at a time by default
  (each publish loads the warehouse), and follows each job: "succeeded" only when the job ends
  COMPLETED, or has left the monitor and the cube was updated since, READY and not dirty; "failed"
  with the server's message; "unknown" after --timeout minutes (default ${DEFAULT_PUBLISH_TIMEOUT_MINUTES}), saying what was
  seen. --no-wait sends the publishes and does not follow them: each accepted one is "requested"
  (JSON: status "unknown", "followed": false), exit 0 when all were accepted.
  Ctrl+C stops waiting and starting; jobs already running go on on the server. A cube name that
  matches none or several cubes refuses before anything is sent. Production needs --yes or its
  name typed. Exit 0 all succeeded, 1 some failed or cancelled, 4 some unknown.
  Another run working on the environment refuses this one (nothing sent), unless --force.
`,
  run: withActions('cubes', { list, publish }),
};
