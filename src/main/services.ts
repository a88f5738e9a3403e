/**
 * The services of one process (the window's main process or a command-line run), wired to one
 * data folder and one keychain service name.
 */
import { ProfileStore } from './profiles/profile-store.ts';
import { ProjectCache } from './projects/project-cache.ts';
import { PurgeEngine } from './purge/purge-engine.ts';
import { PurgeHistory } from './purge/history.ts';
import { PresetStore } from './purge/preset-store.ts';
import { KeychainSecretStore, keychainServiceName } from './secrets/keychain.ts';
import type { SecretStore } from './secrets/secret-store.ts';
import { SessionRegistry } from './sessions/session-registry.ts';
import { defaultDataFolder } from './storage/data-folder.ts';

export interface Services {
  dataFolder: string;
  profiles: ProfileStore;
  secrets: SecretStore;
  sessions: SessionRegistry;
  history: PurgeHistory;
  presets: PresetStore;
  projects: ProjectCache;
  engine: PurgeEngine;
}

export function createServices(options: { dataFolder?: string; secrets?: SecretStore } = {}): Services {
  const dataFolder = options.dataFolder ?? defaultDataFolder();
  const profiles = new ProfileStore(dataFolder);
  const secrets = options.secrets ?? new KeychainSecretStore(keychainServiceName());
  const sessions = new SessionRegistry(secrets);
  const history = new PurgeHistory(dataFolder);
  const presets = new PresetStore(dataFolder);
  return {
    dataFolder,
    profiles,
    secrets,
    sessions,
    history,
    presets,
    projects: new ProjectCache(dataFolder),
    engine: new PurgeEngine({ profiles, sessions, history }),
  };
}
