/**
 * The services of one process (the window's main process or a command-line run), wired to one
 * data folder and one keychain service name.
 */
import { CacheMonitor } from './caches/cache-monitor.ts';
import { CommandTrust } from './profiles/command-trust.ts';
import { credentialSource } from './profiles/credential-source.ts';
import { ProfileStore } from './profiles/profile-store.ts';
import { ProfileBoundSecrets } from './profiles/secret-binding.ts';
import { ProjectCache } from './projects/project-cache.ts';
import { ProjectStateService } from './project-state/project-state-service.ts';
import { RunbookService } from './runbook/runbook-service.ts';
import { PurgeEngine } from './purge/purge-engine.ts';
import { PurgeHistory } from './purge/history.ts';
import { PresetStore } from './purge/preset-store.ts';
import { platformScheduler } from './schedules/platform-scheduler.ts';
import type { NativeScheduler } from './schedules/native-scheduler.ts';
import { ScheduleService } from './schedules/schedule-service.ts';
import { ScheduleStore } from './schedules/schedule-store.ts';
import { LastLooks } from './settings/last-look.ts';
import { KeychainSecretStore, keychainServiceName } from './secrets/keychain.ts';
import type { SecretStore } from './secrets/secret-store.ts';
import { SessionRegistry } from './sessions/session-registry.ts';
import { DataProblemLog } from './storage/data-problem-log.ts';
import { defaultDataFolder } from './storage/data-folder.ts';

export interface Services {
  dataFolder: string;
  profiles: ProfileStore;
  /** The keychain, with every secret bound to the server and user it was stored for. */
  secrets: ProfileBoundSecrets;
  sessions: SessionRegistry;
  history: PurgeHistory;
  presets: PresetStore;
  projects: ProjectCache;
  engine: PurgeEngine;
  /** Cluster nodes, content and cube caches. */
  caches: CacheMonitor;
  /** Project state per node (idle, resume, load, unload) and schema updates. */
  projectStates: ProjectStateService;
  schedules: ScheduleService;
  /** Which profiles' credential commands this machine confirmed. */
  commandTrust: CommandTrust;
  /** Cubes republished, events triggered, subscriptions sent. */
  runbook: RunbookService;
  /** The schedules file itself (its problems; the service lists and changes schedules). */
  scheduleStore: ScheduleStore;
  /** What was wrong with the hand-editable data files this process read. */
  dataProblems: DataProblemLog;
  /** When the user last looked at each environment's failures (the overview's "since the last look"). */
  lastLooks: LastLooks;
}

export interface ServiceOptions {
  dataFolder?: string;
  secrets?: SecretStore;
  /** How a scheduled job starts this app's command line (program first); none: schedules cannot be added. */
  cliInvocation?: readonly string[];
  /** The native scheduler; by default this platform's. */
  scheduler?: NativeScheduler | null;
}

/** What a scheduled job needs from this process's environment to find the same secrets. */
function jobEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return env.MSTR_CACHE_KEYCHAIN_SERVICE ? { MSTR_CACHE_KEYCHAIN_SERVICE: env.MSTR_CACHE_KEYCHAIN_SERVICE } : {};
}

export function createServices(options: ServiceOptions = {}): Services {
  const dataFolder = options.dataFolder ?? defaultDataFolder();
  const dataProblems = new DataProblemLog();
  const profiles = new ProfileStore(dataFolder, undefined, dataProblems.note);
  const secrets = new ProfileBoundSecrets(options.secrets ?? new KeychainSecretStore(keychainServiceName()), (id) =>
    profiles.get(id).catch(() => null),
  );
  const commandTrust = new CommandTrust(dataFolder);
  const sessions = new SessionRegistry(secrets, {}, credentialSource(commandTrust));
  const history = new PurgeHistory(dataFolder);
  const presets = new PresetStore(dataFolder, dataProblems.note);
  const scheduleStore = new ScheduleStore(dataFolder, dataProblems.note);
  return {
    dataFolder,
    commandTrust,
    profiles,
    secrets,
    sessions,
    history,
    presets,
    projects: new ProjectCache(dataFolder),
    engine: new PurgeEngine({ profiles, sessions, history }),
    caches: new CacheMonitor({ profiles, sessions, history }),
    projectStates: new ProjectStateService({ profiles, sessions, history }),
    runbook: new RunbookService({ profiles, sessions, history }),
    schedules: new ScheduleService({
      dataFolder,
      store: scheduleStore,
      presets,
      profiles,
      native: options.scheduler === undefined ? platformScheduler(dataFolder) : options.scheduler,
      cliInvocation: options.cliInvocation ?? [],
      env: jobEnvironment(),
    }),
    scheduleStore,
    dataProblems,
    lastLooks: new LastLooks(dataFolder),
  };
}
