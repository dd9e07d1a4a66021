import { DomainError, ErrorCode, type FieldIssue } from '../errors.ts';
import {
  dayNumberOfParts,
  fromDayNumber,
  isValidDate,
  MAX_DAY_NUMBER,
  toDayNumber,
  weekdayOfDayNumber,
} from './dates.ts';

/**
 * The PRC working-day calendar (PRODUCT.md "The working-day calendar"): the official holiday schedule
 * with its make-up working days (调休), a loaded horizon past which only weekends count and every
 * answer is provisional, and optional regional days.
 *
 * Every query is O(1) or O(log n). `buildCalendar` precomputes, over the loaded years plus a margin,
 * the prefix counts of working days and of unloaded days; outside that range the count of Monday–Friday
 * days is closed-form arithmetic on whole weeks. A working-day count is then a difference of two prefix
 * values, and "the n-th working day" is a binary search in the prefix array.
 */

export type CalendarEntryKind = 'holiday' | 'makeupWorkday';
export type CalendarEntry = { date: string; kind: CalendarEntryKind; name: string };
/**
 * `years`: the years whose official schedule is loaded (the horizon); `entries`: their holidays and
 * make-up working days; `regional`: one region's extra days off (`holiday`) or on (`makeupWorkday`),
 * each overriding the national entry for its date.
 */
export type CalendarData = { years: number[]; entries: CalendarEntry[]; regional?: CalendarEntry[] };

type IndexedEntry = { kind: CalendarEntryKind; name: string; regional: boolean };

/** A precomputed day index built by {@link buildCalendar}. Treat it as opaque: use the functions. */
export type WorkCalendar = {
  readonly years: readonly number[];
  /** Day number of the first indexed day. */
  readonly indexStart: number;
  /** Day number one past the last indexed day. */
  readonly indexEnd: number;
  /** `workPrefix[i]` = working days before day `indexStart + i`, counted as `weekdaysBefore` counts. */
  readonly workPrefix: Int32Array;
  /** `unloadedPrefix[i]` = days in [indexStart, indexStart + i) outside the loaded years. */
  readonly unloadedPrefix: Int32Array;
  readonly entries: ReadonlyMap<number, IndexedEntry>;
};

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeupWorkday';
export type DayInfo = {
  date: string;
  workday: boolean;
  kind: DayKind;
  name: string | null;
  provisional: boolean;
  regional: boolean;
};

/** Years of plain Monday–Friday days indexed before the first and after the last loaded year. */
const INDEX_MARGIN_YEARS = 1;
const ENTRY_KINDS: readonly string[] = ['holiday', 'makeupWorkday'];

/** Monday–Friday days in [0, r) for r = 0…7, day 0 being a Thursday (1970-01-01). */
const WEEKDAYS_IN_FIRST = [0, 1, 2, 2, 2, 3, 4, 5] as const;
/** Offset within a week of the first day y with `weekdaysBefore(y) >= 5k + r`, r = 0…4. */
const OFFSET_FOR_REMAINDER = [0, 1, 2, 5, 6] as const;

/** Monday–Friday days in [0, d) for d ≥ 0, minus those in [d, 0) for d < 0: a cumulative count. */
function weekdaysBefore(day: number): number {
  const weeks = Math.floor(day / 7);
  return 5 * weeks + WEEKDAYS_IN_FIRST[day - 7 * weeks]!;
}

/** The smallest day y with `weekdaysBefore(y) >= target`. */
function firstDayWithWeekdaysBefore(target: number): number {
  const weeks = Math.floor(target / 5);
  return 7 * weeks + OFFSET_FOR_REMAINDER[target - 5 * weeks]!;
}

