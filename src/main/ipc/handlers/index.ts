/**
 * The handlers behind every IPC channel, one module per area as the command line's commands are:
 * each handler turns a validated request into a call of the use cases, with the window's state
 * (runs, chosen files, cache lists) in one WindowSession.
 */
import { onSessionChange } from '../../use-cases/environments.ts';
import { WindowSession } from '../../use-cases/window-session.ts';
import { appHandlers } from './app.ts';
import { cacheHandlers } from './caches.ts';
import type { HandlerMap, MainDependencies } from './context.ts';
import { profileHandlers, sessionHandlers } from './environments.ts';
import { historyHandlers } from './history.ts';
import { overviewHandlers } from './overview.ts';
import { planHandlers, presetHandlers } from './presets.ts';
import { projectHandlers } from './projects.ts';
import { projectStateHandlers } from './project-state.ts';
import { runbookHandlers } from './runbook.ts';
import { runsHandlers } from './runs.ts';
import { scheduleHandlers } from './schedules.ts';

export type { FileDialogs, Handler, HandlerMap, MainDependencies } from './context.ts';

export interface MainHandlers {
  handlers: HandlerMap;
  runs: WindowSession['runs'];
  /** On quit: stops starting new calls in every purge, cache action and plan, and waits for those in flight. */
  stopRuns(): Promise<void>;
}

export function createHandlers(dependencies: MainDependencies): MainHandlers {
  const session = new WindowSession(dependencies.services);
  const context = { ...dependencies, session };
  onSessionChange(dependencies.services, (view) => dependencies.emit('session:changed', view));
  const handlers: HandlerMap = {
    ...appHandlers(context),
    ...profileHandlers(context),
    ...sessionHandlers(context),
    ...projectHandlers(context),
    ...cacheHandlers(context),
    ...historyHandlers(context),
    ...presetHandlers(context),
    ...planHandlers(context),
    ...scheduleHandlers(context),
    ...projectStateHandlers(context),
    ...overviewHandlers(context),
    ...runbookHandlers(context),
    ...runsHandlers(context),
  };
  return { handlers, runs: session.runs, stopRuns: () => session.stopRuns() };
}
