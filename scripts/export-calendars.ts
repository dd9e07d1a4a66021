/**
 * Writes data/calendars/<year>.json, the official PRC holiday schedules shipped with Tierline, from
 * the `chinese-days` package (one file per year it covers, in the JSON import form of
 * src/domain/calendar/schedule.ts). Run: `npx tsx scripts/export-calendars.ts`.
 *
 * Each file is checked by the same parser an administrator's import goes through, and every day of
 * every exported year is compared with chinese-days' own `isWorkday` before anything is written.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import chineseDays from 'chinese-days';
import { buildCalendar, isWorkday, listYear } from '../src/domain/calendar/calendar.ts';
import { weekdayOf } from '../src/domain/calendar/dates.ts';
import {
  assertSchedule,
  calendarDataOf,
  formatScheduleJson,
  parseScheduleJson,
  type Schedule,
} from '../src/domain/calendar/schedule.ts';

const require = createRequire(import.meta.url);
const outDir = join(dirname(fileURLToPath(import.meta.url)), '../data/calendars');

/** chinese-days keeps "English,中文,days" per date, e.g. "Spring Festival,春节,4". */
type DayMap = Record<string, string>;
const packageJsonPath = require.resolve('chinese-days/package.json');
const version = (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string }).version;
const data = JSON.parse(readFileSync(join(dirname(packageJsonPath), 'dist/chinese-days.json'), 'utf8')) as {
  holidays: DayMap;
  workdays: DayMap;
};

function chineseName(label: string, date: string): string {
  const name = label.split(',')[1]?.trim();
  if (!name) throw new Error(`chinese-days gives no Chinese name for ${date}: ${label}`);
  return name;
}

const byYear = new Map<number, Schedule['entries']>();
const add = (date: string, entry: Schedule['entries'][number]) => {
  const year = Number(date.slice(0, 4));
  byYear.set(year, [...(byYear.get(year) ?? []), entry]);
};
for (const [date, label] of Object.entries(data.holidays)) {
  add(date, { date, kind: 'holiday', name: chineseName(label, date) });
}
for (const [date, label] of Object.entries(data.workdays)) {
  const weekday = weekdayOf(date);
  if (weekday !== 0 && weekday !== 6) {
    console.warn(`skipping ${date}: chinese-days marks a weekday as a make-up working day`);
    continue;
  }
  add(date, { date, kind: 'makeupWorkday', name: `${chineseName(label, date)}调休` });
}

const years = [...byYear.keys()].sort((a, b) => a - b);
const schedules = years.map((year) =>
  // The same parser as an administrator's import: sorts the days and refuses anything malformed.
  assertSchedule(
    parseScheduleJson({
      year,
      region: null,
      source: `chinese-days ${version} (国务院办公厅通知)`,
      days: byYear.get(year),
    }),
  ),
);

const calendar = buildCalendar(calendarDataOf(schedules));
let mismatches = 0;
for (const year of years) {
  for (const day of listYear(calendar, year)) {
    if (isWorkday(calendar, day.date) !== chineseDays.isWorkday(day.date)) {
      console.error(`${day.date}: Tierline says workday=${day.workday}, chinese-days disagrees`);
      mismatches++;
    }
  }
}
if (mismatches > 0) {
  console.error(`${mismatches} days disagree with chinese-days; nothing written`);
  process.exit(1);
}

mkdirSync(outDir, { recursive: true });
for (const schedule of schedules) {
  writeFileSync(join(outDir, `${schedule.year}.json`), formatScheduleJson(schedule));
  const workdays = listYear(calendar, schedule.year).filter((d) => d.workday).length;
  console.log(`${schedule.year}.json  ${schedule.entries.length} days listed, ${workdays} working days`);
}
console.log(`wrote ${schedules.length} files (${years[0]}–${years[years.length - 1]}) to ${outDir}`);
