/** `runs:*`: which environments other runs hold now, for a dialog to say so before anything is confirmed. */
import { runsHoldingForWindow } from '../../use-cases/runs-in-progress.ts';
import type { AreaHandlers, HandlerContext } from './context.ts';

export function runsHandlers(context: HandlerContext): AreaHandlers<'runs'> {
  const { services } = context;
  return {
    'runs:in-progress': ({ profileIds }) => runsHoldingForWindow(services, profileIds),
  };
}
