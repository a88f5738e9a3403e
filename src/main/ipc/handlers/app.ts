/** `app:*` and `keychain:*`: about, settings, outside links, the clipboard, the keychain's state. */
import { openExternalLink, readSettings, saveSettings } from '../../use-cases/app-settings.ts';
import { dataFileProblems } from '../../use-cases/data-folder.ts';
import { keychainStatus } from '../../use-cases/environments.ts';
import type { AreaHandlers, HandlerContext } from './context.ts';

export function appHandlers(context: HandlerContext): AreaHandlers<'app' | 'keychain'> {
  const { services, settings } = context;
  return {
    'app:info': async () => ({ ...context.appInfo(), dataFolder: services.dataFolder }),
    'app:settings': () => readSettings(settings),
    'app:save-settings': (patch) => saveSettings(settings, patch),
    'app:open-external': async ({ url }) => {
      await openExternalLink(url, context.openExternal); // eng-disable OPEN_EXTERNAL_JS_CHECK -- allow-listed https URL only
      return null;
    },
    'app:copy-text': async ({ text }) => {
      context.copyText(text);
      return null;
    },
    'app:data-problems': () => dataFileProblems(services, settings),
    'keychain:status': () => keychainStatus(services),
  };
}
