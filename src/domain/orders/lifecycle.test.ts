import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCalendar } from '../calendar/calendar.ts';
import { assertSchedule, calendarDataOf, parseScheduleJson } from '../calendar/schedule.ts';
import { provisioningCompensation } from '../compensation/provisioning.ts';
import { DomainError } from '../errors.ts';
import {
  allowedOrderStates,
  assertActivatable,
  assertDeliverable,
  assertOrderWorkable,
  orderStateFromLines,
  overdueWorkingDays,
  planMilestone,
  planOrderStateChange,
} from './lifecycle.ts';

const cal = buildCalendar(
  calendarDataOf(
    ['2025', '2026'].map((y) =>
      assertSchedule(
        parseScheduleJson(
          JSON.parse(
            readFileSync(
              fileURLToPath(new URL(`../../../data/calendars/${y}.json`, import.meta.url)),
              'utf8',
            ),
          ),
        ),
      ),
    ),
  ),
);

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'other';
  }
  return null;
};

describe('order states (TMF622)', () => {
  it('allows the manual moves and refuses the rest with 409', () => {
    expect(allowedOrderStates('acknowledged', false)).toEqual([
      'inProgress',
      'pending',
      'held',
      'cancelled',
      'rejected',
    ]);
    expect(allowedOrderStates('inProgress', true)).toEqual(['pending', 'held', 'failed']);
    expect(planOrderStateChange('acknowledged', 'inProgress', null, false)).toEqual({
      from: 'acknowledged',
      to: 'inProgress',
      reason: null,
    });
    expect(codeOf(() => planOrderStateChange('inProgress', 'completed', null, false))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(codeOf(() => planOrderStateChange('completed', 'inProgress', null, false))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(codeOf(() => planOrderStateChange('inProgress', 'rejected', 'x', false))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(codeOf(() => planOrderStateChange('inProgress', 'cancelled', 'x', true))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(codeOf(() => planOrderStateChange('acknowledged', 'cancelled', '  ', false))).toBe(
      'VALIDATION_FAILED',
    );
    expect(planOrderStateChange('held', 'cancelled', ' 客户撤单 ', false).reason).toBe('客户撤单');
  });

  it('lines progress only while the order is acknowledged or in progress', () => {
    expect(codeOf(() => assertOrderWorkable('inProgress'))).toBeNull();
    expect(codeOf(() => assertOrderWorkable('held'))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => assertOrderWorkable('cancelled'))).toBe('ILLEGAL_TRANSITION');
  });

  it('completes from the lines', () => {
    expect(orderStateFromLines(['completed', 'cancelled'])).toBe('completed');
    expect(orderStateFromLines(['cancelled', 'cancelled'])).toBe('cancelled');
    expect(orderStateFromLines(['completed', 'inProgress'])).toBeNull();
    expect(orderStateFromLines([])).toBeNull();
  });
});

describe('milestones', () => {
  it('move forward only, skipping allowed', () => {
    expect(planMilestone({ state: 'acknowledged', milestone: 'accepted' }, 'survey')).toEqual({
      from: 'accepted',
      to: 'survey',
    });
    expect(planMilestone({ state: 'inProgress', milestone: 'survey' }, 'testing').to).toBe('testing');
    expect(codeOf(() => planMilestone({ state: 'inProgress', milestone: 'design' }, 'survey'))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(codeOf(() => planMilestone({ state: 'inProgress', milestone: 'design' }, 'design'))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(codeOf(() => planMilestone({ state: 'completed', milestone: 'activated' }, 'testing'))).toBe(
      'ILLEGAL_TRANSITION',
    );
  });

  it('activation needs an open line, delivery an activated one', () => {
    expect(codeOf(() => assertActivatable({ state: 'inProgress' }))).toBeNull();
    expect(codeOf(() => assertActivatable({ state: 'completed' }))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(() => assertDeliverable({ state: 'completed', milestone: 'activated' }))).toBeNull();
    expect(codeOf(() => assertDeliverable({ state: 'completed', milestone: 'delivered' }))).toBe(
      'ILLEGAL_TRANSITION',
    );
    expect(codeOf(() => assertDeliverable({ state: 'inProgress', milestone: 'testing' }))).toBe(
      'ILLEGAL_TRANSITION',
    );
  });
});

describe('overdue working days and the compensation they earn', () => {
  it.each([
    ['2025-03-31', '2025-03-31', 0],
    ['2025-03-31', '2025-03-20', 0],
    [null, '2025-04-30', 0],
    ['2025-01-24', '2025-01-27', 2], // 01-26 make-up Sunday and 01-27
    ['2025-01-27', '2025-02-05', 1], // 春节 holidays do not count
    ['2025-03-31', '2025-04-04', 3], // 04-04 (清明, Friday) is a holiday: 04-01 … 04-03
  ] as const)('due %s, activated %s → %i', (due, activated, days) => {
    expect(overdueWorkingDays(cal, due, activated)).toEqual({ days, provisional: false });
  });

  it.each([
    // class, fee (fen), overdue wd → amount (fen); 5 % express/urgent, 2 % normal, capped at the fee
    ['express', 300_000, 3, 45_000],
    ['urgent', 260_000, 1, 13_000],
    ['normal', 200_000, 4, 16_000],
    ['express', 300_000, 25, 300_000],
    ['normal', 200_000, 60, 200_000],
    ['normal', 10_025, 1, 201], // 200.5 → 201, half up
    [null, 200_000, 10, 0],
  ] as const)('%s, %i fen, %i wd late → %i fen', (cls, fee, days, amount) => {
    expect(
      provisioningCompensation({ provisioningClass: cls, oneTimeFeeFen: fee, overdueWorkingDays: days })
        .amountFen,
    ).toBe(amount);
  });
});
