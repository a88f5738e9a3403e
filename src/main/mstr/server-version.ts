/**
 * Reads I-Server version strings ("11.3.0800.0123") and tells whether the server has the REST
 * cache purge endpoint, which arrived with 2021 Update 8 (11.3.0800).
 */

export const MIN_PURGE_VERSION = '11.3.0800';

/** The numeric parts of a version string, or null when it is not one. */
export function parseVersion(version: string): number[] | null {
  const match = /^\s*(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  if (!match) return null;
  return match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
}

export function compareVersions(a: number[], b: number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Unknown versions count as supported: the purge call itself then says whether it exists. */
export function supportsRestPurge(iServerVersion: string | null): boolean {
  if (iServerVersion === null) return true;
  const parsed = parseVersion(iServerVersion);
  const minimum = parseVersion(MIN_PURGE_VERSION);
  if (parsed === null || minimum === null) return true;
  return compareVersions(parsed, minimum) >= 0;
}
