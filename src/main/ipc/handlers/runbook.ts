/** `runbook:*`: the window's cubes, events and subscriptions, and a republish, trigger or send of chosen ones. */
import * as runbook from '../../use-cases/runbook.ts';
import type { AreaHandlers, HandlerContext } from './context.ts';

export function runbookHandlers(context: HandlerContext): AreaHandlers<'runbook'> {
  const { services, session, emit } = context;
  return {
    'runbook:cubes': ({ profileId, project }) => runbook.listCubes(services, profileId, project),
    'runbook:events': ({ profileId }) => runbook.listEvents(services, profileId),
    'runbook:subscriptions': ({ profileId, project }) => runbook.listSubscriptions(services, profileId, project),
    'runbook:start': (request) =>
      runbook.startWindowRunbook(services, session, request, {
        onItem: (runId, item) => emit('runbook:item', { runId, item }),
        onFinished: (runId, results, error) => emit('runbook:finished', { runId, results, error }),
      }),
    'runbook:cancel': async ({ runId }) => {
      runbook.cancelWindowRunbook(session, runId);
      return null;
    },
  };
}
