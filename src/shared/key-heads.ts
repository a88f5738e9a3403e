/**
 * Rows' keys (a cache's id) matched from their start without reading the rows: each key's first
 * four letters, lower-cased, a byte each in one number. Checking a quarter of a million ids at a
 * keystroke through the rows themselves cost tens of milliseconds in reads scattered over the
 * heap; the heads sit in one small array, and a key is read only when its head cannot tell.
 */

/** Whether `key` starts with the lower-case `needle`, in any case. */
export function keyStarts(key: string, needle: string): boolean {
  if (key.length < needle.length) return false;
  // Lower case never shortens a text, so the key's first needle-length letters are enough.
  return key.slice(0, needle.length).toLowerCase().startsWith(needle);
}

const HEAD_LETTERS = 4;

/** The first letters packed a byte each, A-Z folded to lower case; `wide` when one is past ASCII. */
function headOf(text: string): { head: number; wide: boolean } {
  let head = 0;
  let wide = false;
  for (let index = 0; index < Math.min(HEAD_LETTERS, text.length); index += 1) {
    let code = text.charCodeAt(index);
    if (code > 127) wide = true;
    if (code >= 65 && code <= 90) code += 32;
    head |= (code & 0xff) << (8 * index);
  }
  return { head: head >>> 0, wide };
}

export class KeyHeads<Row> {
  readonly #heads: Uint32Array;
  /** 1 where a letter past ASCII is among the first four: lower case may change it, so the key is read. */
  readonly #wide: Uint8Array;
  readonly #rows: readonly Row[];
  readonly #keyOf: (row: Row) => string;

  constructor(rows: readonly Row[], keyOf: (row: Row) => string) {
    this.#rows = rows;
    this.#keyOf = keyOf;
    this.#heads = new Uint32Array(rows.length);
    this.#wide = new Uint8Array(rows.length);
    rows.forEach((row, index) => {
      const { head, wide } = headOf(keyOf(row));
      this.#heads[index] = head;
      this.#wide[index] = wide ? 1 : 0;
    });
  }

  /** Whether the key of the row at an index starts with the lower-case `needle`. */
  matcher(needle: string): (index: number) => boolean {
    const letters = Math.min(HEAD_LETTERS, needle.length);
    const { head: wanted, wide: wideNeedle } = headOf(needle);
    const mask = letters === HEAD_LETTERS ? 0xffffffff : (1 << (8 * letters)) - 1;
    // A head says it all for a short needle, unless a NUL in it could stand for a missing letter.
    const headTells = needle.length <= HEAD_LETTERS && !needle.includes('\u0000');
    const readKey = (index: number): boolean => keyStarts(this.#keyOf(this.#rows[index] as Row), needle);
    return (index) => {
      if (this.#wide[index] === 1) return readKey(index);
      // An ASCII head lower-cases to itself: a needle past ASCII there, or another head, cannot match.
      if (wideNeedle || ((this.#heads[index] as number) & mask) >>> 0 !== wanted) return false;
      return headTells || readKey(index);
    };
  }
}
