/**
 * Report periods (PRODUCT.md §6 "monthly operating report"): a month `YYYY-MM` in Asia/Shanghai.
 */
import {
  daysInMonth,
  formatInstant,
  shanghaiDateOf,
  shanghaiEpochMsOf,
  toDayNumber,
} from '../calendar/dates.ts';
import { DomainError } from '../errors.ts';

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Whether `value` is a month `YYYY-MM`. */
export function isPeriod(value: unknown): value is string {
  return typeof value === 'string' && PERIOD.test(value) && Number(value.slice(0, 4)) >= 2000;
}

/**
 * The period or a 400 INVALID_DATE naming `field`.
 *
 * @example parsePeriod('2026-05') // '2026-05'
 */
export function parsePeriod(value: unknown, field = 'period'): string {
  if (!isPeriod(value)) {
    const message = `must be a month YYYY-MM; got '${String(value)}'`;
    throw new DomainError('INVALID_DATE', `${field} ${message}`, [{ field, message }]);
  }
  return value;
}

export type PeriodBounds = {
  period: string;
  /** First and last calendar day, YYYY-MM-DD. */
  firstDate: string;
  lastDate: string;
  /** Shanghai midnight at the start of the month and of the next month, UTC ISO. */
  startAt: string;
  endAt: string;
  minutes: number;
};

/**
 * The days and instants of a month in Asia/Shanghai.
 *
 * @example periodBounds('2026-02').endAt // '2026-02-28T16:00:00.000Z'
 */
export function periodBounds(period: string): PeriodBounds {
  parsePeriod(period);
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  const days = daysInMonth(year, month);
  const firstDate = `${period}-01`;
  const lastDate = `${period}-${String(days).padStart(2, '0')}`;
  const first = toDayNumber(firstDate);
  return {
    period,
    firstDate,
    lastDate,
    startAt: formatInstant(shanghaiEpochMsOf(first, 0)),
    endAt: formatInstant(shanghaiEpochMsOf(first + days, 0)),
    minutes: days * 1440,
  };
}

/**
 * The month before the one `at` falls in (Asia/Shanghai) — what the monthly job reports on.
 *
 * @example previousPeriod('2026-06-01T00:30:00+08:00') // '2026-05'
 */
export function previousPeriod(atIso: string): string {
  const today = shanghaiDateOf(atIso);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The period of an instant (Asia/Shanghai). */
export function periodOf(atIso: string): string {
  return shanghaiDateOf(atIso).slice(0, 7);
}
