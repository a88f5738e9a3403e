/**
 * A Command Manager script's bytes, read from disk without trusting the path: only a regular file
 * (a FIFO, a device such as /dev/zero, a folder or a socket is refused before anything is read;
 * the open does not wait for a FIFO's writer), at most MAX_SCRIPT_BYTES, and never more than that
 * many bytes read even when the file grows while it is read. Then its text: a UTF-8 BOM, a UTF-16
 * LE or BE BOM, or else strict UTF-8; invalid encoding, NUL and other control characters (all but
 * tab, line feed and carriage return) are refused with their line and column. Every refusal is a
 * FILE_ERROR whose details.reason is stable: not a file, too large, encoding, control character.
 */
import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { AppError } from '../../shared/errors.ts';

/** Scripts are text of a few kilobytes; this leaves room for generated ones and bounds memory. */
export const MAX_SCRIPT_BYTES = 5 * 1024 * 1024;
const LIMIT_TEXT = '5 MB';

// O_NONBLOCK: opening a FIFO for reading would otherwise wait until something writes to it.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function refused(path: string, reason: string, message: string, extra: Record<string, number> = {}): AppError {
  return new AppError('FILE_ERROR', message, { details: { path, reason, ...extra } });
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

async function openScript(path: string): Promise<FileHandle> {
  try {
    return await open(path, OPEN_FLAGS);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'read failed';
    throw refused(path, reason, `Cannot read ${path}${reason === 'ENOENT' ? ': no such file' : ''}.`);
  }
}

function tooLarge(path: string): AppError {
  return refused(
    path,
    'too large',
    `${path} is larger than ${LIMIT_TEXT}; that is not a Command Manager script. Nothing was imported.`,
  );
}

/**
 * The file to its end, reading at most MAX_SCRIPT_BYTES + 1 bytes (one more than the limit is
 * enough to know it is too large). The size the file reported is where the buffer starts, not where
 * reading stops: a file that grows meanwhile, or reports no size (as /proc files do), is read on.
 */
async function readBounded(handle: FileHandle, path: string, reported: number): Promise<Buffer> {
  let buffer = Buffer.alloc(Math.min(reported, MAX_SCRIPT_BYTES) + 1);
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      if (filled > MAX_SCRIPT_BYTES) throw tooLarge(path);
      const larger = Buffer.alloc(Math.min(buffer.length * 2 + 4096, MAX_SCRIPT_BYTES + 1));
      buffer.copy(larger);
      buffer = larger;
    }
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
    if (bytesRead === 0) return buffer.subarray(0, filled);
    filled += bytesRead;
  }
}

/** The bytes of a regular file of at most MAX_SCRIPT_BYTES; FILE_ERROR otherwise, with nothing read past the limit. */
export async function readScriptBytes(path: string): Promise<Buffer> {
  const handle = await openScript(path);
  try {
    const stats = await handle.stat();
    if (!stats.isFile())
      throw refused(path, 'not a file', `${path} is ${kindOf(stats)}, not a script file. Nothing was read.`);
    if (stats.size > MAX_SCRIPT_BYTES) throw tooLarge(path);
    return await readBounded(handle, path, stats.size);
  } catch (error) {
    if (error instanceof AppError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? 'read failed';
    throw refused(path, reason, `Cannot read ${path}.`);
  } finally {
    await handle.close();
  }
}

/** Line and column (both from 1) of a character index; CR LF, LF and a lone CR each end a line. */
export function positionOf(text: string, index: number): { line: number; column: number } {
  const end = Math.min(index, text.length);
  let line = 1;
  let lineStart = 0;
  for (let at = 0; at < end; at += 1) {
    const code = text.charCodeAt(at);
    if (code === 10 || (code === 13 && text.charCodeAt(at + 1) !== 10)) {
      line += 1;
      lineStart = at + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** The byte offset of the first sequence that is not UTF-8 (the input is known to hold one). */
function firstInvalidUtf8(bytes: Buffer): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at] as number;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : 4;
    if (lead >= 0xf5 || (lead >= 0x80 && lead < 0xc2)) return at;
    if (!isUtf8(bytes.subarray(at, at + length))) return at;
    at += length;
  }
  return at;
}

function notEncoded(path: string, bytes: Buffer, encoding: string): AppError {
  if (encoding !== 'UTF-8')
    return refused(path, 'encoding', `${path} starts with a ${encoding} byte-order mark but is not ${encoding} text.`);
  const offset = firstInvalidUtf8(bytes);
  const position = positionOf(new TextDecoder('utf-8').decode(bytes.subarray(0, offset)), offset);
  return refused(
    path,
    'encoding',
    `${path} is not UTF-8 text: line ${position.line}, column ${position.column} (byte ${offset}) is not UTF-8. Save the script as UTF-8 or as UTF-16 ("Unicode"); nothing was imported.`,
    { ...position, byte: offset },
  );
}

function decodeStrict(bytes: Buffer, path: string): string {
  const [encoding, label, skip] =
    bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
      ? ['UTF-8', 'utf-8', 3]
      : bytes[0] === 0xff && bytes[1] === 0xfe
        ? ['UTF-16 LE', 'utf-16le', 2]
        : bytes[0] === 0xfe && bytes[1] === 0xff
          ? ['UTF-16 BE', 'utf-16be', 2]
          : ['UTF-8', 'utf-8', 0];
  const body = bytes.subarray(skip);
  try {
    // ignoreBOM: the mark is already skipped; a second one is text (and stays visible as such).
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw notEncoded(path, body, encoding);
  }
}

// C0 controls but tab, line feed and carriage return; DEL; C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** The script's text, or FILE_ERROR naming where it is not text. */
export function decodeScript(bytes: Buffer, path = 'the script'): string {
  const text = decodeStrict(bytes, path);
  const found = CONTROL.exec(text);
  if (found) {
    const position = positionOf(text, found.index);
    const code = `U+${(found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw refused(
      path,
      'control character',
      `${path} is not a text script: line ${position.line}, column ${position.column} holds the control character ${code}. Nothing was imported.`,
      position,
    );
  }
  return text;
}
