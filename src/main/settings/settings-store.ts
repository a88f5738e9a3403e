/** App settings (theme, defaults, quit behaviour) and the window's last bounds, in settings.json. */
import { join } from 'node:path';
import * as v from 'valibot';
import type { Settings } from '../../shared/model.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_SECONDS, MAX_CONCURRENCY } from '../../shared/profile-schema.ts';
import { readJsonOrRecover, withFileLock, writeJsonAtomic } from '../storage/json-file.ts';

export interface WindowBounds {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

const Bounds = v.object({
  x: v.number(),
  y: v.number(),
  width: v.pipe(v.number(), v.minValue(400)),
  height: v.pipe(v.number(), v.minValue(300)),
  maximized: v.boolean(),
});

const SettingsFile = v.object({
  theme: v.optional(v.picklist(['system', 'light', 'dark']), 'system'),
  defaultConcurrency: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_CONCURRENCY)),
    DEFAULT_CONCURRENCY,
  ),
  defaultTimeoutSeconds: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(600)),
    DEFAULT_TIMEOUT_SECONDS,
  ),
  logoutOnQuit: v.optional(v.boolean(), true),
  windowBounds: v.optional(v.nullable(Bounds), null),
});

type StoredSettings = v.InferOutput<typeof SettingsFile>;

export class SettingsStore {
  readonly path: string;

  constructor(dataFolder: string) {
    this.path = join(dataFolder, 'settings.json');
  }

  async get(): Promise<Settings> {
    const { windowBounds: _bounds, ...settings } = await this.#read();
    return settings;
  }

  async save(patch: Partial<Settings>): Promise<Settings> {
    await this.#update((stored) => ({ ...stored, ...patch }));
    return this.get();
  }

  async windowBounds(): Promise<WindowBounds | null> {
    return (await this.#read()).windowBounds;
  }

  async saveWindowBounds(bounds: WindowBounds): Promise<void> {
    await this.#update((stored) => ({ ...stored, windowBounds: bounds }));
  }

  async #read(): Promise<StoredSettings> {
    const outcome = await readJsonOrRecover(
      this.path,
      (parsed) => v.parse(SettingsFile, parsed),
      () => v.parse(SettingsFile, {}),
    );
    return outcome.value;
  }

  async #update(change: (stored: StoredSettings) => StoredSettings): Promise<void> {
    await withFileLock(this.path, async () => writeJsonAtomic(this.path, change(await this.#read())));
  }
}
