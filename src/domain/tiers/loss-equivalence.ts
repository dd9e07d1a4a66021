/**
 * Loss equivalence (PRODUCT.md §2): losing one key account costs as much revenue as losing N
 * commercial or M public customers (seed 001: "流失一个大客户,企业大约需要发展79个商业客户或338个
 * 公众客户来弥补收入损失"). N = the key account's average monthly revenue ÷ the commercial
 * segment's average monthly revenue per customer; M likewise with the public segment. The seed
 * gives only the two ratios; the segment averages are measured from the segments' billing totals
 * or set by an administrator. Pure: the caller passes revenues, totals and settings.
 */
import { isFen, percentOfFen } from '../compensation/money.ts';
import { DomainError, type FieldIssue } from '../errors.ts';

/** Average monthly revenue of the two mass-market segments, in fen (an admin setting). */
export type SegmentAverages = { commercialAvgFen: number; publicAvgFen: number };

/** The two mass-market segments the seed compares a key account with (商业客户, 公众客户). */
export type Segment = 'commercial' | 'public';
export const SEGMENTS: readonly Segment[] = ['commercial', 'public'];

/**
 * Defaults that reproduce the seed's ratios. The seed states only "≈ 79 commercial ≈ 338 public";
 * these yuan figures are chosen to give exactly those ratios: a key account billing 50,700 yuan a
 * month ÷ 641.77 yuan (commercial) ≈ 79, ÷ 150 yuan (public) = 338. Measured figures replace them.
 */
export const DEFAULT_SEGMENT_AVERAGES: SegmentAverages = { commercialAvgFen: 64_177, publicAvgFen: 15_000 };

/** The worked example shown beside the formula: the seed's ratios and the defaults' key account. */
export const SEED_EXAMPLE = {
  keyAccountAvgFen: 5_070_000,
  commercialEquivalent: 79,
  publicEquivalent: 338,
} as const;

export type LossEquivalence = {
  /** The customer's average monthly revenue over the months given; null without billing. */
  avgMonthlyRevenueFen: number | null;
  commercialEquivalent: number | null;
  publicEquivalent: number | null;
  commercialAvgFen: number;
  publicAvgFen: number;
  months: number;
};

export type Equivalents = { commercialEquivalent: number | null; publicEquivalent: number | null };

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * `totalFen ÷ count`, half up to the whole fen (exact, BigInt); null when `count` is 0.
 *
 * @example
 * averageFen(1_283_540, 20) // 64177
 * averageFen(0, 0)          // null
 */
export function averageFen(totalFen: number, count: number): number | null {
  if (count === 0) return null;
  return percentOfFen(totalFen, 1, count);
}

/**
 * How many customers of each segment a monthly revenue equals, to one decimal; null where the
 * revenue or the segment's average is unknown.
 *
 * @example
 * computeEquivalents(5_070_000, { commercialAvgFen: 64_177, publicAvgFen: 15_000 })
 * // → { commercialEquivalent: 79, publicEquivalent: 338 }
 */
export function computeEquivalents(
  avgMonthlyRevenueFen: number | null,
  averages: { commercialAvgFen: number | null; publicAvgFen: number | null },
): Equivalents {
  const ratio = (segmentAvg: number | null) =>
    avgMonthlyRevenueFen === null || segmentAvg === null || segmentAvg <= 0
      ? null
      : round1(avgMonthlyRevenueFen / segmentAvg);
  return {
    commercialEquivalent: ratio(averages.commercialAvgFen),
    publicEquivalent: ratio(averages.publicAvgFen),
  };
}

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
  const avg = averageFen(
    monthlyRevenuesFen.reduce((sum, fen) => sum + fen, 0),
    months,
  );
  return {
    commercialAvgFen: averages.commercialAvgFen,
    publicAvgFen: averages.publicAvgFen,
    months,
    avgMonthlyRevenueFen: avg,
    ...computeEquivalents(avg, averages),
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

/** One month of a mass-market segment's billing totals, from the operator's billing system. */
export type SegmentBillingMonth = {
  segment: Segment;
  /** First day of the month, YYYY-MM-01. */
  month: string;
  /** Revenue billed to the whole segment that month, fen. */
  revenueFen: number;
  /** Customers of the segment billed that month. */
  billedCustomers: number;
};

/** A segment's average monthly revenue per customer, measured over some months of billing. */
export type MeasuredAverage = {
  /** Σ revenue ÷ Σ billed customers (revenue per customer-month), half up to the fen; null without billing. */
  avgFen: number | null;
  /** Months with billing counted. */
  months: number;
  revenueFen: number;
  /** Σ customers billed over the months. */
  customerMonths: number;
};

/**
 * Each segment's actual average monthly revenue per customer over the months given (PRODUCT.md
 * §2): the segment's total revenue over those months ÷ its customer-months, half up to the fen.
 * Months missing for a segment are not counted; a segment without any month has `avgFen` null.
 *
 * @example
 * computeSegmentAverages([
 *   { segment: 'commercial', month: '2026-01-01', revenueFen: 64_177_000_000, billedCustomers: 1_000_000 },
 *   { segment: 'public', month: '2026-01-01', revenueFen: 150_000_000_000, billedCustomers: 10_000_000 },
 * ])
 * // → { commercial: { avgFen: 64177, months: 1, … }, public: { avgFen: 15000, months: 1, … } }
 */
export function computeSegmentAverages(
  rows: readonly SegmentBillingMonth[],
): Record<Segment, MeasuredAverage> {
  const measure = (segment: Segment): MeasuredAverage => {
    const own = rows.filter((r) => r.segment === segment);
    const revenueFen = own.reduce((s, r) => s + r.revenueFen, 0);
    const customerMonths = own.reduce((s, r) => s + r.billedCustomers, 0);
    return { avgFen: averageFen(revenueFen, customerMonths), months: own.length, revenueFen, customerMonths };
  };
  return { commercial: measure('commercial'), public: measure('public') };
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])-01$/;

