/**
 * A Command Manager script (.scp) read from disk and turned into plan steps: UTF-8 (with or without
 * a BOM) or UTF-16 as Windows editors save it, any line endings, at most 5 MB. Every statement
 * becomes steps or a "not imported" entry with its line and reason; nothing is dropped silently,
 * and a password on a CONNECT line is never repeated anywhere.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.ts';
import type { ScriptImport } from '../../shared/script-import.ts';
import { lexScript } from './script-lexer.ts';
import { readStatement } from './script-statements.ts';

const MAX_SCRIPT_BYTES = 5 * 1024 * 1024;

export function decodeScript(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('utf8');
}

/** A CONNECT statement shortened to its first words: whatever follows may be a password. */
function shown(text: string, hidesSecret: boolean): string {
  if (hidesSecret) return `${text.split(/\s+/).slice(0, 2).join(' ')} … (rest not shown)`;
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}

export function importScriptText(text: string, file = 'script'): ScriptImport {
  const { statements, problems } = lexScript(text);
  const result: ScriptImport = { file, imported: [], notImported: [], passwordIgnored: false };
  for (const statement of statements) {
    const reading = readStatement(statement);
    if (reading.imported)
      result.imported.push({
        line: statement.line,
        statement: shown(statement.text, false),
        steps: reading.steps,
        notes: reading.notes,
      });
    else {
      if (reading.hidesSecret && /\bPASSWORD\b/i.test(statement.text)) result.passwordIgnored = true;
      result.notImported.push({
        line: statement.line,
        statement: shown(statement.text, reading.hidesSecret === true),
        reason: reading.reason,
      });
    }
  }
  for (const problem of problems)
    result.notImported.push({ line: problem.line, statement: '', reason: problem.reason });
  result.notImported.sort((a, b) => a.line - b.line);
  return result;
}

export async function importScriptFile(path: string): Promise<ScriptImport> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'read failed';
    throw new AppError('FILE_ERROR', `Cannot read ${path}${reason === 'ENOENT' ? ': no such file' : ''}.`, {
      details: { path, reason },
    });
  }
  if (bytes.length > MAX_SCRIPT_BYTES)
    throw new AppError('FILE_ERROR', `${path} is larger than 5 MB; that is not a Command Manager script.`, {
      details: { path, reason: 'too large' },
    });
  if (bytes.includes(0) && !(bytes[0] === 0xff || bytes[0] === 0xfe))
    throw new AppError('FILE_ERROR', `${path} is not a text file.`, { details: { path, reason: 'binary' } });
  return importScriptText(decodeScript(bytes), basename(path));
}
