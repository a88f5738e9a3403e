/** `schedules:*`: presets run by the operating system's scheduler, and the failures the window warns about. */
import * as schedules from '../../use-cases/schedules.ts';
import type { AreaHandlers, HandlerContext } from './context.ts';

export function scheduleHandlers(context: HandlerContext): AreaHandlers<'schedules'> {
  const { services } = context;
  return {
    'schedules:list': () => schedules.listSchedules(services),
    'schedules:add': ({ confirmedProduction, ...request }) =>
      schedules.addSchedule(services, request, { production: confirmedProduction, unpublish: confirmedProduction }),
    'schedules:remove': async ({ presetName }) => {
      await schedules.removeSchedule(services, presetName);
      return null;
    },
    'schedules:unseen-failures': () => schedules.unseenScheduleFailures(services),
    'schedules:acknowledge': async () => {
      await schedules.acknowledgeScheduleFailures(services);
      return null;
    },
  };
}
