import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from '../errors.ts';
import {
  addWorkdays,
  buildCalendar,
  type CalendarData,
  type CalendarEntry,
  countWorkdays,
  dayOfWorkdayIndex,
  describeDay,
  horizonOf,
  isWorkday,
  listYear,
  spanIsProvisional,
  type WorkCalendar,
  workdayIndexOf,
} from './calendar.ts';
import { fromDayNumber, toDayNumber, weekdayOf } from './dates.ts';
import { assertSchedule, calendarDataOf, parseScheduleJson } from './schedule.ts';

// The shipped schedules, read the way the application reads them (tests may do I/O; domain code may not).
const dataDir = fileURLToPath(new URL('../../../data/calendars/', import.meta.url));
const schedules = readdirSync(dataDir)
  .filter((file) => /^\d{4}\.json$/.test(file))
  .map((file) => assertSchedule(parseScheduleJson(JSON.parse(readFileSync(join(dataDir, file), 'utf8')))));
const shipped = calendarDataOf(schedules);
const cal = buildCalendar(shipped);

function caught(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

function daysFromTo(first: string, last: string): string[] {
  const days: string[] = [];
  for (let d = toDayNumber(first); d <= toDayNumber(last); d++) days.push(fromDayNumber(d));
  return days;
}

/** The State Council schedules for 2025 and 2026, transcribed from the notices (research/stack.md §4). */
const OFFICIAL: Record<number, { holidays: [string, string, string][]; makeupWorkdays: [string, string][] }> =
  {
    2025: {
      holidays: [
        ['2025-01-01', '2025-01-01', '元旦'],
        ['2025-01-28', '2025-02-04', '春节'],
        ['2025-04-04', '2025-04-06', '清明'],
        ['2025-05-01', '2025-05-05', '劳动节'],
        ['2025-05-31', '2025-06-02', '端午'],
        ['2025-10-01', '2025-10-08', '国庆节'], // 2025-10-06 is 中秋 inside the 国庆节 break
      ],
      makeupWorkdays: [
        ['2025-01-26', '春节调休'],
        ['2025-02-08', '春节调休'],
        ['2025-04-27', '劳动节调休'],
        ['2025-09-28', '国庆节调休'],
        ['2025-10-11', '国庆节调休'],
      ],
    },
    2026: {
      holidays: [
        ['2026-01-01', '2026-01-03', '元旦'],
        ['2026-02-15', '2026-02-23', '春节'],
        ['2026-04-04', '2026-04-06', '清明'],
        ['2026-05-01', '2026-05-05', '劳动节'],
        ['2026-06-19', '2026-06-21', '端午'],
        ['2026-09-25', '2026-09-27', '中秋'],
        ['2026-10-01', '2026-10-07', '国庆节'],
      ],
      makeupWorkdays: [
        ['2026-01-04', '元旦调休'],
        ['2026-02-14', '春节调休'],
        ['2026-02-28', '春节调休'],
        ['2026-05-09', '劳动节调休'],
        ['2026-09-20', '国庆节调休'],
        ['2026-10-10', '国庆节调休'],
      ],
    },
  };

describe('the shipped official schedules', () => {
  it('cover 2004–2026, one file per year', () => {
    expect(horizonOf(cal)).toEqual({
      firstYear: 2004,
      lastYear: 2026,
      years: Array.from({ length: 23 }, (_, i) => 2004 + i),
    });
    for (const schedule of schedules) {
      expect(schedule.region).toBeNull();
      expect(schedule.source).toMatch(/^chinese-days \d+\.\d+\.\d+/);
    }
  });

  describe.each([2025, 2026])('%i', (year) => {
    const official = OFFICIAL[year]!;
    const holidayDates = new Map<string, string>();
    for (const [first, last, name] of official.holidays) {
      for (const date of daysFromTo(first, last)) holidayDates.set(date, name);
    }
    if (year === 2025) holidayDates.set('2025-10-06', '中秋');
    const makeupDates = new Map(official.makeupWorkdays);

    it.each([...holidayDates])('%s is a holiday (%s)', (date, name) => {
      expect(describeDay(cal, date)).toEqual({
        date,
        workday: false,
        kind: 'holiday',
        name,
        provisional: false,
        regional: false,
      });
    });

    it.each([...makeupDates])('%s is a make-up working day (%s)', (date, name) => {
      expect([0, 6]).toContain(weekdayOf(date));
      expect(describeDay(cal, date)).toEqual({
        date,
        workday: true,
        kind: 'makeupWorkday',
        name,
        provisional: false,
        regional: false,
      });
    });

    it('lists exactly these days and no other', () => {
      const listed = schedules.find((s) => s.year === year)!.entries;
      expect(listed.filter((e) => e.kind === 'holiday').map((e) => e.date)).toEqual(
        [...holidayDates.keys()].sort(),
      );
      expect(listed.filter((e) => e.kind === 'makeupWorkday').map((e) => e.date)).toEqual(
        [...makeupDates.keys()].sort(),
      );
    });

    it('agrees on every day of the year with "Mon–Fri minus holidays plus make-up days"', () => {
      const days = listYear(cal, year);
      expect(days).toHaveLength(365);
      for (const day of days) {
        const weekday = weekdayOf(day.date);
        const expected =
          makeupDates.has(day.date) || (weekday >= 1 && weekday <= 5 && !holidayDates.has(day.date));
        expect(day.workday, day.date).toBe(expected);
        expect(isWorkday(cal, day.date), day.date).toBe(expected);
        if (!holidayDates.has(day.date) && !makeupDates.has(day.date)) {
          expect(day.kind).toBe(weekday === 0 || weekday === 6 ? 'weekend' : 'workday');
          expect(day.name).toBeNull();
        }
      }
    });
  });

  // 2025 and 2026 both have 261 Monday–Friday days and 13 statutory days off (元旦1 春节4 清明1
  // 劳动节2 端午1 中秋1 国庆3), the make-up days moving the rest: 365 − 104 − 13 = 248.
  it.each([
    [2024, 251],
    [2025, 248],
    [2026, 248],
  ])('%i has %i working days', (year, expected) => {
    expect(listYear(cal, year).filter((d) => d.workday)).toHaveLength(expected);
    expect(countWorkdays(cal, `${year - 1}-12-31`, `${year}-12-31`)).toEqual({
      count: expected,
      provisional: false,
    });
  });

  it('2025 working days follow from the pinned list alone', () => {
    const weekdays = daysFromTo('2025-01-01', '2025-12-31').filter((d) => weekdayOf(d) % 6 !== 0).length;
    const holidayWeekdays = OFFICIAL[2025]!.holidays
      .flatMap(([a, b]) => daysFromTo(a, b))
      .filter((d) => weekdayOf(d) % 6 !== 0).length;
    expect(weekdays - holidayWeekdays + OFFICIAL[2025]!.makeupWorkdays.length).toBe(248);
  });
});

describe('addWorkdays', () => {
  it.each([
    ['2025-01-24', 1, '2025-01-26'], // pinned: Friday + 1 = the Sunday make-up day
    ['2025-01-24', 2, '2025-01-27'],
    ['2025-01-24', 3, '2025-02-05'], // 春节 01-28…02-04
    ['2025-01-27', 3, '2025-02-07'], // chinese-days findWorkday(3, '2025-01-27')
    ['2025-01-27', 4, '2025-02-08'], // the Saturday make-up day
    ['2025-01-26', 0, '2025-01-26'], // a working Sunday is itself
    ['2025-01-25', 0, '2025-01-26'], // a Saturday off: the next working day
    ['2025-01-28', 0, '2025-02-05'],
    ['2025-01-27', 0, '2025-01-27'],
    ['2025-09-30', 1, '2025-10-09'],
    ['2025-12-31', 1, '2026-01-04'], // 元旦 2026-01-01…03, then the make-up Sunday
    ['2025-12-31', 2, '2026-01-05'],
    ['2026-01-03', 1, '2026-01-04'],
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-14', 1, '2026-02-24'],
    ['2024-12-31', 248, '2025-12-31'],
  ])('from %s, %i working days → %s', (from, days, date) => {
    expect(addWorkdays(cal, from, days)).toEqual({ date, provisional: false });
  });

  it.each([
    [-1, 'days'],
    [1.5, 'days'],
    [Number.NaN, 'days'],
    [Number.POSITIVE_INFINITY, 'days'],
    ['3' as unknown as number, 'days'],
  ])('refuses days = %j (VALIDATION_FAILED on %s)', (days, field) => {
    const error = caught(() => addWorkdays(cal, '2025-01-24', days));
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.errors.map((e) => e.field)).toEqual([field]);
  });

  it('refuses a bad from with INVALID_DATE on from', () => {
    const error = caught(() => addWorkdays(cal, '2025-02-30', 1));
    expect(error.code).toBe(ErrorCode.INVALID_DATE);
    expect(error.errors[0]?.field).toBe('from');
  });

  it('refuses an answer past 9999-12-31', () => {
    const error = caught(() => addWorkdays(cal, '9999-12-30', 5));
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.errors[0]?.field).toBe('days');
  });
});

