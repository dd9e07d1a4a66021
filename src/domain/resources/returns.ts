/**
 * Returning issued resources (退回, PRODUCT.md §4 "Resources"): an issue may be returned in one or
 * several parts, never more than was issued; a return gives the quantity back to the budgets the
 * issue drew on. Pure.
 */
import { DomainError } from '../errors.ts';

/**
 * How many to return of an issue of `issued` of which `returned` already came back: `requested`,
 * or everything still out when not given. Refused with CONFLICT when nothing is left to return,
 * with VALIDATION_FAILED naming `quantity` when more is asked than is out.
 *
 * @example
 * planReturn({ issued: 5, returned: 2 });               // → 3
 * planReturn({ issued: 5, returned: 2, requested: 1 }); // → 1
 * planReturn({ issued: 5, returned: 2, requested: 4 }); // throws VALIDATION_FAILED: at most 3
 * planReturn({ issued: 5, returned: 5 });               // throws CONFLICT: already returned
 */
export function planReturn(input: {
  issued: number;
  returned: number;
  requested?: number | undefined;
}): number {
  const out = input.issued - input.returned;
  if (out <= 0) {
    throw new DomainError('CONFLICT', `All ${input.issued} issued have already been returned`, [], {
      issued: input.issued,
      returned: input.returned,
    });
  }
  const requested = input.requested ?? out;
  if (!Number.isInteger(requested) || requested < 1) {
    const message = 'quantity must be a whole number, 1 or more';
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'quantity', message }]);
  }
  if (requested > out) {
    const message = `at most ${out} can be returned (${input.issued} issued, ${input.returned} returned)`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'quantity', message }], {
      returnable: out,
    });
  }
  return requested;
}

/**
 * The amount in fen of `quantity` at `unitCostFen` (integers, never floats).
 *
 * @example
 * amountOf(3, 5_000); // 15000
 */
export function amountOf(quantity: number, unitCostFen: number): number {
  return quantity * unitCostFen;
}
