/**
 * The data folder and its files: a command's folder refused, with what to do, when it cannot be
 * used; and the problems met in hand-edited or damaged data files, which both front ends report
 * (the window in a notice, the command line on stderr).
 */
import type { DataFileProblem } from '../../shared/data-file-problems.ts';
import type { Services } from '../services.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import { assertUsableDataFolder } from '../storage/data-folder-check.ts';

export function checkDataFolder(services: Services): Promise<void> {
  return assertUsableDataFolder(services.dataFolder);
}

/** Every data file read afresh, and the problems found in each (the window's "Check again"). */
export async function dataFileProblems(services: Services, settings: SettingsStore): Promise<DataFileProblem[]> {
  const loads = await Promise.all([
    services.profiles.load(),
    services.presets.load(),
    services.scheduleStore.load(),
    settings.load(),
  ]);
  return loads.flatMap((loaded) => loaded.problems);
}

/** The problems this process met since it last asked, each once, in the order they were met. */
export function problemsMetSoFar(services: Services): DataFileProblem[] {
  return services.dataProblems.take();
}
