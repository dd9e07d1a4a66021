import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/database.ts';
import { createTestContext, type TestContext } from '../harness.ts';
import { customerOf, type Owned, userIdOf } from './reports-fixtures.ts';

let ctx: TestContext;
let mine: Owned;
let other: Owned;
let opsId: string;

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-04-10T02:00:00Z' });
  ctx.clock.set('2026-04-10T02:00:00Z');
  mine = await customerOf(ctx, 'am1');
  other = await customerOf(ctx, 'am2');
  opsId = await userIdOf(ctx, 'ops');
});
afterAll(() => ctx?.close());

const call = async (
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  as: string,
  payload?: Record<string, unknown>,
) =>
  ctx.app.inject({ method, url, headers: await ctx.auth(as), ...(payload === undefined ? {} : { payload }) });

const meeting = {
  heldOn: '2026-03-18',
  place: '客户总部',
  topic: '季度联席会议',
  attendees: [
    { side: 'customer', name: '李主任', position: '信息中心主任' },
    { side: 'operator', name: '王经理', position: '客户经理' },
  ],
  minutes: '回顾三月可用率',
};

describe('joint meetings', () => {
  let meetingId = '';
  let actionId = '';

  it('records a meeting for a customer in scope, audited', async () => {
    const res = await call('POST', `/api/v1/customers/${mine.id}/meetings`, 'am1', meeting);
    expect(res.statusCode).toBe(201);
    meetingId = res.json().id;
    expect(res.json()).toMatchObject({
      customerId: mine.id,
      heldOn: '2026-03-18',
      topic: '季度联席会议',
      actions: [],
    });
    expect(res.json().attendees).toHaveLength(2);
    expect((await call('POST', `/api/v1/customers/${other.id}/meetings`, 'am1', meeting)).statusCode).toBe(
      404,
    );
    expect((await call('POST', `/api/v1/customers/${mine.id}/meetings`, 'ops', meeting)).statusCode).toBe(
      403,
    );
    const [a] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from audit_log where entity_id = ${meetingId} and action = 'joint_meeting.create'`,
    );
    expect(a?.n).toBe(1);
  });

  it('refuses bad input naming the field', async () => {
    const bad = await call('POST', `/api/v1/customers/${mine.id}/meetings`, 'am1', {
      ...meeting,
      heldOn: '2026-02-30',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('heldOn');
    const side = await call('POST', `/api/v1/customers/${mine.id}/meetings`, 'am1', {
      ...meeting,
      attendees: [{ side: 'x', name: 'a' }],
    });
    expect(side.statusCode).toBe(400);
    expect(side.json().errors[0].field).toBe('attendees[0].side');
    const noOwner = await call('POST', `/api/v1/meetings/${meetingId}/actions`, 'am1', { title: '整改' });
    expect(noOwner.statusCode).toBe(400);
    expect(noOwner.json().errors[0].field).toBe('ownerId');
    const ghost = await call('POST', `/api/v1/meetings/${meetingId}/actions`, 'am1', {
      title: '整改',
      ownerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().errors[0].field).toBe('ownerId');
  });

  it('adds actions; a user owner is notified', async () => {
    const res = await call('POST', `/api/v1/meetings/${meetingId}/actions`, 'am1', {
      title: '更换光缆路由',
      ownerId: opsId,
      dueDate: '2026-04-05',
    });
    expect(res.statusCode).toBe(201);
    const action = res.json().actions[0];
    actionId = action.id;
    expect(action).toMatchObject({ ownerId: opsId, status: 'open', dueDate: '2026-04-05', overdue: true });
    ctx.clock.advance(1000);
    const named = await call('POST', `/api/v1/meetings/${meetingId}/actions`, 'am1', {
      title: 'UPS 巡检',
      ownerName: '客户 陈工',
    });
    expect(named.json().actions[1]).toMatchObject({ ownerId: null, ownerName: '客户 陈工' });
    const notes = await queryRows<{ title: string }>(
      ctx.deps.db,
      sql`select title from notifications where user_id = ${opsId}::uuid and kind = 'meeting_action'`,
    );
    expect(notes.map((n) => n.title)).toEqual(['联席会议行动项：更换光缆路由']);
  });

  it('the owner may close its action; others out of scope may not', async () => {
    const byOwner = await call('PATCH', `/api/v1/meeting-actions/${actionId}`, 'ops', {
      status: 'done',
      note: '已完成割接',
    });
    expect(byOwner.statusCode).toBe(200);
    expect(byOwner.json()).toMatchObject({ status: 'done', note: '已完成割接', overdue: false });
    expect(byOwner.json().doneAt).toBe('2026-04-10T02:00:01.000Z');
    const ownerRetitle = await call('PATCH', `/api/v1/meeting-actions/${actionId}`, 'ops', { title: 'x' });
    expect(ownerRetitle.statusCode).toBe(403);
    expect(
      (await call('PATCH', `/api/v1/meeting-actions/${actionId}`, 'am2', { status: 'open' })).statusCode,
    ).toBe(404);
    expect(
      (await call('PATCH', `/api/v1/meeting-actions/${actionId}`, 'frontdesk', { status: 'open' }))
        .statusCode,
    ).toBe(404);
    const bad = await call('PATCH', `/api/v1/meeting-actions/${actionId}`, 'am1', { status: 'closed' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('status');
    const reopen = await call('PATCH', `/api/v1/meeting-actions/${actionId}`, 'kam', {
      status: 'open',
      ownerId: await userIdOf(ctx, 'am1'),
    });
    expect(reopen.json()).toMatchObject({ status: 'open', doneAt: null });
    const am1Notes = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from notifications where user_id = ${mine.accountManagerId}::uuid and kind = 'meeting_action'`,
    );
    expect(am1Notes[0]?.n).toBe(1);
  });

  it('changes and lists meetings with actions; open actions reach the report', async () => {
    const patched = await call('PATCH', `/api/v1/meetings/${meetingId}`, 'am1', {
      minutes: '修订纪要',
      place: null,
    });
    expect(patched.json()).toMatchObject({ minutes: '修订纪要', place: null, topic: '季度联席会议' });
    const list = await call('GET', `/api/v1/customers/${mine.id}/meetings`, 'analyst');
    expect(list.statusCode).toBe(200);
    expect(list.json().find((m: { id: string }) => m.id === meetingId).actions).toHaveLength(2);
    expect((await call('GET', `/api/v1/customers/${mine.id}/meetings`, 'am2')).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/meetings/${meetingId}`, 'am2')).statusCode).toBe(404);
    const report = await call('POST', '/api/v1/reports/operating', 'am1', {
      customerId: mine.id,
      period: '2026-03',
    });
    const data = report.json().data;
    expect(data.meetings.map((m: { topic: string }) => m.topic)).toContain('季度联席会议');
    expect(data.openActions.map((x: { title: string }) => x.title)).toEqual(
      expect.arrayContaining(['更换光缆路由', 'UPS 巡检']),
    );
  });
});

describe('demo', () => {
  it('loads joint meetings with actions and last month reports', async () => {
    const [m] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from joint_meetings where created_by = 'test:demo'`,
    );
    const [r] = await queryRows<{ n: number; sent: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n, count(sent_at)::int as sent from operating_reports where generated_by = 'test:demo'`,
    );
    expect(m?.n).toBeGreaterThan(0);
    expect(r?.n).toBeGreaterThan(0);
    expect(r?.sent).toBeGreaterThan(0);
  });
});