describe('countWorkdays', () => {
  it.each([
    ['2025-01-24', '2025-01-24', 0],
    ['2025-01-24', '2025-01-26', 1],
    ['2025-01-24', '2025-02-08', 6], // 01-26, 01-27, 02-05…02-08
    ['2025-01-27', '2025-02-07', 3],
    ['2025-01-25', '2025-01-31', 2],
    ['2025-09-30', '2025-10-11', 3], // 10-09, 10-10, 10-11 (make-up Saturday)
  ])('after %s up to and including %s: %i', (from, to, count) => {
    expect(countWorkdays(cal, from, to)).toEqual({ count, provisional: false });
  });

  it('refuses to before from with INVALID_RANGE on to', () => {
    const error = caught(() => countWorkdays(cal, '2025-02-01', '2025-01-31'));
    expect(error.code).toBe(ErrorCode.INVALID_RANGE);
    expect(error.errors.map((e) => e.field)).toEqual(['to']);
  });

  it.each([
    ['2025-13-01', '2025-12-31', 'from'],
    ['2025-01-01', '2025-2-1', 'to'],
  ])('refuses %s…%s with INVALID_DATE on %s', (from, to, field) => {
    const error = caught(() => countWorkdays(cal, from, to));
    expect(error.code).toBe(ErrorCode.INVALID_DATE);
    expect(error.errors[0]?.field).toBe(field);
  });
});

