/**
 * The confirmations a user gives before anything is sent to a production environment, and before
 * cube caches are deleted (which unpublishes the cubes). Front ends collect them (a dialog, a
 * terminal prompt, --yes) and hand them in as data; this is the one place that says what an action
 * needs and refuses with CONFIRMATION_REQUIRED, nothing sent, when something is missing.
 */
import { AppError } from '../../shared/errors.ts';
import { isProductionTier } from '../../shared/profile-schema.ts';

export interface Confirmations {
  /** Every production environment confirmed at once: the window's dialog (the name typed there) or --yes. */
  production?: boolean;
  /** The production environments' names as the user typed them (at a terminal). */
  typedNames?: readonly string[];
  /** The user accepted that deleting cube caches unpublishes the cubes. */
  unpublish?: boolean;
  /** How this front end's user gives a missing confirmation ("add --yes"), for the refusal's text. */
  howToConfirm?: string;
}

/** What an action needs before it may be sent. */
export interface NeededConfirmations {
  /** The names of the production environments it reaches. */
  production: string[];
  /** It deletes cube caches, unpublishing the cubes. */
  unpublishes: boolean;
}

/** The refusal's words where an action says more than the defaults. */
export interface RefusalText {
  production?: (names: string) => string;
  unpublish?: string;
  /** What did not happen: "Nothing was sent." by default. */
  nothing?: string;
}

export function neededFor(
  environments: readonly { name: string; tier: string }[],
  unpublishes = false,
): NeededConfirmations {
  const production = environments.filter((environment) => isProductionTier(environment.tier));
  return { production: production.map((environment) => environment.name), unpublishes };
}

export function needsAny(needed: NeededConfirmations): boolean {
  return needed.unpublishes || needed.production.length > 0;
}

function refusal(message: string, confirm: 'production' | 'unpublish', environments: string[] = []): AppError {
  return new AppError('CONFIRMATION_REQUIRED', message, {
    details: { confirm, environments: environments.join(', ') },
  });
}

/**
 * Throws CONFIRMATION_REQUIRED unless `given` covers everything `needed` asks for. `namesToBeTyped`:
 * a check before anything is sent where the production names will be asked for once the plan is
 * known (at a terminal), so only the rest is checked now; the run itself checks them all.
 */
export function requireConfirmations(
  needed: NeededConfirmations,
  given: Confirmations,
  text: RefusalText = {},
  namesToBeTyped = false,
): void {
  const nothing = text.nothing ?? 'Nothing was sent.';
  const how = given.howToConfirm;
  if (needed.unpublishes && !given.unpublish) {
    const what =
      text.unpublish ??
      'Deleting cube caches unpublishes the cubes: users lose their data until each cube is published again.';
    throw refusal(`${what} ${how ? `To accept that, ${how}.` : 'Accept that first.'} ${nothing}`, 'unpublish');
  }
  if (needed.production.length === 0 || given.production || namesToBeTyped) return;
  const names = needed.production.join(', ');
  if (given.typedNames === undefined) {
    const what = text.production?.(names) ?? `${names} is production: type its name to confirm.`;
    throw refusal(`${what}${how ? ` Or ${how}.` : ''} ${nothing}`, 'production', needed.production);
  }
  const typed = new Set(given.typedNames.map((name) => name.trim()));
  const unmatched = needed.production.find((name) => !typed.has(name));
  if (unmatched !== undefined)
    throw refusal(`The name did not match ${unmatched}. ${nothing}`, 'production', needed.production);
}
