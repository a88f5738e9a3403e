/**
 * One JSON document written a part at a time: a listing of a quarter of a million caches as one
 * JSON.stringify is a string of hundreds of megabytes (and its bytes again on the way out), where
 * its rows written a batch at a time cost one batch. The document is laid out as
 * `JSON.stringify(value, null, 2)` lays it out, but for the rows of a long list (more than a
 * batch): each is one line of its own, written without gaps. A line per cache is what grep and a
 * reader scrolling 250,000 caches want, and a row laid out with gaps took V8 off its fast
 * serialiser: three times as long for the listing's output.
 */

/** Rows written per call of `write`. */
const ROWS_PER_WRITE = 500;

/** `JSON.stringify(value, null, 2)` of a value that sits `depth` levels in (each two spaces). */
function nested(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2);
  return depth === 0 ? text : text.replaceAll('\n', `\n${'  '.repeat(depth)}`);
}

/** What JSON.stringify leaves out of an object. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function writeArray(write: (text: string) => void, rows: readonly unknown[], prefix: string): void {
  if (rows.length === 0) return void write(`${prefix}[]`);
  let text = `${prefix}[\n`;
  for (let index = 0; index < rows.length; index += 1) {
    const row = rows[index];
    text += `    ${omitted(row) ? 'null' : JSON.stringify(row)}${index === rows.length - 1 ? '\n  ]' : ',\n'}`;
    if ((index + 1) % ROWS_PER_WRITE === 0 || index === rows.length - 1) {
      write(text);
      text = '';
    }
  }
}

/**
 * Writes `document` (an object) and a newline, its top-level arrays of more than a batch a batch of
 * rows at a time.
 */
export function writeJsonDocument(write: (text: string) => void, document: Record<string, unknown>): void {
  const entries = Object.entries(document).filter(([, value]) => !omitted(value));
  if (entries.length === 0) return void write('{}\n');
  write('{\n');
  entries.forEach(([key, value], index) => {
    const prefix = `  ${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > ROWS_PER_WRITE) writeArray(write, value, prefix);
    else write(`${prefix}${nested(value, 1)}`);
    write(index === entries.length - 1 ? '\n}\n' : ',\n');
  });
}
