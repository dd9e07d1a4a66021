/**
 * Orders API (PRODUCT.md §5): preview and create with due dates by class or entitlement, bad input,
 * scope and roles, milestones and states, activation (circuit, late slip, return visit, HQ delivery
 * task), delivery, the delivery pack, timeliness and the customer's orders.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { createTestContext, type TestContext } from '../harness.ts';
import { LONG_SESSIONS } from './desk-fixtures.ts';

let ctx: TestContext;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in these tests
type Json = Record<string, any>;

let hq: { id: string; name: string }; // am1's customer HQ
let branch: { id: string; name: string }; // am1's customer, not an HQ
let other: { id: string }; // a customer of another AM

async function call(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return ctx.app.inject({
    method,
    url,
    headers: await ctx.auth(user),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

const line = (over: Json = {}): Json => ({
  product: 'digital_circuit',
  scope: 'local',
  provisioningClass: 'express',
  bandwidthMbps: 100,
  aEnd: '天河路 1 号',
  zEnd: '中山路 2 号',
  listOneTimeFeeFen: 200_000,
  monthlyFeeFen: 80_000,
  ...over,
});

async function createOrder(body: Json, as = 'am1'): Promise<Json> {
  const res = await call(as, 'POST', '/api/v1/orders', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  ctx = await createTestContext({ config: LONG_SESSIONS, now: '2026-03-02T02:00:00Z' });
  ctx.clock.set('2026-03-02T02:00:00Z'); // Monday 10:00 Shanghai
  const am1 = sql`(select id from users where username = 'am1')`;
  [hq] = (await queryRows<{ id: string; name: string }>(
    ctx.deps.db,
    sql`select id, name from customers where account_manager_id = ${am1} and is_headquarters order by code limit 1`,
  )) as [{ id: string; name: string }];
  [branch] = (await queryRows<{ id: string; name: string }>(
    ctx.deps.db,
    sql`select id, name from customers where account_manager_id = ${am1} and not is_headquarters order by code limit 1`,
  )) as [{ id: string; name: string }];
  [other] = (await queryRows<{ id: string }>(
    ctx.deps.db,
    sql`select id from customers where account_manager_id <> ${am1} and region_code like 'GD%' order by code limit 1`,
  )) as [{ id: string }];
});
afterAll(() => ctx.close());

describe('preview and create', () => {
  it('previews priced lines with due dates and reasons, saving nothing', async () => {
    const before = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from product_orders`,
    );
    const res = await call('am1', 'POST', '/api/v1/orders/preview', {
      customerId: branch.id,
      items: [
        line(),
        line({ product: 'ddn', provisioningClass: 'urgent' }),
        line({ provisioningClass: null, product: 'idc' }),
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.lines.map((l: Json) => [l.oneTimeFeeFen, l.dueDate, l.dueBasis.source])).toEqual([
      [300_000, '2026-03-09', 'class'],
      [260_000, '2026-03-19', 'class'],
      [200_000, null, 'none'],
    ]);
    expect(p.lines[2].dueBasis.text).toContain('按客户要求');
    expect(p.expectedCompletionDate).toBe('2026-03-19');
    expect(p.totals).toEqual({ listOneTimeFeeFen: 600_000, oneTimeFeeFen: 760_000, monthlyFeeFen: 240_000 });
    const after = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from product_orders`,
    );
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('creates an order with its lines, events, deadline registry rows and audit', async () => {
    const o = await createOrder({
      customerId: branch.id,
      priority: '1',
      description: '新建数字电路',
      requestedCompletionDate: '2026-03-06',
      items: [line(), line({ provisioningClass: null, crossOperator: true, scope: 'inter_province' })],
    });
    expect(o.orderNumber).toMatch(/^PO20260302-\d{6}$/);
    expect(o).toMatchObject({
      state: 'acknowledged',
      customerId: branch.id,
      priority: '1',
      requestedCompletionDate: '2026-03-06',
      expectedCompletionDate: expect.any(String),
      itemCount: 2,
      allowedStates: ['inProgress', 'pending', 'held', 'cancelled', 'rejected'],
    });
    const [express, cross] = o.items;
    expect(express).toMatchObject({
      provisioningClass: 'express',
      oneTimeFeeFen: 300_000,
      dueDate: '2026-03-09',
    });
    expect(cross).toMatchObject({ provisioningClass: null, crossOperator: true, oneTimeFeeFen: 200_000 });
    expect(cross.dueBasis).toMatchObject({ source: 'entitlement', level: 'basic', workingDays: 30 });
    expect(cross.dueBasis.text).toContain('跨运营商');
    expect(o.events[0]).toMatchObject({
      kind: 'state',
      toValue: 'acknowledged',
      actorName: expect.any(String),
    });
    const deadlines = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from deadlines where owner = 'productOrder.item'
        and owner_id in (${express.id}, ${cross.id})`,
    );
    expect(deadlines[0]!.n).toBe(2);
    const audit = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from audit_log where entity = 'productOrder' and entity_id = ${o.id} and action = 'create'`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it('refuses bad input with the field named', async () => {
    const bad = async (items: Json[], field: string) => {
      const res = await call('am1', 'POST', '/api/v1/orders', { customerId: branch.id, items });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().errors.map((e: Json) => e.field)).toContain(field);
    };
    await bad([line(), line({ crossOperator: true })], 'items[1].provisioningClass');
    await bad([line({ product: 'data_circuit' })], 'items[0].provisioningClass');
    await bad([line({ listOneTimeFeeFen: -100 })], 'items[0].listOneTimeFeeFen');
    await bad([line({ monthlyFeeFen: 12.5 })], 'items[0].monthlyFeeFen');
    await bad([line({ product: 'satellite' })], 'items[0].product');
    await bad([], 'items');
  });

  it('scopes customers and limits roles', async () => {
    const out = await call('am1', 'POST', '/api/v1/orders', { customerId: other.id, items: [line()] });
    expect(out.statusCode).toBe(404);
    expect(out.json().errors[0].field).toBe('customerId');
    expect(
      (await call('ops', 'POST', '/api/v1/orders', { customerId: branch.id, items: [line()] })).statusCode,
    ).toBe(403);
    const front = await call('frontdesk', 'POST', '/api/v1/orders', {
      customerId: branch.id,
      items: [line()],
    });
    expect(front.statusCode, front.body).toBe(201);
  });
});

describe('lists', () => {
  it('filters, counts and scopes', async () => {
    const mine = await call('am1', 'GET', `/api/v1/orders?customerId=${branch.id}&limit=1`);
    expect(mine.statusCode).toBe(200);
    expect(Number(mine.headers['x-total-count'])).toBeGreaterThanOrEqual(2);
    expect(mine.json()).toHaveLength(1);
    const cls = await call('am1', 'GET', `/api/v1/orders?customerId=${branch.id}&provisioningClass=express`);
    expect(cls.json().every((o: Json) => o.classes.includes('express'))).toBe(true);
    const q = await call('admin', 'GET', `/api/v1/orders?q=${encodeURIComponent(branch.name.slice(0, 4))}`);
    expect(q.json().some((o: Json) => o.customerId === branch.id)).toBe(true);
    const am2 = await call('am2', 'GET', `/api/v1/orders?customerId=${branch.id}`);
    expect(am2.json()).toEqual([]);
    const id = mine.json()[0].id;
    expect((await call('am2', 'GET', `/api/v1/orders/${id}`)).statusCode).toBe(404);
    expect((await call('analyst', 'GET', `/api/v1/orders/${id}`)).statusCode).toBe(200);
    const cust = await call('am1', 'GET', `/api/v1/customers/${branch.id}/orders`);
    expect(cust.statusCode).toBe(200);
    expect(cust.json().length).toBeGreaterThanOrEqual(2);
    expect((await call('am2', 'GET', `/api/v1/customers/${branch.id}/orders`)).statusCode).toBe(404);
    const badQuery = await call('admin', 'GET', '/api/v1/orders?state=nope');
    expect(badQuery.statusCode).toBe(400);
  });
});

describe('progress, activation and delivery', () => {
  let order: Json;

  beforeAll(async () => {
    ctx.clock.set('2026-03-02T02:00:00Z');
    order = await createOrder({
      customerId: hq.id,
      items: [line(), line({ product: 'ddn', provisioningClass: 'normal', listOneTimeFeeFen: 100_000 })],
    });
  });

  it('records milestones forward only, with events and notifications to the AM', async () => {
    const item = order.items[0];
    const res = await call('ops', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/milestone`, {
      milestone: 'survey',
      note: '现场勘察完成',
    });
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    expect(o.state).toBe('inProgress');
    expect(o.items[0]).toMatchObject({ milestone: 'survey', state: 'inProgress' });
    expect(o.events.map((e: Json) => e.kind)).toEqual(['state', 'state', 'milestone']);
    const back = await call('ops', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/milestone`, {
      milestone: 'survey',
    });
    expect(back.statusCode).toBe(409);
    expect(back.json().code).toBe('ILLEGAL_TRANSITION');
    expect(
      (
        await call('frontdesk', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/milestone`, {
          milestone: 'design',
        })
      ).statusCode,
    ).toBe(403);
    const notes = await queryRows<{ title: string }>(
      ctx.deps.db,
      sql`select title from notifications where entity_id = ${order.id}
        and user_id = (select id from users where username = 'am1') and kind = 'order_progress'`,
    );
    expect(notes.length).toBe(1);
  });

  it('holds and resumes the order; a held order does not progress', async () => {
    const held = await call('ops', 'POST', `/api/v1/orders/${order.id}/state`, {
      state: 'held',
      reason: '客户机房未就绪',
    });
    expect(held.statusCode, held.body).toBe(200);
    const move = await call(
      'ops',
      'POST',
      `/api/v1/orders/${order.id}/items/${order.items[0].id}/milestone`,
      {
        milestone: 'design',
      },
    );
    expect(move.statusCode).toBe(409);
    expect(
      (await call('ops', 'POST', `/api/v1/orders/${order.id}/state`, { state: 'held' })).statusCode,
    ).toBe(409);
    expect(
      (await call('ops', 'POST', `/api/v1/orders/${order.id}/state`, { state: 'pending' })).statusCode,
    ).toBe(400);
    expect(
      (await call('ops', 'POST', `/api/v1/orders/${order.id}/state`, { state: 'completed' })).statusCode,
    ).toBe(409);
    const back = await call('ops', 'POST', `/api/v1/orders/${order.id}/state`, { state: 'inProgress' });
    expect(back.json().state).toBe('inProgress');
  });

  it('activates a late express line: circuit, overdue working days, slip, return visit, HQ delivery task', async () => {
    ctx.clock.set('2026-03-12T03:00:00Z'); // Thursday; due 03-09 → 03-10, 03-11, 03-12 late
    const item = order.items[0];
    const res = await call('ops', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/activate`, {
      circuitNumber: 'gz-dc-test-0001',
    });
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    const done = o.items[0];
    expect(done).toMatchObject({
      state: 'completed',
      milestone: 'activated',
      circuitNumber: 'GZ-DC-TEST-0001',
      activatedOn: '2026-03-12',
      overdueWorkingDays: 3,
      deliveryDueDate: '2026-03-17',
    });
    expect(o.state).toBe('inProgress');
    expect(o.slips).toHaveLength(1);
    expect(o.slips[0]).toMatchObject({ orderItemId: item.id, amountFen: 45_000, status: 'raised' });
    const [slip] = await queryRows<{ kind: string; basis: Json; circuitId: string }>(
      ctx.deps.db,
      sql`select kind, basis, circuit_id as "circuitId" from compensation_slips where id = ${o.slips[0].id}`,
    );
    expect(slip!.kind).toBe('provisioning_late');
    expect(slip!.basis.text).toBe('3 个工作日 × 5% × 一次性费用 ¥3,000.00 = ¥450.00');
    expect(slip!.circuitId).toBe(done.circuitId);
    const [circuit] = await queryRows<Json>(
      ctx.deps.db,
      sql`select customer_id as "customerId", product, scope, bandwidth_mbps as "bandwidthMbps", activated_on as "activatedOn"
        from circuits where id = ${done.circuitId}`,
    );
    expect(circuit).toEqual({
      customerId: hq.id,
      product: 'digital_circuit',
      scope: 'local',
      bandwidthMbps: 100,
      activatedOn: '2026-03-12',
    });
    expect(o.visits).toHaveLength(1);
    expect(o.deliveryTasks).toEqual([
      expect.objectContaining({ itemId: item.id, status: 'open', dueDate: '2026-03-17' }),
    ]);
    expect(o.events.some((e: Json) => e.kind === 'compensation')).toBe(true);
    const again = await call('ops', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/activate`, {
      circuitNumber: 'GZ-DC-TEST-0001',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ILLEGAL_TRANSITION');
  });

  it('refuses a taken circuit number (409 naming circuitNumber) and a missing one (400)', async () => {
    const item = order.items[1];
    const taken = await call('ops', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/activate`, {
      circuitNumber: 'GZ-DC-TEST-0001',
    });
    expect(taken.statusCode, taken.body).toBe(409);
    expect(taken.json().errors[0].field).toBe('circuitNumber');
    const missing = await call('ops', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/activate`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('circuitNumber');
    const future = await call('ops', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/activate`, {
      circuitNumber: 'GZ-DDN-TEST-0002',
      activatedAt: '2027-01-01T00:00:00Z',
    });
    expect(future.statusCode).toBe(400);
    expect(
      (await call('am1', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/activate`, {})).statusCode,
    ).toBe(403);
  });

  it('an on-time line raises no slip and completes the order', async () => {
    const item = order.items[1]; // normal DDN, 20 wd from 03-02 → 03-30
    const res = await call('ops', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/activate`, {
      circuitNumber: 'GZ-DDN-TEST-0002',
      activatedAt: '2026-03-11T08:00:00Z',
    });
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    expect(o.items[1]).toMatchObject({ overdueWorkingDays: 0, activatedOn: '2026-03-11' });
    expect(o.slips).toHaveLength(1);
    expect(o.visits).toHaveLength(1); // one open activation visit per order
    expect(o.state).toBe('completed');
    expect(o.completionDate).toBe('2026-03-12T03:00:00.000Z');
    expect(o.allowedStates).toEqual([]);
  });

  it('renders the delivery pack as HTML and PDF', async () => {
    const html = await call('am1', 'GET', `/api/v1/orders/${order.id}/delivery-pack?format=html`);
    expect(html.statusCode, html.body).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('GZ-DC-TEST-0001');
    expect(html.body).toContain('10000');
    expect(html.body).toContain('保修卡');
    const [am1] = await queryRows<{ phone: string }>(
      ctx.deps.db,
      sql`select phone from users where username = 'am1'`,
    );
    expect(am1!.phone).toMatch(/^138/);
    expect(html.body).toContain(am1!.phone); // the account manager's phone on the usage guide
    const one = await call(
      'am1',
      'GET',
      `/api/v1/orders/${order.id}/delivery-pack?itemId=${order.items[1].id}`,
    );
    expect(one.body).toContain('GZ-DDN-TEST-0002');
    expect(one.body).not.toContain('GZ-DC-TEST-0001');
    const pdf = await call('am1', 'GET', `/api/v1/orders/${order.id}/delivery-pack?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('attachment');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await call('am2', 'GET', `/api/v1/orders/${order.id}/delivery-pack`)).statusCode).toBe(404);
  });

  it("delivers a line and completes the AM's delivery task", async () => {
    const item = order.items[0];
    expect(
      (await call('ops', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/deliver`, {})).statusCode,
    ).toBe(403);
    const res = await call('am1', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/deliver`, {
      note: '已当面交付',
    });
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    expect(o.items[0].milestone).toBe('delivered');
    expect(o.items[0].deliveredAt).not.toBeNull();
    expect(o.deliveryTasks.find((t: Json) => t.itemId === item.id).status).toBe('done');
    expect(o.deliveryTasks.find((t: Json) => t.itemId === order.items[1].id).status).toBe('open');
    const twice = await call('am1', 'POST', `/api/v1/orders/${order.id}/items/${item.id}/deliver`, {});
    expect(twice.statusCode).toBe(409);
  });

  it('counts timeliness per month and class', async () => {
    const res = await call('admin', 'GET', '/api/v1/orders/timeliness?from=2026-03&to=2026-03');
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json();
    const express = t.rows.find((r: Json) => r.month === '2026-03' && r.provisioningClass === 'express');
    expect(express.late).toBeGreaterThanOrEqual(1);
    expect(express.overdueWorkingDays).toBeGreaterThanOrEqual(3);
    expect(t.totals.activated).toBeGreaterThanOrEqual(2);
    expect((await call('admin', 'GET', '/api/v1/orders/timeliness?from=2026-04&to=2026-03')).statusCode).toBe(
      400,
    );
  });
});

describe('cancelling', () => {
  it('cancels an order with a reason (its lines too); a cancelled order does not move', async () => {
    ctx.clock.set('2026-03-13T02:00:00Z');
    const o = await createOrder({ customerId: branch.id, items: [line(), line()] });
    expect(
      (await call('ops', 'POST', `/api/v1/orders/${o.id}/state`, { state: 'cancelled' })).statusCode,
    ).toBe(400);
    const res = await call('ops', 'POST', `/api/v1/orders/${o.id}/state`, {
      state: 'cancelled',
      reason: '客户撤单',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'cancelled', cancellationReason: '客户撤单' });
    expect(res.json().items.every((i: Json) => i.state === 'cancelled')).toBe(true);
    const move = await call('ops', 'POST', `/api/v1/orders/${o.id}/items/${o.items[0].id}/milestone`, {
      milestone: 'survey',
    });
    expect(move.statusCode).toBe(409);
  });

  it('cancels one line; the order completes when the rest is activated', async () => {
    const o = await createOrder({ customerId: branch.id, items: [line(), line({ product: 'ddn' })] });
    const c = await call('ops', 'POST', `/api/v1/orders/${o.id}/items/${o.items[1].id}/cancel`, {
      reason: '不再需要',
    });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().items[1].state).toBe('cancelled');
    const a = await call('ops', 'POST', `/api/v1/orders/${o.id}/items/${o.items[0].id}/activate`, {
      circuitNumber: 'GZ-DC-TEST-0003',
    });
    expect(a.json().state).toBe('completed');
    expect(a.json().deliveryTasks).toEqual([]); // not an HQ
    const cancelAfter = await call('ops', 'POST', `/api/v1/orders/${o.id}/state`, {
      state: 'cancelled',
      reason: 'x',
    });
    expect(cancelAfter.statusCode).toBe(409);
  });
});
