/** Reads and writes of mandatory-action tasks (`action_tasks`) with their customer, owner and contact. */
import { type SQL, sql } from 'drizzle-orm';
import { countCapped } from '../../db/count.ts';
import { type Executor, queryRows } from '../../db/database.ts';
import type { Evidence } from '../../domain/tasks/completion.ts';
import type { TaskStatus } from '../../domain/tasks/compliance.ts';

export type TaskRow = {
  id: number;
  customerId: string;
  customerCode: string;
  customerName: string;
  customerTier: string | null;
  actionCode: string;
  actionKind: string;
  level: string;
  catalogVersion: number;
  occurrenceKey: string;
  contactId: string | null;
  contactName: string | null;
  ownerId: string;
  ownerName: string | null;
  regionCode: string;
  month: string;
  startDate: string;
  dueDate: string;
  /** The due date was computed past the loaded calendar horizon (weekends only). */
  provisional: boolean;
  status: TaskStatus;
  completedDate: string | null;
  completedAt: Date | null;
  completedBy: string | null;
  evidence: Evidence | null;
  cancelledAt: Date | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  createdAt: Date;
};

/** The task columns as the API names them, over `t` (action_tasks), `c`, `u` (owner) and `ct`. */
const COLUMNS = sql`t.id, t.customer_id as "customerId", c.code as "customerCode", c.name as "customerName",
  c.tier as "customerTier", t.action_code as "actionCode", t.action_kind as "actionKind", t.level,
  t.catalog_version as "catalogVersion", t.occurrence_key as "occurrenceKey", t.contact_id as "contactId",
  ct.name as "contactName", t.owner_id as "ownerId", u.display_name as "ownerName", t.region_code as "regionCode",
  t.month, t.start_date as "startDate", t.due_date as "dueDate", t.provisional, t.status, t.completed_date as "completedDate",
  t.completed_at as "completedAt", t.completed_by as "completedBy", t.evidence, t.cancelled_at as "cancelledAt",
  t.cancelled_by as "cancelledBy", t.cancel_reason as "cancelReason", t.created_at as "createdAt"`;

const FROM = sql`action_tasks t
  join customers c on c.id = t.customer_id
  left join users u on u.id = t.owner_id
  left join contacts ct on ct.id = t.contact_id`;

const instantOf = (v: Date | string | null) => (v === null ? null : new Date(v));

function normalise(row: TaskRow): TaskRow {
  return {
    ...row,
    id: Number(row.id),
    completedAt: instantOf(row.completedAt),
    cancelledAt: instantOf(row.cancelledAt),
    createdAt: new Date(row.createdAt),
  };
}

export type TaskFilter = {
  ownerId?: string | undefined;
  customerId?: string | undefined;
  status?: TaskStatus | undefined;
  overdue?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  kind?: string | undefined;
  actionCode?: string | undefined;
  /** A further condition over t and u (the compliance drill-down's). */
  where?: SQL | undefined;
};

export const TASK_SORTS = {
  dueDate: sql`t.due_date`,
  createdAt: sql`t.created_at`,
  customerName: sql`c.name`,
  status: sql`t.status`,
} as const;

/** The WHERE conditions of a filter; `visible` is the caller's scope over t (and u, the owner). */
function conditions(visible: SQL, filter: TaskFilter, today: string): SQL {
  const parts: SQL[] = [visible];
  if (filter.ownerId) parts.push(sql`t.owner_id = ${filter.ownerId}::uuid`);
  if (filter.customerId) parts.push(sql`t.customer_id = ${filter.customerId}::uuid`);
  if (filter.status) parts.push(sql`t.status = ${filter.status}`);
  if (filter.overdue === true) parts.push(sql`t.status = 'open' and t.due_date < ${today}::date`);
  if (filter.overdue === false) parts.push(sql`not (t.status = 'open' and t.due_date < ${today}::date)`);
  if (filter.from) parts.push(sql`t.due_date >= ${filter.from}::date`);
  if (filter.to) parts.push(sql`t.due_date <= ${filter.to}::date`);
  if (filter.kind) parts.push(sql`t.action_kind = ${filter.kind}`);
  if (filter.actionCode) parts.push(sql`t.action_code = ${filter.actionCode}`);
  if (filter.where) parts.push(filter.where);
  return sql.join(parts, sql` and `);
}

