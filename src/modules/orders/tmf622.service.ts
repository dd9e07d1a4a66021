/**
 * TMF622 Product Ordering on top of the order services: orders as ProductOrders (lines and events
 * read in one batch per page) and the merge patch (attributes and a state change in one transaction).
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import { type Executor, queryRows, type Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { DomainError } from '../../domain/errors.ts';
import { queueOrderEvent } from './order-events.ts';
import {
  insertEvent,
  listEvents,
  listItems,
  listOrders,
  lockOrder,
  type OrderFilter,
  type OrderRow,
} from './orders.repo.ts';
import {
  changeOrderStateTx,
  getVisibleOrder,
  type OrderPage,
  orderScope,
  todayOf,
  toItemView,
  toOrderView,
} from './orders.service.ts';
import { type TmfOrder, type TmfOrderPatch, toTmfOrder } from './orders.tmf.ts';

/** Orders' priority, description, requested date and external id (TMF622 PATCH). */
export async function updateOrderAttributes(
  tx: Tx,
  actor: Actor,
  id: string,
  attrs: {
    priority?: string;
    description?: string | null;
    requestedCompletionDate?: string | null;
    externalId?: string | null;
  },
  at: Date,
): Promise<void> {
  const sets: SQL[] = [];
  if (attrs.priority !== undefined) sets.push(sql`priority = ${attrs.priority}`);
  if (attrs.description !== undefined) sets.push(sql`description = ${attrs.description}`);
  if (attrs.requestedCompletionDate !== undefined)
    sets.push(sql`requested_completion_date = ${attrs.requestedCompletionDate}::date`);
  if (attrs.externalId !== undefined) sets.push(sql`external_id = ${attrs.externalId}`);
  if (sets.length === 0) return;
  const [before] = await queryRows<Record<string, unknown>>(
    tx,
    sql`select priority, description, requested_completion_date as "requestedCompletionDate", external_id as "externalId"
      from product_orders where id = ${id}::uuid for update`,
  );
  sets.push(sql`updated_at = ${at.toISOString()}::timestamptz`);
  await tx.execute(sql`update product_orders set ${sql.join(sets, sql`, `)} where id = ${id}::uuid`);
  await insertEvent(tx, {
    orderId: id,
    kind: 'note',
    note: '定单属性变更',
    data: { before: before ?? null, after: attrs },
    at,
    actorId: actor.id,
    actorName: actor.name,
  });
  await writeAudit(tx, actor, {
    action: 'update',
    entity: 'productOrder',
    entityId: id,
    before,
    after: attrs,
  });
  await queueOrderEvent(tx, id, 'ProductOrderAttributeValueChangeEvent', at);
}

/** Orders as TMF622 ProductOrders, their lines and events read in one batch each. */
export async function tmfOrdersOf(
  ex: Executor,
  rows: readonly OrderRow[],
  now: Date,
  origin: string,
): Promise<TmfOrder[]> {
  const ids = rows.map((r) => r.id);
  const today = todayOf(now);
  const [items, events] = await Promise.all([listItems(ex, ids), listEvents(ex, ids)]);
  return rows.map((r) =>
    toTmfOrder(
      toOrderView(r),
      items.filter((i) => i.orderId === r.id).map((i) => toItemView(i, today)),
      events.filter((e) => e.orderId === r.id),
      origin,
    ),
  );
}

export async function listTmfOrdersFor(
  deps: Deps,
  user: ScopedUser,
  filter: OrderFilter,
  page: OrderPage,
  origin: string,
): Promise<{ total: number; items: TmfOrder[] }> {
  const now = deps.now();
  const result = await listOrders(deps.db, orderScope(user), filter, page, todayOf(now));
  return { total: result.total, items: await tmfOrdersOf(deps.db, result.items, now, origin) };
}

export async function getTmfOrderFor(
  deps: Deps,
  user: ScopedUser,
  id: string,
  origin: string,
): Promise<TmfOrder> {
  const now = deps.now();
  const row = await getVisibleOrder(deps.db, user, id, now);
  const [order] = await tmfOrdersOf(deps.db, [row], now, origin);
  return order!;
}

/** A TMF622 merge patch: attributes and a state change in one transaction. */
export async function patchOrderFor(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  id: string,
  patch: TmfOrderPatch,
): Promise<void> {
  const at = deps.now();
  await getVisibleOrder(deps.db, user, id, at);
  await deps.db.transaction(async (tx) => {
    const order = await lockOrder(tx, id);
    if (!order) throw new DomainError('NOT_FOUND', `No order ${id}`);
    await updateOrderAttributes(tx, actor, id, patch.attributes, at);
    if (patch.state && patch.state.state !== order.state)
      await changeOrderStateTx(tx, actor, id, patch.state, at);
  });
}