/** A deliberately naive reference: one day at a time, straight from the entries. */
function naiveCalendar(data: CalendarData) {
  const byDate = new Map<string, CalendarEntry>();
  for (const e of data.entries) byDate.set(e.date, e);
  for (const e of data.regional ?? []) byDate.set(e.date, e);
  const loaded = new Set(data.years);
  const works = (day: number) => {
    const date = fromDayNumber(day);
    const entry = byDate.get(date);
    if (entry) return entry.kind === 'makeupWorkday';
    const weekday = weekdayOf(date);
    return weekday >= 1 && weekday <= 5;
  };
  const unloaded = (day: number) => !loaded.has(Number(fromDayNumber(day).slice(0, 4)));
  return {
    add(from: string, days: number) {
      let day = toDayNumber(from);
      let provisional = false;
      if (days === 0) {
        provisional ||= unloaded(day);
        while (!works(day)) {
          day++;
          provisional ||= unloaded(day);
        }
        return { date: fromDayNumber(day), provisional };
      }
      for (let seen = 0; seen < days; ) {
        day++;
        provisional ||= unloaded(day);
        if (works(day)) seen++;
      }
      return { date: fromDayNumber(day), provisional };
    },
    count(from: string, to: string) {
      let count = 0;
      let provisional = false;
      for (let day = toDayNumber(from) + 1; day <= toDayNumber(to); day++) {
        if (works(day)) count++;
        provisional ||= unloaded(day);
      }
      return { count, provisional };
    },
  };
}

