import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
let customerId: string;
// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in these tests
type Json = Record<string, any>;

async function call(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return ctx.app.inject({
    method,
    url,
    headers: await ctx.auth(user),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/** POST a fault ticket for the test customer as the front desk, with `extra` fields over the defaults. */
const postTicket = (extra: Json = {}) =>
  call('frontdesk', 'POST', '/api/v1/tickets', {
    customerId,
    ticketType: 'fault',
    severity: 'major',
    channel: 'hotline',
    name: '专线中断',
    description: '客户反映数字电路中断',
    ...extra,
  });

async function openTicket(extra: Json = {}): Promise<Json> {
  const res = await postTicket(extra);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const status = (id: string, body: Json, user = 'frontdesk') =>
  call(user, 'POST', `/api/v1/tickets/${id}/status`, body);

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-03-10T02:00:00Z');
  const [row] = await queryRows<{ id: string }>(
    ctx.deps.db,
    sql`select id from customers where tier is not null and region_code like 'GD%' order by tier desc, name limit 1`,
  );
  customerId = row!.id;
});
afterAll(() => ctx.close());

describe('tickets lifecycle', () => {
  it('opens a ticket acknowledged at the first stage, with number, tier snapshot and default priority', async () => {
    const t = await openTicket();
    expect(t.number).toMatch(/^TT20260310-\d{6,}$/);
    expect(t).toMatchObject({
      customerId,
      status: 'acknowledged',
      stageCode: 'frontdesk',
      departmentCode: 'CSC',
      ticketType: 'fault',
      serviceItem: 'circuit_fault',
      createdAt: '2026-03-10T02:00:00.000Z',
      deskConfigVersion: expect.any(Number),
      catalogVersion: expect.any(Number),
    });
    const [c] = await queryRows<{ tier: string | null; stars: number | null; group_class: string | null }>(
      ctx.deps.db,
      sql`select tier, stars, group_class from customers where id = ${customerId}::uuid`,
    );
    expect(t.tier).toBe(c!.stars ? `${c!.stars}A` : c!.tier);
    expect(t.tierRank).toBeGreaterThan(0);
    expect(t.priority).toBe(t.tierRank >= 30 ? 1 : 2);
    expect(t.allowedTransitions).toEqual(
      expect.arrayContaining(['inProgress', 'pending', 'held', 'rejected', 'cancelled', 'resolved']),
    );
    expect(t.route.map((s: Json) => s.code)).toEqual(['frontdesk', 'ops', 'field']);
    expect(t.events).toHaveLength(1);
    expect(t.events[0]).toMatchObject({ kind: 'created', status: 'acknowledged', stageCode: 'frontdesk' });
    const audit = await queryRows<{ action: string }>(
      ctx.deps.db,
      sql`select action from audit_log where entity = 'ticket' and entity_id = ${t.id}`,
    );
    expect(audit.map((a) => a.action)).toContain('create');
  });

  it('names customerId for an unknown customer', async () => {
    const res = await call('frontdesk', 'POST', '/api/v1/tickets', {
      customerId: '00000000-0000-4000-8000-000000000000',
      ticketType: 'fault',
      severity: 'major',
      channel: 'hotline',
      name: 'x',
      description: 'y',
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().errors[0].field).toBe('customerId');
  });

  it('refuses an unknown ticket type, severity or circuit of another customer', async () => {
    const bad = await call('frontdesk', 'POST', '/api/v1/tickets', {
      customerId,
      ticketType: 'outage',
      severity: 'major',
      channel: 'hotline',
      name: 'x',
      description: 'y',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('ticketType');
    const circuit = await call('frontdesk', 'POST', '/api/v1/tickets', {
      customerId,
      ticketType: 'fault',
      severity: 'major',
      channel: 'hotline',
      name: 'x',
      description: 'y',
      circuitId: '00000000-0000-4000-8000-000000000000',
    });
    expect(circuit.statusCode).toBe(400);
    expect(circuit.json().errors[0].field).toBe('circuitId');
  });

  it("names an order only when it is one of the customer's, stored by its number", async () => {
    const before = await queryRows<{ n: number }>(ctx.deps.db, sql`select count(*)::int as n from tickets`);
    const unknown = await postTicket({ orderRef: 'NO-SUCH-ORDER' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('orderRef');
    const after = await queryRows<{ n: number }>(ctx.deps.db, sql`select count(*)::int as n from tickets`);
    expect(after[0]!.n).toBe(before[0]!.n);

    const [order] = await queryRows<{ id: string; orderNumber: string; customerId: string }>(
      ctx.deps.db,
      sql`select o.id, o.order_number as "orderNumber", o.customer_id as "customerId" from product_orders o
        join customers c on c.id = o.customer_id where c.region_code like 'GD%' order by o.order_number limit 1`,
    );
    // an order of another customer is not this customer's
    const [foreign] = await queryRows<{ orderNumber: string }>(
      ctx.deps.db,
      sql`select order_number as "orderNumber" from product_orders where customer_id <> ${customerId}::uuid limit 1`,
    );
    const other = await postTicket({
      ticketType: 'request',
      severity: 'minor',
      orderRef: foreign!.orderNumber,
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0].field).toBe('orderRef');
    const byNumber = await postTicket({
      customerId: order!.customerId,
      ticketType: 'request',
      severity: 'minor',
      orderRef: order!.orderNumber,
    });
    expect(byNumber.statusCode, byNumber.body).toBe(201);
    expect(byNumber.json().orderRef).toBe(order!.orderNumber);
    const byId = await postTicket({
      customerId: order!.customerId,
      ticketType: 'request',
      severity: 'minor',
      orderRef: order!.id,
    });
    expect(byId.statusCode, byId.body).toBe(201);
    expect(byId.json().orderRef).toBe(order!.orderNumber);
  });

  it('refuses an unknown status (400) and an illegal transition (409 naming status)', async () => {
    const t = await openTicket();
    const unknown = await status(t.id, { status: 'done' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('status');

    expect((await status(t.id, { status: 'resolved' })).statusCode).toBe(200);
    // resolved → inProgress is not allowed (only closed, reopened)
    const illegal = await status(t.id, { status: 'inProgress' });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json()).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      errors: [{ field: 'status' }],
      from: 'resolved',
      to: 'inProgress',
      allowed: ['closed', 'reopened'],
    });
  });

  it('closed → inProgress is 409; reopen needs a reason, then work resumes', async () => {
    const t = await openTicket({ ticketType: 'inquiry', severity: 'minor' });
    expect((await status(t.id, { status: 'resolved' })).statusCode).toBe(200);
    const closed = await status(t.id, { status: 'closed' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().closedAt).toBe('2026-03-10T02:00:00.000Z');
    const illegal = await status(t.id, { status: 'inProgress' });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json()).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      from: 'closed',
      to: 'inProgress',
      allowed: ['reopened'],
    });
    const noReason = await status(t.id, { status: 'reopened' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
    const reopened = await status(t.id, { status: 'reopened', reason: '客户再次来电' });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({
      status: 'reopened',
      statusReason: '客户再次来电',
      closedAt: null,
      resolutionDate: null,
    });
    expect((await status(t.id, { status: 'inProgress' })).json().status).toBe('inProgress');
  });

  it.each(['held', 'pending', 'cancelled', 'rejected'])('requires a reason for %s', async (to) => {
    const t = await openTicket();
    const res = await status(t.id, { status: to });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('reason');
    const ok = await status(t.id, { status: to, reason: '等待客户确认' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().statusReason).toBe('等待客户确认');
  });

  it('rejected and cancelled are terminal', async () => {
    const t = await openTicket();
    await status(t.id, { status: 'cancelled', reason: '重复工单' });
    const res = await status(t.id, { status: 'reopened', reason: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json().allowed).toEqual([]);
    const handOff = await call('frontdesk', 'POST', `/api/v1/tickets/${t.id}/stage`, {});
    expect(handOff.statusCode).toBe(409);
    expect(handOff.json()).toMatchObject({
      status: 409,
      ticketStatus: 'cancelled',
      errors: [{ field: 'stageCode' }],
    });
  });

  it('a resolved fault waits for its return visit before it closes', async () => {
    const t = await openTicket();
    await status(t.id, { status: 'inProgress' });
    const resolved = await status(t.id, { status: 'resolved' });
    expect(resolved.statusCode).toBe(200);
    const detail = resolved.json();
    expect(detail.resolutionDate).toBe('2026-03-10T02:00:00.000Z');
    const open = detail.visits.filter((v: Json) => v.status === 'open');
    expect(open).toHaveLength(1); // the demo has a visit agent
    expect(open[0]).toMatchObject({
      kind: 'fault_repair',
      ticketId: t.id,
      ticketNumber: t.number,
      overdue: false,
    });
    expect(detail.allowedTransitions).toEqual(['reopened']);
    const close = await status(t.id, { status: 'closed' });
    expect(close.statusCode).toBe(409);
    expect(close.json()).toMatchObject({ code: 'ILLEGAL_TRANSITION', waitingFor: 'returnVisit' });
    // reopening cancels the open visit
    const reopened = await status(t.id, { status: 'reopened', reason: '客户反映仍未恢复' });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json().visits.filter((v: Json) => v.status === 'open')).toHaveLength(0);
  });

  it('hands over stages along the route, clears the assignee, and refuses other stages', async () => {
    const t = await openTicket();
    const [ops] = await queryRows<{ id: string }>(
      ctx.deps.db,
      sql`select id from users where username = 'ops'`,
    );
    const assigned = await call('frontdesk', 'POST', `/api/v1/tickets/${t.id}/assign`, {
      assigneeId: ops!.id,
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ assigneeId: ops!.id, assigneeName: expect.any(String) });
    // the picker offers the people of the department holding the ticket (CSC at the front desk)
    const atDesk = await call('frontdesk', 'GET', `/api/v1/tickets/${t.id}/assignees`);
    expect(atDesk.statusCode, atDesk.body).toBe(200);
    expect(atDesk.json().departmentCode).toBe('CSC');
    expect(
      atDesk
        .json()
        .users.map((u: Json) => u.username)
        .sort(),
    ).toEqual(['cschead', 'frontdesk']);
    expect(atDesk.json().users[0]).toMatchObject({ username: 'cschead', isHead: true });
    expect((await call('analyst', 'GET', `/api/v1/tickets/${t.id}/assignees`)).statusCode).toBe(403);
    const next = await call('frontdesk', 'POST', `/api/v1/tickets/${t.id}/stage`, {});
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json()).toMatchObject({ stageCode: 'ops', departmentCode: 'NOC', assigneeId: null });
    const atNoc = await call('ops', 'GET', `/api/v1/tickets/${t.id}/assignees`);
    expect(
      atNoc
        .json()
        .users.map((u: Json) => u.username)
        .sort(),
    ).toEqual(['nochead', 'ops']);
    expect(next.json().stageName).not.toBe('ops');
    const bad = await call('ops', 'POST', `/api/v1/tickets/${t.id}/stage`, { stageCode: 'kam' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('stageCode');
    const field = await call('ops', 'POST', `/api/v1/tickets/${t.id}/stage`, { reason: '需要现场' });
    expect(field.json().stageCode).toBe('field');
    const last = await call('ops', 'POST', `/api/v1/tickets/${t.id}/stage`, {});
    expect(last.statusCode).toBe(409);
    const back = await call('ops', 'POST', `/api/v1/tickets/${t.id}/stage`, { stageCode: 'frontdesk' });
    expect(back.json()).toMatchObject({ stageCode: 'frontdesk', departmentCode: 'CSC' });
    const kinds = back.json().events.map((e: Json) => e.kind);
    expect(kinds).toEqual(['created', 'assign', 'stage', 'stage', 'stage']);
    const noUser = await call('frontdesk', 'POST', `/api/v1/tickets/${t.id}/assign`, {
      assigneeId: '00000000-0000-4000-8000-000000000000',
    });
    expect(noUser.statusCode).toBe(400);
    expect(noUser.json().errors[0].field).toBe('assigneeId');
  });

  it('records notes from the roles that work on tickets, and clocks in the detail', async () => {
    const t = await openTicket();
    const res = await call('frontdesk', 'POST', `/api/v1/tickets/${t.id}/notes`, { text: '已电话联系客户' });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.events.at(-1)).toMatchObject({ kind: 'note', data: { text: '已电话联系客户' } });
    expect(Array.isArray(d.clocks)).toBe(true);
    expect(Array.isArray(d.escalations)).toBe(true);
    expect(d.customer).toMatchObject({ id: customerId, name: expect.any(String) });
  });

  it('refuses status changes from roles that only read', async () => {
    const t = await openTicket();
    expect((await status(t.id, { status: 'inProgress' }, 'analyst')).statusCode).toBe(403);
    expect((await call('visit', 'POST', '/api/v1/tickets', {})).statusCode).toBe(403);
  });

  it.each(['analyst', 'auditor'])(
    'refuses a note from %s (read-only): 403, nothing recorded',
    async (who) => {
      const t = await openTicket();
      const res = await call(who, 'POST', `/api/v1/tickets/${t.id}/notes`, { text: '督察意见' });
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      const [n] = await queryRows<{ n: number }>(
        ctx.deps.db,
        sql`select count(*)::int as n from ticket_events where ticket_id = ${t.id}::uuid and kind = 'note'`,
      );
      expect(n!.n).toBe(0);
    },
  );
});
