/**
 * Budget periods of service resources (PRODUCT.md §4 "Resources"): a budget holds for one month
 * (`2026-03`), one quarter (`2026-Q1`) or one year (`2026`) of Asia/Shanghai calendar days. Pure.
 */
import { daysInMonth, parseDate } from '../calendar/dates.ts';
import { DomainError } from '../errors.ts';

export const BUDGET_PERIODS = ['month', 'quarter', 'year'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export function isBudgetPeriod(value: unknown): value is BudgetPeriod {
  return typeof value === 'string' && (BUDGET_PERIODS as readonly string[]).includes(value);
}

/** A parsed period key with the first and last day it covers (inclusive). */
export type PeriodSpan = { period: BudgetPeriod; periodKey: string; fromDate: string; toDate: string };

const pad = (n: number) => String(n).padStart(2, '0');

function dayParts(date: string): { year: number; month: number } {
  parseDate(date);
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)) };
}

/**
 * The key of the `period` that contains `date`.
 *
 * @example
 * periodKeyOf('month', '2026-03-10');   // '2026-03'
 * periodKeyOf('quarter', '2026-03-10'); // '2026-Q1'
 * periodKeyOf('year', '2026-03-10');    // '2026'
 */
export function periodKeyOf(period: BudgetPeriod, date: string): string {
  const { year, month } = dayParts(date);
  switch (period) {
    case 'month':
      return `${year}-${pad(month)}`;
    case 'quarter':
      return `${year}-Q${Math.ceil(month / 3)}`;
    case 'year':
      return String(year);
  }
}

/**
 * The keys of the month, quarter and year that contain `date`: the budgets an issue on that day draws on.
 *
 * @example
 * periodKeysOf('2026-11-23'); // { month: '2026-11', quarter: '2026-Q4', year: '2026' }
 */
export function periodKeysOf(date: string): Record<BudgetPeriod, string> {
  return {
    month: periodKeyOf('month', date),
    quarter: periodKeyOf('quarter', date),
    year: periodKeyOf('year', date),
  };
}

/**
 * Reads a period key (`YYYY-MM`, `YYYY-Qn` or `YYYY`) into its period and days, or null when it is
 * none of these (month 13, quarter 5, a year before 1900 or after 2999).
 *
 * @example
 * parsePeriodKey('2026-Q1'); // { period: 'quarter', periodKey: '2026-Q1', fromDate: '2026-01-01', toDate: '2026-03-31' }
 * parsePeriodKey('2026-13'); // null
 */
export function parsePeriodKey(key: string): PeriodSpan | null {
  const m = /^(\d{4})(?:-(\d{2})|-Q([1-4]))?$/.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1900 || year > 2999) return null;
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) return null;
    return {
      period: 'month',
      periodKey: key,
      fromDate: `${year}-${pad(month)}-01`,
      toDate: `${year}-${pad(month)}-${pad(daysInMonth(year, month))}`,
    };
  }
  if (m[3] !== undefined) {
    const q = Number(m[3]);
    const last = q * 3;
    return {
      period: 'quarter',
      periodKey: key,
      fromDate: `${year}-${pad(last - 2)}-01`,
      toDate: `${year}-${pad(last)}-${pad(daysInMonth(year, last))}`,
    };
  }
  return { period: 'year', periodKey: key, fromDate: `${year}-01-01`, toDate: `${year}-12-31` };
}

/**
 * Checks that `periodKey` is a key of `period`; the error names `field` and shows the expected form.
 *
 * @example
 * checkPeriodKey('quarter', '2026-Q2'); // { period: 'quarter', periodKey: '2026-Q2', fromDate: '2026-04-01', toDate: '2026-06-30' }
 * checkPeriodKey('month', '2026-Q2');   // throws VALIDATION_FAILED naming periodKey
 */
export function checkPeriodKey(period: BudgetPeriod, periodKey: string, field = 'periodKey'): PeriodSpan {
  const span = parsePeriodKey(periodKey);
  if (span && span.period === period) return span;
  const example = { month: '2026-03', quarter: '2026-Q1', year: '2026' }[period];
  const message = `'${periodKey}' is not a ${period} key; write it like ${example}`;
  throw new DomainError('VALIDATION_FAILED', message, [{ field, message }]);
}

/**
 * The key of the period right after `periodKey`, of the same kind (month → month, quarter →
 * quarter, year → year); null when `periodKey` is no period key or the next one would be past 2999.
 *
 * @example
 * nextPeriodKey('2026-03'); // '2026-04'
 * nextPeriodKey('2026-12'); // '2027-01'
 * nextPeriodKey('2026-Q4'); // '2027-Q1'
 * nextPeriodKey('2026');    // '2027'
 * nextPeriodKey('2026-13'); // null
 */
export function nextPeriodKey(periodKey: string): string | null {
  const span = parsePeriodKey(periodKey);
  if (!span) return null;
  const year = Number(periodKey.slice(0, 4));
  let next: string;
  switch (span.period) {
    case 'month': {
      const month = Number(periodKey.slice(5, 7));
      next = month === 12 ? `${year + 1}-01` : `${year}-${pad(month + 1)}`;
      break;
    }
    case 'quarter': {
      const q = Number(periodKey.slice(6));
      next = q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
      break;
    }
    case 'year':
      next = String(year + 1);
      break;
  }
  return parsePeriodKey(next) ? next : null;
}
