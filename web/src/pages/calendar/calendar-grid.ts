import type { CalendarDay, DayKind } from '../../api/types';

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a day given as numbers (month 1–12). */
export function formatDate(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * The weeks of a month, Monday first: each week has 7 slots holding a `YYYY-MM-DD` or null
 * for days of the neighbouring months. Pure date arithmetic in UTC, so no time zone can shift a day.
 *
 * @example computeMonthWeeks(2026, 2)[0] // [null, null, null, null, null, null, '2026-02-01']
 */
export function computeMonthWeeks(year: number, month: number): (string | null)[][] {
  const firstWeekday = (new Date(Date.UTC(year, month - 1, 1)).getUTCDay() + 6) % 7; // Mon = 0
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const slots: (string | null)[] = Array.from({ length: firstWeekday }, () => null);
  for (let day = 1; day <= daysInMonth; day++) slots.push(formatDate(year, month, day));
  while (slots.length % 7 !== 0) slots.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < slots.length; i += 7) weeks.push(slots.slice(i, i + 7));
  return weeks;
}

/** The kind of a day that the server did not list: weekends by the weekday alone. */
export function computeFallbackKind(date: string): DayKind {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday === 0 || weekday === 6 ? 'weekend' : 'workday';
}

export type MonthSummary = { month: number; workdays: number; holidays: number; makeupWorkdays: number };

/** Per-month counts (index 0 = January) of the days of one year. */
export function summarizeMonths(days: readonly CalendarDay[]): MonthSummary[] {
  const months: MonthSummary[] = Array.from({ length: 12 }, (_, i) => ({
    month: i + 1,
    workdays: 0,
    holidays: 0,
    makeupWorkdays: 0,
  }));
  for (const day of days) {
    const summary = months[Number(day.date.slice(5, 7)) - 1];
    if (!summary) continue;
    if (day.workday) summary.workdays++;
    if (day.kind === 'holiday') summary.holidays++;
    if (day.kind === 'makeupWorkday') summary.makeupWorkdays++;
  }
  return months;
}

/**
 * The years the year picker offers: from one before the first loaded year to one after the
 * last; when nothing is loaded, the current year and its neighbours.
 *
 * @example computeYearOptions([2025, 2026], 2026) // [2024, 2025, 2026, 2027]
 */
export function computeYearOptions(loadedYears: readonly number[], currentYear: number): number[] {
  const base = loadedYears.length > 0 ? loadedYears : [currentYear];
  const first = Math.min(...base) - 1;
  const last = Math.max(...base) + 1;
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
