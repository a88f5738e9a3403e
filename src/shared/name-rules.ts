/**
 * What the name of a preset or an environment may contain. A name is an identity the admin reads
 * and types, never shell or file text: it may hold any visible character of any script, but no
 * control character (a line break would forge a cron line or a unit file directive), no character
 * that reorders or hides text (a bidirectional override makes "prod" read as "dorp"), no half of a
 * surrogate pair, and no leading "-" (a command line would read it as an option). Pure, so the
 * window and the main process apply the same rule.
 */
import { AppError } from './errors.ts';

export type NameKind = 'preset' | 'environment';

/** C0, DEL and C1 controls, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/**
 * Embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), and the invisible direction
 * marks LRM, RLM and ALM: each changes how the name reads without being seen.
 */
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u;

function codePointLabel(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why `name` cannot be saved as a name, in a sentence; null when it can. */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'it is empty';
  const control = CONTROL.exec(name);
  if (control) return `it contains the control character ${codePointLabel(control[0])}`;
  const bidi = BIDI.exec(name);
  if (bidi) return `it contains ${codePointLabel(bidi[0])}, an invisible character that changes the text direction`;
  if (!name.isWellFormed()) return 'it contains half of a surrogate pair (not a character)';
  if (trimmed.startsWith('-')) return 'it starts with "-", which a command line reads as an option';
  return null;
}

/** The whole message for a name that breaks the rule; null for a good one. */
export function nameRuleMessage(kind: NameKind, name: string): string | null {
  const problem = nameProblem(name);
  if (problem === null) return null;
  return `This ${kind} name cannot be used: ${problem}. A name may contain letters, digits, spaces and punctuation of any language, but no control or direction characters and no leading "-".`;
}

// eslint-disable-next-line no-control-regex
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufffe\uffff]/gu;

/**
 * A name as a label in a file or on a screen: every character the rule above refuses (and the two
 * non-characters XML 1.0 cannot hold) becomes U+FFFD, so an old name that breaks the rule can be
 * shown without acting on what shows it.
 */
export function neutralisedName(name: string): string {
  return name.toWellFormed().replace(UNSHOWABLE, '\ufffd');
}

/** Refuses a name that breaks the rule, with INVALID_NAME and what is wrong with it. */
export function assertValidName(kind: NameKind, name: string): void {
  const message = nameRuleMessage(kind, name);
  if (message !== null) throw new AppError('INVALID_NAME', message, { details: { field: 'name' } });
}
