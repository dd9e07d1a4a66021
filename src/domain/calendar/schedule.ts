import { DomainError, ErrorCode, type FieldIssue } from '../errors.ts';
import type { CalendarData, CalendarEntry, CalendarEntryKind } from './calendar.ts';
import { splitCsv } from './csv.ts';
import { isValidDate, weekdayOf } from './dates.ts';

/**
 * The import file of one year's official holiday schedule (PRODUCT.md "The working-day calendar":
 * an administrator loads a new year's schedule, file or API). Two forms:
 *
 * - JSON: `{ "year": 2027, "region": null | "GD-SZ", "source": "国务院办公厅通知…",
 *   "days": [{ "date": "2027-01-01", "kind": "holiday", "name": "元旦" }, …] }`
 * - CSV with the header `date,kind,name`; the year is that of the dates (all in one year) and the
 *   region comes from the caller.
 *
 * The parsers collect every problem instead of stopping at the first, so one round trip shows the
 * administrator everything to fix.
 */

export type Schedule = {
  year: number;
  region: string | null;
  source: string | null;
  entries: CalendarEntry[];
};
export type ScheduleParseResult = { ok: true; schedule: Schedule } | { ok: false; issues: FieldIssue[] };

/** Years a schedule may describe. */
export const SCHEDULE_FIRST_YEAR = 1949;
export const SCHEDULE_LAST_YEAR = 2200;
const NAME_MAX = 100;
const SOURCE_MAX = 500;
const REGION_MAX = 64;
const CSV_HEADER = ['date', 'kind', 'name'] as const;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** One row to check: its raw values and how to name it in issues (`days[3]` or `line 4`). */
type RawDay = { label: string; date: unknown; kind: unknown; name: unknown };

const isScheduleYear = (year: unknown): year is number =>
  typeof year === 'number' &&
  Number.isInteger(year) &&
  year >= SCHEDULE_FIRST_YEAR &&
  year <= SCHEDULE_LAST_YEAR;

/** `days[3]` → `days[3].date`; `line 4` → `line 4.date`. */
const fieldOf = (label: string, key: string) => `${label}.${key}`;

/**
 * Checks the rows against `year` ('infer': take it from the first real date, as for CSV; 'unknown':
 * the file's year is itself invalid, so check each day alone) and returns the entries, sorted by
 * date, plus the year.
 */
function checkDays(
  rows: RawDay[],
  year: number | 'infer' | 'unknown',
  issues: FieldIssue[],
): { entries: CalendarEntry[]; year: number | null } {
  let expectedYear = typeof year === 'number' ? year : null;
  let yearLabel: string | null = null;
  const seen = new Map<string, string>();
  const entries: CalendarEntry[] = [];
  for (const row of rows) {
    let ok = true;
    const date = typeof row.date === 'string' ? row.date.trim() : row.date;
    if (!isValidDate(date)) {
      issues.push({
        field: fieldOf(row.label, 'date'),
        message: `${JSON.stringify(row.date) ?? 'nothing'} is not a real date written YYYY-MM-DD`,
      });
      ok = false;
    } else {
      const dateYear = Number(date.slice(0, 4));
      if (year === 'unknown') {
        // nothing to compare with
      } else if (expectedYear === null) {
        expectedYear = dateYear;
        yearLabel = row.label;
        if (!isScheduleYear(dateYear)) {
          issues.push({
            field: fieldOf(row.label, 'date'),
            message: `year ${dateYear} is outside ${SCHEDULE_FIRST_YEAR}–${SCHEDULE_LAST_YEAR}`,
          });
          ok = false;
        }
      } else if (dateYear !== expectedYear) {
        const where =
          yearLabel === null ? `the schedule's year ${expectedYear}` : `${expectedYear} (${yearLabel})`;
        issues.push({
          field: fieldOf(row.label, 'date'),
          message: `${date} is not in ${where}; all dates must be in one year`,
        });
        ok = false;
      }
      const first = seen.get(date);
      if (first !== undefined) {
        issues.push({
          field: fieldOf(row.label, 'date'),
          message: `${date} appears twice: ${first} and ${row.label}`,
        });
        ok = false;
      } else {
        seen.set(date, row.label);
      }
    }
    const kind = typeof row.kind === 'string' ? row.kind.trim() : row.kind;
    if (kind !== 'holiday' && kind !== 'makeupWorkday') {
      issues.push({
        field: fieldOf(row.label, 'kind'),
        message: `kind must be holiday or makeupWorkday; got ${JSON.stringify(row.kind) ?? 'nothing'}`,
      });
      ok = false;
    } else if (kind === 'makeupWorkday' && isValidDate(date)) {
      const weekday = weekdayOf(date);
      if (weekday !== 0 && weekday !== 6) {
        issues.push({
          field: fieldOf(row.label, 'date'),
          message: `${date} is a ${WEEKDAY_NAMES[weekday]}; a makeupWorkday must fall on Saturday or Sunday`,
        });
        ok = false;
      }
    }
    const nameIsText = typeof row.name === 'string' || row.name === undefined || row.name === null;
    const name = typeof row.name === 'string' ? row.name.trim() : '';
    if (!nameIsText) {
      issues.push({ field: fieldOf(row.label, 'name'), message: 'name must be text' });
      ok = false;
    } else if (kind === 'holiday' && name === '') {
      issues.push({ field: fieldOf(row.label, 'name'), message: 'a holiday needs a name, such as 春节' });
      ok = false;
    } else if (name.length > NAME_MAX) {
      issues.push({
        field: fieldOf(row.label, 'name'),
        message: `name must be at most ${NAME_MAX} characters`,
      });
      ok = false;
    }
    if (ok) entries.push({ date: date as string, kind: kind as CalendarEntryKind, name });
  }
  entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { entries, year: expectedYear };
}

