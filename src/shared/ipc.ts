/**
 * The IPC contract between the renderer and the main process: every channel with its request and
 * response types, the push events main sends, and the domain-shaped API the preload builds from
 * them. Both sides are checked against this file at compile time: a channel without a contract
 * entry, a handler or a request schema fails the type check.
 */
import type { DataFileProblem } from './data-file-problems.ts';
import type { CubeListing, CubePublishResult, EventRow, SendResult, SubscriptionRow } from './runbook.ts';
import type { ErrorInfo } from './errors.ts';
import type { ScheduleOverview, ScheduleView, Weekday } from './schedule.ts';
import type {
  ClusterNode,
  ConnectionTest,
  HistoryEntry,
  ProjectListing,
  PurgeItem,
  PurgeItemOutcome,
  PurgeOutcome,
  PurgePlan,
  PurgeRequest,
  SessionView,
  Settings,
} from './model.ts';
import type { DayRuns, EnvironmentOverview, EnvironmentRow } from './overview.ts';
import type { Preset } from './preset-schema.ts';
import type { PlanOutcome, StepOutcome } from './plan-outcome.ts';
import type { PlanPreview } from './plan-preview.ts';
import type { ScriptImport } from './script-import.ts';
import type {
  IdleMode,
  ProjectStateAction,
  ProjectStateOutcome,
  ProjectStatePlan,
  ProjectStateTable,
  SchemaPart,
  SchemaUpdateOutcome,
} from './project-state.ts';
import type {
  CacheAction,
  CacheActionItem,
  CacheActionOutcome,
  CacheActionPlan,
  CacheKind,
  CacheListing,
} from './cache-monitor.ts';
import type { CacheSelection, CacheWindow, CacheWindowRequest } from './cache-window.ts';
import type { Profile, ProfileDraftInput } from './profile-schema.ts';

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorInfo };

export interface AppInfo {
  name: string;
  version: string;
  electron: string;
  chrome: string;
  node: string;
  platform: string;
  dataFolder: string;
}

export interface KeychainStatusView {
  available: boolean;
  backend: string;
  message: string | null;
}

export type ConflictChoice = 'skip' | 'rename' | 'replace';

export interface ImportReport {
  file: string;
  imported: { name: string; savedAs: string; action: 'added' | 'renamed' | 'replaced' }[];
  skipped: { name: string; reason: string }[];
  rejected: { index: number; name: string | null; reason: string }[];
}

export interface ImportPreviewView {
  /** Names the file once chosen; main keeps its path, the renderer never sends one. */
  token: string;
  file: string;
  names: string[];
  conflicts: string[];
  rejected: { index: number; name: string | null; reason: string }[];
}

export interface HistoryQuery {
  profileName?: string;
  outcome?: PurgeItemOutcome;
  /** ISO date-times. */
  since?: string;
  until?: string;
  limit?: number;
  /** The lines of one run. */
  runId?: string;
}

/** An environment another run holds, as the window names it. */
export interface HeldEnvironment {
  profileId: string;
  name: string;
  /** The run: `"purge" (process 4242 on jump-01, started …)`. */
  run: string;
}

export interface ScheduledCommandView {
  command: string;
  cron: string;
  cronComment: string;
  windowsTask: string;
}

