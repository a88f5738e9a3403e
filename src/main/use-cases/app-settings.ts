/** The window's own settings (theme, defaults, log out on quit) and the links it may open outside itself. */
import { AppError } from '../../shared/errors.ts';
import { isAllowedExternalUrl } from '../../shared/external-links.ts';
import type { Settings } from '../../shared/model.ts';
import type { SettingsStore } from '../settings/settings-store.ts';

export type { SettingsStore };

export function readSettings(settings: SettingsStore): Promise<Settings> {
  return settings.get();
}

export function saveSettings(settings: SettingsStore, patch: Partial<Settings>): Promise<Settings> {
  return settings.save(patch);
}

/** Opens a link only when it is an https page on a host the app documents. */
export async function openExternalLink(url: string, open: (url: string) => Promise<void>): Promise<void> {
  if (!isAllowedExternalUrl(url))
    throw new AppError('VALIDATION', 'This link is not on the list of pages the app opens.');
  await open(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- allow-listed https URL only
}