/** A region code: null (national) or a non-empty text of at most 64 characters. */
function checkRegion(value: unknown, field: string, issues: FieldIssue[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '' || value.trim().length > REGION_MAX) {
    issues.push({
      field,
      message: `region must be null or a code of 1–${REGION_MAX} characters, such as GD-SZ`,
    });
    return null;
  }
  return value.trim();
}

/** The file's region unless the caller names one; both named and different is a problem. */
function resolveRegion(
  fromFile: string | null,
  fromCaller: string | null | undefined,
  issues: FieldIssue[],
): string | null {
  const caller = checkRegion(fromCaller, 'region', issues);
  if (caller !== null && fromFile !== null && caller !== fromFile) {
    issues.push({
      field: 'region',
      message: `the file is for region ${fromFile}, but ${caller} was requested`,
    });
  }
  return caller ?? fromFile;
}

/**
 * Parses the JSON form of a year's schedule (already `JSON.parse`d). `region`, when given, names the
 * region the file is imported for (a file naming a different region is refused). Collects every
 * problem: `year` an integer 1949–2200; each date real, inside `year` and listed once (a duplicate is
 * reported on its second occurrence, naming both); kind holiday or makeupWorkday; a makeupWorkday on
 * Saturday or Sunday; a holiday with a name; at least one day.
 *
 * @example
 * parseScheduleJson({ year: 2025, region: null, source: null, days: [{ date: '2025-01-01', kind: 'holiday', name: '元旦' }] });
 * // { ok: true, schedule: { year: 2025, region: null, source: null, entries: [{ date: '2025-01-01', kind: 'holiday', name: '元旦' }] } }
 * parseScheduleJson({ year: 2025, days: [{ date: '2025-01-27', kind: 'makeupWorkday', name: '' }] });
 * // { ok: false, issues: [{ field: 'days[0].date', message: '2025-01-27 is a Monday; a makeupWorkday must fall on Saturday or Sunday' }] }
 */
export function parseScheduleJson(value: unknown, region?: string | null): ScheduleParseResult {
  const issues: FieldIssue[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, issues: [{ field: 'file', message: 'the schedule must be a JSON object' }] };
  }
  const raw = value as Record<string, unknown>;
  let year: number | null = null;
  if (isScheduleYear(raw.year)) {
    year = raw.year;
  } else {
    issues.push({
      field: 'year',
      message: `year must be an integer ${SCHEDULE_FIRST_YEAR}–${SCHEDULE_LAST_YEAR}; got ${JSON.stringify(raw.year) ?? 'nothing'}`,
    });
  }
  const fileRegion = checkRegion(raw.region, 'region', issues);
  const resolvedRegion = resolveRegion(fileRegion, region, issues);
  let source: string | null = null;
  if (typeof raw.source === 'string' && raw.source.trim().length <= SOURCE_MAX) {
    source = raw.source.trim() === '' ? null : raw.source.trim();
  } else if (raw.source !== undefined && raw.source !== null) {
    issues.push({
      field: 'source',
      message: `source must be null or a text of at most ${SOURCE_MAX} characters`,
    });
  }
  let rows: RawDay[] = [];
  if (!Array.isArray(raw.days)) {
    issues.push({ field: 'days', message: 'days must be a list of { date, kind, name }' });
  } else {
    rows = raw.days.map((item: unknown, i) => {
      const day = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
      return { label: `days[${i}]`, date: day.date, kind: day.kind, name: day.name };
    });
    if (rows.length === 0) issues.push({ field: 'days', message: 'the schedule lists no days' });
  }
  const checked = checkDays(rows, year ?? 'unknown', issues);
  if (year === null || issues.length > 0) return { ok: false, issues };
  return { ok: true, schedule: { year, region: resolvedRegion, source, entries: checked.entries } };
}

/**
 * Parses the CSV form of a year's schedule: header `date,kind,name`, one day per line, every date in
 * one year (which becomes the schedule's year); `region` names the region (default national). Collects
 * every problem with the same rules as {@link parseScheduleJson}; a line with the wrong number of
 * columns is reported as `line N`, a field problem as `line N.date`, `line N.kind` or `line N.name`.
 *
 * @example
 * parseScheduleCsv('date,kind,name\n2025-01-26,makeupWorkday,春节调休\n2025-01-28,holiday,春节\n');
 * // { ok: true, schedule: { year: 2025, region: null, source: null, entries: [ …2 entries ] } }
 * parseScheduleCsv('date,kind\n2025-01-26,makeupWorkday\n');
 * // { ok: false, issues: [{ field: 'line 1', … }, { field: 'line 2', … }] }
 */
