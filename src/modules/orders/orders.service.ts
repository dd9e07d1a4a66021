/**
 * Product orders (业务受理与开通, PRODUCT.md §5): preview and create orders whose lines are priced
 * and dated by the pure plan (src/domain/orders/order-plan.ts), list and read them in the caller's
 * customer scope, change the order state (TMF622 states), and the monthly timeliness figures.
 * Each change: rows + events + audit in ONE transaction. Due dates are registered in the deadline
 * registry (owner `productOrder.item`) and moved here when a new calendar schedule arrives.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, systemActor, writeAudit } from '../../db/audit.ts';
import { type Executor, queryRows, type Tx } from '../../db/database.ts';
import { nextDocumentNumber } from '../../db/numbers.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { fromDayNumber, shanghaiDayNumberOf } from '../../domain/calendar/dates.ts';
import type { EntitlementSubject } from '../../domain/catalog/entitlements.ts';
import { DomainError } from '../../domain/errors.ts';
import { allowedOrderStates, type OrderState, planOrderStateChange } from '../../domain/orders/lifecycle.ts';
import {
  type OrderLineInput,
  type OrderPlan,
  planOrder,
  summariseDue,
  validateOrderLines,
} from '../../domain/orders/order-plan.ts';
import { isGroupClass, isTier } from '../../domain/tiers/scheme.ts';
import { onDeadlinesRecomputed, registerDeadline } from '../calendar/deadlines.ts';
import { ensureCatalogInForce } from '../catalog/catalog.service.ts';
import { type CustomerRow, customerScopeOver, loadScopedCustomer } from '../customers/customers.access.ts';
import { queueOrderEvent } from './order-events.ts';
import {
  findOrder,
  type ItemRow,
  insertEvent,
  listDeliveryTasks,
  listEvents,
  listItems,
  listOrderSlips,
  listOrders,
  listOrderVisits,
  lockOrder,
  type OrderFilter,
  type OrderRow,
} from './orders.repo.ts';
import type {
  CreateOrderBody,
  ItemView,
  OrderDetail,
  OrderLineBody,
  OrderSort,
  OrderView,
} from './orders.schema.ts';

export const DEADLINE_OWNER = 'productOrder.item';

export const todayOf = (at: Date) => fromDayNumber(shanghaiDayNumberOf(at.getTime()));

/** Orders visible to `user`: the scope of their customer (`c`, the current owner columns). */
export function orderScope(user: ScopedUser): SQL {
  return customerScopeOver(user, {
    accountManagerId: sql`c.account_manager_id`,
    regionCode: sql`c.region_code`,
  });
}

function subjectOf(c: CustomerRow): EntitlementSubject {
  return {
    tier: isTier(c.tier) ? c.tier : null,
    stars: c.stars,
    groupClass: isGroupClass(c.groupClass) ? c.groupClass : null,
  };
}

const toLine = (b: OrderLineBody): OrderLineInput => ({
  product: b.product,
  scope: b.scope,
  crossOperator: b.crossOperator,
  provisioningClass: b.provisioningClass,
  listOneTimeFeeFen: b.listOneTimeFeeFen,
  monthlyFeeFen: b.monthlyFeeFen,
});

function assertLines(items: readonly OrderLineBody[]): void {
  const issues = validateOrderLines(items.map(toLine));
  if (issues.length > 0)
    throw new DomainError(
      'VALIDATION_FAILED',
      `Invalid order: ${issues.map((i) => i.field).join(', ')}`,
      issues,
    );
}

async function planFor(
  tx: Tx,
  deps: Deps,
  customer: CustomerRow,
  body: CreateOrderBody,
  at: Date,
  actor: Actor,
): Promise<{ plan: OrderPlan; catalogVersion: number }> {
  assertLines(body.items);
  const catalog = await ensureCatalogInForce(tx, actor, todayOf(at));
  const calendar = await deps.calendars.get(tx, customer.regionCode);
  const plan = planOrder(body.items.map(toLine), {
    calendar,
    acceptedAt: at.toISOString(),
    catalog: catalog.document,
    subject: subjectOf(customer),
    requestedCompletionDate: body.requestedCompletionDate ?? null,
  });
  return { plan, catalogVersion: catalog.version };
}

