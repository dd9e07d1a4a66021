/**
 * Queue order and default priority of trouble tickets (PRODUCT.md §7, 优先派单/抢修): key accounts
 * first in every queue — by tier rank, then by the time left on their clocks. Pure.
 */
import { serviceTierOf } from '../catalog/levels.ts';
import type { Severity } from '../desk/config.ts';
import { isGroupClass, isTier } from '../tiers/scheme.ts';

/** Rank per tier: 5A=50 … 1A=10; China Mobile group classes A=45, B=35, C=25; no tier 0. */
export const TIER_RANKS: Readonly<Record<string, number>> = {
  '5A': 50,
  A: 45,
  '4A': 40,
  B: 35,
  '3A': 30,
  C: 25,
  '2A': 20,
  '1A': 10,
};

/**
 * The queue rank of a tier (higher first).
 *
 * @example
 * tierRank('4A'); // 40
 * tierRank('B'); // 35
 * tierRank(null); // 0
 */
export function tierRank(tier: string | null | undefined): number {
  return (tier && TIER_RANKS[tier]) || 0;
}

/**
 * The tier a ticket is served at, snapshot at creation: the service tier (stars win over the
 * tier, PRODUCT.md §4), else the group class, else null.
 *
 * @example
 * ticketTierOf({ tier: '5A', stars: 4, groupClass: null }); // '4A'
 * ticketTierOf({ tier: null, stars: null, groupClass: 'B' }); // 'B'
 */
export function ticketTierOf(customer: {
  tier: string | null;
  stars: number | null;
  groupClass: string | null;
}): string | null {
  const tier = isTier(customer.tier) ? customer.tier : null;
  const served = serviceTierOf(tier, customer.stars);
  if (served) return served;
  return isGroupClass(customer.groupClass) ? customer.groupClass : null;
}

/**
 * The default TMF priority (0 highest … 4) from tier and severity: critical → 0 for 3A and above
 * (rank ≥ 30: 3A, B, 4A, A, 5A) else 1; major → 1 for 3A and above else 2; minor → 3, or 4 without
 * a tier.
 *
 * @example
 * defaultPriority('5A', 'critical'); // 0
 * defaultPriority('2A', 'major'); // 2
 * defaultPriority(null, 'minor'); // 4
 */
export function defaultPriority(tier: string | null, severity: Severity): number {
  const high = tierRank(tier) >= 30;
  switch (severity) {
    case 'critical':
      return high ? 0 : 1;
    case 'major':
      return high ? 1 : 2;
    case 'minor':
      return tier === null ? 4 : 3;
  }
}

export type QueueEntry = { tierRank: number; nextTargetAt: Date | null; createdAt: Date };

/**
 * Queue comparator: tier rank descending, then the earliest target (least time left) first, with
 * no running clock last, then first come first served.
 *
 * @example
 * [b, a].sort(compareQueue) // 5A before 3A; among equals the nearer target first
 */
export function compareQueue(a: QueueEntry, b: QueueEntry): number {
  if (a.tierRank !== b.tierRank) return b.tierRank - a.tierRank;
  const at = a.nextTargetAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const bt = b.nextTargetAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (at !== bt) return at < bt ? -1 : 1;
  return a.createdAt.getTime() - b.createdAt.getTime();
}
