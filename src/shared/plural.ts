/**
 * Counted words in English: "1 cache", "4 caches", "0 caches", chosen by Intl.PluralRules so that
 * no text reads "cache(s)". Irregular plurals are given by the caller.
 */
const RULES = new Intl.PluralRules('en');

/** "1 cache" / "3 caches"; `plural` for words that do not just take an s ("1 entry", "2 entries"). */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${RULES.select(n) === 'one' ? singular : plural}`;
}

/** The word alone, for texts that put the number elsewhere ("4 of 4 steps"). */
export function noun(n: number, singular: string, plural = `${singular}s`): string {
  return RULES.select(n) === 'one' ? singular : plural;
}

/** A duration in words a person reads: "0.4 s", "12 s", "2 min 5 s"; never "0.0 s" for something that took time. */
export function seconds(ms: number): string {
  if (ms < 100) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} s`;
  return `${Math.floor(total / 60)} min ${total % 60} s`;
}