const notFoundCustomer = (id: string) =>
  new DomainError('NOT_FOUND', `No customer ${id}`, [{ field: 'customerId', message: 'no such customer' }]);

async function scopedCustomer(ex: Executor, user: ScopedUser, id: string): Promise<CustomerRow> {
  try {
    return await loadScopedCustomer(ex, user, id);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'NOT_FOUND') throw notFoundCustomer(id);
    throw e;
  }
}

/** The priced, dated lines of an order as it would be accepted now; nothing is saved. */
export async function previewOrder(deps: Deps, user: ScopedUser, actor: Actor, body: CreateOrderBody) {
  const at = deps.now();
  return deps.db.transaction(async (tx) => {
    const customer = await scopedCustomer(tx, user, body.customerId);
    const { plan, catalogVersion } = await planFor(tx, deps, customer, body, at, actor);
    return {
      customerId: customer.id,
      customerName: customer.name,
      acceptedAt: at.toISOString(),
      catalogVersion,
      lines: plan.lines.map(({ dueRule: _r, ...l }) => l),
      expectedCompletionDate: plan.expectedCompletionDate,
      expectedProvisional: plan.expectedProvisional,
      totals: plan.totals,
    };
  });
}

/** Accepts an order: number, lines with due dates registered, the created event, audit. */
export async function createOrder(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  body: CreateOrderBody,
): Promise<string> {
  const at = deps.now();
  return deps.db.transaction(async (tx) => {
    const customer = await scopedCustomer(tx, user, body.customerId);
    const { plan, catalogVersion } = await planFor(tx, deps, customer, body, at, actor);
    const orderNumber = await nextDocumentNumber(tx, 'product_order_seq', 'PO', at);
    const [order] = await queryRows<{ id: string }>(
      tx,
      sql`insert into product_orders (order_number, customer_id, region_code, account_manager_id, state, priority,
          channel, description, external_id, requested_completion_date, expected_completion_date, expected_provisional,
          catalog_version, created_by, created_at, updated_at)
        values (${orderNumber}, ${customer.id}::uuid, ${customer.regionCode}, ${customer.accountManagerId}::uuid,
          'acknowledged', ${body.priority}, ${body.channel}, ${body.description ?? null}, ${body.externalId ?? null},
          ${body.requestedCompletionDate ?? null}::date, ${plan.expectedCompletionDate}::date, ${plan.expectedProvisional},
          ${catalogVersion}, ${actor.name}, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz)
        returning id`,
    );
    const orderId = order!.id;
    const calendar = await deps.calendars.get(tx, customer.regionCode);
    for (const [i, line] of plan.lines.entries()) {
      const b = body.items[i]!;
      const [item] = await queryRows<{ id: string }>(
        tx,
        sql`insert into product_order_items (order_id, line_no, product, scope, cross_operator, provisioning_class,
            bandwidth_mbps, a_end, z_end, list_one_time_fee_fen, one_time_fee_fen, monthly_fee_fen, start_date, due_rule,
            due_date, due_at, due_provisional, due_basis, created_at, updated_at)
          values (${orderId}::uuid, ${line.lineNo}, ${line.product}, ${line.scope}, ${line.crossOperator},
            ${line.provisioningClass}, ${b.bandwidthMbps ?? null}, ${b.aEnd ?? null}, ${b.zEnd ?? null},
            ${line.listOneTimeFeeFen}, ${line.oneTimeFeeFen}, ${line.monthlyFeeFen}, ${line.startDate}::date,
            ${line.dueRule === null ? null : JSON.stringify(line.dueRule)}::jsonb, ${line.dueDate}::date,
            ${line.dueAt}::timestamptz, ${line.dueProvisional}, ${JSON.stringify(line.dueBasis)}::jsonb,
            ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz)
          returning id`,
      );
      if (line.dueRule) {
        await registerDeadline(tx, calendar, {
          owner: DEADLINE_OWNER,
          ownerId: item!.id,
          region: customer.regionCode,
          rule: line.dueRule,
          at,
        });
      }
    }
    await insertEvent(tx, {
      orderId,
      kind: 'state',
      toValue: 'acknowledged',
      note: '受理',
      data: { expectedCompletionDate: plan.expectedCompletionDate, totals: plan.totals },
      at,
      actorId: actor.id,
      actorName: actor.name,
    });
    await writeAudit(tx, actor, {
      action: 'create',
      entity: 'productOrder',
      entityId: orderId,
      after: {
        orderNumber,
        customerId: customer.id,
        catalogVersion,
        priority: body.priority,
        requestedCompletionDate: body.requestedCompletionDate ?? null,
        expectedCompletionDate: plan.expectedCompletionDate,
        lines: plan.lines.map(({ dueRule: _r, ...l }) => l),
      },
    });
    await queueOrderEvent(tx, orderId, 'ProductOrderCreateEvent', at);
    return orderId;
  });
}

