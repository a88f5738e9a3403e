/**
 * Pages of a listing handed on in the listing's order (list by list, page by page) as soon as every
 * page before them is in, whichever answer comes back first: a listing of a quarter of a million
 * caches goes out while it is read, in the same order on every run, holding only the pages that
 * came back ahead of their turn. A list that failed is passed over: the pages it had already handed
 * on stay handed on, the rest are dropped.
 */
import type { CacheRow } from '../../shared/cache-monitor.ts';

/** Where the rows go; a sink that returns a promise is waited for before the next page is handed on. */
export type RowSink = (rows: CacheRow[]) => void | Promise<void>;

interface ListPages {
  /** Pages of this list, known once its first page is in. */
  count: number | null;
  pages: Map<number, CacheRow[]>;
  failed: boolean;
}

export class OrderedPages {
  readonly #lists: ListPages[];
  readonly #sink: RowSink;
  #list = 0;
  #page = 0;
  #handedOn: Promise<void> = Promise.resolve();

  constructor(lists: number, sink: RowSink) {
    this.#lists = Array.from({ length: lists }, () => ({ count: null, pages: new Map(), failed: false }));
    this.#sink = sink;
  }

  /** How many pages list `list` has (said with its first page). */
  expect(list: number, count: number): void {
    (this.#lists[list] as ListPages).count = count;
  }

  put(list: number, page: number, rows: CacheRow[]): void {
    const pages = this.#lists[list] as ListPages;
    if (pages.failed) return;
    pages.pages.set(page, rows);
    this.#advance();
  }

  fail(list: number): void {
    const pages = this.#lists[list] as ListPages;
    pages.failed = true;
    pages.pages.clear();
    this.#advance();
  }

  /** Settles once every page handed on has been taken by the sink (rejects with the sink's error). */
  finished(): Promise<void> {
    return this.#handedOn;
  }

  #handOn(rows: CacheRow[]): void {
    const next = this.#handedOn.then(() => this.#sink(rows));
    // Marked as handled here so a failing sink is not an unhandled rejection; finished() reports it.
    next.catch(() => undefined);
    this.#handedOn = next;
  }

  #advance(): void {
    for (let list = this.#lists[this.#list]; list !== undefined; list = this.#lists[this.#list]) {
      const rows = list.pages.get(this.#page);
      if (rows !== undefined) {
        list.pages.delete(this.#page);
        this.#page += 1;
        if (rows.length > 0) this.#handOn(rows);
      } else if (list.failed || (list.count !== null && this.#page >= list.count)) {
        this.#list += 1;
        this.#page = 0;
      } else return;
    }
  }
}
