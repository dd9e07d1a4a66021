import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from '../errors.ts';
import {
  formatInstant,
  fromDayNumber,
  isValidDate,
  MAX_DAY_NUMBER,
  MIN_DAY_NUMBER,
  minutesOfTime,
  parseDate,
  parseInstant,
  partsOfDayNumber,
  shanghaiDateOf,
  shanghaiInstant,
  toDayNumber,
  weekdayOf,
} from './dates.ts';

function caught(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('day numbers', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11_017],
    ['2025-01-26', 20_114],
    ['0001-01-01', MIN_DAY_NUMBER],
    ['9999-12-31', MAX_DAY_NUMBER],
  ])('%s is day %i and back', (date, day) => {
    expect(toDayNumber(date)).toBe(day);
    expect(fromDayNumber(day)).toBe(date);
  });

  it('round-trips every day from 1600 to 2400 and agrees with Date.UTC', () => {
    const first = toDayNumber('1600-01-01');
    const last = toDayNumber('2400-12-31');
    const wrong: string[] = [];
    for (let day = first; day <= last; day++) {
      const date = fromDayNumber(day);
      if (toDayNumber(date) !== day) wrong.push(`${day}→${date}`);
      if (new Date(day * 86_400_000).toISOString().slice(0, 10) !== date) wrong.push(`${day}≠${date}`);
    }
    expect(wrong).toEqual([]);
  });

  it('splits a day number into parts', () => {
    expect(partsOfDayNumber(toDayNumber('2024-02-29'))).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('refuses to format outside 0001–9999', () => {
    expect(() => fromDayNumber(MAX_DAY_NUMBER + 1)).toThrow(RangeError);
    expect(() => fromDayNumber(MIN_DAY_NUMBER - 1)).toThrow(RangeError);
    expect(() => fromDayNumber(1.5)).toThrow(RangeError);
  });
});

