import { describe, expect, it } from 'vitest';
import { computeBreachCompensation, stepFor } from './breach.ts';
import { DEFAULT_SLA_SETTINGS } from './targets.ts';

const terms = DEFAULT_SLA_SETTINGS.compensation;

describe('stepFor (default steps: >0 10 %, >500 ppm 20 %, >1,000 30 %, >5,000 50 %)', () => {
  it.each([
    [0, null],
    [1, 10],
    [500, 10],
    [501, 20],
    [1_000, 20],
    [1_001, 30],
    [5_001, 50],
  ] as const)('shortfall %i ppm → %s %', (shortfall, percent) => {
    expect(stepFor(terms.availabilitySteps, shortfall)?.percent ?? null).toBe(percent);
  });
});

describe('computeBreachCompensation', () => {
  it.each([
    // fee, target, actual, restore breaches, availability fen, restore fen, total
    [1_000_000, 999_900, 998_611, 1, 300_000, 50_000, 350_000],
    [1_000_000, 999_900, 999_900, 0, 0, 0, 0],
    [1_000_000, 999_900, 999_899, 0, 100_000, 0, 100_000],
    [1_000_000, 999_500, 999_900, 2, 0, 100_000, 100_000],
    // 50 % + 12 × 5 % = 110 % → capped at 100 %: restore gets the remaining 50 %.
    [1_000_000, 999_900, 900_000, 12, 500_000, 500_000, 1_000_000],
    // half up to the fen: 10 % of 12,345 = 1,234.5 → 1,235; 5 % = 617.25 → 617
    [12_345, 999_900, 999_800, 1, 1_235, 617, 1_852],
    [0, 999_900, 0, 3, 0, 0, 0],
  ] as const)(
    'fee %i, target %i, actual %i, %i breaches → %i + %i = %i',
    (fee, target, actual, breaches, a, r, total) => {
      const out = computeBreachCompensation({
        terms,
        monthlyFeeFen: fee,
        targetAvailabilityPpm: target,
        availabilityPpm: actual,
        restoreBreaches: breaches,
      });
      expect(out.availability.amountFen).toBe(a);
      expect(out.restore.amountFen).toBe(r);
      expect(out.totalFen).toBe(total);
      expect(out.totalFen).toBeLessThanOrEqual(out.capFen);
    },
  );

  it('applies a lower cap', () => {
    const out = computeBreachCompensation({
      terms: { ...terms, capPercent: 25 },
      monthlyFeeFen: 200_000,
      targetAvailabilityPpm: 999_900,
      availabilityPpm: 990_000,
      restoreBreaches: 4,
    });
    expect(out.capFen).toBe(50_000);
    expect(out.availability.amountFen).toBe(50_000);
    expect(out.restore).toMatchObject({ rawAmountFen: 40_000, amountFen: 0 });
    expect(out.totalFen).toBe(50_000);
  });
});
