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

/** `  "key": value` for each field JSON.stringify keeps, each after a comma and a newline. */
function fieldsAfter(document: Record<string, unknown>): string {
  return Object.entries(document)
    .filter(([, value]) => !omitted(value))
    .map(([key, value]) => `,\n  ${JSON.stringify(key)}: ${nested(value, 1)}`)
    .join('');
}

/**
 * A document with one list whose rows come while it is written (a listing read page by page). The
 * rows are held until there are more than a batch: a list that ends within a batch is printed
 * whole as writeJsonDocument prints it, so a small listing reads as it always did. A longer one is
 * written as its rows come: first the fields known before them, then the rows one a line, then the
 * fields only known at the end (`ok` and `exitCode` among them), after the rows.
 */
export class JsonRowsDocument {
  readonly #write: (text: string) => void;
  readonly #drained: () => Promise<void>;
  readonly #key: string;
  readonly #head: Record<string, unknown>;
  #held: unknown[] | null = [];
  #written = 0;

  /** `drained` settles once the output can take more (so rows are not queued in memory). */
  constructor(
    output: { write: (text: string) => void; drained: () => Promise<void> },
    key: string,
    head: Record<string, unknown>,
  ) {
    this.#write = output.write;
    this.#drained = output.drained;
    this.#key = key;
    this.#head = head;
  }

  /** True once the document has begun (so a failure now must end it rather than print another). */
  get begun(): boolean {
    return this.#held === null;
  }

  async add(rows: readonly unknown[]): Promise<void> {
    if (this.#held === null) return this.#rows(rows);
    for (const row of rows) this.#held.push(row);
    if (this.#held.length <= ROWS_PER_WRITE) return;
    const held = this.#held;
    this.#held = null;
    const head = JSON.stringify(this.#head, null, 2);
    this.#write(`${head === '{}' ? '{\n' : `${head.slice(0, -2)},\n`}  ${JSON.stringify(this.#key)}: [\n`);
    await this.#rows(held);
  }

  /** Ends the document: `whole(rows)` is all of it when the rows were held, `tail` the fields after them otherwise. */
  end(whole: (rows: unknown[]) => Record<string, unknown>, tail: Record<string, unknown>): void {
    if (this.#held !== null) return writeJsonDocument(this.#write, whole(this.#held));
    this.#write(`\n  ]${fieldsAfter(tail)}\n}\n`);
  }

  async #rows(rows: readonly unknown[]): Promise<void> {
    let text = '';
    for (let index = 0; index < rows.length; index += 1) {
      const row = rows[index];
      text += `${this.#written === 0 ? '' : ',\n'}    ${omitted(row) ? 'null' : JSON.stringify(row)}`;
      this.#written += 1;
      if ((index + 1) % ROWS_PER_WRITE === 0 || index === rows.length - 1) {
        this.#write(text);
        text = '';
        await this.#drained();
      }
    }
  }
}
