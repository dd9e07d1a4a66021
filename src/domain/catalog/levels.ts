/**
 * Service levels of the catalog (PRODUCT.md §4): the China Telecom tiers served at 1★–5★, the
 * China Mobile group classes A/B/C, and `basic` — the basic service standard owed to everyone.
 */
import { GROUP_CLASSES, isGroupClass, isTier, TIERS, type Tier } from '../tiers/scheme.ts';
import type { ServiceLevel } from './types.ts';

/** Every level in display order: 5A…1A, then A, B, C, then basic (the star table's columns). */
export const SERVICE_LEVELS: readonly ServiceLevel[] = [
  ...[...TIERS].reverse(),
  ...GROUP_CLASSES,
  'basic',
] as const;

/**
 * Whether `value` names a service level.
 *
 * @example
 * isServiceLevel('5A'); // true
 * isServiceLevel('6A'); // false
 */
export function isServiceLevel(value: unknown): value is ServiceLevel {
  return value === 'basic' || isTier(value) || isGroupClass(value);
}

/**
 * The tier whose standards a customer is served at (PRODUCT.md §4, seed 001 "分别按1★—5★的星级标准提供服务"):
 * n★ is the standard of nA, so stars set by an approval win over the tier; without stars the tier.
 *
 * @example
 * serviceTierOf('5A', 4); // '4A' — a 5A customer served at 4★
 * serviceTierOf('3A', null); // '3A'
 * serviceTierOf(null, null); // null
 */
export function serviceTierOf(tier: Tier | null, stars: number | null): Tier | null {
  if (stars !== null && Number.isInteger(stars) && stars >= 1 && stars <= 5) return `${stars}A` as Tier;
  return tier;
}
