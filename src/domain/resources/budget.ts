/**
 * Per-level resource budgets (PRODUCT.md §4 "Resources"): which level's budgets an issue to a
 * customer draws on, whether the issue fits, what is left afterwards, how far a budget may be set
 * or adjusted. Pure: the service loads (and locks) the budget rows and applies the plan.
 *
 * A resource may have a budget per level for a month, a quarter and a year at once; an issue draws
 * on every one of them that contains the issue day (a monthly cap inside a yearly cap), and is
 * refused if any of them would be exceeded.
 */
import { DomainError } from '../errors.ts';
import { isGroupClass, isTier } from '../tiers/scheme.ts';
import type { BudgetLevel } from './kinds.ts';
import type { BudgetPeriod } from './periods.ts';

/** One budget row as the rules see it: `used` counts issues minus returns plus adjustments. */
export type BudgetState = {
  id: string;
  level: BudgetLevel;
  period: BudgetPeriod;
  periodKey: string;
  quantity: number;
  used: number;
};

/** What an accepted issue does: the level drawn and, per budget, what is left after it. */
export type IssuePlan = {
  level: BudgetLevel;
  draws: { budgetId: string; period: BudgetPeriod; periodKey: string; remainingAfter: number }[];
  /** The smallest remainder over the budgets drawn: how many more can be issued at this level. */
  remainingAfter: number;
};

export function remainingOf(budget: Pick<BudgetState, 'quantity' | 'used'>): number {
  return Math.max(0, budget.quantity - budget.used);
}

/**
 * The levels whose budgets may serve a customer, in order: its tier (1A–5A) first, then its group
 * class (A/B/C). The first of them that has a budget for the issue day is drawn.
 *
 * @example
 * budgetLevelsOf({ tier: '5A', groupClass: 'A' }); // ['5A', 'A']
 * budgetLevelsOf({ tier: null, groupClass: 'B' }); // ['B']
 * budgetLevelsOf({ tier: null, groupClass: null }); // []
 */
export function budgetLevelsOf(customer: { tier: string | null; groupClass: string | null }): BudgetLevel[] {
  const levels: BudgetLevel[] = [];
  if (isTier(customer.tier)) levels.push(customer.tier);
  if (isGroupClass(customer.groupClass)) levels.push(customer.groupClass);
  return levels;
}

const PERIOD_ADJECTIVE: Record<BudgetPeriod, string> = {
  month: 'monthly',
  quarter: 'quarterly',
  year: 'yearly',
};

/**
 * Plans issuing `quantity` of a resource to a customer whose candidate levels are `levels`, given
 * every budget of the resource that contains the issue day (`budgets`, any level). The first level
 * with a budget is drawn, on each of its budgets. Refused with BUDGET_EXCEEDED (409) when no level
 * has a budget (`remaining` 0) or when any budget drawn has less than `quantity` left
 * (`details.remaining` = the least left); with VALIDATION_FAILED naming `customerId` when the
 * customer has no tier or group class yet.
 *
 * @example
 * planIssue({ levels: ['5A'], quantity: 2, resource: '生日关怀电子券',
 *   budgets: [{ id: 'b1', level: '5A', period: 'month', periodKey: '2026-03', quantity: 10, used: 7 }] });
 * // → { level: '5A', draws: [{ budgetId: 'b1', period: 'month', periodKey: '2026-03', remainingAfter: 1 }], remainingAfter: 1 }
 * // with used: 9 → throws BUDGET_EXCEEDED, details { remaining: 1, requested: 2, level: '5A', … }
 */
export function planIssue(input: {
  levels: readonly BudgetLevel[];
  budgets: readonly BudgetState[];
  quantity: number;
  /** The resource's name, for the message. */
  resource: string;
}): IssuePlan {
  const { levels, budgets, quantity, resource } = input;
  if (levels.length === 0) {
    const message = 'The customer has no tier or group class yet, so no resource budget applies';
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'customerId', message }]);
  }
  const level = levels.find((l) => budgets.some((b) => b.level === l));
  if (level === undefined) {
    throw new DomainError(
      'BUDGET_EXCEEDED',
      `No budget of ${resource} for ${levels.join(' / ')} in the current period: 0 left, ${quantity} requested`,
      [],
      { remaining: 0, requested: quantity, level: levels[0], period: null, periodKey: null, budgetId: null },
    );
  }
  const drawn = budgets
    .filter((b) => b.level === level)
    .sort((a, b) => remainingOf(a) - remainingOf(b) || a.id.localeCompare(b.id));
  const tightest = drawn[0]!;
  const left = remainingOf(tightest);
  if (left < quantity) {
    throw new DomainError(
      'BUDGET_EXCEEDED',
      `Only ${left} left of the ${level} ${PERIOD_ADJECTIVE[tightest.period]} budget of ${resource} for ${tightest.periodKey} ` +
        `(${tightest.used} of ${tightest.quantity} used); ${quantity} requested`,
      [],
      {
        remaining: left,
        requested: quantity,
        level,
        period: tightest.period,
        periodKey: tightest.periodKey,
        budgetId: tightest.id,
        budget: tightest.quantity,
        used: tightest.used,
      },
    );
  }
  const draws = drawn.map((b) => ({
    budgetId: b.id,
    period: b.period,
    periodKey: b.periodKey,
    remainingAfter: remainingOf(b) - quantity,
  }));
  return { level, draws, remainingAfter: left - quantity };
}

/**
 * Checks a new budget quantity: a whole number ≥ 0 and not below what is already used (lowering a
 * budget never un-issues anything). Refused with CONFLICT naming `quantity`.
 *
 * @example
 * checkBudgetQuantity(20, 12); // ok
 * checkBudgetQuantity(10, 12); // throws CONFLICT: quantity 10 is below the 12 already used
 */
export function checkBudgetQuantity(quantity: number, used: number): void {
  if (!Number.isInteger(quantity) || quantity < 0) {
    const message = 'quantity must be a whole number, 0 or more';
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'quantity', message }]);
  }
  if (quantity < used) {
    const message = `quantity ${quantity} is below the ${used} already used; set at least ${used}`;
    throw new DomainError('CONFLICT', message, [{ field: 'quantity', message }], { used });
  }
}

/**
 * Checks an adjustment (盘点调整) of `delta` to a budget's `used`: non-zero, not below 0 used
 * (VALIDATION_FAILED naming `quantity`) and not past the budget (BUDGET_EXCEEDED with what is left).
 *
 * @example
 * planAdjustment({ quantity: 10, used: 4 }, 3);  // → 7 (the new used)
 * planAdjustment({ quantity: 10, used: 4 }, -5); // throws VALIDATION_FAILED (only 4 used)
 * planAdjustment({ quantity: 10, used: 4 }, 7);  // throws BUDGET_EXCEEDED (remaining 6)
 */
export function planAdjustment(budget: Pick<BudgetState, 'quantity' | 'used'>, delta: number): number {
  if (!Number.isInteger(delta) || delta === 0) {
    const message = 'an adjustment is a whole number other than 0 (negative gives quantity back)';
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'quantity', message }]);
  }
  const next = budget.used + delta;
  if (next < 0) {
    const message = `only ${budget.used} used; cannot give back ${-delta}`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'quantity', message }]);
  }
  if (next > budget.quantity) {
    const left = remainingOf(budget);
    throw new DomainError(
      'BUDGET_EXCEEDED',
      `Only ${left} left of the budget (${budget.used} of ${budget.quantity} used); ${delta} requested`,
      [],
      { remaining: left, requested: delta, budget: budget.quantity, used: budget.used },
    );
  }
  return next;
}
