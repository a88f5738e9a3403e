/**
 * What every area's handlers receive, and the handler types. A handler turns one validated request
 * into one use-case call; native dialogs, link opening and push events come in as dependencies, so
 * the whole registry runs under Node in tests.
 */
import type { AppInfo, Channel, PushEvent, PushEvents, RequestOf, ResponseOf } from '../../../shared/ipc.ts';
import type { Services } from '../../services.ts';
import type { SettingsStore } from '../../use-cases/app-settings.ts';
import type { WindowSession } from '../../use-cases/window-session.ts';

export type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<ResponseOf<C>>;
export type HandlerMap = { [C in Channel]: Handler<C> };

/** The handlers of the channels whose names start with `area:`. */
export type AreaHandlers<Area extends string> = {
  [C in Channel as C extends `${Area}:${string}` ? C : never]: Handler<C>;
};

type FileFilter = { name: string; extensions: string[] };

export interface FileDialogs {
  /** A path the user chose to open, or null when cancelled. */
  open(options: { title: string; filters: FileFilter[] }): Promise<string | null>;
  /** A path the user chose to save to, or null when cancelled. */
  save(options: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>;
}

export interface MainDependencies {
  services: Services;
  settings: SettingsStore;
  dialogs: FileDialogs;
  openExternal: (url: string) => Promise<void>;
  /** Puts text on the system clipboard (the renderer has no clipboard permission). */
  copyText: (text: string) => void;
  emit: <E extends PushEvent>(event: E, payload: PushEvents[E]) => void;
  appInfo: () => Omit<AppInfo, 'dataFolder'>;
}

export interface HandlerContext extends MainDependencies {
  session: WindowSession;
}

/** The window's confirmation: its dialog accepts only once the production name is typed and, for a cube delete, the tick given. */
export function windowConfirmations(confirmed: boolean): { production: boolean; unpublish: boolean } {
  return { production: confirmed, unpublish: confirmed };
}

export const JSON_FILES = [{ name: 'JSON', extensions: ['json'] }];
