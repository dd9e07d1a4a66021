/** Reads and writes of product orders, their lines and events (tables in orders.tables.ts). */
import { type SQL, sql } from 'drizzle-orm';
import { type Executor, queryRows } from '../../db/database.ts';
import type { ItemState, Milestone, OrderState } from '../../domain/orders/lifecycle.ts';
import type { DueBasis, OrderProduct } from '../../domain/orders/order-plan.ts';
import type { ProvisioningClass } from '../../domain/orders/provisioning-class.ts';
import type { OrderSort } from './orders.schema.ts';

export type OrderRow = {
  id: string;
  orderNumber: string;
  customerId: string;
  customerName: string;
  isHeadquarters: boolean;
  regionCode: string;
  accountManagerId: string | null;
  accountManagerName: string | null;
  state: OrderState;
  priority: string;
  channel: string;
  description: string | null;
  externalId: string | null;
  requestedCompletionDate: string | null;
  expectedCompletionDate: string | null;
  expectedProvisional: boolean;
  completionDate: Date | null;
  cancellationReason: string | null;
  catalogVersion: number | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  itemCount: number;
  activatedCount: number;
  classes: string[] | null;
  oneTimeFeeFen: number;
  monthlyFeeFen: number;
  overdueItems: number;
  dueText: string | null;
};

/** Orders over `o`, the customer `c` (current owner) and its account manager `u`. */
const ORDER_COLUMNS = (
  today: string,
) => sql`o.id, o.order_number as "orderNumber", o.customer_id as "customerId",
  c.name as "customerName", c.is_headquarters as "isHeadquarters", o.region_code as "regionCode",
  c.account_manager_id as "accountManagerId", u.display_name as "accountManagerName", o.state, o.priority, o.channel,
  o.description, o.external_id as "externalId", o.requested_completion_date as "requestedCompletionDate",
  o.expected_completion_date as "expectedCompletionDate", o.expected_provisional as "expectedProvisional",
  o.completion_date as "completionDate", o.cancellation_reason as "cancellationReason",
  o.catalog_version as "catalogVersion", o.created_by as "createdBy", o.created_at as "createdAt",
  o.updated_at as "updatedAt",
  (select count(*)::int from product_order_items i where i.order_id = o.id) as "itemCount",
  (select count(*)::int from product_order_items i where i.order_id = o.id and i.state = 'completed') as "activatedCount",
  (select array_agg(distinct coalesce(i.provisioning_class, 'none')) from product_order_items i where i.order_id = o.id) as classes,
  (select coalesce(sum(i.one_time_fee_fen), 0)::bigint from product_order_items i where i.order_id = o.id and i.state <> 'cancelled') as "oneTimeFeeFen",
  (select coalesce(sum(i.monthly_fee_fen), 0)::bigint from product_order_items i where i.order_id = o.id and i.state <> 'cancelled') as "monthlyFeeFen",
  (select count(*)::int from product_order_items i where i.order_id = o.id
     and i.state in ('acknowledged', 'inProgress') and i.due_date < ${today}::date) as "overdueItems",
  (select i.due_basis->>'text' from product_order_items i where i.order_id = o.id and i.state <> 'cancelled'
     order by i.due_date desc nulls last, i.line_no limit 1) as "dueText"`;

const FROM = sql`product_orders o join customers c on c.id = o.customer_id left join users u on u.id = c.account_manager_id`;

export type OrderFilter = {
  state?: OrderState[] | undefined;
  customerId?: string | undefined;
  q?: string | undefined;
  overdue?: boolean | undefined;
  provisioningClass?: ProvisioningClass | 'none' | undefined;
};

const SORT_SQL: Record<OrderSort, SQL> = {
  createdAt: sql`o.created_at asc, o.id`,
  '-createdAt': sql`o.created_at desc, o.id`,
  expectedCompletionDate: sql`o.expected_completion_date asc nulls last, o.id`,
  '-expectedCompletionDate': sql`o.expected_completion_date desc nulls last, o.id`,
  orderNumber: sql`o.order_number asc`,
  '-orderNumber': sql`o.order_number desc`,
};

