/**
 * Which mandatory-action tasks a month brings, and when each is due (PRODUCT.md §4 "Mandatory
 * actions": per tier, recurring actions generate dated tasks per customer and owner, on working
 * days). Pure: the catalog's actions, the working-day calendar and the official holidays come in.
 *
 * - periodic (`times` per period): one task per slice; it belongs to the month its slice starts
 *   in and is due on the last working day of the slice;
 * - holiday greeting (节日问候): one task per official holiday (a run of consecutive holiday days,
 *   e.g. 国庆节 with 中秋 in 2025), due on the last working day before the holiday starts; it
 *   belongs to the month of that due date;
 * - birthday care (生日关怀): one task per contact of a listed role, due on the birthday, moved to
 *   the previous working day when that is not a working day; it belongs to the month of its due
 *   date (a 1 October birthday is greeted on 30 September). A 29 February birthday is kept on 28
 *   February in other years.
 *
 * A due date that depends on a day past the loaded horizon (a year whose official schedule is not
 * imported yet) follows weekends only and is **provisional** (PRODUCT.md "The working-day
 * calendar"); it is recomputed when the schedule arrives (src/domain/tasks/redate.ts).
 */

import type { CalendarEntry, WorkCalendar } from '../calendar/calendar.ts';
import { dayOfWorkdayIndex, spanIsProvisional, workdayIndexOf } from '../calendar/calendar.ts';
import {
  dayNumberOfParts,
  daysInMonth,
  fromDayNumber,
  partsOfDayNumber,
  toDayNumber,
} from '../calendar/dates.ts';
import type { ActionKind, ContactRole, MandatoryAction, ServiceLevel } from '../catalog/types.ts';
import { type MonthParts, monthSpan, periodOf, type Span, slicesOf } from './periods.ts';

/**
 * A due date and whether it is provisional: computed over days past the loaded horizon, with
 * weekends only.
 */
export type Due = { dueDate: string; provisional: boolean };

/** One dated occurrence of a periodic or holiday action: one task per customer of `level`. */
export type PlannedOccurrence = {
  level: ServiceLevel;
  actionCode: string;
  kind: ActionKind;
  occurrenceKey: string;
  startDate: string;
  dueDate: string;
  provisional: boolean;
};

/** A birthday action of a level: one task per contact of a listed role with a birthday in `days`. */
export type PlannedBirthdayAction = {
  level: ServiceLevel;
  actionCode: string;
  kind: ActionKind;
  contactRoles: ContactRole[];
};

/** A birthday (month, day) whose care is due in the month, with the year it is celebrated in. */
export type BirthdayDay = { month: number; day: number; year: number; dueDate: string; provisional: boolean };

export type MonthPlan = {
  month: string;
  start: string;
  end: string;
  occurrences: PlannedOccurrence[];
  birthdayActions: PlannedBirthdayAction[];
  birthdayDays: BirthdayDay[];
};

/** An official holiday: consecutive holiday days, named after the holidays they hold. */
export type HolidayBlock = { key: string; name: string; start: string; end: string };

/**
 * The last working day on or before `date`.
 *
 * @example
 * lastWorkdayOnOrBefore(cal2025, '2025-10-05'); // '2025-09-30'
 * lastWorkdayOnOrBefore(cal2025, '2025-09-28'); // '2025-09-28' (Sunday, make-up working day)
 */
export function lastWorkdayOnOrBefore(cal: WorkCalendar, date: string): string {
  const day = toDayNumber(date);
  return fromDayNumber(dayOfWorkdayIndex(cal, workdayIndexOf(cal, day + 1) - 1));
}

/**
 * The first working day on or after `date`.
 *
 * @example
 * firstWorkdayOnOrAfter(cal2025, '2025-10-01'); // '2025-10-09'
 */
export function firstWorkdayOnOrAfter(cal: WorkCalendar, date: string): string {
  return fromDayNumber(dayOfWorkdayIndex(cal, workdayIndexOf(cal, toDayNumber(date))));
}

/**
 * The due date of a slice: its last working day; a slice with no working day at all (a short
 * slice inside a long holiday) is due on the first working day after it.
 *
 * @example
 * sliceDueDate(cal2025, { key: '2025-09', start: '2025-09-01', end: '2025-09-30' }); // '2025-09-30'
 * sliceDueDate(cal2025, { key: '2025-Q1', start: '2025-01-01', end: '2025-03-31' }); // '2025-03-31'
 */
export function sliceDueDate(cal: WorkCalendar, slice: Span): string {
  return sliceDue(cal, slice).dueDate;
}