function validateEntries(
  list: unknown,
  field: string,
  loadedYears: ReadonlySet<number> | null,
  issues: FieldIssue[],
): CalendarEntry[] {
  if (!Array.isArray(list)) {
    issues.push({ field, message: `${field} must be a list` });
    return [];
  }
  const seen = new Map<string, number>();
  const valid: CalendarEntry[] = [];
  list.forEach((raw: unknown, i) => {
    const at = `${field}[${i}]`;
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const { date, kind, name } = entry;
    let ok = true;
    if (!isValidDate(date)) {
      issues.push({ field: `${at}.date`, message: `${String(date)} is not a real date YYYY-MM-DD` });
      ok = false;
    } else {
      const first = seen.get(date);
      if (first !== undefined) {
        issues.push({ field: `${at}.date`, message: `${date} appears twice: ${field}[${first}] and ${at}` });
        ok = false;
      } else {
        seen.set(date, i);
      }
      const year = Number(date.slice(0, 4));
      if (loadedYears !== null && !loadedYears.has(year)) {
        issues.push({ field: `${at}.date`, message: `${date} lies in ${year}, which is not a loaded year` });
        ok = false;
      }
    }
    if (typeof kind !== 'string' || !ENTRY_KINDS.includes(kind)) {
      issues.push({ field: `${at}.kind`, message: 'kind must be holiday or makeupWorkday' });
      ok = false;
    }
    if (typeof name !== 'string') {
      issues.push({ field: `${at}.name`, message: 'name must be a string' });
      ok = false;
    }
    if (ok) valid.push({ date: date as string, kind: kind as CalendarEntryKind, name: name as string });
  });
  return valid;
}

/**
 * Builds the day index of a calendar. Throws `DomainError(CALENDAR_SCHEDULE_INVALID)` listing every
 * problem when a year is not an integer 1–9999, an entry is malformed, a date repeats within one list,
 * or a national entry lies outside the loaded years.
 *
 * @example
 * const cal = buildCalendar({
 *   years: [2025],
 *   entries: [{ date: '2025-01-26', kind: 'makeupWorkday', name: '春节调休' }],
 * });
 * isWorkday(cal, '2025-01-26'); // true
 */
export function buildCalendar(data: CalendarData): WorkCalendar {
  const issues: FieldIssue[] = [];
  const years = new Set<number>();
  if (Array.isArray(data.years)) {
    data.years.forEach((year: unknown, i) => {
      if (typeof year === 'number' && Number.isInteger(year) && year >= 1 && year <= 9999) years.add(year);
      else issues.push({ field: `years[${i}]`, message: `${String(year)} is not a year 1–9999` });
    });
  } else {
    issues.push({ field: 'years', message: 'years must be a list' });
  }
  const national = validateEntries(data.entries, 'entries', years, issues);
  const regional = validateEntries(data.regional ?? [], 'regional', null, issues);
  if (issues.length > 0) {
    throw new DomainError(ErrorCode.CALENDAR_SCHEDULE_INVALID, 'The calendar data is invalid', issues);
  }

  const entries = new Map<number, IndexedEntry>();
  for (const e of national) entries.set(toDayNumber(e.date), { kind: e.kind, name: e.name, regional: false });
  for (const e of regional) entries.set(toDayNumber(e.date), { kind: e.kind, name: e.name, regional: true });

  const indexedYears = [...years, ...regional.map((e) => Number(e.date.slice(0, 4)))];
  // With nothing loaded the index is empty and every day follows the weekend rule.
  const firstYear =
    indexedYears.length > 0 ? Math.max(Math.min(...indexedYears) - INDEX_MARGIN_YEARS, 1) : 1970;
  const lastYear =
    indexedYears.length > 0 ? Math.min(Math.max(...indexedYears) + INDEX_MARGIN_YEARS, 9999) : 1969;
  const indexStart = dayNumberOfParts(firstYear, 1, 1);
  const indexEnd = dayNumberOfParts(lastYear + 1, 1, 1);
  const length = indexEnd - indexStart;
  const workPrefix = new Int32Array(length + 1);
  const unloadedPrefix = new Int32Array(length + 1);
  workPrefix[0] = weekdaysBefore(indexStart);
  let year = firstYear;
  let nextYearStart = dayNumberOfParts(year + 1, 1, 1);
  let loaded = years.has(year);
  for (let i = 0; i < length; i++) {
    const day = indexStart + i;
    if (day === nextYearStart) {
      year += 1;
      nextYearStart = dayNumberOfParts(year + 1, 1, 1);
      loaded = years.has(year);
    }
    const entry = entries.get(day);
    const weekday = weekdayOfDayNumber(day);
    const works = entry ? entry.kind === 'makeupWorkday' : weekday >= 1 && weekday <= 5;
    workPrefix[i + 1] = workPrefix[i]! + (works ? 1 : 0);
    unloadedPrefix[i + 1] = unloadedPrefix[i]! + (loaded ? 0 : 1);
  }
  return {
    years: [...years].sort((a, b) => a - b),
    indexStart,
    indexEnd,
    workPrefix,
    unloadedPrefix,
    entries,
  };
}

