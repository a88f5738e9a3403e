/** `overview:*`: an environment's overview, the row of every environment, and marking failures seen. */
import { environmentOverview, environmentRows, markFailuresSeen } from '../../use-cases/overview.ts';
import type { AreaHandlers, HandlerContext } from './context.ts';

export function overviewHandlers(context: HandlerContext): AreaHandlers<'overview'> {
  const { services } = context;
  return {
    'overview:environment': ({ profileId }) => environmentOverview(services, profileId),
    'overview:environments': () => environmentRows(services),
    'overview:seen': ({ profileId }) => markFailuresSeen(services, profileId),
  };
}
