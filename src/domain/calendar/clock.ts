import { DomainError, ErrorCode, type FieldIssue } from '../errors.ts';
import {
  addWorkdays,
  dayOfWorkdayIndex,
  spanIsProvisional,
  type WorkCalendar,
  workdayIndexOf,
} from './calendar.ts';
import {
  DAY_MS,
  formatInstant,
  fromDayNumber,
  MAX_DAY_NUMBER,
  MIN_DAY_NUMBER,
  minutesOfTime,
  parseInstant,
  SHANGHAI_OFFSET_MINUTES,
  shanghaiDayNumberOf,
  shanghaiEpochMsOf,
  toDayNumber,
} from './dates.ts';

/**
 * Clocks for hours-based limits (PRODUCT.md "The working-day calendar"): a 7×24 clock, or business
 * hours that run only inside daily windows on working days (Asia/Shanghai wall time).
 *
 * Business time is measured as a position: `minutes per working day × working days before the day +
 * minutes already run that day`. The working-day part comes from the calendar's prefix index, so
 * adding or measuring business minutes is O(log n) whatever the span: no minute or day loops.
 */

/** A daily window of wall-clock time in Asia/Shanghai, `HH:MM`; `end` may be `24:00`. */
export type ClockWindow = { start: string; end: string };
export type Clock = { kind: '24x7' } | { kind: 'businessHours'; windows: ClockWindow[] };

/** Windows in milliseconds after midnight, with the running total per working day. */
type Windows = { starts: number[]; ends: number[]; totalMs: number };

const MINUTE_MS = 60_000;
const SHANGHAI_OFFSET_MS = SHANGHAI_OFFSET_MINUTES * MINUTE_MS;

function clockError(issues: FieldIssue[]): DomainError {
  return new DomainError(ErrorCode.INVALID_CLOCK, 'The clock definition is invalid', issues);
}

/**
 * Checks a clock definition and returns a clean copy. Business-hours windows must be non-empty,
 * each `start < end` in `HH:MM` (end up to `24:00`), sorted and non-overlapping (touching is fine).
 * Throws `DomainError(INVALID_CLOCK)` listing every problem.
 *
 * @example
 * parseClock({ kind: 'businessHours', windows: [{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }] });
 * parseClock({ kind: 'businessHours', windows: [] }); // throws INVALID_CLOCK, field `windows`
 */
export function parseClock(value: unknown): Clock {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (raw.kind === '24x7') return { kind: '24x7' };
  if (raw.kind !== 'businessHours') {
    throw clockError([{ field: 'kind', message: 'kind must be 24x7 or businessHours' }]);
  }
  const issues: FieldIssue[] = [];
  const windows: ClockWindow[] = [];
  if (!Array.isArray(raw.windows) || raw.windows.length === 0) {
    issues.push({ field: 'windows', message: 'business hours need at least one window' });
  } else {
    let previousEnd: { minutes: number; text: string } | null = null;
    raw.windows.forEach((item: unknown, i) => {
      const w = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      const start = minutesOfTime(w.start);
      const end = minutesOfTime(w.end);
      if (start === null || start >= 1440) {
        issues.push({ field: `windows[${i}].start`, message: 'start must be HH:MM between 00:00 and 23:59' });
      }
      if (end === null) {
        issues.push({ field: `windows[${i}].end`, message: 'end must be HH:MM between 00:00 and 24:00' });
      }
      if (start === null || end === null || start >= 1440) return;
      if (start >= end) {
        issues.push({
          field: `windows[${i}].end`,
          message: `end (${w.end}) must be after start (${w.start})`,
        });
      }
      if (previousEnd !== null && start < previousEnd.minutes) {
        issues.push({
          field: `windows[${i}].start`,
          message: `windows must be sorted and must not overlap: ${w.start} is before the previous end ${previousEnd.text}`,
        });
      }
      previousEnd = { minutes: end, text: String(w.end) };
      windows.push({ start: String(w.start), end: String(w.end) });
    });
  }
  if (issues.length > 0) throw clockError(issues);
  return { kind: 'businessHours', windows };
}

/**
 * Throws `DomainError(INVALID_CLOCK)` unless `clock` is a valid clock (see {@link parseClock}).
 *
 * @example
 * assertClock({ kind: 'businessHours', windows: [{ start: '13:00', end: '12:00' }] }); // throws
 */
export function assertClock(clock: Clock): void {
  parseClock(clock);
}

/**
 * The windows of the business-hours clocks validated so far, by the clock object (a ticket's clocks
 * share their definition's; clocks are values, never changed in place).
 */
const checkedWindows = new WeakMap<Clock, Windows>();