export interface IpcContract {
  'app:info': { request: undefined; response: AppInfo };
  'app:settings': { request: undefined; response: Settings };
  'app:save-settings': { request: Partial<Settings>; response: Settings };
  'app:open-external': { request: { url: string }; response: null };
  'app:copy-text': { request: { text: string }; response: null };
  /** What is wrong with the data files an admin may edit by hand (profiles, presets, schedules, settings). */
  'app:data-problems': { request: undefined; response: DataFileProblem[] };
  'keychain:status': { request: undefined; response: KeychainStatusView };
  'profiles:list': {
    request: undefined;
    /** refreshedAt: when each profile's project list was last fetched (from the stored copies). */
    response: {
      profiles: Profile[];
      problems: DataFileProblem[];
      refreshedAt: Record<string, string | null>;
      /** Per profile with a credential command: whether it was confirmed to run on this computer. */
      commandsConfirmed?: Record<string, boolean>;
    };
  };
  'profiles:save': {
    /**
     * proxyPassword: kept in the keychain; '' forgets it, absent leaves it as it is. forgetSecret:
     * "Remember" was unticked where the keychain holds the password or token: it is deleted.
     * confirmPasswordCommand: the user read the credential command and lets it run on this machine.
     */
    request: {
      id?: string;
      draft: ProfileDraftInput;
      proxyPassword?: string;
      confirmPasswordCommand?: boolean;
      forgetSecret?: boolean;
    };
    response: Profile;
  };
  'profiles:delete': { request: { id: string }; response: null };
  'profiles:duplicate': { request: { id: string }; response: Profile };
  'profiles:reorder': { request: { ids: string[] }; response: Profile[] };
  'profiles:get': { request: { id: string }; response: Profile };
  'profiles:import-choose': { request: undefined; response: ImportPreviewView | null };
  'profiles:import': {
    request: { token: string; onConflict: ConflictChoice; choices: Record<string, ConflictChoice> };
    /** unconfirmedCommands: imported environments whose credential command is not run until confirmed here. */
    response: ImportReport & { unconfirmedCommands?: string[] };
  };
  'profiles:export': { request: { ids: string[] }; response: { file: string; count: number } | null };
  'profiles:choose-ca-file': { request: undefined; response: string | null };
  'server:test': {
    /** profileId: use that profile's stored proxy password unless one is typed. */
    request: { draft: ProfileDraftInput; profileId?: string; proxyPassword?: string };
    response: ConnectionTest;
  };
  'server:nodes': { request: { profileId: string }; response: ClusterNode[] };
  'sessions:list': { request: undefined; response: SessionView[] };
  'sessions:connect': { request: { profileId: string; secret?: string; remember?: boolean }; response: SessionView };
  'sessions:disconnect': { request: { profileId: string }; response: SessionView };
  'projects:list': { request: { profileId: string; refresh: boolean }; response: ProjectListing };
  'purge:prepare': { request: PurgeRequest; response: PurgePlan };
  /**
   * Starts a prepared plan. `confirmed`: the user typed the name of every production environment in
   * it; main refuses a plan that touches production without it, and sends nothing.
   */
  'purge:start': { request: { planId: string; confirmed: boolean }; response: { planId: string } };
  'purge:cancel': { request: { planId: string }; response: null };
  'purge:retry': { request: { planId: string }; response: PurgePlan };
  'purge:results': { request: { planId: string }; response: PurgeOutcome | null };
  /**
   * Lists a kind of caches on the chosen running nodes (none chosen: all); main keeps the list, and
   * answers it without its caches: the screen asks for the rows in view with caches:window.
   */
  'caches:list': { request: { profileId: string; kind: CacheKind; nodes?: string[] }; response: CacheListing };
  /** The rows of the last list a search shows, from an offset, with its counts (and totals when asked). */
  'caches:window': { request: CacheWindowRequest; response: CacheWindow };
  /** A plan for caches of the last list: named by "node/id" keys, or all a search shows but some. */
  'caches:plan': {
    request: { profileId: string; kind: CacheKind; action: CacheAction } & CacheSelection;
    response: CacheActionPlan;
  };
  /** `confirmed`: the production environment's name typed, and a cube delete's unpublishing accepted. */
  'caches:start': { request: { planId: string; confirmed: boolean }; response: { planId: string } };
  'caches:cancel': { request: { planId: string }; response: null };
  'caches:retry': { request: { planId: string }; response: CacheActionPlan };
  /** The run's outcome with what a fresh list shows for each succeeded cache. */
  'caches:confirm': { request: { planId: string }; response: CacheActionOutcome };
  'history:list': { request: HistoryQuery; response: HistoryEntry[] };
  'history:export': { request: HistoryQuery; response: { file: string; count: number } | null };
  /** Runs per day by outcome for the history's filters. */
  'history:runs-per-day': { request: HistoryQuery; response: DayRuns[] };
  /** The environment's nodes, cube memory, content caches and runs. */
  'overview:environment': { request: { profileId: string }; response: EnvironmentOverview };
  /** One row per environment: last run, failures since the last look, runs per day. */
  'overview:environments': { request: undefined; response: EnvironmentRow[] };
  /** Marks the environment's failures up to now as seen; answers the time kept. */
  'overview:seen': { request: { profileId: string }; response: string };
  'presets:list': { request: undefined; response: Preset[] };
  'presets:save': { request: Preset; response: Preset };
  'presets:remove': { request: { name: string }; response: null };
  /** A new name (by the name rule); the preset's schedule follows it. */
  'presets:rename': { request: { name: string; newName: string }; response: Preset };
  'presets:prepare': { request: { name: string }; response: PurgePlan };
  'presets:command': { request: { name: string }; response: ScheduledCommandView };
  /** Picks a Command Manager script and reads it; main keeps the path behind the token. */
  'presets:script-choose': { request: undefined; response: (ScriptImport & { token: string }) | null };
  /** Saves the script's steps as a preset on the chosen environments. */
  'presets:script-import': {
    request: { token: string; name: string; environments: string[]; replace: boolean; alwaysRunResume?: boolean };
    response: Preset;
  };
  /**
   * Runs a preset's steps in order. `confirmed`: the user typed the production environments' names
   * and accepted that cube caches are deleted, where the plan needs either.
   */
  'plans:start': {
    /** alongside: the user chose "Run anyway" where another run holds one of its environments. */
    request: { name: string; confirmed: boolean; stopOnError: boolean; alongside?: boolean };
    response: { runId: string };
  };
  'plans:cancel': { request: { runId: string }; response: null };
  /** The preset's dry run: what each step would send per environment and node, nothing sent. */
  'plans:preview': { request: { name: string }; response: PlanPreview };
  /** A project's Intelligent Cubes (found by search: with or without a cache). */
  'runbook:cubes': { request: { profileId: string; project: string }; response: CubeListing };
  'runbook:events': { request: { profileId: string }; response: EventRow[] };
  'runbook:subscriptions': {
    request: { profileId: string; project: string };
    response: { project: { id: string; name: string }; subscriptions: SubscriptionRow[] };
  };
  /**
   * Republishes cubes, triggers an event or sends subscriptions, by name (or id). `confirmed`: the
   * production environment's name typed; main refuses without it, and sends nothing.
   */
  'runbook:start': {
    request: {
      profileId: string;
      kind: 'republish' | 'event' | 'subscriptions';
      /** The project of cubes or subscriptions; "" for an event. */
      project: string;
      names: string[];
      confirmed: boolean;
      /** A republish: cubes at a time (default 2) and minutes each may take (default 60). */
      concurrency?: number;
      timeoutMinutes?: number;
      /** The user chose "Run anyway" where another run holds the environment. */
      alongside?: boolean;
    };
    response: { runId: string };
  };
  'runbook:cancel': { request: { runId: string }; response: null };
  /** Which of the environments other runs hold now, one line per run; nothing is taken. */
  'runs:in-progress': { request: { profileIds: string[] }; response: HeldEnvironment[] };
  'schedules:list': { request: undefined; response: SchedulesView };
  'schedules:add': { request: ScheduleRequest; response: ScheduleView };
  'schedules:remove': { request: { presetName: string }; response: null };
  /** Scheduled runs that failed since the user last acknowledged them. */
  'schedules:unseen-failures': { request: undefined; response: ScheduleView[] };
  'schedules:acknowledge': { request: undefined; response: null };
  /** Each project's state on each running node (the chosen ones, if any). */
  'project-state:table': { request: { profileId: string; nodes?: string[] }; response: ProjectStateTable };
  /** Which nodes an idle/resume/load/unload would be sent to, and which are already so. */
  'project-state:plan': {
    request: { profileId: string; action: ProjectStateAction; mode?: IdleMode; project: string; nodes?: string[] };
    response: ProjectStatePlan;
  };
  /** Sends a planned change and answers once every node settled (or the time ran out: unknown). */
  'project-state:run': { request: { planId: string; confirmed: boolean }; response: ProjectStateOutcome };
  'project-state:update-schema': {
    request: { profileId: string; project: string; parts: SchemaPart[]; confirmed: boolean };
    response: SchemaUpdateOutcome;
  };
}

