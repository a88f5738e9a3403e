/**
 * Facts about profiles that every process needs and that cost nothing to load: the limits, the
 * tier colours, what counts as production. The schemas that check a whole profile live in
 * profile-schema.ts, for main only, so the window's bundle carries no schema library.
 */
import type { STANDARD_TIERS } from './model.ts';

export const MAX_CONCURRENCY = 16;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_TIMEOUT_SECONDS = 30;

export const TIER_COLORS: Record<(typeof STANDARD_TIERS)[number], string> = {
  dev: '#2e7d32',
  test: '#1565c0',
  staging: '#b45309',
  prod: '#c62828',
};

export function defaultTierColor(tier: string): string {
  return TIER_COLORS[tier as keyof typeof TIER_COLORS] ?? '#6a1b9a';
}

/** Production needs a typed confirmation: the prod tier and custom labels that say production. */
export function isProductionTier(tier: string): boolean {
  return /^prod/i.test(tier.trim());
}

/** The production environments among `environmentIds` (a preset's), as found in `profiles`. */
export function productionProfiles<P extends { id: string; tier: string }>(
  environmentIds: readonly string[],
  profiles: readonly P[],
): P[] {
  return profiles.filter((profile) => environmentIds.includes(profile.id) && isProductionTier(profile.tier));
}
