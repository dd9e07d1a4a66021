/**
 * The working-day calendar as a service: builds the pure calendar (src/domain/calendar) from the
 * database, caches it per region until an import bumps the version, and imports new schedules
 * all-or-nothing in one transaction that also recomputes the provisional deadlines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Actor, writeAudit } from '../../db/audit.ts';
import type { Db, Executor, Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import {
  addWorkdays,
  buildCalendar,
  countWorkdays,
  horizonOf,
  listYear,
  type WorkCalendar,
} from '../../domain/calendar/calendar.ts';
import { computeDeadline, type DeadlineRule } from '../../domain/calendar/deadline.ts';
import { assertSchedule, parseScheduleCsv, parseScheduleJson } from '../../domain/calendar/schedule.ts';
import {
  bumpCalendarVersion,
  findYear,
  listCalendarYears,
  loadEntries,
  loadYearEntries,
  NATIONAL,
  readCalendarVersion,
  replaceYear,
} from './calendar.repo.ts';
import { recomputeProvisionalDeadlines } from './deadlines.ts';

export const SHIPPED_CALENDARS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../data/calendars');

/** Builds a region's calendar from the tables: national schedule plus the region's overrides. */
export async function loadCalendar(ex: Executor, region: string): Promise<WorkCalendar> {
  const years = await listCalendarYears(ex, NATIONAL);
  const entries = await loadEntries(ex, NATIONAL);
  const regional = region === NATIONAL ? [] : await loadEntries(ex, region);
  return buildCalendar({ years: years.map((y) => y.year), entries, regional });
}

export type CalendarStore = {
  /**
   * The calendar for `region` ('' = national), rebuilt only when an import changed the data.
   * `knownVersion`: the data version the caller just read in `ex` (saves reading it again).
   */
  get(ex: Executor, region?: string, knownVersion?: number): Promise<WorkCalendar>;
};

export function createCalendarStore(): CalendarStore {
  const cache = new Map<string, { version: number; calendar: WorkCalendar }>();
  return {
    async get(ex, region = NATIONAL, knownVersion?: number) {
      const version = knownVersion ?? (await readCalendarVersion(ex));
      const hit = cache.get(region);
      if (hit && hit.version === version) return hit.calendar;
      const calendar = await loadCalendar(ex, region);
      cache.set(region, { version, calendar });
      return calendar;
    },
  };
}

const regionKey = (region: string | null | undefined) => region ?? NATIONAL;

export async function addWorkdaysFor(
  deps: Deps,
  input: { from: string; days: number; region?: string | null },
) {
  return addWorkdays(await deps.calendars.get(deps.db, regionKey(input.region)), input.from, input.days);
}

export async function countWorkdaysFor(
  deps: Deps,
  input: { from: string; to: string; region?: string | null },
) {
  return countWorkdays(await deps.calendars.get(deps.db, regionKey(input.region)), input.from, input.to);
}

export async function computeDeadlineFor(deps: Deps, rule: DeadlineRule, region?: string | null) {
  return computeDeadline(await deps.calendars.get(deps.db, regionKey(region)), rule);
}

export async function listDaysOfYear(deps: Deps, year: number, region?: string | null) {
  const calendar = await deps.calendars.get(deps.db, regionKey(region));
  const items = listYear(calendar, year);
  return { year, provisional: items.some((d) => d.provisional), items };
}

export async function listLoadedYears(deps: Deps, region?: string | null) {
  const calendar = await deps.calendars.get(deps.db, NATIONAL);
  const rows = await listCalendarYears(deps.db, region === undefined ? null : regionKey(region));
  const horizon = horizonOf(calendar);
  return {
    horizon: { firstYear: horizon.firstYear, lastYear: horizon.lastYear },
    items: rows.map((r) => ({
      year: r.year,
      region: r.region === NATIONAL ? null : r.region,
      source: r.source,
      entryCount: r.entryCount,
      importedAt: r.importedAt.toISOString(),
    })),
  };
}

export type ScheduleInput = { format: 'json'; value: unknown } | { format: 'csv'; text: string };

/** Validates a schedule file; throws CALENDAR_SCHEDULE_INVALID listing every problem. */
export function parseScheduleInput(input: ScheduleInput, region: string | null) {
  const result =
    input.format === 'json'
      ? parseScheduleJson(input.value, region ?? undefined)
      : parseScheduleCsv(input.text, region ?? undefined);
  return assertSchedule(result);
}

/** What an import tells its listeners, inside the import's transaction. */
export type ScheduleImported = {
  year: number;
  /** null for the national schedule, else the region whose days were imported. */
  region: string | null;
  actor: Actor;
  at: Date;
  /** A region's calendar ('' = national) with the imported schedule, read inside the transaction. */
  calendarFor: (region: string) => Promise<WorkCalendar>;
};
export type ScheduleImportListener = (tx: Tx, event: ScheduleImported) => Promise<void>;

const importListeners = new Map<string, ScheduleImportListener>();

/**
 * Called once at module load by a module that keeps dates computed with the calendar in its own
 * rows (e.g. 'tasks'): the listener runs in the import's transaction, after the provisional
 * deadlines are recomputed, and a failure rolls the whole import back.
 */