/**
 * Problems of segment billing rows to store, each naming `rows[i].<field>`: a known segment, a
 * month given as its first day and not after `currentMonth`, revenue whole non-negative fen,
 * at least one billed customer, and no (segment, month) twice.
 *
 * @example
 * validateSegmentBilling([{ segment: 'public', month: '2026-01-15', revenueFen: 1, billedCustomers: 1 }], '2026-03-01')
 * // → [{ field: 'rows[0].month', message: 'the first day of a month (YYYY-MM-01)' }]
 */
export function validateSegmentBilling(
  rows: readonly SegmentBillingMonth[],
  currentMonth: string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const at = (field: string, message: string) => issues.push({ field: `rows[${i}].${field}`, message });
    if (!SEGMENTS.includes(row.segment)) at('segment', "'commercial' or 'public'");
    if (!MONTH_RE.test(row.month)) at('month', 'the first day of a month (YYYY-MM-01)');
    else if (row.month > currentMonth) at('month', `a billed month, not after ${currentMonth.slice(0, 7)}`);
    if (!isFen(row.revenueFen)) at('revenueFen', 'a whole, non-negative number of fen');
    if (!Number.isSafeInteger(row.billedCustomers) || row.billedCustomers < 1) {
      at('billedCustomers', 'at least one billed customer');
    }
    const key = `${row.segment}|${row.month}`;
    const first = seen.get(key);
    if (first !== undefined) at('month', `the same segment and month as rows[${first}]`);
    else seen.set(key, i);
  });
  return issues;
}

/** Where the configured averages come from: the shipped defaults, typed in, or adopted from billing. */
export type SegmentAveragesSource = 'default' | 'manual' | 'measured';

/** An administrator's change: type both figures in, or adopt the measured ones. */
export type SegmentAveragesChange = {
  source: 'manual' | 'measured';
  commercialAvgFen?: number | undefined;
  publicAvgFen?: number | undefined;
};

/**
 * The averages an administrator's change sets: the typed figures (`manual`, both required and
 * positive) or the measured ones (`measured`, each segment must have billing in the period);
 * throws VALIDATION_FAILED naming the field otherwise.
 *
 * @example
 * resolveSegmentAverages({ source: 'measured' }, computeSegmentAverages(rows)) // → { commercialAvgFen: 64177, publicAvgFen: 15000 }
 */
export function resolveSegmentAverages(
  change: SegmentAveragesChange,
  measured: Record<Segment, MeasuredAverage>,
): SegmentAverages {
  const issues: FieldIssue[] = [];
  let averages: SegmentAverages;
  if (change.source === 'measured') {
    for (const field of ['commercialAvgFen', 'publicAvgFen'] as const) {
      if (change[field] !== undefined) {
        issues.push({ field, message: "leave out with source 'measured': the measured figure is used" });
      }
    }
    for (const segment of SEGMENTS) {
      if (measured[segment].avgFen === null) {
        issues.push({
          field: 'source',
          message: `no billing of the ${segment} segment in the period to measure`,
        });
      }
    }
    averages = {
      commercialAvgFen: measured.commercial.avgFen ?? 0,
      publicAvgFen: measured.public.avgFen ?? 0,
    };
  } else {
    for (const field of ['commercialAvgFen', 'publicAvgFen'] as const) {
      if (change[field] === undefined) issues.push({ field, message: "required with source 'manual'" });
    }
    averages = { commercialAvgFen: change.commercialAvgFen ?? 0, publicAvgFen: change.publicAvgFen ?? 0 };
    if (issues.length === 0) issues.push(...validateSegmentAverages(averages));
  }
  if (issues.length > 0) throw new DomainError('VALIDATION_FAILED', 'Invalid segment averages', issues);
  return averages;
}
