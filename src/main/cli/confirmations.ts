/**
 * How the command line gives the confirmations the use cases ask for: --yes gives every one in
 * advance; at a terminal, each production environment's name is typed after a summary of what
 * will be sent. What is needed, and whether what was typed matches, the use cases decide.
 */
import type { Confirmations } from '../use-cases/confirmations.ts';
import type { Values } from './args.ts';
import type { Context } from './context.ts';
import { safeText } from './terminal-text.ts';

/** What was given before anything is asked: everything with --yes, else nothing. */
export function givenUpfront(values: Values, howToConfirm = 'add --yes'): Confirmations {
  return values.yes ? { production: true, unpublish: true } : { howToConfirm };
}

/** The production names can still be typed once the plan is known: at a terminal, without --yes. */
export function namesToBeTyped(values: Values, context: Context): boolean {
  return values.yes !== true && Boolean(context.io.ask);
}

/** After the summary, each production environment's name as typed at the terminal. */
export async function typedConfirmations(
  production: readonly string[],
  values: Values,
  context: Context,
  summary: string,
): Promise<Confirmations> {
  const given = givenUpfront(values);
  const ask = context.io.ask;
  if (values.yes || production.length === 0 || !ask) return given;
  // Server-supplied names in the summary cannot move the cursor or forge lines.
  context.io.stderr(summary.split('\n').map(safeText).join('\n'));
  const typedNames: string[] = [];
  for (const name of production)
    typedNames.push(await ask(`${safeText(name)} is production. Type its name to confirm: `));
  return { ...given, typedNames };
}
