/**
 * How the big tables filter as you type: a list is sorted once per sort order, with each row's
 * lower-case search text made once, and a keystroke only filters that sorted list, which keeps its
 * order. Tens of thousands of rows re-filter in a few milliseconds; sorting them again at every key
 * cost tens.
 */

/** Rows in one sort order, each with its lower-case search text. */
export interface SortedRows<Row> {
  rows: Row[];
  searchText: string[];
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

/** The rows whose text has the query in it (any case, blanks around it ignored) and that `keep` keeps. */
export function searchSorted<Row>(sorted: SortedRows<Row>, query: string, keep?: (row: Row) => boolean): Row[] {
  const needle = query.trim().toLowerCase();
  const { rows, searchText } = sorted;
  const shown: Row[] = [];
  for (let index = 0; index < rows.length; index += 1) {
    // An empty needle is in every text: one path for every query, which the list's first showing has
    // already run by the time the user types.
    if (!(searchText[index] as string).includes(needle)) continue;
    const row = rows[index] as Row;
    if (keep === undefined || keep(row)) shown.push(row);
  }
  return shown;
}
