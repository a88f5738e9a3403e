/** Runs a worker over items with at most `limit` at a time; stops starting new ones once `stop()` says so. */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  stop: () => boolean,
  worker: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !stop()) {
      const item = items[next] as T;
      next += 1;
      await worker(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}
