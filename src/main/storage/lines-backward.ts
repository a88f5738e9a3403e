/**
 * The lines of a text file from the last to the first, read in chunks from the end: the newest
 * entries of an append-only log cost what they are, not what the whole file is.
 */
import { open } from 'node:fs/promises';

const CHUNK = 256 * 1024;

export async function* linesBackward(path: string): AsyncGenerator<string> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    let position = (await handle.stat()).size;
    // Bytes of the line that began before the chunk read last (a line can span chunks, and a
    // multi-byte character can too: lines are cut at "\n", which never occurs inside one).
    let carry = Buffer.alloc(0);
    while (position > 0) {
      const length = Math.min(CHUNK, position);
      position -= length;
      const chunk = Buffer.alloc(length);
      await handle.read(chunk, 0, length, position);
      let buffer = Buffer.concat([chunk, carry]);
      let end = buffer.length;
      for (let index = buffer.length - 1; index >= 0; index -= 1) {
        if (buffer[index] !== 0x0a) continue;
        if (end > index + 1) yield buffer.toString('utf8', index + 1, end);
        end = index;
      }
      carry = buffer.subarray(0, end);
      buffer = Buffer.alloc(0);
    }
    if (carry.length > 0) yield carry.toString('utf8');
  } finally {
    await handle.close();
  }
}