// ------------------------------------------------------------------ views

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

export function toOrderView(r: OrderRow): OrderView {
  return {
    id: r.id,
    orderNumber: r.orderNumber,
    customerId: r.customerId,
    customerName: r.customerName,
    isHeadquarters: r.isHeadquarters,
    regionCode: r.regionCode,
    accountManagerId: r.accountManagerId,
    accountManagerName: r.accountManagerName,
    state: r.state,
    priority: r.priority,
    channel: r.channel,
    description: r.description,
    externalId: r.externalId,
    requestedCompletionDate: r.requestedCompletionDate,
    expectedCompletionDate: r.expectedCompletionDate,
    expectedProvisional: r.expectedProvisional,
    completionDate: iso(r.completionDate),
    cancellationReason: r.cancellationReason,
    catalogVersion: r.catalogVersion,
    itemCount: Number(r.itemCount),
    activatedCount: Number(r.activatedCount),
    classes: (r.classes ?? []).slice().sort(),
    oneTimeFeeFen: Number(r.oneTimeFeeFen),
    monthlyFeeFen: Number(r.monthlyFeeFen),
    overdueItems: Number(r.overdueItems),
    dueText: r.dueText,
    createdBy: r.createdBy,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
  };
}

export function toItemView(i: ItemRow, today: string): ItemView {
  const open = i.state === 'acknowledged' || i.state === 'inProgress';
  return {
    id: i.id,
    lineNo: i.lineNo,
    product: i.product,
    scope: i.scope,
    crossOperator: i.crossOperator,
    provisioningClass: i.provisioningClass,
    listOneTimeFeeFen: Number(i.listOneTimeFeeFen),
    oneTimeFeeFen: Number(i.oneTimeFeeFen),
    feePercent:
      Number(i.listOneTimeFeeFen) === 0
        ? 100
        : Math.round((Number(i.oneTimeFeeFen) * 100) / Number(i.listOneTimeFeeFen)),
    monthlyFeeFen: Number(i.monthlyFeeFen),
    startDate: i.startDate,
    dueDate: i.dueDate,
    dueAt: iso(i.dueAt),
    dueProvisional: i.dueProvisional,
    dueBasis: i.dueBasis,
    state: i.state,
    milestone: i.milestone,
    bandwidthMbps: i.bandwidthMbps,
    aEnd: i.aEnd,
    zEnd: i.zEnd,
    circuitId: i.circuitId,
    circuitNumber: i.circuitNumber,
    activatedOn: i.activatedOn,
    activatedAt: iso(i.activatedAt),
    overdueWorkingDays: i.overdueWorkingDays,
    overdue: open && i.dueDate !== null && i.dueDate < today,
    deliveryDueDate: i.deliveryDueDate,
    deliveredAt: iso(i.deliveredAt),
  };
}

export type OrderPage = { limit: number; offset: number; sort: OrderSort };

export async function listOrdersFor(deps: Deps, user: ScopedUser, filter: OrderFilter, page: OrderPage) {
  const today = todayOf(deps.now());
  const result = await listOrders(deps.db, orderScope(user), filter, page, today);
  return { total: result.total, items: result.items.map(toOrderView) };
}

