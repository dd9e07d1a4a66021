/**
 * Return visits (回访, issue 5 item 5): a resolved fault opens a visit due in 3 days for the
 * customer's one visitor; satisfied closes the ticket, dissatisfied reopens it with a task and a
 * notification for the account manager, unreachable leaves it resolved; a second outcome is 409
 * VISIT_CLOSED; the queue, the customer file, the visitor and the coverage numbers.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/database.ts';
import { changeTicketStatus, createTicketTx } from '../../src/modules/tickets/tickets.service.ts';
import { openActivationVisit } from '../../src/modules/visits/visits.service.ts';
import { makeCustomer, userId } from '../fixtures/customers.ts';
import { createTestContext, type TestContext } from '../harness.ts';

let ctx: TestContext;
let customerId: string;
let visit2Id: string;
let am1Id: string;
// Friday 2026-12-04 10:00 in Shanghai: the next working day is Monday 12-07.
const T0 = new Date('2026-12-04T02:00:00.000Z');
const DAY = 86_400_000;

type Visit = {
  id: string;
  kind: string;
  customerId: string;
  ticketId: string | null;
  ticketNumber: string | null;
  visitorId: string;
  visitorName: string | null;
  dueAt: string;
  status: string;
  outcome: string | null;
  overdue: boolean;
  followUpTaskId: number | null;
};

const actor = systemActor('test:visits');
const frontdesk = { id: '00000000-0000-4000-8000-000000000000', role: 'admin' as const, regionCode: null };

/** A ticket of `customerId` created and resolved through the ticket service at the clock's now. */
async function resolvedTicket(
  ticketType: 'fault' | 'complaint' | 'inquiry' = 'fault',
  customer = customerId,
): Promise<string> {
  const at = ctx.clock.now;
  return ctx.deps.db.transaction(async (tx) => {
    const { id } = await createTicketTx(
      tx,
      ctx.deps.calendars,
      frontdesk,
      actor,
      {
        customerId: customer,
        ticketType,
        severity: 'major',
        channel: 'phone',
        name: '专线中断',
        description: '客户报障:专线中断',
      },
      new Date(at.getTime() - 3_600_000),
    );
    await changeTicketStatus(tx, ctx.deps.calendars, actor, id, { status: 'resolved' }, at);
    return id;
  });
}

const statusOf = async (ticketId: string) =>
  (
    await queryRows<{ status: string }>(
      ctx.deps.db,
      sql`select status from tickets where id = ${ticketId}::uuid`,
    )
  )[0]!.status;

