/**
 * Set-based SQL of task generation: customers (and their contacts, for birthday care) joined to
 * the month's plan as a VALUES list computed by the pure domain (src/domain/tasks/schedule.ts),
 * inserted with ON CONFLICT DO NOTHING on the occurrence key — never one statement per customer.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/database.ts';
import { queryRows } from '../../db/database.ts';
import type { BirthdayDay, PlannedBirthdayAction, PlannedOccurrence } from '../../domain/tasks/schedule.ts';
import { GROUP_CLASSES, TIERS } from '../../domain/tiers/scheme.ts';

/** A plan row with the calendar region it was computed for ('' = national). */
export type OccurrenceRow = PlannedOccurrence & { calendar: string };
export type BirthdayDayRow = BirthdayDay & { calendar: string };

/** Which customers a statement covers: a slice of the id space and/or those changed since. */
export type CustomerFilter = {
  /** Inclusive lower bound of customers.id. */
  fromId?: string | undefined;
  /** Exclusive upper bound of customers.id. */
  toId?: string | undefined;
  /** Customers (or, for birthdays, contacts) updated at or after this instant. */
  changedSince?: Date | undefined;
};

export type GenerationStamp = {
  month: string;
  monthStart: string;
  catalogVersion: number;
  /** Regions that have a regional calendar: their customers follow their own plan rows. */
  regionalCalendars: readonly string[];
  at: Date;
};

/** Rows inserted by a statement, whatever the driver (pg: rowCount, PGlite: affectedRows). */
function affected(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return r.rowCount ?? r.affectedRows ?? 0;
}

/** The levels of a plan by the customer column they match: tier, group class, or every customer (basic). */
const levelKinds = (levels: Iterable<string>) => {
  const set = new Set(levels);
  return {
    tier: TIERS.filter((t) => set.has(t)),
    groupClass: GROUP_CLASSES.filter((g) => set.has(g)),
    basic: set.has('basic'),
  };
};

/**
 * The calendar region ('' = national) followed by a region code `column`: its own when it has a
 * regional calendar (one of `regionalCalendars`), else the national one.
 */
export function calendarOfRegion(regionalCalendars: readonly string[], column: SQL): SQL {
  if (regionalCalendars.length === 0) return sql`''`;
  const list = sql.join(
    regionalCalendars.map((r) => sql`${r}::text`),
    sql`, `,
  );
  return sql`(case when ${column} in (${list}) then ${column} else '' end)`;
}

/** The calendar region a customer follows, as SQL over `c.region_code`. */
const calendarOf = (stamp: GenerationStamp): SQL =>
  calendarOfRegion(stamp.regionalCalendars, sql`c.region_code`);

function customerConditions(filter: CustomerFilter, changed: SQL | null): SQL {
  const parts: SQL[] = [sql`c.status = 'active'`, sql`c.account_manager_id is not null`];
  if (filter.fromId) parts.push(sql`c.id >= ${filter.fromId}::uuid`);
  if (filter.toId) parts.push(sql`c.id < ${filter.toId}::uuid`);
  if (filter.changedSince && changed) parts.push(changed);
  return sql.join(parts, sql` and `);
}

/**
 * One SELECT per kind of level present (tier, group class, basic), so that each is a hash join on
 * one column; `on(column, filter)` gets the customer column to match and a condition keeping only
 * the customers of the plan's levels (customers without a tier are not even read).
 */
function levelJoins(present: ReturnType<typeof levelKinds>, on: (column: SQL, filter: SQL) => SQL): SQL[] {
  const inList = (column: SQL, levels: readonly string[]) =>
    sql`${column} in (${sql.join(
      levels.map((l) => sql`${l}::text`),
      sql`, `,
    )})`;
  const joins: SQL[] = [];
  if (present.tier.length > 0) joins.push(on(sql`c.tier`, inList(sql`c.tier`, present.tier)));
  if (present.groupClass.length > 0) {
    joins.push(on(sql`c.group_class`, inList(sql`c.group_class`, present.groupClass)));
  }
  if (present.basic) joins.push(on(sql`'basic'`, sql`true`));
  return joins;
}

/**
 * Inserts the periodic and holiday tasks of `rows` for the customers of `filter`; returns how
 * many were created (existing occurrences are left alone).
 */