/** Whether the answer read from the days `a`…`b` (either order, both included) is provisional. */
const provisionalBetween = (cal: WorkCalendar, a: string, b: string) =>
  a <= b
    ? spanIsProvisional(cal, toDayNumber(a), toDayNumber(b))
    : spanIsProvisional(cal, toDayNumber(b), toDayNumber(a));

/**
 * {@link sliceDueDate} with its provisional mark: provisional when a day from the due date to the
 * slice's end (or, for a slice without a working day, from its start to the due date) lies past
 * the loaded horizon.
 *
 * @example
 * sliceDue(cal2025and2026, { key: '2027-01', start: '2027-01-01', end: '2027-01-31' });
 * // { dueDate: '2027-01-29', provisional: true } — 2027 not loaded: Friday before the weekend
 * sliceDue(cal2025and2026, { key: '2026-Q4', start: '2026-10-01', end: '2026-12-31' });
 * // { dueDate: '2026-12-31', provisional: false }
 */
export function sliceDue(cal: WorkCalendar, slice: Span): Due {
  const last = lastWorkdayOnOrBefore(cal, slice.end);
  if (last >= slice.start) return { dueDate: last, provisional: provisionalBetween(cal, last, slice.end) };
  const next = firstWorkdayOnOrAfter(cal, slice.end);
  return { dueDate: next, provisional: provisionalBetween(cal, slice.start, next) };
}

/**
 * The official holidays of a schedule: each run of consecutive `holiday` entries is one holiday,
 * named by its distinct entry names in order (`国庆节·中秋`) and keyed `<year>-<first name>`.
 *
 * @example
 * holidayBlocksOf(entries2025).find((h) => h.key === '2025-国庆节');
 * // { key: '2025-国庆节', name: '国庆节·中秋', start: '2025-10-01', end: '2025-10-08' }
 */
export function holidayBlocksOf(entries: readonly CalendarEntry[]): HolidayBlock[] {
  const days = entries
    .filter((e) => e.kind === 'holiday')
    .map((e) => ({ day: toDayNumber(e.date), name: e.name }))
    .sort((a, b) => a.day - b.day);
  const blocks: HolidayBlock[] = [];
  let current: { start: number; end: number; names: string[] } | null = null;
  const close = () => {
    if (!current) return;
    const start = fromDayNumber(current.start);
    blocks.push({
      key: `${start.slice(0, 4)}-${current.names[0]}`,
      name: current.names.join('·'),
      start,
      end: fromDayNumber(current.end),
    });
  };
  for (const d of days) {
    if (current && d.day === current.end + 1) {
      current.end = d.day;
      if (!current.names.includes(d.name)) current.names.push(d.name);
    } else if (!current || d.day > current.end) {
      close();
      current = { start: d.day, end: d.day, names: [d.name] };
    }
  }
  close();
  return blocks;
}

/**
 * The due date of a holiday greeting: the last working day before the holiday starts.
 *
 * @example
 * greetingDueDate(cal2026, { key: '2026-春节', name: '春节', start: '2026-02-15', end: '2026-02-23' });
 * // '2026-02-14' (a Saturday, make-up working day)
 */
export function greetingDueDate(cal: WorkCalendar, holiday: HolidayBlock): string {
  return greetingDue(cal, holiday).dueDate;
}

/**
 * {@link greetingDueDate} with its provisional mark: provisional when a day from the due date to
 * the eve of the holiday lies past the loaded horizon (a 元旦 whose previous year is not loaded).
 *
 * @example
 * greetingDue(cal2028only, { key: '2028-元旦', name: '元旦', start: '2028-01-01', end: '2028-01-03' });
 * // { dueDate: '2027-12-31', provisional: true }
 */
export function greetingDue(cal: WorkCalendar, holiday: HolidayBlock): Due {
  const eve = fromDayNumber(toDayNumber(holiday.start) - 1);
  const due = lastWorkdayOnOrBefore(cal, eve);
  return { dueDate: due, provisional: provisionalBetween(cal, due, eve) };
}

/**
 * The due date of birthday care for a birthday (month, day) celebrated in `year`: the birthday,
 * or the previous working day; 29 February is kept on 28 February in other years.
 *
 * @example
 * birthdayDueDate(cal2025, 2025, 10, 3); // '2025-09-30'
 * birthdayDueDate(cal2025, 2025, 2, 29); // '2025-02-28'
 */
export function birthdayDueDate(cal: WorkCalendar, year: number, month: number, day: number): string {
  return birthdayDue(cal, year, month, day).dueDate;
}

