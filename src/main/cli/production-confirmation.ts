/**
 * The production rule at a terminal, as `purge`, the cache actions and `preset run` share it: each
 * production environment's name typed after a summary of what will be sent; without a terminal,
 * or at the first name that does not match, CONFIRMATION_REQUIRED and nothing is sent.
 */
import { AppError } from '../../shared/errors.ts';
import type { Profile } from '../../shared/profile-schema.ts';
import type { Context } from './context.ts';
import { safeText } from './terminal-text.ts';

export async function typeProductionNames(
  production: readonly Profile[],
  context: Context,
  text: { summary: string; withoutTerminal: string },
): Promise<void> {
  const ask = context.io.ask;
  if (!ask) throw new AppError('CONFIRMATION_REQUIRED', text.withoutTerminal);
  context.io.stderr(text.summary.split('\n').map(safeText).join('\n'));
  for (const profile of production) {
    const typed = await ask(`${safeText(profile.name)} is production. Type its name to confirm: `);
    if (typed.trim() !== profile.name)
      throw new AppError('CONFIRMATION_REQUIRED', `The name did not match ${profile.name}. Nothing was sent.`);
  }
}
