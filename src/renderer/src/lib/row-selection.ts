/**
 * Multi-select in the windowed tables: a click toggles a row; Shift+click gives every row between
 * the last row clicked and this one this row's new state; the header box selects or clears all shown.
 */

export function toggleRow<T>(
  selected: Set<string>,
  rows: readonly T[],
  keyOf: (row: T) => string,
  click: { anchor: number | null; index: number; shift: boolean },
): void {
  const key = rows[click.index] === undefined ? null : keyOf(rows[click.index] as T);
  if (key === null) return;
  if (click.shift && click.anchor !== null) {
    const [from, to] = click.anchor < click.index ? [click.anchor, click.index] : [click.index, click.anchor];
    const select = !selected.has(key);
    for (const row of rows.slice(from, to + 1)) {
      if (select) selected.add(keyOf(row));
      else selected.delete(keyOf(row));
    }
  } else if (selected.has(key)) selected.delete(key);
  else selected.add(key);
}

/** Selects every shown row, or clears them when all are selected already. */
export function toggleAllShown<T>(selected: Set<string>, rows: readonly T[], keyOf: (row: T) => string): void {
  const unselect = rows.length > 0 && rows.every((row) => selected.has(keyOf(row)));
  for (const row of rows) {
    if (unselect) selected.delete(keyOf(row));
    else selected.add(keyOf(row));
  }
}