/**
 * The working-day ordinal of a day number: how many working days come before it, on a scale shared
 * by every day (negative far in the past). Working days in [a, b) = `workdayIndexOf(cal, b) − workdayIndexOf(cal, a)`.
 * O(1).
 *
 * @example
 * const cal = buildCalendar({ years: [], entries: [] });
 * workdayIndexOf(cal, 7) - workdayIndexOf(cal, 0); // 5 (a plain week)
 */
export function workdayIndexOf(cal: WorkCalendar, dayNumber: number): number {
  if (dayNumber <= cal.indexStart) return weekdaysBefore(dayNumber);
  const length = cal.indexEnd - cal.indexStart;
  if (dayNumber >= cal.indexEnd) {
    return weekdaysBefore(dayNumber) + cal.workPrefix[length]! - weekdaysBefore(cal.indexEnd);
  }
  return cal.workPrefix[dayNumber - cal.indexStart]!;
}

/**
 * The day number of the working day whose ordinal ({@link workdayIndexOf}) is `index`; O(log n).
 *
 * @example
 * const cal = buildCalendar({ years: [], entries: [] });
 * dayOfWorkdayIndex(cal, workdayIndexOf(cal, 2)); // 4 (1970-01-03 is a Saturday: next is Monday 01-05)
 */
export function dayOfWorkdayIndex(cal: WorkCalendar, index: number): number {
  const target = index + 1;
  const length = cal.indexEnd - cal.indexStart;
  const prefix = cal.workPrefix;
  if (target <= prefix[0]!) return firstDayWithWeekdaysBefore(target) - 1;
  if (target > prefix[length]!) {
    const shift = prefix[length]! - weekdaysBefore(cal.indexEnd);
    return firstDayWithWeekdaysBefore(target - shift) - 1;
  }
  let low = 1;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (prefix[mid]! >= target) high = mid;
    else low = mid + 1;
  }
  return cal.indexStart + low - 1;
}

/** Days outside the loaded years among the days before `dayNumber`, on a cumulative scale. */
function unloadedBefore(cal: WorkCalendar, dayNumber: number): number {
  if (dayNumber <= cal.indexStart) return dayNumber - cal.indexStart;
  const length = cal.indexEnd - cal.indexStart;
  if (dayNumber >= cal.indexEnd) return cal.unloadedPrefix[length]! + dayNumber - cal.indexEnd;
  return cal.unloadedPrefix[dayNumber - cal.indexStart]!;
}

/**
 * Whether any day of the inclusive span [fromDay, toDay] lies outside the loaded years, so that an
 * answer depending on it is provisional. An empty span (toDay < fromDay) is not provisional. O(1).
 *
 * @example
 * const cal = buildCalendar({ years: [2025], entries: [] });
 * spanIsProvisional(cal, toDayNumber('2025-12-30'), toDayNumber('2026-01-02')); // true
 */
export function spanIsProvisional(cal: WorkCalendar, fromDay: number, toDay: number): boolean {
  if (toDay < fromDay) return false;
  return unloadedBefore(cal, toDay + 1) - unloadedBefore(cal, fromDay) > 0;
}

function isWorkdayNumber(cal: WorkCalendar, dayNumber: number): boolean {
  return workdayIndexOf(cal, dayNumber + 1) - workdayIndexOf(cal, dayNumber) === 1;
}

function describeDayNumber(cal: WorkCalendar, dayNumber: number): DayInfo {
  const entry = cal.entries.get(dayNumber);
  const weekday = weekdayOfDayNumber(dayNumber);
  return {
    date: fromDayNumber(dayNumber),
    workday: isWorkdayNumber(cal, dayNumber),
    kind: entry ? entry.kind : weekday === 0 || weekday === 6 ? 'weekend' : 'workday',
    name: entry ? entry.name : null,
    provisional: spanIsProvisional(cal, dayNumber, dayNumber),
    regional: entry?.regional ?? false,
  };
}

/**
 * What a day is: working or not, why (weekday, weekend, holiday, make-up working day), its name,
 * whether it lies past the loaded horizon (`provisional`) and whether a regional entry decided it.
 * Throws INVALID_DATE for a non-date.
 *
 * @example
 * describeDay(cal, '2025-01-26');
 * // { date: '2025-01-26', workday: true, kind: 'makeupWorkday', name: '春节调休', provisional: false, regional: false }
 */
export function describeDay(cal: WorkCalendar, date: string): DayInfo {
  return describeDayNumber(cal, toDayNumber(date));
}

