/**
 * Activation of an order line (PRODUCT.md §5), in ONE transaction: the circuit row (new, or an
 * unlinked circuit of the same customer; 409 naming `circuitNumber` otherwise), the overdue working
 * days, a `provisioning_late` compensation slip when a classed line is late, the activation return
 * visit, for a customer HQ the AM's delivery task due 3 working days later, events, audit,
 * notifications, and the order's completion once nothing is left open.
 */
import { sql } from 'drizzle-orm';
import { type Actor, writeAudit } from '../../db/audit.ts';
import { queryRows, type Tx } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import type { ScopedUser } from '../../domain/access.ts';
import { addWorkdays } from '../../domain/calendar/calendar.ts';
import { formatYuan } from '../../domain/compensation/money.ts';
import { provisioningCompensation } from '../../domain/compensation/provisioning.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  assertActivatable,
  assertOrderWorkable,
  type OrderState,
  overdueWorkingDays,
} from '../../domain/orders/lifecycle.ts';
import { PROVISIONING_CLASS_TABLE } from '../../domain/orders/provisioning-class.ts';
import { ensureCatalogInForce } from '../catalog/catalog.service.ts';
import { raiseSlip } from '../compensation/compensation.service.ts';
import { openActivationVisit } from '../visits/visits.service.ts';
import { queueOrderEvent } from './order-events.ts';
import { DELIVERY_ACTION, deliveryOccurrence, type ItemRow, insertEvent } from './orders.repo.ts';
import { getVisibleOrder, todayOf } from './orders.service.ts';
import {
  customerInfo,
  type LockedOrder,
  lineLabel,
  lockBoth,
  notifyProgress,
  settleOrder,
  startOrder,
} from './progress.service.ts';

export type ActivationResult = {
  circuitId: string | null;
  overdueWorkingDays: number;
  slip: { id: string; slipNumber: string } | null;
  visitId: string | null;
  deliveryTaskId: number | null;
  orderState: OrderState;
};

const NEEDS_NO_CIRCUIT = new Set(['idc', 'other']);

function circuitTaken(number: string, why: string): DomainError {
  return new DomainError('CONFLICT', `Circuit number ${number} ${why}`, [
    { field: 'circuitNumber', message: why },
  ]);
}

/** The circuit of the line: a new row, or an unlinked circuit of the same customer. */
async function attachCircuit(
  tx: Tx,
  order: LockedOrder,
  item: ItemRow,
  circuitNumber: string,
  activatedOn: string,
  at: Date,
  actor: Actor,
): Promise<string> {
  const [existing] = await queryRows<{ id: string; customerId: string }>(
    tx,
    sql`select id, customer_id as "customerId" from circuits where circuit_number = ${circuitNumber} for update`,
  );
  if (existing) {
    if (existing.customerId !== order.customerId)
      throw circuitTaken(circuitNumber, 'is registered to another customer');
    const [linked] = await queryRows<{ id: string }>(
      tx,
      sql`select id from product_order_items where circuit_id = ${existing.id}::uuid and id <> ${item.id}::uuid limit 1`,
    );
    if (linked) throw circuitTaken(circuitNumber, 'is already the circuit of another order line');
    await tx.execute(sql`update circuits set activated_on = coalesce(activated_on, ${activatedOn}::date),
        status = 'active', updated_at = ${at.toISOString()}::timestamptz where id = ${existing.id}::uuid`);
    await writeAudit(tx, actor, {
      action: 'link',
      entity: 'circuit',
      entityId: existing.id,
      after: { orderId: order.id, itemId: item.id, activatedOn },
    });
    return existing.id;
  }
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`insert into circuits (circuit_number, customer_id, product, scope, bandwidth_mbps, a_end, z_end, activated_on,
        created_at, updated_at)
      values (${circuitNumber}, ${order.customerId}::uuid, ${item.product}, ${item.scope}, ${item.bandwidthMbps},
        ${item.aEnd}, ${item.zEnd}, ${activatedOn}::date, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz)
      on conflict (circuit_number) do nothing returning id`,
  );
  if (!row) throw circuitTaken(circuitNumber, 'is already registered');
  await writeAudit(tx, actor, {
    action: 'create',
    entity: 'circuit',
    entityId: row.id,
    after: {
      circuitNumber,
      customerId: order.customerId,
      product: item.product,
      scope: item.scope,
      activatedOn,
      orderId: order.id,
      itemId: item.id,
    },
  });
  return row.id;
}