/** A page of tasks and the total matching. */
export async function listTasks(
  ex: Executor,
  visible: SQL,
  filter: TaskFilter,
  page: { limit: number; offset: number; sort: string },
  today: string,
): Promise<{ total: number; totalEstimated: boolean; items: TaskRow[] }> {
  const where = conditions(visible, filter, today);
  const order = sql.join(
    [
      ...page.sort.split(',').map((part) => {
        const column = TASK_SORTS[part.replace(/^[-+]/, '') as keyof typeof TASK_SORTS];
        return part.startsWith('-') ? sql`${column} desc` : sql`${column} asc`;
      }),
      sql`t.id asc`,
    ],
    sql`, `,
  );
  // customers and contacts only add names: the count does without them; exact up to 20,000
  const count = await countCapped(
    ex,
    sql`select 1 from action_tasks t left join users u on u.id = t.owner_id where ${where}`,
  );
  // The page's ids first (a bounded top-N sort over the tasks alone), then their names: a LIMIT
  // above the joins would sort every matching row.
  const byName = page.sort.includes('customerName');
  const items = await queryRows<TaskRow>(
    ex,
    sql`select ${COLUMNS} from ${FROM}
      where t.id in (select t.id from action_tasks t
        ${byName ? sql`join customers c on c.id = t.customer_id` : sql``}
        left join users u on u.id = t.owner_id
        where ${where} order by ${order} limit ${page.limit} offset ${page.offset})
      order by ${order}`,
  );
  return { total: count.total, totalEstimated: count.estimated, items: items.map(normalise) };
}

/** One task if `visible` lets the caller read it. */
export async function findTask(ex: Executor, visible: SQL, id: number): Promise<TaskRow | null> {
  const [row] = await queryRows<TaskRow>(
    ex,
    sql`select ${COLUMNS} from ${FROM} where t.id = ${id} and ${visible}`,
  );
  return row ? normalise(row) : null;
}

/** What a change needs of a task, locked for the transaction. */
export async function lockTask(
  ex: Executor,
  id: number,
): Promise<{
  id: number;
  ownerId: string;
  status: TaskStatus;
  startDate: string;
  regionCode: string;
} | null> {
  const [row] = await queryRows<{
    id: number;
    ownerId: string;
    status: TaskStatus;
    startDate: string;
    regionCode: string;
  }>(
    ex,
    sql`select id, owner_id as "ownerId", status, start_date as "startDate", region_code as "regionCode"
      from action_tasks where id = ${id} for update`,
  );
  return row ? { ...row, id: Number(row.id) } : null;
}

export async function completeTask(
  ex: Executor,
  id: number,
  input: { completedDate: string; completedAt: Date; completedBy: string; evidence: Evidence },
): Promise<void> {
  await ex.execute(sql`update action_tasks set status = 'done', completed_date = ${input.completedDate}::date,
    completed_at = ${input.completedAt.toISOString()}::timestamptz, completed_by = ${input.completedBy},
    evidence = ${JSON.stringify(input.evidence)}::jsonb, updated_at = ${input.completedAt.toISOString()}::timestamptz
    where id = ${id}`);
}

export async function reassignTask(ex: Executor, id: number, ownerId: string, at: Date): Promise<void> {
  await ex.execute(sql`update action_tasks set owner_id = ${ownerId}::uuid, updated_at = ${at.toISOString()}::timestamptz
    where id = ${id}`);
}

export async function cancelTask(ex: Executor, id: number, input: { by: string; reason: string; at: Date }) {
  await ex.execute(sql`update action_tasks set status = 'cancelled', cancelled_at = ${input.at.toISOString()}::timestamptz,
    cancelled_by = ${input.by}, cancel_reason = ${input.reason}, updated_at = ${input.at.toISOString()}::timestamptz
    where id = ${id}`);
}

/** An active account manager, or null. */
export async function findAccountManager(
  ex: Executor,
  id: string,
): Promise<{ id: string; displayName: string; regionCode: string | null } | null> {
  const [row] = await queryRows<{ id: string; displayName: string; regionCode: string | null }>(
    ex,
    sql`select id, display_name as "displayName", region_code as "regionCode" from users
      where id = ${id}::uuid and role = 'account_manager' and active`,
  );
  return row ?? null;
}

export type CalendarDayRow = { date: string; total: number; open: number; done: number; overdue: number };

/** Tasks per due day between two days (inclusive), in scope. */
export async function countTasksByDay(
  ex: Executor,
  visible: SQL,
  filter: TaskFilter,
  today: string,
): Promise<CalendarDayRow[]> {
  const where = conditions(visible, filter, today);
  return queryRows<CalendarDayRow>(
    ex,
    sql`select t.due_date as date, count(*)::int as total,
        count(*) filter (where t.status = 'open')::int as open,
        count(*) filter (where t.status = 'done')::int as done,
        count(*) filter (where t.status = 'open' and t.due_date < ${today}::date)::int as overdue
      from ${FROM}
      where ${where} and t.status <> 'cancelled'
      group by t.due_date order by t.due_date`,
  );
}
