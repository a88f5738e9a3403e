/** The window's main-process handlers over given services, with file dialogs the test answers. */
import { createHandlers, type FileDialogs } from '../../src/main/ipc/handlers/index.ts';
import type { Services } from '../../src/main/services.ts';
import { SettingsStore } from '../../src/main/settings/settings-store.ts';

export function windowHandlers(
  services: Services,
  dialogs: FileDialogs = { open: async () => null, save: async () => null },
): ReturnType<typeof createHandlers>['handlers'] {
  return createHandlers({
    services,
    settings: new SettingsStore(services.dataFolder),
    dialogs,
    openExternal: async () => {},
    copyText: () => {},
    emit: () => {},
    appInfo: () => ({
      name: 'MSTR Cache Console',
      version: '1.2.3',
      electron: '45.5.0',
      chrome: '',
      node: '24',
      platform: 'linux',
    }),
  }).handlers;
}
