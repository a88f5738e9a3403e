/**
 * The renderer's shared state: profiles, their sessions, the selected environment, settings and
 * the current screen. Everything comes from main through window.api; nothing secret is held here.
 */
import type { DataFileProblem } from '../../../shared/data-file-problems.ts';
import type { AppInfo, KeychainStatusView } from '../../../shared/ipc.ts';
import type { SessionView, Settings } from '../../../shared/model.ts';
import type { ScheduleView } from '../../../shared/schedule.ts';
import { isProductionTier } from '../../../shared/profile-rules.ts';
import type { Profile } from '../../../shared/profile-schema.ts';
import { api, call } from './api-call.ts';

export type Screen = 'overview' | 'projects' | 'caches' | 'cubes' | 'history' | 'presets' | 'settings' | 'about';

/** What a screen opened from the overview starts filtered to (taken once, by the screen). */
export interface CachesStart {
  kind: 'content' | 'cube';
  project?: string;
  node?: string;
  status?: string;
}

export interface HistoryStart {
  profileName?: string;
  runId?: string;
  outcome?: 'failed';
  since?: string;
}

export interface Notice {
  kind: 'info' | 'warning' | 'error';
  text: string;
  /** The screen it belongs to; the screen it was raised on unless said. */
  screen?: Screen;
  /** The preset it is about: it closes when that preset is no longer listed. */
  presetName?: string;
}

/** A notice as shown: where and when it was raised, so that it closes when that no longer holds. */
export interface RaisedNotice extends Notice {
  screen: Screen;
  selectedId: string | null;
  id: number;
}

/** The screens of one environment: each environment keeps the one the user last chose of them. */
const ENVIRONMENT_SCREENS: ReadonlySet<Screen> = new Set(['overview', 'projects', 'caches', 'cubes']);

/** How long an information notice stays up; warnings stay until dismissed or their screen changes. */
export const NOTICE_MS = 10_000;

class AppState {
  profiles = $state<Profile[]>([]);
  sessions = $state<Record<string, SessionView>>({});
  #selectedId = $state<string | null>(null);
  #screen = $state<Screen>('projects');
  #notice = $state<RaisedNotice | null>(null);
  /** Per environment, the screen of it the user last chose (a tab, a figure's link). */
  #chosenScreens = new Map<string, Screen>();
  /** The environment whose Overview, as it opens, takes the focus to its heading (once). */
  overviewFocus = $state<string | null>(null);
  #noticeTimer: ReturnType<typeof setTimeout> | null = null;
  #noticeCount = 0;
  settings = $state<Settings | null>(null);
  keychain = $state<KeychainStatusView | null>(null);
  info = $state<AppInfo | null>(null);
  loaded = $state(false);
  /** Bumped when presets change outside the presets screen, which then lists them again. */
  presetsChanged = $state(0);
  /** Scheduled runs that failed since the user last looked: told once, at start. */
  scheduleFailures = $state<ScheduleView[]>([]);
  /** What is wrong with the data files (entries left out, a file that cannot be read). */
  dataProblems = $state<DataFileProblem[]>([]);
  /** The filter the caches screen starts with when opened from the overview. */
  cachesStart: CachesStart | null = null;
  /** The filter the history starts with when opened from the overview. */
  historyStart: HistoryStart | null = null;
  /** When each environment's project list was last fetched. */
  refreshedAt = $state<Record<string, string | null>>({});
  /** Per profile with a credential command: confirmed to run on this computer. */
  commandsConfirmed = $state<Record<string, boolean>>({});

  /**
   * The notice on show. Setting one ties it to the screen and environment of the moment: it closes
   * when either changes, when a session connects or disconnects, when the preset it names goes, and
   * (information) after NOTICE_MS.
   */
  get notice(): RaisedNotice | null {
    return this.#notice;
  }
  set notice(value: Notice | null) {
    if (this.#noticeTimer) clearTimeout(this.#noticeTimer);
    this.#noticeTimer = null;
    if (!value) {
      this.#notice = null;
      return;
    }
    this.#noticeCount += 1;
    const raised: RaisedNotice = {
      ...value,
      screen: value.screen ?? this.#screen,
      selectedId: this.#selectedId,
      id: this.#noticeCount,
    };
    this.#notice = raised;
    if (value.kind === 'info')
      this.#noticeTimer = setTimeout(() => {
        if (this.#notice?.id === raised.id) this.notice = null;
      }, NOTICE_MS);
  }

