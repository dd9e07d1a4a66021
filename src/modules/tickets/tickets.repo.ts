/**
 * Reads and writes of trouble tickets (`tickets`, `ticket_events`) with the names the views show:
 * customer, account manager, assignee, circuit and owning department.
 */
import { type SQL, sql } from 'drizzle-orm';
import { isoOrNull } from '../../db/columns.ts';
import { countCapped } from '../../db/count.ts';
import {
  anyUuid,
  type Executor,
  type PreparedStatement,
  preparedStatement,
  queryRows,
  queryRowsPrepared,
} from '../../db/database.ts';
import { type GroupBatcher, groupBatch, groupBatchBy } from '../../db/group-commit.ts';
import { type auditLog, type slaInstances, ticketEvents, tickets } from '../../db/schema.ts';
import type { Severity, TicketStatus, TicketType } from '../../domain/desk/config.ts';
import { FINISHED_STATUSES } from '../../domain/tickets/lifecycle.ts';
import { isTicketNumberLike } from '../../domain/tickets/number.ts';
import { CALENDAR_VERSION_KEY } from '../calendar/calendar.repo.ts';

export type TicketRow = {
  id: string;
  number: string;
  customerId: string;
  customerName: string;
  tier: string | null;
  tierRank: number;
  regionCode: string;
  accountManagerId: string | null;
  accountManagerName: string | null;
  ticketType: TicketType;
  severity: Severity;
  priority: number;
  channel: string;
  name: string;
  description: string;
  status: TicketStatus;
  statusReason: string | null;
  statusChangedAt: Date;
  stageCode: string;
  departmentCode: string;
  departmentName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  circuitId: string | null;
  circuitNumber: string | null;
  product: string | null;
  orderRef: string | null;
  serviceItem: string | null;
  nextTargetAt: Date | null;
  escalationLevel: number;
  breached: boolean;
  deskConfigVersion: number;
  catalogVersion: number | null;
  requestedResolutionDate: Date | null;
  expectedResolutionDate: Date | null;
  resolutionDate: Date | null;
  closedAt: Date | null;
  externalId: string | null;
  extra: Record<string, unknown>;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
};

const COLUMNS = sql`t.id, t.number, t.customer_id as "customerId", c.name as "customerName", t.tier,
  t.tier_rank as "tierRank", t.region_code as "regionCode", t.account_manager_id as "accountManagerId",
  am.display_name as "accountManagerName", t.ticket_type as "ticketType", t.severity, t.priority, t.channel,
  t.name, t.description, t.status, t.status_reason as "statusReason", t.status_changed_at as "statusChangedAt",
  t.stage_code as "stageCode", t.department_code as "departmentCode", d.name as "departmentName",
  t.assignee_id as "assigneeId", asg.display_name as "assigneeName", t.circuit_id as "circuitId",
  ci.circuit_number as "circuitNumber", t.product, t.order_ref as "orderRef", t.service_item as "serviceItem",
  t.next_target_at as "nextTargetAt", t.escalation_level as "escalationLevel", t.breached,
  t.desk_config_version as "deskConfigVersion", t.catalog_version as "catalogVersion",
  t.requested_resolution_date as "requestedResolutionDate", t.expected_resolution_date as "expectedResolutionDate",
  t.resolution_date as "resolutionDate", t.closed_at as "closedAt", t.external_id as "externalId", t.extra,
  t.created_by as "createdBy", t.created_at as "createdAt", t.updated_at as "updatedAt"`;

const FROM = sql`tickets t
  join customers c on c.id = t.customer_id
  left join users am on am.id = t.account_manager_id
  left join users asg on asg.id = t.assignee_id
  left join circuits ci on ci.id = t.circuit_id
  left join departments d on d.code = t.department_code`;

const instant = (v: Date | string | null) => (v === null ? null : new Date(v));

function normalise(row: TicketRow): TicketRow {
  return {
    ...row,
    tierRank: Number(row.tierRank),
    priority: Number(row.priority),
    escalationLevel: Number(row.escalationLevel),
    deskConfigVersion: Number(row.deskConfigVersion),
    catalogVersion: row.catalogVersion === null ? null : Number(row.catalogVersion),
    statusChangedAt: new Date(row.statusChangedAt),
    nextTargetAt: instant(row.nextTargetAt),
    requestedResolutionDate: instant(row.requestedResolutionDate),
    expectedResolutionDate: instant(row.expectedResolutionDate),
    resolutionDate: instant(row.resolutionDate),
    closedAt: instant(row.closedAt),
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    extra: (row.extra ?? {}) as Record<string, unknown>,
  };
}

/** `status not in (finished)`: a ticket someone still has to work on (uses the queue index). */
export const OPEN_SQL = sql`t.status not in (${sql.join(
  FINISHED_STATUSES.map((s) => sql`${s}`),
  sql`, `,
)})`;

