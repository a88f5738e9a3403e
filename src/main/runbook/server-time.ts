/**
 * The cube's last update time as the Library writes it ("MM/DD/YYYY hh:mm:ss", no zone). It is
 * read as UTC: the server names no zone, so a comparison with the time of a request is only
 * trusted together with a change from the value seen just before that request.
 */
export function parseServerTime(text: string | null): number | null {
  if (text === null) return null;
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (match) {
    const [, month, day, year, hour, minute, second] = match.map(Number) as number[];
    return Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
  }
  const iso = Date.parse(text);
  return Number.isNaN(iso) ? null : iso;
}

export function isoOrNull(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}
