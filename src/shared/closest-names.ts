/**
 * "Did you mean …": the known names closest to one that matched nothing (a misspelled project,
 * cube, node or profile), by edit distance ignoring case, with names that contain the typed text
 * (or are contained in it) counted as close. Shared by every place a name is looked up.
 */

/** Optimal string alignment distance (Levenshtein with swapped neighbours as one edit). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j += 1) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((rows[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** Up to `limit` known names close to `typed`, closest first; none when nothing is close. */
export function closestNames(typed: string, known: readonly string[], limit = 3): string[] {
  const wanted = typed.trim().toLowerCase();
  if (wanted === '') return [];
  const scored = [...new Set(known)]
    .map((name) => {
      const lower = name.toLowerCase();
      const contains = lower.includes(wanted) || (lower.length >= 3 && wanted.includes(lower));
      return { name, distance: contains ? 0.5 : editDistance(wanted, lower) };
    })
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(wanted.length / 3)));
  scored.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  return scored.slice(0, limit).map(({ name }) => name);
}

/** " Did you mean "A" or "B"?" (with its leading space), or "" when nothing is close. */
export function didYouMean(typed: string, known: readonly string[]): string {
  const names = closestNames(typed, known);
  if (names.length === 0) return '';
  const quoted = names.map((name) => `"${name}"`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return ` Did you mean ${list}?`;
}