/** mulberry32: a small seeded generator, so a failure replays. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe('add and count agree with a day-by-day reference', () => {
  const regionalData: CalendarData = {
    ...shipped,
    regional: [
      { date: '2025-03-03', kind: 'holiday', name: '地方假日' },
      { date: '2025-05-03', kind: 'makeupWorkday', name: '地方调休' },
      { date: '2027-06-07', kind: 'holiday', name: '地方假日' },
      { date: '2001-01-02', kind: 'holiday', name: '地方假日' },
    ],
  };
  it.each([
    ['national', shipped],
    ['with regional days', regionalData],
    [
      'with a gap year (2015 not loaded)',
      {
        ...shipped,
        years: shipped.years.filter((y) => y !== 2015),
        entries: shipped.entries.filter((e) => !e.date.startsWith('2015')),
      },
    ],
    ['with nothing loaded', { years: [], entries: [] }],
  ] as [string, CalendarData][])('%s', (_, data) => {
    const fast = buildCalendar(data);
    const naive = naiveCalendar(data);
    const next = random(20_250_126);
    const first = toDayNumber('2000-01-01');
    const span = toDayNumber('2031-12-31') - first;
    for (let i = 0; i < 1500; i++) {
      const from = fromDayNumber(first + Math.floor(next() * span));
      const days = i % 10 === 0 ? 0 : Math.floor(next() * 800);
      const added = addWorkdays(fast, from, days);
      expect(added, `${from} + ${days}`).toEqual(naive.add(from, days));
      const to = fromDayNumber(toDayNumber(from) + Math.floor(next() * 1100));
      expect(countWorkdays(fast, from, to), `${from}…${to}`).toEqual(naive.count(from, to));
      if (days > 0) expect(countWorkdays(fast, from, added.date).count).toBe(days);
    }
  });
});

describe('spans of thousands of years', () => {
  it.each([
    ['2025-01-24', 2_000_000],
    ['0001-01-01', 2_600_000],
    ['1000-06-15', 5],
    ['3000-01-01', 1],
  ])('from %s + %i working days, then counted back', (from, days) => {
    const { date, provisional } = addWorkdays(cal, from, days);
    expect(countWorkdays(cal, from, date)).toEqual({ count: days, provisional: true });
    expect(isWorkday(cal, date)).toBe(true);
    expect(provisional).toBe(true);
  });

  it('counts a whole plain week outside the index as 5', () => {
    expect(countWorkdays(cal, '3000-01-01', '3000-01-08').count).toBe(5);
    expect(countWorkdays(cal, '1000-01-01', '1000-01-08').count).toBe(5);
  });

  it("counts 0001…9999 as the Monday–Friday days plus the loaded years' own balance", () => {
    let weekdays = 0;
    for (let day = toDayNumber('0001-01-02'); day <= toDayNumber('9999-12-31'); day++) {
      const weekday = (((day + 4) % 7) + 7) % 7;
      if (weekday >= 1 && weekday <= 5) weekdays++;
    }
    let balance = 0;
    for (const year of horizonOf(cal).years) {
      for (const day of listYear(cal, year)) {
        balance += (day.workday ? 1 : 0) - (weekdayOf(day.date) % 6 !== 0 ? 1 : 0);
      }
    }
    expect(balance).toBeLessThan(0);
    expect(countWorkdays(cal, '0001-01-01', '9999-12-31')).toEqual({
      count: weekdays + balance,
      provisional: true,
    });
  });
});

describe('provisional past the loaded horizon', () => {
  it.each([
    [
      '2026-12-31',
      { date: '2026-12-31', workday: true, kind: 'workday', name: null, provisional: false, regional: false },
    ],
    [
      '2027-01-01',
      { date: '2027-01-01', workday: true, kind: 'workday', name: null, provisional: true, regional: false },
    ],
    [
      '2027-01-02',
      { date: '2027-01-02', workday: false, kind: 'weekend', name: null, provisional: true, regional: false },
    ],
    [
      '2003-12-31',
      { date: '2003-12-31', workday: true, kind: 'workday', name: null, provisional: true, regional: false },
    ],
    [
      '2040-10-01',
      { date: '2040-10-01', workday: true, kind: 'workday', name: null, provisional: true, regional: false },
    ],
  ])('describeDay(%s)', (date, info) => {
    expect(describeDay(cal, date)).toEqual(info);
  });

  it.each([
    ['2026-12-30', 1, '2026-12-31', false],
    ['2026-12-30', 2, '2027-01-01', true], // 2027's 元旦 is not loaded: weekends only
    ['2026-12-31', 0, '2026-12-31', false],
    ['2027-01-01', 0, '2027-01-01', true],
    ['2003-12-31', 1, '2004-01-02', false], // from itself does not decide the answer
    ['2003-12-30', 1, '2003-12-31', true],
  ])('addWorkdays(%s, %i) → %s, provisional %s', (from, days, date, provisional) => {
    expect(addWorkdays(cal, from, days)).toEqual({ date, provisional });
  });

  it.each([
    ['2026-12-01', '2026-12-31', false],
    ['2026-12-31', '2027-01-01', true],
    ['2026-12-31', '2026-12-31', false],
    ['2027-03-01', '2027-03-01', false],
    ['2003-12-31', '2004-12-31', false],
    ['2003-12-30', '2004-01-05', true],
  ])('countWorkdays(%s, %s) provisional %s', (from, to, provisional) => {
    expect(countWorkdays(cal, from, to).provisional).toBe(provisional);
  });

  it('marks every day of an unloaded year', () => {
    const days = listYear(cal, 2027);
    expect(days.every((d) => d.provisional)).toBe(true);
    expect(days.filter((d) => d.workday)).toHaveLength(261);
    expect(listYear(cal, 2028)).toHaveLength(366);
  });

  it('treats a gap between loaded years as outside the horizon', () => {
    const gapped = buildCalendar({ years: [2025, 2027], entries: [] });
    expect(horizonOf(gapped)).toEqual({ firstYear: 2025, lastYear: 2027, years: [2025, 2027] });
    expect(describeDay(gapped, '2026-06-01').provisional).toBe(true);
    expect(describeDay(gapped, '2027-06-01').provisional).toBe(false);
    expect(countWorkdays(gapped, '2025-06-01', '2025-12-31').provisional).toBe(false);
    expect(countWorkdays(gapped, '2025-06-01', '2027-01-01').provisional).toBe(true);
  });

  it('knows nothing when nothing is loaded', () => {
    const empty = buildCalendar({ years: [], entries: [] });
    expect(horizonOf(empty)).toEqual({ firstYear: null, lastYear: null, years: [] });
    expect(addWorkdays(empty, '2025-01-24', 1)).toEqual({ date: '2025-01-27', provisional: true });
    expect(describeDay(empty, '2025-01-28')).toMatchObject({
      workday: true,
      kind: 'workday',
      provisional: true,
    });
  });
});

describe('regional days', () => {
  const regional = buildCalendar({
    ...shipped,
    regional: [
      { date: '2025-01-27', kind: 'holiday', name: '地方假日' }, // a Monday off locally
      { date: '2025-02-01', kind: 'makeupWorkday', name: '地方调休' }, // a national 春节 Saturday worked locally
      { date: '2025-01-26', kind: 'holiday', name: '地方不调休' }, // the national make-up Sunday stays off
      { date: '2027-05-08', kind: 'makeupWorkday', name: '地方调休' }, // past the horizon
    ],
  });

  it.each([
    ['2025-01-27', { workday: false, kind: 'holiday', name: '地方假日', regional: true, provisional: false }],
    [
      '2025-02-01',
      { workday: true, kind: 'makeupWorkday', name: '地方调休', regional: true, provisional: false },
    ],
    [
      '2025-01-26',
      { workday: false, kind: 'holiday', name: '地方不调休', regional: true, provisional: false },
    ],
    [
      '2027-05-08',
      { workday: true, kind: 'makeupWorkday', name: '地方调休', regional: true, provisional: true },
    ],
    ['2025-01-28', { workday: false, kind: 'holiday', name: '春节', regional: false, provisional: false }],
  ])('%s overrides the national entry', (date, info) => {
    expect(describeDay(regional, date)).toEqual({ date, ...info });
  });

  it('moves the answers', () => {
    expect(addWorkdays(regional, '2025-01-24', 1)).toEqual({ date: '2025-02-01', provisional: false });
    // 02-01 (local make-up), 02-05…02-07, 02-08 (national make-up); 01-26 and 01-27 are off locally
    expect(countWorkdays(regional, '2025-01-24', '2025-02-08')).toEqual({ count: 5, provisional: false });
    expect(addWorkdays(cal, '2025-01-24', 1).date).toBe('2025-01-26');
  });
});

describe('buildCalendar refuses inconsistent data, listing every problem', () => {
  it.each([
    ['years that are not years', { years: [2025, 20250, 1.5], entries: [] }, ['years[1]', 'years[2]']],
    [
      'bad dates, kinds, names, a repeated date, a date outside the loaded years',
      {
        years: [2025],
        entries: [
          { date: '2025-02-30', kind: 'holiday', name: 'x' },
          { date: '2025-01-01', kind: 'dayOff', name: 'x' },
          { date: '2026-01-01', kind: 'holiday', name: '元旦' },
          { date: '2025-01-28', kind: 'holiday', name: '春节' },
          { date: '2025-01-28', kind: 'holiday', name: '春节' },
          { date: '2025-01-29', kind: 'holiday', name: 7 },
        ],
      },
      ['entries[0].date', 'entries[1].kind', 'entries[2].date', 'entries[4].date', 'entries[5].name'],
    ],
    [
      'a repeated regional date',
      {
        years: [2025],
        entries: [],
        regional: [
          { date: '2030-01-01', kind: 'holiday', name: '' },
          { date: '2030-01-01', kind: 'holiday', name: '' },
        ],
      },
      ['regional[1].date'],
    ],
  ])('%s', (_, data, fields) => {
    const error = caught(() => buildCalendar(data as CalendarData));
    expect(error.code).toBe(ErrorCode.CALENDAR_SCHEDULE_INVALID);
    expect(error.errors.map((e) => e.field)).toEqual(fields);
  });
});

describe('listYear', () => {
  it.each([0, 10_000, 2025.5, Number.NaN])('refuses year %s', (year) => {
    const error = caught(() => listYear(cal, year));
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.errors[0]?.field).toBe('year');
  });

  it('lists a leap year in order', () => {
    const days = listYear(cal, 2024);
    expect(days).toHaveLength(366);
    expect(days[0]?.date).toBe('2024-01-01');
    expect(days[365]?.date).toBe('2024-12-31');
  });
});

describe('the low-level index', () => {
  it('inverts workdayIndexOf with dayOfWorkdayIndex on every working day around the index edges', () => {
    const check = (c: WorkCalendar, from: string, to: string) => {
      for (let day = toDayNumber(from); day <= toDayNumber(to); day++) {
        const index = workdayIndexOf(c, day);
        const works = workdayIndexOf(c, day + 1) - index === 1;
        if (works) expect(dayOfWorkdayIndex(c, index)).toBe(day);
        else expect(dayOfWorkdayIndex(c, index)).toBeGreaterThan(day);
      }
    };
    check(cal, '2002-11-01', '2004-02-01');
    check(cal, '2026-11-01', '2028-02-01');
    check(buildCalendar({ years: [], entries: [] }), '1969-11-01', '1970-02-01');
  });

  it('spanIsProvisional on an empty span is false', () => {
    expect(spanIsProvisional(cal, toDayNumber('2030-01-02'), toDayNumber('2030-01-01'))).toBe(false);
  });
});
