/**
 * Builds the renderer's `window.api` from the IPC contract, given the two primitives a transport
 * offers: invoke a channel, and subscribe to a push event. Free of Electron so the same object is
 * exercised in browser tests with a different transport.
 */
import type { Channel, PushEvent, PushEvents, RendererApi, RequestOf, ResponseOf, Result } from '../shared/ipc.ts';

export type Invoke = <C extends Channel>(channel: C, request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
export type Subscribe = <E extends PushEvent>(event: E, listener: (payload: PushEvents[E]) => void) => () => void;

type Caller = <C extends Channel>(channel: C) => (request?: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

/** The environments' part of the api: profiles, their servers and sessions. */
function environmentApi(call: Caller): Pick<RendererApi, 'profiles' | 'server' | 'sessions'> {
  return {
    profiles: {
      list: call('profiles:list'),
      save: call('profiles:save'),
      remove: call('profiles:delete'),
      duplicate: call('profiles:duplicate'),
      reorder: call('profiles:reorder'),
      get: call('profiles:get'),
      chooseImport: call('profiles:import-choose'),
      import: call('profiles:import'),
      export: call('profiles:export'),
      chooseCaFile: call('profiles:choose-ca-file'),
    },
    server: { test: call('server:test'), nodes: call('server:nodes') },
    sessions: {
      list: call('sessions:list'),
      connect: call('sessions:connect'),
      disconnect: call('sessions:disconnect'),
    },
  };
}

/** Actions on caches: project purges and content and cube cache actions. */
function cacheApi(call: Caller): Pick<RendererApi, 'projects' | 'purge' | 'caches'> {
  return {
    projects: { list: call('projects:list') },
    purge: {
      prepare: call('purge:prepare'),
      start: call('purge:start'),
      cancel: call('purge:cancel'),
      retry: call('purge:retry'),
      results: call('purge:results'),
    },
    caches: {
      list: call('caches:list'),
      window: call('caches:window'),
      plan: call('caches:plan'),
      start: call('caches:start'),
      cancel: call('caches:cancel'),
      retry: call('caches:retry'),
      confirm: call('caches:confirm'),
    },
  };
}

/** Maintenance plans, their schedules, the history, and the after-load acts (cubes, events, subscriptions). */
function planApi(
  call: Caller,
): Pick<RendererApi, 'history' | 'presets' | 'plans' | 'schedules' | 'overview' | 'runbook' | 'runs'> {
  return {
    runbook: {
      cubes: call('runbook:cubes'),
      events: call('runbook:events'),
      subscriptions: call('runbook:subscriptions'),
      start: call('runbook:start'),
      cancel: call('runbook:cancel'),
    },
    runs: { inProgress: call('runs:in-progress') },
    history: { list: call('history:list'), export: call('history:export'), runsPerDay: call('history:runs-per-day') },
    overview: {
      environment: call('overview:environment'),
      environments: call('overview:environments'),
      seen: call('overview:seen'),
    },
    presets: {
      list: call('presets:list'),
      save: call('presets:save'),
      remove: call('presets:remove'),
      rename: call('presets:rename'),
      prepare: call('presets:prepare'),
      command: call('presets:command'),
      chooseScript: call('presets:script-choose'),
      importScript: call('presets:script-import'),
    },
    plans: { start: call('plans:start'), cancel: call('plans:cancel'), preview: call('plans:preview') },
    schedules: {
      list: call('schedules:list'),
      add: call('schedules:add'),
      remove: call('schedules:remove'),
      unseenFailures: call('schedules:unseen-failures'),
      acknowledge: call('schedules:acknowledge'),
    },
  };
}

function eventApi(subscribe: Subscribe): RendererApi['on'] {
  return {
    sessionChanged: (listener) => subscribe('session:changed', listener),
    purgeProgress: (listener) => subscribe('purge:progress', listener),
    purgeFinished: (listener) => subscribe('purge:finished', listener),
    cachesProgress: (listener) => subscribe('caches:progress', listener),
    cachesFinished: (listener) => subscribe('caches:finished', listener),
    runbookItem: (listener) => subscribe('runbook:item', listener),
    runbookFinished: (listener) => subscribe('runbook:finished', listener),
    planStep: (listener) => subscribe('plans:step', listener),
    planStepStarted: (listener) => subscribe('plans:step-started', listener),
    planFinished: (listener) => subscribe('plans:finished', listener),
  };
}

export function createRendererApi(invoke: Invoke, subscribe: Subscribe): RendererApi {
  const call: Caller =
    <C extends Channel>(channel: C) =>
    (request?: RequestOf<C>) =>
      invoke(channel, request as RequestOf<C>);
  return {
    app: {
      info: call('app:info'),
      settings: call('app:settings'),
      saveSettings: call('app:save-settings'),
      openExternal: call('app:open-external'),
      copyText: call('app:copy-text'),
      dataProblems: call('app:data-problems'),
    },
    keychain: { status: call('keychain:status') },
    ...environmentApi(call),
    ...cacheApi(call),
    ...planApi(call),
    projectState: {
      table: call('project-state:table'),
      plan: call('project-state:plan'),
      run: call('project-state:run'),
      updateSchema: call('project-state:update-schema'),
    },
    on: eventApi(subscribe),
  };
}
