/**
 * Loss equivalence (PRODUCT.md §2): losing one key account costs as much revenue as losing N
 * commercial or M public customers (seed 001: one key account ≈ 79 commercial ≈ 338 public
 * customers). Pure: the caller passes the customer's monthly revenues and the segment averages.
 */
import type { FieldIssue } from '../errors.ts';

/** Average monthly revenue of the two mass-market segments, in fen (an admin setting). */
export type SegmentAverages = { commercialAvgFen: number; publicAvgFen: number };

/**
 * Defaults that reproduce the seed's example: a public customer bills 150 yuan a month, a
 * commercial customer 641.77 yuan, so a key account billing 50,700 yuan a month equals 79
 * commercial or 338 public customers.
 */
export const DEFAULT_SEGMENT_AVERAGES: SegmentAverages = { commercialAvgFen: 64_177, publicAvgFen: 15_000 };

export type LossEquivalence = {
  /** The customer's average monthly revenue over the months given; null without billing. */
  avgMonthlyRevenueFen: number | null;
  commercialEquivalent: number | null;
  publicEquivalent: number | null;
  commercialAvgFen: number;
  publicAvgFen: number;
  months: number;
};

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * The customer's average monthly revenue divided by each segment's average, to one decimal.
 * Months without billing are not counted (never read as zero revenue).
 *
 * @example
 * computeLossEquivalence(Array(12).fill(5_070_000), DEFAULT_SEGMENT_AVERAGES)
 * // → { avgMonthlyRevenueFen: 5070000, commercialEquivalent: 79, publicEquivalent: 338, months: 12, … }
 */
export function computeLossEquivalence(
  monthlyRevenuesFen: readonly number[],
  averages: SegmentAverages,
): LossEquivalence {
  const months = monthlyRevenuesFen.length;
  const base = { ...averages, months };
  if (months === 0) {
    return { ...base, avgMonthlyRevenueFen: null, commercialEquivalent: null, publicEquivalent: null };
  }
  const avg = Math.round(monthlyRevenuesFen.reduce((sum, fen) => sum + fen, 0) / months);
  return {
    ...base,
    avgMonthlyRevenueFen: avg,
    commercialEquivalent: round1(avg / averages.commercialAvgFen),
    publicEquivalent: round1(avg / averages.publicAvgFen),
  };
}

/**
 * Checks segment averages: positive integer fen each.
 *
 * @example
 * validateSegmentAverages({ commercialAvgFen: 0, publicAvgFen: 15000 })
 * // → [{ field: 'commercialAvgFen', message: 'a positive whole number of fen' }]
 */
export function validateSegmentAverages(averages: SegmentAverages): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of ['commercialAvgFen', 'publicAvgFen'] as const) {
    const v = averages[field];
    if (!Number.isSafeInteger(v) || v <= 0) issues.push({ field, message: 'a positive whole number of fen' });
  }
  return issues;
}