/**
 * {@link birthdayDueDate} with its provisional mark: provisional when a day from the due date to
 * the birthday lies past the loaded horizon.
 *
 * @example
 * birthdayDue(cal2025and2026, 2027, 1, 30); // { dueDate: '2027-01-29', provisional: true } (Saturday)
 * birthdayDue(cal2025and2026, 2026, 3, 22); // { dueDate: '2026-03-20', provisional: false }
 */
export function birthdayDue(cal: WorkCalendar, year: number, month: number, day: number): Due {
  const birthday = fromDayNumber(dayNumberOfParts(year, month, Math.min(day, daysInMonth(year, month))));
  const due = lastWorkdayOnOrBefore(cal, birthday);
  return { dueDate: due, provisional: provisionalBetween(cal, due, birthday) };
}

/** Days after the month's end whose birthday care can fall due inside it (longest holiday ≈ 9 days). */
const BIRTHDAY_LOOKAHEAD_DAYS = 20;

/**
 * The birthdays whose care is due in the month: every (month, day) from the month's first day to
 * 20 days after its end whose {@link birthdayDueDate} falls in the month.
 *
 * @example
 * birthdaysDueIn(cal2025, { year: 2025, month: 9 }).filter((b) => b.month === 10).map((b) => b.day);
 * // [1, 2, 3, 4, 5, 6, 7, 8] — 国庆节·中秋 birthdays are greeted on 30 September
 */
export function birthdaysDueIn(cal: WorkCalendar, m: MonthParts): BirthdayDay[] {
  const span = monthSpan(m);
  const first = toDayNumber(span.start);
  const last = toDayNumber(span.end) + BIRTHDAY_LOOKAHEAD_DAYS;
  const out: BirthdayDay[] = [];
  for (let n = first; n <= last; n++) {
    const { year, month, day } = partsOfDayNumber(n);
    const due = birthdayDue(cal, year, month, day);
    if (due.dueDate < span.start || due.dueDate > span.end) continue;
    out.push({ month, day, year, ...due });
    const leap = daysInMonth(year, 2) === 29;
    if (!leap && month === 2 && day === 28) out.push({ month: 2, day: 29, year, ...due });
  }
  return out;
}

/**
 * The tasks a month brings for a catalog's actions: dated occurrences of the periodic and holiday
 * actions, and the birthday actions with the birthdays due in the month. `holidays` are the
 * official (national) schedule's entries; `cal` is the calendar the due dates follow.
 *
 * @example
 * const plan = planMonth(DEFAULT_ACTIONS, { year: 2026, month: 1 }, cal2026, entries);
 * plan.occurrences.find((o) => o.actionCode === 'visit_1a');
 * // { level: '1A', actionCode: 'visit_1a', kind: 'visit', occurrenceKey: '2026', startDate: '2026-01-01',
 * //   dueDate: '2026-12-31', provisional: false }
 */
export function planMonth(
  actions: readonly MandatoryAction[],
  m: MonthParts,
  cal: WorkCalendar,
  holidays: readonly CalendarEntry[],
): MonthPlan {
  const span = monthSpan(m);
  const occurrences: PlannedOccurrence[] = [];
  const birthdayActions: PlannedBirthdayAction[] = [];
  let blocks: HolidayBlock[] | null = null;
  for (const action of actions) {
    const base = { level: action.level, actionCode: action.code, kind: action.kind };
    const schedule = action.schedule;
    if (schedule.kind === 'periodic') {
      for (let day = toDayNumber(span.start); day <= toDayNumber(span.end); ) {
        const period = periodOf(fromDayNumber(day), schedule.period);
        for (const slice of slicesOf(period, schedule.period, schedule.times)) {
          if (slice.start < span.start || slice.start > span.end) continue;
          occurrences.push({
            ...base,
            occurrenceKey: slice.key,
            startDate: slice.start,
            ...sliceDue(cal, slice),
          });
        }
        day = toDayNumber(period.end) + 1;
      }
    } else if (schedule.kind === 'holiday') {
      blocks ??= holidayBlocksOf(holidays);
      for (const block of blocks) {
        const due = greetingDue(cal, block);
        if (due.dueDate < span.start || due.dueDate > span.end) continue;
        occurrences.push({ ...base, occurrenceKey: block.key, startDate: span.start, ...due });
      }
    } else {
      birthdayActions.push({ ...base, contactRoles: [...schedule.contactRoles] });
    }
  }
  return {
    month: span.key,
    start: span.start,
    end: span.end,
    occurrences,
    birthdayActions,
    birthdayDays: birthdayActions.length > 0 ? birthdaysDueIn(cal, m) : [],
  };
}
