/**
 * `projects idle|resume|load|unload|update-schema PROFILE --project P …`: a maintenance-window change
 * on the command line, under the rules of the other actions: --dry-run shows which nodes would get
 * it and sends nothing; production needs --yes or its name typed at a terminal (the prompt says when
 * the change ends or blocks users' sessions); exit 0 done (or already so everywhere), 1 failed on a
 * node, 4 not settled in time (unknown).
 */
import type { Profile } from '../../shared/profile-schema.ts';
import { count, seconds } from '../../shared/plural.ts';
import {
  IDLE_MODES,
  nodeStatusWord,
  type IdleMode,
  type ProjectStateAction,
  type ProjectStateOutcome,
  type ProjectStatePlan,
  type SchemaPart,
} from '../../shared/project-state.ts';
import { findEnvironment } from '../use-cases/environments.ts';
import {
  nodesToChange,
  planProjectState,
  projectStateNeeds,
  projectStateStatus,
  requireProjectStateConfirmed,
  requireSchemaUpdateConfirmed,
  runProjectState,
  sessionWarning,
  updateSchema,
} from '../use-cases/project-states.ts';
import { exactly, parse, usage, type Values } from './args.ts';
import { givenUpfront, namesToBeTyped, typedConfirmations } from './confirmations.ts';
import { connect } from './connect.ts';
import { withEnvironmentsClaimed } from './purge-run.ts';
import { EXIT, printJson, printLine, type Context } from './context.ts';

const COMMON = {
  project: { type: 'string' },
  yes: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'password-stdin': { type: 'boolean' },
  force: { type: 'boolean' },
} as const;

async function profileAndProject(args: string[], extra: Parameters<typeof parse>[1], context: Context) {
  const { values, positionals } = parse(args, { ...COMMON, ...extra });
  const [name] = exactly(positionals, 1, 'one profile name');
  if (typeof values.project !== 'string' || values.project.trim() === '')
    throw usage('Name the project with --project NAME_OR_ID.');
  const profile = await findEnvironment(context.services, name as string);
  return { values, profile, project: values.project };
}

function modeOf(values: Values): IdleMode {
  if (!IDLE_MODES.includes(values.mode as IdleMode)) throw usage(`--mode is ${IDLE_MODES.join(', ')}.`);
  return values.mode as IdleMode;
}

function nodeLine(
  context: Context,
  plan: ProjectStatePlan,
  change: ProjectStatePlan['nodes'][number],
  dry: boolean,
): void {
  const what =
    change.status === 'unchanged'
      ? `not sent: ${change.note ?? ''}`
      : dry
        ? 'would be sent'
        : change.status.toUpperCase();
  const now = !dry && change.after ? ` (now ${nodeStatusWord(change.after)})` : '';
  const error = change.error
    ? `: ${change.error.code}: ${change.error.message}${change.error.ticketId ? ` (ticketId ${change.error.ticketId})` : ''}`
    : '';
  const note = !dry && change.status === 'unknown' && change.note ? `: ${change.note}` : '';
  printLine(context, `${change.node}: ${what}${now}${error}${note}`, plan.projectName);
}

function exitFor(outcome: ProjectStateOutcome): number {
  const status = projectStateStatus(outcome.nodes);
  return status === 'failed' ? EXIT.someFailed : status === 'unknown' ? EXIT.unknown : EXIT.ok;
}

function printOutcome(context: Context, outcome: ProjectStateOutcome, exitCode: number): void {
  const { plan } = outcome;
  if (context.json) {
    printJson(context, {
      ok: exitCode === EXIT.ok,
      exitCode,
      runId: plan.runId,
      action: plan.action,
      mode: plan.mode,
      profile: plan.profileName,
      project: { id: plan.projectId, name: plan.projectName },
      startedAt: outcome.startedAt,
      finishedAt: outcome.finishedAt,
      durationMs: outcome.durationMs,
      nodes: outcome.nodes,
    });
    return;
  }
  for (const change of outcome.nodes) nodeLine(context, plan, change, false);
  const sent = outcome.nodes.filter((change) => change.durationMs !== null).length;
  context.io.stdout(
    sent === 0
      ? `Nothing to change: "${plan.projectName}" is already so on every chosen node; nothing was sent.\n`
      : `${plan.action} of "${plan.projectName}": ${projectStateStatus(outcome.nodes)} on ${count(sent, 'node')} in ${seconds(outcome.durationMs)}.\n`,
  );
}

