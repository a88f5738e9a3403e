/**
 * The chosen rows of a big table, by key, as one reactive value. A reader depends on the selection
 * as a whole, not on each key it asked about: with a signal per key (SvelteSet), a table of 20,000
 * rows all chosen tracked 20,000 signals at each keystroke, and choosing them all took a quarter of a
 * second. Multi-select as the tables offer it: a click toggles a row; Shift+click gives every row
 * between the last row clicked and this one this row's new state; the header box chooses or clears
 * all shown.
 */
/** A choice of a table that holds only some of its rows (the caches screen's): asked per row, told per range. */
export interface PagedChoice<Row> {
  has(row: Row): boolean;
  readonly all: boolean;
  toggleAll(): void;
  set(rows: readonly Row[], chosen: boolean): void;
}

export class RowSelection {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- one version signal stands for the whole set (see above)
  readonly #keys = new Set<string>();
  /** Bumped at every change: the one signal readers depend on. */
  #version = $state(0);

  has(key: string): boolean {
    void this.#version;
    return this.#keys.has(key);
  }

  get size(): number {
    void this.#version;
    return this.#keys.size;
  }

  /** The chosen keys, in the order they were chosen. */
  [Symbol.iterator](): IterableIterator<string> {
    void this.#version;
    return this.#keys.values();
  }

  /** Whether every one of `rows` is chosen (none: false). */
  hasAll<T>(rows: readonly T[], keyOf: (row: T) => string): boolean {
    void this.#version;
    if (rows.length === 0 || rows.length > this.#keys.size) return false;
    return rows.every((row) => this.#keys.has(keyOf(row)));
  }

  delete(key: string): void {
    if (this.#keys.delete(key)) this.#version += 1;
  }

  clear(): void {
    if (this.#keys.size === 0) return;
    this.#keys.clear();
    this.#version += 1;
  }

  /** Keeps the keys `keep` says yes to (a new list keeps the choices still in it). */
  retain(keep: (key: string) => boolean): void {
    let changed = false;
    for (const key of this.#keys)
      if (!keep(key)) {
        this.#keys.delete(key);
        changed = true;
      }
    if (changed) this.#version += 1;
  }

  toggleRow<T>(
    rows: readonly T[],
    keyOf: (row: T) => string,
    click: { anchor: number | null; index: number; shift: boolean },
  ): void {
    const clicked = rows[click.index];
    if (clicked === undefined) return;
    const key = keyOf(clicked);
    const select = !this.#keys.has(key);
    const [from, to] =
      click.shift && click.anchor !== null
        ? [Math.min(click.anchor, click.index), Math.max(click.anchor, click.index)]
        : [click.index, click.index];
    this.#setAll(rows.slice(from, to + 1), keyOf, select);
  }

  /** Chooses every shown row, or clears them when all are chosen already. */
  toggleAll<T>(rows: readonly T[], keyOf: (row: T) => string): void {
    this.#setAll(rows, keyOf, !this.hasAll(rows, keyOf));
  }

  #setAll<T>(rows: readonly T[], keyOf: (row: T) => string, select: boolean): void {
    if (rows.length === 0) return;
    for (const row of rows) {
      if (select) this.#keys.add(keyOf(row));
      else this.#keys.delete(keyOf(row));
    }
    this.#version += 1;
  }
}
