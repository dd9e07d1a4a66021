import { DomainError, ErrorCode } from '../errors.ts';

/**
 * Calendar days and instants without the host time zone (PRODUCT.md "The working-day calendar").
 *
 * A calendar day is a `YYYY-MM-DD` string (proleptic Gregorian, years 0001–9999) or its day number,
 * the count of days since 1970-01-01. An instant is a UTC ISO 8601 string. Asia/Shanghai is a fixed
 * UTC+8 with no daylight saving time, so every conversion is plain arithmetic.
 */

/** Milliseconds in one day. */
export const DAY_MS = 86_400_000;
/** Minutes in one day. */
export const DAY_MINUTES = 1440;
/** Asia/Shanghai's fixed offset from UTC, in minutes (UTC+8, no DST since 1991). */
export const SHANGHAI_OFFSET_MINUTES = 480;
const SHANGHAI_OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60_000;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;
const INSTANT_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** Whether `year` is a Gregorian leap year. */
const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * Number of days in a month of the Gregorian calendar.
 *
 * @example
 * daysInMonth(2024, 2); // 29
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Day number (days since 1970-01-01) of a year, month and day, without validation
 * (H. Hinnant's `days_from_civil`, exact for every proleptic Gregorian date).
 *
 * @example
 * dayNumberOfParts(2025, 1, 26); // 20114
 */
export function dayNumberOfParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** First day number this module formats: 0001-01-01. */
export const MIN_DAY_NUMBER = dayNumberOfParts(1, 1, 1);
/** Last day number this module formats: 9999-12-31. */
export const MAX_DAY_NUMBER = dayNumberOfParts(9999, 12, 31);

/**
 * Whether `value` is a real calendar day written exactly as `YYYY-MM-DD` (years 0001–9999).
 *
 * @example
 * isValidDate('2024-02-29'); // true
 * isValidDate('2025-02-29'); // false
 * isValidDate('2025-2-3'); // false
 */
export function isValidDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Checks that `value` is a real calendar day `YYYY-MM-DD` and returns it.
 * Throws `DomainError(INVALID_DATE)` naming `field` otherwise.
 *
 * @example
 * parseDate('2025-01-26'); // '2025-01-26'
 * parseDate('2025-02-30', 'from'); // throws INVALID_DATE, errors [{ field: 'from', … }]
 */
export function parseDate(value: unknown, field = 'date'): string {
  if (isValidDate(value)) return value;
  const shown = typeof value === 'string' ? `'${value}'` : typeof value;
  const message = `${field} must be a real calendar day written YYYY-MM-DD; got ${shown}`;
  throw new DomainError(ErrorCode.INVALID_DATE, message, [{ field, message }]);
}

/**
 * Day number (days since 1970-01-01) of a `YYYY-MM-DD` day; throws INVALID_DATE for a non-date.
 *
 * @example
 * toDayNumber('1970-01-02'); // 1
 * toDayNumber('1969-12-31'); // -1
 */
export function toDayNumber(date: string, field = 'date'): number {
  parseDate(date, field);
  return dayNumberOfParts(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/**
 * Year, month (1–12) and day of a day number.
 *
 * @example
 * partsOfDayNumber(20114); // { year: 2025, month: 1, day: 26 }
 */
export function partsOfDayNumber(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/**
 * `YYYY-MM-DD` of a day number; throws a RangeError outside 0001-01-01…9999-12-31 (a programming
 * error: callers check their results against {@link MAX_DAY_NUMBER}).
 *
 * @example
 * fromDayNumber(0); // '1970-01-01'
 */
export function fromDayNumber(dayNumber: number): string {
  if (!Number.isInteger(dayNumber) || dayNumber < MIN_DAY_NUMBER || dayNumber > MAX_DAY_NUMBER) {
    throw new RangeError(`day number ${dayNumber} is outside 0001-01-01…9999-12-31`);
  }
  const { year, month, day } = partsOfDayNumber(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Day of the week of a day number, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday).
 *
 * @example
 * weekdayOfDayNumber(0); // 4
 */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/**
 * Day of the week of a `YYYY-MM-DD` day, 0 = Sunday … 6 = Saturday; throws INVALID_DATE for a non-date.
 *
 * @example
 * weekdayOf('2025-01-26'); // 0 (a Sunday, yet a make-up working day)
 */
export function weekdayOf(date: string): number {
  return weekdayOfDayNumber(toDayNumber(date));
}

/**
 * Minutes after midnight of an `HH:MM` time of day (`24:00` allowed = 1440), or null when malformed.
 *
 * @example
 * minutesOfTime('08:30'); // 510
 * minutesOfTime('24:00'); // 1440
 * minutesOfTime('8:30'); // null
 */
export function minutesOfTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = TIME_PATTERN.exec(value);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours === 24 && minutes === 0) return DAY_MINUTES;
  if (hours > 23 || minutes > 59) return null;
  return hours * 60 + minutes;
}

/**
 * The instants parsed lately (a ticket's clocks parse the same few instants many times over): the
 * answer is a function of the string alone, so a hit returns what parsing would.
 */
const parsedInstants = new Map<string, number>();
const PARSED_INSTANTS_MAX = 1024;

/**
 * Epoch milliseconds of an ISO 8601 instant that states its offset (`Z` or `±HH:MM`); a string
 * without an offset is refused, because it would be read in the host's time zone.
 * Throws `DomainError(INVALID_DATE)` naming `field` otherwise.
 *
 * @example
 * parseInstant('2025-01-24T09:30:00+08:00'); // 1737682200000
 * parseInstant('2025-01-24T01:30:00.000Z'); // 1737682200000
 */
export function parseInstant(value: unknown, field = 'at'): number {
  if (typeof value === 'string') {
    const known = parsedInstants.get(value);
    if (known !== undefined) return known;
  }
  const match = typeof value === 'string' ? INSTANT_PATTERN.exec(value) : null;
  if (match) {
    const [, y, mo, d, h, mi, s, frac, zone] = match;
    const date = `${y}-${mo}-${d}`;
    const hours = Number(h);
    const minutes = Number(mi);
    const seconds = s === undefined ? 0 : Number(s);
    let offsetMinutes = 0;
    let zoneOk = true;
    if (zone !== undefined && zone !== 'Z') {
      const zoneHours = Number(zone.slice(1, 3));
      const zoneMinutes = Number(zone.slice(4, 6));
      zoneOk = zoneHours <= 23 && zoneMinutes <= 59;
      offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (zoneHours * 60 + zoneMinutes);
    }
    if (isValidDate(date) && hours <= 23 && minutes <= 59 && seconds <= 59 && zoneOk) {
      const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
      const dayNumber = dayNumberOfParts(Number(y), Number(mo), Number(d));
      const epochMs =
        dayNumber * DAY_MS + ((hours * 60 + minutes - offsetMinutes) * 60 + seconds) * 1000 + millis;
      const shanghaiDay = shanghaiDayNumberOf(epochMs);
      if (shanghaiDay >= MIN_DAY_NUMBER && shanghaiDay <= MAX_DAY_NUMBER) {
        if (parsedInstants.size >= PARSED_INSTANTS_MAX) parsedInstants.clear();
        parsedInstants.set(value as string, epochMs);
        return epochMs;
      }
    }
  }
  const shown = typeof value === 'string' ? `'${value}'` : typeof value;
  const message = `${field} must be an ISO 8601 instant with an offset, such as 2025-01-24T01:30:00Z; got ${shown}`;
  throw new DomainError(ErrorCode.INVALID_DATE, message, [{ field, message }]);
}

/**
 * UTC ISO string (`…Z`, milliseconds shown) of epoch milliseconds.
 *
 * @example
 * formatInstant(0); // '1970-01-01T00:00:00.000Z'
 */
export function formatInstant(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * Day number of the Asia/Shanghai calendar day containing an instant given in epoch milliseconds.
 *
 * @example
 * shanghaiDayNumberOf(Date.UTC(2025, 0, 25, 16)); // day number of 2025-01-26
 */
export function shanghaiDayNumberOf(epochMs: number): number {
  return Math.floor((epochMs + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/**
 * The calendar day in Asia/Shanghai (UTC+8) of an instant.
 *
 * @example
 * shanghaiDateOf('2025-01-25T16:00:00Z'); // '2025-01-26' (midnight in Shanghai)
 * shanghaiDateOf('2025-01-25T15:59:59Z'); // '2025-01-25'
 */
export function shanghaiDateOf(atIso: string): string {
  return fromDayNumber(shanghaiDayNumberOf(parseInstant(atIso)));
}

/**
 * The UTC instant of a wall-clock time `HH:MM` on a day in Asia/Shanghai; `24:00` is the next midnight.
 * Throws INVALID_DATE (field `date` or `time`) for a malformed day or time.
 *
 * @example
 * shanghaiInstant('2025-01-26', '08:30'); // '2025-01-26T00:30:00.000Z'
 * shanghaiInstant('2025-01-26', '24:00'); // '2025-01-26T16:00:00.000Z'
 */
export function shanghaiInstant(date: string, time: string): string {
  const dayNumber = toDayNumber(date);
  const minutes = minutesOfTime(time);
  if (minutes === null) {
    const message = `time must be HH:MM between 00:00 and 24:00; got '${String(time)}'`;
    throw new DomainError(ErrorCode.INVALID_DATE, message, [{ field: 'time', message }]);
  }
  return formatInstant(shanghaiEpochMsOf(dayNumber, minutes * 60_000));
}

/**
 * Epoch milliseconds of `offsetMs` after midnight of a Shanghai day number.
 *
 * @example
 * shanghaiEpochMsOf(0, 8 * 3_600_000); // 0 (08:00 in Shanghai on 1970-01-01 is 00:00 UTC)
 */
export function shanghaiEpochMsOf(dayNumber: number, offsetMs: number): number {
  return dayNumber * DAY_MS + offsetMs - SHANGHAI_OFFSET_MS;
}
