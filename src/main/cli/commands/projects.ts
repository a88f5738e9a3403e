/**
 * `projects PROFILE [--node NAME]...`: the environment's projects, whether each is loaded, and its
 * state on each running node; `projects idle|resume|load|unload|update-schema PROFILE …`: the
 * maintenance-window changes (project-state-run.ts). `projects -- NAME` lists a profile named like
 * one of the verbs.
 */
import { projectStatusWord } from '../../../shared/model.ts';
import { nodeStatusWord, type ProjectStateTable } from '../../../shared/project-state.ts';
import { toErrorInfo } from '../../../shared/errors.ts';
import { findEnvironment } from '../../use-cases/environments.ts';
import { serverProjects } from '../../use-cases/projects-and-purges.ts';
import { projectStateTable } from '../../use-cases/project-states.ts';
import { exactly, parse } from '../args.ts';
import { connect } from '../connect.ts';
import { EXIT, PROGRAM, printJson, printLine, warn, type Context } from '../context.ts';
import { stateActionCommand, updateSchemaCommand } from '../project-state-run.ts';
import type { Command } from './command.ts';

const ONLY_LOADED =
  'Only loaded projects are listed: this server does not say which projects are not loaded (it lacks GET /api/monitors/projects, or this user may not use it).';

const VERBS = ['idle', 'resume', 'load', 'unload', 'update-schema'] as const;

function statesOf(table: ProjectStateTable | null, id: string): string {
  const row = table?.projects.find((candidate) => candidate.id === id);
  if (!row) return '';
  const states = row.states.map((state) => `${state.node}: ${nodeStatusWord(state.status)}`).join('; ');
  return `${states}${row.asymmetric ? ' (not the same on every node)' : ''}`;
}

async function list(args: string[], context: Context): Promise<number> {
  const { values, positionals } = parse(args, {
    'password-stdin': { type: 'boolean' },
    node: { type: 'string', multiple: true },
  });
  const [name] = exactly(positionals, 1, 'one profile name');
  const profile = await findEnvironment(context.services, name as string);
  await connect(profile, values, context);
  const nodes = values.node as string[] | undefined;
  const { projects, unloadedKnown } = await serverProjects(context.services, profile);
  // State per node needs the cluster monitor; without it (or its privilege) the list still stands.
  let table: ProjectStateTable | null = null;
  let stateError = null;
  try {
    table = await projectStateTable(context.services, profile.id, nodes);
  } catch (error) {
    if (nodes) throw error;
    stateError = toErrorInfo(error);
  }
  if (context.json)
    printJson(context, {
      ok: true,
      profile: profile.name,
      projects,
      unloadedKnown,
      nodes: table?.nodes ?? null,
      states: table?.projects ?? null,
      stateError,
    });
  else
    for (const project of projects)
      printLine(context, project.id, projectStatusWord(project.status), project.name, statesOf(table, project.id));
  if (!unloadedKnown && !context.json) warn(context, ONLY_LOADED);
  if (stateError && !context.json) warn(context, `state per node not shown: ${stateError.code}: ${stateError.message}`);
  return EXIT.ok;
}

export const projectsCommand: Command = {
  help: `Usage: ${PROGRAM} projects PROFILE [--node NAME]... [--json] [--password-stdin]
       ${PROGRAM} projects idle PROFILE --project P --mode request|execution|warehouse|full|partial [--node NAME]...
             [--yes] [--dry-run] [--force] [--json] [--password-stdin]
       ${PROGRAM} projects resume|load|unload PROFILE --project P [--node NAME]... [--yes] [--dry-run] [--force] [--json]
       ${PROGRAM} projects update-schema PROFILE --project P [--refresh] [--table-keys] [--logical-sizes]
             [--clear-element-cache] [--yes] [--dry-run] [--force] [--json]
       ${PROGRAM} projects [--node NAME]... [--json] -- PROFILE
             a profile named like one of the words above (idle, load, ...): options go before the --
  The list shows each project's state on each running node (loaded, unloaded, the idle modes,
  pending), and marks projects that are not the same on every node; --node shows those nodes only.
  An action goes to every running node where it changes something (or the --node ones); a node
  where it changes nothing is reported "already so" and not sent. Each node is followed until it
  settles; one still pending at the timeout is "unknown" (exit 4). --dry-run sends nothing.
  Full and partial idles follow the vendor's REST documentation (full = request and execution idle).
  A production environment needs --yes, or its name typed at the terminal: unloading ends the
  project's user sessions on those nodes, a full or partial idle blocks them.
  update-schema refreshes the schema and recalculates what is ticked, following its task to the end.
  Another run working on the environment refuses this one (nothing sent), unless --force.
`,
  async run(args, context) {
    // After "--" every word is a name (options go before it), so `projects -- idle` lists "idle".
    const [first, ...rest] = args;
    if (first === 'update-schema') return updateSchemaCommand(rest, context);
    if (VERBS.includes(first as (typeof VERBS)[number]))
      return stateActionCommand(first as 'idle' | 'resume' | 'load' | 'unload', rest, context);
    return list(args, context);
  },
};
