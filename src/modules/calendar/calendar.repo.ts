import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { appMeta, calendarEntries, calendarYears } from '../../db/schema.ts';
import type { CalendarEntry, CalendarEntryKind } from '../../domain/calendar/calendar.ts';

/** '' is the national calendar in the tables; the API says null. */
export const NATIONAL = '';

export type CalendarYearRow = typeof calendarYears.$inferSelect;

export async function listCalendarYears(ex: Executor, region: string | null): Promise<CalendarYearRow[]> {
  const where = region === null ? undefined : eq(calendarYears.region, region);
  return ex
    .select()
    .from(calendarYears)
    .where(where)
    .orderBy(asc(calendarYears.region), asc(calendarYears.year));
}

export async function loadEntries(ex: Executor, region: string): Promise<CalendarEntry[]> {
  const rows = await ex
    .select({ date: calendarEntries.day, kind: calendarEntries.kind, name: calendarEntries.name })
    .from(calendarEntries)
    .where(eq(calendarEntries.region, region))
    .orderBy(asc(calendarEntries.day));
  return rows.map((r) => ({ date: r.date, kind: r.kind as CalendarEntryKind, name: r.name }));
}

export async function findYear(ex: Executor, region: string, year: number): Promise<CalendarYearRow | null> {
  const [row] = await ex
    .select()
    .from(calendarYears)
    .where(and(eq(calendarYears.region, region), eq(calendarYears.year, year)));
  return row ?? null;
}

export async function loadYearEntries(ex: Executor, region: string, year: number): Promise<CalendarEntry[]> {
  const rows = await ex
    .select({ date: calendarEntries.day, kind: calendarEntries.kind, name: calendarEntries.name })
    .from(calendarEntries)
    .where(
      and(
        eq(calendarEntries.region, region),
        gte(calendarEntries.day, `${year}-01-01`),
        lte(calendarEntries.day, `${year}-12-31`),
      ),
    )
    .orderBy(asc(calendarEntries.day));
  return rows.map((r) => ({ date: r.date, kind: r.kind as CalendarEntryKind, name: r.name }));
}

/** Replaces one year of one region's entries and records the year as loaded. */
export async function replaceYear(
  ex: Executor,
  input: {
    region: string;
    year: number;
    source: string | null;
    entries: CalendarEntry[];
    by: string;
    at: Date;
  },
): Promise<void> {
  await ex
    .delete(calendarEntries)
    .where(
      and(
        eq(calendarEntries.region, input.region),
        gte(calendarEntries.day, `${input.year}-01-01`),
        lte(calendarEntries.day, `${input.year}-12-31`),
      ),
    );
  if (input.entries.length > 0) {
    await ex
      .insert(calendarEntries)
      .values(input.entries.map((e) => ({ region: input.region, day: e.date, kind: e.kind, name: e.name })));
  }
  await ex
    .insert(calendarYears)
    .values({
      region: input.region,
      year: input.year,
      source: input.source,
      entryCount: input.entries.length,
      importedAt: input.at,
      importedBy: input.by,
    })
    .onConflictDoUpdate({
      target: [calendarYears.region, calendarYears.year],
      set: {
        source: input.source,
        entryCount: input.entries.length,
        importedAt: input.at,
        importedBy: input.by,
      },
    });
}

/** The `app_meta` key of the calendar data version (bumped by every import). */
export const CALENDAR_VERSION_KEY = 'calendar.version';
const VERSION_KEY = CALENDAR_VERSION_KEY;

/** A counter bumped by every import, so each process knows when its cached calendars are stale. */
export async function readCalendarVersion(ex: Executor): Promise<number> {
  const [row] = await ex.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, VERSION_KEY));
  return typeof row?.value === 'number' ? row.value : 0;
}

export async function bumpCalendarVersion(ex: Executor, at: Date): Promise<void> {
  await ex
    .insert(appMeta)
    .values({ key: VERSION_KEY, value: 1, updatedAt: at })
    .onConflictDoUpdate({
      target: appMeta.key,
      set: { value: sql`to_jsonb((${appMeta.value})::int + 1)`, updatedAt: at },
    });
}
