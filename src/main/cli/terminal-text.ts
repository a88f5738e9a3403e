/**
 * Text from servers and files shown at a terminal: control characters (escape sequences, line
 * breaks, tabs) are replaced so a hostile project name cannot recolour the screen or forge rows.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function safeText(text: string): string {
  return text.replace(CONTROL, (character) => (character === '\n' ? ' ' : '\uFFFD'));
}