describe('isValidDate and parseDate', () => {
  it.each([
    ['2025-01-01', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2025-02-29', false],
    ['2025-02-30', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['0000-01-01', false],
    ['2025-2-3', false],
    ['2025-02-03 ', false],
    ['2025/02/03', false],
    ['2025-02-03T00:00:00Z', false],
    ['abc', false],
    ['', false],
    [20250203, false],
    [null, false],
    [undefined, false],
  ])('%j → %s', (value, valid) => {
    expect(isValidDate(value)).toBe(valid);
    if (valid) {
      expect(parseDate(value)).toBe(value);
    } else {
      const error = caught(() => parseDate(value, 'from'));
      expect(error.code).toBe(ErrorCode.INVALID_DATE);
      expect(error.errors).toEqual([{ field: 'from', message: expect.stringContaining('YYYY-MM-DD') }]);
    }
  });

  it('names the field `date` by default', () => {
    expect(caught(() => parseDate('2025-02-30')).errors[0]?.field).toBe('date');
    expect(caught(() => toDayNumber('2025-2-3', 'to')).errors[0]?.field).toBe('to');
  });
});

describe('weekdayOf', () => {
  it.each([
    ['1970-01-01', 4],
    ['2025-01-26', 0],
    ['2025-02-08', 6],
    ['2025-01-27', 1],
    ['2026-01-01', 4],
    ['1969-12-28', 0],
    ['0001-01-01', 1],
  ])('%s → %i', (date, weekday) => {
    expect(weekdayOf(date)).toBe(weekday);
  });
});

describe('minutesOfTime', () => {
  it.each([
    ['00:00', 0],
    ['08:30', 510],
    ['23:59', 1439],
    ['24:00', 1440],
    ['24:01', null],
    ['8:30', null],
    ['12:60', null],
    ['25:00', null],
    ['noon', null],
    [830, null],
  ])('%j → %j', (value, minutes) => {
    expect(minutesOfTime(value)).toBe(minutes);
  });
});

describe('instants', () => {
  it.each([
    ['2025-01-24T01:30:00Z', '2025-01-24T01:30:00.000Z'],
    ['2025-01-24T01:30:00.000Z', '2025-01-24T01:30:00.000Z'],
    ['2025-01-24T09:30:00+08:00', '2025-01-24T01:30:00.000Z'],
    ['2025-01-24T09:30+08:00', '2025-01-24T01:30:00.000Z'],
    ['2025-01-23T20:30:00-05:00', '2025-01-24T01:30:00.000Z'],
    ['2025-01-24T01:30:00.123456Z', '2025-01-24T01:30:00.123Z'],
    ['1969-12-31T23:59:59.999Z', '1969-12-31T23:59:59.999Z'],
  ])('parses %s', (value, iso) => {
    expect(formatInstant(parseInstant(value))).toBe(iso);
    expect(parseInstant(value)).toBe(Date.parse(iso));
  });

  it.each([
    '2025-01-24T01:30:00',
    '2025-01-24',
    '2025-01-24 01:30:00Z',
    '2025-02-30T01:30:00Z',
    '2025-01-24T24:00:00Z',
    '2025-01-24T01:60:00Z',
    '2025-01-24T01:30:60Z',
    '2025-01-24T01:30:00+24:00',
    '9999-12-31T20:00:00Z',
    'yesterday',
    42,
  ])('refuses %j with INVALID_DATE', (value) => {
    const error = caught(() => parseInstant(value, 'startAt'));
    expect(error.code).toBe(ErrorCode.INVALID_DATE);
    expect(error.errors[0]?.field).toBe('startAt');
  });

  it('answers a string parsed before as the first time, and refuses a bad one every time', () => {
    const value = '2031-05-06T09:30:00+08:00';
    const first = parseInstant(value);
    expect(parseInstant(value)).toBe(first);
    expect(parseInstant(value, 'other')).toBe(Date.parse('2031-05-06T01:30:00Z'));
    for (let i = 0; i < 3; i++) {
      expect(caught(() => parseInstant('2031-02-30T01:30:00Z', `f${i}`)).errors[0]?.field).toBe(`f${i}`);
    }
    // more distinct strings than it remembers: still the right answers
    for (let i = 0; i < 2_100; i++) {
      const iso = new Date(Date.UTC(2030, 0, 1) + i * 60_000).toISOString();
      expect(parseInstant(iso)).toBe(Date.parse(iso));
    }
    expect(parseInstant(value)).toBe(first);
  });

  it.each([
    ['2025-01-25T15:59:59.999Z', '2025-01-25'],
    ['2025-01-25T16:00:00Z', '2025-01-26'],
    ['2025-01-26T00:00:00+08:00', '2025-01-26'],
    ['2024-12-31T16:00:00Z', '2025-01-01'],
    ['1969-12-31T16:00:00Z', '1970-01-01'],
    ['1969-12-31T15:59:59Z', '1969-12-31'],
  ])('the Shanghai day of %s is %s', (at, date) => {
    expect(shanghaiDateOf(at)).toBe(date);
  });

  it.each([
    ['2025-01-26', '00:00', '2025-01-25T16:00:00.000Z'],
    ['2025-01-26', '08:30', '2025-01-26T00:30:00.000Z'],
    ['2025-01-26', '17:30', '2025-01-26T09:30:00.000Z'],
    ['2025-01-26', '24:00', '2025-01-26T16:00:00.000Z'],
    ['2025-12-31', '24:00', '2025-12-31T16:00:00.000Z'],
  ])('%s %s in Shanghai is %s', (date, time, iso) => {
    expect(shanghaiInstant(date, time)).toBe(iso);
    if (time !== '24:00') expect(shanghaiDateOf(iso)).toBe(date);
  });

  it.each([
    ['2025-02-30', '08:30', 'date'],
    ['2025-01-26', '8:30', 'time'],
    ['2025-01-26', '24:30', 'time'],
  ])('shanghaiInstant(%s, %s) names %s', (date, time, field) => {
    const error = caught(() => shanghaiInstant(date, time));
    expect(error.code).toBe(ErrorCode.INVALID_DATE);
    expect(error.errors[0]?.field).toBe(field);
  });
});