export interface SchedulesView extends ScheduleOverview {
  /** This computer's scheduler in words, or null where the app knows none or it cannot be used here. */
  backend: string | null;
  /** Why the scheduler this computer would use cannot be used now ("systemd user timer: …"). */
  backendUnavailable?: string;
}

export interface ScheduleRequest {
  presetName: string;
  time: string;
  days: Weekday[];
  /** The user accepted that a production preset's scheduled run does not ask for confirmation. */
  confirmedProduction: boolean;
}

export type Channel = keyof IpcContract;
export type RequestOf<C extends Channel> = IpcContract[C]['request'];
export type ResponseOf<C extends Channel> = IpcContract[C]['response'];

/** Every channel, listed once; CHANNELS_COMPLETE fails to compile when one is missing here. */
export const CHANNELS = [
  'app:info',
  'app:settings',
  'app:save-settings',
  'app:open-external',
  'app:copy-text',
  'app:data-problems',
  'keychain:status',
  'profiles:list',
  'profiles:save',
  'profiles:delete',
  'profiles:duplicate',
  'profiles:reorder',
  'profiles:get',
  'profiles:import-choose',
  'profiles:import',
  'profiles:export',
  'profiles:choose-ca-file',
  'server:test',
  'server:nodes',
  'sessions:list',
  'sessions:connect',
  'sessions:disconnect',
  'projects:list',
  'purge:prepare',
  'purge:start',
  'purge:cancel',
  'purge:retry',
  'purge:results',
  'caches:list',
  'caches:window',
  'caches:plan',
  'caches:start',
  'caches:cancel',
  'caches:retry',
  'caches:confirm',
  'history:list',
  'history:export',
  'history:runs-per-day',
  'overview:environment',
  'overview:environments',
  'overview:seen',
  'presets:list',
  'presets:save',
  'presets:remove',
  'presets:rename',
  'presets:prepare',
  'presets:command',
  'presets:script-choose',
  'presets:script-import',
  'plans:start',
  'plans:cancel',
  'plans:preview',
  'runbook:cubes',
  'runbook:events',
  'runbook:subscriptions',
  'runbook:start',
  'runbook:cancel',
  'runs:in-progress',
  'schedules:list',
  'schedules:add',
  'schedules:remove',
  'schedules:unseen-failures',
  'schedules:acknowledge',
  'project-state:table',
  'project-state:plan',
  'project-state:run',
  'project-state:update-schema',
] as const satisfies readonly Channel[];
type MissingChannel = Exclude<Channel, (typeof CHANNELS)[number]>;
export const CHANNELS_COMPLETE: [MissingChannel] extends [never] ? true : MissingChannel = true;

