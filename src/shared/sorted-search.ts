/**
 * How the big tables filter as you type: a list is sorted once per sort order, with each row's
 * lower-case search text made once (and, where a table has one, a key such as an id that is
 * matched from its start, so pasting an id finds it without every key's letters matching
 * somewhere in a long id), and a keystroke only filters that sorted list, which keeps its
 * order, and a key that lengthens the query looks only at the rows the shorter one found. Hundreds
 * of thousands of rows re-filter in a few milliseconds; sorting them again at every key cost tens.
 */

import { KeyHeads } from './key-heads.ts';

/** Between two rows' texts in the joined text: a needle without it cannot match across two rows. */
const ROW_BREAK = '\u0001';

/** Rows in one sort order, with their lower-case search texts joined in that order. */
export interface SortedRows<Row> {
  rows: Row[];
  /**
   * Every row's lower-case search text, one after another with ROW_BREAK between: one string
   * searched from match to match runs several times faster than a quarter of a million small ones
   * scattered over the heap, and holds less.
   */
  text: string;
  /** Where each row's text starts in `text`; the last entry is one past the end, as if a row followed. */
  starts: Uint32Array;
  /**
   * Which of the letters a to z each row's text holds, a bit each: the first key typed, one letter
   * that most rows hold, is answered from these without a search call per row.
   */
  letters: Uint32Array;
  /** The rows' keys, matched from their start (any case) besides the text. */
  keys?: KeyHeads<Row>;
  /**
   * The last search's text and the positions whose text has it: a query that holds it (the next
   * key typed) looks only at those, not at every row again.
   */
  last?: { needle: string; positions: Uint32Array };
}

export function sortForSearch<Row, Key>(
  rows: readonly Row[],
  sort: { sortKeyOf: (row: Row) => Key; compare: (a: Key, b: Key) => number; direction: 'asc' | 'desc' },
  searchTextOf: (row: Row) => string,
  keyOf?: (row: Row) => string,
): SortedRows<Row> {
  const direction = sort.direction === 'asc' ? 1 : -1;
  // Positions sorted by their keys rather than a {row, key} pair made per row: a quarter of a
  // million pairs are about 10 MB more held while the list is sorted.
  const keys = rows.map(sort.sortKeyOf);
  const order = Array.from(rows, (_, index) => index);
  order.sort((a, b) => direction * sort.compare(keys[a] as Key, keys[b] as Key));
  const sorted = order.map((index) => rows[index] as Row);
  return { rows: sorted, ...joinedText(sorted, searchTextOf), ...(keyOf ? { keys: new KeyHeads(sorted, keyOf) } : {}) };
}

function joinedText<Row>(
  rows: readonly Row[],
  searchTextOf: (row: Row) => string,
): { text: string; starts: Uint32Array; letters: Uint32Array } {
  // Each row lower-cased alone: lower case can change a text's length (İ), so the starts are
  // counted on what is joined, and the break keeps word ends (a final sigma) where they were.
  const texts = rows.map((row) => searchTextOf(row).toLowerCase());
  const starts = new Uint32Array(texts.length + 1);
  const letters = new Uint32Array(texts.length);
  let offset = 0;
  texts.forEach((text, index) => {
    starts[index] = offset;
    offset += text.length + ROW_BREAK.length;
    letters[index] = lettersOf(text);
  });
  starts[texts.length] = offset;
  return { text: texts.join(ROW_BREAK), starts, letters };
}

const A = 97;
const Z = 122;

function lettersOf(text: string): number {
  let bits = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= A && code <= Z) bits |= 1 << (code - A);
  }
  return bits >>> 0;
}

/** The bit of a one-letter needle a to z in `letters`; 0 for any other needle. */
function letterBit(needle: string): number {
  const code = needle.length === 1 ? needle.charCodeAt(0) : 0;
  return code >= A && code <= Z ? (1 << (code - A)) >>> 0 : 0;
}

/**
 * Of the positions `from` (ascending; every row when null), those whose text `hasNeedle` says holds
 * the needle, or whose key starts with it: for the needles positionsWith does not search for.
 */
