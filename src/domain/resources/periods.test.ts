import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  checkPeriodKey,
  isBudgetPeriod,
  nextPeriodKey,
  parsePeriodKey,
  periodKeyOf,
  periodKeysOf,
} from './periods.ts';

describe('period keys of a day', () => {
  it.each([
    ['2026-01-01', '2026-01', '2026-Q1', '2026'],
    ['2026-03-31', '2026-03', '2026-Q1', '2026'],
    ['2026-04-01', '2026-04', '2026-Q2', '2026'],
    ['2026-09-30', '2026-09', '2026-Q3', '2026'],
    ['2026-11-23', '2026-11', '2026-Q4', '2026'],
    ['2024-12-31', '2024-12', '2024-Q4', '2024'],
  ])('%s → %s, %s, %s', (day, month, quarter, year) => {
    expect(periodKeysOf(day)).toEqual({ month, quarter, year });
    expect(periodKeyOf('month', day)).toBe(month);
  });

  it('refuses a day that is not real', () => {
    expect(() => periodKeyOf('month', '2026-02-30')).toThrow(DomainError);
  });
});

describe('parsing a period key', () => {
  it.each([
    ['2026-03', 'month', '2026-03-01', '2026-03-31'],
    ['2024-02', 'month', '2024-02-01', '2024-02-29'],
    ['2025-02', 'month', '2025-02-01', '2025-02-28'],
    ['2026-Q1', 'quarter', '2026-01-01', '2026-03-31'],
    ['2026-Q2', 'quarter', '2026-04-01', '2026-06-30'],
    ['2026-Q4', 'quarter', '2026-10-01', '2026-12-31'],
    ['2026', 'year', '2026-01-01', '2026-12-31'],
  ])('%s is a %s from %s to %s', (key, period, fromDate, toDate) => {
    expect(parsePeriodKey(key)).toEqual({ period, periodKey: key, fromDate, toDate });
  });

  it.each(['2026-13', '2026-00', '2026-Q5', '2026-Q0', '26', '2026-3', '2026-03-01', 'x', '1800', ''])(
    '%s is no period key',
    (key) => {
      expect(parsePeriodKey(key)).toBeNull();
    },
  );

  it('checks a key against its period, naming the field', () => {
    expect(checkPeriodKey('quarter', '2026-Q2').fromDate).toBe('2026-04-01');
    try {
      checkPeriodKey('month', '2026-Q2');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('VALIDATION_FAILED');
      expect((e as DomainError).errors[0]!.field).toBe('periodKey');
      expect((e as DomainError).message).toContain('2026-03');
    }
  });

  it('knows the periods', () => {
    expect(isBudgetPeriod('quarter')).toBe(true);
    expect(isBudgetPeriod('dekad')).toBe(false);
  });
});

describe('the next period key', () => {
  it.each([
    ['2026-03', '2026-04'],
    ['2026-09', '2026-10'],
    ['2026-12', '2027-01'],
    ['2026-Q1', '2026-Q2'],
    ['2026-Q4', '2027-Q1'],
    ['2026', '2027'],
  ])('after %s comes %s', (key, next) => {
    expect(nextPeriodKey(key)).toBe(next);
    expect(parsePeriodKey(next)!.period).toBe(parsePeriodKey(key)!.period);
  });

  it.each(['2026-13', '2026-Q5', 'x', '', '2999-12', '2999-Q4', '2999'])('%s has none', (key) => {
    expect(nextPeriodKey(key)).toBeNull();
  });
});