async function get<T>(url: string, who: string) {
  const res = await ctx.app.inject({ method: 'GET', url, headers: await ctx.auth(who) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

const outcome = async (id: string, who: string, body: Record<string, unknown>) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/visits/${id}/outcome`,
    headers: await ctx.auth(who),
    payload: body,
  });

async function visitOf(ticketId: string, who = 'visit2'): Promise<Visit> {
  const list = await get<Visit[]>('/api/v1/visits?mine=true&limit=500', who);
  const v = list.find((x) => x.ticketId === ticketId);
  if (!v) throw new Error(`no visit for ticket ${ticketId}`);
  return v;
}

beforeAll(async () => {
  // The clock moves days ahead: sessions must outlive it.
  ctx = await createTestContext({
    config: { SESSION_TTL_HOURS: 24 * 365, SESSION_IDLE_MINUTES: 60 * 24 * 365 },
  });
  ctx.clock.set(T0);
  // A second visit agent, of Shenzhen: customers of Shenzhen go to it, not to the provincial one.
  await ctx.deps.db.execute(sql`insert into users (username, display_name, role, region_code, password_hash)
    select 'visit2', '钱回访(深圳回访)', 'visit_agent', 'GD-SZ', password_hash from users where username = 'visit'`);
  visit2Id = await userId(ctx, 'visit2');
  am1Id = await userId(ctx, 'am1');
  customerId = await makeCustomer(ctx, { am: 'am1', region: 'GD-SZ', tier: '4A', stars: 4 });
});
afterAll(() => ctx.close());

describe('return visits', () => {
  let satisfiedVisit: string;
  let faultTicket: string;

  it('a resolved fault opens a visit due in 3 days, assigned to the customer’s one visitor', async () => {
    faultTicket = await resolvedTicket('fault');
    const v = await visitOf(faultTicket);
    expect(v).toMatchObject({
      kind: 'fault_repair',
      customerId,
      visitorId: visit2Id,
      visitorName: '钱回访(深圳回访)',
      status: 'open',
      overdue: false,
      outcome: null,
    });
    expect(v.dueAt).toBe(new Date(T0.getTime() + 3 * DAY).toISOString());
    expect(v.ticketNumber).toMatch(/^TT/);
    satisfiedVisit = v.id;
    const visitor = await get<{ visitorId: string }>(`/api/v1/customers/${customerId}/visitor`, 'am1');
    expect(visitor.visitorId).toBe(visit2Id);
    // the provincial agent does not see it, and may not record it
    const other = await get<Visit[]>('/api/v1/visits?limit=500', 'visit');
    expect(other.some((x) => x.id === v.id)).toBe(false);
    expect((await outcome(v.id, 'visit', { outcome: 'satisfied', note: '满意' })).statusCode).toBe(403);
    // the ticket cannot be closed by hand while the visit is open
    await expect(
      ctx.deps.db.transaction((tx) =>
        changeTicketStatus(tx, ctx.deps.calendars, actor, faultTicket, { status: 'closed', reason: 'x' }, T0),
      ),
    ).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });

  it('satisfied closes the ticket; a second outcome is 409 VISIT_CLOSED', async () => {
    ctx.clock.set(new Date(T0.getTime() + DAY));
    const res = await outcome(satisfiedVisit, 'visit2', {
      outcome: 'satisfied',
      score: 5,
      note: '客户表示满意,故障已恢复',
      contactName: '陈经理',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'done', outcome: 'satisfied', score: 5, doneBy: 'visit2' });
    expect(await statusOf(faultTicket)).toBe('closed');
    const twice = await outcome(satisfiedVisit, 'visit2', { outcome: 'dissatisfied', note: '又不满意了' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('VISIT_CLOSED');
    expect(await statusOf(faultTicket)).toBe('closed');
  });

  it('dissatisfied reopens the ticket, opens a task for the account manager and notifies it', async () => {
    ctx.clock.set(T0);
    const ticket = await resolvedTicket('fault');
    const v = await visitOf(ticket);
    expect(v.visitorId).toBe(visit2Id); // the same visitor: one per customer
    const res = await outcome(v.id, 'visit2', {
      outcome: 'dissatisfied',
      score: 2,
      note: '客户反映仍有丢包',
    });
    expect(res.statusCode, res.body).toBe(200);
    const done = res.json<Visit>();
    expect(done).toMatchObject({ status: 'done', outcome: 'dissatisfied' });
    expect(done.followUpTaskId).toEqual(expect.any(Number));
    expect(await statusOf(ticket)).toBe('reopened');

    const [task] = await queryRows<Record<string, unknown>>(
      ctx.deps.db,
      sql`select action_code, action_kind, level, owner_id, due_date, start_date, month, occurrence_key, status
        from action_tasks where id = ${done.followUpTaskId}`,
    );
    expect(task).toMatchObject({
      action_code: 'visit_follow_up',
      action_kind: 'follow_up',
      level: '4A',
      owner_id: am1Id,
      start_date: '2026-12-04',
      due_date: '2026-12-07',
      month: '2026-12',
      occurrence_key: `visit:${v.id}`,
      status: 'open',
    });
    // it shows in the account manager's task list, and compliance still answers
    const tasks = await get<{ id: number; actionCode: string; dueDate: string }[]>(
      `/api/v1/tasks?actionCode=visit_follow_up&limit=500`,
      'am1',
    );
    expect(tasks.map((t) => t.id)).toContain(done.followUpTaskId);
    await get('/api/v1/compliance?from=2026-12-01&to=2026-12-31', 'am1');

    const notes = await queryRows<{ kind: string; title: string; entity_id: string }>(
      ctx.deps.db,
      sql`select kind, title, entity_id from notifications where user_id = ${am1Id}::uuid and kind = 'visit_dissatisfied'`,
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]!.entity_id).toBe(ticket);
    expect(notes[0]!.title).toContain('测试客户');
  });

  it('unreachable leaves the ticket resolved; inquiries open no visit', async () => {
    const complaint = await resolvedTicket('complaint');
    const v = await visitOf(complaint);
    expect(v.kind).toBe('complaint');
    const res = await outcome(v.id, 'admin', { outcome: 'unreachable', note: '三次电话无人接听' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'done', outcome: 'unreachable', followUpTaskId: null });
    expect(await statusOf(complaint)).toBe('resolved');

    const inquiry = await resolvedTicket('inquiry');
    const [n] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from return_visits where ticket_id = ${inquiry}::uuid`,
    );
    expect(n!.n).toBe(0);
  });

  it('lists overdue visits and reports coverage per visitor and region', async () => {
    const late = await resolvedTicket('fault');
    ctx.clock.set(new Date(T0.getTime() + 4 * DAY));
    const overdue = await get<Visit[]>('/api/v1/visits?overdue=true&limit=500', 'visit2');
    expect(overdue.map((x) => x.ticketId)).toEqual([late]);
    expect(overdue[0]!.overdue).toBe(true);

    const byVisitor = await get<Record<string, unknown>[]>(
      '/api/v1/visits/coverage?from=2026-12&to=2026-12&groupBy=visitor',
      'admin',
    );
    expect(byVisitor.find((r) => r.key === visit2Id)).toEqual({
      period: '2026-12',
      key: visit2Id,
      name: '钱回访(深圳回访)',
      due: 4,
      done: 3,
      doneInTime: 3,
      coverage: 0.75,
      satisfied: 1,
      dissatisfied: 1,
      unreachable: 1,
    });
    const own = await get<Record<string, unknown>[]>(
      '/api/v1/visits/coverage?groupBy=visitor&from=2026-10',
      'visit2',
    );
    expect(own.map((r) => r.key)).toEqual([visit2Id]);
    const byRegion = await get<Record<string, unknown>[]>(
      '/api/v1/visits/coverage?from=2026-12&to=2026-12&groupBy=region',
      'kam',
    );
    expect(byRegion.find((r) => r.key === 'GD-SZ')).toMatchObject({
      name: '深圳市',
      due: expect.any(Number),
    });
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/visits/coverage?from=2026-12&to=2026-10',
      headers: await ctx.auth('admin'),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('to');
    const am = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/visits/coverage',
      headers: await ctx.auth('am1'),
    });
    expect(am.statusCode).toBe(403);
  });

  it('keeps the visits in the customer file, scoped', async () => {
    const list = await get<Visit[]>(`/api/v1/customers/${customerId}/visits`, 'am1');
    expect(list).toHaveLength(4);
    expect(list.map((v) => v.status).sort()).toEqual(['done', 'done', 'done', 'open']);
    const outside = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${customerId}/visits`,
      headers: await ctx.auth('am2'),
    });
    expect(outside.statusCode).toBe(404);
    const [audit] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from audit_log where entity = 'returnVisit'
        and entity_id in (select id::text from return_visits where customer_id = ${customerId}::uuid)`,
    );
    expect(audit!.n).toBe(7); // 4 opened, 3 outcomes
  });

  it('a kam_manager gives the customer another visitor; its open visits move along', async () => {
    const visitId = await userId(ctx, 'visit');
    const put = (body: Record<string, unknown>, who = 'kam') =>
      ctx.auth(who).then((headers) =>
        ctx.app.inject({
          method: 'PUT',
          url: `/api/v1/customers/${customerId}/visitor`,
          headers,
          payload: body,
        }),
      );
    const notAgent = await put({ visitorId: am1Id });
    expect(notAgent.statusCode).toBe(400);
    expect(notAgent.json().errors[0].field).toBe('visitorId');
    expect((await put({ visitorId: visitId }, 'am1')).statusCode).toBe(403);
    const res = await put({ visitorId: visitId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ visitorId: visitId, movedVisits: 1, assignedBy: 'kam' });
    const open = await get<Visit[]>('/api/v1/visits?overdue=true&limit=500', 'visit');
    expect(open.some((v) => v.customerId === customerId)).toBe(true);
  });

  it('a deactivated visitor is replaced at the next visit as if none were stored; its open visits move along', async () => {
    const visitId = await userId(ctx, 'visit');
    await ctx.deps.db.execute(sql`update users set active = false where id = ${visitId}::uuid`);
    const ticket = await resolvedTicket('fault');
    // the customer of Shenzhen gets the Shenzhen agent again, by the rule for a new customer
    expect((await visitOf(ticket)).visitorId).toBe(visit2Id);
    const visitor = await get<{ visitorId: string }>(`/api/v1/customers/${customerId}/visitor`, 'am1');
    expect(visitor.visitorId).toBe(visit2Id);
    const [left] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from return_visits where customer_id = ${customerId}::uuid
        and status = 'open' and visitor_id = ${visitId}::uuid`,
    );
    expect(left!.n).toBe(0);
    const [audit] = await queryRows<{ before: unknown; after: unknown; reason: string }>(
      ctx.deps.db,
      sql`select before, after, reason from audit_log where entity = 'customerVisitor'
        and entity_id = ${customerId} order by id desc limit 1`,
    );
    expect(audit).toMatchObject({
      before: { visitorId: visitId },
      after: { visitorId: visit2Id, movedVisits: 1 },
      reason: expect.stringContaining('no longer an active visit agent'),
    });
  });
});

describe('no visit and no follow-up left out', () => {
  it('a dissatisfied visit of a customer without an account manager goes to its region’s kam_manager', async () => {
    ctx.clock.set(T0);
    const kamId = await userId(ctx, 'kam');
    const orphan = await makeCustomer(ctx, { region: 'GD-SZ', tier: '4A', stars: 4 }); // no account manager
    const ticket = await resolvedTicket('fault', orphan);
    const v = await visitOf(ticket);
    const res = await outcome(v.id, 'visit2', { outcome: 'dissatisfied', score: 1, note: '客户仍不满意' });
    expect(res.statusCode, res.body).toBe(200);
    const done = res.json<Visit>();
    expect(done.followUpTaskId).toEqual(expect.any(Number));
    expect(await statusOf(ticket)).toBe('reopened');
    const [task] = await queryRows<{ owner_id: string; action_code: string; due_date: string }>(
      ctx.deps.db,
      sql`select owner_id, action_code, due_date from action_tasks where id = ${done.followUpTaskId}`,
    );
    // GD-SZ has no kam_manager: the nearest region above (GD) has one
    expect(task).toEqual({ owner_id: kamId, action_code: 'visit_follow_up', due_date: '2026-12-07' });
    const notes = await queryRows<{ user_id: string; body: string }>(
      ctx.deps.db,
      sql`select user_id, body from notifications where kind = 'visit_dissatisfied' and entity_id = ${ticket}`,
    );
    expect(notes.map((n) => n.user_id)).toEqual([kamId]);
    expect(notes[0]!.body).toContain('没有客户经理');
    const [audit] = await queryRows<{ after: Record<string, unknown>; reason: string }>(
      ctx.deps.db,
      sql`select after, reason from audit_log where entity = 'task' and entity_id = ${String(done.followUpTaskId)}`,
    );
    expect(audit!.after).toMatchObject({ ownerId: kamId, routedTo: 'kam_manager', visitId: v.id });
    expect(audit!.reason).toContain('no account manager');
    const tasks = await get<{ id: number }[]>('/api/v1/tasks?actionCode=visit_follow_up&limit=500', 'kam');
    expect(tasks.map((t) => t.id)).toContain(done.followUpTaskId);
  });

  it('with no active visit agent a visit is opened unassigned, the managers are told, and it counts as missing', async () => {
    ctx.clock.set(T0);
    const [adminId, kamId] = [await userId(ctx, 'admin'), await userId(ctx, 'kam')];
    const agents = await queryRows<{ id: string }>(
      ctx.deps.db,
      sql`update users set active = false where role = 'visit_agent' and active returning id`,
    );
    expect(agents.length).toBeGreaterThan(0);
    const fresh = await makeCustomer(ctx, { am: 'am1', region: 'GD-SZ', tier: '4A', stars: 4 });
    let ticket: string;
    try {
      ticket = await resolvedTicket('fault', fresh);
      // an activation (orders) too: no longer skipped
      await ctx.deps.db.transaction((tx) =>
        openActivationVisit(
          tx,
          { customerId: fresh, orderRef: 'PO-TEST-NOAGENT', regionCode: 'GD-SZ' },
          T0,
          actor,
        ),
      );
    } finally {
      await ctx.deps.db.execute(sql`update users set active = true where id in ${agents.map((a) => a.id)}`);
    }
    const visits = await get<Visit[]>(`/api/v1/customers/${fresh}/visits`, 'admin');
    expect(visits.map((v) => [v.kind, v.status, v.visitorId, v.visitorName]).sort()).toEqual([
      ['activation', 'open', null, null],
      ['fault_repair', 'open', null, null],
    ]);
    const told = await queryRows<{ user_id: string; title: string }>(
      ctx.deps.db,
      sql`select user_id, title from notifications where kind = 'visit_unassigned'
          and data->>'customerId' = ${fresh} order by id`,
    );
    // both visits, each to the admins and the kam_manager of the region tree (not the account manager)
    expect(new Set(told.map((n) => n.user_id))).toEqual(new Set([adminId, kamId]));
    expect(told).toHaveLength(4);
    expect(told[0]!.title).toContain('回访无人可派');
    const [opened] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from audit_log where entity = 'returnVisit' and action = 'open'
          and after->>'customerId' = ${fresh} and reason like 'no active visit agent%'`,
    );
    expect(opened!.n).toBe(2);

    // past their due instants: due, not done — under "unassigned" and in the region
    ctx.clock.set(new Date(T0.getTime() + 8 * DAY));
    const byVisitor = await get<Record<string, unknown>[]>(
      '/api/v1/visits/coverage?from=2026-12&to=2026-12&groupBy=visitor',
      'admin',
    );
    expect(byVisitor.find((r) => r.key === 'unassigned')).toMatchObject({
      name: '未分配回访员',
      due: 2,
      done: 0,
      coverage: 0,
    });

    // a visitor appointed later takes them
    const put = await ctx.app.inject({
      method: 'PUT',
      url: `/api/v1/customers/${fresh}/visitor`,
      headers: await ctx.auth('kam'),
      payload: { visitorId: visit2Id },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ visitorId: visit2Id, movedVisits: 2 });
    expect((await visitOf(ticket!)).visitorId).toBe(visit2Id);
  });
});
