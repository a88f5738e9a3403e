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
}

class AppState {
  profiles = $state<Profile[]>([]);
  sessions = $state<Record<string, SessionView>>({});
  selectedId = $state<string | null>(null);
  screen = $state<Screen>('projects');
  settings = $state<Settings | null>(null);
  keychain = $state<KeychainStatusView | null>(null);
  info = $state<AppInfo | null>(null);
  notice = $state<Notice | null>(null);
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

  selected = $derived(this.profiles.find((profile) => profile.id === this.selectedId) ?? null);
  selectedIsProduction = $derived(this.selected !== null && isProductionTier(this.selected.tier));

  async init(): Promise<void> {
    api().on.sessionChanged((view) => {
      this.sessions = { ...this.sessions, [view.profileId]: view };
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
    const { profiles, refreshedAt } = await call(api().profiles.list());
    this.profiles = profiles;
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
    this.screen = 'projects';
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
