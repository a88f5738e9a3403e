/** Medians for the bench: one run on a shared machine is at the mercy of whatever else ran then. */

/** The item whose `measure` is the median of all items' (the upper middle one for an even count). */
export function medianBy<T>(items: readonly T[], measure: (item: T) => number): T | undefined {
  const sorted = [...items].sort((a, b) => measure(a) - measure(b));
  return sorted[Math.floor(sorted.length / 2)];
}

/** The median value; NaN when there is none. */
export function median(values: readonly number[]): number {
  return medianBy(values, (value) => value) ?? Number.NaN;
}
