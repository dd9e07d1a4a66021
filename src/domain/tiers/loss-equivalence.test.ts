import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  averageFen,
  computeEquivalents,
  computeLossEquivalence,
  computeSegmentAverages,
  DEFAULT_SEGMENT_AVERAGES,
  resolveSegmentAverages,
  SEED_EXAMPLE,
  type SegmentBillingMonth,
  validateSegmentAverages,
  validateSegmentBilling,
} from './loss-equivalence.ts';

/**
 * Seed 001 (中国电信大客户价值分析 3/3): "如果流失一个大客户,企业大约需要发展79个商业客户或338个公众客户
 * 来弥补收入损失". The seed states the two ratios only; a year of segment billing whose averages are
 * 641.77 and 150 yuan per customer and month, and a key account billing 50,700 yuan a month, give them.
 */
const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}-01`);
const SEGMENT_YEAR: SegmentBillingMonth[] = months.flatMap((month, i) => [
  // 1.2 million commercial customers, growing by 1,000 a month, 641.77 yuan each
  {
    segment: 'commercial',
    month,
    revenueFen: (1_200_000 + i * 1000) * 64_177,
    billedCustomers: 1_200_000 + i * 1000,
  },
  // 9 million public customers at 150 yuan each
  { segment: 'public', month, revenueFen: 9_000_000 * 15_000, billedCustomers: 9_000_000 },
]);

describe('loss equivalence with the seed’s numbers (PRODUCT.md §2)', () => {
  it('measured segment averages give one key account ≈ 79 commercial ≈ 338 public customers', () => {
    const measured = computeSegmentAverages(SEGMENT_YEAR);
    expect(measured.commercial).toMatchObject({ avgFen: 64_177, months: 12 });
    expect(measured.public).toEqual({
      avgFen: 15_000,
      months: 12,
      revenueFen: 12 * 9_000_000 * 15_000,
      customerMonths: 12 * 9_000_000,
    });
    const averages = resolveSegmentAverages({ source: 'measured' }, measured);
    expect(averages).toEqual(DEFAULT_SEGMENT_AVERAGES);
    const keyAccount = computeLossEquivalence(Array(12).fill(SEED_EXAMPLE.keyAccountAvgFen), averages);
    expect(keyAccount).toMatchObject({
      avgMonthlyRevenueFen: 5_070_000,
      commercialEquivalent: SEED_EXAMPLE.commercialEquivalent,
      publicEquivalent: SEED_EXAMPLE.publicEquivalent,
      months: 12,
    });
  });

  it('the defaults reproduce the seed: 50,700 ÷ 641.77 ≈ 79, 50,700 ÷ 150 = 338', () => {
    expect(computeEquivalents(5_070_000, DEFAULT_SEGMENT_AVERAGES)).toEqual({
      commercialEquivalent: 79,
      publicEquivalent: 338,
    });
    // the seed's two ratios say a commercial customer bills 338 / 79 ≈ 4.28 public customers' revenue
    expect(DEFAULT_SEGMENT_AVERAGES.commercialAvgFen / DEFAULT_SEGMENT_AVERAGES.publicAvgFen).toBeCloseTo(
      338 / 79,
      2,
    );
  });

  it('weights the average by customer-months, not by months', () => {
    const measured = computeSegmentAverages([
      { segment: 'commercial', month: '2026-01-01', revenueFen: 100 * 60_000, billedCustomers: 100 },
      { segment: 'commercial', month: '2026-02-01', revenueFen: 300 * 70_000, billedCustomers: 300 },
    ]);
    expect(measured.commercial.avgFen).toBe(67_500); // not (60,000 + 70,000) / 2
    expect(measured.public).toEqual({ avgFen: null, months: 0, revenueFen: 0, customerMonths: 0 });
  });

  it('rounds half up to the whole fen, exactly', () => {
    expect(averageFen(5, 2)).toBe(3);
    expect(averageFen(7, 3)).toBe(2);
    expect(averageFen(9_007_199_254_740_991, 2)).toBe(4_503_599_627_370_496);
    expect(averageFen(0, 0)).toBeNull();
  });

  it('months without billing are not read as zero revenue', () => {
    expect(computeLossEquivalence([], DEFAULT_SEGMENT_AVERAGES)).toMatchObject({
      avgMonthlyRevenueFen: null,
      commercialEquivalent: null,
      publicEquivalent: null,
      months: 0,
    });
    expect(computeEquivalents(5_070_000, { commercialAvgFen: null, publicAvgFen: 15_000 })).toEqual({
      commercialEquivalent: null,
      publicEquivalent: 338,
    });
  });
});

describe('resolveSegmentAverages', () => {
  const measured = computeSegmentAverages(SEGMENT_YEAR);
  const issues = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof DomainError) return e.errors;
      throw e;
    }
    throw new Error('did not throw');
  };

  it('takes typed figures', () => {
    expect(
      resolveSegmentAverages({ source: 'manual', commercialAvgFen: 50_000, publicAvgFen: 10_000 }, measured),
    ).toEqual({ commercialAvgFen: 50_000, publicAvgFen: 10_000 });
  });

  it('names the missing, non-positive or superfluous field', () => {
    expect(
      issues(() => resolveSegmentAverages({ source: 'manual', publicAvgFen: 10_000 }, measured)),
    ).toEqual([{ field: 'commercialAvgFen', message: "required with source 'manual'" }]);
    expect(
      issues(() =>
        resolveSegmentAverages({ source: 'manual', commercialAvgFen: 0, publicAvgFen: 1 }, measured),
      ),
    ).toEqual([{ field: 'commercialAvgFen', message: 'a positive whole number of fen' }]);
    expect(
      issues(() => resolveSegmentAverages({ source: 'measured', publicAvgFen: 1 }, measured)).map(
        (i) => i.field,
      ),
    ).toEqual(['publicAvgFen']);
  });

  it('refuses to adopt a segment without billing', () => {
    const onlyCommercial = computeSegmentAverages(SEGMENT_YEAR.filter((r) => r.segment === 'commercial'));
    expect(issues(() => resolveSegmentAverages({ source: 'measured' }, onlyCommercial))).toEqual([
      { field: 'source', message: 'no billing of the public segment in the period to measure' },
    ]);
  });

  it('validateSegmentAverages', () => {
    expect(validateSegmentAverages({ commercialAvgFen: 64_177, publicAvgFen: 1.5 })).toEqual([
      { field: 'publicAvgFen', message: 'a positive whole number of fen' },
    ]);
  });
});

describe('validateSegmentBilling', () => {
  const row = (over: Partial<SegmentBillingMonth> = {}): SegmentBillingMonth => ({
    segment: 'public',
    month: '2026-02-01',
    revenueFen: 150_000,
    billedCustomers: 10,
    ...over,
  });

  it('accepts months up to the current one', () => {
    expect(
      validateSegmentBilling(
        [row(), row({ segment: 'commercial' }), row({ month: '2026-03-01' })],
        '2026-03-01',
      ),
    ).toEqual([]);
  });

  it('names each bad field by row', () => {
    expect(
      validateSegmentBilling(
        [
          row({ month: '2026-02-15' }),
          row({ month: '2026-04-01' }),
          row({ revenueFen: 1.5, billedCustomers: 0 }),
          row({ segment: 'vip' as never }),
          row(),
        ],
        '2026-03-01',
      ),
    ).toEqual([
      { field: 'rows[0].month', message: 'the first day of a month (YYYY-MM-01)' },
      { field: 'rows[1].month', message: 'a billed month, not after 2026-03' },
      { field: 'rows[2].revenueFen', message: 'a whole, non-negative number of fen' },
      { field: 'rows[2].billedCustomers', message: 'at least one billed customer' },
      { field: 'rows[3].segment', message: "'commercial' or 'public'" },
      { field: 'rows[4].month', message: 'the same segment and month as rows[2]' },
    ]);
  });
});