/**
 * Activates a line as of `activatedAt` (default now): see the module comment. 409 CONFLICT naming
 * `circuitNumber` when the number belongs to another customer or line; 409 ILLEGAL_TRANSITION for a
 * line not open or an order not workable.
 */
export async function activateItem(
  deps: Deps,
  user: ScopedUser,
  actor: Actor,
  orderId: string,
  itemId: string,
  input: {
    circuitNumber?: string | null | undefined;
    activatedAt?: string | undefined;
    note?: string | null | undefined;
  },
): Promise<ActivationResult> {
  const now = deps.now();
  await getVisibleOrder(deps.db, user, orderId, now);
  return deps.db.transaction((tx) => activateItemTx(tx, deps, actor, orderId, itemId, input, now));
}

export async function activateItemTx(
  tx: Tx,
  deps: Pick<Deps, 'calendars'>,
  actor: Actor,
  orderId: string,
  itemId: string,
  input: {
    circuitNumber?: string | null | undefined;
    activatedAt?: string | undefined;
    note?: string | null | undefined;
  },
  now: Date,
): Promise<ActivationResult> {
  const { order, item } = await lockBoth(tx, orderId, itemId);
  assertOrderWorkable(order.state);
  assertActivatable(item);
  const activatedAt = input.activatedAt ? new Date(input.activatedAt) : now;
  if (activatedAt.getTime() > now.getTime() + 60_000)
    throw new DomainError('VALIDATION_FAILED', 'activatedAt is in the future', [
      { field: 'activatedAt', message: 'must not be in the future' },
    ]);
  if (activatedAt.getTime() < order.createdAt.getTime())
    throw new DomainError('VALIDATION_FAILED', 'activatedAt is before the order was accepted', [
      { field: 'activatedAt', message: 'must not be before the order was accepted' },
    ]);
  const circuitNumber = input.circuitNumber?.trim().toUpperCase() || null;
  if (!circuitNumber && !NEEDS_NO_CIRCUIT.has(item.product))
    throw new DomainError('VALIDATION_FAILED', 'A circuit or service number is required', [
      { field: 'circuitNumber', message: 'required for this product' },
    ]);
  const activatedOn = todayOf(activatedAt);
  const customer = await customerInfo(tx, order.customerId);
  const calendar = await deps.calendars.get(tx, order.regionCode);

  const circuitId = circuitNumber
    ? await attachCircuit(tx, order, item, circuitNumber, activatedOn, activatedAt, actor)
    : null;
  const overdue = overdueWorkingDays(calendar, item.dueDate, activatedOn);
  const comp = provisioningCompensation({
    provisioningClass: item.provisioningClass,
    oneTimeFeeFen: Number(item.oneTimeFeeFen),
    overdueWorkingDays: overdue.days,
  });

  const delivery =
    customer.isHeadquarters && customer.accountManagerId ? addWorkdays(calendar, activatedOn, 3) : null;
  await tx.execute(sql`update product_order_items set state = 'completed', milestone = 'activated',
      circuit_id = ${circuitId}::uuid, circuit_number = ${circuitNumber}, activated_on = ${activatedOn}::date,
      activated_at = ${activatedAt.toISOString()}::timestamptz, overdue_working_days = ${overdue.days},
      delivery_due_date = ${delivery?.date ?? null}::date, updated_at = ${now.toISOString()}::timestamptz
    where id = ${itemId}::uuid`);
  await startOrder(tx, order, actor, now);
  await insertEvent(tx, {
    orderId,
    itemId,
    kind: 'milestone',
    fromValue: item.milestone,
    toValue: 'activated',
    note: input.note ?? null,
    data: {
      circuitNumber,
      activatedOn,
      dueDate: item.dueDate,
      overdueWorkingDays: overdue.days,
      overdueProvisional: overdue.provisional,
    },
    at: now,
    actorId: actor.id,
    actorName: actor.name,
  });
  await writeAudit(tx, actor, {
    action: 'activate',
    entity: 'productOrderItem',
    entityId: itemId,
    before: { state: item.state, milestone: item.milestone },
    after: {
      state: 'completed',
      milestone: 'activated',
      circuitId,
      circuitNumber,
      activatedAt: activatedAt.toISOString(),
      overdueWorkingDays: overdue.days,
    },
  });
  await queueOrderEvent(tx, orderId, 'ProductOrderAttributeValueChangeEvent', now, 'productOrderItem.state');

  // Late with a class → the compensation slip (idempotent per line).
  let slip: ActivationResult['slip'] = null;
  if (comp.amountFen > 0 && item.provisioningClass) {
    const terms = PROVISIONING_CLASS_TABLE[item.provisioningClass];
    const text = `${overdue.days} 个工作日 × ${comp.percentPerDay}% × 一次性费用 ¥${formatYuan(Number(item.oneTimeFeeFen))} = ¥${formatYuan(comp.uncappedFen)}${
      comp.capped ? `,以一次性费用封顶为 ¥${formatYuan(comp.amountFen)}` : ''
    }`;
    const raised = await raiseSlip(
      tx,
      {
        kind: 'provisioning_late',
        sourceRef: itemId,
        customerId: order.customerId,
        regionCode: order.regionCode,
        orderId,
        orderItemId: itemId,
        circuitId,
        amountFen: comp.amountFen,
        basis: {
          rule: 'provisioning_late',
          text,
          orderNumber: order.orderNumber,
          lineNo: item.lineNo,
          product: item.product,
          provisioningClass: item.provisioningClass,
          className: terms.nameZh,
          listOneTimeFeeFen: Number(item.listOneTimeFeeFen),
          oneTimeFeeFen: Number(item.oneTimeFeeFen),
          dueDate: item.dueDate,
          activatedOn,
          circuitNumber,
          overdueWorkingDays: overdue.days,
          percentPerDay: comp.percentPerDay,
          uncappedFen: comp.uncappedFen,
          capped: comp.capped,
          amountFen: comp.amountFen,
        },
      },
      now,
      actor,
    );
    slip = { id: raised.id, slipNumber: raised.slipNumber };
    await insertEvent(tx, {
      orderId,
      itemId,
      kind: 'compensation',
      toValue: raised.slipNumber,
      note: text,
      data: { slipId: raised.id, amountFen: comp.amountFen },
      at: now,
      actorId: actor.id,
      actorName: actor.name,
    });
  }

  // The activation return visit (one per order while open). With no visit agent at all it is still
  // opened, unassigned, counted as due, and the admins and kam_managers are told at once.
  const visitId: string | null = await openActivationVisit(
    tx,
    { customerId: order.customerId, orderRef: order.orderNumber, regionCode: order.regionCode },
    now,
    actor,
  );

  // A customer HQ: the AM's delivery task, due 3 working days after activation.
  let deliveryTaskId: number | null = null;
  if (delivery && customer.accountManagerId) {
    const catalogVersion =
      order.catalogVersion ?? (await ensureCatalogInForce(tx, actor, activatedOn)).version;
    const [task] = await queryRows<{ id: number }>(
      tx,
      sql`insert into action_tasks (customer_id, action_code, action_kind, level, catalog_version, occurrence_key,
          owner_id, region_code, month, start_date, due_date, provisional, created_at, updated_at)
        values (${order.customerId}::uuid, ${DELIVERY_ACTION}, 'follow_up', ${customer.level}, ${catalogVersion},
          ${deliveryOccurrence(itemId)}, ${customer.accountManagerId}::uuid, ${order.regionCode},
          ${activatedOn.slice(0, 7)}, ${activatedOn}::date, ${delivery.date}::date, false,
          ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
        on conflict (customer_id, action_code, occurrence_key) do nothing returning id`,
    );
    if (task) {
      deliveryTaskId = Number(task.id);
      await writeAudit(tx, actor, {
        action: 'create',
        entity: 'task',
        entityId: String(deliveryTaskId),
        after: {
          actionCode: DELIVERY_ACTION,
          customerId: order.customerId,
          ownerId: customer.accountManagerId,
          dueDate: delivery.date,
          orderId,
          itemId,
        },
        reason: 'customer HQ: delivery within 3 working days of activation',
      });
    }
  }

  const orderState = await settleOrder(tx, order, actor, now);
  const late = overdue.days > 0 ? `,逾期 ${overdue.days} 个工作日` : ',按时开通';
  await notifyProgress(
    tx,
    order,
    customer,
    actor,
    {
      kind: 'order_activated',
      title: `业务已开通:${customer.name}`,
      body: `${lineLabel(order, item)}已于 ${activatedOn} 开通${circuitNumber ? `(电路号 ${circuitNumber})` : ''}${late}${
        slip ? `,已生成赔付单 ${slip.slipNumber}` : ''
      }${delivery ? `;请于 ${delivery.date} 前完成交付` : ''}。`,
      data: {
        itemId,
        circuitNumber,
        activatedOn,
        overdueWorkingDays: overdue.days,
        slipId: slip?.id ?? null,
      },
    },
    now,
  );
  return { circuitId, overdueWorkingDays: overdue.days, slip, visitId, deliveryTaskId, orderState };
}
