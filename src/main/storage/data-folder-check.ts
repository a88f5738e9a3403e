/**
 * The data folder must be a folder this user can read: checked once before a command runs, so a
 * path that is a file or a folder that cannot be opened is said plainly and at once. A read-only
 * folder passes: reading commands work there, and a write names the folder when it is refused.
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
  await access(folder, constants.R_OK | constants.X_OK).catch(() => {
    throw folderError(folder, 'this user may not read it');
  });
}

function folderError(folder: string, reason: string): AppError {
  return new AppError(
    'FILE_ERROR',
    `The data folder ${folder} cannot be used: ${reason}. Point MSTR_CACHE_HOME (or --data-folder) at a folder you can use, or fix its permissions.`,
    { details: { path: folder } },
  );
}
