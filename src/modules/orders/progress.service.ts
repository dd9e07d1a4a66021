/**
 * Progress of order lines (PRODUCT.md §5): milestones with notifications to the account manager
 * and the order's creator; activation (ops) — the circuit row, the overdue working days, a
 * `provisioning_late` compensation slip when a classed line is late, the activation return visit,
 * and for a customer HQ the AM's delivery task due 3 working days later; delivery, which completes
 * that task; cancelling a line. Each in ONE transaction with its events and audit entries; the
 * order completes by itself once every line is activated or cancelled.
 */
import { sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import { type Executor, queryRows, type Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  assertDeliverable,
  assertLineCancellable,
  assertOrderWorkable,
  MILESTONE_NAMES_ZH,
  type OrderState,
  orderStateFromLines,
  type ProgressMilestone,
  planMilestone,
} from '../../domain/orders/lifecycle.ts';
import { PRODUCT_NAMES_ZH, summariseDue } from '../../domain/orders/order-plan.ts';
import { notify } from '../notifications/notifications.service.ts';
import { queueOrderEvent } from './order-events.ts';
import {
  DELIVERY_ACTION,
  deliveryOccurrence,
  findCreatorId,
  type ItemRow,
  insertEvent,
  listItems,
  lockItem,
  lockOrder,
} from './orders.repo.ts';
import { getVisibleOrder, todayOf } from './orders.service.ts';

export type LockedOrder = NonNullable<Awaited<ReturnType<typeof lockOrder>>>;

export type CustomerInfo = {
  id: string;
  name: string;
  regionCode: string;
  accountManagerId: string | null;
  isHeadquarters: boolean;
  level: string;
};

export async function customerInfo(ex: Executor, id: string): Promise<CustomerInfo> {
  const [row] = await queryRows<CustomerInfo>(
    ex,
    sql`select id, name, region_code as "regionCode", account_manager_id as "accountManagerId",
        is_headquarters as "isHeadquarters", coalesce(tier, group_class, 'basic') as level
      from customers where id = ${id}::uuid`,
  );
  if (!row) throw new DomainError('NOT_FOUND', `No customer ${id}`);
  return row;
}

/** Locks the order and the line; 404 when either is missing. */
export async function lockBoth(
  tx: Tx,
  orderId: string,
  itemId: string,
): Promise<{ order: LockedOrder; item: ItemRow }> {
  const order = await lockOrder(tx, orderId);
  if (!order) throw new DomainError('NOT_FOUND', `No order ${orderId}`);
  const item = await lockItem(tx, orderId, itemId);
  if (!item) throw new DomainError('NOT_FOUND', `No line ${itemId} in order ${order.orderNumber}`);
  return { order, item };
}

export const lineLabel = (order: LockedOrder, item: ItemRow) =>
  `定单 ${order.orderNumber} 第 ${item.lineNo} 行(${PRODUCT_NAMES_ZH[item.product]})`;

/** Tells the customer's AM and the order's creator (not the one acting). */
export async function notifyProgress(
  tx: Tx,
  order: LockedOrder,
  customer: CustomerInfo,
  actor: Actor,
  n: { kind: string; title: string; body: string; data: Record<string, unknown> },
  at: Date,
): Promise<void> {
  const creator = await findCreatorId(tx, order.id);
  const to = [customer.accountManagerId, creator].filter((u): u is string => !!u && u !== actor.id);
  await notify(
    tx,
    [...new Set(to)].map((userId) => ({
      userId,
      kind: n.kind,
      title: n.title,
      body: n.body,
      entity: 'productOrder',
      entityId: order.id,
      data: {
        orderNumber: order.orderNumber,
        customerId: customer.id,
        customerName: customer.name,
        ...n.data,
      },
    })),
    at,
  );
}

/** An acknowledged order goes in progress with its first line's progress. */
export async function startOrder(tx: Tx, order: LockedOrder, actor: Actor, at: Date): Promise<void> {
  if (order.state !== 'acknowledged') return;
  await tx.execute(sql`update product_orders set state = 'inProgress', updated_at = ${at.toISOString()}::timestamptz
    where id = ${order.id}::uuid`);
  await insertEvent(tx, {
    orderId: order.id,
    kind: 'state',
    fromValue: 'acknowledged',
    toValue: 'inProgress',
    at,
    actorId: actor.id,
    actorName: actor.name,
  });
  await queueOrderEvent(tx, order.id, 'ProductOrderStateChangeEvent', at);
  order.state = 'inProgress';
}

/** Completes (or cancels) the order once every line is activated or cancelled. */
export async function settleOrder(tx: Tx, order: LockedOrder, actor: Actor, at: Date): Promise<OrderState> {
  const items = await listItems(tx, [order.id]);
  const next = orderStateFromLines(items.map((i) => i.state));
  if (next === null || next === order.state) return order.state;
  await tx.execute(sql`update product_orders set state = ${next}, completion_date = ${at.toISOString()}::timestamptz,
      updated_at = ${at.toISOString()}::timestamptz
    where id = ${order.id}::uuid`);
  await insertEvent(tx, {
    orderId: order.id,
    kind: 'state',
    fromValue: order.state,
    toValue: next,
    note: next === 'completed' ? '全部行已开通或撤销' : '全部行已撤销',
    at,
    actorId: actor.id,
    actorName: actor.name,
  });
  await writeAudit(tx, actor, {
    action: 'state',
    entity: 'productOrder',
    entityId: order.id,
    before: { state: order.state },
    after: { state: next },
    reason: 'every line activated or cancelled',
  });
  await queueOrderEvent(tx, order.id, 'ProductOrderStateChangeEvent', at);
  order.state = next;
  return next;
}

// ------------------------------------------------------------------ milestones

export async function recordMilestone(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  orderId: string,
  itemId: string,
  input: { milestone: ProgressMilestone; note?: string | null | undefined },
): Promise<void> {
  const at = deps.now();
  await getVisibleOrder(deps.db, user, orderId, at);
  await deps.db.transaction(async (tx) => {
    const { order, item } = await lockBoth(tx, orderId, itemId);
    assertOrderWorkable(order.state);
    const plan = planMilestone(item, input.milestone);
    await tx.execute(sql`update product_order_items set milestone = ${plan.to}, state = 'inProgress',
        updated_at = ${at.toISOString()}::timestamptz where id = ${itemId}::uuid`);
    await startOrder(tx, order, actor, at);
    await insertEvent(tx, {
      orderId,
      itemId,
      kind: 'milestone',
      fromValue: plan.from,
      toValue: plan.to,
      note: input.note ?? null,
      at,
      actorId: actor.id,
      actorName: actor.name,
    });
    await writeAudit(tx, actor, {
      action: 'milestone',
      entity: 'productOrderItem',
      entityId: itemId,
      before: { milestone: plan.from },
      after: { milestone: plan.to },
      reason: input.note ?? null,
    });
    await queueOrderEvent(
      tx,
      orderId,
      'ProductOrderAttributeValueChangeEvent',
      at,
      'productOrderItem.milestone',
    );
    const customer = await customerInfo(tx, order.customerId);
    await notifyProgress(
      tx,
      order,
      customer,
      actor,
      {
        kind: 'order_progress',
        title: `开通进度:${customer.name}`,
        body: `${lineLabel(order, item)}已到「${MILESTONE_NAMES_ZH[plan.to]}」环节(${actor.name})。`,
        data: { itemId, milestone: plan.to },
      },
      at,
    );
  });
}

// ------------------------------------------------------------------ delivery and cancellation

/** Marks an activated line delivered (交付) and completes its delivery task. */
export async function deliverItem(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  orderId: string,
  itemId: string,
  input: { note?: string | null | undefined },
): Promise<void> {
  const at = deps.now();
  await getVisibleOrder(deps.db, user, orderId, at);
  await deps.db.transaction(async (tx) => {
    const { order, item } = await lockBoth(tx, orderId, itemId);
    assertDeliverable(item);
    await tx.execute(sql`update product_order_items set milestone = 'delivered', delivered_at = ${at.toISOString()}::timestamptz,
        updated_at = ${at.toISOString()}::timestamptz where id = ${itemId}::uuid`);
    const done = await queryRows<{ id: number }>(
      tx,
      sql`update action_tasks set status = 'done', completed_date = ${todayOf(at)}::date,
          completed_at = ${at.toISOString()}::timestamptz, completed_by = ${actor.name},
          evidence = ${JSON.stringify({ note: `${input.note ?? '交付资料已交客户'}(定单 ${order.orderNumber} 第 ${item.lineNo} 行)`, contactMet: null, channel: 'visit', attachments: [] })}::jsonb,
          updated_at = ${at.toISOString()}::timestamptz
        where customer_id = ${order.customerId}::uuid and action_code = ${DELIVERY_ACTION}
          and occurrence_key = ${deliveryOccurrence(itemId)} and status = 'open'
        returning id`,
    );
    await insertEvent(tx, {
      orderId,
      itemId,
      kind: 'delivery',
      fromValue: 'activated',
      toValue: 'delivered',
      note: input.note ?? null,
      data: { taskId: done[0] ? Number(done[0].id) : null },
      at,
      actorId: actor.id,
      actorName: actor.name,
    });
    await writeAudit(tx, actor, {
      action: 'deliver',
      entity: 'productOrderItem',
      entityId: itemId,
      before: { milestone: 'activated' },
      after: { milestone: 'delivered', deliveredAt: at.toISOString(), taskId: done[0]?.id ?? null },
      reason: input.note ?? null,
    });
    const customer = await customerInfo(tx, order.customerId);
    await notifyProgress(
      tx,
      order,
      customer,
      actor,
      {
        kind: 'order_progress',
        title: `业务已交付:${customer.name}`,
        body: `${lineLabel(order, item)}已交付客户(${actor.name})。`,
        data: { itemId, milestone: 'delivered' },
      },
      at,
    );
  });
}

/** Cancels one open line (reason required); the order completes or cancels when nothing is left open. */
export async function cancelItem(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  orderId: string,
  itemId: string,
  reason: string,
): Promise<void> {
  const at = deps.now();
  await getVisibleOrder(deps.db, user, orderId, at);
  await deps.db.transaction(async (tx) => {
    const { order, item } = await lockBoth(tx, orderId, itemId);
    assertOrderWorkable(order.state);
    assertLineCancellable(item);
    await tx.execute(sql`update product_order_items set state = 'cancelled', updated_at = ${at.toISOString()}::timestamptz
      where id = ${itemId}::uuid`);
    await insertEvent(tx, {
      orderId,
      itemId,
      kind: 'state',
      fromValue: item.state,
      toValue: 'cancelled',
      note: reason,
      at,
      actorId: actor.id,
      actorName: actor.name,
    });
    await writeAudit(tx, actor, {
      action: 'cancel',
      entity: 'productOrderItem',
      entityId: itemId,
      before: { state: item.state },
      after: { state: 'cancelled' },
      reason,
    });
    const items = await listItems(tx, [orderId]);
    const due = summariseDue(items);
    await tx.execute(sql`update product_orders set expected_completion_date = ${due.expectedCompletionDate}::date,
        expected_provisional = ${due.expectedProvisional}, updated_at = ${at.toISOString()}::timestamptz
      where id = ${orderId}::uuid`);
    await settleOrder(tx, order, actor, at);
  });
}
