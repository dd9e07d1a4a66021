import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  type BudgetState,
  budgetLevelsOf,
  checkBudgetQuantity,
  planAdjustment,
  planIssue,
} from './budget.ts';
import { BUDGET_LEVELS, isBudgetLevel, isResourceKind } from './kinds.ts';

const budget = (over: Partial<BudgetState> & { id: string }): BudgetState => ({
  level: '5A',
  period: 'month',
  periodKey: '2026-03',
  quantity: 10,
  used: 0,
  ...over,
});

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('levels of a customer', () => {
  it.each([
    [{ tier: '5A', groupClass: 'A' }, ['5A', 'A']],
    [{ tier: '3A', groupClass: null }, ['3A']],
    [{ tier: null, groupClass: 'C' }, ['C']],
    [{ tier: null, groupClass: null }, []],
    [{ tier: '6A', groupClass: 'D' }, []],
  ])('%o → %o', (customer, levels) => {
    expect(budgetLevelsOf(customer)).toEqual(levels);
  });

  it('knows tiers and group classes as budget levels, and the seed 004 resource kinds', () => {
    expect(BUDGET_LEVELS).toEqual(['1A', '2A', '3A', '4A', '5A', 'A', 'B', 'C']);
    expect(isBudgetLevel('B')).toBe(true);
    expect(isBudgetLevel('basic')).toBe(false);
    expect(['gift', 'voucher', 'consumable', 'spare_equipment'].every(isResourceKind)).toBe(true);
    expect(isResourceKind('points')).toBe(false);
  });
});

describe('planning an issue', () => {
  const resource = '生日关怀电子券';

  it('draws the tier budget and says what is left', () => {
    const plan = planIssue({
      levels: ['5A'],
      quantity: 2,
      resource,
      budgets: [budget({ id: 'b1', used: 7 })],
    });
    expect(plan).toEqual({
      level: '5A',
      draws: [{ budgetId: 'b1', period: 'month', periodKey: '2026-03', remainingAfter: 1 }],
      remainingAfter: 1,
    });
  });

  it('issues exactly up to the budget', () => {
    expect(
      planIssue({ levels: ['5A'], quantity: 3, resource, budgets: [budget({ id: 'b1', used: 7 })] })
        .remainingAfter,
    ).toBe(0);
  });

  it('refuses over budget with what is left', () => {
    const e = caught(() =>
      planIssue({ levels: ['5A'], quantity: 2, resource, budgets: [budget({ id: 'b1', used: 9 })] }),
    );
    expect(e.code).toBe('BUDGET_EXCEEDED');
    expect(e.details).toMatchObject({
      remaining: 1,
      requested: 2,
      level: '5A',
      periodKey: '2026-03',
      budget: 10,
      used: 9,
    });
    expect(e.message).toContain('Only 1 left');
  });

  it('draws every period that contains the day: the tightest one decides', () => {
    const budgets = [
      budget({ id: 'm', quantity: 10, used: 2 }),
      budget({ id: 'y', period: 'year', periodKey: '2026', quantity: 100, used: 97 }),
    ];
    const plan = planIssue({ levels: ['5A'], quantity: 3, resource, budgets });
    expect(plan.draws.map((d) => [d.budgetId, d.remainingAfter])).toEqual([
      ['y', 0],
      ['m', 5],
    ]);
    expect(plan.remainingAfter).toBe(0);
    const e = caught(() => planIssue({ levels: ['5A'], quantity: 4, resource, budgets }));
    expect(e.details).toMatchObject({ remaining: 3, period: 'year', periodKey: '2026' });
  });

  it('uses the tier first, the group class when the tier has no budget', () => {
    const budgets = [budget({ id: 'a', level: 'A', used: 1 }), budget({ id: 't', level: '4A', used: 0 })];
    expect(planIssue({ levels: ['4A', 'A'], quantity: 1, resource, budgets }).level).toBe('4A');
    expect(planIssue({ levels: ['3A', 'A'], quantity: 1, resource, budgets }).level).toBe('A');
  });

  it('ignores other levels’ budgets', () => {
    const budgets = [budget({ id: 'x', level: '3A' })];
    const e = caught(() => planIssue({ levels: ['5A'], quantity: 1, resource, budgets }));
    expect(e.code).toBe('BUDGET_EXCEEDED');
    expect(e.details).toMatchObject({ remaining: 0, level: '5A', budgetId: null });
  });

  it('refuses a customer without a tier, naming customerId', () => {
    const e = caught(() => planIssue({ levels: [], quantity: 1, resource, budgets: [budget({ id: 'b' })] }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.errors[0]!.field).toBe('customerId');
  });
});

describe('setting and adjusting a budget', () => {
  it('accepts a quantity at or above what is used', () => {
    expect(() => checkBudgetQuantity(12, 12)).not.toThrow();
    expect(() => checkBudgetQuantity(0, 0)).not.toThrow();
  });

  it('refuses below what is used (409) and negatives (400), naming quantity', () => {
    const below = caught(() => checkBudgetQuantity(10, 12));
    expect(below.code).toBe('CONFLICT');
    expect(below.errors[0]!.field).toBe('quantity');
    expect(below.details).toEqual({ used: 12 });
    const negative = caught(() => checkBudgetQuantity(-1, 0));
    expect(negative.code).toBe('VALIDATION_FAILED');
    expect(caught(() => checkBudgetQuantity(1.5, 0)).code).toBe('VALIDATION_FAILED');
  });

  it('adjusts used within 0 … quantity', () => {
    expect(planAdjustment({ quantity: 10, used: 4 }, 3)).toBe(7);
    expect(planAdjustment({ quantity: 10, used: 4 }, -4)).toBe(0);
    expect(planAdjustment({ quantity: 10, used: 4 }, 6)).toBe(10);
    expect(caught(() => planAdjustment({ quantity: 10, used: 4 }, -5)).errors[0]!.field).toBe('quantity');
    expect(caught(() => planAdjustment({ quantity: 10, used: 4 }, 0)).code).toBe('VALIDATION_FAILED');
    const over = caught(() => planAdjustment({ quantity: 10, used: 4 }, 7));
    expect(over.code).toBe('BUDGET_EXCEEDED');
    expect(over.details).toMatchObject({ remaining: 6 });
  });
});
