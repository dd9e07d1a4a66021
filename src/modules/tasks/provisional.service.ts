/**
 * Provisional due dates of mandatory-action tasks (PRODUCT.md "The working-day calendar"): a task
 * whose due date was computed over days past the loaded horizon (weekends only) is `provisional`;
 * when the year's official schedule is imported, its open provisional tasks are re-dated in the
 * import's transaction — periodic ones on the last working day of their slice, birthday care on
 * the birthday or the working day before, greetings before their holiday — and greetings whose
 * holiday the schedule does not have are cancelled ("schedule imported").
 */
import type { Actor } from '../../db/audit.ts';
import type { Tx } from '../../db/database.ts';
import type { WorkCalendar } from '../../domain/calendar/calendar.ts';
import type { ActionSchedule } from '../../domain/catalog/types.ts';
import { sliceOfKey } from '../../domain/tasks/periods.ts';
import { redateOccurrence } from '../../domain/tasks/redate.ts';
import { holidayBlocksOf } from '../../domain/tasks/schedule.ts';
import { loadEntries, NATIONAL } from '../calendar/calendar.repo.ts';
import { findCatalogVersion } from '../catalog/catalog.repo.ts';
import { findRegionalCalendars } from './generation.repo.ts';
import {
  cancelTaskGroups,
  findProvisionalGroups,
  type ProvisionalGroup,
  redateTasks,
} from './provisional.repo.ts';

/** The reason written on greetings cancelled because the imported schedule has no such holiday. */
export const SCHEDULE_IMPORTED_REASON = 'schedule imported';

export type RedatingReport = {
  /** Open provisional tasks looked at. */
  provisional: number;
  /** Of those, tasks whose due date moved. */
  moved: number;
  /** Tasks no longer provisional (their due date is now official). */
  confirmed: number;
  /** Greetings cancelled: the holiday is not in the schedule. */
  cancelled: number;
};

/** The schedule kind of each action of the catalog versions of the groups. */
async function schedulesOf(tx: Tx, versions: Iterable<number>) {
  const kinds = new Map<string, ActionSchedule['kind']>();
  for (const version of new Set(versions)) {
    const catalog = await findCatalogVersion(tx, version);
    for (const a of catalog?.document.actions ?? []) kinds.set(`${version}:${a.code}`, a.schedule.kind);
  }
  return kinds;
}

/** An action gone from its catalog version (not expected: published versions never change): read the key. */
function scheduleFromKey(group: ProvisionalGroup): ActionSchedule['kind'] {
  if (/^\d{4}-birthday$/.test(group.key)) return 'birthday';
  return sliceOfKey(group.key) ? 'periodic' : 'holiday';
}

/**
 * Re-dates the open provisional tasks with the calendars now in force (`calendarFor`, inside the
 * import's transaction) and cancels the greetings whose holiday the national schedule lacks.
 */
export async function redateProvisionalTasks(
  tx: Tx,
  calendarFor: (region: string) => Promise<WorkCalendar>,
  actor: Actor,
  at: Date,
): Promise<RedatingReport> {
  const report: RedatingReport = { provisional: 0, moved: 0, confirmed: 0, cancelled: 0 };
  const regional = await findRegionalCalendars(tx);
  const groups = await findProvisionalGroups(tx, regional);
  if (groups.length === 0) return report;
  const schedules = await schedulesOf(
    tx,
    groups.map((g) => g.catalogVersion),
  );
  const holidays = holidayBlocksOf(await loadEntries(tx, NATIONAL));
  const redated: Parameters<typeof redateTasks>[2][number][] = [];
  const cancelled: ProvisionalGroup[] = [];
  for (const g of groups) {
    report.provisional += g.tasks;
    const result = redateOccurrence(await calendarFor(g.calendar), holidays, {
      schedule: schedules.get(`${g.catalogVersion}:${g.actionCode}`) ?? scheduleFromKey(g),
      occurrenceKey: g.key,
      birthday: g.birthday || null,
    });
    if (result.action === 'cancel') cancelled.push(g);
    if (result.action !== 'redate') continue;
    if (result.dueDate === g.dueDate && result.provisional) continue;
    if (result.dueDate !== g.dueDate) report.moved += g.tasks;
    if (!result.provisional) report.confirmed += g.tasks;
    redated.push({ ...g, newDueDate: result.dueDate, provisional: result.provisional, month: result.month });
  }
  await redateTasks(tx, regional, redated, at);
  report.cancelled = await cancelTaskGroups(tx, regional, cancelled, {
    by: actor.name,
    reason: SCHEDULE_IMPORTED_REASON,
    at,
  });
  return report;
}
