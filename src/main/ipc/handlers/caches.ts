/** `caches:*`: content and cube caches the window lists, and actions on the ones it chose. */
import type { CacheActionItem, CacheActionOutcome } from '../../../shared/cache-monitor.ts';
import * as caches from '../../use-cases/caches.ts';
import { ProgressBatcher } from '../progress-batcher.ts';
import { windowConfirmations, type AreaHandlers, type HandlerContext } from './context.ts';

export function cacheHandlers(context: HandlerContext): AreaHandlers<'caches'> {
  const { services, session, emit } = context;
  return {
    'caches:list': (request) => caches.listCachesForScreen(services, session, request),
    'caches:window': async (request) => caches.cacheWindow(session, request),
    'caches:plan': (request) => caches.planChosenCaches(services, session, request),
    'caches:start': async ({ planId, confirmed }) => {
      const progress = new ProgressBatcher((items: CacheActionItem[]) => emit('caches:progress', { planId, items }));
      const finished = (outcome: CacheActionOutcome): void => {
        progress.flush();
        emit('caches:finished', outcome);
      };
      await caches.startWindowCacheAction(
        services,
        planId,
        windowConfirmations(confirmed),
        (event) => (event.type === 'item' ? progress.add(event.item) : finished(event.outcome)),
        finished,
      );
      return { planId };
    },
    'caches:cancel': async ({ planId }) => {
      caches.cancelCacheAction(services, planId);
      return null;
    },
    'caches:retry': async ({ planId }) => caches.retryCacheAction(services, planId),
    'caches:confirm': ({ planId }) => caches.confirmCacheAction(services, planId),
  };
}
