/**
 * Tier schemes (PRODUCT.md §2): China Telecom 1A–5A (5A highest) served at 1★–5★, or China
 * Mobile group classes A/B/C (A highest). Pure constants and comparisons shared by the value
 * assessment (which proposes) and the tier workflow (which approves).
 */
export const TIERS = ['1A', '2A', '3A', '4A', '5A'] as const;
export type Tier = (typeof TIERS)[number];

export const GROUP_CLASSES = ['A', 'B', 'C'] as const;
export type GroupClass = (typeof GROUP_CLASSES)[number];

export const STARS = [1, 2, 3, 4, 5] as const;
export type Stars = (typeof STARS)[number];

export type TierScheme = 'telecom' | 'mobile';

export function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && (TIERS as readonly string[]).includes(value);
}

export function isGroupClass(value: unknown): value is GroupClass {
  return typeof value === 'string' && (GROUP_CLASSES as readonly string[]).includes(value);
}

/** 1 for 1A … 5 for 5A; higher is better. */
export function tierRank(tier: Tier): number {
  return TIERS.indexOf(tier) + 1;
}

/** 3 for A, 2 for B, 1 for C; higher is better. */
export function groupClassRank(groupClass: GroupClass): number {
  return 3 - GROUP_CLASSES.indexOf(groupClass);
}

/** The default service stars of a tier: nA is served at n★ (an approval may set other stars). */
export function defaultStarsFor(tier: Tier): Stars {
  return tierRank(tier) as Stars;
}

/**
 * Compares two tiers: > 0 when `to` is higher than `from` (an upgrade), < 0 for a downgrade,
 * 0 when equal. A customer with no tier yet (`null`) gets an 'initial' tier, never a downgrade.
 */
export function compareTiers(from: Tier, to: Tier): number {
  return tierRank(to) - tierRank(from);
}
