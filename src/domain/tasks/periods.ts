/**
 * Periods and slices of mandatory actions (PRODUCT.md §4 "Mandatory actions", §12 "by month and by
 * ten-day period 旬"). A period is a dekad (旬: days 1–10, 11–20, 21–end of a month), a month, a
 * quarter, a half-year or a year; its key is `2026-11-D2`, `2026-11`, `2026-Q4`, `2026-H2`, `2026`.
 * An action done `times` per period splits each period into `times` slices, one task per slice.
 */

import { daysInMonth, fromDayNumber, partsOfDayNumber, toDayNumber } from '../calendar/dates.ts';
import type { Period } from '../catalog/types.ts';
import { DomainError } from '../errors.ts';

/** A span of days, both ends included, with its key. */
export type Span = { key: string; start: string; end: string };

/** A generation month `YYYY-MM`. */
export type MonthParts = { year: number; month: number };

const pad2 = (n: number) => String(n).padStart(2, '0');
const dayOf = (year: number, month: number, day: number) => `${year}-${pad2(month)}-${pad2(day)}`;

/**
 * Checks a month written `YYYY-MM` (years 2000–2999) and returns its parts; VALIDATION_FAILED
 * naming `field` otherwise.
 *
 * @example
 * parseMonth('2026-11'); // { year: 2026, month: 11 }
 */
export function parseMonth(value: unknown, field = 'month'): MonthParts {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})$/.exec(value) : null;
  const year = match ? Number(match[1]) : 0;
  const month = match ? Number(match[2]) : 0;
  if (!match || year < 2000 || year > 2999 || month < 1 || month > 12) {
    const message = `${field} must be a month written YYYY-MM; got ${JSON.stringify(value)}`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field, message }]);
  }
  return { year, month };
}

/** `YYYY-MM` of month parts. */
export const monthKey = (m: MonthParts) => `${m.year}-${pad2(m.month)}`;

/**
 * The month `delta` months after `m`.
 *
 * @example
 * addMonths({ year: 2025, month: 12 }, 1); // { year: 2026, month: 1 }
 */
