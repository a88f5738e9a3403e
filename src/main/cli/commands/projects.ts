/** `projects PROFILE`: the environment's projects and whether each is loaded. */
import { projectStatusWord } from '../../../shared/model.ts';
import { findEnvironment } from '../../use-cases/environments.ts';
import { serverProjects } from '../../use-cases/projects-and-purges.ts';
import { exactly, parse } from '../args.ts';
import { connect } from '../connect.ts';
import { EXIT, PROGRAM, printJson, printLine } from '../context.ts';
import type { Command } from './command.ts';

export const projectsCommand: Command = {
  help: `Usage: ${PROGRAM} projects PROFILE [--json] [--password-stdin]\n`,
  async run(args, context) {
    const { values, positionals } = parse(args, { 'password-stdin': { type: 'boolean' } });
    const [name] = exactly(positionals, 1, 'one profile name');
    const profile = await findEnvironment(context.services, name as string);
    await connect(profile, values, context);
    const projects = await serverProjects(context.services, profile);
    if (context.json) printJson(context, { ok: true, profile: profile.name, projects });
    else
      for (const project of projects) printLine(context, project.id, projectStatusWord(project.status), project.name);
    return EXIT.ok;
  },
};