export type TicketFilter = {
  open?: boolean | undefined;
  status?: TicketStatus[] | undefined;
  ticketType?: TicketType | undefined;
  severity?: Severity | undefined;
  departmentCode?: string | undefined;
  stageCode?: string | undefined;
  customerId?: string | undefined;
  breached?: boolean | undefined;
  escalated?: boolean | undefined;
  assigneeId?: string | undefined;
  q?: string | undefined;
  createdAfter?: Date | undefined;
  createdBefore?: Date | undefined;
};

const likeOf = (text: string) => `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

function conditions(visible: SQL, f: TicketFilter): SQL {
  const parts: SQL[] = [visible];
  if (f.open === true) parts.push(OPEN_SQL);
  if (f.open === false) parts.push(sql`not (${OPEN_SQL})`);
  if (f.status && f.status.length > 0)
    parts.push(
      sql`t.status in (${sql.join(
        f.status.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  if (f.ticketType) parts.push(sql`t.ticket_type = ${f.ticketType}`);
  if (f.severity) parts.push(sql`t.severity = ${f.severity}`);
  if (f.departmentCode) parts.push(sql`t.department_code = ${f.departmentCode}`);
  if (f.stageCode) parts.push(sql`t.stage_code = ${f.stageCode}`);
  if (f.customerId) parts.push(sql`t.customer_id = ${f.customerId}::uuid`);
  if (f.breached === true) parts.push(sql`t.breached`);
  if (f.breached === false) parts.push(sql`not t.breached`);
  if (f.escalated === true) parts.push(sql`t.escalation_level > 0`);
  if (f.escalated === false) parts.push(sql`t.escalation_level = 0`);
  if (f.assigneeId) parts.push(sql`t.assignee_id = ${f.assigneeId}::uuid`);
  if (f.createdAfter) parts.push(sql`t.created_at > ${f.createdAfter.toISOString()}::timestamptz`);
  if (f.createdBefore) parts.push(sql`t.created_at < ${f.createdBefore.toISOString()}::timestamptz`);
  if (f.q && isTicketNumberLike(f.q)) parts.push(sql`t.number ilike ${likeOf(f.q.trim())}`);
  else if (f.q) {
    const like = likeOf(f.q);
    parts.push(
      sql`(t.number ilike ${like} or t.customer_id in (select id from customers where name ilike ${like}))`,
    );
  }
  return sql.join(parts, sql` and `);
}

export const TICKET_SORTS = {
  queue: sql`t.tier_rank desc, t.next_target_at asc nulls last, t.created_at asc`,
  createdAt: sql`t.created_at asc`,
  '-createdAt': sql`t.created_at desc`,
  updatedAt: sql`t.updated_at asc`,
  '-updatedAt': sql`t.updated_at desc`,
} as const;
export type TicketSort = keyof typeof TICKET_SORTS;

/** A page of tickets visible under `visible` (a condition over `t`) and the total matching. */
export async function listTickets(
  ex: Executor,
  visible: SQL,
  filter: TicketFilter,
  page: { limit: number; offset: number; sort: TicketSort },
): Promise<{ total: number; totalEstimated: boolean; items: TicketRow[] }> {
  const where = conditions(visible, filter);
  const order = sql`${TICKET_SORTS[page.sort]}, t.id asc`;
  const count = await countCapped(ex, sql`select 1 from tickets t where ${where}`);
  const items = await queryRows<TicketRow>(
    ex,
    sql`select ${COLUMNS} from ${FROM}
      where t.id in (select t.id from tickets t where ${where} order by ${order} limit ${page.limit} offset ${page.offset})
      order by ${order}`,
  );
  return { total: count.total, totalEstimated: count.estimated, items: items.map(normalise) };
}

/** One ticket if `visible` lets the caller read it (pass `sql\`true\`` for services). */
export async function findTicket(ex: Executor, visible: SQL, id: string): Promise<TicketRow | null> {
  const [row] = await queryRows<TicketRow>(
    ex,
    sql`select ${COLUMNS} from ${FROM} where t.id = ${id}::uuid and ${visible}`,
  );
  return row ? normalise(row) : null;
}

/**
 * `t` (an alias of `tickets`) is not closed, cancelled or rejected and has a running or paused
 * business-hours clock — the tickets whose clocks depend on the working-day calendar.
 */
export function onBusinessHoursClock(t: SQL): SQL {
  return sql`${t}.status not in ('closed', 'cancelled', 'rejected')
    and exists (select 1 from sla_instances s where s.ticket_id = ${t}.id
      and s.stage in ('inProgress', 'paused') and s.clock->>'kind' = 'businessHours')`;
}

/** Tickets by id, whatever the scope (for the hub's events), in no particular order. */
export async function findTickets(ex: Executor, ids: readonly string[]): Promise<TicketRow[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<TicketRow>(
    ex,
    sql`select ${COLUMNS} from ${FROM} where t.id = ${anyUuid(ids)}`,
  );
  return rows.map(normalise);
}

/** The ticket's current state, locked for a change. */
export async function lockTicket(ex: Executor, id: string) {
  const [row] = await ex.select().from(tickets).where(sql`${tickets.id} = ${id}::uuid`).for('update');
  return row ?? null;
}

export type TicketRecord = typeof tickets.$inferSelect;
export type NewTicket = typeof tickets.$inferInsert;
export type NewTicketEvent = typeof ticketEvents.$inferInsert;

export async function insertTicket(ex: Executor, row: NewTicket): Promise<void> {
  await ex.insert(tickets).values(row);
}

export async function updateTicketRow(ex: Executor, id: string, set: Partial<NewTicket>): Promise<void> {
  await ex.update(tickets).set(set).where(sql`${tickets.id} = ${id}::uuid`);
}

/** Appends a history event; returns its id (the sequence the ticket number uses). */
export async function insertEvent(ex: Executor, event: NewTicketEvent): Promise<number> {
  const [row] = await ex.insert(ticketEvents).values(event).returning({ id: ticketEvents.id });
  return Number(row!.id);
}

export type EventRow = {
  id: number;
  at: Date;
  kind: string;
  status: TicketStatus;
  stageCode: string;
  departmentCode: string;
  actorId: string | null;
  actorName: string;
  reason: string | null;
  data: Record<string, unknown> | null;
};

/** The history of a ticket in order; `kinds` limits it (e.g. created + status for statusChangeHistory). */
export async function listEvents(
  ex: Executor,
  ticketId: string,
  kinds?: readonly string[],
): Promise<EventRow[]> {
  const only =
    kinds && kinds.length > 0
      ? sql`and kind in (${sql.join(
          kinds.map((k) => sql`${k}`),
          sql`, `,
        )})`
      : sql``;
  const rows = await queryRows<EventRow>(
    ex,
    sql`select id, at, kind, status, stage_code as "stageCode", department_code as "departmentCode",
      actor_id as "actorId", actor_name as "actorName", reason, data
      from ticket_events where ticket_id = ${ticketId}::uuid ${only} order by at, id`,
  );
  return rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at) }));
}

