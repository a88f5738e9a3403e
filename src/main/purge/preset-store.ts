/**
 * The saved presets, maintenance plans of ordered steps (presets.json in the data folder), safe against
 * crashes and concurrent writers. A version 1 file is read as version 2 and written as version 2 on the
 * next change.
 */
import { join } from 'node:path';
import * as v from 'valibot';
import { didYouMean } from '../../shared/closest-names.ts';
import type { DataFileProblem } from '../../shared/data-file-problems.ts';
import { AppError } from '../../shared/errors.ts';
import { assertValidName } from '../../shared/name-rules.ts';
import { PRESETS_SCHEMA_VERSION, PresetSchema, type Preset } from '../../shared/preset-schema.ts';
import { describeIssues } from '../../shared/profile-schema.ts';
import { EntryFile, type LoadedFile, type ProblemSink } from '../storage/entry-file.ts';

export const PRESETS_FILE = 'presets.json';

/** A version 1 preset (one purge: projects and cache types) as a version 2 one with that purge as its step. */
function upgradePreset(raw: Record<string, unknown>, fileVersion: number): Record<string, unknown> {
  if (fileVersion !== 1 || 'steps' in raw) return raw;
  const { projects, cacheTypes, ...rest } = raw;
  return { ...rest, steps: [{ kind: 'purge', projects, cacheTypes }] };
}

/** A name that matches no preset, with the closest saved names. */
function notFound(name: string, presets: readonly Preset[]): AppError {
  const known = presets.map((preset) => preset.name);
  return new AppError('PRESET_NOT_FOUND', `No preset "${name.slice(0, 80)}".${didYouMean(name, known)}`);
}

export class PresetStore {
  readonly path: string;
  readonly #file: EntryFile<typeof PresetSchema>;

  constructor(dataFolder: string, onProblems?: ProblemSink) {
    this.path = join(dataFolder, PRESETS_FILE);
    this.#file = new EntryFile(
      this.path,
      {
        listKey: 'presets',
        version: PRESETS_SCHEMA_VERSION,
        schema: PresetSchema,
        identity: 'name',
        nameField: 'name',
        upgradeEntry: upgradePreset,
      },
      onProblems,
    );
  }

  async list(): Promise<{ presets: Preset[]; problems: DataFileProblem[] }> {
    const { entries, problems } = await this.#file.load();
    return { presets: entries, problems };
  }

  /** The valid presets and the file's problems, and whether the file could be read at all. */
  async load(): Promise<LoadedFile<Preset>> {
    return this.#file.load();
  }
  async get(name: string): Promise<Preset> {
    const presets = await this.#read();
    const preset = presets.find((candidate) => candidate.name.toLowerCase() === name.trim().toLowerCase());
    if (!preset) throw notFound(name, presets);
    return preset;
  }

  /** Saves a preset; one of the same name is replaced only when `replace` says so. */
  async save(input: unknown, { replace }: { replace: boolean }): Promise<Preset> {
    const result = v.safeParse(PresetSchema, input);
    if (!result.success) throw new AppError('VALIDATION', describeIssues(result.issues));
    const preset = result.output;
    const same = (candidate: Preset): boolean => candidate.name.toLowerCase() === preset.name.toLowerCase();
    await this.#write((presets) => {
      // A name already saved stays usable (its plan can still be edited); a new name must follow the rule.
      if (!presets.some((candidate) => candidate.name === preset.name)) assertValidName('preset', preset.name);
      if (!replace && presets.some(same))
        throw new AppError(
          'PRESET_NAME_TAKEN',
          `A preset named "${preset.name}" already exists; choose another name or replace it (--force).`,
          { details: { name: preset.name } },
        );
      return [...presets.filter((candidate) => !same(candidate)), preset];
    });
    return preset;
  }

  /** Gives a preset a new name, which must follow the name rule; its plan stays as it is. */
  async rename(from: string, to: string): Promise<Preset> {
    let renamed: Preset | null = null;
    await this.#write((presets) => {
      const index = presets.findIndex((candidate) => candidate.name.toLowerCase() === from.trim().toLowerCase());
      const current = presets[index];
      if (!current) throw notFound(from, presets);
      const result = v.safeParse(PresetSchema, { ...current, name: to });
      if (!result.success) throw new AppError('VALIDATION', describeIssues(result.issues));
      const next = result.output;
      assertValidName('preset', next.name);
      const taken = presets.some(
        (candidate, at) => at !== index && candidate.name.toLowerCase() === next.name.toLowerCase(),
      );
      if (taken)
        throw new AppError('PRESET_NAME_TAKEN', `A preset named "${next.name}" already exists.`, {
          details: { name: next.name },
        });
      renamed = next;
      return presets.map((candidate, at) => (at === index ? next : candidate));
    });
    return renamed as unknown as Preset;
  }

  async remove(name: string): Promise<void> {
    await this.get(name);
    await this.#write((presets) =>
      presets.filter((candidate) => candidate.name.toLowerCase() !== name.trim().toLowerCase()),
    );
  }

  /**
   * Takes a deleted environment out of every preset; a preset left with none is removed.
   * Returns the names of the presets changed and of those removed.
   */
  async removeEnvironment(profileId: string): Promise<{ updated: string[]; removed: string[] }> {
    const result = { updated: [] as string[], removed: [] as string[] };
    await this.#write((presets) =>
      presets.flatMap((preset) => {
        if (!preset.environments.includes(profileId)) return [preset];
        const environments = preset.environments.filter((id) => id !== profileId);
        if (environments.length === 0) {
          result.removed.push(preset.name);
          return [];
        }
        result.updated.push(preset.name);
        return [{ ...preset, environments }];
      }),
    );
    return result;
  }

  async #read(): Promise<Preset[]> {
    return (await this.#file.load()).entries;
  }

  async #write(change: (presets: Preset[]) => Preset[]): Promise<void> {
    await this.#file.update((presets) => ({ entries: change(presets), result: undefined }));
  }
}
