/**
 * Set-based SQL of re-dating provisional tasks: open provisional tasks are read as groups that
 * share what their due date depends on (action, occurrence key — the year for birthday care —,
 * calendar region, the contact's birthday, the current due date), and each group is updated or
 * cancelled by one join against a VALUES list — never one statement per task.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/database.ts';
import { calendarOfRegion } from './generation.repo.ts';

/** Tasks that share what their due date is computed from. */
export type ProvisionalGroup = {
  catalogVersion: number;
  actionCode: string;
  /** The occurrence key; for birthday care only its year part (`2027-birthday`). */
  key: string;
  /** Calendar region ('' = national). */
  calendar: string;
  /** The contact's birthday `MM-DD`, '' for tasks without a contact (or a contact without one). */
  birthday: string;
  dueDate: string;
  tasks: number;
};

// Follow-up tasks (a dissatisfied visit's) are due on a working day chosen when opened; never re-planned here.
const OPEN_PROVISIONAL = sql`t.provisional and t.status = 'open' and t.action_kind <> 'follow_up'`;
const KEY = sql`(case when t.contact_id is null then t.occurrence_key else split_part(t.occurrence_key, ':', 1) end)`;
const BIRTHDAY = sql`coalesce((select to_char(ct.birthday, 'MM-DD') from contacts ct where ct.id = t.contact_id), '')`;

/** The open provisional tasks, grouped. */
export async function findProvisionalGroups(
  ex: Executor,
  regionalCalendars: readonly string[],
): Promise<ProvisionalGroup[]> {
  const calendar = calendarOfRegion(regionalCalendars, sql`t.region_code`);
  const rows = await queryRows<ProvisionalGroup>(
    ex,
    sql`select t.catalog_version as "catalogVersion", t.action_code as "actionCode", ${KEY} as key,
        ${calendar} as calendar, ${BIRTHDAY} as birthday, t.due_date::text as "dueDate", count(*)::int as tasks
      from action_tasks t where ${OPEN_PROVISIONAL}
      group by 1, 2, 3, 4, 5, 6 order by 2, 3, 4, 5, 6`,
  );
  return rows.map((r) => ({ ...r, catalogVersion: Number(r.catalogVersion), tasks: Number(r.tasks) }));
}

/** Rows changed by a statement, whatever the driver (pg: rowCount, PGlite: affectedRows). */
function affected(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return r.rowCount ?? r.affectedRows ?? 0;
}

/** Groups per statement: 9 parameters a row, well under PostgreSQL's 65,535. */
const CHUNK = 1_000;

type GroupMatch = Pick<ProvisionalGroup, 'actionCode' | 'key' | 'calendar' | 'birthday' | 'dueDate'>;

/** `t` matches a group `v` of a VALUES list: still open and provisional, and nothing it depends on moved. */
function matches(regionalCalendars: readonly string[]): SQL {
  const calendar = calendarOfRegion(regionalCalendars, sql`t.region_code`);
  return sql`${OPEN_PROVISIONAL} and t.action_code = v.action_code and ${KEY} = v.key
    and ${calendar} = v.calendar and t.due_date = v.old_due and ${BIRTHDAY} = v.birthday`;
}

const matchValues = (g: GroupMatch) =>
  sql`${g.actionCode}::text, ${g.key}::text, ${g.calendar}::text, ${g.birthday}::text, ${g.dueDate}::date`;

/**
 * Gives each group its new due date and provisional mark (and, when `month` is set, the month it
 * now belongs to); returns the tasks changed.
 */
export async function redateTasks(
  ex: Executor,
  regionalCalendars: readonly string[],
  groups: readonly (GroupMatch & { newDueDate: string; provisional: boolean; month: string | null })[],
  at: Date,
): Promise<number> {
  let changed = 0;
  for (let i = 0; i < groups.length; i += CHUNK) {
    const values = sql.join(
      groups
        .slice(i, i + CHUNK)
        .map(
          (g) => sql`(${matchValues(g)}, ${g.newDueDate}::date, ${g.provisional}::boolean, ${g.month}::text)`,
        ),
      sql`, `,
    );
    const result = await ex.execute(sql`update action_tasks t
      set due_date = v.due_date, provisional = v.provisional, month = coalesce(v.month, t.month),
        updated_at = ${at.toISOString()}::timestamptz
      from (values ${values}) v(action_code, key, calendar, birthday, old_due, due_date, provisional, month)
      where ${matches(regionalCalendars)}`);
    changed += affected(result);
  }
  return changed;
}

/** Cancels the tasks of the groups with a reason; returns how many. */
export async function cancelTaskGroups(
  ex: Executor,
  regionalCalendars: readonly string[],
  groups: readonly GroupMatch[],
  input: { by: string; reason: string; at: Date },
): Promise<number> {
  let cancelled = 0;
  const at = input.at.toISOString();
  for (let i = 0; i < groups.length; i += CHUNK) {
    const values = sql.join(
      groups.slice(i, i + CHUNK).map((g) => sql`(${matchValues(g)})`),
      sql`, `,
    );
    const result = await ex.execute(sql`update action_tasks t
      set status = 'cancelled', cancelled_at = ${at}::timestamptz, cancelled_by = ${input.by},
        cancel_reason = ${input.reason}, updated_at = ${at}::timestamptz
      from (values ${values}) v(action_code, key, calendar, birthday, old_due)
      where ${matches(regionalCalendars)}`);
    cancelled += affected(result);
  }
  return cancelled;
}

/** The months with a generation ledger (months generated at least once). */
export async function findGeneratedMonths(ex: Executor): Promise<string[]> {
  const rows = await queryRows<{ month: string }>(
    ex,
    sql`select distinct month from task_generations order by month`,
  );
  return rows.map((r) => r.month);
}

/**
 * Forgets a month's generation of some actions (every catalog version), so that the next run
 * looks at every customer for them again; returns the ledger rows removed.
 */
export async function resetLedger(
  ex: Executor,
  month: string,
  actionCodes: readonly string[],
): Promise<number> {
  if (actionCodes.length === 0) return 0;
  const codes = sql.join(
    actionCodes.map((c) => sql`${c}::text`),
    sql`, `,
  );
  const result = await ex.execute(
    sql`delete from task_generations where month = ${month} and action_code in (${codes})`,
  );
  return affected(result);
}