function positionsWhere<Row>(
  sorted: SortedRows<Row>,
  needle: string,
  from: Uint32Array | null,
  hasNeedle: (index: number) => boolean,
): Uint32Array {
  const keyMatches = sorted.keys?.matcher(needle);
  const count = from ? from.length : sorted.letters.length;
  const found = new Uint32Array(count);
  let kept = 0;
  for (let nth = 0; nth < count; nth += 1) {
    const index = from ? (from[nth] as number) : nth;
    if (hasNeedle(index) || keyMatches?.(index) === true) found[kept++] = index;
  }
  return found.subarray(0, kept);
}

/**
 * Of the positions `from` (ascending; every row when null), those whose text has `needle` or whose
 * key starts with it: the joined text is searched from one match to the next, and the rows
 * between two matches are passed over without reading their text.
 */
function positionsWith<Row>(sorted: SortedRows<Row>, needle: string, from: Uint32Array | null): Uint32Array {
  const { text, starts } = sorted;
  const keyMatches = sorted.keys?.matcher(needle);
  const count = from ? from.length : starts.length - 1;
  const found = new Uint32Array(count);
  let kept = 0;
  let hit = -1;
  for (let nth = 0; nth < count; nth += 1) {
    const index = from ? (from[nth] as number) : nth;
    const start = starts[index] as number;
    if (hit < start) {
      hit = text.indexOf(needle, start);
      if (hit === -1) {
        if (keyMatches === undefined) break;
        hit = Infinity;
      }
    }
    if (hit < (starts[index + 1] as number) || keyMatches?.(index) === true) found[kept++] = index;
  }
  return found.subarray(0, kept);
}

/** The positions whose text has `needle`, narrowed from the last search's when it holds its needle. */
function textMatches<Row>(sorted: SortedRows<Row>, needle: string): Uint32Array {
  const { last } = sorted;
  if (last?.needle === needle) return last.positions;
  // Every row the needle finds was found by the last one: its text holds the last needle, and a
  // key that starts with the needle starts with the last one only when the needle starts with it.
  const narrows = last !== undefined && (sorted.keys ? needle.startsWith(last.needle) : needle.includes(last.needle));
  const from = narrows ? (last as { positions: Uint32Array }).positions : null;
  const { text, starts, letters } = sorted;
  const bit = letterBit(needle);
  const positions =
    bit !== 0
      ? // One letter a to z: each row's letters say whether its text has it.
        positionsWhere(sorted, needle, from, (index) => ((letters[index] as number) & bit) !== 0)
      : needle.includes(ROW_BREAK)
        ? // A needle that holds the row break itself: one row's text at a time.
          positionsWhere(sorted, needle, from, (index) =>
            text.slice(starts[index], (starts[index + 1] as number) - ROW_BREAK.length).includes(needle),
          )
        : positionsWith(sorted, needle, from);
  sorted.last = { needle, positions };
  return positions;
}

/** The rows whose text has the query in it (any case, blanks around it ignored) and that `keep` keeps. */
export function searchSorted<Row>(sorted: SortedRows<Row>, query: string, keep?: (row: Row) => boolean): Row[] {
  return searchSortedAt(sorted, query, keep).rows;
}

/** The positions in the sorted rows of those searchSorted finds, without gathering the rows themselves. */
export function searchPositions<Row>(
  sorted: SortedRows<Row>,
  query: string,
  keep?: (row: Row) => boolean,
): Uint32Array {
  const matches = textMatches(sorted, query.trim().toLowerCase());
  if (keep === undefined) return matches;
  const positions = new Uint32Array(matches.length);
  let count = 0;
  for (const index of matches) if (keep(sorted.rows[index] as Row)) positions[count++] = index;
  return positions.subarray(0, count);
}

/** As searchSorted, with each row's position in the sorted rows (for figures kept by position). */
export function searchSortedAt<Row>(
  sorted: SortedRows<Row>,
  query: string,
  keep?: (row: Row) => boolean,
): { rows: Row[]; positions: Uint32Array } {
  const { rows } = sorted;
  const matches = textMatches(sorted, query.trim().toLowerCase());
  if (keep === undefined) return { rows: Array.from(matches, (index) => rows[index] as Row), positions: matches };
  const shown: Row[] = [];
  const positions = new Uint32Array(matches.length);
  for (const index of matches) {
    const row = rows[index] as Row;
    if (!keep(row)) continue;
    positions[shown.length] = index;
    shown.push(row);
  }
  return { rows: shown, positions: positions.subarray(0, shown.length) };
}
