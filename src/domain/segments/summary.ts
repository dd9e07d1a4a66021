/**
 * Analysis by industry and by region (PRODUCT.md §3): per group the number of customers, average
 * total value score and satisfaction, 12-month revenue, and counts per tier and per
 * value × satisfaction quadrant. Pure.
 */
import { classify, pointFor, type Quadrant, type SegmentFacts, type SegmentThresholds } from './matrix.ts';

export type SummaryCustomer = SegmentFacts & {
  industry: string;
  regionCode: string;
  tier: string | null;
  revenue12mFen: number;
};

export type SummaryGroup = {
  key: string;
  customers: number;
  /** Averages over the customers that have the value; null when none has. */
  avgTotal: number | null;
  avgSatisfaction: number | null;
  revenue12mFen: number;
  /** Per tier '1A'…'5A', and 'none' for customers without a tier. */
  tiers: Record<string, number>;
  /** value × satisfaction quadrants, plus `missing` for customers lacking either value. */
  quadrants: Record<Quadrant | 'missing', number>;
};

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * Groups customers by industry or region, largest revenue first.
 *
 * @example
 * summariseSegments([{ industry: 'I', regionCode: 'GD', tier: '5A', total: 80, satisfaction: 90,
 *   competitorSatisfaction: null, walletShare: null, revenue12mFen: 100 }], 'industry', DEFAULT_THRESHOLDS)
 * // → [{ key: 'I', customers: 1, avgTotal: 80, …, quadrants: { highHigh: 1, … } }]
 */
export function summariseSegments(
  rows: readonly SummaryCustomer[],
  by: 'industry' | 'region',
  thresholds: SegmentThresholds,
): SummaryGroup[] {
  type Acc = SummaryGroup & { totalSum: number; totalN: number; satSum: number; satN: number };
  const groups = new Map<string, Acc>();
  for (const row of rows) {
    const key = by === 'industry' ? row.industry : row.regionCode;
    let g = groups.get(key);
    if (!g) {
      g = {
        key,
        customers: 0,
        avgTotal: null,
        avgSatisfaction: null,
        revenue12mFen: 0,
        tiers: {},
        quadrants: { highHigh: 0, highLow: 0, lowHigh: 0, lowLow: 0, missing: 0 },
        totalSum: 0,
        totalN: 0,
        satSum: 0,
        satN: 0,
      };
      groups.set(key, g);
    }
    g.customers += 1;
    g.revenue12mFen += row.revenue12mFen;
    if (row.total !== null) {
      g.totalSum += row.total;
      g.totalN += 1;
    }
    if (row.satisfaction !== null) {
      g.satSum += row.satisfaction;
      g.satN += 1;
    }
    const tier = row.tier ?? 'none';
    g.tiers[tier] = (g.tiers[tier] ?? 0) + 1;
    const point = pointFor('valueSatisfaction', row);
    g.quadrants[point ? classify('valueSatisfaction', point, thresholds) : 'missing'] += 1;
  }
  return [...groups.values()]
    .map(({ totalSum, totalN, satSum, satN, ...g }) => ({
      ...g,
      avgTotal: totalN > 0 ? round1(totalSum / totalN) : null,
      avgSatisfaction: satN > 0 ? round1(satSum / satN) : null,
    }))
    .sort((a, b) => b.revenue12mFen - a.revenue12mFen || a.key.localeCompare(b.key));
}
