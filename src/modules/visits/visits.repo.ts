/** Reads and writes of return visits (`return_visits`), customer visitors and the follow-up tasks. */
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/database.ts';
import type { RegionNode } from '../../domain/access.ts';
import type { VisitorCandidate } from '../../domain/visits/visitor.ts';
import type { VisitLimits } from '../../domain/visits/visits.ts';

export type VisitRow = {
  id: string;
  kind: string;
  customerId: string;
  customerName: string;
  tier: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  ticketStatus: string | null;
  orderRef: string | null;
  /** Null: unassigned (no active visit agent when it was opened). */
  visitorId: string | null;
  visitorName: string | null;
  regionCode: string;
  dueAt: Date;
  status: string;
  outcome: string | null;
  score: number | null;
  note: string | null;
  contactName: string | null;
  doneAt: Date | null;
  doneBy: string | null;
  followUpTaskId: number | null;
  createdAt: Date;
};

const COLUMNS = sql`v.id, v.kind, v.customer_id as "customerId", c.name as "customerName",
  coalesce(c.tier, c.group_class) as tier, v.ticket_id as "ticketId", tk.number as "ticketNumber",
  tk.status as "ticketStatus", v.order_ref as "orderRef", v.visitor_id as "visitorId",
  u.display_name as "visitorName", v.region_code as "regionCode", v.due_at as "dueAt", v.status, v.outcome,
  v.score, v.note, v.contact_name as "contactName", v.done_at as "doneAt", v.done_by as "doneBy",
  v.follow_up_task_id as "followUpTaskId", v.created_at as "createdAt"`;

const FROM = sql`return_visits v
  join customers c on c.id = v.customer_id
  left join tickets tk on tk.id = v.ticket_id
  left join users u on u.id = v.visitor_id`;

const instantOf = (v: Date | string | null) => (v === null ? null : new Date(v));

function normalise(row: VisitRow): VisitRow {
  return {
    ...row,
    dueAt: new Date(row.dueAt),
    doneAt: instantOf(row.doneAt),
    createdAt: new Date(row.createdAt),
    followUpTaskId: row.followUpTaskId === null ? null : Number(row.followUpTaskId),
  };
}

export type VisitFilter = {
  visitorId?: string | undefined;
  customerId?: string | undefined;
  ticketId?: string | undefined;
  status?: string | undefined;
  /** Open and past due at this instant. */
  overdueAt?: Date | undefined;
};

function conditions(visible: SQL, f: VisitFilter): SQL {
  const where: SQL[] = [visible];
  if (f.visitorId) where.push(sql`v.visitor_id = ${f.visitorId}::uuid`);
  if (f.customerId) where.push(sql`v.customer_id = ${f.customerId}::uuid`);
  if (f.ticketId) where.push(sql`v.ticket_id = ${f.ticketId}::uuid`);
  if (f.status) where.push(sql`v.status = ${f.status}`);
  if (f.overdueAt)
    where.push(sql`v.status = 'open' and v.due_at < ${f.overdueAt.toISOString()}::timestamptz`);
  return sql.join(where, sql` and `);
}

/** Visits visible under `visible` (SQL over `v`), by due instant. */
export async function listVisits(
  ex: Executor,
  visible: SQL,
  filter: VisitFilter,
  page: { limit: number; offset: number },
  order: 'asc' | 'desc' = 'asc',
): Promise<{ total: number; items: VisitRow[] }> {
  const where = conditions(visible, filter);
  const [count] = await queryRows<{ n: number }>(
    ex,
    sql`select count(*)::int as n from ${FROM} where ${where}`,
  );
  const rows = await queryRows<VisitRow>(
    ex,
    sql`select ${COLUMNS} from ${FROM} where ${where} order by v.due_at ${order === 'desc' ? sql`desc` : sql`asc`}, v.id limit ${page.limit} offset ${page.offset}`,
  );
  return { total: Number(count?.n ?? 0), items: rows.map(normalise) };
}

export async function findVisit(ex: Executor, visible: SQL, id: string): Promise<VisitRow | null> {
  const [row] = await queryRows<VisitRow>(
    ex,
    sql`select ${COLUMNS} from ${FROM} where v.id = ${id}::uuid and ${visible}`,
  );
  return row ? normalise(row) : null;
}

/** Locks a visit for a change (null when missing). */
export async function lockVisit(
  ex: Executor,
  id: string,
): Promise<{
  id: string;
  status: string;
  visitorId: string | null;
  ticketId: string | null;
  customerId: string;
} | null> {
  const [row] = await queryRows<{
    id: string;
    status: string;
    visitorId: string | null;
    ticketId: string | null;
    customerId: string;
  }>(
    ex,
    sql`select id, status, visitor_id as "visitorId", ticket_id as "ticketId", customer_id as "customerId"
      from return_visits where id = ${id}::uuid for update`,
  );
  return row ?? null;
}

/** The open visit of a ticket (at most one: partial unique index). */
export async function findOpenVisitOfTicket(ex: Executor, ticketId: string): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    ex,
    sql`select id from return_visits where ticket_id = ${ticketId}::uuid and status = 'open'`,
  );
  return row?.id ?? null;
}

