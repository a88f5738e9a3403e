/** `nodes PROFILE`: the environment's I-Server nodes, their state and the projects loaded on each. */
import { clusterNodes } from '../../use-cases/caches.ts';
import { findEnvironment } from '../../use-cases/environments.ts';
import { exactly, parse } from '../args.ts';
import { connect } from '../connect.ts';
import { EXIT, PROGRAM, printJson, printLine } from '../context.ts';
import type { Command } from './command.ts';
import { noun } from '../../../shared/plural.ts';

export const nodesCommand: Command = {
  help: `Usage: ${PROGRAM} nodes PROFILE [--json] [--password-stdin]
  The cluster's I-Server nodes: state (running, stopped), load, the default node, and how many
  projects are loaded on each. Cache lists and actions go only to running nodes.
`,
  async run(args, context) {
    const { values, positionals } = parse(args, { 'password-stdin': { type: 'boolean' } });
    const [name] = exactly(positionals, 1, 'one profile name');
    const profile = await findEnvironment(context.services, name as string);
    await connect(profile, values, context);
    const nodes = await clusterNodes(context.services, profile.id);
    if (context.json) {
      printJson(context, { ok: true, profile: profile.name, nodes });
      return EXIT.ok;
    }
    for (const node of nodes) {
      const loaded = node.projects.filter((project) => project.status === 'loaded').length;
      printLine(
        context,
        node.name,
        node.status,
        node.isDefault ? 'default' : '',
        `${loaded}/${node.projects.length} ${noun(node.projects.length, 'project')} loaded`,
      );
    }
    return EXIT.ok;
  },
};