export async function insertOccurrenceTasks(
  ex: Executor,
  stamp: GenerationStamp,
  rows: readonly OccurrenceRow[],
  filter: CustomerFilter,
): Promise<number> {
  if (rows.length === 0) return 0;
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${r.level}::text, ${r.actionCode}::text, ${r.kind}::text, ${r.occurrenceKey}::text, ${r.startDate}::date, ${r.dueDate}::date, ${r.provisional}::boolean, ${r.calendar}::text)`,
    ),
    sql`, `,
  );
  const where = customerConditions(
    filter,
    sql`c.updated_at >= ${filter.changedSince?.toISOString()}::timestamptz`,
  );
  const cal = calendarOf(stamp);
  const selects = levelJoins(
    levelKinds(rows.map((r) => r.level)),
    (
      level,
      levels,
    ) => sql`select c.id, p.action_code, p.kind, p.level, p.occurrence_key, c.account_manager_id,
        c.region_code, p.start_date, p.due_date, p.provisional
      from customers c join plan p on p.level = ${level} and p.calendar = ${cal}
      where ${levels} and ${where}`,
  );
  const result = await ex.execute(sql`
    with plan (level, action_code, kind, occurrence_key, start_date, due_date, provisional, calendar) as (values ${values})
    insert into action_tasks (customer_id, action_code, action_kind, level, catalog_version, occurrence_key,
      owner_id, region_code, month, start_date, due_date, provisional, created_at, updated_at)
    select s.id, s.action_code, s.kind, s.level, ${stamp.catalogVersion}::int, s.occurrence_key,
      s.account_manager_id, s.region_code, ${stamp.month}::text, s.start_date, s.due_date, s.provisional,
      ${stamp.at.toISOString()}::timestamptz, ${stamp.at.toISOString()}::timestamptz
    from (${sql.join(selects, sql` union all `)}) s
    on conflict (customer_id, action_code, occurrence_key) do nothing`);
  return affected(result);
}

/** Oldest birth year matched; contacts born before it get no birthday task. */
const FIRST_BIRTH_YEAR = 1900;

const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const pad2 = (n: number) => String(n).padStart(2, '0');
/** A PostgreSQL array literal of simple values (dates, numbers, region codes). */
const arrayLiteral = (items: readonly (string | number | boolean)[]) => `{${items.join(',')}}`;

/**
 * Inserts the birthday-care tasks: contacts of a listed role whose birthday's care is due in the
 * month, of the customers of `filter` (with `changedSince`: the customer or the contact changed).
 * Birthdays are matched on the date itself: every birth date since 1900 whose care falls in the
 * month (a few thousand) goes in as one constant array, so the contacts are scanned once with a
 * hashed lookup per row and no function of the birthday.
 */
export async function insertBirthdayTasks(
  ex: Executor,
  stamp: GenerationStamp,
  actions: readonly PlannedBirthdayAction[],
  days: readonly BirthdayDayRow[],
  filter: CustomerFilter,
): Promise<number> {
  if (actions.length === 0 || days.length === 0) return 0;
  const actionValues = sql.join(
    actions.map(
      (a) =>
        sql`(${a.level}::text, ${a.actionCode}::text, ${a.kind}::text, ${a.contactRoles.join(',')}::text)`,
    ),
    sql`, `,
  );
  const lastYear = Math.max(...days.map((d) => d.year));
  const births: string[] = [];
  const years: number[] = [];
  const dues: string[] = [];
  const provisional: boolean[] = [];
  const calendars: string[] = [];
  for (const d of days) {
    for (let y = FIRST_BIRTH_YEAR; y <= lastYear; y++) {
      if (d.month === 2 && d.day === 29 && !isLeap(y)) continue;
      births.push(`${y}-${pad2(d.month)}-${pad2(d.day)}`);
      years.push(d.year);
      dues.push(d.dueDate);
      provisional.push(d.provisional);
      calendars.push(d.calendar === '' ? '""' : `"${d.calendar}"`);
    }
  }
  const anyBirth = arrayLiteral([...new Set(births)]);
  const roles = sql.join(
    [...new Set(actions.flatMap((a) => a.contactRoles))].map((r) => sql`${r}::text`),
    sql`, `,
  );
  const since = filter.changedSince?.toISOString();
  // With `changedSince`: customers changed (found by their updated_at index, then their contacts)
  // and contacts changed, as two branches — an OR over both tables would join every contact.
  const changes = filter.changedSince
    ? [sql`c.updated_at >= ${since}::timestamptz`, sql`ct.updated_at >= ${since}::timestamptz`]
    : [null];
  const cal = calendarOf(stamp);
  const present = levelKinds(actions.map((a) => a.level));
  const selects = changes.flatMap((changed) =>
    levelJoins(
      present,
      (
        level,
        levels,
      ) => sql`select c.id, a.action_code, a.kind, a.level, bd.year || '-birthday:' || ct.id as occurrence_key,
        ct.id as contact_id, c.account_manager_id, c.region_code, bd.due_date, bd.provisional
      from contacts ct
      join bd on bd.birth = ct.birthday
      join customers c on c.id = ct.customer_id and bd.calendar = ${cal}
      join actions a on a.level = ${level} and ct.role = any(string_to_array(a.roles, ','))
      where ct.birthday = any(${anyBirth}::date[]) and ct.role in (${roles}) and ${levels}
        and ${customerConditions(filter, changed)}`,
    ),
  );
  const result = await ex.execute(sql`
    with actions (level, action_code, kind, roles) as (values ${actionValues}),
    bd (birth, year, due_date, provisional, calendar) as (
      select * from unnest(${arrayLiteral(births)}::date[], ${arrayLiteral(years)}::int[],
        ${arrayLiteral(dues)}::date[], ${arrayLiteral(provisional)}::boolean[], ${arrayLiteral(calendars)}::text[]))
    insert into action_tasks (customer_id, action_code, action_kind, level, catalog_version, occurrence_key,
      contact_id, owner_id, region_code, month, start_date, due_date, provisional, created_at, updated_at)
    select s.id, s.action_code, s.kind, s.level, ${stamp.catalogVersion}::int, s.occurrence_key, s.contact_id,
      s.account_manager_id, s.region_code, ${stamp.month}::text, ${stamp.monthStart}::date, s.due_date, s.provisional,
      ${stamp.at.toISOString()}::timestamptz, ${stamp.at.toISOString()}::timestamptz
    from (${sql.join(selects, sql` union all `)}) s
    on conflict (customer_id, action_code, occurrence_key) do nothing`);
  return affected(result);
}

export type LedgerRow = { actionCode: string; coveredUntil: Date };

/** The actions of a month (and catalog version) whose generation is complete. */
export async function findLedger(ex: Executor, month: string, catalogVersion: number): Promise<LedgerRow[]> {
  const rows = await queryRows<{ action_code: string; covered_until: Date | string }>(
    ex,
    sql`select action_code, covered_until from task_generations
      where month = ${month} and catalog_version = ${catalogVersion}`,
  );
  return rows.map((r) => ({ actionCode: r.action_code, coveredUntil: new Date(r.covered_until) }));
}

/** Marks actions complete for a month up to `coveredUntil`. */
export async function recordLedger(
  ex: Executor,
  month: string,
  catalogVersion: number,
  actions: readonly { actionCode: string; level: string }[],
  coveredUntil: Date,
  at: Date,
): Promise<void> {
  if (actions.length === 0) return;
  const values = sql.join(
    actions.map(
      (a) => sql`(${month}::text, ${catalogVersion}::int, ${a.actionCode}::text, ${a.level}::text)`,
    ),
    sql`, `,
  );
  await ex.execute(sql`
    insert into task_generations (month, catalog_version, action_code, level, covered_until, runs, updated_at)
    select v.month, v.version, v.code, v.level, ${coveredUntil.toISOString()}::timestamptz, 1, ${at.toISOString()}::timestamptz
    from (values ${values}) v(month, version, code, level)
    on conflict (month, catalog_version, action_code) do update
      set covered_until = excluded.covered_until, runs = task_generations.runs + 1, updated_at = excluded.updated_at`);
}

/**
 * The instant up to which a run started now covers customer changes: the earliest start of a
 * transaction still open in this database (its changes may commit after our snapshot), not later
 * than `at` or the server's now, less a minute for clocks that differ between processes.
 */
export async function coverageWatermark(ex: Executor, at: Date): Promise<Date> {
  const [row] = await queryRows<{ w: Date | string }>(
    ex,
    sql`select least(now(), ${at.toISOString()}::timestamptz,
        coalesce((select min(xact_start) from pg_stat_activity
          where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null), now()))
        - interval '1 minute' as w`,
  );
  return new Date(row!.w);
}

/** Takes the per-month generation lock until the end of the transaction. */
export async function lockMonth(ex: Executor, month: string): Promise<void> {
  await ex.execute(sql`select pg_advisory_xact_lock(7301, ${Number(month.replace('-', ''))}::int)`);
}

export async function countActiveCustomers(ex: Executor): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    ex,
    sql`select count(*)::int as n from customers where status = 'active' and account_manager_id is not null`,
  );
  return row?.n ?? 0;
}

/** The regions with a regional calendar. */
export async function findRegionalCalendars(ex: Executor): Promise<string[]> {
  const rows = await queryRows<{ region: string }>(
    ex,
    sql`select distinct region from calendar_entries where region <> '' order by region`,
  );
  return rows.map((r) => r.region);
}
