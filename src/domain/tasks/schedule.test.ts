import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCalendar, type CalendarEntry, isWorkday } from '../calendar/calendar.ts';
import { weekdayOf } from '../calendar/dates.ts';
import { DEFAULT_ACTIONS } from '../catalog/default-actions.ts';
import type { MandatoryAction } from '../catalog/types.ts';
import { periodKeyOf, periodOf, periodOfKey, sliceOfKey, slicesOf } from './periods.ts';
import {
  birthdayDue,
  birthdayDueDate,
  birthdaysDueIn,
  greetingDue,
  greetingDueDate,
  holidayBlocksOf,
  lastWorkdayOnOrBefore,
  planMonth,
  sliceDue,
  sliceDueDate,
} from './schedule.ts';

// The official 2025 and 2026 schedules as shipped (国务院办公厅通知).
const load = (year: number) =>
  JSON.parse(
    readFileSync(fileURLToPath(new URL(`../../../data/calendars/${year}.json`, import.meta.url)), 'utf8'),
  ).days as CalendarEntry[];
const entries = [...load(2025), ...load(2026)];
const cal = buildCalendar({ years: [2025, 2026], entries });

describe('periods', () => {
  it('keys and bounds of each kind', () => {
    expect(periodOf('2026-11-15', 'dekad')).toEqual({
      key: '2026-11-D2',
      start: '2026-11-11',
      end: '2026-11-20',
    });
    expect(periodOf('2026-02-21', 'dekad')).toEqual({
      key: '2026-02-D3',
      start: '2026-02-21',
      end: '2026-02-28',
    });
    expect(periodOf('2024-02-29', 'dekad').end).toBe('2024-02-29');
    expect(periodOf('2026-11-15', 'month')).toEqual({
      key: '2026-11',
      start: '2026-11-01',
      end: '2026-11-30',
    });
    expect(periodOf('2026-11-15', 'quarter')).toEqual({
      key: '2026-Q4',
      start: '2026-10-01',
      end: '2026-12-31',
    });
    expect(periodOf('2026-04-01', 'quarter')).toEqual({
      key: '2026-Q2',
      start: '2026-04-01',
      end: '2026-06-30',
    });
    expect(periodOf('2026-06-30', 'half_year')).toEqual({
      key: '2026-H1',
      start: '2026-01-01',
      end: '2026-06-30',
    });
    expect(periodOf('2026-07-01', 'half_year').key).toBe('2026-H2');
    expect(periodOf('2026-07-01', 'year')).toEqual({ key: '2026', start: '2026-01-01', end: '2026-12-31' });
    expect(periodKeyOf('2026-03-10', 'dekad')).toBe('2026-03-D1');
    expect(periodKeyOf('2026-03-11', 'dekad')).toBe('2026-03-D2');
    expect(periodKeyOf('2026-03-31', 'dekad')).toBe('2026-03-D3');
  });

  it('slices a period by its natural parts, or evenly', () => {
    const month = periodOf('2026-11-01', 'month');
    expect(slicesOf(month, 'month', 1)).toEqual([month]);
    expect(slicesOf(month, 'month', 3).map((s) => s.key)).toEqual(['2026-11-D1', '2026-11-D2', '2026-11-D3']);
    expect(slicesOf(periodOf('2026-01-01', 'year'), 'year', 4).map((s) => s.key)).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
    expect(slicesOf(periodOf('2026-01-01', 'year'), 'year', 2).map((s) => s.end)).toEqual([
      '2026-06-30',
      '2026-12-31',
    ]);
    expect(slicesOf(month, 'month', 2)).toEqual([
      { key: '2026-11#1of2', start: '2026-11-01', end: '2026-11-15' },
      { key: '2026-11#2of2', start: '2026-11-16', end: '2026-11-30' },
    ]);
    const weekly = slicesOf(month, 'month', 4);
    expect(weekly).toHaveLength(4);
    expect(weekly[0]!.start).toBe('2026-11-01');
    expect(weekly[3]!.end).toBe('2026-11-30');
    // more slices than days: one a day at most
    expect(slicesOf(periodOf('2026-11-01', 'dekad'), 'dekad', 20)).toHaveLength(10);
    expect(() => slicesOf(month, 'month', 0)).toThrow(/times/);
  });
});

