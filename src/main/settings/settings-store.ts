/**
 * App settings (theme, defaults, quit behaviour) and the window's last bounds, in settings.json.
 * Each setting is read on its own: one an admin broke by hand falls back to its default, is
 * reported, and stays in the file as it was until it is changed here; keys this version does not
 * know are kept. A file that cannot be read at all is reported and never overwritten.
 */
import { join } from 'node:path';
import * as v from 'valibot';
import type { DataFileProblem } from '../../shared/data-file-problems.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import type { Settings } from '../../shared/model.ts';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_SECONDS, MAX_CONCURRENCY } from '../../shared/profile-schema.ts';
import { describeIssues } from '../../shared/profile-schema.ts';
import { readJson, withFileLock, writeJsonAtomic } from '../storage/json-file.ts';

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
type Key = keyof StoredSettings;

interface SettingsState {
  stored: StoredSettings;
  /** The file as it was read (empty when there was none). */
  raw: Record<string, unknown>;
  /** The settings whose value in the file was not valid (their defaults are in `stored`). */
  invalid: Set<Key>;
  problems: DataFileProblem[];
  unreadable: DataFileProblem | null;
}

export class SettingsStore {
  readonly path: string;

  constructor(dataFolder: string) {
    this.path = join(dataFolder, 'settings.json');
  }

  async get(): Promise<Settings> {
    const { windowBounds: _bounds, ...settings } = (await this.#read()).stored;
    return settings;
  }

  /** The settings file's problems (a setting left at its default, or the whole file unreadable). */
  async load(): Promise<{ settings: Settings; problems: DataFileProblem[] }> {
    const { stored, problems } = await this.#read();
    const { windowBounds: _bounds, ...settings } = stored;
    return { settings, problems };
  }

  async save(patch: Partial<Settings>): Promise<Settings> {
    await this.#update((stored) => ({ ...stored, ...patch }));
    return this.get();
  }

  async windowBounds(): Promise<WindowBounds | null> {
    return (await this.#read()).stored.windowBounds;
  }

  /** Best effort: a folder that cannot be written or a damaged file only means the bounds are not kept. */
  async saveWindowBounds(bounds: WindowBounds): Promise<void> {
    await this.#update((stored) => ({ ...stored, windowBounds: bounds })).catch((error: unknown) => {
      if (!isAppError(error)) throw error;
    });
  }

  async #read(): Promise<SettingsState> {
    const read = await readJson(this.path);
    const defaults = v.parse(SettingsFile, {});
    const empty = { stored: defaults, raw: {}, invalid: new Set<Key>(), problems: [], unreadable: null };
    if (read.state === 'missing') return empty;
    const value = read.state === 'parsed' ? read.value : null;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const reason = read.state === 'unparsable' ? read.reason : 'it holds no object { ... }';
      const problem: DataFileProblem = { code: 'DATA_FILE_DAMAGED', file: this.path, entry: null, field: null, reason };
      return { ...empty, problems: [problem], unreadable: problem };
    }
    return decodeFields(this.path, value as Record<string, unknown>, defaults);
  }

  async #update(change: (stored: StoredSettings) => StoredSettings): Promise<void> {
    await withFileLock(this.path, async () => {
      const state = await this.#read();
      if (state.unreadable)
        throw new AppError(
          'DATA_FILE_DAMAGED',
          `${this.path} cannot be read (${state.unreadable.reason}), so the settings were not saved. Fix it or move it away, then try again.`,
          { details: { path: this.path } },
        );
      const changed = change(state.stored);
      const written: Record<string, unknown> = { ...state.raw };
      for (const key of Object.keys(changed) as Key[]) {
        // A setting broken by hand stays as it was written until the user sets it here.
        const untouched = state.invalid.has(key) && JSON.stringify(changed[key]) === JSON.stringify(state.stored[key]);
        if (!untouched) written[key] = changed[key];
      }
      await writeJsonAtomic(this.path, written);
    });
  }
}

function decodeFields(path: string, raw: Record<string, unknown>, defaults: StoredSettings): SettingsState {
  const stored: Record<string, unknown> = { ...defaults };
  const invalid = new Set<Key>();
  const problems: DataFileProblem[] = [];
  for (const key of Object.keys(SettingsFile.entries) as Key[]) {
    if (!Object.hasOwn(raw, key)) continue;
    const result = v.safeParse(SettingsFile.entries[key], raw[key]);
    if (result.success) {
      stored[key] = result.output;
      continue;
    }
    invalid.add(key);
    const reason = `${describeIssues(result.issues)} (the default is used)`;
    problems.push({ code: 'DATA_ENTRY_INVALID', file: path, entry: null, field: key, reason });
  }
  return { stored: stored as StoredSettings, raw, invalid, problems, unreadable: null };
}
