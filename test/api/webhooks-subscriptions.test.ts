/**
 * GET /api/v1/webhooks/subscriptions: the admin's list of hub subscriptions of every TMF API
 * (TMF621 trouble tickets, TMF622 product orders), newest first, never with the secret, each
 * saying whether it still receives events (its creator an active admin).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../harness.ts';

const TMF621 = '/tmf-api/troubleTicket/v5';
const TMF622 = '/tmf-api/productOrderingManagement/v5';
let ctx: TestContext;

async function call(user: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  return ctx.app.inject({
    method,
    url,
    headers: await ctx.auth(user),
    ...(payload ? { payload } : {}),
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-05-06T02:00:00Z');
});
afterAll(async () => {
  await ctx.close();
});

describe('GET /api/v1/webhooks/subscriptions', () => {
  it('lists the subscriptions of both hubs newest first, without secrets, with whether they receive', async () => {
    await ctx.deps.db.execute(sql`delete from hub_subscriptions`);
    const tickets = await call('admin', 'POST', `${TMF621}/hub`, {
      callback: 'https://crm.example.com/hooks/tickets',
      query: 'eventType=TroubleTicketStatusChangeEvent',
    });
    expect(tickets.statusCode, tickets.body).toBe(201);
    expect(tickets.json().secret).toMatch(/^[0-9a-f]{48}$/);
    ctx.clock.advance(60_000);
    const orders = await call('admin', 'POST', `${TMF622}/hub`, {
      callback: 'https://crm.example.com/hooks/orders',
    });
    expect(orders.statusCode, orders.body).toBe(201);
    // one left by a kam_manager before hubs became admin only: listed, not receiving
    await ctx.deps.db.execute(sql`insert into hub_subscriptions (api, callback, secret, created_by, created_at)
      values ('troubleTicket', 'https://old.example.com/hook', 'old-secret', 'kam', '2026-01-01T00:00:00Z')`);

    const res = await call('admin', 'GET', '/api/v1/webhooks/subscriptions');
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as Record<string, unknown>[];
    expect(list).toEqual([
      {
        id: orders.json().id,
        api: 'productOrder',
        callback: 'https://crm.example.com/hooks/orders',
        query: null,
        createdBy: 'admin',
        createdAt: '2026-05-06T02:01:00.000Z',
        receiving: true,
      },
      {
        id: tickets.json().id,
        api: 'troubleTicket',
        callback: 'https://crm.example.com/hooks/tickets',
        query: 'eventType=TroubleTicketStatusChangeEvent',
        createdBy: 'admin',
        createdAt: '2026-05-06T02:00:00.000Z',
        receiving: true,
      },
      expect.objectContaining({ api: 'troubleTicket', createdBy: 'kam', receiving: false }),
    ]);
    expect(res.body).not.toContain('secret');

    // deleted through its hub, it is gone from the list
    const removed = await call('admin', 'DELETE', `${TMF622}/hub/${orders.json().id}`);
    expect(removed.statusCode).toBe(204);
    const after = (await call('admin', 'GET', '/api/v1/webhooks/subscriptions')).json() as { id: string }[];
    expect(after.map((s) => s.id)).not.toContain(orders.json().id);
    expect(after).toHaveLength(2);
  });

  it('is admin only', async () => {
    for (const user of ['kam', 'frontdesk', 'auditor']) {
      const res = await call(user, 'GET', '/api/v1/webhooks/subscriptions');
      expect(res.statusCode, user).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