/** Validates the clock; null for 24×7, else its windows in milliseconds. */
function windowsOf(clock: Clock): Windows | null {
  if (typeof clock === 'object' && clock !== null) {
    if (clock.kind === '24x7') return null;
    const known = checkedWindows.get(clock);
    if (known) return known;
  }
  const checked = parseClock(clock);
  if (checked.kind === '24x7') return null;
  const starts = checked.windows.map((w) => minutesOfTime(w.start)! * MINUTE_MS);
  const ends = checked.windows.map((w) => minutesOfTime(w.end)! * MINUTE_MS);
  const totalMs = starts.reduce((sum, start, i) => sum + ends[i]! - start, 0);
  const windows = { starts, ends, totalMs };
  checkedWindows.set(clock, windows);
  return windows;
}

/** Business milliseconds run on a working day before `offsetMs` after midnight. */
function runWithinDay(w: Windows, offsetMs: number): number {
  let run = 0;
  for (let i = 0; i < w.starts.length; i++) {
    run += Math.min(Math.max(offsetMs - w.starts[i]!, 0), w.ends[i]! - w.starts[i]!);
  }
  return run;
}

/** Cumulative business milliseconds at an instant, on a scale shared by every instant. */
function positionOf(cal: WorkCalendar, w: Windows, epochMs: number): number {
  const day = shanghaiDayNumberOf(epochMs);
  const before = workdayIndexOf(cal, day);
  const works = workdayIndexOf(cal, day + 1) - before === 1;
  return w.totalMs * before + (works ? runWithinDay(w, epochMs + SHANGHAI_OFFSET_MS - day * DAY_MS) : 0);
}

/** The earliest instant whose position reaches `position` (which lands inside a window, ends included). */
function instantAtPosition(
  cal: WorkCalendar,
  w: Windows,
  position: number,
): { epochMs: number; day: number } {
  const index = Math.ceil(position / w.totalMs) - 1;
  let rest = position - index * w.totalMs;
  const day = dayOfWorkdayIndex(cal, index);
  for (let i = 0; i < w.starts.length; i++) {
    const length = w.ends[i]! - w.starts[i]!;
    if (rest <= length) return { epochMs: shanghaiEpochMsOf(day, w.starts[i]! + rest), day };
    rest -= length;
  }
  /* c8 ignore next */
  throw new Error('unreachable: position beyond the day');
}

/** The first instant at or after `epochMs` at which the business clock runs. */
function nextRunningInstant(
  cal: WorkCalendar,
  w: Windows,
  epochMs: number,
): { epochMs: number; day: number } {
  const day = shanghaiDayNumberOf(epochMs);
  const before = workdayIndexOf(cal, day);
  if (workdayIndexOf(cal, day + 1) - before === 1) {
    const offset = epochMs + SHANGHAI_OFFSET_MS - day * DAY_MS;
    for (let i = 0; i < w.starts.length; i++) {
      if (offset < w.starts[i]!) return { epochMs: shanghaiEpochMsOf(day, w.starts[i]!), day };
      if (offset < w.ends[i]!) return { epochMs, day };
    }
  }
  const next = dayOfWorkdayIndex(cal, workdayIndexOf(cal, day + 1));
  return { epochMs: shanghaiEpochMsOf(next, w.starts[0]!), day: next };
}

/** More minutes than 0001…9999 holds, yet small enough that millisecond sums stay exact integers. */
const MAX_MINUTES = 10_000_000_000;

function checkMinutes(minutes: number): number {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0 || minutes > MAX_MINUTES) {
    const message = `minutes must be a number from 0 to ${MAX_MINUTES}; got ${String(minutes)}`;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: 'minutes', message }]);
  }
  return Math.round(minutes * MINUTE_MS);
}

function checkRange(epochMs: number): void {
  const day = shanghaiDayNumberOf(epochMs);
  if (!Number.isFinite(epochMs) || day < MIN_DAY_NUMBER || day > MAX_DAY_NUMBER) {
    const message = 'the result falls after 9999-12-31';
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: 'minutes', message }]);
  }
}

/**
 * The instant `minutes` of clock time after `startAt`. A 24×7 clock adds plainly; business hours skip
 * nights, lunch gaps and non-working days, and a start outside a window begins at the next window
 * start (so `minutes = 0` gives the next instant the clock runs). A result landing exactly on a window
 * end is that end. `provisional` when the days crossed reach past the loaded horizon (never for 24×7).
 * Throws INVALID_CLOCK, INVALID_DATE (field `startAt`) or VALIDATION_FAILED (field `minutes`).
 *
 * @example
 * const office = { kind: 'businessHours', windows: [{ start: '08:30', end: '12:00' }, { start: '13:30', end: '17:30' }] };
 * // Friday 2025-01-24 17:00 in Shanghai + 60 min: 30 min on Friday, 30 on Sunday 01-26 (make-up day)
 * addClockMinutes(cal, office, '2025-01-24T09:00:00Z', 60); // { at: '2025-01-26T01:00:00.000Z', provisional: false }
 */
