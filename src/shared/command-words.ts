/**
 * A credential command's words as a user types them ('pass show "mstr qa"': quotes group, nothing
 * is expanded, there is no shell) and as they are shown back.
 */
import { AppError } from './errors.ts';

/** The command as a user reads it (words with spaces or quotes quoted). */
export function commandText(argv: readonly string[]): string {
  return argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Splits `CMD ARG…` as a user typed it into words: quotes group, nothing is expanded (no shell). */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = null;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started || word) words.push(word);
      word = '';
      started = false;
    } else word += char;
  }
  if (quote) throw new AppError('VALIDATION', 'The credential command has a quote that is not closed.');
  if (started || word) words.push(word);
  return words;
}