  get screen(): Screen {
    return this.#screen;
  }
  /** The user's choice of screen; one of an environment's is where it opens next time. */
  set screen(value: Screen) {
    this.#show(value);
    if (this.#selectedId !== null && ENVIRONMENT_SCREENS.has(value)) this.#chosenScreens.set(this.#selectedId, value);
  }

  #show(value: Screen): void {
    this.#screen = value;
    if (this.#notice && this.#notice.screen !== value) this.notice = null;
  }

  /**
   * Opens an environment where the user left it, else (never chosen) on its Overview once
   * connected, or on its projects, where it connects; an Overview so opened takes the focus.
   */
  #land(id: string | null, focus: boolean): void {
    if (id === null) return;
    const screen = this.#chosenScreens.get(id) ?? (this.sessions[id]?.state === 'connected' ? 'overview' : 'projects');
    this.#show(screen);
    if (screen === 'overview' && focus) this.overviewFocus = id;
  }

  /** The selected environment connected from the window: its Overview opens, unless a screen of it was chosen. */
  connected(id: string): void {
    if (id !== this.#selectedId || this.#chosenScreens.has(id)) return;
    this.#show('overview');
    this.overviewFocus = id;
  }

  get selectedId(): string | null {
    return this.#selectedId;
  }
  set selectedId(value: string | null) {
    this.#selectedId = value;
    if (this.#notice && this.#notice.selectedId !== value) this.notice = null;
  }

  /** The presets as now listed: a notice about one that is gone closes. */
  presetsListed(names: readonly string[]): void {
    const about = this.#notice?.presetName?.toLowerCase();
    if (about !== undefined && !names.some((name) => name.toLowerCase() === about)) this.notice = null;
  }

  selected = $derived(this.profiles.find((profile) => profile.id === this.selectedId) ?? null);
  selectedIsProduction = $derived(this.selected !== null && isProductionTier(this.selected.tier));

  async init(): Promise<void> {
    api().on.sessionChanged((view) => {
      const before = this.sessions[view.profileId]?.state;
      this.sessions = { ...this.sessions, [view.profileId]: view };
      // What a notice said may no longer hold once a session connects or ends ("copied" for a closed session).
      if (before !== undefined && before !== view.state && this.#notice?.kind === 'info') this.notice = null;
    });
    const [info, settings, keychain, sessions] = await Promise.all([
      call(api().app.info()),
      call(api().app.settings()),
      call(api().keychain.status()),
      call(api().sessions.list()),
    ]);
    this.info = info;
    this.settings = settings;
    this.keychain = keychain;
    this.sessions = Object.fromEntries(sessions.map((view) => [view.profileId, view]));
    await this.reloadProfiles();
    this.#land(this.#selectedId, false);
    if (!keychain.available && keychain.message) this.notice = { kind: 'warning', text: keychain.message };
    this.loaded = true;
    this.scheduleFailures = await call(api().schedules.unseenFailures());
  }

  /** The user has seen the failed scheduled runs; they are not reported again. */
  async acknowledgeScheduleFailures(): Promise<void> {
    this.scheduleFailures = [];
    await call(api().schedules.acknowledge());
  }

  async reloadProfiles(): Promise<void> {
    const { profiles, refreshedAt, commandsConfirmed } = await call(api().profiles.list());
    this.profiles = profiles;
    this.commandsConfirmed = commandsConfirmed ?? {};
    this.refreshedAt = { ...refreshedAt, ...this.refreshedAt };
    await this.reloadDataProblems();
    if (!profiles.some((profile) => profile.id === this.selectedId)) this.selectedId = profiles[0]?.id ?? null;
  }

  /** Reads every data file's problems again (after the user fixed one by hand, say). */
  async reloadDataProblems(): Promise<void> {
    this.dataProblems = await call(api().app.dataProblems());
  }

  select(id: string): void {
    this.selectedId = id;
    this.#land(id, true);
  }

  /** Opens the caches screen filtered (a figure of the overview links there). */
  showCaches(start: CachesStart): void {
    this.cachesStart = start;
    this.screen = 'caches';
  }

  showHistory(start: HistoryStart): void {
    this.historyStart = start;
    this.screen = 'history';
  }

  session(profileId: string): SessionView | null {
    return this.sessions[profileId] ?? null;
  }

  async saveSettings(patch: Partial<Settings>): Promise<void> {
    this.settings = await call(api().app.saveSettings(patch));
  }
}

export const app = new AppState();
