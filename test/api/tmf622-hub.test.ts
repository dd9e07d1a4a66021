/**
 * TMF622 `/hub`: subscriptions to product-order events, queued in the outbox by the transaction of
 * the change (create, state change, attribute change), filtered by the subscription's query, with
 * the order as TMF622 in the payload; nothing queued by a change that is refused.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { setImmediateDelivery } from '../../src/modules/events/delivery.service.ts';
import { createTestContext, type TestContext } from '../harness.ts';

const BASE = '/tmf-api/productOrderingManagement/v5';
const NOW = '2026-03-02T02:00:00Z';
let ctx: TestContext;
let customerId: string;
// biome-ignore lint/suspicious/noExplicitAny: event payloads are read loosely here
type Json = Record<string, any>;

async function call(
  user: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  return ctx.app.inject({
    method,
    url,
    headers: await ctx.auth(user),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function subscribe(query?: string): Promise<Json> {
  const res = await call('admin', 'POST', `${BASE}/hub`, {
    callback: 'http://127.0.0.1:9/orders',
    ...(query ? { query } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const queued = () =>
  queryRows<{ subscriptionId: string; eventType: string; payload: Json }>(
    ctx.deps.db,
    sql`select subscription_id as "subscriptionId", event_type as "eventType", payload from outbox order by id`,
  );

async function createOrder(): Promise<Json> {
  const res = await call('kam', 'POST', '/api/v1/orders', {
    customerId,
    channel: 'account_manager',
    items: [
      {
        product: 'digital_circuit',
        scope: 'local',
        crossOperator: false,
        provisioningClass: 'urgent',
        listOneTimeFeeFen: 200_000,
        monthlyFeeFen: 80_000,
      },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  setImmediateDelivery(false); // nothing is delivered here; the rows are inspected
  ctx = await createTestContext({ now: NOW });
  const [row] = await queryRows<{ id: string }>(
    ctx.deps.db,
    sql`select c.id from customers c join users u on u.id = c.account_manager_id
      where u.username = 'am1' order by c.code limit 1`,
  );
  customerId = row!.id;
});
afterAll(async () => {
  await ctx.close();
  setImmediateDelivery(true);
});
beforeEach(async () => {
  await ctx.deps.db.execute(sql`delete from outbox`);
  await ctx.deps.db.execute(sql`delete from hub_subscriptions`);
});

describe('TMF622 hub', () => {
  it('queues create, state and attribute events for the subscriptions whose query matches', async () => {
    const all = await subscribe();
    const completed = await subscribe('eventType=ProductOrderStateChangeEvent&state=completed');
    const order = await createOrder();
    let rows = await queued();
    expect(rows.map((r) => r.eventType)).toEqual(['ProductOrderCreateEvent']);
    expect(rows[0]!.subscriptionId).toBe(all.id);
    expect(rows[0]!.payload.event.productOrder).toMatchObject({
      '@type': 'ProductOrder',
      id: order.id,
      state: 'acknowledged',
    });

    const patched = await call('kam', 'PATCH', `${BASE}/productOrder/${order.id}`, { priority: '1' });
    expect(patched.statusCode, patched.body).toBe(200);
    const activated = await call(
      'ops',
      'POST',
      `/api/v1/orders/${order.id}/items/${order.items[0].id}/activate`,
      {
        circuitNumber: 'GZ-SDH-HUB001',
      },
    );
    expect(activated.statusCode, activated.body).toBe(200);
    rows = await queued();
    const forAll = rows.filter((r) => r.subscriptionId === all.id).map((r) => r.eventType);
    expect(forAll).toEqual([
      'ProductOrderCreateEvent',
      'ProductOrderAttributeValueChangeEvent', // priority
      'ProductOrderStateChangeEvent', // acknowledged → inProgress
      'ProductOrderAttributeValueChangeEvent', // the line activated
      'ProductOrderStateChangeEvent', // inProgress → completed
    ]);
    const forCompleted = rows.filter((r) => r.subscriptionId === completed.id);
    expect(forCompleted).toHaveLength(1);
    expect(forCompleted[0]!.payload.event.productOrder).toMatchObject({ id: order.id, state: 'completed' });
  });

  it('queues nothing for a change that is refused', async () => {
    await subscribe();
    const order = await createOrder();
    await ctx.deps.db.execute(sql`delete from outbox`);
    const bad = await call('ops', 'POST', `/api/v1/orders/${order.id}/state`, { state: 'completed' });
    expect(bad.statusCode).toBe(409);
    expect(await queued()).toEqual([]);
  });

  it('reads and removes a subscription; refuses unknown attributes; admin only', async () => {
    const hub = await subscribe('eventType=ProductOrderCreateEvent');
    expect((await call('kam', 'GET', `${BASE}/hub/${hub.id}`)).statusCode).toBe(403);
    expect((await call('kam', 'DELETE', `${BASE}/hub/${hub.id}`)).statusCode).toBe(403);
    expect((await call('kam', 'POST', `${BASE}/hub`, { callback: 'http://127.0.0.1:9/x' })).statusCode).toBe(
      403,
    );
    expect((await call('admin', 'GET', `${BASE}/hub/${hub.id}`)).json()).toMatchObject({
      '@type': 'Hub',
      id: hub.id,
      query: 'eventType=ProductOrderCreateEvent',
    });
    const unknown = await call('admin', 'POST', `${BASE}/hub`, {
      callback: 'http://127.0.0.1:9/x',
      colour: 'red',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'colour', message: 'unknown attribute' }]);
    expect((await call('am1', 'POST', `${BASE}/hub`, { callback: 'http://127.0.0.1:9/x' })).statusCode).toBe(
      403,
    );
    expect((await call('admin', 'DELETE', `${BASE}/hub/${hub.id}`)).statusCode).toBe(204);
    expect((await call('admin', 'GET', `${BASE}/hub/${hub.id}`)).statusCode).toBe(404);
  });
});