describe('working-day due dates (2025/2026 official calendar)', () => {
  it('knows the make-up working days around National Day 2025', () => {
    expect(weekdayOf('2025-09-28')).toBe(0); // a Sunday …
    expect(isWorkday(cal, '2025-09-28')).toBe(true); // … worked (国庆节调休)
    expect(isWorkday(cal, '2025-10-11')).toBe(true); // Saturday, worked
    expect(lastWorkdayOnOrBefore(cal, '2025-10-08')).toBe('2025-09-30');
    expect(lastWorkdayOnOrBefore(cal, '2025-09-28')).toBe('2025-09-28');
    expect(lastWorkdayOnOrBefore(cal, '2025-09-27')).toBe('2025-09-26'); // Saturday → Friday
  });

  it('a slice is due on its last working day', () => {
    expect(sliceDueDate(cal, periodOf('2025-09-01', 'month'))).toBe('2025-09-30');
    expect(sliceDueDate(cal, periodOf('2025-10-01', 'dekad'))).toBe('2025-10-10'); // Oct 9–10 worked
    expect(sliceDueDate(cal, periodOf('2025-05-01', 'month'))).toBe('2025-05-30'); // 31st is a Saturday
    expect(sliceDueDate(cal, periodOf('2025-05-25', 'dekad'))).toBe('2025-05-30'); // 05-31 端午
    expect(sliceDueDate(cal, periodOf('2026-01-01', 'quarter'))).toBe('2026-03-31');
    expect(sliceDueDate(cal, periodOf('2026-02-15', 'dekad'))).toBe('2026-02-14'); // 春节 from the 15th
    expect(sliceDueDate(cal, periodOf('2026-01-01', 'dekad'))).toBe('2026-01-09');
    expect(sliceDueDate(cal, periodOf('2026-12-01', 'year'))).toBe('2026-12-31');
    // a slice without any working day is due on the first working day after it
    expect(sliceDueDate(cal, { key: 'x', start: '2025-10-01', end: '2025-10-03' })).toBe('2025-10-09');
  });

  it('finds the official holidays and greets on the last working day before each', () => {
    const blocks = holidayBlocksOf(entries);
    const byKey = new Map(blocks.map((b) => [b.key, b]));
    expect(byKey.get('2025-国庆节')).toEqual({
      key: '2025-国庆节',
      name: '国庆节·中秋',
      start: '2025-10-01',
      end: '2025-10-08',
    });
    expect(greetingDueDate(cal, byKey.get('2025-国庆节')!)).toBe('2025-09-30');
    expect(greetingDueDate(cal, byKey.get('2026-春节')!)).toBe('2026-02-14'); // Saturday make-up day
    expect(greetingDueDate(cal, byKey.get('2026-元旦')!)).toBe('2025-12-31');
    expect(greetingDueDate(cal, byKey.get('2025-端午')!)).toBe('2025-05-30');
    expect(greetingDueDate(cal, byKey.get('2026-中秋')!)).toBe('2026-09-24');
    expect(greetingDueDate(cal, byKey.get('2026-国庆节')!)).toBe('2026-09-30');
    expect(blocks.filter((b) => b.start.startsWith('2026'))).toHaveLength(7);
    for (const b of blocks) expect(isWorkday(cal, greetingDueDate(cal, b))).toBe(true);
  });

  it('birthday care is due on the birthday or the previous working day', () => {
    expect(birthdayDueDate(cal, 2025, 10, 3)).toBe('2025-09-30');
    expect(birthdayDueDate(cal, 2025, 9, 28)).toBe('2025-09-28'); // Sunday, but worked
    expect(birthdayDueDate(cal, 2025, 10, 11)).toBe('2025-10-11'); // Saturday, worked
    expect(birthdayDueDate(cal, 2025, 10, 12)).toBe('2025-10-11');
    expect(birthdayDueDate(cal, 2026, 3, 18)).toBe('2026-03-18');
    expect(birthdayDueDate(cal, 2026, 3, 22)).toBe('2026-03-20'); // Sunday → Friday
    expect(birthdayDueDate(cal, 2025, 2, 29)).toBe('2025-02-28');
  });

  it('the birthdays due in a month include early next-month ones moved back into it', () => {
    const sept = birthdaysDueIn(cal, { year: 2025, month: 9 });
    expect(sept.filter((b) => b.month === 10).map((b) => b.day)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(sept.every((b) => b.dueDate >= '2025-09-01' && b.dueDate <= '2025-09-30')).toBe(true);
    const oct = birthdaysDueIn(cal, { year: 2025, month: 10 });
    expect(oct.some((b) => b.month === 10 && b.day <= 8)).toBe(false);
    // every (month, day) of the year is due in exactly one month
    // (a 1 January birthday is greeted on 2024-12-31)
    const all = Array.from({ length: 13 }, (_, i) =>
      birthdaysDueIn(cal, { year: 2024 + Math.ceil(i / 12), month: ((i + 11) % 12) + 1 }),
    ).flat();
    const seen = all.filter((b) => b.year === 2025).map((b) => `${b.month}-${b.day}`);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(366); // 365 days + 29 February kept on the 28th
    const feb = birthdaysDueIn(cal, { year: 2025, month: 2 });
    expect(feb.find((b) => b.month === 2 && b.day === 29)?.dueDate).toBe('2025-02-28');
  });
});

describe('planMonth with the shipped actions', () => {
  const keyed = (month: { year: number; month: number }) => {
    const plan = planMonth(DEFAULT_ACTIONS, month, cal, entries);
    return { plan, by: new Map(plan.occurrences.map((o) => [`${o.actionCode} ${o.occurrenceKey}`, o])) };
  };

  it('January brings yearly, half-yearly, quarterly and monthly occurrences', () => {
    const { plan, by } = keyed({ year: 2026, month: 1 });
    expect(by.get('visit_1a 2026')).toMatchObject({
      level: '1A',
      startDate: '2026-01-01',
      dueDate: '2026-12-31',
    });
    expect(by.get('visit_2a 2026-H1')?.dueDate).toBe('2026-06-30');
    expect(by.get('visit_3a 2026-Q1')?.dueDate).toBe('2026-03-31');
    expect(by.get('network_report_4a 2026-Q1')?.dueDate).toBe('2026-03-31');
    expect(by.get('visit_5a 2026-01')?.dueDate).toBe('2026-01-30'); // 31st is a Saturday
    // no greeting: 元旦 2026 was greeted on 2025-12-31, 春节 on 2026-02-14
    expect(plan.occurrences.some((o) => o.kind === 'greeting')).toBe(false);
    expect(plan.birthdayActions.map((a) => a.actionCode)).toEqual([
      'birthday_care_5a',
      'birthday_care_4a',
      'birthday_care_3a',
    ]);
    expect(plan.birthdayActions[0]!.contactRoles).toEqual(['core', 'important']);
    for (const o of plan.occurrences) expect(isWorkday(cal, o.dueDate)).toBe(true);
  });

  it('a month inside a quarter brings only the monthly ones; greetings land in their month', () => {
    const { by } = keyed({ year: 2026, month: 2 });
    expect(by.has('visit_3a 2026-Q1')).toBe(false);
    expect(by.get('visit_4a 2026-02')?.dueDate).toBe('2026-02-28'); // Saturday make-up working day
    expect(by.get('holiday_greeting_5a 2026-春节')).toMatchObject({
      dueDate: '2026-02-14',
      startDate: '2026-02-01',
    });
    expect(by.get('holiday_greeting_2a 2026-春节')?.dueDate).toBe('2026-02-14');
    const sept = keyed({ year: 2026, month: 9 }).by;
    expect(sept.get('holiday_greeting_3a 2026-中秋')?.dueDate).toBe('2026-09-24');
    expect(sept.get('holiday_greeting_3a 2026-国庆节')?.dueDate).toBe('2026-09-30');
    const dec = keyed({ year: 2025, month: 12 }).by;
    expect(dec.get('holiday_greeting_4a 2026-元旦')?.dueDate).toBe('2025-12-31');
  });

  it('times per period slices the period', () => {
    const thrice: MandatoryAction = {
      code: 'call_5a',
      name: '每旬电话回访',
      nameEn: 'Call every dekad',
      level: '5A',
      kind: 'other',
      schedule: { kind: 'periodic', period: 'month', times: 3 },
      owner: 'account_manager',
    };
    const plan = planMonth([thrice], { year: 2025, month: 10 }, cal, entries);
    expect(plan.occurrences.map((o) => [o.occurrenceKey, o.dueDate])).toEqual([
      ['2025-10-D1', '2025-10-10'],
      ['2025-10-D2', '2025-10-20'],
      ['2025-10-D3', '2025-10-31'],
    ]);
    const dekadly: MandatoryAction = { ...thrice, schedule: { kind: 'periodic', period: 'dekad', times: 1 } };
    expect(
      planMonth([dekadly], { year: 2026, month: 2 }, cal, entries).occurrences.map((o) => o.dueDate),
    ).toEqual(['2026-02-10', '2026-02-14', '2026-02-28']);
  });
});

describe('period keys', () => {
  it('reads back every kind of key', () => {
    expect(periodOfKey('2026-11-D3')).toEqual({
      period: 'dekad',
      key: '2026-11-D3',
      start: '2026-11-21',
      end: '2026-11-30',
    });
    expect(periodOfKey('2026-02')).toMatchObject({ period: 'month', end: '2026-02-28' });
    expect(periodOfKey('2026-Q2')).toMatchObject({
      period: 'quarter',
      start: '2026-04-01',
      end: '2026-06-30',
    });
    expect(periodOfKey('2026-H2')).toMatchObject({ period: 'half_year', start: '2026-07-01' });
    expect(periodOfKey('2026')).toMatchObject({ period: 'year', end: '2026-12-31' });
    expect(periodOfKey('2026-13')).toBeNull();
    expect(periodOfKey('2026-11-D4')).toBeNull();
    expect(periodOfKey('soon')).toBeNull();
  });
});

describe('provisional due dates (past the loaded horizon: weekends only)', () => {
  it('marks a due date that depends on a year not loaded', () => {
    // 2027 is not loaded: January's last working day is Friday the 29th, provisionally.
    expect(sliceDue(cal, { key: '2027-01', start: '2027-01-01', end: '2027-01-31' })).toEqual({
      dueDate: '2027-01-29',
      provisional: true,
    });
    expect(sliceDue(cal, { key: '2026-Q4', start: '2026-10-01', end: '2026-12-31' })).toEqual({
      dueDate: '2026-12-31',
      provisional: false,
    });
    // a slice without a working day, due after it: provisional when those days are not loaded
    expect(sliceDue(cal, { key: 'x', start: '2027-01-02', end: '2027-01-03' })).toEqual({
      dueDate: '2027-01-04',
      provisional: true,
    });
    expect(birthdayDue(cal, 2027, 1, 30)).toEqual({ dueDate: '2027-01-29', provisional: true });
    expect(birthdayDue(cal, 2026, 3, 22)).toEqual({ dueDate: '2026-03-20', provisional: false });
    // 2028 loaded without 2027: its 元旦 is greeted on Friday 2027-12-31, provisionally
    const only2028 = buildCalendar({
      years: [2028],
      entries: [{ date: '2028-01-01', kind: 'holiday', name: '元旦' }],
    });
    const newYear = { key: '2028-元旦', name: '元旦', start: '2028-01-01', end: '2028-01-01' };
    expect(greetingDue(only2028, newYear)).toEqual({ dueDate: '2027-12-31', provisional: true });
    expect(greetingDue(cal, { ...newYear, key: '2026-元旦', start: '2026-01-01' })).toEqual({
      dueDate: '2025-12-31',
      provisional: false,
    });
  });

  it('planMonth carries the mark on every occurrence and birthday day', () => {
    const jan2027 = planMonth(DEFAULT_ACTIONS, { year: 2027, month: 1 }, cal, entries);
    expect(jan2027.occurrences.length).toBeGreaterThan(0);
    expect(jan2027.occurrences.every((o) => o.provisional)).toBe(true);
    expect(jan2027.occurrences.some((o) => o.kind === 'greeting')).toBe(false); // 2027's holidays unknown
    expect(jan2027.birthdayDays.every((b) => b.provisional)).toBe(true);
    const dec2026 = planMonth(DEFAULT_ACTIONS, { year: 2026, month: 12 }, cal, entries);
    expect(dec2026.occurrences.some((o) => o.provisional)).toBe(false);
    // Birthdays of 1–20 January 2027 are not due in December while 2027 is unknown …
    expect(dec2026.birthdayDays.some((b) => b.year === 2027)).toBe(false);
    // … but 2 January 2027, a Saturday, moves back to Friday 1 January: provisional, in January
    const saturday = jan2027.birthdayDays.find((b) => b.month === 1 && b.day === 2);
    expect(saturday).toEqual({ month: 1, day: 2, year: 2027, dueDate: '2027-01-01', provisional: true });
  });
});

describe('slice of an occurrence key', () => {
  it('reads period keys, natural parts and equal slices; not holidays or birthdays', () => {
    expect(sliceOfKey('2027-Q1')).toEqual({ key: '2027-Q1', start: '2027-01-01', end: '2027-03-31' });
    expect(sliceOfKey('2027-01-D3')).toEqual({ key: '2027-01-D3', start: '2027-01-21', end: '2027-01-31' });
    expect(sliceOfKey('2026-11#2of2')).toEqual({
      key: '2026-11#2of2',
      start: '2026-11-16',
      end: '2026-11-30',
    });
    expect(sliceOfKey('2026#3of5')).toMatchObject({ start: '2026-05-27' });
    expect(sliceOfKey('2026-11#3of2')).toBeNull();
    expect(sliceOfKey('2027-春节')).toBeNull();
    expect(sliceOfKey('2027-birthday:abc')).toBeNull();
  });
});