/** Events main pushes to the renderer. */
export interface PushEvents {
  'session:changed': SessionView;
  /** The latest state of the items that changed since the last event (sent at most every 50 ms). */
  'purge:progress': { planId: string; items: PurgeItem[] };
  'purge:finished': PurgeOutcome;
  'caches:progress': { planId: string; items: CacheActionItem[] };
  'caches:finished': CacheActionOutcome;
  'plans:step': { runId: string; step: StepOutcome };
  'plans:step-started': { runId: string; index: number; label: string };
  'plans:finished': { runId: string; outcome: PlanOutcome | null; error: ErrorInfo | null };
  /** A cube, event or subscription as it starts and ends. */
  'runbook:item': { runId: string; item: CubePublishResult | SendResult };
  'runbook:finished': { runId: string; results: (CubePublishResult | SendResult)[]; error: ErrorInfo | null };
}

export type PushEvent = keyof PushEvents;
export const PUSH_EVENTS = [
  'session:changed',
  'purge:progress',
  'purge:finished',
  'caches:progress',
  'caches:finished',
  'plans:step',
  'plans:step-started',
  'plans:finished',
  'runbook:item',
  'runbook:finished',
] as const satisfies readonly PushEvent[];
type MissingEvent = Exclude<PushEvent, (typeof PUSH_EVENTS)[number]>;
export const PUSH_EVENTS_COMPLETE: [MissingEvent] extends [never] ? true : MissingEvent = true;