export function addClockMinutes(
  cal: WorkCalendar,
  clock: Clock,
  startAt: string,
  minutes: number,
): { at: string; provisional: boolean } {
  const w = windowsOf(clock);
  const start = parseInstant(startAt, 'startAt');
  const durationMs = checkMinutes(minutes);
  if (w === null) {
    checkRange(start + durationMs);
    return { at: formatInstant(start + durationMs), provisional: false };
  }
  const result =
    durationMs === 0
      ? nextRunningInstant(cal, w, start)
      : instantAtPosition(cal, w, positionOf(cal, w, start) + durationMs);
  checkRange(result.epochMs);
  return {
    at: formatInstant(result.epochMs),
    provisional: spanIsProvisional(cal, shanghaiDayNumberOf(start), result.day),
  };
}

/**
 * The clock minutes elapsed from `fromAt` to `toAt` (0 when `toAt <= fromAt`); business hours count
 * only time inside windows on working days. May be fractional when the instants carry seconds.
 * `provisional` when the span reaches past the loaded horizon (never for 24×7).
 * Throws INVALID_CLOCK or INVALID_DATE (field `fromAt` or `toAt`).
 *
 * @example
 * // Friday 2025-01-24 11:00 to 14:30 in Shanghai, across the 12:00–13:30 lunch gap
 * clockMinutesBetween(cal, office, '2025-01-24T03:00:00Z', '2025-01-24T06:30:00Z'); // { minutes: 120, provisional: false }
 */
export function clockMinutesBetween(
  cal: WorkCalendar,
  clock: Clock,
  fromAt: string,
  toAt: string,
): { minutes: number; provisional: boolean } {
  const w = windowsOf(clock);
  const from = parseInstant(fromAt, 'fromAt');
  const to = parseInstant(toAt, 'toAt');
  if (to <= from) return { minutes: 0, provisional: false };
  if (w === null) return { minutes: (to - from) / MINUTE_MS, provisional: false };
  return {
    minutes: (positionOf(cal, w, to) - positionOf(cal, w, from)) / MINUTE_MS,
    provisional: spanIsProvisional(cal, shanghaiDayNumberOf(from), shanghaiDayNumberOf(to)),
  };
}

/**
 * The instant a working day ends: the end of its last window for business hours, the next midnight
 * (Asia/Shanghai) for 24×7. Throws INVALID_CLOCK, INVALID_DATE, or VALIDATION_FAILED (field `date`)
 * when the day is not a working day.
 *
 * @example
 * endOfWorkday(cal, office, '2025-01-26'); // '2025-01-26T09:30:00.000Z' (17:30 in Shanghai)
 * endOfWorkday(cal, { kind: '24x7' }, '2025-01-26'); // '2025-01-26T16:00:00.000Z'
 */
export function endOfWorkday(cal: WorkCalendar, clock: Clock, date: string): string {
  const w = windowsOf(clock);
  const day = toDayNumber(date);
  if (workdayIndexOf(cal, day + 1) - workdayIndexOf(cal, day) !== 1) {
    const message = `${date} is not a working day`;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: 'date', message }]);
  }
  return formatInstant(shanghaiEpochMsOf(day, w === null ? DAY_MS : w.ends[w.ends.length - 1]!));
}

/**
 * The typical "within N working days" deadline: the end of the `workdays`-th working day after the
 * Shanghai day of `startAt` (that day excluded; 0 = the end of that day, or of the next working day
 * when it is not one). Throws INVALID_CLOCK, INVALID_DATE (field `startAt`) or VALIDATION_FAILED
 * (field `workdays`) unless workdays is a non-negative integer.
 *
 * @example
 * // ticket opened Monday 2025-01-27 10:00 in Shanghai, 3 working days: 春节 runs 01-28…02-04
 * workdayDeadline(cal, office, '2025-01-27T02:00:00Z', 3);
 * // { at: '2025-02-07T09:30:00.000Z', date: '2025-02-07', provisional: false }
 */
export function workdayDeadline(
  cal: WorkCalendar,
  clock: Clock,
  startAt: string,
  workdays: number,
): { at: string; date: string; provisional: boolean } {
  windowsOf(clock);
  const start = parseInstant(startAt, 'startAt');
  if (!Number.isSafeInteger(workdays) || workdays < 0) {
    const message = `workdays must be a non-negative integer; got ${String(workdays)}`;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: 'workdays', message }]);
  }
  const startDate = fromDayNumber(shanghaiDayNumberOf(start));
  let deadline: { date: string; provisional: boolean };
  try {
    deadline = addWorkdays(cal, startDate, workdays);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new DomainError(error.code, error.message, [{ field: 'workdays', message: error.message }]);
  }
  return { at: endOfWorkday(cal, clock, deadline.date), ...deadline };
}
