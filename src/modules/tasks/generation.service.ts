/**
 * Generation of mandatory-action tasks for a month (PRODUCT.md §4): for every active customer with
 * an account manager, each action of its level (tier, group class, basic) in the catalog version in
 * force on the month's first day — one task per occurrence, owned by the account manager, due on a
 * working day, stamped with the catalog version.
 *
 * Idempotent and safe with two processes: inserts use ON CONFLICT DO NOTHING on the occurrence key,
 * and a run holds the month's advisory lock while it records the ledger. The ledger
 * (`task_generations`) lets a later run of the same month skip the actions already complete and look
 * only at customers and contacts changed since the previous run's watermark.
 *
 * On PostgreSQL a large first run is split over two connections (two halves of the customer id
 * space, each its own transaction). On PGlite, which runs one query at a time for the whole process,
 * it is cut into transactions of ≈5,000 customers with the event loop yielded between them, so the
 * API keeps answering.
 */
import { sql } from 'drizzle-orm';
import { type Actor, systemActor, writeAudit } from '../../db/audit.ts';
import type { Executor, Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { CalendarEntry, WorkCalendar } from '../../domain/calendar/calendar.ts';
import { fromDayNumber, shanghaiDayNumberOf } from '../../domain/calendar/dates.ts';
import type { CatalogVersion } from '../../domain/catalog/types.ts';
import { addMonths, monthKey, monthSpan, parseMonth } from '../../domain/tasks/periods.ts';
import { monthsTouchedBy } from '../../domain/tasks/redate.ts';
import { type PlannedBirthdayAction, planMonth } from '../../domain/tasks/schedule.ts';
import { loadEntries, NATIONAL } from '../calendar/calendar.repo.ts';
import { onScheduleImported, type ScheduleImported } from '../calendar/calendar.service.ts';
import { ensureCatalogInForce } from '../catalog/catalog.service.ts';
import {
  type BirthdayDayRow,
  type CustomerFilter,
  countActiveCustomers,
  coverageWatermark,
  findLedger,
  findRegionalCalendars,
  type GenerationStamp,
  insertBirthdayTasks,
  insertOccurrenceTasks,
  lockMonth,
  type OccurrenceRow,
  recordLedger,
} from './generation.repo.ts';
import { findGeneratedMonths, resetLedger } from './provisional.repo.ts';
import { type RedatingReport, redateProvisionalTasks } from './provisional.service.ts';

export type GenerationTrigger = 'job' | 'cli' | 'demo' | 'api' | 'bench';

export type GenerationInput = { month: string; at: Date; trigger?: GenerationTrigger; actor?: Actor };

export type GenerationReport = {
  month: string;
  catalogVersion: number;
  /** Tasks created by this run. */
  created: number;
  /** Actions generated for every customer (not complete before this run). */
  fullActions: number;
  /** Actions already complete: only customers and contacts changed since were looked at. */
  incrementalActions: number;
  /** Changes before this instant are covered for the next run. */
  coveredUntil: string;
  milliseconds: number;
};

/** Customers per transaction on PGlite. */
export const PGLITE_CHUNK_CUSTOMERS = 5_000;
/** Below this many customers a PostgreSQL run uses one statement on one connection. */
const PARALLEL_FROM_CUSTOMERS = 20_000;
const PARALLEL_WORKERS = 2;

type Prepared = {
  stamp: GenerationStamp;
  catalog: CatalogVersion;
  occurrences: OccurrenceRow[];
  birthdayActions: PlannedBirthdayAction[];
  birthdayDays: BirthdayDayRow[];
  actions: { actionCode: string; level: string }[];
};

/** Loads the catalog in force on the month's first day and computes the month's plan per calendar. */
async function prepare(
  tx: Tx,
  calendarFor: (region: string) => Promise<WorkCalendar>,
  actor: Actor,
  month: string,
  at: Date,
): Promise<Prepared> {
  const span = monthSpan(parseMonth(month));
  const catalog = await ensureCatalogInForce(tx, actor, span.start);
  const holidays: CalendarEntry[] = await loadEntries(tx, NATIONAL);
  const regional = await findRegionalCalendars(tx);
  const occurrences: OccurrenceRow[] = [];
  const birthdayDays: BirthdayDayRow[] = [];
  let birthdayActions: PlannedBirthdayAction[] = [];
  for (const region of [NATIONAL, ...regional]) {
    const plan = planMonth(catalog.document.actions, parseMonth(month), await calendarFor(region), holidays);
    occurrences.push(...plan.occurrences.map((o) => ({ ...o, calendar: region })));
    birthdayDays.push(...plan.birthdayDays.map((d) => ({ ...d, calendar: region })));
    birthdayActions = plan.birthdayActions;
  }
  return {
    stamp: {
      month: span.key,
      monthStart: span.start,
      catalogVersion: catalog.version,
      regionalCalendars: regional,
      at,
    },
    catalog,
    occurrences,
    birthdayActions,
    birthdayDays,
    actions: catalog.document.actions.map((a) => ({ actionCode: a.code, level: a.level })),
  };
}

/** Inserts the tasks of the actions `codes` for the customers of `filter`. */
async function insertFor(ex: Executor, prep: Prepared, codes: ReadonlySet<string>, filter: CustomerFilter) {
  const occurrences = prep.occurrences.filter((o) => codes.has(o.actionCode));
  const birthdays = prep.birthdayActions.filter((a) => codes.has(a.actionCode));
  return (
    (await insertOccurrenceTasks(ex, prep.stamp, occurrences, filter)) +
    (await insertBirthdayTasks(ex, prep.stamp, birthdays, prep.birthdayDays, filter))
  );
}

/** `parts` slices of the uuid space: [from, to) bounds (open at both ends of the space). */
export function idRanges(parts: number): CustomerFilter[] {
  const bound = (i: number) =>
    `${Math.floor((i * 0x1_0000_0000) / parts)
      .toString(16)
      .padStart(8, '0')}-0000-0000-0000-000000000000`;
  return Array.from({ length: parts }, (_, i) => ({
    fromId: i === 0 ? undefined : bound(i),
    toId: i === parts - 1 ? undefined : bound(i + 1),
  }));
}

type Split = { full: Set<string>; incremental: Set<string>; since: Date | undefined };

async function splitByLedger(ex: Executor, prep: Prepared): Promise<Split> {
  const ledger = new Map(
    (await findLedger(ex, prep.stamp.month, prep.stamp.catalogVersion)).map((l) => [
      l.actionCode,
      l.coveredUntil,
    ]),
  );
  const full = new Set<string>();
  const incremental = new Set<string>();
  let since: Date | undefined;
  for (const a of prep.actions) {
    const covered = ledger.get(a.actionCode);
    if (!covered) full.add(a.actionCode);
    else {
      incremental.add(a.actionCode);
      if (!since || covered < since) since = covered;
    }
  }
  return { full, incremental, since };
}

/** Records the run in the ledger and (when it created tasks, or a person asked) in the audit log. */
async function finish(
  tx: Tx,
  prep: Prepared,
  split: Split,
  input: { actor: Actor; trigger: GenerationTrigger; watermark: Date; started: number; created: number },
): Promise<GenerationReport> {
  await recordLedger(
    tx,
    prep.stamp.month,
    prep.stamp.catalogVersion,
    prep.actions,
    input.watermark,
    prep.stamp.at,
  );
  const report: GenerationReport = {
    month: prep.stamp.month,
    catalogVersion: prep.stamp.catalogVersion,
    created: input.created,
    fullActions: split.full.size,
    incrementalActions: split.incremental.size,
    coveredUntil: input.watermark.toISOString(),
    milliseconds: Math.round(performance.now() - input.started),
  };
  if (input.created > 0 || input.trigger === 'cli' || input.trigger === 'api') {
    await writeAudit(tx, input.actor, {
      action: 'generate',
      entity: 'taskGeneration',
      entityId: prep.stamp.month,
      after: { ...report, trigger: input.trigger, fullActionCodes: [...split.full] },
    });
  }
  return report;
}

const running = new Map<string, Promise<unknown>>();

/** Runs `work` after any run of the same key in this process (PGlite's chunks span transactions). */
async function serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = running.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  running.set(key, next);
  try {
    return await next;
  } finally {
    if (running.get(key) === next) running.delete(key);
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Generates the tasks of `month` (YYYY-MM) as of `at`. Throws VALIDATION_FAILED for a bad month.
 * Safe to call again and from several processes at once: each task is created once.
 */
export function generateTasks(deps: Deps, input: GenerationInput): Promise<GenerationReport> {
  const month = monthKey(parseMonth(input.month));
  const actor = input.actor ?? systemActor('job:tasks');
  const trigger = input.trigger ?? 'job';
  return serialized(`tasks:${month}`, async () => {
    const started = performance.now();
    const prep = await deps.db.transaction((tx) =>
      prepare(tx, (region) => deps.calendars.get(tx, region), actor, month, input.at),
    );
    if (deps.database.engine === 'postgres') {
      return deps.db.transaction(async (tx) => {
        await lockMonth(tx, month);
        const split = await splitByLedger(tx, prep);
        const watermark = await coverageWatermark(tx, input.at);
        let created = 0;
        if (split.full.size > 0) {
          const customers = await countActiveCustomers(tx);
          if (customers < PARALLEL_FROM_CUSTOMERS) created += await insertFor(tx, prep, split.full, {});
          else {
            const counts = await Promise.all(
              idRanges(PARALLEL_WORKERS).map((range) =>
                deps.db.transaction(async (worker) => {
                  await worker.execute(sql`set local synchronous_commit = off`);
                  // Whole-table joins: hash joins, no JIT, enough memory not to spill the hashes.
                  await worker.execute(sql`set local jit = off`);
                  await worker.execute(sql`set local enable_nestloop = off`);
                  await worker.execute(sql`set local work_mem = '64MB'`);
                  return insertFor(worker, prep, split.full, range);
                }),
              ),
            );
            created += counts.reduce((a, b) => a + b, 0);
          }
        }
        if (split.incremental.size > 0) {
          created += await insertFor(tx, prep, split.incremental, { changedSince: split.since });
        }
        return finish(tx, prep, split, { actor, trigger, watermark, started, created });
      });
    }
    // PGlite: chunks in their own transactions, the event loop yielded between them.
    const split = await splitByLedger(deps.db, prep);
    const watermark = await coverageWatermark(deps.db, input.at);
    let created = 0;
    if (split.full.size > 0) {
      const customers = await countActiveCustomers(deps.db);
      for (const range of idRanges(Math.max(1, Math.ceil(customers / PGLITE_CHUNK_CUSTOMERS)))) {
        created += await deps.db.transaction((tx) => insertFor(tx, prep, split.full, range));
        await yieldToEventLoop();
      }
    }
    return deps.db.transaction(async (tx) => {
      await lockMonth(tx, month);
      if (split.incremental.size > 0) {
        created += await insertFor(tx, prep, split.incremental, { changedSince: split.since });
      }
      return finish(tx, prep, split, { actor, trigger, watermark, started, created });
    });
  });
}

/**
 * Generates a month inside an open transaction, in one go (the demo's path: its transaction holds
 * everything). `calendarFor` gives the calendar of a region ('' = national).
 */
export async function generateTasksIn(
  tx: Tx,
  calendarFor: (region: string) => Promise<WorkCalendar>,
  actor: Actor,
  input: { month: string; at: Date },
): Promise<GenerationReport> {
  const started = performance.now();
  const month = monthKey(parseMonth(input.month));
  const prep = await prepare(tx, calendarFor, actor, month, input.at);
  await lockMonth(tx, month);
  const split = await splitByLedger(tx, prep);
  const watermark = await coverageWatermark(tx, input.at);
  let created = 0;
  if (split.full.size > 0) created += await insertFor(tx, prep, split.full, {});
  if (split.incremental.size > 0) {
    created += await insertFor(tx, prep, split.incremental, { changedSince: split.since });
  }
  return finish(tx, prep, split, { actor, trigger: 'demo', watermark, started, created });
}

/** The Shanghai month of an instant and whether it is the 25th or later. */
function monthOfInstant(at: Date): { month: string; lateInMonth: boolean } {
  const day = fromDayNumber(shanghaiDayNumberOf(at.getTime()));
  return { month: day.slice(0, 7), lateInMonth: Number(day.slice(8, 10)) >= 25 };
}

/**
 * The scheduled job (hourly): generates the current month, and from the 25th the next month too.
 * A month already complete costs one look at the customers changed since the last run.
 */
export async function runTaskGenerationJob(deps: Deps, at: Date): Promise<Record<string, number>> {
  const { month, lateInMonth } = monthOfInstant(at);
  const current = await generateTasks(deps, { month, at, trigger: 'job' });
  const out: Record<string, number> = { created: current.created };
  if (lateInMonth) {
    const next = monthKey(addMonths(parseMonth(month), 1));
    out.createdNextMonth = (await generateTasks(deps, { month: next, at, trigger: 'job' })).created;
  }
  return out;
}

export type ScheduleImportReport = RedatingReport & {
  /** Generated months whose greetings and birthday care were planned again. */
  months: string[];
  /** Tasks created by that: greetings of the holidays now known, birthdays now due in those months. */
  created: number;
  /** Ledger rows of those actions removed, so that the next run looks at every customer again. */
  ledgerRowsReset: number;
};

/**
 * After a national schedule import: plans again the greetings and birthday care of the generated
 * months the year touches (its months and the December before) and creates the tasks the plan now
 * has (greetings of holidays that were unknown; ON CONFLICT keeps existing tasks), then resets
 * those actions' ledger rows for those months, so that a later run stays idempotent and complete.
 */
async function replanTouchedMonths(tx: Tx, event: ScheduleImported) {
  const out = { months: [] as string[], created: 0, ledgerRowsReset: 0 };
  if (event.region !== null) return out;
  for (const month of monthsTouchedBy(event.year, await findGeneratedMonths(tx))) {
    await lockMonth(tx, month);
    const prep = await prepare(tx, event.calendarFor, event.actor, month, event.at);
    const codes = new Set(
      prep.catalog.document.actions.filter((a) => a.schedule.kind !== 'periodic').map((a) => a.code),
    );
    if (codes.size === 0) continue;
    out.months.push(month);
    out.created += await insertFor(tx, prep, codes, {});
    out.ledgerRowsReset += await resetLedger(tx, month, [...codes]);
  }
  return out;
}

/**
 * The tasks' part of a schedule import (in its transaction): re-dates the open provisional tasks,
 * re-plans the generated months the year touches, and writes one audit entry with the counts
 * (entity `taskGeneration`, id `CN:<year>` or `<region>:<year>`) when there was anything to do.
 */
export async function recomputeTasksForSchedule(
  tx: Tx,
  event: ScheduleImported,
): Promise<ScheduleImportReport> {
  const redating = await redateProvisionalTasks(tx, event.calendarFor, event.actor, event.at);
  const replanned = await replanTouchedMonths(tx, event);
  const report: ScheduleImportReport = { ...redating, ...replanned };
  if (report.provisional > 0 || report.months.length > 0) {
    await writeAudit(tx, event.actor, {
      action: 'recompute',
      entity: 'taskGeneration',
      entityId: `${event.region ?? 'CN'}:${event.year}`,
      after: report,
      reason: 'schedule imported',
    });
  }
  return report;
}

onScheduleImported('tasks', async (tx, event) => {
  await recomputeTasksForSchedule(tx, event);
});
