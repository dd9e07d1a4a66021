import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from '../errors.ts';
import { buildCalendar, isWorkday } from './calendar.ts';
import {
  addClockMinutes,
  assertClock,
  type Clock,
  clockMinutesBetween,
  endOfWorkday,
  parseClock,
  workdayDeadline,
} from './clock.ts';
import { DAY_MS, fromDayNumber, parseInstant, shanghaiInstant, toDayNumber } from './dates.ts';
import { assertSchedule, calendarDataOf, parseScheduleJson } from './schedule.ts';

const dataDir = fileURLToPath(new URL('../../../data/calendars/', import.meta.url));
const cal = buildCalendar(
  calendarDataOf(
    readdirSync(dataDir)
      .filter((file) => /^\d{4}\.json$/.test(file))
      .map((file) =>
        assertSchedule(parseScheduleJson(JSON.parse(readFileSync(join(dataDir, file), 'utf8')))),
      ),
  ),
);

const office: Clock = {
  kind: 'businessHours',
  windows: [
    { start: '08:30', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
};
const always: Clock = { kind: '24x7' };

/** An instant given as Shanghai wall time, e.g. `sh('2025-01-24 11:00')`. */
const sh = (wall: string) => shanghaiInstant(wall.slice(0, 10), wall.slice(11, 16));

function caught(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('parseClock and assertClock', () => {
  it.each([
    ['24×7', { kind: '24x7' }],
    ['office hours', office],
    ['the whole day', { kind: 'businessHours', windows: [{ start: '00:00', end: '24:00' }] }],
    [
      'touching windows',
      {
        kind: 'businessHours',
        windows: [
          { start: '08:00', end: '12:00' },
          { start: '12:00', end: '13:00' },
        ],
      },
    ],
  ])('accepts %s', (_, clock) => {
    expect(parseClock(clock)).toEqual(clock);
    expect(() => assertClock(clock as Clock)).not.toThrow();
  });

  it.each([
    ['no object', null, ['kind']],
    ['an unknown kind', { kind: 'weekdays' }, ['kind']],
    ['no windows', { kind: 'businessHours' }, ['windows']],
    ['an empty window list', { kind: 'businessHours', windows: [] }, ['windows']],
    [
      'a malformed start',
      { kind: 'businessHours', windows: [{ start: '8:30', end: '12:00' }] },
      ['windows[0].start'],
    ],
    [
      'a start at 24:00',
      { kind: 'businessHours', windows: [{ start: '24:00', end: '24:00' }] },
      ['windows[0].start'],
    ],
    [
      'an end past 24:00',
      { kind: 'businessHours', windows: [{ start: '08:30', end: '25:00' }] },
      ['windows[0].end'],
    ],
    [
      'start after end',
      { kind: 'businessHours', windows: [{ start: '13:00', end: '12:00' }] },
      ['windows[0].end'],
    ],
    [
      'an empty window',
      { kind: 'businessHours', windows: [{ start: '12:00', end: '12:00' }] },
      ['windows[0].end'],
    ],
    [
      'overlapping windows',
      {
        kind: 'businessHours',
        windows: [
          { start: '08:30', end: '12:00' },
          { start: '11:00', end: '17:30' },
        ],
      },
      ['windows[1].start'],
    ],
    [
      'unsorted windows',
      {
        kind: 'businessHours',
        windows: [
          { start: '13:30', end: '17:30' },
          { start: '08:30', end: '12:00' },
        ],
      },
      ['windows[1].start'],
    ],
    [
      'several problems at once',
      {
        kind: 'businessHours',
        windows: [{ start: 'x', end: '12:00' }, { start: '13:00', end: '12:00' }, 'nonsense'],
      },
      ['windows[0].start', 'windows[1].end', 'windows[2].start', 'windows[2].end'],
    ],
  ])('refuses %s with INVALID_CLOCK', (_, value, fields) => {
    const error = caught(() => parseClock(value));
    expect(error.code).toBe(ErrorCode.INVALID_CLOCK);
    expect(error.errors.map((e) => e.field)).toEqual(fields);
    // refused at every use (only valid clocks are remembered)
    for (let i = 0; i < 2; i++) {
      expect(caught(() => addClockMinutes(cal, value as Clock, sh('2025-01-24 09:00'), 1)).code).toBe(
        ErrorCode.INVALID_CLOCK,
      );
    }
  });
});

describe('addClockMinutes on business hours (08:30–12:00, 13:30–17:30)', () => {
  it.each([
    ['across lunch', '2025-01-24 11:00', 120, '2025-01-24 14:30'],
    ['ending exactly at a window end', '2025-01-24 08:30', 210, '2025-01-24 12:00'],
    ['one minute past a window end', '2025-01-24 08:30', 211, '2025-01-24 13:31'],
    ['a whole working day', '2025-01-24 07:00', 450, '2025-01-24 17:30'],
    ['over the night and Saturday to the Sunday make-up day', '2025-01-24 17:00', 60, '2025-01-26 09:00'],
    ['from the end of a day', '2025-01-24 17:30', 1, '2025-01-26 08:31'],
    ['over 春节 (01-28…02-04)', '2025-01-27 17:00', 60, '2025-02-05 09:00'],
    ['from a Saturday off', '2025-01-25 10:00', 30, '2025-01-26 09:00'],
    ['from a holiday', '2025-10-03 10:00', 450, '2025-10-09 17:30'],
    ['three whole days: Friday, Sunday make-up, Monday', '2025-01-24 08:30', 1350, '2025-01-27 17:30'],
    ['zero minutes inside a window', '2025-01-24 09:00', 0, '2025-01-24 09:00'],
    ['zero minutes at lunch', '2025-01-24 12:30', 0, '2025-01-24 13:30'],
    ['zero minutes at a window end', '2025-01-24 12:00', 0, '2025-01-24 13:30'],
    ['zero minutes at night', '2025-01-24 20:00', 0, '2025-01-26 08:30'],
  ])('%s: %s + %i min → %s', (_, start, minutes, end) => {
    expect(addClockMinutes(cal, office, sh(start), minutes)).toEqual({ at: sh(end), provisional: false });
    if (minutes > 0) {
      expect(clockMinutesBetween(cal, office, sh(start), sh(end))).toEqual({ minutes, provisional: false });
    }
  });

  it('keeps seconds', () => {
    expect(addClockMinutes(cal, office, '2025-01-24T01:00:30Z', 1).at).toBe('2025-01-24T01:01:30.000Z');
    expect(addClockMinutes(cal, office, '2025-01-24T01:00:00Z', 0.5).at).toBe('2025-01-24T01:00:30.000Z');
  });

  it('is provisional past the loaded horizon (2027 is not loaded)', () => {
    expect(addClockMinutes(cal, office, sh('2026-12-31 17:00'), 60)).toEqual({
      at: sh('2027-01-01 09:00'),
      provisional: true,
    });
    expect(addClockMinutes(cal, office, sh('2026-12-31 16:00'), 60).provisional).toBe(false);
  });

  it.each([
    [-1, 'minutes', ErrorCode.VALIDATION_FAILED],
    [Number.NaN, 'minutes', ErrorCode.VALIDATION_FAILED],
    [Number.POSITIVE_INFINITY, 'minutes', ErrorCode.VALIDATION_FAILED],
    [1e12, 'minutes', ErrorCode.VALIDATION_FAILED],
    [6e9, 'minutes', ErrorCode.VALIDATION_FAILED], // within the cap, but past 9999-12-31
  ])('refuses minutes = %s', (minutes, field, code) => {
    const error = caught(() => addClockMinutes(cal, office, sh('2025-01-24 09:00'), minutes));
    expect(error.code).toBe(code);
    expect(error.errors[0]?.field).toBe(field);
  });

  it('refuses a start without an offset', () => {
    const error = caught(() => addClockMinutes(cal, office, '2025-01-24T09:00:00', 1));
    expect(error.code).toBe(ErrorCode.INVALID_DATE);
    expect(error.errors[0]?.field).toBe('startAt');
  });
});

/** A naive reference: walk day by day, window by window, spending the minutes. */
function naiveAdd(startAt: string, minutes: number): string {
  const windows = [
    [510, 720],
    [810, 1050],
  ] as const;
  const local = parseInstant(startAt) + 8 * 3_600_000;
  let day = Math.floor(local / DAY_MS);
  let offset = (local - day * DAY_MS) / 60_000;
  let rest = minutes;
  for (;;) {
    if (isWorkday(cal, fromDayNumber(day))) {
      for (const [start, end] of windows) {
        const from = Math.max(start, offset);
        if (from >= end) continue;
        if (rest <= end - from)
          return new Date(day * DAY_MS - 8 * 3_600_000 + (from + rest) * 60_000).toISOString();
        rest -= end - from;
      }
    }
    day++;
    offset = 0;
  }
}

describe('business hours agree with a window-by-window reference', () => {
  it('on random starts and durations across 2024–2027', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const first = toDayNumber('2024-01-01');
    for (let i = 0; i < 2000; i++) {
      const day = first + Math.floor(next() * 4 * 365);
      const minute = Math.floor(next() * 1440);
      const startAt = new Date(day * DAY_MS - 8 * 3_600_000 + minute * 60_000).toISOString();
      const minutes = i % 8 === 0 ? 0 : Math.floor(next() * 20_000);
      const { at } = addClockMinutes(cal, office, startAt, minutes);
      expect(at, `${startAt} + ${minutes}`).toBe(naiveAdd(startAt, minutes));
      expect(clockMinutesBetween(cal, office, startAt, at).minutes).toBe(minutes);
    }
  });
});

describe('clockMinutesBetween', () => {
  it.each([
    ['across lunch', office, '2025-01-24 11:00', '2025-01-24 14:30', 120],
    ['inside lunch', office, '2025-01-24 12:10', '2025-01-24 13:20', 0],
    [
      'the whole of 2025: 248 working days × 450 min',
      office,
      '2025-01-01 00:00',
      '2026-01-01 00:00',
      248 * 450,
    ],
    ['backwards', office, '2025-01-24 14:30', '2025-01-24 11:00', 0],
    ['equal', office, '2025-01-24 11:00', '2025-01-24 11:00', 0],
    ['24×7 over a holiday', always, '2025-01-27 17:00', '2025-02-05 09:00', 8 * 1440 + 960],
    ['24×7 backwards', always, '2025-01-24 14:30', '2025-01-24 11:00', 0],
  ])('%s', (_, clock, from, to, minutes) => {
    expect(clockMinutesBetween(cal, clock, sh(from), sh(to))).toEqual({ minutes, provisional: false });
  });

  it('is fractional with seconds, and provisional past the horizon', () => {
    expect(clockMinutesBetween(cal, always, '2025-01-24T01:00:00Z', '2025-01-24T01:00:30Z').minutes).toBe(
      0.5,
    );
    expect(clockMinutesBetween(cal, office, sh('2026-12-31 17:00'), sh('2027-01-01 09:00'))).toEqual({
      minutes: 60,
      provisional: true,
    });
    expect(clockMinutesBetween(cal, always, sh('2026-12-31 17:00'), sh('2027-01-01 09:00')).provisional).toBe(
      false,
    );
  });

  it.each([
    ['nonsense', '2025-01-24T01:00:00Z', 'fromAt'],
    ['2025-01-24T01:00:00Z', '2025-01-24', 'toAt'],
  ])('refuses %s…%s with INVALID_DATE on %s', (from, to, field) => {
    const error = caught(() => clockMinutesBetween(cal, office, from, to));
    expect(error.code).toBe(ErrorCode.INVALID_DATE);
    expect(error.errors[0]?.field).toBe(field);
  });
});

describe('addClockMinutes on 24×7', () => {
  it.each([
    ['2025-01-24 23:00', 120, '2025-01-25 01:00'],
    ['2025-01-27 17:00', 8 * 1440 + 960, '2025-02-05 09:00'],
    ['2025-01-24 12:30', 0, '2025-01-24 12:30'],
    ['2026-12-31 23:00', 120, '2027-01-01 01:00'],
  ])('%s + %i min → %s, never provisional', (start, minutes, end) => {
    expect(addClockMinutes(cal, always, sh(start), minutes)).toEqual({ at: sh(end), provisional: false });
  });
});

describe('endOfWorkday', () => {
  it.each([
    [office, '2025-01-26', '2025-01-26T09:30:00.000Z'],
    [always, '2025-01-26', '2025-01-26T16:00:00.000Z'],
    [office, '2027-01-01', '2027-01-01T09:30:00.000Z'],
  ])('%j on %s → %s', (clock, date, at) => {
    expect(endOfWorkday(cal, clock, date)).toBe(at);
  });

  it.each(['2025-01-28', '2025-01-25'])('refuses %s, not a working day', (date) => {
    const error = caught(() => endOfWorkday(cal, office, date));
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.errors[0]?.field).toBe('date');
  });
});

describe('workdayDeadline', () => {
  it.each([
    ['3 days over 春节', office, '2025-01-27 10:00', 3, '2025-02-07', '2025-02-07 17:30', false],
    [
      '1 day to the Sunday make-up day',
      always,
      '2025-01-24 10:00',
      1,
      '2025-01-26',
      '2025-01-26 24:00',
      false,
    ],
    ['0 days from a Saturday off', office, '2025-01-25 10:00', 0, '2025-01-26', '2025-01-26 17:30', false],
    ['0 days from a working day', office, '2025-01-24 16:00', 0, '2025-01-24', '2025-01-24 17:30', false],
    // 2025-01-25T16:30Z is already Sunday 01-26 in Shanghai: the UTC day would give 01-26, not 01-27
    [
      'from the Shanghai day of the start',
      office,
      '2025-01-26 00:30',
      1,
      '2025-01-27',
      '2025-01-27 17:30',
      false,
    ],
    ['into 2027, not loaded', office, '2026-12-30 10:00', 2, '2027-01-01', '2027-01-01 17:30', true],
  ])('%s', (_, clock, start, workdays, date, end, provisional) => {
    expect(workdayDeadline(cal, clock, sh(start), workdays)).toEqual({ at: sh(end), date, provisional });
  });

  it.each([-1, 2.5, Number.NaN, 10_000_000])('refuses workdays = %s on field workdays', (workdays) => {
    const error = caught(() => workdayDeadline(cal, office, sh('2025-01-24 10:00'), workdays));
    expect(error.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(error.errors.map((e) => e.field)).toEqual(['workdays']);
  });
});
