/** `projects PROFILE`: the environment's projects and whether each is loaded. */
import { projectStatusWord } from '../../../shared/model.ts';
import { findEnvironment } from '../../use-cases/environments.ts';
import { serverProjects } from '../../use-cases/projects-and-purges.ts';
import { exactly, parse } from '../args.ts';
import { connect } from '../connect.ts';
import { EXIT, PROGRAM, printJson, printLine, warn } from '../context.ts';
import type { Command } from './command.ts';

const ONLY_LOADED =
  'Only loaded projects are listed: this server does not say which projects are not loaded (it lacks GET /api/monitors/projects, or this user may not use it).';

export const projectsCommand: Command = {
  help: `Usage: ${PROGRAM} projects PROFILE [--json] [--password-stdin]\n`,
  async run(args, context) {
    const { values, positionals } = parse(args, { 'password-stdin': { type: 'boolean' } });
    const [name] = exactly(positionals, 1, 'one profile name');
    const profile = await findEnvironment(context.services, name as string);
    await connect(profile, values, context);
    const { projects, unloadedKnown } = await serverProjects(context.services, profile);
    if (context.json) printJson(context, { ok: true, profile: profile.name, projects, unloadedKnown });
    else
      for (const project of projects) printLine(context, project.id, projectStatusWord(project.status), project.name);
    if (!unloadedKnown && !context.json) warn(context, ONLY_LOADED);
    return EXIT.ok;
  },
};
