/** `project-state:*`: state per node, idle/resume/load/unload on chosen nodes, and the schema update. */
import * as states from '../../use-cases/project-states.ts';
import { windowConfirmations, type AreaHandlers, type HandlerContext } from './context.ts';

export function projectStateHandlers(context: HandlerContext): AreaHandlers<'project-state'> {
  const { services } = context;
  return {
    'project-state:table': ({ profileId, nodes }) => states.projectStateTable(services, profileId, nodes),
    'project-state:plan': (request) => states.planProjectStateInWindow(services, request),
    'project-state:run': ({ planId, confirmed }) =>
      states.runProjectStateInWindow(services, planId, windowConfirmations(confirmed)),
    'project-state:update-schema': ({ profileId, project, parts, confirmed }) =>
      states.updateSchemaInWindow(services, { profileId, project, parts }, windowConfirmations(confirmed)),
  };
}