export function parseScheduleCsv(text: string, region?: string | null): ScheduleParseResult {
  const issues: FieldIssue[] = [];
  if (typeof text !== 'string')
    return { ok: false, issues: [{ field: 'file', message: 'the schedule must be text' }] };
  const resolvedRegion = resolveRegion(null, region, issues);
  const { records, unterminatedAt } = splitCsv(text);
  if (unterminatedAt !== null) {
    issues.push({ field: `line ${unterminatedAt}`, message: 'a quoted field is not closed' });
  }
  const [header, ...rest] = records;
  if (header === undefined) {
    issues.push({ field: 'days', message: 'the schedule lists no days' });
    return { ok: false, issues };
  }
  const headerText = header.fields.map((f) => f.trim()).join(',');
  if (headerText.toLowerCase() !== CSV_HEADER.join(',').toLowerCase()) {
    issues.push({
      field: `line ${header.line}`,
      message: `the header must be ${CSV_HEADER.join(',')}; got ${headerText}`,
    });
  }
  const rows: RawDay[] = [];
  for (const record of rest) {
    if (record.fields.length !== CSV_HEADER.length) {
      issues.push({
        field: `line ${record.line}`,
        message: `expected ${CSV_HEADER.length} columns (${CSV_HEADER.join(',')}); found ${record.fields.length}`,
      });
      continue;
    }
    const [date, kind, name] = record.fields;
    rows.push({ label: `line ${record.line}`, date, kind, name });
  }
  if (rest.length === 0) issues.push({ field: 'days', message: 'the schedule lists no days' });
  const checked = checkDays(rows, 'infer', issues);
  if (checked.year === null || issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    schedule: { year: checked.year, region: resolvedRegion, source: null, entries: checked.entries },
  };
}

/**
 * The schedule of a parse result, or `DomainError(CALENDAR_SCHEDULE_INVALID)` carrying every issue.
 *
 * @example
 * const schedule = assertSchedule(parseScheduleCsv(text, 'GD-SZ'));
 */
export function assertSchedule(result: ScheduleParseResult): Schedule {
  if (result.ok) return result.schedule;
  throw new DomainError(
    ErrorCode.CALENDAR_SCHEDULE_INVALID,
    'The schedule file is invalid; nothing was changed',
    result.issues,
  );
}

/**
 * Calendar data from year schedules: the national ones (region null) give the loaded years and their
 * entries; when `region` is given, that region's schedules give the regional entries. A national year
 * given twice throws `DomainError(CALENDAR_SCHEDULE_INVALID)`.
 *
 * @example
 * buildCalendar(calendarDataOf([schedule2025, schedule2026, shenzhen2026], 'GD-SZ'));
 */
export function calendarDataOf(schedules: Schedule[], region: string | null = null): CalendarData {
  const years: number[] = [];
  const entries: CalendarEntry[] = [];
  const regional: CalendarEntry[] = [];
  const issues: FieldIssue[] = [];
  schedules.forEach((schedule, i) => {
    if (schedule.region === null) {
      if (years.includes(schedule.year)) {
        issues.push({
          field: `schedules[${i}].year`,
          message: `the national ${schedule.year} schedule is given twice`,
        });
        return;
      }
      years.push(schedule.year);
      entries.push(...schedule.entries);
    } else if (region !== null && schedule.region === region) {
      regional.push(...schedule.entries);
    }
  });
  if (issues.length > 0) {
    throw new DomainError(ErrorCode.CALENDAR_SCHEDULE_INVALID, 'The schedules are inconsistent', issues);
  }
  years.sort((a, b) => a - b);
  return { years, entries, regional };
}

/**
 * The canonical JSON file text of a schedule, one day per line (the form of `data/calendars/<year>.json`).
 *
 * @example
 * formatScheduleJson({ year: 2025, region: null, source: 'chinese-days 1.5.7', entries: [{ date: '2025-01-01', kind: 'holiday', name: '元旦' }] });
 * // '{\n  "year": 2025,\n  "region": null,\n  "source": "chinese-days 1.5.7",\n  "days": [\n    { "date": "2025-01-01", "kind": "holiday", "name": "元旦" }\n  ]\n}\n'
 */
export function formatScheduleJson(schedule: Schedule): string {
  const days = schedule.entries.map(
    (e) =>
      `    { "date": ${JSON.stringify(e.date)}, "kind": ${JSON.stringify(e.kind)}, "name": ${JSON.stringify(e.name)} }`,
  );
  return [
    '{',
    `  "year": ${schedule.year},`,
    `  "region": ${JSON.stringify(schedule.region)},`,
    `  "source": ${JSON.stringify(schedule.source)},`,
    ...(days.length === 0 ? ['  "days": []'] : ['  "days": [', days.join(',\n'), '  ]']),
    '}',
    '',
  ].join('\n');
}
