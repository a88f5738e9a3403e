/**
 * Text from servers and files shown at a terminal: control characters (escape sequences, line
 * breaks, tabs) are replaced so a hostile project name cannot recolour the screen or forge rows,
 * and so are the characters that reorder text (bidirectional embeddings, overrides, isolates and
 * marks), so a name cannot make the rest of its line read backwards. Every name a command prints
 * in text mode goes through here; --json prints names exactly.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function safeText(text: string): string {
  return text.toWellFormed().replace(UNSAFE, (character) => (character === '\n' ? ' ' : '\uFFFD'));
}
