/**
 * Export of chosen profiles to a JSON file an admin can hand to a colleague (no secrets: profiles
 * hold none), and import with validation, a choice per name conflict, and a report of what came
 * in and what was rejected and why.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../../shared/errors.ts';
import { assertValidName } from '../../shared/name-rules.ts';
import type { Profile, ProfileDraftInput } from '../../shared/profile-schema.ts';
import { writeJsonAtomic } from '../storage/json-file.ts';
import { freeName, validDraft, type ProfileStore } from './profile-store.ts';
import { newId } from '../storage/new-id.ts';

export const EXPORT_FORMAT = 'mstr-cache-console-profiles';

export type ConflictChoice = 'skip' | 'rename' | 'replace';

export interface ImportOptions {
  /** What to do when an imported name exists already (default: rename). */
  onConflict?: ConflictChoice;
  /** Per imported name (as in the file), overriding onConflict. */
  choices?: Record<string, ConflictChoice>;
}

export interface ImportReport {
  imported: { name: string; savedAs: string; action: 'added' | 'renamed' | 'replaced' }[];
  skipped: { name: string; reason: string }[];
  rejected: { index: number; name: string | null; reason: string }[];
}

/** Fields a profile file may carry that an import recomputes. */
const STORE_FIELDS = ['id', 'createdAt', 'updatedAt'];

export async function exportProfiles(
  store: ProfileStore,
  ids: readonly string[] | 'all',
  file: string,
): Promise<number> {
  const { profiles } = await store.list();
  const chosen = ids === 'all' ? profiles : profiles.filter((profile) => ids.includes(profile.id));
  if (ids !== 'all' && chosen.length !== ids.length) {
    throw new AppError('PROFILE_NOT_FOUND', 'Some of the chosen profiles no longer exist.');
  }
  await writeJsonAtomic(file, {
    format: EXPORT_FORMAT,
    schemaVersion: 1,
    exportedAt: new Date().toISOString(),
    profiles: chosen.map(({ id: _id, createdAt: _created, updatedAt: _updated, ...draft }) => draft),
  });
  return chosen.length;
}

export interface ImportPreview {
  /** Names of the valid profiles in the file. */
  names: string[];
  /** Those whose name is taken by an existing profile: each needs a choice. */
  conflicts: string[];
  /** Entries that will be rejected, with the reason. */
  rejected: ImportReport['rejected'];
}

/** What an import of the file would do, before anything is written. */
export async function previewImport(store: ProfileStore, file: string): Promise<ImportPreview> {
  const candidates = readCandidates(await readImportFile(file));
  const existing = new Set((await store.list()).profiles.map((profile) => profile.name.toLowerCase()));
  const preview: ImportPreview = { names: [], conflicts: [], rejected: [] };
  candidates.forEach((candidate, index) => {
    try {
      const { name } = importedDraft(candidate);
      preview.names.push(name);
      if (existing.has(name.toLowerCase())) preview.conflicts.push(name);
    } catch (error) {
      preview.rejected.push({
        index,
        name: typeof candidate.name === 'string' ? candidate.name : null,
        reason: rejection(error),
      });
    }
  });
  return preview;
}

/** An imported profile: valid, and named by the name rule (an import brings a new name in). */
function importedDraft(candidate: Record<string, unknown>): ReturnType<typeof validDraft> {
  const draft = validDraft(stripStoreFields(candidate));
  assertValidName('environment', draft.name);
  return draft;
}

function rejection(error: unknown): string {
  return error instanceof AppError ? error.message : 'not a profile';
}

export async function importProfiles(
  store: ProfileStore,
  file: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const candidates = readCandidates(await readImportFile(file));
  const report: ImportReport = { imported: [], skipped: [], rejected: [] };
  await store.transform((existing) => {
    let profiles = [...existing];
    candidates.forEach((candidate, index) => {
      const name = typeof candidate?.name === 'string' ? candidate.name.trim() : null;
      let draft: ReturnType<typeof validDraft>;
      try {
        draft = importedDraft(candidate);
      } catch (error) {
        report.rejected.push({ index, name, reason: rejection(error) });
        return;
      }
      const clash = profiles.find((profile) => profile.name.toLowerCase() === draft.name.toLowerCase());
      const choice = options.choices?.[draft.name] ?? options.onConflict ?? 'rename';
      const now = new Date().toISOString();
      if (!clash) {
        profiles.push({ id: newId(), ...draft, createdAt: now, updatedAt: now });
        report.imported.push({ name: draft.name, savedAs: draft.name, action: 'added' });
      } else if (choice === 'skip') {
        report.skipped.push({ name: draft.name, reason: 'a profile with this name exists' });
      } else if (choice === 'replace') {
        const replaced: Profile = { ...clash, ...draft, name: clash.name, updatedAt: now };
        profiles = profiles.map((profile) => (profile.id === clash.id ? replaced : profile));
        report.imported.push({ name: draft.name, savedAs: clash.name, action: 'replaced' });
      } else {
        const savedAs = freeName(profiles, `${draft.name} (imported)`);
        profiles.push({ id: newId(), ...draft, name: savedAs, createdAt: now, updatedAt: now });
        report.imported.push({ name: draft.name, savedAs, action: 'renamed' });
      }
    });
    return { profiles, result: undefined };
  });
  return report;
}

async function readImportFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError('FILE_ERROR', `Cannot read ${file}.`, {
      details: { path: file, reason: (error as NodeJS.ErrnoException).code ?? 'read failed' },
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('VALIDATION', `${file} is not a JSON file.`);
  }
}

/** Accepts an export file, a profiles.json, or a bare array of profiles. */
function readCandidates(parsed: unknown): Record<string, unknown>[] {
  const list = Array.isArray(parsed) ? parsed : (parsed as { profiles?: unknown } | null)?.profiles;
  if (!Array.isArray(list)) {
    throw new AppError('VALIDATION', 'The file holds no list of profiles.');
  }
  return list.map((item) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {}));
}

function stripStoreFields(candidate: Record<string, unknown>): ProfileDraftInput {
  return Object.fromEntries(
    Object.entries(candidate).filter(([key]) => !STORE_FIELDS.includes(key)),
  ) as ProfileDraftInput;
}
