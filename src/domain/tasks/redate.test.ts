import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCalendar, type CalendarEntry } from '../calendar/calendar.ts';
import { monthsTouchedBy, redateOccurrence } from './redate.ts';
import { holidayBlocksOf } from './schedule.ts';

const shipped2026 = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../data/calendars/2026.json', import.meta.url)), 'utf8'),
).days as CalendarEntry[];

/** A 2027 schedule as an administrator would import it (test data, not a real notice). */
const schedule2027: CalendarEntry[] = [
  { date: '2027-01-01', kind: 'holiday', name: '元旦' },
  { date: '2027-01-30', kind: 'makeupWorkday', name: '春节调休' },
  ...['06', '07', '08', '09', '10', '11', '12', '13'].map(
    (d): CalendarEntry => ({ date: `2027-02-${d}`, kind: 'holiday', name: '春节' }),
  ),
];

const before = buildCalendar({ years: [2026], entries: shipped2026 });
const after = buildCalendar({ years: [2026, 2027], entries: [...shipped2026, ...schedule2027] });
const blocks = holidayBlocksOf([...shipped2026, ...schedule2027]);

describe('redateOccurrence: a provisional task under the imported schedule', () => {
  it('a periodic task is due on the last working day of its slice, now official', () => {
    // provisionally Friday 29 January; Saturday the 30th is now a make-up working day
    expect(redateOccurrence(before, [], { schedule: 'periodic', occurrenceKey: '2027-01' })).toEqual({
      action: 'redate',
      dueDate: '2027-01-29',
      provisional: true,
      month: null,
    });
    expect(redateOccurrence(after, blocks, { schedule: 'periodic', occurrenceKey: '2027-01' })).toEqual({
      action: 'redate',
      dueDate: '2027-01-30',
      provisional: false,
      month: null,
    });
    expect(redateOccurrence(after, blocks, { schedule: 'periodic', occurrenceKey: '2027-Q1' })).toMatchObject(
      {
        dueDate: '2027-03-31',
        provisional: false,
      },
    );
    // a year not imported yet stays provisional
    expect(redateOccurrence(after, blocks, { schedule: 'periodic', occurrenceKey: '2028' })).toMatchObject({
      dueDate: '2028-12-29',
      provisional: true,
    });
    expect(redateOccurrence(after, blocks, { schedule: 'periodic', occurrenceKey: 'odd' })).toEqual({
      action: 'keep',
    });
  });

  it('birthday care moves to the working day before the birthday, and to that month', () => {
    const newYear = { schedule: 'birthday' as const, occurrenceKey: '2027-birthday:c1', birthday: '01-01' };
    expect(redateOccurrence(before, [], newYear)).toMatchObject({ dueDate: '2027-01-01', provisional: true });
    expect(redateOccurrence(after, blocks, newYear)).toEqual({
      action: 'redate',
      dueDate: '2026-12-31',
      provisional: false,
      month: '2026-12',
    });
    expect(
      redateOccurrence(after, blocks, { ...newYear, occurrenceKey: '2027-birthday:c2', birthday: '02-10' }),
    ).toMatchObject({ dueDate: '2027-02-05', month: '2027-02' });
    expect(redateOccurrence(after, blocks, { ...newYear, birthday: null })).toEqual({ action: 'keep' });
  });

  it('a greeting follows its holiday, or is cancelled when the schedule has no such holiday', () => {
    expect(redateOccurrence(after, blocks, { schedule: 'holiday', occurrenceKey: '2027-春节' })).toEqual({
      action: 'redate',
      dueDate: '2027-02-05',
      provisional: false,
      month: '2027-02',
    });
    expect(redateOccurrence(after, blocks, { schedule: 'holiday', occurrenceKey: '2027-清明' })).toEqual({
      action: 'cancel',
    });
  });
});

describe('monthsTouchedBy', () => {
  it("is the year's months and the December before, among those generated", () => {
    expect(monthsTouchedBy(2027, ['2026-11', '2026-12', '2027-01', '2027-01', '2028-01'])).toEqual([
      '2026-12',
      '2027-01',
    ]);
    expect(monthsTouchedBy(2027, [])).toEqual([]);
  });
});
