/**
 * TMF622 hub events of an order (ProductOrderCreateEvent, ProductOrderStateChangeEvent,
 * ProductOrderAttributeValueChangeEvent), queued in the outbox by the transaction of the change,
 * so a subscriber hears of every committed change and of nothing rolled back. The resource is
 * the TMF622 representation as of that transaction, built only when a subscription wants it.
 */
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { enqueueEvent } from '../events/outbox.service.ts';
import { findOrder } from './orders.repo.ts';
import { todayOf } from './orders.service.ts';
import { tmfOrdersOf } from './tmf622.service.ts';

export type OrderEventType =
  | 'ProductOrderCreateEvent'
  | 'ProductOrderStateChangeEvent'
  | 'ProductOrderAttributeValueChangeEvent';

export async function queueOrderEvent(
  tx: Tx,
  orderId: string,
  eventType: OrderEventType,
  at: Date,
  description?: string,
): Promise<number> {
  return enqueueEvent(tx, {
    api: 'productOrder',
    eventType,
    resource: async () => {
      const row = await findOrder(tx, sql`true`, orderId, todayOf(at));
      if (!row) throw new Error(`order ${orderId} vanished inside its own transaction`);
      const [order] = await tmfOrdersOf(tx, [row], at, '');
      return order!;
    },
    at,
    title: eventType,
    ...(description ? { description } : {}),
  });
}