export function addMonths(m: MonthParts, delta: number): MonthParts {
  const index = m.year * 12 + (m.month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/**
 * The first and last day of a month.
 *
 * @example
 * monthSpan({ year: 2026, month: 2 }); // { key: '2026-02', start: '2026-02-01', end: '2026-02-28' }
 */
export function monthSpan(m: MonthParts): Span {
  return {
    key: monthKey(m),
    start: dayOf(m.year, m.month, 1),
    end: dayOf(m.year, m.month, daysInMonth(m.year, m.month)),
  };
}

/** Dekad number 1–3 of a day of the month (旬: 1–10, 11–20, 21–end). */
export const dekadOfDay = (day: number): 1 | 2 | 3 => (day <= 10 ? 1 : day <= 20 ? 2 : 3);

/**
 * The period of kind `period` containing `date`, with its key and first and last day.
 *
 * @example
 * periodOf('2026-11-15', 'dekad');     // { key: '2026-11-D2', start: '2026-11-11', end: '2026-11-20' }
 * periodOf('2026-11-15', 'quarter');   // { key: '2026-Q4', start: '2026-10-01', end: '2026-12-31' }
 * periodOf('2026-02-25', 'dekad').end; // '2026-02-28'
 */
export function periodOf(date: string, period: Period): Span {
  const { year, month, day } = partsOfDayNumber(toDayNumber(date));
  switch (period) {
    case 'dekad': {
      const d = dekadOfDay(day);
      const start = d === 1 ? 1 : d === 2 ? 11 : 21;
      const end = d === 1 ? 10 : d === 2 ? 20 : daysInMonth(year, month);
      return {
        key: `${year}-${pad2(month)}-D${d}`,
        start: dayOf(year, month, start),
        end: dayOf(year, month, end),
      };
    }
    case 'month':
      return monthSpan({ year, month });
    case 'quarter': {
      const q = Math.ceil(month / 3);
      const last = q * 3;
      return {
        key: `${year}-Q${q}`,
        start: dayOf(year, last - 2, 1),
        end: dayOf(year, last, daysInMonth(year, last)),
      };
    }
    case 'half_year': {
      const h = month <= 6 ? 1 : 2;
      return {
        key: `${year}-H${h}`,
        start: dayOf(year, h === 1 ? 1 : 7, 1),
        end: dayOf(year, h === 1 ? 6 : 12, h === 1 ? 30 : 31),
      };
    }
    case 'year':
      return { key: String(year), start: dayOf(year, 1, 1), end: dayOf(year, 12, 31) };
  }
}

/**
 * The key of the period of kind `period` containing `date` (the bucket of a compliance report).
 *
 * @example
 * periodKeyOf('2026-03-21', 'dekad'); // '2026-03-D3'
 * periodKeyOf('2026-03-21', 'month'); // '2026-03'
 */
export function periodKeyOf(date: string, period: Period): string {
  return periodOf(date, period).key;
}

/** The natural subdivision of a period into `times` equal parts, when there is one. */
const SUBDIVISIONS: Record<Period, Partial<Record<number, Period>>> = {
  year: { 2: 'half_year', 4: 'quarter', 12: 'month', 36: 'dekad' },
  half_year: { 2: 'quarter', 6: 'month', 18: 'dekad' },
  quarter: { 3: 'month', 9: 'dekad' },
  month: { 3: 'dekad' },
  dekad: {},
};

/**
 * The slices of `span` (a period of kind `period`) for an action done `times` per period: the
 * period itself for once; its natural parts when `times` matches them (a month three times =
 * its three dekads, a year four times = its quarters); otherwise `times` runs of (almost) equal
 * length, keyed `<period key>#<i>of<times>`. Slices are in order and cover the period.
 *
 * @example
 * slicesOf(periodOf('2026-11-01', 'month'), 'month', 3).map((s) => s.key);
 * // ['2026-11-D1', '2026-11-D2', '2026-11-D3']
 * slicesOf(periodOf('2026-11-01', 'month'), 'month', 2);
 * // [{ key: '2026-11#1of2', start: '2026-11-01', end: '2026-11-15' }, { key: '2026-11#2of2', start: '2026-11-16', end: '2026-11-30' }]
 */
export function slicesOf(span: Span, period: Period, times: number): Span[] {
  if (!Number.isInteger(times) || times < 1) {
    const message = `times must be a positive integer; got ${String(times)}`;
    throw new DomainError('VALIDATION_FAILED', message, [{ field: 'times', message }]);
  }
  if (times === 1) return [span];
  const start = toDayNumber(span.start);
  const end = toDayNumber(span.end);
  const sub = SUBDIVISIONS[period][times];
  if (sub) {
    const out: Span[] = [];
    for (let day = start; day <= end; ) {
      const part = periodOf(fromDayNumber(day), sub);
      out.push(part);
      day = toDayNumber(part.end) + 1;
    }
    return out;
  }
  const length = end - start + 1;
  const out: Span[] = [];
  for (let i = 0; i < times; i++) {
    const from = start + Math.floor((i * length) / times);
    const to = start + Math.floor(((i + 1) * length) / times) - 1;
    if (to < from) continue; // more slices than days: a day cannot hold two
    out.push({ key: `${span.key}#${i + 1}of${times}`, start: fromDayNumber(from), end: fromDayNumber(to) });
  }
  return out;
}

/**
 * The period a key names (`2026`, `2026-H2`, `2026-Q4`, `2026-11`, `2026-11-D2`), with its kind;
 * null for anything else.
 *
 * @example
 * periodOfKey('2026-11-D3'); // { period: 'dekad', key: '2026-11-D3', start: '2026-11-21', end: '2026-11-30' }
 * periodOfKey('2026-13');    // null
 */
export function periodOfKey(key: string): (Span & { period: Period }) | null {
  const patterns: [RegExp, Period, (m: RegExpExecArray) => string][] = [
    [
      /^(\d{4})-(\d{2})-D([123])$/,
      'dekad',
      (m) => `${m[1]}-${m[2]}-${m[3] === '1' ? '01' : m[3] === '2' ? '11' : '21'}`,
    ],
    [/^(\d{4})-(\d{2})$/, 'month', (m) => `${m[1]}-${m[2]}-01`],
    [/^(\d{4})-Q([1-4])$/, 'quarter', (m) => `${m[1]}-${pad2(Number(m[2]) * 3 - 2)}-01`],
    [/^(\d{4})-H([12])$/, 'half_year', (m) => `${m[1]}-${m[2] === '1' ? '01' : '07'}-01`],
    [/^(\d{4})$/, 'year', (m) => `${m[1]}-01-01`],
  ];
  for (const [pattern, period, first] of patterns) {
    const m = pattern.exec(key);
    if (!m) continue;
    const month = m[2] !== undefined && period !== 'quarter' && period !== 'half_year' ? Number(m[2]) : 1;
    if (month < 1 || month > 12 || Number(m[1]) < 1) return null;
    return { period, ...periodOf(first(m), period) };
  }
  return null;
}

/**
 * The slice an occurrence key names: a period key ({@link periodOfKey}, also the natural parts of a
 * larger period, e.g. `2026-Q1` of a year done four times) or an equal-length slice
 * `<period key>#<i>of<times>` ({@link slicesOf}); null for anything else (a holiday or birthday key).
 *
 * @example
 * sliceOfKey('2027-Q1');      // { key: '2027-Q1', start: '2027-01-01', end: '2027-03-31' }
 * sliceOfKey('2026-11#2of2'); // { key: '2026-11#2of2', start: '2026-11-16', end: '2026-11-30' }
 * sliceOfKey('2027-春节');    // null
 */
export function sliceOfKey(key: string): Span | null {
  const parts = /^(.+)#(\d+)of(\d+)$/.exec(key);
  if (!parts) {
    const period = periodOfKey(key);
    return period && { key: period.key, start: period.start, end: period.end };
  }
  const period = periodOfKey(parts[1]!);
  const times = Number(parts[3]);
  if (!period || times < 2 || times > 366) return null;
  return slicesOf(period, period.period, times).find((s) => s.key === key) ?? null;
}
