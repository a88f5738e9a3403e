/**
 * How the big tables filter as you type: a list is sorted once per sort order, with each row's
 * lower-case search text made once, and a keystroke only filters that sorted list, which keeps its
 * order, and a key that lengthens the query looks only at the rows the shorter one found. Hundreds
 * of thousands of rows re-filter in a few milliseconds; sorting them again at every key cost tens.
 */

/** Rows in one sort order, each with its lower-case search text. */
export interface SortedRows<Row> {
  rows: Row[];
  searchText: string[];
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
): SortedRows<Row> {
  const direction = sort.direction === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, key: sort.sortKeyOf(row) }));
  keyed.sort((a, b) => direction * sort.compare(a.key, b.key));
  const sorted = keyed.map((entry) => entry.row);
  return { rows: sorted, searchText: sorted.map((row) => searchTextOf(row).toLowerCase()) };
}

/** The positions whose text has `needle`, narrowed from the last search's when it holds its needle. */
function textMatches<Row>(sorted: SortedRows<Row>, needle: string): Uint32Array {
  const { searchText, last } = sorted;
  if (last?.needle === needle) return last.positions;
  const from = last !== undefined && needle.includes(last.needle) ? last.positions : null;
  const found = new Uint32Array(from ? from.length : searchText.length);
  let count = 0;
  if (from) {
    for (const index of from) if ((searchText[index] as string).includes(needle)) found[count++] = index;
  } else {
    // An empty needle is in every text: one path for every query, which the list's first showing has
    // already run by the time the user types.
    for (let index = 0; index < searchText.length; index += 1)
      if ((searchText[index] as string).includes(needle)) found[count++] = index;
  }
  const positions = found.subarray(0, count);
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
