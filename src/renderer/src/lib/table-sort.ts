/** Sortable column headers: a click sorts by the column (again: the other way), and aria-sort says how. */

export interface TableSort<C extends string> {
  column: C;
  direction: 'asc' | 'desc';
}

/** The sort after a click on `column`; a new column starts in `first` (sizes read best largest first). */
export function nextSort<C extends string>(sort: TableSort<C>, column: C, first: 'asc' | 'desc' = 'asc'): TableSort<C> {
  const other = first === 'asc' ? 'desc' : 'asc';
  return { column, direction: sort.column === column && sort.direction === first ? other : first };
}

export function ariaSort<C extends string>(sort: TableSort<C>, column: C): 'ascending' | 'descending' | 'none' {
  if (sort.column !== column) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}
