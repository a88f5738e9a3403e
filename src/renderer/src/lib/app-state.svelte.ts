/**
 * The renderer's shared state: profiles, their sessions, the selected environment, settings and
 * the current screen. Everything comes from main through window.api; nothing secret is held here.
 */
import type { AppInfo, FileRecovery, KeychainStatusView } from '../../../shared/ipc.ts';
import type { SessionView, Settings } from '../../../shared/model.ts';
import type { ScheduleView } from '../../../shared/schedule.ts';
import { isProductionTier } from '../../../shared/profile-rules.ts';
import type { Profile } from '../../../shared/profile-schema.ts';
import { api, call } from './api-call.ts';

export type Screen = 'projects' | 'caches' | 'history' | 'presets' | 'settings' | 'about';

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
  /** When each environment's project list was last fetched. */
  refreshedAt = $state<Record<string, string | null>>({});
  /** Per profile with a credential command: confirmed to run on this computer. */
  commandsConfirmed = $state<Record<string, boolean>>({});

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
    const { profiles, recovery, refreshedAt, commandsConfirmed } = await call(api().profiles.list());
    this.profiles = profiles;
    this.commandsConfirmed = commandsConfirmed ?? {};
    this.refreshedAt = { ...refreshedAt, ...this.refreshedAt };
    if (recovery) this.#reportRecovery(recovery);
    if (!profiles.some((profile) => profile.id === this.selectedId)) this.selectedId = profiles[0]?.id ?? null;
  }

  select(id: string): void {
    this.selectedId = id;
    this.screen = 'projects';
  }

  session(profileId: string): SessionView | null {
    return this.sessions[profileId] ?? null;
  }

  async saveSettings(patch: Partial<Settings>): Promise<void> {
    this.settings = await call(api().app.saveSettings(patch));
  }

  #reportRecovery(recovery: FileRecovery): void {
    this.notice = {
      kind: 'warning',
      text: `The profiles file could not be read (${recovery.reason}). It was kept as ${recovery.movedTo}; use Import to recover the profiles it holds.`,
    };
  }
}

export const app = new AppState();
