/**
 * The data folder must be a folder this user can write: checked once before a command runs, so a
 * read-only folder or a path that is a file is said plainly and at once, not as an internal error
 * after the lock gives up.
 */
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { AppError } from '../../shared/errors.ts';

export async function assertUsableDataFolder(folder: string): Promise<void> {
  const found = await stat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw folderError(folder, `it cannot be read (${error.code ?? 'error'})`);
  });
  if (found && !found.isDirectory()) throw folderError(folder, 'it is a file, not a folder');
  if (!found) {
    await mkdir(folder, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw folderError(folder, `it cannot be created (${error.code ?? 'error'})`);
    });
  }
  await access(folder, constants.R_OK | constants.W_OK | constants.X_OK).catch(() => {
    throw folderError(folder, 'this user may not write in it');
  });
}

function folderError(folder: string, reason: string): AppError {
  return new AppError(
    'FILE_ERROR',
    `The data folder ${folder} cannot be used: ${reason}. Point MSTR_CACHE_HOME (or --data-folder) at a folder you can write, or fix its permissions.`,
    { details: { path: folder } },
  );
}