export async function insertVisit(
  ex: Executor,
  v: {
    customerId: string;
    kind: string;
    ticketId: string | null;
    orderRef: string | null;
    visitorId: string | null;
    regionCode: string;
    dueAt: Date;
    createdAt: Date;
  },
): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    ex,
    sql`insert into return_visits (customer_id, kind, ticket_id, order_ref, visitor_id, region_code, due_at, created_at)
      values (${v.customerId}::uuid, ${v.kind}, ${v.ticketId}::uuid, ${v.orderRef}, ${v.visitorId}::uuid,
        ${v.regionCode}, ${v.dueAt.toISOString()}::timestamptz, ${v.createdAt.toISOString()}::timestamptz)
      returning id`,
  );
  return row!.id;
}

export async function recordOutcome(
  ex: Executor,
  id: string,
  o: {
    outcome: string;
    score: number | null;
    note: string;
    contactName: string | null;
    doneAt: Date;
    doneBy: string;
    followUpTaskId: number | null;
  },
): Promise<void> {
  await ex.execute(sql`update return_visits set status = 'done', outcome = ${o.outcome}, score = ${o.score},
    note = ${o.note}, contact_name = ${o.contactName}, done_at = ${o.doneAt.toISOString()}::timestamptz,
    done_by = ${o.doneBy}, follow_up_task_id = ${o.followUpTaskId}
    where id = ${id}::uuid`);
}

/** Cancels the open visits of a ticket; returns their ids. */
export async function cancelOpenVisits(ex: Executor, ticketId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`update return_visits set status = 'cancelled'
      where ticket_id = ${ticketId}::uuid and status = 'open' returning id`,
  );
  return rows.map((r) => r.id);
}

/** The visit limits of a desk config version, or of the version in force at `at` when none is given. */
export async function findVisitLimits(
  ex: Executor,
  input: { version: number | null; at: Date },
): Promise<VisitLimits | null> {
  const [row] = await queryRows<{ visits: VisitLimits | null }>(
    ex,
    input.version !== null
      ? sql`select document->'visits' as visits from desk_config_versions where version = ${input.version}`
      : sql`select document->'visits' as visits from desk_config_versions
          where status = 'published' and (effective_from is null or effective_from <= ${input.at.toISOString()}::timestamptz)
          order by effective_from desc nulls last, version desc limit 1`,
  );
  return row?.visits ?? null;
}

export async function findTicketForVisit(
  ex: Executor,
  ticketId: string,
): Promise<{ deskConfigVersion: number; number: string; status: string } | null> {
  const [row] = await queryRows<{ deskConfigVersion: number; number: string; status: string }>(
    ex,
    sql`select desk_config_version as "deskConfigVersion", number, status from tickets where id = ${ticketId}::uuid`,
  );
  return row ?? null;
}

export async function findCustomerVisitor(ex: Executor, customerId: string): Promise<string | null> {
  const [row] = await queryRows<{ visitorId: string }>(
    ex,
    sql`select visitor_id as "visitorId" from customer_visitors where customer_id = ${customerId}::uuid`,
  );
  return row?.visitorId ?? null;
}

export type CustomerVisitorRow = {
  customerId: string;
  visitorId: string;
  visitorName: string | null;
  assignedAt: Date;
  assignedBy: string;
};

export async function findCustomerVisitorRow(
  ex: Executor,
  customerId: string,
): Promise<CustomerVisitorRow | null> {
  const [row] = await queryRows<CustomerVisitorRow>(
    ex,
    sql`select cv.customer_id as "customerId", cv.visitor_id as "visitorId", u.display_name as "visitorName",
        cv.assigned_at as "assignedAt", cv.assigned_by as "assignedBy"
      from customer_visitors cv left join users u on u.id = cv.visitor_id
      where cv.customer_id = ${customerId}::uuid`,
  );
  return row ? { ...row, assignedAt: new Date(row.assignedAt) } : null;
}

/** Sets the customer's visitor (insert or replace); returns the previous one. */
export async function upsertCustomerVisitor(
  ex: Executor,
  v: { customerId: string; visitorId: string; at: Date; by: string },
): Promise<void> {
  await ex.execute(sql`insert into customer_visitors (customer_id, visitor_id, assigned_at, assigned_by)
    values (${v.customerId}::uuid, ${v.visitorId}::uuid, ${v.at.toISOString()}::timestamptz, ${v.by})
    on conflict (customer_id) do update set visitor_id = excluded.visitor_id,
      assigned_at = excluded.assigned_at, assigned_by = excluded.assigned_by`);
}

/** Moves a customer's open visits (unassigned ones too) to its new visitor; returns how many. */
export async function moveOpenVisits(ex: Executor, customerId: string, visitorId: string): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    ex,
    sql`update return_visits set visitor_id = ${visitorId}::uuid
      where customer_id = ${customerId}::uuid and status = 'open'
        and visitor_id is distinct from ${visitorId}::uuid returning id`,
  );
  return rows.length;
}