function whereOf(visible: SQL, f: OrderFilter, today: string): SQL {
  const parts: SQL[] = [visible];
  if (f.state && f.state.length > 0)
    parts.push(
      sql`o.state in (${sql.join(
        f.state.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  if (f.customerId) parts.push(sql`o.customer_id = ${f.customerId}::uuid`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    parts.push(sql`(o.order_number ilike ${like} or c.name ilike ${like} or o.external_id = ${f.q})`);
  }
  if (f.overdue !== undefined) {
    const cond = sql`exists (select 1 from product_order_items i where i.order_id = o.id
      and i.state in ('acknowledged', 'inProgress') and i.due_date < ${today}::date)`;
    parts.push(f.overdue ? cond : sql`not ${cond}`);
  }
  if (f.provisioningClass) {
    parts.push(
      f.provisioningClass === 'none'
        ? sql`exists (select 1 from product_order_items i where i.order_id = o.id and i.provisioning_class is null)`
        : sql`exists (select 1 from product_order_items i where i.order_id = o.id and i.provisioning_class = ${f.provisioningClass})`,
    );
  }
  return sql.join(parts, sql` and `);
}

export async function listOrders(
  ex: Executor,
  visible: SQL,
  filter: OrderFilter,
  page: { limit: number; offset: number; sort: OrderSort },
  today: string,
): Promise<{ total: number; items: OrderRow[] }> {
  const where = whereOf(visible, filter, today);
  const [count] = await queryRows<{ n: number }>(
    ex,
    sql`select count(*)::int as n from ${FROM} where ${where}`,
  );
  const items = await queryRows<OrderRow>(
    ex,
    sql`select ${ORDER_COLUMNS(today)} from ${FROM} where ${where}
      order by ${SORT_SQL[page.sort]} limit ${page.limit} offset ${page.offset}`,
  );
  return { total: Number(count?.n ?? 0), items };
}

export async function findOrder(
  ex: Executor,
  visible: SQL,
  id: string,
  today: string,
): Promise<OrderRow | null> {
  const [row] = await queryRows<OrderRow>(
    ex,
    sql`select ${ORDER_COLUMNS(today)} from ${FROM} where o.id = ${id}::uuid and ${visible}`,
  );
  return row ?? null;
}

/**
 * The order a ticket names (`orderRef`): one of the customer's product orders, by its number
 * (`PO-…`) or its id. Null when the customer has no such order.
 */
export async function findCustomerOrderNumber(
  ex: Executor,
  customerId: string,
  ref: string,
): Promise<string | null> {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const [row] = await queryRows<{ orderNumber: string }>(
    ex,
    sql`select order_number as "orderNumber" from product_orders
      where customer_id = ${customerId}::uuid
        and ${isId ? sql`id = ${ref}::uuid` : sql`order_number = ${ref}`}`,
  );
  return row?.orderNumber ?? null;
}

export type ItemRow = {
  id: string;
  orderId: string;
  lineNo: number;
  product: OrderProduct;
  scope: 'local' | 'in_province' | 'inter_province';
  crossOperator: boolean;
  provisioningClass: ProvisioningClass | null;
  bandwidthMbps: number | null;
  aEnd: string | null;
  zEnd: string | null;
  listOneTimeFeeFen: number;
  oneTimeFeeFen: number;
  monthlyFeeFen: number;
  state: ItemState;
  milestone: Milestone;
  startDate: string;
  dueRule: unknown;
  dueDate: string | null;
  dueAt: Date | null;
  dueProvisional: boolean;
  dueBasis: DueBasis;
  circuitId: string | null;
  circuitNumber: string | null;
  activatedOn: string | null;
  activatedAt: Date | null;
  overdueWorkingDays: number | null;
  deliveryDueDate: string | null;
  deliveredAt: Date | null;
};

const ITEM_COLUMNS = sql`id, order_id as "orderId", line_no as "lineNo", product, scope, cross_operator as "crossOperator",
  provisioning_class as "provisioningClass", bandwidth_mbps as "bandwidthMbps", a_end as "aEnd", z_end as "zEnd",
  list_one_time_fee_fen as "listOneTimeFeeFen", one_time_fee_fen as "oneTimeFeeFen", monthly_fee_fen as "monthlyFeeFen",
  state, milestone, start_date as "startDate", due_rule as "dueRule", due_date as "dueDate", due_at as "dueAt",
  due_provisional as "dueProvisional", due_basis as "dueBasis", circuit_id as "circuitId", circuit_number as "circuitNumber",
  activated_on as "activatedOn", activated_at as "activatedAt", overdue_working_days as "overdueWorkingDays",
  delivery_due_date as "deliveryDueDate", delivered_at as "deliveredAt"`;

export async function listItems(ex: Executor, orderIds: readonly string[]): Promise<ItemRow[]> {
  if (orderIds.length === 0) return [];
  return queryRows<ItemRow>(
    ex,
    sql`select ${ITEM_COLUMNS} from product_order_items
      where order_id in (${sql.join(
        orderIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) order by order_id, line_no`,
  );
}

export async function lockItem(ex: Executor, orderId: string, itemId: string): Promise<ItemRow | null> {
  const [row] = await queryRows<ItemRow>(
    ex,
    sql`select ${ITEM_COLUMNS} from product_order_items where id = ${itemId}::uuid and order_id = ${orderId}::uuid for update`,
  );
  return row ?? null;
}

/** The order row locked for a change (its lines are changed under this lock). */
export async function lockOrder(
  ex: Executor,
  id: string,
): Promise<{
  id: string;
  orderNumber: string;
  customerId: string;
  regionCode: string;
  state: OrderState;
  catalogVersion: number | null;
  createdAt: Date;
} | null> {
  const [row] = await queryRows<{
    id: string;
    orderNumber: string;
    customerId: string;
    regionCode: string;
    state: OrderState;
    catalogVersion: number | null;
    createdAt: Date;
  }>(
    ex,
    sql`select id, order_number as "orderNumber", customer_id as "customerId", region_code as "regionCode", state,
        catalog_version as "catalogVersion", created_at as "createdAt"
      from product_orders where id = ${id}::uuid for update`,
  );
  // Raw queries on PGlite answer timestamptz as text.
  return row ? { ...row, createdAt: new Date(row.createdAt) } : null;
}

export type EventRow = {
  id: number;
  orderId: string;
  itemId: string | null;
  kind: string;
  fromValue: string | null;
  toValue: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
  at: Date;
  actorId: string | null;
  actorName: string;
};

export async function listEvents(ex: Executor, orderIds: readonly string[]): Promise<EventRow[]> {
  if (orderIds.length === 0) return [];
  return queryRows<EventRow>(
    ex,
    sql`select id, order_id as "orderId", item_id as "itemId", kind, from_value as "fromValue", to_value as "toValue",
        note, data, at, actor_id as "actorId", actor_name as "actorName"
      from product_order_events where order_id in (${sql.join(
        orderIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) order by id`,
  );
}

export type NewEvent = {
  orderId: string;
  itemId?: string | null;
  kind: 'state' | 'milestone' | 'note' | 'due_recomputed' | 'delivery' | 'compensation' | 'activation';
  fromValue?: string | null;
  toValue?: string | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
  at: Date;
  actorId: string | null;
  actorName: string;
};

export async function insertEvent(ex: Executor, e: NewEvent): Promise<void> {
  await ex.execute(sql`insert into product_order_events (order_id, item_id, kind, from_value, to_value, note, data, at,
      actor_id, actor_name)
    values (${e.orderId}::uuid, ${e.itemId ?? null}::uuid, ${e.kind}, ${e.fromValue ?? null}, ${e.toValue ?? null},
      ${e.note ?? null}, ${e.data === undefined || e.data === null ? null : JSON.stringify(e.data)}::jsonb,
      ${e.at.toISOString()}::timestamptz, ${e.actorId}::uuid, ${e.actorName})`);
}

/** Who created the order (the actor of its first event). */
export async function findCreatorId(ex: Executor, orderId: string): Promise<string | null> {
  const [row] = await queryRows<{ actorId: string | null }>(
    ex,
    sql`select actor_id as "actorId" from product_order_events where order_id = ${orderId}::uuid order by id limit 1`,
  );
  return row?.actorId ?? null;
}

export async function listOrderSlips(ex: Executor, orderId: string) {
  return queryRows<{
    id: string;
    slipNumber: string;
    orderItemId: string | null;
    status: string;
    amountFen: number;
    raisedAt: Date;
  }>(
    ex,
    sql`select id, slip_number as "slipNumber", order_item_id as "orderItemId", status, amount_fen as "amountFen",
        raised_at as "raisedAt"
      from compensation_slips where order_id = ${orderId}::uuid order by raised_at`,
  );
}

export async function listOrderVisits(ex: Executor, customerId: string, orderNumber: string) {
  return queryRows<{ id: string; status: string; dueAt: Date; outcome: string | null }>(
    ex,
    sql`select id, status, due_at as "dueAt", outcome from return_visits
      where customer_id = ${customerId}::uuid and kind = 'activation' and order_ref = ${orderNumber}
      order by created_at`,
  );
}

export const DELIVERY_ACTION = 'order_delivery';
export const deliveryOccurrence = (itemId: string) => `order-item:${itemId}`;

export async function listDeliveryTasks(ex: Executor, customerId: string, itemIds: readonly string[]) {
  if (itemIds.length === 0) return [];
  const rows = await queryRows<{
    id: number;
    occurrenceKey: string;
    status: string;
    dueDate: string;
    ownerId: string;
  }>(
    ex,
    sql`select id, occurrence_key as "occurrenceKey", status, due_date as "dueDate", owner_id as "ownerId"
      from action_tasks where customer_id = ${customerId}::uuid and action_code = ${DELIVERY_ACTION}
        and occurrence_key in (${sql.join(
          itemIds.map((id) => sql`${deliveryOccurrence(id)}`),
          sql`, `,
        )})`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    itemId: r.occurrenceKey.slice('order-item:'.length),
    status: r.status,
    dueDate: r.dueDate,
    ownerId: r.ownerId,
  }));
}