/** A customer's orders (404 when the customer is out of scope). */
export async function listCustomerOrdersFor(
  deps: Deps,
  user: ScopedUser,
  customerId: string,
  page: OrderPage,
) {
  await loadScopedCustomer(deps.db, user, customerId);
  const today = todayOf(deps.now());
  const result = await listOrders(deps.db, sql`true`, { customerId }, page, today);
  return { total: result.total, items: result.items.map(toOrderView) };
}

/** The visible order row, or 404. */
export async function getVisibleOrder(
  ex: Executor,
  user: ScopedUser,
  id: string,
  now: Date,
): Promise<OrderRow> {
  const row = await findOrder(ex, orderScope(user), id, todayOf(now));
  if (!row) throw new DomainError('NOT_FOUND', `No order ${id}`);
  return row;
}

/** The order page: lines with their due basis, the timeline, slips, visits, delivery tasks. */
export async function getOrderDetail(deps: Deps, user: ScopedUser, id: string): Promise<OrderDetail> {
  const now = deps.now();
  const today = todayOf(now);
  const row = await getVisibleOrder(deps.db, user, id, now);
  const [items, events, slips, visits] = await Promise.all([
    listItems(deps.db, [id]),
    listEvents(deps.db, [id]),
    listOrderSlips(deps.db, id),
    listOrderVisits(deps.db, row.customerId, row.orderNumber),
  ]);
  const tasks = await listDeliveryTasks(
    deps.db,
    row.customerId,
    items.map((i) => i.id),
  );
  const anyActivated = items.some((i) => i.state === 'completed');
  return {
    ...toOrderView(row),
    items: items.map((i) => toItemView(i, today)),
    events: events.map((e) => ({
      id: Number(e.id),
      itemId: e.itemId,
      kind: e.kind,
      fromValue: e.fromValue,
      toValue: e.toValue,
      note: e.note,
      data: e.data,
      at: iso(e.at)!,
      actorName: e.actorName,
    })),
    slips: slips.map((s) => ({ ...s, amountFen: Number(s.amountFen), raisedAt: iso(s.raisedAt)! })),
    visits: visits.map((v) => ({ ...v, dueAt: iso(v.dueAt)! })),
    deliveryTasks: tasks,
    allowedStates: allowedOrderStates(row.state, anyActivated),
  };
}

/** A manual state change (TMF622 states); cancelling cancels the open lines too. */
export async function changeOrderState(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  input: { state: OrderState; reason?: string | null | undefined },
): Promise<void> {
  const at = deps.now();
  await getVisibleOrder(deps.db, user, id, at);
  await deps.db.transaction(async (tx) => {
    await changeOrderStateTx(tx, actor, id, input, at);
  });
}

export async function changeOrderStateTx(
  tx: Tx,
  actor: Actor,
  id: string,
  input: { state: OrderState; reason?: string | null | undefined },
  at: Date,
): Promise<void> {
  const order = await lockOrder(tx, id);
  if (!order) throw new DomainError('NOT_FOUND', `No order ${id}`);
  const items = await listItems(tx, [id]);
  const plan = planOrderStateChange(
    order.state,
    input.state,
    input.reason ?? null,
    items.some((i) => i.state === 'completed'),
  );
  const closing = plan.to === 'cancelled' || plan.to === 'rejected';
  await tx.execute(sql`update product_orders set state = ${plan.to},
      cancellation_reason = ${closing ? plan.reason : null},
      completion_date = ${closing ? at.toISOString() : null}::timestamptz,
      updated_at = ${at.toISOString()}::timestamptz
    where id = ${id}::uuid`);
  if (closing) {
    await tx.execute(sql`update product_order_items set state = 'cancelled', updated_at = ${at.toISOString()}::timestamptz
      where order_id = ${id}::uuid and state in ('acknowledged', 'inProgress')`);
  }
  await insertEvent(tx, {
    orderId: id,
    kind: 'state',
    fromValue: plan.from,
    toValue: plan.to,
    note: plan.reason,
    at,
    actorId: actor.id,
    actorName: actor.name,
  });
  await writeAudit(tx, actor, {
    action: 'state',
    entity: 'productOrder',
    entityId: id,
    before: { state: plan.from },
    after: { state: plan.to },
    reason: plan.reason,
  });
  await queueOrderEvent(tx, id, 'ProductOrderStateChangeEvent', at, plan.reason ?? undefined);
}

