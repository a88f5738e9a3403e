/**
 * The chosen caches of the caches screen, which holds only the rows in view: "all shown" is kept as
 * the search that showed them and how many it showed, with the rows unticked since; rows ticked
 * outside it are kept by key. Main resolves the choice to caches (see CacheSelection), so choosing
 * 100,000 caches sends one search, not 100,000 keys, either way.
 */
import type { CacheRow } from '../../../shared/cache-monitor.ts';
import { cacheKey, isFound } from '../../../shared/cache-view.ts';
import type { CacheSearch, CacheSelection } from '../../../shared/cache-window.ts';

/** Whether two searches show the same caches (in whatever order). */
function sameSearch(a: CacheSearch, b: CacheSearch): boolean {
  const shown = (search: CacheSearch): string =>
    JSON.stringify([search.query.trim().toLowerCase(), Object.entries(search.filter).sort()]);
  return shown(a) === shown(b);
}

export class CacheChoice {
  /** "All shown": the search and how many it showed. */
  #shown: { search: CacheSearch; count: number } | null = null;
  /** Rows of that search unticked since. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- one version signal stands for the whole choice
  readonly #except = new Set<string>();
  /** Rows ticked one by one, outside that search. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- as above
  readonly #keys = new Set<string>();
  #version = $state(0);

  #inShown(row: CacheRow): boolean {
    return this.#shown !== null && isFound(row, this.#shown.search.query, this.#shown.search.filter);
  }

  has(row: CacheRow): boolean {
    void this.#version;
    const key = cacheKey(row);
    return this.#inShown(row) ? !this.#except.has(key) : this.#keys.has(key);
  }

  get size(): number {
    void this.#version;
    return (this.#shown ? Math.max(0, this.#shown.count - this.#except.size) : 0) + this.#keys.size;
  }

  /** Whether every row this search shows is chosen: all of them chosen as such, or each of `loaded`, all there are. */
  hasAll(search: CacheSearch, shown: number, loaded: readonly CacheRow[] | null): boolean {
    void this.#version;
    if (shown === 0) return false;
    if (this.#shown && this.#except.size === 0 && sameSearch(this.#shown.search, search)) return true;
    return loaded !== null && loaded.length === shown && loaded.every((row) => this.has(row));
  }

  /** Chooses every row the search shows (the choices outside it are dropped). */
  chooseShown(search: CacheSearch, shown: number): void {
    this.#shown = { search: structuredClone(search), count: shown };
    this.#except.clear();
    this.#keys.clear();
    this.#version += 1;
  }

  /** The rows of the loaded window from one to another, ticked or unticked. */
  set(rows: readonly CacheRow[], chosen: boolean): void {
    if (rows.length === 0) return;
    for (const row of rows) {
      const key = cacheKey(row);
      const kept = this.#inShown(row) ? this.#except : this.#keys;
      if (chosen === (kept === this.#keys)) kept.add(key);
      else kept.delete(key);
    }
    this.#version += 1;
  }

  /** A cache gone from the list (the count of "all shown" follows at the recount). */
  forget(key: string): void {
    if (this.#keys.delete(key) || this.#except.delete(key)) this.#version += 1;
  }

  /**
   * An answer to `search` is in: when that is the chosen search, "all shown" is as many as it
   * shows (chosen while the answer was on its way, it was counted with the search before).
   */
  answered(search: CacheSearch, shown: number): void {
    if (this.#shown && this.#shown.count !== shown && sameSearch(this.#shown.search, search)) this.recount(shown);
  }

  /** After a fresh list: how many the chosen search shows now. */
  recount(shown: number): void {
    if (!this.#shown) return;
    this.#shown.count = shown;
    this.#version += 1;
  }

  get search(): CacheSearch | null {
    return this.#shown?.search ?? null;
  }

  clear(): void {
    this.#shown = null;
    this.#except.clear();
    this.#keys.clear();
    this.#version += 1;
  }

  /** The choice as main resolves it. */
  selection(): CacheSelection {
    void this.#version;
    return {
      keys: [...this.#keys],
      ...(this.#shown ? { shown: this.#shown.search, except: [...this.#except] } : {}),
    };
  }
}