/** The events of several tickets at once (for a TMF list page), grouped by ticket, in order. */
export async function listEventsOf(
  ex: Executor,
  ticketIds: readonly string[],
  kinds: readonly string[],
): Promise<Map<string, EventRow[]>> {
  const out = new Map<string, EventRow[]>(ticketIds.map((id) => [id, []]));
  if (ticketIds.length === 0) return out;
  const rows = await queryRows<EventRow & { ticketId: string }>(
    ex,
    sql`select ticket_id as "ticketId", id, at, kind, status, stage_code as "stageCode", department_code as "departmentCode",
      actor_id as "actorId", actor_name as "actorName", reason, data
      from ticket_events
      where ticket_id in (${sql.join(
        ticketIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) and kind in (${sql.join(
        kinds.map((k) => sql`${k}`),
        sql`, `,
      )})
      order by ticket_id, at, id`,
  );
  for (const { ticketId, ...r } of rows)
    out.get(ticketId)?.push({ ...r, id: Number(r.id), at: new Date(r.at) });
  return out;
}

export type VisitRow = {
  id: string;
  kind: string;
  customerId: string;
  customerName: string | null;
  tier: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  orderRef: string | null;
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

/** The return visits of a ticket, newest first. */
export async function listTicketVisits(ex: Executor, ticketId: string): Promise<VisitRow[]> {
  const rows = await queryRows<VisitRow>(
    ex,
    sql`select v.id, v.kind, v.customer_id as "customerId", c.name as "customerName", t.tier,
      v.ticket_id as "ticketId", t.number as "ticketNumber", v.order_ref as "orderRef", v.visitor_id as "visitorId",
      u.display_name as "visitorName", v.region_code as "regionCode", v.due_at as "dueAt", v.status, v.outcome,
      v.score, v.note, v.contact_name as "contactName", v.done_at as "doneAt", v.done_by as "doneBy",
      v.follow_up_task_id as "followUpTaskId", v.created_at as "createdAt"
      from return_visits v
      left join customers c on c.id = v.customer_id
      left join tickets t on t.id = v.ticket_id
      left join users u on u.id = v.visitor_id
      where v.ticket_id = ${ticketId}::uuid order by v.created_at desc, v.id`,
  );
  return rows.map((r) => ({
    ...r,
    dueAt: new Date(r.dueAt),
    doneAt: instant(r.doneAt),
    createdAt: new Date(r.createdAt),
    score: r.score === null ? null : Number(r.score),
    followUpTaskId: r.followUpTaskId === null ? null : Number(r.followUpTaskId),
  }));
}

/** Open visit and latest outcome of a ticket's return visits (for the closing rule). */
export async function visitStateOf(
  ex: Executor,
  ticketId: string,
): Promise<{ openVisit: boolean; lastOutcome: 'satisfied' | 'dissatisfied' | 'unreachable' | null }> {
  const rows = await queryRows<{ status: string; outcome: string | null }>(
    ex,
    sql`select status, outcome from return_visits where ticket_id = ${ticketId}::uuid
      order by coalesce(done_at, created_at) desc, created_at desc`,
  );
  const openVisit = rows.some((r) => r.status === 'open');
  const done = rows.find((r) => r.status === 'done' && r.outcome !== null);
  return {
    openVisit,
    lastOutcome: (done?.outcome ?? null) as 'satisfied' | 'dissatisfied' | 'unreachable' | null,
  };
}

export type SummaryCounts = {
  open: number;
  breached: number;
  escalated: number;
  dueWithinHour: number;
  byDepartment: {
    departmentCode: string;
    departmentName: string | null;
    open: number;
    breached: number;
    escalated: number;
  }[];
  byStatus: { status: TicketStatus; count: number }[];
  byTier: { tier: string | null; open: number; breached: number }[];
};

/** Board counts over the tickets visible under `visible`. */
export async function summarise(ex: Executor, visible: SQL, now: Date): Promise<SummaryCounts> {
  const inHour = new Date(now.getTime() + 3_600_000).toISOString();
  const nowIso = now.toISOString();
  const [totals] = await queryRows<{ open: number; breached: number; escalated: number; due: number }>(
    ex,
    sql`select count(*)::int as open, count(*) filter (where t.breached)::int as breached,
      count(*) filter (where t.escalation_level > 0)::int as escalated,
      count(*) filter (where t.next_target_at >= ${nowIso}::timestamptz and t.next_target_at <= ${inHour}::timestamptz)::int as due
      from tickets t where ${visible} and ${OPEN_SQL}`,
  );
  const byDepartment = await queryRows<SummaryCounts['byDepartment'][number]>(
    ex,
    sql`select t.department_code as "departmentCode", min(d.name) as "departmentName", count(*)::int as open,
      count(*) filter (where t.breached)::int as breached, count(*) filter (where t.escalation_level > 0)::int as escalated
      from tickets t left join departments d on d.code = t.department_code
      where ${visible} and ${OPEN_SQL} group by t.department_code order by t.department_code`,
  );
  const byStatus = await queryRows<SummaryCounts['byStatus'][number]>(
    ex,
    sql`select t.status, count(*)::int as count from tickets t where ${visible} group by t.status order by t.status`,
  );
  const byTier = await queryRows<SummaryCounts['byTier'][number] & { rank: number }>(
    ex,
    sql`select t.tier, max(t.tier_rank) as rank, count(*)::int as open, count(*) filter (where t.breached)::int as breached
      from tickets t where ${visible} and ${OPEN_SQL} group by t.tier order by max(t.tier_rank) desc`,
  );
  return {
    open: Number(totals?.open ?? 0),
    breached: Number(totals?.breached ?? 0),
    escalated: Number(totals?.escalated ?? 0),
    dueWithinHour: Number(totals?.due ?? 0),
    byDepartment: byDepartment.map((r) => ({
      ...r,
      open: Number(r.open),
      breached: Number(r.breached),
      escalated: Number(r.escalated),
    })),
    byStatus: byStatus.map((r) => ({ status: r.status, count: Number(r.count) })),
    byTier: byTier.map((r) => ({ tier: r.tier, open: Number(r.open), breached: Number(r.breached) })),
  };
}

/** A circuit of the customer, or null. */
export async function findCustomerCircuit(
  ex: Executor,
  customerId: string,
  circuitId: string,
): Promise<{ id: string; circuitNumber: string; product: string } | null> {
  const [row] = await queryRows<{ id: string; circuitNumber: string; product: string }>(
    ex,
    sql`select id, circuit_number as "circuitNumber", product from circuits
      where id = ${circuitId}::uuid and customer_id = ${customerId}::uuid`,
  );
  return row ?? null;
}

/** An active user by id (for assignment), or null. */
export async function findActiveUser(
  ex: Executor,
  id: string,
): Promise<{ id: string; displayName: string } | null> {
  const [row] = await queryRows<{ id: string; displayName: string }>(
    ex,
    sql`select id, display_name as "displayName" from users where id = ${id}::uuid and active`,
  );
  return row ?? null;
}

/** Department names by code. */
export async function departmentNames(ex: Executor): Promise<Map<string, string>> {
  const rows = await queryRows<{ code: string; name: string }>(ex, sql`select code, name from departments`);
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** The customer of a new ticket, as `loadCreateContexts` reads it. */
type CreateCustomer = {
  id: string;
  name: string;
  accountManagerName: string | null;
  regionCode: string;
  accountManagerId: string | null;
  tier: string | null;
  stars: number | null;
  groupClass: string | null;
};

export type CreateContext = {
  customer: CreateCustomer | null;
  desk: number | null;
  catalog: number | null;
  hubSubscribers: boolean;
  /** The id of the creation event, taken from its sequence (the ticket number is made of it). */
  eventId: number;
  /** The calendar data version (for the calendar cache). */
  calendarVersion: number;
  /** Department names by code (the new ticket's view names its department). */
  departmentNames: Record<string, string>;
  /** The customer row's version as read (its `xmin`): a kept context holds only while it does. */
  customerVersion: string | null;
};

/** What one new ticket asks `loadCreateContexts` for. */
export type CreateContextRequest = { customerId: string; at: Date; date: string };

type CreateContextRow = Omit<CreateCustomer, 'id'> & {
  i: number;
  id: string | null;
  desk: number | null;
  catalog: number | null;
  hubSubscribers: boolean;
  departmentNames: Record<string, string> | null;
  eventId: string | number;
  calendarVersion: unknown;
  customerVersion: string | null;
};

/**
 * Everything new tickets need before their inserts, in one round trip for any number of them
 * (the same prepared statement for one or many): each one's customer if `visible` (a condition
 * over `c`) lets the caller serve it, the desk configuration and catalog numbers in force at its
 * instant ("latest effective on or before", as `ensureDeskConfig` and `ensureCatalogInForce` rule;
 * null when none is published yet, and the caller falls back to those), its creation event's id
 * from the sequence; and, once for all, whether any hub subscription listens to tickets, the
 * calendar data version and the department names. Answers in the order asked.
 */
export async function loadCreateContexts(
  ex: Executor,
  visible: SQL,
  requests: readonly CreateContextRequest[],
): Promise<CreateContext[]> {
  const rows = await queryRowsPrepared<CreateContextRow>(
    ex,
    createContextQuery(visible, askedJson(requests)),
  );
  return toCreateContexts(rows, requests.length);
}

const askedJson = (requests: readonly CreateContextRequest[]): string =>
  JSON.stringify(
    requests.map((r, i) => ({ i, customer_id: r.customerId, at: r.at.toISOString(), d: r.date })),
  );

/**
 * The desk configuration version in force at the instant `at` ("latest effective on or before", as
 * `ensureDeskConfig` rules), and the catalog version in force on the date `d` — a scalar subquery
 * each, shared by the read of new tickets' contexts and the check of kept ones.
 */
const deskVersionAt = (at: SQL) =>
  sql`(select version from desk_config_versions where status = 'published' and effective_from <= ${at}
    order by effective_from desc, version desc limit 1)`;
const catalogVersionOn = (d: SQL) =>
  sql`(select version from catalog_versions where status = 'published' and effective_date <= ${d}
    order by effective_date desc, version desc limit 1)`;

/** The statement of `loadCreateContexts`; `asked` is the requests' JSON or a placeholder for it. */
function createContextQuery(visible: SQL, asked: unknown): SQL {
  return sql`with g as materialized (select
        exists (select 1 from hub_subscriptions where api = 'troubleTicket') as "hubSubscribers",
        (select json_object_agg(code, name) from departments) as "departmentNames",
        (select value from app_meta where key = ${CALENDAR_VERSION_KEY}) as "calendarVersion")
      select r.i, c.id, c.name, c."accountManagerName", c.region_code as "regionCode",
      c.account_manager_id as "accountManagerId", c.tier, c.stars, c.group_class as "groupClass",
      ${deskVersionAt(sql`r.at`)} as desk, ${catalogVersionOn(sql`r.d`)} as catalog,
      g."hubSubscribers", case when r.i = 0 then g."departmentNames" end as "departmentNames", g."calendarVersion",
      c."customerVersion",
      nextval('ticket_events_id_seq') as "eventId"
      from json_to_recordset(${asked}::json) as r(i int, customer_id uuid, at timestamptz, d date)
      cross join g
      -- one index lookup per ticket (limit 1 keeps the planner from turning it into a scan of
      -- customers hashed against a function whose row count it cannot know)
      left join lateral (select c.id, c.name, c.region_code, c.account_manager_id, c.tier, c.stars,
          c.group_class, am.display_name as "accountManagerName", c.xmin::text as "customerVersion"
        from customers c left join users am on am.id = c.account_manager_id
        where c.id = r.customer_id and ${visible} limit 1) c on true
      order by r.i`;
}

function toCreateContexts(rows: readonly CreateContextRow[], asked: number): CreateContext[] {
  if (rows.length !== asked) throw new Error(`asked ${asked} contexts, got ${rows.length}`);
  const departmentNames = rows[0]?.departmentNames ?? {};
  return rows.map((r) => ({
    customer: r.id
      ? {
          id: r.id,
          name: r.name,
          accountManagerName: r.accountManagerName,
          regionCode: r.regionCode,
          accountManagerId: r.accountManagerId,
          tier: r.tier,
          stars: r.stars === null ? null : Number(r.stars),
          groupClass: r.groupClass,
        }
      : null,
    desk: r.desk === null ? null : Number(r.desk),
    catalog: r.catalog === null ? null : Number(r.catalog),
    hubSubscribers: r.hubSubscribers === true,
    departmentNames,
    eventId: Number(r.eventId),
    calendarVersion: typeof r.calendarVersion === 'number' ? r.calendarVersion : 0,
    customerVersion: r.id ? r.customerVersion : null,
  }));
}

/** `loadCreateContexts` for one ticket. */
export async function loadCreateContext(
  ex: Executor,
  visible: SQL,
  customerId: string,
  at: Date,
  date: string,
): Promise<CreateContext> {
  const [context] = await loadCreateContexts(ex, visible, [{ customerId, at, date }]);
  return context!;
}

/**
 * Who may see a new ticket's customer, for `readCreateContext`: `visible` is the condition over `c`,
 * `key` names it — two scopes with the same key must render the same condition. Keep one object per
 * key: its statement is rendered once and kept with it.
 */
export type CreateScope = { readonly key: string; readonly visible: SQL };

type BatchedContextRequest = CreateContextRequest & { scope: CreateScope };
const contextReaders = new WeakMap<
  object,
  ReturnType<typeof groupBatchBy<BatchedContextRequest, CreateContext>>
>();
const contextStatements = new WeakMap<CreateScope, PreparedStatement<{ asked: string }>>();

function contextStatementOf(scope: CreateScope): PreparedStatement<{ asked: string }> {
  let statement = contextStatements.get(scope);
  if (!statement) {
    statement = preparedStatement<{ asked: string }>(
      createContextQuery(scope.visible, sql.placeholder('asked')),
    );
    contextStatements.set(scope, statement);
  }
  return statement;
}

/**
 * `loadCreateContext` with the others being read at the same moment on this database under the
 * same scope (group read, `src/db/group-commit.ts`): the reads that arrive while one is in flight
 * go together in the next statement; a lone read goes at once. Items share a statement only when
 * their scopes have the same key. `db` must be the database itself, not a transaction (the read
 * sees what a READ COMMITTED statement sees, as alone).
 */
export function readCreateContext(
  db: Executor,
  scope: CreateScope,
  customerId: string,
  at: Date,
  date: string,
): Promise<CreateContext> {
  let reader = contextReaders.get(db);
  if (!reader) {
    reader = groupBatchBy<BatchedContextRequest, CreateContext>(async (_key, items) => {
      const contexts = toCreateContexts(
        await contextStatementOf(items[0]!.scope)<CreateContextRow>(db, { asked: askedJson(items) }),
        items.length,
      );
      keepCreateContexts(db, items[0]!.scope, contexts);
      return contexts;
    });
    contextReaders.set(db, reader);
  }
  return reader(scope.key, { scope, customerId, at, date });
}

/** How many statements read how many new tickets' contexts through `readCreateContext` on `db` so far. */
export function createContextReadStats(db: Executor): { calls: number; items: number } {
  return { ...(contextReaders.get(db)?.stats ?? { calls: 0, items: 0 }) };
}

// ─── Contexts kept between tickets ───────────────────────────────────────────────────────────────

/**
 * How long a context read for a new ticket may serve the next tickets of the same customer and
 * scope (`keptCreateContext`). Such a ticket skips the read; its write checks, in the same
 * statement, that what it was computed from still holds — the customer row unchanged (its
 * `xmin`: tier, stars, group class, region, account manager, name), the desk configuration and the
 * catalog versions in force at its own instant, the calendar data version, no hub subscription —
 * and writes nothing of it otherwise (`CreateCheck`; the caller then reads and computes again).
 * Not checked, so at most this old, like the session cache (`SESSION_CACHE_MS`): the names shown in
 * the answer (the account manager's, the departments') and the region tree behind a regional scope.
 */
export const CREATE_CONTEXT_TTL_MS = 5_000;
const KEPT_CONTEXTS_MAX = 10_000;
type KeptContext = { context: CreateContext; until: number };
const keptContexts = new WeakMap<object, Map<string, KeptContext>>();
const keptKey = (scope: CreateScope, customerId: string) => `${scope.key}\u0000${customerId}`;

/** Keeps the contexts a batched read returned that a later ticket can be written from on its own. */
function keepCreateContexts(db: Executor, scope: CreateScope, contexts: readonly CreateContext[]): void {
  let kept = keptContexts.get(db);
  if (!kept) {
    kept = new Map();
    keptContexts.set(db, kept);
  }
  const until = performance.now() + CREATE_CONTEXT_TTL_MS;
  for (const context of contexts) {
    const { customer } = context;
    if (!customer || context.customerVersion === null || context.hubSubscribers) continue;
    if (context.desk === null || context.catalog === null) continue;
    if (kept.size >= KEPT_CONTEXTS_MAX) kept.clear();
    kept.set(keptKey(scope, customer.id), { context, until });
  }
}

/**
 * The context read lately for `customerId` under `scope` (`CREATE_CONTEXT_TTL_MS`), without its
 * event id (`takeEventId`), or null. A ticket computed from it must be written with its
 * `CreateCheck` through `writeCreatedTicket`.
 */
export function keptCreateContext(
  db: Executor,
  scope: CreateScope,
  customerId: string,
): Omit<CreateContext, 'eventId'> | null {
  const kept = keptContexts.get(db);
  const key = keptKey(scope, customerId);
  const entry = kept?.get(key);
  if (!entry) return null;
  if (entry.until < performance.now()) {
    kept!.delete(key);
    return null;
  }
  return entry.context;
}

/** Drops the kept context of `customerId` under `scope` (its check failed). */
export function forgetCreateContext(db: Executor, scope: CreateScope, customerId: string): void {
  keptContexts.get(db)?.delete(keptKey(scope, customerId));
}

const EVENT_ID_BLOCK = 50;
const eventIdBlockStatement = preparedStatement<Record<string, never>>(
  sql`select nextval('ticket_events_id_seq') as id from generate_series(1, ${sql.raw(String(EVENT_ID_BLOCK))})`,
);
const eventIdPools = new WeakMap<object, { ids: number[]; next: number; refill: Promise<void> | null }>();

/**
 * A creation event id for a ticket written from a kept context, from a block taken from the
 * sequence 50 at a time (one statement per 50 tickets instead of one read each). Ids of a block
 * not used when the process stops are never used: ticket numbers may skip, as they may after a
 * refused write.
 */
export async function takeEventId(db: Executor): Promise<number> {
  let pool = eventIdPools.get(db);
  if (!pool) {
    pool = { ids: [], next: 0, refill: null };
    eventIdPools.set(db, pool);
  }
  while (pool.next >= pool.ids.length) {
    const p = pool;
    p.refill ??= eventIdBlockStatement<{ id: string | number }>(db, {})
      .then((rows) => {
        p.ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
        p.next = 0;
      })
      .finally(() => {
        p.refill = null;
      });
    await p.refill;
  }
  return pool.ids[pool.next++]!;
}

// ─── Creation in one statement ───────────────────────────────────────────────────────────────────

/** The column name of a camelCase field (`customerId` → `customer_id`). */
type SnakeCase<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeCase<T>}`
  : S;

/**
 * A row as the creation statement reads it from JSON: the table's column names as keys and
 * instants as ISO strings (built so by the caller: turning camelCase objects with `Date`s into
 * this at write time cost ≈ 25 µs a ticket, more than the rest of the statement's JSON).
 */
export type JsonRow<T> = {
  [K in keyof T as SnakeCase<K & string>]: T[K] extends infer V ? (V extends Date ? string : V) : never;
};

type NewSlaInstance = typeof slaInstances.$inferInsert;

/** A new ticket's clock (`newTicketClocks`) as the creation statement writes it. */
export function clockJsonRow(v: NewSlaInstance): JsonRow<NewSlaInstance> {
  return {
    ticket_id: v.ticketId,
    definition_code: v.definitionCode,
    kind: v.kind,
    stage_code: v.stageCode ?? null,
    department_code: v.departmentCode ?? null,
    cycle: v.cycle ?? 1,
    desk_config_version: v.deskConfigVersion,
    limit_minutes: v.limitMinutes,
    clock: v.clock,
    limit_source: v.limitSource ?? null,
    stage: v.stage,
    started_at: v.startedAt.toISOString(),
    stopped_at: isoOrNull(v.stoppedAt),
    target_at: isoOrNull(v.targetAt),
    elapsed_minutes: v.elapsedMinutes ?? 0,
    breached: v.breached ?? false,
    breached_at: isoOrNull(v.breachedAt),
    provisional: v.provisional ?? false,
    evaluated_at: v.evaluatedAt.toISOString(),
    next_check_at: isoOrNull(v.nextCheckAt),
  };
}

const EVENT_COLUMNS = sql.raw(
  'id, ticket_id, at, kind, status, stage_code, department_code, actor_id, actor_name, reason, data',
);
const TICKET_COLUMNS =
  sql.raw(`id, number, customer_id, ticket_type, severity, priority, channel, name, description,
  status, status_changed_at, stage_code, department_code, circuit_id, product, order_ref, service_item, tier, tier_rank,
  region_code, account_manager_id, desk_config_version, catalog_version, next_target_at, breached,
  requested_resolution_date, expected_resolution_date, external_id, extra, created_by, created_at, updated_at`);
const CLOCK_COLUMNS =
  sql.raw(`ticket_id, definition_code, kind, stage_code, department_code, cycle, desk_config_version,
  limit_minutes, clock, limit_source, stage, started_at, stopped_at, target_at, elapsed_minutes, breached, breached_at,
  provisional, evaluated_at, next_check_at`);
const AUDIT_COLUMNS = sql.raw(
  'actor_id, actor_name, action, entity, entity_id, before, after, reason, request_id',
);

/** The rows of one new ticket, as `insertCreatedTickets` writes them. */
export type CreatedTicketRows = {
  event: JsonRow<NewTicketEvent & { id: number }>;
  ticket: JsonRow<NewTicket>;
  clocks: readonly JsonRow<NewSlaInstance>[];
  /** The audit entry as stored (`id` and `at` from their defaults). */
  audit: JsonRow<Omit<typeof auditLog.$inferInsert, 'id' | 'at'>>;
  /** For a ticket computed from a kept context (`keptCreateContext`): what must still hold. */
  check?: CreateCheck | undefined;
};

/**
 * What a ticket computed from a kept context was computed from; its write checks each against the
 * database in the same statement and writes nothing of the ticket if one no longer holds.
 */
export type CreateCheck = {
  customerId: string;
  /** `CreateContext.customerVersion`. */
  customerVersion: string;
  /** The ticket's instant (ISO) and Shanghai date: the versions in force are looked up at them. */
  at: string;
  date: string;
  desk: number;
  catalog: number;
  calendarVersion: number;
};

/**
 * Writes a new ticket in ONE statement (one round trip): its creation event (with the id taken
 * from the sequence by `loadCreateContext`), the ticket row, its SLA instances and the audit entry.
 * False when its `check` failed (nothing written).
 */
export async function insertCreatedTicket(ex: Executor, rows: CreatedTicketRows): Promise<boolean> {
  return (await insertCreatedTickets(ex, [rows])).has(rows.ticket.id as string);
}

const createdTicketWriters = new WeakMap<object, GroupBatcher<CreatedTicketRows, boolean>>();

/**
 * Writes a new ticket with the others being created at the same moment on this database: group
 * commit (`src/db/group-commit.ts`) over `insertCreatedTickets` — the tickets that arrive while a
 * statement is in flight go together in the next one, one commit for all; a lone ticket goes at
 * once. Resolves after the commit that holds this ticket: true if written, false if its `check`
 * failed (nothing of it written; the others are). A refused ticket fails alone. `db` must be the
 * database itself (autocommit), not a transaction.
 */
export function writeCreatedTicket(db: Executor, rows: CreatedTicketRows): Promise<boolean> {
  let writer = createdTicketWriters.get(db);
  if (!writer) {
    writer = groupBatch<CreatedTicketRows, boolean>(async (list) => {
      const written = await insertCreatedTickets(db, list);
      return list.map((r) => written.has(r.ticket.id as string));
    });
    createdTicketWriters.set(db, writer);
  }
  return writer(rows);
}

/** How many statements wrote how many new tickets through `writeCreatedTicket` on `db` so far. */
export function createdTicketWriteStats(db: Executor): { calls: number; items: number } {
  return { ...(createdTicketWriters.get(db)?.stats ?? { calls: 0, items: 0 }) };
}

// `ok`: the tickets to write — those without a check, and those whose check holds. Every insert
// takes only theirs; the statement returns their ids.
const insertCreatedTicketsStatement = preparedStatement<{
  checks: string;
  events: string;
  tickets: string;
  clocks: string;
  audit: string;
}>(sql`with
    ok as materialized (select k.ticket_id
      from json_to_recordset(${sql.placeholder('checks')}::json)
        as k(ticket_id uuid, customer_id uuid, cv text, at timestamptz, d date, desk int, catalog int, cal text)
      where k.customer_id is null or (
        exists (select 1 from customers c where c.id = k.customer_id and c.xmin::text = k.cv)
        and k.desk = ${deskVersionAt(sql`k.at`)}
        and k.catalog = ${catalogVersionOn(sql`k.d`)}
        and k.cal = coalesce((select case when jsonb_typeof(value) = 'number' then value::text end
          from app_meta where key = ${CALENDAR_VERSION_KEY}), '0')
        and not exists (select 1 from hub_subscriptions where api = 'troubleTicket'))),
    ev as (insert into ticket_events (${EVENT_COLUMNS}) overriding system value
      select ${EVENT_COLUMNS} from json_populate_recordset(null::ticket_events, ${sql.placeholder('events')}::json)
      where ticket_id in (select ticket_id from ok)),
    tk as (insert into tickets (${TICKET_COLUMNS})
      select ${TICKET_COLUMNS} from json_populate_recordset(null::tickets, ${sql.placeholder('tickets')}::json)
      where id in (select ticket_id from ok)),
    cl as (insert into sla_instances (${CLOCK_COLUMNS})
      select ${CLOCK_COLUMNS} from json_populate_recordset(null::sla_instances, ${sql.placeholder('clocks')}::json)
      where ticket_id in (select ticket_id from ok)),
    au as (insert into audit_log (${AUDIT_COLUMNS})
      select ${AUDIT_COLUMNS} from json_populate_recordset(null::audit_log, ${sql.placeholder('audit')}::json)
      where entity_id in (select ticket_id::text from ok))
    select ticket_id as id from ok`);

/**
 * Writes new tickets in ONE statement, atomic on its own: each one's creation event, ticket row,
 * SLA instances and audit entry. Each table's rows travel as one JSON array parameter read by
 * `json_populate_recordset`; the column lists name what is written (the others keep their
 * defaults). Same rows as the separate inserts; one ticket or many, the same prepared statement.
 * A ticket with a `check` is written only if it holds; returns the ids of the tickets written.
 */
export async function insertCreatedTickets(
  ex: Executor,
  list: readonly CreatedTicketRows[],
): Promise<Set<string>> {
  const rows = await insertCreatedTicketsStatement<{ id: string }>(ex, {
    checks: JSON.stringify(
      list.map(({ ticket, check: c }) =>
        c
          ? {
              ticket_id: ticket.id,
              customer_id: c.customerId,
              cv: c.customerVersion,
              at: c.at,
              d: c.date,
              desk: c.desk,
              catalog: c.catalog,
              cal: String(c.calendarVersion),
            }
          : { ticket_id: ticket.id },
      ),
    ),
    events: JSON.stringify(list.map((r) => r.event)),
    tickets: JSON.stringify(list.map((r) => r.ticket)),
    clocks: JSON.stringify(list.flatMap((r) => r.clocks)),
    audit: JSON.stringify(list.map((r) => r.audit)),
  });
  return new Set(rows.map((r) => r.id));
}
