/** The data folder a command works in: refused, with what to do, when it cannot be used. */
import type { Services } from '../services.ts';
import { assertUsableDataFolder } from '../storage/data-folder-check.ts';

export function checkDataFolder(services: Services): Promise<void> {
  return assertUsableDataFolder(services.dataFolder);
}
