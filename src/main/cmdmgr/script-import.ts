/**
 * A Command Manager script (.scp) read from disk and turned into plan steps: a regular file of at
 * most 5 MB, UTF-8 (with or without a BOM) or UTF-16 as Windows editors save it, any line endings,
 * at most MAX_STATEMENTS statements. Every statement becomes steps or a "not imported" entry with
 * its line and reason; nothing is dropped silently, and no password literal is repeated anywhere.
 * A script that cannot be read whole (a quoted name or comment never closed, too many statements)
 * imports nothing: FILE_ERROR with the line and column where it broke.
 * The command line and the window read scripts through importScriptFile alone.
 */
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import { resumeAfterIdle } from '../../shared/project-state-steps.ts';
import { importedSteps, type ScriptImport } from '../../shared/script-import.ts';
import { decodeScript, readScriptBytes } from './script-file.ts';
import { lexScript, type ScriptBreak, type Statement } from './script-lexer.ts';
import { readStatement } from './script-statements.ts';

export { decodeScript } from './script-file.ts';

/** A preset holds at most 50 steps; a script of more statements than this is not one preset. */
export const MAX_STATEMENTS = 20_000;

class TooManyStatements extends Error {
  readonly line: number;
  constructor(line: number) {
    super('too many statements');
    this.line = line;
  }
}

function brokenAt(path: string, at: ScriptBreak): AppError {
  const what =
    at.what === 'comment' ? 'the "/*" comment' : `the quoted name (${at.opener === '"' ? 'double' : 'single'} quote)`;
  return new AppError(
    'FILE_ERROR',
    `${path} cannot be read whole: ${what} that opens at line ${at.line}, column ${at.column} is never closed. Nothing was imported.`,
    { details: { path, reason: 'unterminated', what: at.what, line: at.line, column: at.column } },
  );
}

/** One copy of each recent reason and statement text: a script that repeats itself costs its distinct lines. */
function interner(): (text: string) => string {
  let seen = new Map<string, string>();
  return (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    if (seen.size >= 4096) seen = new Map();
    seen.set(text, text);
    return text;
  };
}

function collector(file: string): { result: ScriptImport; add: (statement: Statement) => void } {
  const result: ScriptImport = { file, imported: [], notImported: [], passwordIgnored: false };
  const intern = interner();
  let count = 0;
  const add = (statement: Statement): void => {
    count += 1;
    if (count > MAX_STATEMENTS) throw new TooManyStatements(statement.line);
    if (statement.hadSecret) result.passwordIgnored = true;
    const reading = readStatement(statement);
    const shown = intern(statement.text);
    if (reading.imported)
      result.imported.push({ line: statement.line, statement: shown, steps: reading.steps, notes: reading.notes });
    else result.notImported.push({ line: statement.line, statement: shown, reason: intern(reading.reason) });
  };
  return { result, add };
}

/**
 * The script's steps and what was not imported; FILE_ERROR when it cannot be read whole. `file` names
 * the script in the result, `path` in errors.
 */
export function importScriptText(text: string, file = 'script', path = file): ScriptImport {
  const { result, add } = collector(file);
  let broken: ScriptBreak | null;
  try {
    broken = lexScript(text, add);
  } catch (error) {
    if (!(error instanceof TooManyStatements)) throw error;
    throw new AppError(
      'FILE_ERROR',
      `${path} has more than ${MAX_STATEMENTS.toLocaleString('en')} statements (line ${error.line}); a preset holds at most 50 steps. Nothing was imported.`,
      { details: { path, reason: 'too many statements', line: error.line } },
    );
  }
  if (broken) throw brokenAt(path, broken);
  const resumes = resumeAfterIdle(importedSteps(result));
  return resumes.length > 0 ? { ...result, resumeAfterIdle: resumes } : result;
}

export async function importScriptFile(path: string): Promise<ScriptImport> {
  const bytes = await readScriptBytes(path);
  return importScriptText(decodeScript(bytes, path), basename(path), path);
}