// ------------------------------------------------------------------ timeliness

/**
 * Lines activated per Shanghai month and provisioning class ('none' without one): how many, on
 * time (0 overdue working days), late, and the overdue working days summed. Scoped.
 */
export async function orderTimelinessFor(deps: Deps, user: ScopedUser, from: string, to: string) {
  if (to < from) {
    throw new DomainError('INVALID_RANGE', `to (${to}) is before from (${from})`, [
      { field: 'to', message: 'must not be before from' },
    ]);
  }
  const rows = await queryRows<{
    month: string;
    provisioningClass: 'express' | 'urgent' | 'normal' | 'none';
    activated: number;
    onTime: number;
    late: number;
    overdueWorkingDays: number;
  }>(
    deps.db,
    sql`select to_char(i.activated_on, 'YYYY-MM') as month, coalesce(i.provisioning_class, 'none') as "provisioningClass",
        count(*)::int as activated,
        (count(*) filter (where coalesce(i.overdue_working_days, 0) = 0))::int as "onTime",
        (count(*) filter (where i.overdue_working_days > 0))::int as late,
        coalesce(sum(i.overdue_working_days), 0)::int as "overdueWorkingDays"
      from product_order_items i join product_orders o on o.id = i.order_id join customers c on c.id = o.customer_id
      where i.activated_on >= ${`${from}-01`}::date and i.activated_on < (${`${to}-01`}::date + interval '1 month')
        and ${orderScope(user)}
      group by 1, 2 order by 1, 2`,
  );
  const totals = rows.reduce(
    (a, r) => ({
      activated: a.activated + r.activated,
      onTime: a.onTime + r.onTime,
      late: a.late + r.late,
      overdueWorkingDays: a.overdueWorkingDays + r.overdueWorkingDays,
    }),
    { activated: 0, onTime: 0, late: 0, overdueWorkingDays: 0 },
  );
  return { from, to, rows, totals };
}

// ------------------------------------------------------------------ recomputed due dates

const RECOMPUTE_ACTOR = systemActor('system:calendar');

/** A new schedule moved provisional due dates: copy them to the lines and the orders' expected dates. */
onDeadlinesRecomputed(DEADLINE_OWNER, async (tx, changes) => {
  const at = new Date();
  const touched = new Map<
    string,
    { itemId: string; before: string; after: string; provisional: boolean }[]
  >();
  for (const ch of changes) {
    const [row] = await queryRows<{ orderId: string }>(
      tx,
      sql`update product_order_items set due_date = ${ch.after.dueDate}::date, due_at = ${ch.after.dueAt}::timestamptz,
          due_provisional = ${ch.after.provisional}, updated_at = ${at.toISOString()}::timestamptz
        where id = ${ch.ownerId}::uuid and state in ('acknowledged', 'inProgress')
        returning order_id as "orderId"`,
    );
    if (!row) continue;
    const list = touched.get(row.orderId) ?? [];
    list.push({
      itemId: ch.ownerId,
      before: ch.before.dueDate,
      after: ch.after.dueDate,
      provisional: ch.after.provisional,
    });
    touched.set(row.orderId, list);
  }
  for (const [orderId, moved] of touched) {
    const items = await listItems(tx, [orderId]);
    const due = summariseDue(items);
    await tx.execute(sql`update product_orders set expected_completion_date = ${due.expectedCompletionDate}::date,
        expected_provisional = ${due.expectedProvisional}, updated_at = ${at.toISOString()}::timestamptz
      where id = ${orderId}::uuid`);
    for (const m of moved) {
      await insertEvent(tx, {
        orderId,
        itemId: m.itemId,
        kind: 'due_recomputed',
        fromValue: m.before,
        toValue: m.after,
        note: m.provisional ? '日历更新,仍为暂定' : '日历更新,开通时限已确定',
        at,
        actorId: null,
        actorName: RECOMPUTE_ACTOR.name,
      });
    }
    await writeAudit(tx, RECOMPUTE_ACTOR, {
      action: 'due_recomputed',
      entity: 'productOrder',
      entityId: orderId,
      after: { moved, expectedCompletionDate: due.expectedCompletionDate },
    });
  }
});