export function onScheduleImported(owner: string, listener: ScheduleImportListener): void {
  importListeners.set(owner, listener);
}

/**
 * Called after an import committed, with the new calendars in force: for work too large for the
 * import's transaction (e.g. the desk recomputing every open ticket's business-hours clocks in
 * chunks). Returns how many items it recomputed (null: left to its job, e.g. after a failure —
 * the import stands either way). The owner must also catch up on its own, by a job, should the
 * process stop between the commit and the listener.
 */
export type ScheduleCommittedListener = (deps: Deps, event: ScheduleImported) => Promise<number | null>;

const committedListeners = new Map<string, ScheduleCommittedListener>();

/** Called once at module load by a module with calendar-dependent work to redo after an import. */
export function onScheduleCommitted(owner: string, listener: ScheduleCommittedListener): void {
  committedListeners.set(owner, listener);
}

export type ImportResult = {
  year: number;
  region: string | null;
  entryCount: number;
  recomputedDeadlines: number;
  /** Per owner of `onScheduleCommitted`: items recomputed after the commit (null: left to its job). */
  recomputed: Record<string, number | null>;
};

/**
 * Imports one year's schedule: replaces that year's entries, marks the year loaded, recomputes
 * provisional deadlines, tells the `onScheduleImported` listeners and writes the audit log — all
 * in one transaction, so a crash leaves the old schedule or the new one, never half.
 */
export async function importSchedule(
  deps: Deps,
  actor: Actor,
  input: ScheduleInput,
  regionParam: string | null = null,
): Promise<ImportResult> {
  const schedule = parseScheduleInput(input, regionParam);
  const region = regionKey(schedule.region);
  const at = deps.now();
  const result = await deps.db.transaction(async (tx) => {
    const beforeYear = await findYear(tx, region, schedule.year);
    const beforeEntries = beforeYear ? await loadYearEntries(tx, region, schedule.year) : null;
    await replaceYear(tx, {
      region,
      year: schedule.year,
      source: schedule.source,
      entries: schedule.entries,
      by: actor.name,
      at,
    });
    await bumpCalendarVersion(tx, at);
    const fresh = new Map<string, WorkCalendar>();
    const calendarFor = async (r: string) => {
      const hit = fresh.get(r);
      if (hit) return hit;
      const built = await loadCalendar(tx, r);
      fresh.set(r, built);
      return built;
    };
    const recomputed = await recomputeProvisionalDeadlines(tx, calendarFor, at);
    const event: ScheduleImported = {
      year: schedule.year,
      region: region === NATIONAL ? null : region,
      actor,
      at,
      calendarFor,
    };
    for (const listener of importListeners.values()) await listener(tx, event);
    await writeAudit(tx, actor, {
      action: beforeYear ? 'replace' : 'import',
      entity: 'calendarYear',
      entityId: `${region || 'CN'}:${schedule.year}`,
      before: beforeEntries && { source: beforeYear?.source, entries: beforeEntries },
      after: { source: schedule.source, entries: schedule.entries, recomputedDeadlines: recomputed },
    });
    return {
      year: schedule.year,
      region: region === NATIONAL ? null : region,
      entryCount: schedule.entries.length,
      recomputedDeadlines: recomputed,
    };
  });
  const event: ScheduleImported = {
    year: result.year,
    region: result.region,
    actor,
    at,
    calendarFor: (r) => deps.calendars.get(deps.db, r),
  };
  const after: Record<string, number | null> = {};
  for (const [owner, listener] of committedListeners) {
    try {
      after[owner] = await listener(deps, event);
    } catch {
      after[owner] = null; // committed already: the owner's job catches up
    }
  }
  return { ...result, recomputed: after };
}

/**
 * Loads every shipped schedule (data/calendars/*.json) whose year is not in the database yet.
 * Runs at start after the migrations; never overwrites a year an administrator imported.
 */
export async function seedShippedCalendars(
  db: Db,
  actor: Actor,
  dir = SHIPPED_CALENDARS_DIR,
): Promise<number[]> {
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort();
  const loaded = new Set((await listCalendarYears(db, NATIONAL)).map((y) => y.year));
  const added: number[] = [];
  const pending = files.filter((f) => !loaded.has(Number(f.slice(0, 4))));
  if (pending.length === 0) return added;
  await db.transaction(async (tx) => {
    const at = new Date();
    for (const file of pending) {
      const schedule = parseScheduleInput(
        { format: 'json', value: JSON.parse(readFileSync(join(dir, file), 'utf8')) },
        null,
      );
      await replaceYear(tx, {
        region: NATIONAL,
        year: schedule.year,
        source: schedule.source,
        entries: schedule.entries,
        by: actor.name,
        at,
      });
      added.push(schedule.year);
    }
    await bumpCalendarVersion(tx, at);
    await writeAudit(tx, actor, {
      action: 'seed',
      entity: 'calendarYear',
      entityId: `CN:${added[0]}-${added[added.length - 1]}`,
      after: { years: added },
    });
  });
  return added;
}