type Call<C extends Channel> =
  RequestOf<C> extends undefined
    ? () => Promise<Result<ResponseOf<C>>>
    : (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

/** The domain-shaped API the preload exposes as `window.api`. */
export interface RendererApi {
  app: {
    info: Call<'app:info'>;
    settings: Call<'app:settings'>;
    saveSettings: Call<'app:save-settings'>;
    openExternal: Call<'app:open-external'>;
    copyText: Call<'app:copy-text'>;
    dataProblems: Call<'app:data-problems'>;
  };
  keychain: { status: Call<'keychain:status'> };
  profiles: {
    list: Call<'profiles:list'>;
    save: Call<'profiles:save'>;
    remove: Call<'profiles:delete'>;
    duplicate: Call<'profiles:duplicate'>;
    reorder: Call<'profiles:reorder'>;
    get: Call<'profiles:get'>;
    chooseImport: Call<'profiles:import-choose'>;
    import: Call<'profiles:import'>;
    export: Call<'profiles:export'>;
    chooseCaFile: Call<'profiles:choose-ca-file'>;
  };
  server: { test: Call<'server:test'>; nodes: Call<'server:nodes'> };
  sessions: {
    list: Call<'sessions:list'>;
    connect: Call<'sessions:connect'>;
    disconnect: Call<'sessions:disconnect'>;
  };
  projects: { list: Call<'projects:list'> };
  purge: {
    prepare: Call<'purge:prepare'>;
    start: Call<'purge:start'>;
    cancel: Call<'purge:cancel'>;
    retry: Call<'purge:retry'>;
    results: Call<'purge:results'>;
  };
  caches: {
    list: Call<'caches:list'>;
    window: Call<'caches:window'>;
    plan: Call<'caches:plan'>;
    start: Call<'caches:start'>;
    cancel: Call<'caches:cancel'>;
    retry: Call<'caches:retry'>;
    confirm: Call<'caches:confirm'>;
  };
  history: { list: Call<'history:list'>; export: Call<'history:export'>; runsPerDay: Call<'history:runs-per-day'> };
  overview: {
    environment: Call<'overview:environment'>;
    environments: Call<'overview:environments'>;
    seen: Call<'overview:seen'>;
  };
  presets: {
    list: Call<'presets:list'>;
    save: Call<'presets:save'>;
    remove: Call<'presets:remove'>;
    rename: Call<'presets:rename'>;
    prepare: Call<'presets:prepare'>;
    command: Call<'presets:command'>;
    chooseScript: Call<'presets:script-choose'>;
    importScript: Call<'presets:script-import'>;
  };
  plans: { start: Call<'plans:start'>; cancel: Call<'plans:cancel'>; preview: Call<'plans:preview'> };
  runbook: {
    cubes: Call<'runbook:cubes'>;
    events: Call<'runbook:events'>;
    subscriptions: Call<'runbook:subscriptions'>;
    start: Call<'runbook:start'>;
    cancel: Call<'runbook:cancel'>;
  };
  runs: { inProgress: Call<'runs:in-progress'> };
  schedules: {
    list: Call<'schedules:list'>;
    add: Call<'schedules:add'>;
    remove: Call<'schedules:remove'>;
    unseenFailures: Call<'schedules:unseen-failures'>;
    acknowledge: Call<'schedules:acknowledge'>;
  };
  projectState: {
    table: Call<'project-state:table'>;
    plan: Call<'project-state:plan'>;
    run: Call<'project-state:run'>;
    updateSchema: Call<'project-state:update-schema'>;
  };
  /** Subscriptions return their unsubscribe function. */
  on: {
    sessionChanged(listener: (view: PushEvents['session:changed']) => void): () => void;
    purgeProgress(listener: (event: PushEvents['purge:progress']) => void): () => void;
    purgeFinished(listener: (outcome: PushEvents['purge:finished']) => void): () => void;
    cachesProgress(listener: (event: PushEvents['caches:progress']) => void): () => void;
    cachesFinished(listener: (outcome: PushEvents['caches:finished']) => void): () => void;
    planStep(listener: (event: PushEvents['plans:step']) => void): () => void;
    planStepStarted(listener: (event: PushEvents['plans:step-started']) => void): () => void;
    planFinished(listener: (event: PushEvents['plans:finished']) => void): () => void;
    runbookItem(listener: (event: PushEvents['runbook:item']) => void): () => void;
    runbookFinished(listener: (event: PushEvents['runbook:finished']) => void): () => void;
  };
}
