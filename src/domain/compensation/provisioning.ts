/**
 * Provisioning compensation (PRODUCT.md §5, seed 001): a line activated late earns the customer
 * overdue working days × the class's daily rate (5 % express and urgent, 2 % normal) of the line's
 * priced one-time fee, capped at the whole fee. Lines without a class (or cross-operator) earn none.
 */
import { PROVISIONING_CLASS_TABLE, type ProvisioningClass } from '../orders/provisioning-class.ts';
import { isFen, percentOfFen } from './money.ts';

export type ProvisioningCompensation = {
  amountFen: number;
  /** Percent of the one-time fee per overdue working day. */
  percentPerDay: number;
  overdueWorkingDays: number;
  /** The uncapped amount, and whether the cap (the whole fee) applied. */
  uncappedFen: number;
  capped: boolean;
};

/**
 * @example
 * provisioningCompensation({ provisioningClass: 'express', oneTimeFeeFen: 300_000, overdueWorkingDays: 3 });
 * // → { amountFen: 45_000, percentPerDay: 5, overdueWorkingDays: 3, uncappedFen: 45_000, capped: false }
 */
export function provisioningCompensation(input: {
  provisioningClass: ProvisioningClass | null;
  oneTimeFeeFen: number;
  overdueWorkingDays: number;
}): ProvisioningCompensation {
  const { provisioningClass, oneTimeFeeFen, overdueWorkingDays } = input;
  if (!isFen(oneTimeFeeFen))
    throw new RangeError(`oneTimeFeeFen must be whole non-negative fen: ${oneTimeFeeFen}`);
  if (!Number.isInteger(overdueWorkingDays) || overdueWorkingDays < 0) {
    throw new RangeError(`overdueWorkingDays must be a non-negative integer: ${overdueWorkingDays}`);
  }
  if (provisioningClass === null || overdueWorkingDays === 0) {
    return { amountFen: 0, percentPerDay: 0, overdueWorkingDays, uncappedFen: 0, capped: false };
  }
  const percentPerDay = PROVISIONING_CLASS_TABLE[provisioningClass].compensationPercentPerDay;
  const uncappedFen = percentOfFen(oneTimeFeeFen, percentPerDay * overdueWorkingDays, 100);
  const capped = uncappedFen > oneTimeFeeFen;
  return {
    amountFen: capped ? oneTimeFeeFen : uncappedFen,
    percentPerDay,
    overdueWorkingDays,
    uncappedFen,
    capped,
  };
}

/**
 * The priced one-time fee of a line: the list fee × the class's fee percent (150 / 130 / 100 %),
 * rounded half up to the fen; no class → the list fee.
 *
 * @example
 * pricedOneTimeFee(200_000, 'urgent'); // 260_000
 */
export function pricedOneTimeFee(listFeeFen: number, provisioningClass: ProvisioningClass | null): number {
  if (provisioningClass === null) return percentOfFen(listFeeFen, 1, 1);
  return percentOfFen(listFeeFen, PROVISIONING_CLASS_TABLE[provisioningClass].feePercent, 100);
}
