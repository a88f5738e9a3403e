/** `projects:*` and `purge:*`: an environment's projects, and purges with progress, cancel, retry and results. */
import type { PurgeItem } from '../../../shared/model.ts';
import { ProgressBatcher } from '../progress-batcher.ts';
import * as purges from '../../use-cases/projects-and-purges.ts';
import { windowConfirmations, type AreaHandlers, type HandlerContext } from './context.ts';

export function projectHandlers(context: HandlerContext): AreaHandlers<'projects' | 'purge'> {
  const { services, session, emit } = context;
  return {
    'projects:list': ({ profileId, refresh }) => purges.listProjects(services, profileId, refresh),
    'purge:prepare': (request) => purges.prepareWindowPurge(services, session, request),
    'purge:start': async ({ planId, confirmed }) => {
      const progress = new ProgressBatcher((items: PurgeItem[]) => emit('purge:progress', { planId, items }));
      await purges.startWindowPurge(services, session, planId, windowConfirmations(confirmed), (event) => {
        if (event.type === 'item') return progress.add(event.item);
        progress.flush();
        emit('purge:finished', event.outcome);
      });
      return { planId };
    },
    'purge:cancel': async ({ planId }) => {
      session.runs.cancel(planId);
      return null;
    },
    'purge:retry': async ({ planId }) => session.runs.retry(planId),
    'purge:results': async ({ planId }) => session.runs.outcome(planId),
  };
}
