/** `history:*`: the audit history, filtered, and exported to a CSV file the user chooses. */
import { exportHistory, historyFilter, listHistory } from '../../use-cases/history.ts';
import { runsPerDay } from '../../use-cases/overview.ts';
import type { AreaHandlers, HandlerContext } from './context.ts';

const CSV_FILES = [{ name: 'CSV', extensions: ['csv'] }];

export function historyHandlers(context: HandlerContext): AreaHandlers<'history'> {
  const { services, dialogs } = context;
  return {
    'history:list': (query) => listHistory(services, historyFilter(query)),
    'history:runs-per-day': (query) => runsPerDay(services, query),
    'history:export': async (query) => {
      const title = 'Export purge history';
      const file = await dialogs.save({ title, defaultName: 'purge-history.csv', filters: CSV_FILES });
      if (file === null) return null;
      return { file, count: await exportHistory(services, file, historyFilter(query)) };
    },
  };
}