function printDryRun(context: Context, plan: ProjectStatePlan): number {
  if (context.json)
    printJson(context, {
      ok: true,
      dryRun: true,
      action: plan.action,
      mode: plan.mode,
      project: { id: plan.projectId, name: plan.projectName },
      nodes: plan.nodes,
    });
  else {
    for (const change of plan.nodes) nodeLine(context, plan, change, true);
    context.io.stdout(
      `Dry run: ${count(nodesToChange(plan).length, 'node')} would be sent "${plan.action}"; nothing was sent.\n`,
    );
  }
  return EXIT.ok;
}

/** One of idle, resume, load, unload. */
export async function stateActionCommand(
  action: ProjectStateAction,
  args: string[],
  context: Context,
): Promise<number> {
  const extra = { node: { type: 'string', multiple: true }, mode: { type: 'string' } } as const;
  const { values, profile, project } = await profileAndProject(args, extra, context);
  if (action !== 'idle' && values.mode !== undefined) throw usage(`--mode is for idle only.`);
  const mode = action === 'idle' ? modeOf(values) : undefined;
  await connect(profile, values, context);
  const nodes = values.node as string[] | undefined;
  const plan = await planProjectState(context.services, {
    profileId: profile.id,
    action,
    ...(mode ? { mode } : {}),
    project,
    ...(nodes ? { nodes } : {}),
  });
  if (values['dry-run']) return printDryRun(context, plan);
  requireProjectStateConfirmed(
    plan,
    givenUpfront(values, 'add --yes (or --dry-run to see which nodes)'),
    namesToBeTyped(values, context),
  );
  const run = async (): Promise<number> => {
    const confirmations =
      nodesToChange(plan).length === 0
        ? givenUpfront(values)
        : await typedConfirmations(
            projectStateNeeds(plan).production,
            values,
            context,
            `About to ${action} "${plan.projectName}" on ${count(nodesToChange(plan).length, 'node')} of ${profile.name}.${sessionWarning(plan)}\n`,
          );
    const outcome = await runProjectState(context.services, plan.id, confirmations);
    const exitCode = exitFor(outcome);
    printOutcome(context, outcome, exitCode);
    return exitCode;
  };
  // Nothing to send needs no claim; else it comes before the name is asked.
  if (nodesToChange(plan).length === 0) return run();
  return withEnvironmentsClaimed([profile], values, context, { what: `projects ${action}`, scheduled: false }, run);
}

const PART_OPTIONS: Record<string, SchemaPart> = {
  refresh: 'refresh',
  'table-keys': 'table-keys',
  'logical-sizes': 'logical-sizes',
  'clear-element-cache': 'clear-element-cache',
};

async function confirmSchema(profile: Profile, values: Values, context: Context, project: string) {
  requireSchemaUpdateConfirmed(profile, givenUpfront(values), namesToBeTyped(values, context));
  return typedConfirmations(
    projectStateNeeds({ profileName: profile.name, tier: profile.tier }).production,
    values,
    context,
    `About to update the schema of "${project}" on ${profile.name}.\n`,
  );
}

export async function updateSchemaCommand(args: string[], context: Context): Promise<number> {
  const flags = Object.fromEntries(Object.keys(PART_OPTIONS).map((flag) => [flag, { type: 'boolean' as const }]));
  const { values, profile, project } = await profileAndProject(args, flags, context);
  const parts = Object.entries(PART_OPTIONS)
    .filter(([flag]) => values[flag] === true)
    .map(([, part]) => part);
  if (parts.length === 0)
    throw usage('Tick at least one part: --refresh, --table-keys, --logical-sizes, --clear-element-cache.');
  if (values['dry-run']) {
    if (context.json) printJson(context, { ok: true, dryRun: true, action: 'update-schema', project, parts });
    else
      context.io.stdout(
        `Dry run: the schema of "${project}" would be updated (${parts.join(', ')}); nothing was sent.\n`,
      );
    return EXIT.ok;
  }
  const outcome = await withEnvironmentsClaimed(
    [profile],
    values,
    context,
    { what: 'projects update-schema', scheduled: false },
    async () => {
      await connect(profile, values, context);
      const confirmations = await confirmSchema(profile, values, context, project);
      return updateSchema(context.services, { profileId: profile.id, project, parts }, confirmations);
    },
  );
  const exitCode =
    outcome.status === 'failed' ? EXIT.someFailed : outcome.status === 'unknown' ? EXIT.unknown : EXIT.ok;
  if (context.json) printJson(context, { ok: exitCode === EXIT.ok, exitCode, ...outcome });
  else {
    const error = outcome.error ? `: ${outcome.error.code}: ${outcome.error.message}` : '';
    context.io.stdout(
      `Schema update of "${outcome.projectName}" (${parts.join(', ')}): ${outcome.status.toUpperCase()}${error} in ${seconds(outcome.durationMs)}.\n`,
    );
  }
  return exitCode;
}
