/**
 * Run progress (purges, cache actions) as the window takes it: item events gathered and sent at most every 50 ms (the
 * latest state of each item once), so a run of thousands of items costs the renderer a few dozen
 * updates a second, not two messages per item.
 */
export const PROGRESS_INTERVAL_MS = 50;

export class ProgressBatcher<Item extends { key: string }> {
  readonly #send: (items: Item[]) => void;
  readonly #intervalMs: number;
  #pending = new Map<string, Item>();
  #timer: NodeJS.Timeout | null = null;

  constructor(send: (items: Item[]) => void, intervalMs = PROGRESS_INTERVAL_MS) {
    this.#send = send;
    this.#intervalMs = intervalMs;
  }

  add(item: Item): void {
    this.#pending.set(item.key, item);
    this.#timer ??= setTimeout(() => this.flush(), this.#intervalMs);
  }

  /** Sends what is waiting now (before the run's outcome, so the window never sees them out of order). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pending.size === 0) return;
    const items = [...this.#pending.values()];
    this.#pending = new Map();
    this.#send(items);
  }
}
