/** Deterministic values for generated caches: ids, spreads and both date styles real servers send. */
import { createHash } from 'node:crypto';

export const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
export const OWNERS = ['Administrator', 'jane.ldap', 'etl_service', 'Report Author'];

/** A deterministic spread of 0..range-1 per index and salt, so fields do not move in lockstep. */
export function spread(index: number, salt: number, range: number): number {
  let value = (index + 1) * 2654435761 + salt * 40503;
  value = (value ^ (value >>> 13)) * 1274126177;
  return Math.abs(value ^ (value >>> 16)) % range;
}

export function guid(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 32).toUpperCase();
}

/** Both date styles real servers send: ISO with milliseconds and +0000, and "YYYY-MM-DD hh:mm:ss". */
export function serverDate(time: number, style: number): string {
  const iso = new Date(time).toISOString();
  return style % 2 === 0 ? iso.replace('Z', '+0000') : iso.slice(0, 19).replace('T', ' ');
}