/** Active visit agents with their open visits. */
export async function listVisitorCandidates(ex: Executor): Promise<VisitorCandidate[]> {
  return queryRows<VisitorCandidate>(
    ex,
    sql`select u.id, u.region_code as "regionCode",
        (select count(*)::int from return_visits v where v.visitor_id = u.id and v.status = 'open') as "openVisits"
      from users u where u.role = 'visit_agent' and u.active order by u.id`,
  );
}

export async function listRegionNodes(ex: Executor): Promise<RegionNode[]> {
  return queryRows<RegionNode>(ex, sql`select code, parent_code as "parentCode" from regions`);
}

export async function findActiveUser(
  ex: Executor,
  id: string,
): Promise<{ id: string; role: string; displayName: string } | null> {
  const [row] = await queryRows<{ id: string; role: string; displayName: string }>(
    ex,
    sql`select id, role, display_name as "displayName" from users where id = ${id}::uuid and active`,
  );
  return row ?? null;
}

/** Active kam_managers and admins: who a visit nobody else can take is routed to. */
export async function listManagers(
  ex: Executor,
): Promise<{ id: string; role: string; regionCode: string | null }[]> {
  return queryRows(
    ex,
    sql`select id, role, region_code as "regionCode" from users
      where active and role in ('kam_manager', 'admin') order by id`,
  );
}

export type CustomerForFollowUp = {
  id: string;
  name: string;
  regionCode: string;
  accountManagerId: string | null;
  level: string;
};

export async function findCustomerForFollowUp(ex: Executor, id: string): Promise<CustomerForFollowUp | null> {
  const [row] = await queryRows<CustomerForFollowUp>(
    ex,
    sql`select id, name, region_code as "regionCode", account_manager_id as "accountManagerId",
        coalesce(tier, group_class, 'basic') as level
      from customers where id = ${id}::uuid`,
  );
  return row ?? null;
}

/** The account manager's follow-up task (idempotent per visit); returns its id. */
export async function insertFollowUpTask(
  ex: Executor,
  t: {
    customerId: string;
    level: string;
    catalogVersion: number;
    occurrenceKey: string;
    ownerId: string;
    regionCode: string;
    month: string;
    startDate: string;
    dueDate: string;
    provisional: boolean;
    at: Date;
  },
): Promise<number> {
  const inserted = await queryRows<{ id: number }>(
    ex,
    sql`insert into action_tasks (customer_id, action_code, action_kind, level, catalog_version, occurrence_key,
        owner_id, region_code, month, start_date, due_date, provisional, created_at, updated_at)
      values (${t.customerId}::uuid, 'visit_follow_up', 'follow_up', ${t.level}, ${t.catalogVersion}, ${t.occurrenceKey},
        ${t.ownerId}::uuid, ${t.regionCode}, ${t.month}, ${t.startDate}::date, ${t.dueDate}::date, ${t.provisional},
        ${t.at.toISOString()}::timestamptz, ${t.at.toISOString()}::timestamptz)
      on conflict (customer_id, action_code, occurrence_key) do nothing
      returning id`,
  );
  if (inserted[0]) return Number(inserted[0].id);
  const [existing] = await queryRows<{ id: number }>(
    ex,
    sql`select id from action_tasks where customer_id = ${t.customerId}::uuid and action_code = 'visit_follow_up'
      and occurrence_key = ${t.occurrenceKey}`,
  );
  return Number(existing!.id);
}

export type CoverageSourceRow = {
  dueAt: Date;
  status: string;
  outcome: string | null;
  doneAt: Date | null;
  regionCode: string;
  visitorId: string | null;
};

/** The visits due in [from, to) visible under `visible` (cancelled ones left out). */
export async function listCoverageSource(
  ex: Executor,
  visible: SQL,
  range: { from: Date; to: Date },
): Promise<CoverageSourceRow[]> {
  const rows = await queryRows<CoverageSourceRow>(
    ex,
    sql`select v.due_at as "dueAt", v.status, v.outcome, v.done_at as "doneAt", v.region_code as "regionCode",
        v.visitor_id as "visitorId"
      from return_visits v
      where v.status <> 'cancelled' and v.due_at >= ${range.from.toISOString()}::timestamptz
        and v.due_at < ${range.to.toISOString()}::timestamptz and ${visible}`,
  );
  return rows.map((r) => ({ ...r, dueAt: new Date(r.dueAt), doneAt: instantOf(r.doneAt) }));
}

export async function findLabels(
  ex: Executor,
  groupBy: 'region' | 'visitor',
  keys: readonly string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const list = sql.join(
    keys.map((k) => sql`${k}`),
    sql`, `,
  );
  const rows = await queryRows<{ key: string; label: string }>(
    ex,
    groupBy === 'region'
      ? sql`select code as key, name as label from regions where code in (${list})`
      : sql`select id::text as key, display_name as label from users where id::text in (${list})`,
  );
  return new Map(rows.map((r) => [r.key, r.label]));
}