/**
 * Whether a day is a working day (Monday–Friday, minus holidays, plus make-up working days).
 * Throws INVALID_DATE for a non-date.
 *
 * @example
 * isWorkday(cal, '2025-01-26'); // true (Sunday, make-up working day for 春节)
 * isWorkday(cal, '2025-01-28'); // false (春节)
 */
export function isWorkday(cal: WorkCalendar, date: string): boolean {
  return isWorkdayNumber(cal, toDayNumber(date));
}

/**
 * Every day of a year, in order. Throws VALIDATION_FAILED (field `year`) unless year is an integer 1–9999.
 *
 * @example
 * listYear(cal, 2025).filter((d) => d.workday).length; // 248
 */
export function listYear(cal: WorkCalendar, year: number): DayInfo[] {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    const message = `year must be an integer 1–9999; got ${String(year)}`;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: 'year', message }]);
  }
  const first = dayNumberOfParts(year, 1, 1);
  const end = dayNumberOfParts(year + 1, 1, 1);
  const days: DayInfo[] = [];
  for (let day = first; day < end; day++) days.push(describeDayNumber(cal, day));
  return days;
}

/**
 * The `days`-th working day after `from` (`from` itself excluded); `days = 0` gives `from` when it is a
 * working day, else the next working day. `provisional` when the days that decide the answer reach
 * outside the loaded years. Throws INVALID_DATE (field `from`), or VALIDATION_FAILED (field `days`)
 * unless days is a non-negative integer whose answer falls before 10000-01-01. O(log n).
 *
 * @example
 * addWorkdays(cal, '2025-01-24', 1); // { date: '2025-01-26', provisional: false } (Sunday make-up day)
 * addWorkdays(cal, '2025-01-27', 3); // { date: '2025-02-07', provisional: false }
 */
export function addWorkdays(
  cal: WorkCalendar,
  from: string,
  days: number,
): { date: string; provisional: boolean } {
  const start = toDayNumber(from, 'from');
  if (!Number.isSafeInteger(days) || days < 0) {
    const message = `days must be a non-negative integer; got ${String(days)}`;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: 'days', message }]);
  }
  const target = days === 0 ? workdayIndexOf(cal, start) : workdayIndexOf(cal, start + 1) + days - 1;
  const result = dayOfWorkdayIndex(cal, target);
  if (result > MAX_DAY_NUMBER) {
    const message = `${days} working days after ${from} falls after 9999-12-31`;
    throw new DomainError(ErrorCode.VALIDATION_FAILED, message, [{ field: 'days', message }]);
  }
  return {
    date: fromDayNumber(result),
    provisional: spanIsProvisional(cal, days === 0 ? start : start + 1, result),
  };
}

/**
 * The working days after `from` up to and including `to`; `provisional` when a day of (from, to] lies
 * outside the loaded years. Throws INVALID_DATE (field `from` or `to`), or INVALID_RANGE (field `to`)
 * when `to` is before `from`. O(1).
 *
 * @example
 * countWorkdays(cal, '2025-01-24', '2025-01-31'); // { count: 2, provisional: false } (01-26 make-up, 01-27)
 */
export function countWorkdays(
  cal: WorkCalendar,
  from: string,
  to: string,
): { count: number; provisional: boolean } {
  const start = toDayNumber(from, 'from');
  const end = toDayNumber(to, 'to');
  if (end < start) {
    const message = `to (${to}) must not be before from (${from})`;
    throw new DomainError(ErrorCode.INVALID_RANGE, message, [{ field: 'to', message }]);
  }
  return {
    count: workdayIndexOf(cal, end + 1) - workdayIndexOf(cal, start + 1),
    provisional: spanIsProvisional(cal, start + 1, end),
  };
}

/**
 * The loaded years: the official schedules this calendar knows. `firstYear`/`lastYear` are null when
 * none is loaded. A gap between loaded years is itself outside the horizon.
 *
 * @example
 * horizonOf(buildCalendar({ years: [2026, 2025], entries: [] }));
 * // { firstYear: 2025, lastYear: 2026, years: [2025, 2026] }
 */
export function horizonOf(cal: WorkCalendar): {
  firstYear: number | null;
  lastYear: number | null;
  years: number[];
} {
  const years = [...cal.years];
  return { firstYear: years[0] ?? null, lastYear: years[years.length - 1] ?? null, years };
}
