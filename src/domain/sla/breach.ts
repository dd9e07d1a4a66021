/**
 * Compensation for a breached month of an SLA commitment (PRODUCT.md §6: "the amount follows the
 * agreement"). The agreement's terms say, per covered circuit, its monthly fee in fen, and:
 * - availability: the shortfall below the target (ppm) picks the highest step whose
 *   `shortfallAbovePpm` it exceeds; that step's percent of the monthly fee is owed;
 * - restore: `restorePercentPerBreach` × the number of outages restored later than the target;
 * - cap: `capPercent` of the monthly fee for both together (availability first, restore gets the rest).
 * Each amount is `percentOfFen` (half up to the fen, src/domain/compensation/money.ts); the cap
 * applies after rounding.
 */
import { percentOfFen } from '../compensation/money.ts';
import type { AvailabilityStep, CompensationDefaults } from './targets.ts';

/** The terms stored on an SLA commitment version: the step table and each covered circuit's monthly fee. */
export type CompensationTerms = CompensationDefaults & { monthlyFeesFen: Record<string, number> };

export type BreachCompensation = {
  monthlyFeeFen: number;
  capFen: number;
  availability: {
    targetPpm: number;
    actualPpm: number;
    shortfallPpm: number;
    step: AvailabilityStep | null;
    percent: number;
    amountFen: number;
  };
  restore: {
    breaches: number;
    percentPerBreach: number;
    percent: number;
    /** Before the cap. */
    rawAmountFen: number;
    amountFen: number;
  };
  totalFen: number;
};

/**
 * The availability step a shortfall reaches (null: none, e.g. no shortfall).
 *
 * @example
 * stepFor(DEFAULT_SLA_SETTINGS.compensation.availabilitySteps, 600); // { shortfallAbovePpm: 500, percent: 20 }
 */
export function stepFor(steps: readonly AvailabilityStep[], shortfallPpm: number): AvailabilityStep | null {
  let found: AvailabilityStep | null = null;
  for (const s of steps) if (shortfallPpm > s.shortfallAbovePpm) found = s;
  return found;
}

/**
 * The compensation owed for one circuit's month (PRODUCT.md §6).
 *
 * @example
 * // Fee ¥10,000.00; AAA target 999,900 ppm, measured 998,611 (shortfall 1,289 → 30 %); 1 restore breach (5 %).
 * computeBreachCompensation({ terms, monthlyFeeFen: 1_000_000, targetAvailabilityPpm: 999_900,
 *   availabilityPpm: 998_611, restoreBreaches: 1 });
 * // → availability 300,000 fen, restore 50,000 fen, total 350,000 fen
 */
export function computeBreachCompensation(input: {
  terms: CompensationDefaults;
  monthlyFeeFen: number;
  targetAvailabilityPpm: number;
  availabilityPpm: number;
  restoreBreaches: number;
}): BreachCompensation {
  const { terms, monthlyFeeFen } = input;
  const capFen = percentOfFen(monthlyFeeFen, terms.capPercent, 100);
  const shortfallPpm = Math.max(0, input.targetAvailabilityPpm - input.availabilityPpm);
  const step = stepFor(terms.availabilitySteps, shortfallPpm);
  const availabilityPercent = step?.percent ?? 0;
  const availabilityFen = Math.min(capFen, percentOfFen(monthlyFeeFen, availabilityPercent, 100));
  const breaches = Math.max(0, input.restoreBreaches);
  const restorePercent = terms.restorePercentPerBreach * breaches;
  const rawRestoreFen = percentOfFen(monthlyFeeFen, restorePercent, 100);
  const restoreFen = Math.min(capFen - availabilityFen, rawRestoreFen);
  return {
    monthlyFeeFen,
    capFen,
    availability: {
      targetPpm: input.targetAvailabilityPpm,
      actualPpm: input.availabilityPpm,
      shortfallPpm,
      step,
      percent: availabilityPercent,
      amountFen: availabilityFen,
    },
    restore: {
      breaches,
      percentPerBreach: terms.restorePercentPerBreach,
      percent: restorePercent,
      rawAmountFen: rawRestoreFen,
      amountFen: restoreFen,
    },
    totalFen: availabilityFen + restoreFen,
  };
}
