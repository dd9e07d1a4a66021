/**
 * Stored deadlines as rules (PRODUCT.md "The working-day calendar"): a rule keeps what the due
 * instant was computed from, so that a newly imported schedule can recompute it.
 */
import type { WorkCalendar } from './calendar.ts';
import { addClockMinutes, type Clock, workdayDeadline } from './clock.ts';
import { shanghaiDateOf } from './dates.ts';

export type DeadlineRule =
  /** End of the N-th working day after the (Shanghai) day of `startAt` — "N working days". */
  | { kind: 'workdays'; startAt: string; workdays: number; clock: Clock }
  /** N minutes on the clock from `startAt` — "2 hours" on 7×24 or on business hours. */
  | { kind: 'clockMinutes'; startAt: string; minutes: number; clock: Clock };

/** The default business hours of PRODUCT.md (working days, 08:30–12:00 and 13:30–17:30). */
export const DEFAULT_BUSINESS_HOURS: Clock = {
  kind: 'businessHours',
  windows: [
    { start: '08:30', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
};

export type ComputedDeadline = { dueAt: string; dueDate: string; provisional: boolean };

/**
 * @example
 * computeDeadline(cal, { kind: 'workdays', startAt: '2025-01-24T02:00:00.000Z', workdays: 1, clock: { kind: '24x7' } })
 * // → { dueAt: '2025-01-26T16:00:00.000Z', dueDate: '2025-01-26', provisional: false }
 */
export function computeDeadline(cal: WorkCalendar, rule: DeadlineRule): ComputedDeadline {
  if (rule.kind === 'workdays') {
    const r = workdayDeadline(cal, rule.clock, rule.startAt, rule.workdays);
    return { dueAt: r.at, dueDate: r.date, provisional: r.provisional };
  }
  const r = addClockMinutes(cal, rule.clock, rule.startAt, rule.minutes);
  return { dueAt: r.at, dueDate: shanghaiDateOf(r.at), provisional: r.provisional };
}
