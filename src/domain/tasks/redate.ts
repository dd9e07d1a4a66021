/**
 * Re-dating provisional tasks when a schedule arrives (PRODUCT.md "The working-day calendar": a
 * deadline that reaches past the loaded horizon is computed with weekends only, marked provisional,
 * and recomputed when the schedule arrives). Pure: the task's occurrence, the new calendar and the
 * official holidays now known come in; the new due date (or a cancellation) comes out, by the same
 * rules as generation (src/domain/tasks/schedule.ts).
 */
import type { WorkCalendar } from '../calendar/calendar.ts';
import type { ActionSchedule } from '../catalog/types.ts';
import { sliceOfKey } from './periods.ts';
import { birthdayDue, greetingDue, type HolidayBlock, sliceDue } from './schedule.ts';

/** What a provisional task's due date was computed from. */
export type ProvisionalOccurrence = {
  schedule: ActionSchedule['kind'];
  /** The task's occurrence key: `2027-01`, `2027-Q1`, `2027-春节`, `2027-birthday:<contact id>`. */
  occurrenceKey: string;
  /** The contact's birthday `MM-DD` (birthday care), null when unknown. */
  birthday?: string | null;
};

export type Redating =
  /** New due date; `month` = the month it now belongs to (greetings and birthdays), null = unchanged. */
  | { action: 'redate'; dueDate: string; provisional: boolean; month: string | null }
  /** A greeting whose holiday the official schedule does not have. */
  | { action: 'cancel' }
  /** Nothing to compute from (an unknown key, a contact without a birthday): left as it is. */
  | { action: 'keep' };

/**
 * The due date of a provisional task under a newly loaded calendar: a periodic task is due on
 * the last working day of its slice, a greeting on the last working day before its holiday
 * (cancelled when the holiday is not in `holidays`), birthday care on the birthday or the working
 * day before. Greetings and birthday care belong to the month of their due date.
 *
 * @example
 * // 2027 imported with 元旦 on 1 January and Saturday 30 January a make-up working day:
 * redateOccurrence(cal, blocks, { schedule: 'periodic', occurrenceKey: '2027-01' });
 * // { action: 'redate', dueDate: '2027-01-30', provisional: false, month: null }
 * redateOccurrence(cal, blocks, { schedule: 'birthday', occurrenceKey: '2027-birthday:c1', birthday: '01-01' });
 * // { action: 'redate', dueDate: '2026-12-31', provisional: false, month: '2026-12' }
 * redateOccurrence(cal, blocks, { schedule: 'holiday', occurrenceKey: '2027-清明' }); // { action: 'cancel' } when 清明 is not in 2027's schedule
 */
export function redateOccurrence(
  cal: WorkCalendar,
  holidays: readonly HolidayBlock[],
  task: ProvisionalOccurrence,
): Redating {
  if (task.schedule === 'periodic') {
    const slice = sliceOfKey(task.occurrenceKey);
    if (!slice) return { action: 'keep' };
    return { action: 'redate', ...sliceDue(cal, slice), month: null };
  }
  if (task.schedule === 'holiday') {
    const block = holidays.find((h) => h.key === task.occurrenceKey);
    if (!block) return { action: 'cancel' };
    const due = greetingDue(cal, block);
    return { action: 'redate', ...due, month: due.dueDate.slice(0, 7) };
  }
  const year = /^(\d{4})-birthday(?::|$)/.exec(task.occurrenceKey);
  const birthday = /^(\d{2})-(\d{2})$/.exec(task.birthday ?? '');
  if (!year || !birthday) return { action: 'keep' };
  const due = birthdayDue(cal, Number(year[1]), Number(birthday[1]), Number(birthday[2]));
  return { action: 'redate', ...due, month: due.dueDate.slice(0, 7) };
}

/**
 * The months whose plan a newly loaded year can change, among those already generated: greetings
 * and birthday care of early January fall due in the previous December, so a year's import
 * touches that December and its own twelve months.
 *
 * @example
 * monthsTouchedBy(2027, ['2026-11', '2026-12', '2027-01', '2028-01']); // ['2026-12', '2027-01']
 */
export function monthsTouchedBy(year: number, generated: readonly string[]): string[] {
  const first = `${year - 1}-12`;
  const last = `${year}-12`;
  return [...new Set(generated)].filter((m) => m >= first && m <= last).sort();
}
